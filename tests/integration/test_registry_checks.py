"""The engine runs every request through core/registry.py and refuses payloads the table does not name."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from assistant.core import registry
from assistant.core.protocol import Failure, FailureKind, Partial, Task, new_id
from tests.fixtures import odd_task
from tests.helpers import make_engine


@dataclass(frozen=True)
class OddRequest:
    text: str = "x"
    model: str | None = None
    id: int = field(default_factory=new_id)
    task = Task.CHAT


@pytest.fixture
def engine(tmp_path, monkeypatch):
    monkeypatch.setitem(registry.ROUTES, OddRequest, registry.Route(Task.CHAT, "tests.fixtures.odd_task", (str,), str))
    return make_engine(tmp_path / "models")


def test_a_result_of_the_wrong_type_is_a_failure_naming_the_registry(engine, monkeypatch):
    engine, replies = engine
    monkeypatch.setitem(odd_task.MISDEED, "partial", False)
    terminal = engine.handle(OddRequest())
    assert isinstance(terminal, Failure) and terminal.kind is FailureKind.ERROR
    assert "registry" in terminal.detail and "int" in terminal.detail


def test_a_partial_of_the_wrong_type_never_reaches_the_window(engine, monkeypatch):
    engine, replies = engine
    monkeypatch.setitem(odd_task.MISDEED, "partial", True)
    terminal = engine.handle(OddRequest())
    assert isinstance(terminal, Failure) and "Partial" in terminal.detail
    assert not replies.of(Partial)


def test_every_task_module_named_in_the_registry_has_prepare_and_run():
    import importlib

    runners = {route.runner for route in registry.ROUTES.values()} - {registry.ENGINE, registry.DOWNLOADS}
    assert len(runners) == 9
    for runner in runners:
        module = importlib.import_module(runner)
        assert callable(module.prepare) and callable(module.run), runner
