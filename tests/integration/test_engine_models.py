"""The engine managing models: waiting while a model loads, stopping a load, memory, LRU, out of memory,
GGUF import and removal.  Real models (tiny ones and the starter set) on the real engine."""

from __future__ import annotations

import gc
import statistics
import threading
from pathlib import Path

import pytest

from assistant.core.chat.messages import ChatMessage, ChatRequest
from assistant.core.models.devices import oom_fallback
from assistant.core.models.messages import ImportGgufRequest, LoadModelRequest, RemoveModelRequest, UnloadModelRequest
from assistant.core.models.sources import starter_chat_gguf
from assistant.core.protocol import Failure, FailureKind, MemoryStatus, Progress, Result, Started, Task
from assistant.core.sentiment.messages import SentimentRequest
from assistant.core.translate.messages import TranslateRequest
from assistant.worker.engine import Engine, EngineConfig
from tests.helpers import Recorder, make_engine, run_ok


def rss_bytes() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS")


def live_models() -> int:
    from transformers import PreTrainedModel

    gc.collect()
    return sum(1 for obj in gc.get_objects() if isinstance(obj, PreTrainedModel))


def serve_until_done(engine: Engine, replies: Recorder, count: int, timeout: float = 120) -> None:
    worker = threading.Thread(target=engine.serve)
    worker.start()
    try:
        for _ in range(int(timeout * 10)):
            if len(replies.of(Result)) + len(replies.of(Failure)) >= count:
                break
            threading.Event().wait(0.1)
    finally:
        engine.stop()
        worker.join(60)


def test_requests_sent_during_a_load_wait_are_told_why_and_answered_in_order(tmp_path, tiny_models, tiny_models_dir):
    engine, replies = make_engine(tmp_path / "models", extra=(str(tiny_models_dir),))
    sentiment = str(tiny_models["sentiment"])
    requests = [SentimentRequest(f"text {i}", model=sentiment) for i in range(4)]
    requests.append(TranslateRequest("Hello world.", "en", "de"))
    for request in requests:  # all queued before the worker starts: the first one's load finds them waiting
        engine.submit(request)
    serve_until_done(engine, replies, len(requests))
    terminals = [r for r in replies.replies if isinstance(r, (Result, Failure))]
    assert [t.request_id for t in terminals] == [r.id for r in requests]
    assert all(isinstance(t, Result) for t in terminals)
    for request in requests[1:]:
        mine = [r for r in replies.replies if getattr(r, "request_id", None) == request.id]
        waiting = [i for i, r in enumerate(mine) if isinstance(r, Progress) and r.message.startswith("Waiting: tiny-sentiment is loading")]
        started = [i for i, r in enumerate(mine) if isinstance(r, Started)]
        assert waiting and started and waiting[0] < started[0], mine


def test_a_load_can_be_stopped_and_its_memory_is_given_back(starter_home):
    """SmolLM2-135M in bfloat16 (a real copy of its weights in memory), stopped once the weights are read."""
    from assistant.paths import app_paths

    replies = Recorder()
    engine = Engine(EngineConfig(models_dir=app_paths().models, device="cpu", dtype="bfloat16"), emit=replies)
    info = engine.inventory.for_task(Task.CHAT)[0]
    run_ok(engine, LoadModelRequest(info.key))  # imports, allocator warm-up
    run_ok(engine, UnloadModelRequest(info.key))
    before = rss_bytes()
    request = LoadModelRequest(info.key)
    at_stop = []

    def stop_once_the_weights_are_read(reply) -> None:
        replies(reply)
        if isinstance(reply, Progress) and reply.request_id == request.id and reply.message.startswith("Moving"):
            at_stop.append(rss_bytes())
            engine.cancel(request.id)

    engine.emit = stop_once_the_weights_are_read
    terminal = engine.handle(request)
    after = rss_bytes()
    assert isinstance(terminal, Failure) and terminal.kind is FailureKind.CANCELLED
    assert "stopped" in terminal.message and "freed" in terminal.message
    assert engine.loader.loaded_keys == [] and live_models() == 0
    print(f"\nstopped load of {info.name} (bfloat16): RSS before {before / 1e6:.0f} MB, when stopped {at_stop[0] / 1e6:.0f} MB, after {after / 1e6:.0f} MB")
    assert at_stop[0] - before > 150e6  # the weights (270 MB in bfloat16) were in memory...
    assert after - before < 100e6  # ...and did not stay


def test_loading_and_unloading_twenty_times_returns_memory_near_its_start():
    """The starter embedding model (all-MiniLM-L6-v2) in bfloat16, loaded and unloaded 20 times by the engine,
    in a fresh process (tests/fixtures/memory_rounds.py) so that earlier tests do not blur the figures.

    bfloat16 makes each load copy the float32 weights into memory of its own (in
    float32 the weights can stay a mapping of the file), so every load shows in RSS.
    """
    import json
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-m", "tests.fixtures.memory_rounds", "--rounds", "20", "--dtype", "bfloat16"],
        capture_output=True, text=True, cwd=root, env=dict(os.environ, PYTHONPATH=str(root)), timeout=300,
    )
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    size, start, end = figures["model_bytes"], figures["start"]["VmRSS"], figures["end"]["VmRSS"]
    loaded = [f["VmRSS"] for f in figures["loaded"]]
    unloaded = [f["VmRSS"] for f in figures["unloaded"]]
    print(
        f"\nMiniLM bfloat16 ({size / 1e6:.0f} MB of weights) x20: RSS at start {start / 1e6:.0f} MB, "
        f"loaded {min(loaded) / 1e6:.0f}-{max(loaded) / 1e6:.0f} MB, after each unload "
        f"{min(unloaded) / 1e6:.0f}-{max(unloaded) / 1e6:.0f} MB, at the end {end / 1e6:.0f} MB"
    )
    assert len(loaded) == 20 and size > 40e6
    assert min(loaded) - start > size / 2  # each load is visible...
    # ...and the memory comes back: after the unloads RSS sits within a third of the model of where it
    # started (measured here: -4 to +7 MB for this 45 MB model), and it does not creep up round after
    # round as a leak would (a leak of 5% of the model per round would add 15 x 5% = 75% of it between
    # the first five and the last five rounds).
    level = statistics.median(unloaded) - start
    creep = statistics.median(unloaded[-5:]) - statistics.median(unloaded[:5])
    print(f"level {level / 1e6:+.1f} MB, creep {creep / 1e6:+.1f} MB")
    assert level < size / 3
    assert creep < size / 4


def test_precision_and_the_memory_it_takes(tmp_path):
    """float32, bfloat16 and int8 (dynamic quantization) on the CPU, each with its figure and a working answer."""
    from assistant.core.classify.messages import ClassifyItem, ClassifyRequest

    sizes = {}
    for dtype in ("float32", "bfloat16", "int8"):
        replies = Recorder()
        engine = Engine(EngineConfig(models_dir=tmp_path, device="cpu", dtype=dtype), emit=replies)
        request = ClassifyRequest(("sports", "politics"), (ClassifyItem("a", "The match ended two to one."),))
        started = [r for r in replies.replies if isinstance(r, Started)]
        result = run_ok(engine, request)
        started = replies.of(Started)[0]
        assert started.placement == f"CPU, {dtype}"
        assert result.payload[0].scores.top == "sports"
        sizes[dtype] = replies.of(MemoryStatus)[-1].used_bytes
    assert sizes["bfloat16"] == pytest.approx(sizes["float32"] / 2, rel=0.01)
    assert sizes["int8"] < sizes["float32"] * 0.7


def test_int8_on_a_gpu_is_refused_plainly(tmp_path, tiny_models):
    engine, _ = make_engine(tmp_path)
    engine.loader.overrides[str(tiny_models["sentiment"])] = ("cpu", "float64")
    terminal = engine.handle(SentimentRequest("fine", model=str(tiny_models["sentiment"])))
    assert isinstance(terminal, Failure) and terminal.kind is FailureKind.BAD_INPUT and "Unknown precision" in terminal.message


def test_the_memory_budget_unloads_the_least_recently_used_model(tmp_path, tiny_models, tiny_models_dir):
    replies = Recorder()
    config = EngineConfig(models_dir=tmp_path, extra_model_dirs=(str(tiny_models_dir),), device="cpu")
    engine = Engine(config, emit=replies)

    def loaded_names() -> set[str]:
        return {s.name for s in replies.of(MemoryStatus)[-1].models}

    for name in ("tiny-sentiment", "tiny-nli", "tiny-sentiment"):  # sentiment is now the most recent; nli the least
        run_ok(engine, LoadModelRequest(str(tiny_models_dir / name)))
    assert loaded_names() == {"tiny-sentiment", "tiny-nli"}
    sizes = {s.name: s.bytes for s in replies.of(MemoryStatus)[-1].models}
    assert replies.of(MemoryStatus)[-1].models[0].name == "tiny-sentiment"  # most recent first
    # room for the two loaded ones and not for a third: loading the chat model must unload the least recent
    engine.loader.budget_setting = sizes["tiny-sentiment"] + sizes["tiny-nli"] + 1
    run_ok(engine, LoadModelRequest(str(tiny_models_dir / "tiny-chat")))
    assert "tiny-nli" not in loaded_names() and "tiny-chat" in loaded_names()
    status = replies.of(MemoryStatus)[-1]
    assert status.used_bytes <= status.budget_bytes or loaded_names() == {"tiny-chat"}
    freed = run_ok(engine, UnloadModelRequest()).payload
    assert freed == status.used_bytes and engine.loader.loaded_keys == [] and replies.of(MemoryStatus)[-1].models == ()


def test_out_of_memory_frees_the_model_and_says_what_to_do(tmp_path, tiny_models, monkeypatch):
    """Running out of memory is simulated here (this machine has no GPU and much RAM): the task raises
    MemoryError, as a real allocation failure would.  The model is unloaded and the engine goes on."""
    from assistant.core.sentiment import task as sentiment_task

    engine, _ = make_engine(tmp_path)
    key = str(tiny_models["sentiment"])
    real_run = sentiment_task.run
    calls = []

    def run_out_of_memory_once(loaded, request, context):
        calls.append(1)
        if len(calls) == 1:
            raise MemoryError("simulated")
        return real_run(loaded, request, context)

    monkeypatch.setattr(sentiment_task, "run", run_out_of_memory_once)
    terminal = engine.handle(SentimentRequest("good", model=key))
    assert isinstance(terminal, Failure) and terminal.kind is FailureKind.OUT_OF_MEMORY
    assert "int8" in terminal.message and "unload" in terminal.message
    assert engine.loader.loaded_keys == []
    assert isinstance(engine.handle(SentimentRequest("good", model=key)), Result)


def test_where_to_retry_after_running_out_of_gpu_memory():
    assert oom_fallback("cuda", "float32", "ask") is None  # the user is asked; nothing happens by itself
    assert oom_fallback("cuda", "float32", "lower precision") == ("cuda", "float16")
    assert oom_fallback("cuda", "bfloat16", "lower precision") == ("cuda", "float16")
    assert oom_fallback("cuda", "float16", "lower precision") == ("cpu", "float32")
    assert oom_fallback("cuda", "float16", "cpu") == ("cpu", "float32")
    assert oom_fallback("cpu", "float32", "cpu") is None


def test_a_chosen_model_that_vanished_is_reported(tmp_path, tiny_models):
    import shutil

    copy = tmp_path / "gone-model"
    shutil.copytree(tiny_models["sentiment"], copy)
    engine, _ = make_engine(tmp_path / "models")
    run_ok(engine, SentimentRequest("ok", model=str(copy)))
    run_ok(engine, UnloadModelRequest())
    shutil.rmtree(copy)
    terminal = engine.handle(SentimentRequest("ok", model=str(copy)))
    assert isinstance(terminal, Failure) and terminal.kind is FailureKind.MODEL_MISSING and "does not exist" in terminal.message
    terminal = engine.handle(LoadModelRequest(str(copy)))
    assert isinstance(terminal, Failure) and terminal.kind is FailureKind.MODEL_MISSING


def test_removing_models_frees_space_or_only_forgets_added_folders(tmp_path, tiny_models, tiny_models_dir):
    import shutil

    models_dir = tmp_path / "models"
    shutil.copytree(tiny_models["nli"], models_dir / "my-nli")
    engine, _ = make_engine(models_dir, extra=(str(tiny_models_dir),))
    key = str(models_dir / "my-nli")
    run_ok(engine, LoadModelRequest(key))
    removed = run_ok(engine, RemoveModelRequest(key)).payload
    assert removed.deleted and removed.freed_bytes > 100_000 and not (models_dir / "my-nli").exists()
    assert key not in engine.loader.loaded_keys
    forgotten = run_ok(engine, RemoveModelRequest(str(tiny_models_dir / "tiny-sentiment"))).payload
    assert not forgotten.deleted and forgotten.forget_dir == str(tiny_models_dir)
    assert (tiny_models_dir / "tiny-sentiment" / "config.json").exists()  # the user's files stay
    starter = engine.handle(RemoveModelRequest("all-MiniLM-L6-v2"))
    assert isinstance(starter, Failure) and "comes with the program" in starter.message
    missing = engine.handle(RemoveModelRequest("no/such-model"))
    assert isinstance(missing, Failure) and missing.kind is FailureKind.MODEL_MISSING


def hf_cache_with(cache: Path, folder: Path, repo_id: str) -> Path:
    """The layout huggingface_hub writes: blobs by hash, a snapshot of links to them, refs/main."""
    import hashlib
    import os

    repo = cache / ("models--" + repo_id.replace("/", "--"))
    commit = "f" * 40
    snapshot = repo / "snapshots" / commit
    for file in folder.rglob("*"):
        if file.is_file():
            data = file.read_bytes()
            blob = repo / "blobs" / hashlib.sha256(data).hexdigest()
            blob.parent.mkdir(parents=True, exist_ok=True)
            blob.write_bytes(data)
            link = snapshot / file.relative_to(folder)
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(os.path.relpath(blob, link.parent))
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(commit)
    return cache


def test_removing_a_model_from_the_hugging_face_cache(tmp_path, tiny_models):
    cache = hf_cache_with(tmp_path / "hf", tiny_models["marian"], "Helsinki-NLP/opus-mt-en-de")
    replies = Recorder()
    engine = Engine(EngineConfig(models_dir=tmp_path / "models", device="cpu", hf_cache=cache), emit=replies)
    removed = run_ok(engine, RemoveModelRequest("Helsinki-NLP/opus-mt-en-de")).payload
    assert removed.deleted and removed.freed_bytes > 100_000
    assert not (cache / "models--Helsinki-NLP--opus-mt-en-de").exists()


def test_importing_the_starter_gguf_converts_it_with_progress_and_it_answers(tmp_path):
    """The real conversion of the starter GGUF (about 25 s), once."""
    gguf = starter_chat_gguf()
    assert gguf is not None, "the starter models are not installed"
    models_dir = tmp_path / "models"
    engine, replies = make_engine(models_dir)
    not_gguf = tmp_path / "notes.gguf"
    not_gguf.write_text("hello")
    refused = engine.handle(ImportGgufRequest(str(not_gguf)))
    assert isinstance(refused, Failure) and refused.kind is FailureKind.BAD_INPUT and "not a GGUF file" in refused.message

    request = ImportGgufRequest(str(gguf), name="my-smollm")
    imported = run_ok(engine, request).payload
    steps = [r for r in replies.of(Progress) if r.request_id == request.id]
    assert [s.done for s in steps] == [0, 1, 2, 3] and all(s.total == 3 for s in steps)
    assert Path(imported.path) == models_dir / "my-smollm" and (models_dir / "my-smollm" / "model.safetensors").is_file()
    assert imported.size_bytes > 400e6
    info = engine.inventory.find(imported.path)
    assert info is not None and info.kind == "causal LM" and info.source == "models folder"
    answer = run_ok(engine, ChatRequest((ChatMessage("user", "What is the capital of France?"),), max_new_tokens=12, model=imported.path))
    assert "Paris" in answer.payload
    again = engine.handle(ImportGgufRequest(str(gguf), name="my-smollm"))
    assert isinstance(again, Failure) and "already" in again.message
    removed = run_ok(engine, RemoveModelRequest(imported.path)).payload
    assert removed.freed_bytes == imported.size_bytes and not Path(imported.path).exists()


@pytest.mark.parametrize("dtype", ["bfloat16", "float16", "int8"])
def test_every_task_runs_in_every_precision_on_the_cpu(tmp_path, tiny_models, dtype):
    from assistant.core.classify.messages import ClassifyItem, ClassifyRequest

    replies = Recorder()
    engine = Engine(EngineConfig(models_dir=tmp_path, device="cpu", dtype=dtype), emit=replies)
    requests = [
        SentimentRequest("good", model=str(tiny_models["sentiment"])),
        ChatRequest((ChatMessage("user", "hi"),), max_new_tokens=4, model=str(tiny_models["causal_lm"])),
        TranslateRequest("Hello world.", "en", "de", model=str(tiny_models["marian"])),
        ClassifyRequest(("a", "b"), (ClassifyItem("x", "some text"),), model=str(tiny_models["nli"])),
    ]
    for request in requests:
        run_ok(engine, request)
    assert {s.dtype for s in replies.of(MemoryStatus)[-1].models} == {dtype}
