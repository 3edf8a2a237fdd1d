"""Q&A over documents: time to index 1,000 small files, and time to answer a question.

    python bench/bench_history.py [--files 1000] [--questions 10] [--no-chat]

Everything runs through the program's own engine on the CPU, with the starter
models (all-MiniLM-L6-v2 for passages, SmolLM2-135M-Instruct for answers), and
is compared with a baseline measured in the same run:

  index      the engine's IndexRequest (passages of several files embedded in
             batches sorted by length, committed in groups)
             vs. embedding the passages one at a time (batch size 1; timed on a
             sample of 250 passages and scaled to all, to keep the run short)
  re-index   the same request again with nothing changed, and with 1% of the
             files changed (only those are read and embedded again)
  retrieval  a question against the kept index (stat the files, embed the
             question, score the stored vectors)
             vs. what answering costs without a kept index: embedding every
             passage again for each question
  answer     the chat model answering from the 4 best passages (time to the
             first token and to the end) vs. the same model answering the bare
             question without documents

Results go to bench/results/history.json.  The figures are noisy on a shared
2-core machine: read the ratios, which compare runs made minutes apart.  The last
run's figures are in bench/README.md, "Questions over documents".
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
CACHE = BENCH / ".cache"
sys.path.insert(0, str(ROOT))

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

QUESTIONS = [
    ("Which harbour did the ferry Aurora leave from?", "harbour"),
    ("What did the bakery on Mill Street start selling?", "bakery"),
    ("How many goals did the under-15 team score?", "football"),
    ("When does the library close on Saturdays?", "library"),
    ("What colour is the new tram?", "tram"),
    ("Who repaired the church organ?", "organ"),
    ("How high did the river rise during the storm?", "river"),
    ("What did the school garden grow this year?", "garden"),
    ("Where will the jazz festival be held?", "festival"),
    ("How long is the new cycle path?", "cycle"),
]
_FACTS = {
    "harbour": "The ferry Aurora left from the north harbour at dawn, carrying {n} passengers to the islands.",
    "bakery": "The bakery on Mill Street started selling rye bread with caraway, {n} loaves on the first morning.",
    "football": "The under-15 football team scored {n} goals in the final and won the county cup.",
    "library": "The library now closes at {n} o'clock on Saturdays because of the new reading hour.",
    "tram": "The new tram is painted dark green and seats {n} passengers.",
    "organ": "The church organ was repaired by a craftsman from Leipzig, who replaced {n} pipes.",
    "river": "During the storm the river rose by {n} centimetres and flooded the lower meadows.",
    "garden": "The school garden grew pumpkins, beans and {n} kinds of herbs this year.",
    "festival": "The jazz festival will be held in the old brewery yard, with {n} bands on two stages.",
    "cycle": "The new cycle path along the canal is {n} kilometres long and lit at night.",
}
_FILLER = (
    "The weather stayed mild for most of the week.",
    "Residents were asked to sort their recycling more carefully.",
    "A meeting of the neighbourhood association is planned for next month.",
    "Several shops extended their opening hours before the holidays.",
    "The council thanked the volunteers who cleaned the park.",
    "Road works on the main street will continue until spring.",
    "Children from three schools took part in the reading competition.",
    "The local choir is looking for new tenors and basses.",
    "Parking near the station remains difficult in the mornings.",
    "The museum opened a small exhibition of old photographs.",
)


def make_files(folder: Path, count: int, seed: int = 1) -> None:
    """``count`` small notes (60-150 words); one in ten states a fact a question asks about."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    topics = list(_FACTS)
    for n in range(count):
        sentences = rng.sample(_FILLER, rng.randint(4, 9))
        if n % 10 == 0:
            topic = topics[(n // 10) % len(topics)]
            sentences.insert(rng.randrange(len(sentences)), _FACTS[topic].format(n=rng.randint(2, 99)))
        (folder / f"note-{n:04d}.txt").write_text(" ".join(sentences) + "\n", encoding="utf-8")


def timed(function):
    started = time.perf_counter()
    value = function()
    return time.perf_counter() - started, value


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument("--baseline-sample", type=int, default=250, help="passages timed one at a time for the baseline")
    parser.add_argument("--no-chat", action="store_true", help="skip the chat model (no conversion of the starter GGUF)")
    parser.add_argument("--threads", type=int, default=0, help="torch threads (default: torch's choice, one per core)")
    args = parser.parse_args()

    import torch

    if args.threads:
        # On a machine that other jobs keep busy, torch's spinning threads wait for each other:
        # measured here under a load of 5-6 on 2 cores, one thread ran 5-20x faster than two.
        torch.set_num_threads(args.threads)
    from assistant.core.chat.messages import ChatMessage, ChatRequest
    from assistant.core.documents.index import document_files, read_sections, split_passages
    from assistant.core.documents.messages import AskDocumentsRequest, IndexRequest
    from assistant.core.models.embeddings import embed
    from assistant.core.models.sources import STARTER_CHAT_NAME, starter_chat_gguf
    from assistant.core.protocol import Partial, Result
    from assistant.worker.engine import Engine, EngineConfig

    work = Path(tempfile.mkdtemp(prefix="bench-history-"))
    results: dict = {
        "benchmark": "history",
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "torch": torch.__version__,
            "threads": torch.get_num_threads(),
            "load_average_at_start": os.getloadavg(),
        },
        "files": args.files,
    }
    try:
        docs = work / "docs"
        make_files(docs, args.files)
        models = work / "models"
        models.mkdir()
        first_token: dict[int, float] = {}

        def emit(reply) -> None:
            if isinstance(reply, Partial) and reply.request_id not in first_token:
                first_token[reply.request_id] = time.perf_counter()

        engine = Engine(EngineConfig(models_dir=models, device="cpu"), emit=emit)
        index_file = work / "documents.sqlite3"

        # -------------------------------------------------------------- index
        # Load the embedding model first so that neither side pays for it.
        warm = engine.handle(IndexRequest((str(docs / "note-0000.txt"),), str(work / "warm.sqlite3")))
        assert isinstance(warm, Result), warm
        seconds, terminal = timed(lambda: engine.handle(IndexRequest((str(docs),), str(index_file))))
        assert isinstance(terminal, Result), terminal
        report = terminal.payload
        embedding_info = engine.resolve_model(IndexRequest((), ""))
        loaded = engine.loader.get(embedding_info)
        passages = [p.text for f in document_files([str(docs)]) for p in split_passages(read_sections(f))]

        sample = random.Random(2).sample(passages, min(len(passages), args.baseline_sample))

        def one_at_a_time() -> None:
            for text in sample:
                embed(loaded, [text])

        sample_seconds, _ = timed(one_at_a_time)
        baseline = sample_seconds * len(passages) / len(sample)
        results["index"] = {
            "seconds": seconds,
            "files": len(report.files),
            "passages": report.passages,
            "files_per_second": len(report.files) / seconds,
            "baseline_one_at_a_time_seconds": baseline,
            "baseline_note": (
                f"embedding passages with batch size 1 (no reading, no writing), timed on {len(sample)} of the "
                f"{len(passages)} passages and scaled to all of them"
            ),
            "speedup_vs_baseline": baseline / seconds,
        }
        print(f"index {len(report.files)} files ({report.passages} passages): {seconds:.1f} s; one at a time: {baseline:.1f} s (x{baseline / seconds:.2f})")

        seconds_same, again = timed(lambda: engine.handle(IndexRequest((str(docs),), str(index_file))))
        changed = sorted(docs.iterdir())[:: max(1, args.files // 10)][: max(1, args.files // 100)]
        for path in changed:
            path.write_text(path.read_text(encoding="utf-8") + " A late addition to this note.\n", encoding="utf-8")
        seconds_changed, partial = timed(lambda: engine.handle(IndexRequest((str(docs),), str(index_file))))
        results["reindex"] = {
            "unchanged_seconds": seconds_same,
            "unchanged_indexed": again.payload.indexed,
            "changed_files": len(changed),
            "changed_seconds": seconds_changed,
            "changed_indexed": partial.payload.indexed,
            "ratio_full_over_unchanged": seconds / seconds_same,
        }
        print(f"re-index, nothing changed: {seconds_same:.2f} s; {len(changed)} changed: {seconds_changed:.2f} s ({partial.payload.indexed} re-read)")

        # ---------------------------------------------------------- retrieval
        asked = QUESTIONS[: args.questions]
        retrieval, hits_right = [], 0
        for question, topic in asked:
            request = AskDocumentsRequest(ChatRequest((ChatMessage("user", question),)), (str(docs),), str(index_file), reader="passages")
            took, terminal = timed(lambda request=request: engine.handle(request))
            assert isinstance(terminal, Result), terminal
            retrieval.append(took)
            top = [Path(s.path).read_text(encoding="utf-8") for s in terminal.payload.sources[:3]]
            hits_right += any(_FACTS[topic].split("{n}")[0] in text for text in top)
        without_index, _ = timed(lambda: embed(loaded, passages))
        median_retrieval = statistics.median(retrieval)
        results["retrieval"] = {
            "median_seconds": median_retrieval,
            "values": retrieval,
            "right_fact_in_top3": f"{hits_right}/{len(asked)}",
            "baseline_reembed_all_seconds": without_index,
            "baseline_note": "embedding every passage again (batched) for a question, as without a kept index",
            "speedup_vs_baseline": without_index / median_retrieval,
        }
        print(f"retrieval: median {median_retrieval * 1000:.0f} ms; re-embedding everything per question: {without_index:.1f} s "
              f"(x{without_index / median_retrieval:.0f}); right fact in top 3: {hits_right}/{len(asked)}")

        # ------------------------------------------------------------- answer
        if not args.no_chat:
            gguf = starter_chat_gguf()
            if gguf is None:
                results["answer"] = {"skipped": "the starter chat model is not installed"}
            else:
                converted = _converted_chat(gguf)
                (models / STARTER_CHAT_NAME).symlink_to(converted, target_is_directory=True)
                engine._inventory = None
                question = asked[0][0]
                bare = ChatRequest((ChatMessage("user", question),), max_new_tokens=64)
                engine.handle(ChatRequest((ChatMessage("user", "Hello"),), max_new_tokens=2))  # load the model
                rows = {}
                for name, request in (
                    ("plain_chat", bare),
                    ("from_documents", AskDocumentsRequest(bare, (str(docs),), str(index_file), reader="chat")),
                ):
                    runs = []
                    for _ in range(3):
                        request = _fresh(request)
                        started = time.perf_counter()
                        terminal = engine.handle(request)
                        assert isinstance(terminal, Result), terminal
                        total = time.perf_counter() - started
                        runs.append({"first_token_s": first_token.get(request.id, time.perf_counter()) - started, "total_s": total,
                                     "tokens": terminal.stats.items, "tokens_per_s": terminal.stats.rate})  # fmt: skip
                    rows[name] = {
                        "first_token_median_s": statistics.median(r["first_token_s"] for r in runs),
                        "total_median_s": statistics.median(r["total_s"] for r in runs),
                        "runs": runs,
                    }
                rows["first_token_ratio_documents_over_plain"] = rows["from_documents"]["first_token_median_s"] / rows["plain_chat"]["first_token_median_s"]
                results["answer"] = rows
                print(
                    "answer (SmolLM2-135M, 64 new tokens): plain chat first token {:.2f} s, total {:.1f} s; from documents first token {:.2f} s, total {:.1f} s".format(
                        rows["plain_chat"]["first_token_median_s"], rows["plain_chat"]["total_median_s"],
                        rows["from_documents"]["first_token_median_s"], rows["from_documents"]["total_median_s"],
                    )
                )  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results["machine"]["load_average_at_end"] = os.getloadavg()
    RESULTS.mkdir(parents=True, exist_ok=True)
    target = RESULTS / "history.json"
    target.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"written to {target.relative_to(ROOT)}")
    return 0


def _fresh(request):
    """The same request with a new id (ids must be unique per engine)."""
    from dataclasses import fields, replace

    from assistant.core.protocol import new_id

    return replace(request, id=new_id()) if any(f.name == "id" for f in fields(request)) else request


def _converted_chat(gguf: Path) -> Path:
    from assistant.core.models.loader import convert_gguf

    target = CACHE / f"SmolLM2-135M-Instruct-{gguf.stat().st_size}"
    if not (target / "model.safetensors").is_file():
        CACHE.mkdir(parents=True, exist_ok=True)
        print("converting the starter chat model once (about 30 s)…")
        convert_gguf(gguf, target, lambda *_: None)
    return target


if __name__ == "__main__":
    sys.exit(main())
