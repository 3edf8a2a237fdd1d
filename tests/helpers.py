"""Small helpers shared by the tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from assistant.core.protocol import Result
from assistant.core.registry import Request
from assistant.worker.engine import Engine, EngineConfig


class Recorder:
    """An engine emit callback that keeps every reply, in order."""

    def __init__(self) -> None:
        self.replies: list = []

    def __call__(self, reply) -> None:
        self.replies.append(reply)

    def of(self, kind) -> list:
        return [r for r in self.replies if isinstance(r, kind)]


def make_engine(models_dir: Path, extra: tuple[str, ...] = ()) -> tuple[Engine, Recorder]:
    recorder = Recorder()
    engine = Engine(EngineConfig(models_dir=models_dir, extra_model_dirs=extra, device="cpu"), emit=recorder)
    return engine, recorder


def embedding_model(engine: Engine):
    """The engine's starter embedding model (all-MiniLM-L6-v2), loaded by its loader as the tasks load it."""
    from assistant.core.models.sources import discover

    return engine.loader.get(next(m for m in discover(engine.config.models_dir).models if m.kind == "embedding"))


def run_ok(engine: Engine, request: Request) -> Result:
    terminal = engine.handle(request)
    assert isinstance(terminal, Result), terminal
    return terminal


def handle_stopping(engine: Engine, request: Request, stop_when: Callable[[object], bool]):
    """Run ``request`` on ``engine``, cancelling it at the first reply ``stop_when`` says yes to
    (every reply still reaches the engine's own emit); its terminal message."""
    emit = engine.emit

    def watch(reply) -> None:
        emit(reply)
        if stop_when(reply):
            engine.cancel(request.id)

    engine.emit = watch
    try:
        return engine.handle(request)
    finally:
        engine.emit = emit
