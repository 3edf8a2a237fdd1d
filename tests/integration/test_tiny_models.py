"""Self-check for tests/fixtures/tiny_models.py: every factory builds a folder
that loads offline with the Auto classes and runs."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import pytest  # noqa: E402

from tests.fixtures.tiny_models import (  # noqa: E402
    make_broken,
    make_causal_lm,
    make_marian,
    make_nli,
    make_sentiment,
)

pytestmark = pytest.mark.filterwarnings("ignore:Recommended. pip install sacremoses")


@pytest.fixture(scope="module")
def models_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("tiny_models")


def _files(path: Path) -> set[str]:
    return {p.name for p in path.iterdir()}


def test_marian_tokenizer_model_generate(models_dir):
    from transformers import AutoConfig, AutoModelForSeq2SeqLM, AutoTokenizer, MarianTokenizer

    path = make_marian(models_dir / "opus-mt-en-de")
    assert path == models_dir / "opus-mt-en-de"
    assert {"config.json", "model.safetensors", "source.spm", "target.spm", "vocab.json",
            "tokenizer_config.json", "generation_config.json"} <= _files(path)
    assert "pytorch_model.bin" not in _files(path)

    config = AutoConfig.from_pretrained(path)
    assert config.architectures == ["MarianMTModel"]
    assert (config.source_lang, config.target_lang) == ("en", "de")

    tok = AutoTokenizer.from_pretrained(path)
    assert isinstance(tok, MarianTokenizer)
    assert tok.pad_token_id == config.pad_token_id == config.decoder_start_token_id
    assert tok.eos_token_id == config.eos_token_id

    model = AutoModelForSeq2SeqLM.from_pretrained(path)
    assert model.generation_config.num_beams == 1
    assert model.generation_config.max_length <= 64

    batch = tok(["Hello world.", "A second, longer sentence here."], return_tensors="pt", padding=True)
    out = model.generate(**batch, max_new_tokens=20)
    assert out.shape[0] == 2 and out.shape[1] <= 21
    texts = tok.batch_decode(out, skip_special_tokens=True)
    assert len(texts) == 2 and all(isinstance(t, str) for t in texts)

    # Without max_new_tokens, the generation config keeps it short.
    out = model.generate(**tok(["Hello world."], return_tensors="pt"))
    assert out.shape[1] <= model.generation_config.max_length


def test_marian_other_language_pair(models_dir):
    from transformers import AutoTokenizer

    path = make_marian(models_dir / "opus-mt-de-en", source="de", target="en")
    tok = AutoTokenizer.from_pretrained(path)
    assert (tok.source_lang, tok.target_lang) == ("de", "en")
    assert tok("Schöne Grüße aus Köln.")["input_ids"][-1] == tok.eos_token_id


@pytest.mark.parametrize(
    "labels",
    [("NEGATIVE", "POSITIVE"), ("negative", "neutral", "positive")],
    ids=["binary", "three-way"],
)
def test_sentiment_pipeline_returns_all_labels(models_dir, labels):
    from transformers import AutoConfig, AutoTokenizer, pipeline

    path = make_sentiment(models_dir / f"sentiment-{len(labels)}", labels=labels)
    assert {"vocab.txt", "model.safetensors"} <= _files(path)
    config = AutoConfig.from_pretrained(path)
    assert config.architectures == ["DistilBertForSequenceClassification"]
    assert [config.id2label[i] for i in range(len(labels))] == list(labels)
    assert config.label2id == {label: i for i, label in enumerate(labels)}

    tok = AutoTokenizer.from_pretrained(path)
    # Any English text tokenizes to known pieces (lower-cased, accents stripped).
    ids = tok("Hello, WORLD! Naïve café, 2024 #1 @home (really?)")["input_ids"]
    assert tok.unk_token_id not in ids

    clf = pipeline("text-classification", model=str(path), top_k=None)
    results = clf(["I love this!", "This is terrible.", "word " * 2000], truncation=True)
    assert len(results) == 3
    for res in results:
        assert sorted(r["label"] for r in res) == sorted(labels)
        assert sum(r["score"] for r in res) == pytest.approx(1.0, abs=1e-4)


def test_nli_zero_shot(models_dir):
    from transformers import AutoConfig, pipeline

    path = make_nli(models_dir / "nli")
    config = AutoConfig.from_pretrained(path)
    assert config.id2label == {0: "contradiction", 1: "neutral", 2: "entailment"}
    assert config.label2id == {"contradiction": 0, "neutral": 1, "entailment": 2}

    zsc = pipeline("zero-shot-classification", model=str(path))
    candidates = ["technology", "sports", "politics"]
    res = zsc("The new phone has a great camera.", candidate_labels=candidates)
    assert sorted(res["labels"]) == sorted(candidates)
    assert sum(res["scores"]) == pytest.approx(1.0, abs=1e-4)
    res = zsc("I like football.", candidate_labels=candidates, multi_label=True)
    assert all(0.0 <= s <= 1.0 for s in res["scores"])


def test_causal_lm_chat(models_dir):
    from transformers import AutoModelForCausalLM, AutoTokenizer, pipeline

    path = make_causal_lm(models_dir / "chat")
    tok = AutoTokenizer.from_pretrained(path)
    assert tok.eos_token == "<|im_end|>"
    assert tok.pad_token is not None and tok.pad_token_id != tok.eos_token_id
    assert tok.padding_side == "left"

    messages = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "hi"}]
    enc = tok.apply_chat_template(
        [{"role": "user", "content": "hi"}], add_generation_prompt=True, return_dict=True, return_tensors="pt"
    )
    assert enc["input_ids"].shape[0] == 1
    text = tok.apply_chat_template(messages, add_generation_prompt=True, tokenize=False)
    assert text == (
        "<|im_start|>system\nBe brief.<|im_end|>\n"
        "<|im_start|>user\nhi<|im_end|>\n"
        "<|im_start|>assistant\n"
    )
    # Byte-level BPE: arbitrary text round-trips.
    weird = "Ünïcödé 日本語 🙂\ttabs"
    assert tok.decode(tok(weird)["input_ids"]) == weird

    model = AutoModelForCausalLM.from_pretrained(path)
    assert model.generation_config.eos_token_id == tok.eos_token_id
    out = model.generate(**enc, max_new_tokens=5, do_sample=False)
    assert out.shape[1] <= enc["input_ids"].shape[1] + 5

    gen = pipeline("text-generation", model=str(path))
    res = gen([{"role": "user", "content": "hi"}], max_new_tokens=10, do_sample=False)
    conv = res[0]["generated_text"]
    assert conv[-1]["role"] == "assistant" and isinstance(conv[-1]["content"], str)


def test_broken_model_fails_to_load(models_dir):
    from transformers import AutoConfig, AutoModelForSeq2SeqLM, AutoTokenizer

    path = make_broken(models_dir / "broken")
    assert AutoConfig.from_pretrained(path).architectures == ["MarianMTModel"]
    AutoTokenizer.from_pretrained(path)  # only the weights are broken
    with pytest.raises(Exception):  # noqa: B017 (safetensors raises a plain Exception: see tests/fixtures/README.md)
        AutoModelForSeq2SeqLM.from_pretrained(path)


def test_builds_are_deterministic(tmp_path):
    for name, factory in [("m", make_marian), ("s", make_sentiment), ("c", make_causal_lm)]:
        a, b = factory(tmp_path / f"{name}1"), factory(tmp_path / f"{name}2")
        for f in sorted(a.iterdir()):
            assert f.read_bytes() == (b / f.name).read_bytes(), f"{name}: {f.name} differs"
