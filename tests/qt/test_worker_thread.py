"""The real worker thread: replies arrive on the GUI thread, in order, and it stops cleanly."""

from __future__ import annotations

from PySide6.QtCore import QThread

from assistant.core.chat.messages import ChatMessage, ChatRequest
from assistant.core.protocol import Failure, FailureKind, Result
from assistant.core.sentiment.messages import SentimentRequest
from assistant.worker.engine import EngineConfig
from assistant.worker.qt import WorkerClient


class Receiver:
    def __init__(self) -> None:
        self.events: list = []
        self.threads: set = set()

    def _note(self, kind, reply):
        self.threads.add(QThread.currentThread())
        self.events.append((kind, reply))

    def on_started(self, reply):
        self._note("started", reply)

    def on_progress(self, reply):
        self._note("progress", reply)

    def on_partial(self, reply):
        self._note("partial", reply)

    def on_finished(self, reply):
        self._note("finished", reply)

    @property
    def done(self) -> bool:
        return any(kind == "finished" for kind, _ in self.events)


def test_requests_are_answered_in_order_on_the_gui_thread(qtbot, tmp_path, tiny_models, tiny_models_dir):
    client = WorkerClient(EngineConfig(models_dir=tmp_path, extra_model_dirs=(str(tiny_models_dir),), device="cpu"))
    receivers = [Receiver() for _ in range(3)]
    requests = [
        ChatRequest((ChatMessage("user", "hi"),), max_new_tokens=6, model=str(tiny_models["causal_lm"])),
        SentimentRequest("lovely"),
        SentimentRequest(""),
    ]
    finished_order = []
    client.activity.connect(lambda reply: finished_order.append(reply.request_id) if isinstance(reply, (Result, Failure)) else None)
    # Submitted before the thread runs: they wait in the queue.
    for request, receiver in zip(requests, receivers, strict=True):
        client.submit(request, receiver)
    client.start()
    try:
        qtbot.waitUntil(lambda: all(r.done for r in receivers), timeout=60_000)
    finally:
        assert client.shutdown()
    assert finished_order == [r.id for r in requests]
    gui_thread = QThread.currentThread()
    for receiver in receivers:
        assert receiver.threads == {gui_thread}
        assert [kind for kind, _ in receiver.events].count("finished") == 1
        assert receiver.events[-1][0] == "finished"
    chat_kinds = [kind for kind, _ in receivers[0].events]
    assert chat_kinds[0] == "started" and "partial" in chat_kinds
    assert isinstance(receivers[1].events[-1][1], Result)
    assert receivers[2].events[-1][1].kind is FailureKind.BAD_INPUT
    assert not client.running


def test_shutdown_cancels_a_running_generation_quickly(qtbot, tmp_path, tiny_models):
    import time

    client = WorkerClient(EngineConfig(models_dir=tmp_path, device="cpu"))
    receiver = Receiver()
    client.submit(ChatRequest((ChatMessage("user", "go on and on"),), max_new_tokens=100_000, model=str(tiny_models["causal_lm"])), receiver)
    client.start()
    qtbot.waitUntil(lambda: any(kind == "partial" for kind, _ in receiver.events), timeout=60_000)
    started = time.monotonic()
    assert client.shutdown(timeout_ms=10_000)
    assert time.monotonic() - started < 5
    assert not client.running


def test_the_engine_and_its_thread_are_made_at_the_first_use_not_with_the_client(qtbot, tmp_path):
    """The window makes its client before its first paint: the engine module is imported, and the
    thread made, only when the client is started (or sent a request)."""
    client = WorkerClient(EngineConfig(models_dir=tmp_path / "models", data_dir=tmp_path / "data"))
    assert client._worker is None and not client.running
    assert client.shutdown()  # never started: nothing to stop, nothing made
    assert client._worker is None
    client = WorkerClient(EngineConfig(models_dir=tmp_path / "models", data_dir=tmp_path / "data"))
    client.reconfigure(EngineConfig(models_dir=tmp_path / "other", data_dir=tmp_path / "data"))
    client.start()
    assert client._worker is not None and client._worker.engine.config.models_dir == tmp_path / "other"
    qtbot.waitUntil(lambda: client.last_status is not None and client.last_status.ready, timeout=60_000)
    assert client.shutdown()
