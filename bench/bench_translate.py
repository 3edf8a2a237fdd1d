"""Translation and sentiment throughput: our batched paths against the plain one-at-a-time way.

    python bench/bench_translate.py [--sentences 500] [--lines 1000] [--quick]

Translation: 500 sentences through ``assistant.core.translate.task.translate_batch``
(sorted by length, batches of BATCH_SIZE, greedy, torch.inference_mode) against
the baseline a user writes with transformers 5, which has no translation pipeline:
tokenizer + ``model.generate`` one sentence at a time.  Both run the same model in
the same process.  The model is a random MarianMT with the dimensions of
Helsinki-NLP/opus-mt-* (d_model 512, 6+6 layers, 8 heads, ffn 2048, vocabulary
58,101): its speed is that of the real thing, its output is noise.  A random
model never emits EOS, so both paths generate up to the same cap, "source tokens
+ 10", about the length of a real translation (MAX_NEW_TOKENS_FACTOR set to 1
for the run, and the baseline uses the same formula).

Sentiment: 1,000 lines through ``assistant.core.sentiment.task.score_texts``
(sorted, batches of 32) against the transformers text-classification pipeline
called once per line, on a random DistilBERT of distilbert-base size (dim 768,
6 layers, vocabulary 30,522).

The baseline is ~10x slower, so ``--baseline-sentences N`` times it on N of the
sentences only (every k-th of each batch, run right after that batch, so that both
paths see the same load on a shared machine) and compares rates.

Results go to bench/results/translate.json; figures, and what was tuned and why, are in
bench/README.md, "Translation and sentiment throughput".
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "results" / "translate.json"


def make_sentences(count: int, seed: int = 0) -> list[str]:
    """Sentences of realistic, varied length: one to three of the fixture's lines joined, some cut."""
    from tests.fixtures.tiny_models import ENGLISH_LINES

    rng = random.Random(seed)
    out = []
    for _ in range(count):
        parts = [rng.choice(ENGLISH_LINES).rstrip(".!?") for _ in range(rng.choice((1, 1, 2, 2, 3)))]
        out.append(", and ".join(parts) + ".")
    return out


def make_opus_sized_marian(path: Path) -> Path:
    """A random MarianMT of opus-mt size with the fixture's real Marian tokenizer."""
    from transformers import MarianConfig, MarianMTModel

    from tests.fixtures.tiny_models import _marian_generation_config, _marian_tokenizer_files, _seeded

    path.mkdir(parents=True, exist_ok=True)
    vocab = _marian_tokenizer_files(path, "en", "de")
    # The real vocabulary has 58,101 entries; the fixture's tokenizer knows ~400 of them.
    # The output layer (d_model x vocab) is a large share of each decoding step, so the
    # model gets the real size, and <pad> (decoder start) stays the tokenizer's last id.
    vocab_size = 58101
    pad_id = vocab["<pad>"]
    config = MarianConfig(
        vocab_size=vocab_size, decoder_vocab_size=vocab_size, d_model=512, encoder_layers=6, decoder_layers=6,
        encoder_attention_heads=8, decoder_attention_heads=8, encoder_ffn_dim=2048, decoder_ffn_dim=2048,
        max_position_embeddings=512, activation_function="swish", scale_embedding=True,
        share_encoder_decoder_embeddings=True, tie_word_embeddings=True, pad_token_id=pad_id, eos_token_id=0,
        forced_eos_token_id=0, decoder_start_token_id=pad_id, architectures=["MarianMTModel"],
    )  # fmt: skip
    with _seeded(0):
        model = MarianMTModel(config).eval()
    model.generation_config = _marian_generation_config(pad_id)
    model.save_pretrained(str(path), safe_serialization=True)
    return path


def make_base_sized_sentiment(path: Path) -> Path:
    from transformers import DistilBertConfig, DistilBertForSequenceClassification

    from tests.fixtures.tiny_models import _seeded, _write_bert_tokenizer

    path.mkdir(parents=True, exist_ok=True)
    _write_bert_tokenizer(path, "DistilBertTokenizer")
    labels = ("negative", "neutral", "positive")
    config = DistilBertConfig(
        vocab_size=30522, dim=768, n_layers=6, n_heads=12, hidden_dim=3072, max_position_embeddings=512, pad_token_id=0,
        id2label=dict(enumerate(labels)), label2id={label: i for i, label in enumerate(labels)}, architectures=["DistilBertForSequenceClassification"],
    )  # fmt: skip
    with _seeded(0):
        model = DistilBertForSequenceClassification(config).eval()
    model.save_pretrained(str(path), safe_serialization=True)
    return path


def load(path: Path, kind: str):
    from assistant.core.models.loader import ModelLoader
    from assistant.core.models.sources import describe_folder

    info = describe_folder(path, "bench")
    assert info is not None and info.kind == kind, info
    loaded = ModelLoader(device="cpu").get(info)
    if kind == "translation":
        # Ids beyond the tokenizer's ~400 pieces cannot be decoded: a large negative bias on
        # them (Marian adds final_logits_bias to every step's logits) keeps the full-size
        # output layer, and its cost, without producing them.  suppress_tokens would do the
        # same at a cost per step far above the model's own.
        known = len(loaded.tokenizer.get_vocab())
        loaded.model.final_logits_bias[:, known:] = -1e9
    return loaded


def bench_translation(folder: Path, count: int, baseline_count: int) -> dict:
    import torch

    from assistant.core.context import TaskContext
    from assistant.core.translate import task as translate

    path = make_opus_sized_marian(folder / "opus-mt-en-de-sized")
    loaded = load(path, "translation")
    sentences = make_sentences(count)
    translate.MAX_NEW_TOKENS_FACTOR = 1  # "+ 10" stays: the same cap formula as the baseline below
    context = TaskContext()

    tokenizer, model = loaded.tokenizer, loaded.model
    order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))
    batches = [order[start : start + translate.BATCH_SIZE] for start in range(0, len(order), translate.BATCH_SIZE)]
    # The baseline is timed on every k-th sentence of each batch (k = count / baseline_count), right
    # after that batch: both paths see the same machine load (2 shared cores are noisy) and the same
    # mix of lengths.
    step = max(1, round(count / max(baseline_count, 1)))
    translate.translate_batch(loaded, sentences[:8], "en", "de", context)  # warm-up
    ours_texts: dict[int, str] = {}
    base_texts: dict[int, str] = {}
    ours_seconds = base_seconds = 0.0
    for batch in batches:
        started = time.perf_counter()
        for index, text in zip(batch, translate.translate_batch(loaded, [sentences[i] for i in batch], "en", "de", context), strict=True):
            ours_texts[index] = text
        ours_seconds += time.perf_counter() - started
        started = time.perf_counter()
        for index in batch[::step]:
            encoded = tokenizer(sentences[index], return_tensors="pt")
            generated = model.generate(**encoded, max_new_tokens=encoded["input_ids"].shape[1] + 10, num_beams=1, do_sample=False)
            base_texts[index] = tokenizer.decode(generated[0], skip_special_tokens=True)
        base_seconds += time.perf_counter() - started
    baseline_count = len(base_texts)
    same = sum(ours_texts[i].strip() == text.strip() for i, text in base_texts.items())
    words = sum(len(s.split()) for s in sentences)
    ours_rate, base_rate = count / ours_seconds, baseline_count / base_seconds
    return {
        "model": "random MarianMT, opus-mt dimensions (d_model 512, 6+6 layers, 8 heads, ffn 2048, vocab 58101)",
        "sentences": count,
        "source_words": words,
        "cap": "max_new_tokens = source tokens + 10, both paths",
        "batch_size": translate.BATCH_SIZE,
        "torch_threads": torch.get_num_threads(),
        "ours_seconds": ours_seconds,
        "ours_sentences_per_s": ours_rate,
        "ours_words_per_s": words / ours_seconds,
        "baseline": "tokenizer + model.generate, one sentence at a time (transformers 5 has no translation pipeline)",
        "baseline_sentences": baseline_count,
        "baseline_seconds": base_seconds,
        "baseline_sentences_per_s": base_rate,
        "ratio": ours_rate / base_rate,
        "identical_outputs": f"{same} of {baseline_count}",
    }


def bench_sentiment(folder: Path, count: int) -> dict:
    from transformers import pipeline

    from assistant.core.context import TaskContext
    from assistant.core.sentiment import task as sentiment

    path = make_base_sized_sentiment(folder / "distilbert-base-sized-sentiment")
    loaded = load(path, "sentiment classifier")
    lines = make_sentences(count, seed=1)
    context = TaskContext()
    sentiment.score_texts(loaded, lines[:64], context)  # warm-up
    started = time.perf_counter()
    ours = sentiment.score_texts(loaded, lines, context)
    ours_seconds = time.perf_counter() - started

    classifier = pipeline("text-classification", model=str(path), top_k=None, device="cpu")
    classifier(lines[:8])
    started = time.perf_counter()
    expected = [classifier(line)[0] for line in lines]
    base_seconds = time.perf_counter() - started
    agree = sum(scores.top == max(e, key=lambda x: x["score"])["label"].lower() for (scores, _), e in zip(ours, expected, strict=True))
    return {
        "model": "random DistilBERT, distilbert-base dimensions (dim 768, 6 layers, vocab 30522), 3 labels",
        "lines": count,
        "batch_size": sentiment.BATCH_SIZE,
        "ours_seconds": ours_seconds,
        "ours_lines_per_s": count / ours_seconds,
        "baseline": "transformers text-classification pipeline, one line per call",
        "baseline_seconds": base_seconds,
        "baseline_lines_per_s": count / base_seconds,
        "ratio": base_seconds / ours_seconds,
        "same_top_label": agree,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sentences", type=int, default=500)
    parser.add_argument("--lines", type=int, default=1000)
    parser.add_argument(
        "--baseline-sentences", type=int, default=0,
        help="time the one-at-a-time baseline on the first N of the sentences only (it is ~10x slower); default: all",
    )  # fmt: skip
    parser.add_argument("--quick", action="store_true", help="50 sentences and 100 lines, to try the script")
    parser.add_argument("--only", choices=("translation", "sentiment"), help="run one part; the other's figures stay")
    args = parser.parse_args()
    if args.quick:
        args.sentences, args.lines = 50, 100
    import torch
    import transformers
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    results = {
        "machine": {"python": platform.python_version(), "torch": torch.__version__, "transformers": transformers.__version__, "cpu_threads": torch.get_num_threads(), "processor": platform.processor() or platform.machine()},
    }
    if args.only and RESULTS.is_file():  # keep the other part's figures from an earlier run
        results = {**json.loads(RESULTS.read_text(encoding="utf-8")), **results}
    with tempfile.TemporaryDirectory(prefix="bench-translate-") as tmp:
        if args.only in (None, "translation"):
            results["translation"] = bench_translation(Path(tmp), args.sentences, min(args.baseline_sentences or args.sentences, args.sentences))
            print(json.dumps(results["translation"], indent=2), flush=True)
        if args.only in (None, "sentiment"):
            results["sentiment"] = bench_sentiment(Path(tmp), args.lines)
            print(json.dumps(results["sentiment"], indent=2), flush=True)
    results["command"] = " ".join(["python bench/bench_translate.py", *sys.argv[1:]])
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"written {RESULTS}")


if __name__ == "__main__":
    main()
