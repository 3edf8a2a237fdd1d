"""Automatic precision: a chat model on the CPU runs int8 only when the measured check says it keeps its quality.

Real engine, real tiny chat model, real verdicts file in the models folder.  The limits are
moved to make the same model pass and fail: what is tested is what the program does with
a verdict (the precision Started names, the note on the Models page, the verdict kept).
"""

from __future__ import annotations

import json
import math

import pytest

from assistant.core.chat.messages import ChatMessage, ChatRequest
from assistant.core.models import precision
from assistant.core.protocol import MemoryStatus, Result, Started
from assistant.worker.engine import Engine, EngineConfig
from tests.helpers import Recorder


def _ask(tmp_path, model) -> tuple[Engine, Recorder]:
    replies = Recorder()
    engine = Engine(EngineConfig(models_dir=tmp_path / "models", device="cpu", dtype="auto"), emit=replies)
    terminal = engine.handle(ChatRequest((ChatMessage("user", "hello"),), max_new_tokens=4, model=str(model)))
    assert isinstance(terminal, Result), terminal
    return engine, replies


def test_int8_when_it_keeps_quality_and_the_verdict_is_kept(tmp_path, tiny_models, monkeypatch):
    monkeypatch.setattr(precision, "MAX_NLL_INCREASE", math.inf)
    monkeypatch.setattr(precision, "MIN_AGREEMENT", 0.0)
    engine, replies = _ask(tmp_path, tiny_models["causal_lm"])
    assert replies.of(Started)[-1].dtype == "auto"  # the first load decides, and says so while it checks
    assert any("Checking whether" in getattr(p, "message", "") for p in replies.replies)
    summary = replies.of(MemoryStatus)[-1].models[0]
    assert summary.dtype == "int8" and summary.note == ""
    kept = json.loads((tmp_path / "models" / precision.VERDICTS_FILE).read_text())
    (verdict,) = kept.values()
    assert verdict["int8_ok"] is True and verdict["nll_float32"] > 0
    engine.loader.unload_all()

    # Measured once: the next engine takes the kept verdict, even with limits no model could pass.
    monkeypatch.setattr(precision, "MAX_NLL_INCREASE", -1.0)
    _, again = _ask(tmp_path, tiny_models["causal_lm"])
    assert again.of(Started)[-1].dtype == "int8"
    assert not any("Checking whether" in getattr(p, "message", "") for p in again.replies)


def test_float32_with_the_reason_when_int8_loses_quality(tmp_path, tiny_models, monkeypatch):
    monkeypatch.setattr(precision, "MAX_NLL_INCREASE", -1.0)  # int8 must be better than float32: it never is
    engine, replies = _ask(tmp_path, tiny_models["causal_lm"])
    summary = replies.of(MemoryStatus)[-1].models[0]
    assert summary.dtype == "float32" and "int8 was not used" in summary.note
    engine.loader.unload_all()
    # loaded again later (from the kept verdict): still float32, still saying why
    _, again = _ask(tmp_path, tiny_models["causal_lm"])
    assert again.of(Started)[-1].dtype == "float32"
    assert "int8 was not used" in again.of(MemoryStatus)[-1].models[0].note


@pytest.mark.parametrize("dtype", ["float32", "int8"])
def test_a_chosen_precision_is_never_second_guessed(tmp_path, tiny_models, dtype):
    replies = Recorder()
    engine = Engine(EngineConfig(models_dir=tmp_path / "models", device="cpu", dtype=dtype), emit=replies)
    assert isinstance(engine.handle(ChatRequest((ChatMessage("user", "hello"),), max_new_tokens=2, model=str(tiny_models["causal_lm"]))), Result)
    assert replies.of(Started)[-1].dtype == dtype
    assert not (tmp_path / "models" / precision.VERDICTS_FILE).exists()
