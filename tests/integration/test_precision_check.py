"""Automatic precision: a chat model on the CPU answers in float32 at once, and runs int8 only once the
measured check, run while the worker is idle, says int8 keeps its quality.

Real engine on its own worker thread (``Engine.serve``, as the window runs it), real tiny chat model,
real verdicts file in the models folder.  The limits are moved to make the same model pass and fail:
what is tested is what the program does with a verdict (the precision Started names, the note on the
Models page, the verdict kept) and that the check never makes a request wait for it.
"""

from __future__ import annotations

import json
import math
import threading
import time

import pytest

from assistant.core.chat.messages import ChatMessage, ChatRequest
from assistant.core.models import precision
from assistant.core.protocol import EngineStatus, MemoryStatus, Result, Started
from assistant.worker.engine import Engine, EngineConfig
from tests.helpers import Recorder

WAIT_S = 300  # a bound for a hung worker, never a measured time


class Worker:
    """The engine serving on a thread of its own, every reply recorded with the moment it came."""

    def __init__(self, tmp_path, dtype: str = "auto") -> None:
        self.replies = Recorder()
        self.changed = threading.Condition()
        self.engine = Engine(EngineConfig(models_dir=tmp_path / "models", device="cpu", dtype=dtype), emit=self._emit)
        self.thread = threading.Thread(target=self.engine.serve, name="worker", daemon=True)
        self.thread.start()

    def _emit(self, reply) -> None:
        with self.changed:
            self.replies(reply)
            self.changed.notify_all()

    def wait_for(self, condition, what: str):
        deadline = time.monotonic() + WAIT_S
        with self.changed:
            while not (found := condition()):
                assert time.monotonic() < deadline, f"no {what} after {WAIT_S} s: {self.replies.replies[-5:]}"
                self.changed.wait(1)
        return found

    def ask(self, model, question: str = "hello") -> Result:
        request = ChatRequest((ChatMessage("user", question),), max_new_tokens=4, model=str(model))
        self.engine.submit(request)
        terminal = self.wait_for(lambda: next((r for r in self.replies.replies if getattr(r, "request_id", None) == request.id and isinstance(r, Result)), None), "answer")
        return terminal

    def index_of(self, reply) -> int:
        return next(i for i, r in enumerate(self.replies.replies) if r is reply)

    def check_outcome(self) -> EngineStatus:
        return self.wait_for(lambda: next((r for r in self.replies.of(EngineStatus) if "from now on" in r.message or "stays in float32" in r.message), None), "check outcome")

    def stop(self) -> None:
        self.engine.stop()
        self.thread.join(WAIT_S)


@pytest.fixture
def worker(tmp_path):
    made: list[Worker] = []

    def make(dtype: str = "auto") -> Worker:
        made.append(Worker(tmp_path, dtype))
        return made[-1]

    yield make
    for one in made:
        one.stop()


def _verdicts(tmp_path) -> dict:
    path = tmp_path / "models" / precision.VERDICTS_FILE
    return json.loads(path.read_text()) if path.exists() else {}


def test_the_first_answer_comes_in_float32_and_int8_follows_when_it_keeps_quality(tmp_path, tiny_models, monkeypatch, worker):
    monkeypatch.setattr(precision, "MAX_NLL_INCREASE", math.inf)
    monkeypatch.setattr(precision, "MIN_AGREEMENT", 0.0)
    first = worker()
    answer = first.ask(tiny_models["causal_lm"])
    assert first.replies.of(Started)[-1].dtype == "float32"  # at once: nobody waits for the check
    outcome = first.check_outcome()
    assert first.index_of(answer) < first.index_of(outcome)  # the answer came before the check ended
    assert any("Checking whether" in r.message for r in first.replies.of(EngineStatus))
    checking = [m for m in first.replies.of(MemoryStatus) if m.models and "Checking int8 quality" in m.models[0].note]
    assert checking and checking[0].models[0].dtype == "float32"  # the Models page said so while it ran
    summary = first.wait_for(lambda: next((m.models[0] for m in first.replies.of(MemoryStatus) if m.models and m.models[0].dtype == "int8"), None), "int8")
    assert summary.note == ""
    (verdict,) = _verdicts(tmp_path).values()
    assert verdict["int8_ok"] is True and verdict["nll_float32"] > 0
    # The model in memory became int8 without a second load: the next answer runs it.
    first.ask(tiny_models["causal_lm"])
    assert first.replies.of(Started)[-1].dtype == "int8"
    first.stop()

    # Measured once: the next engine loads int8 from the kept verdict, even with limits no model could pass.
    monkeypatch.setattr(precision, "MAX_NLL_INCREASE", -1.0)
    again = worker()
    again.ask(tiny_models["causal_lm"])
    assert again.replies.of(Started)[-1].dtype == "int8"
    again.stop()
    assert not any("Checking whether" in r.message for r in again.replies.of(EngineStatus))


def test_a_request_during_the_check_is_answered_and_the_check_completes_later(tmp_path, tiny_models, monkeypatch, worker):
    monkeypatch.setattr(precision, "MAX_NLL_INCREASE", math.inf)
    monkeypatch.setattr(precision, "MIN_AGREEMENT", 0.0)
    one = worker()
    model = tiny_models["causal_lm"]
    # The second question comes while the check generates float32's answer to one of its questions.
    steps: list[int] = []
    real_answer = precision.Check._greedy_answer
    during: list[ChatRequest] = []

    def answer_with_a_request_arriving(check, question, should_yield):
        if not during:
            during.append(ChatRequest((ChatMessage("user", "and now?"),), max_new_tokens=4, model=str(model)))
            steps.append(check.steps_done)
            one.engine.submit(during[0])  # from the worker thread itself: the queue is no longer empty
        return real_answer(check, question, should_yield)

    monkeypatch.setattr(precision.Check, "_greedy_answer", answer_with_a_request_arriving)
    one.ask(model)
    outcome = one.check_outcome()
    answered = next(r for r in one.replies.of(Result) if r.request_id == during[0].id)
    assert one.index_of(answered) < one.index_of(outcome)  # answered in the middle of the check
    assert steps[0] > 0  # the check had begun: quantized, the held-out text read
    assert "int8" in outcome.message
    (verdict,) = _verdicts(tmp_path).values()
    assert verdict["int8_ok"] is True


def test_float32_with_the_reason_when_int8_loses_quality(tmp_path, tiny_models, monkeypatch, worker):
    monkeypatch.setattr(precision, "MAX_NLL_INCREASE", -1.0)  # int8 must be better than float32: it never is
    first = worker()
    first.ask(tiny_models["causal_lm"])
    first.check_outcome()
    summary = first.wait_for(lambda: next((m.models[0] for m in first.replies.of(MemoryStatus) if m.models and "int8 was not used" in m.models[0].note), None), "note")
    assert summary.dtype == "float32"
    first.stop()
    # loaded again later (from the kept verdict): still float32, still saying why, no check
    again = worker()
    again.ask(tiny_models["causal_lm"])
    assert again.replies.of(Started)[-1].dtype == "float32"
    assert "int8 was not used" in again.replies.of(MemoryStatus)[-1].models[0].note


def test_the_stepwise_int8_copy_is_what_quantizing_the_whole_model_gives(tiny_models):
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    model = AutoModelForCausalLM.from_pretrained(tiny_models["causal_lm"]).eval()
    tokenizer = AutoTokenizer.from_pretrained(tiny_models["causal_lm"])
    tokenizer.pad_token = tokenizer.pad_token or tokenizer.eos_token
    check = precision.Check(model, tokenizer, tiny_models["causal_lm"])
    while check.quantized is None:
        check.step(lambda: False)
    ids = torch.tensor([[1, 5, 9, 20, 3, 7]])
    with torch.inference_mode():
        assert torch.equal(check.quantized(ids).logits, precision.quantize_int8(model)(ids).logits)
    assert isinstance(model.lm_head, torch.nn.Linear)  # the float32 model is left as it was


@pytest.mark.parametrize("dtype", ["float32", "int8"])
def test_a_chosen_precision_is_never_second_guessed(tmp_path, tiny_models, dtype):
    replies = Recorder()
    engine = Engine(EngineConfig(models_dir=tmp_path / "models", device="cpu", dtype=dtype), emit=replies)
    assert isinstance(engine.handle(ChatRequest((ChatMessage("user", "hello"),), max_new_tokens=2, model=str(tiny_models["causal_lm"]))), Result)
    assert replies.of(Started)[-1].dtype == dtype
    assert not engine.loader.check_waiting
    assert not (tmp_path / "models" / precision.VERDICTS_FILE).exists()


def test_the_command_line_measures_at_once_and_the_next_engine_uses_its_verdict(tmp_path, tiny_models):
    import os
    import subprocess
    import sys

    home = tmp_path / "home"
    env = {**os.environ, "ASSISTANT_HOME": str(home), "HF_HUB_OFFLINE": "1"}
    model = tiny_models["causal_lm"]
    done = subprocess.run([sys.executable, "-m", "assistant", "models", "check-int8", str(model), "--json"],
                          capture_output=True, text=True, timeout=WAIT_S, env=env)
    assert done.returncode == 0, done.stderr
    said = json.loads(done.stdout)
    assert said["nll_float32"] > 0 and 0.0 <= said["agreement"] <= 1.0 and isinstance(said["int8_ok"], bool)
    (kept,) = json.loads((home / "data" / "models" / precision.VERDICTS_FILE).read_text()).values()
    assert kept["int8_ok"] == said["int8_ok"] and kept["nll_int8"] == said["nll_int8"]

    engine = Worker(home / "data")  # the engine of the window, on the same models folder
    try:
        engine.ask(model)
    finally:
        engine.stop()
    assert engine.replies.of(Started)[-1].dtype == ("int8" if said["int8_ok"] else "float32")
    assert not any("Checking whether" in r.message for r in engine.replies.of(EngineStatus))  # measured once

    not_chat = subprocess.run([sys.executable, "-m", "assistant", "models", "check-int8", str(tiny_models["sentiment"])],
                              capture_output=True, text=True, timeout=WAIT_S, env=env)
    assert not_chat.returncode == 2 and "not a chat model" in not_chat.stderr


def test_the_int8_copy_a_check_builds_counts_against_the_memory_budget(tmp_path, tiny_models):
    import torch

    from assistant.core.models.loader import ModelLoader
    from assistant.core.models.sources import describe_folder

    info = describe_folder(tiny_models["causal_lm"], "chosen")
    loader = ModelLoader(device="cpu", dtype="auto", verdicts_file=tmp_path / precision.VERDICTS_FILE)
    loaded = loader.get(info)
    float32_bytes = loaded.memory_bytes
    assert loader.check_waiting and loader.used_bytes == float32_bytes  # nothing built yet
    linear_weights = sum(m.weight.numel() for m in loaded.model.modules() if isinstance(m, torch.nn.Linear))
    seen = [loader.used_bytes]
    while loader.check_waiting:
        loader.check_step(lambda: False)
        if loader.check_waiting:
            seen.append(loader.used_bytes)
    assert seen == sorted(seen) and seen[-1] == float32_bytes + linear_weights  # a byte per int8 weight, all of them
    assert loader.used_bytes == loaded.memory_bytes  # the check is over: the model as it now runs, nothing beside it
    loader.unload_all()
    assert loader.used_bytes == 0
