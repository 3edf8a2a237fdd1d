"""The executor that owns the models: one request at a time, each ending in exactly
one Result or Failure, with no exception ever escaping.

Qt-free: the Qt thread wrapper (worker/qt.py) and the command line both drive it.
``handle`` runs one request on the calling thread; ``serve`` is the loop of the
worker thread, taking requests from a queue that any thread may fill.
"""

from __future__ import annotations

import logging
import queue
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from assistant.core.messages import (
    EngineStatus,
    Failure,
    FailureKind,
    ModelMissing,
    Partial,
    Progress,
    Reply,
    Request,
    Result,
    Started,
    Task,
    TaskError,
    TranslateFileRequest,
    TranslateRequest,
)
from assistant.core.models.loader import ModelLoader
from assistant.core.models.sources import ModelInfo, ModelInventory, describe_folder, discover
from assistant.core.tasks.common import TaskContext

log = logging.getLogger(__name__)

Emit = Callable[[Reply], None]


@dataclass(frozen=True)
class EngineConfig:
    models_dir: Path
    extra_model_dirs: tuple[str, ...] = ()
    device: str = "auto"
    hf_cache: Path | None = None

    @classmethod
    def from_settings(cls, settings, paths) -> "EngineConfig":
        """From assistant.settings.Settings and assistant.paths.AppPaths."""
        return cls(models_dir=paths.models, extra_model_dirs=tuple(settings.extra_model_dirs), device=settings.device)


@dataclass(frozen=True)
class _Configure:
    config: EngineConfig


_STOP = object()


class Engine:
    def __init__(self, config: EngineConfig, emit: Emit | None = None) -> None:
        self.config = config
        self.emit: Emit = emit or (lambda reply: None)
        self.loader = ModelLoader(device=config.device)
        self._inventory: ModelInventory | None = None
        self._queue: queue.Queue = queue.Queue()
        self._cancel_events: dict[int, threading.Event] = {}
        self._lock = threading.Lock()  # guards _cancel_events, touched by the GUI thread too

    # ------------------------------------------------- any thread: non-blocking

    def submit(self, request: Request) -> int:
        with self._lock:
            self._cancel_events[request.id] = threading.Event()
        self._queue.put(request)
        return request.id

    def cancel(self, request_id: int) -> None:
        with self._lock:
            event = self._cancel_events.get(request_id)
        if event is not None:
            event.set()

    def cancel_all(self) -> None:
        with self._lock:
            for event in self._cancel_events.values():
                event.set()

    def reconfigure(self, config: EngineConfig) -> None:
        """Takes effect before the next request (a running one finishes as it started)."""
        self._queue.put(_Configure(config))

    def stop(self) -> None:
        """Cancel everything and make ``serve`` return once the running request ends."""
        self.cancel_all()
        self._queue.put(_STOP)

    # ---------------------------------------------------------- worker thread

    def serve(self) -> None:
        self._warm_up()
        while True:
            item = self._queue.get()
            if item is _STOP:
                break
            if isinstance(item, _Configure):
                self._apply(item.config)
                continue
            self.handle(item)
        self.loader.unload_all()

    def _warm_up(self) -> None:
        """Import the heavy libraries here, on the worker thread, while the window already answers."""
        self.emit(EngineStatus("Loading the AI libraries…"))
        try:
            import torch  # noqa: F401
            import transformers  # noqa: F401
        except Exception as exc:  # a broken install must still leave the window usable
            log.exception("warm-up failed")
            self.emit(EngineStatus(f"The AI libraries could not be loaded: {exc}", ready=False))
            return
        self._announce_device()

    def _apply(self, config: EngineConfig) -> None:
        device_changed = config.device != self.config.device
        self.config = config
        self._inventory = None
        if device_changed:
            self.loader.unload_all()
            self.loader = ModelLoader(device=config.device)
            self._announce_device()

    def _announce_device(self) -> None:
        from assistant.core.devices import describe_device, resolve_device

        try:
            self.emit(EngineStatus("Ready", device=describe_device(resolve_device(self.config.device)), ready=True))
        except RuntimeError as exc:  # the chosen device is not there: say so, do not fall back
            self.emit(EngineStatus(str(exc), device=f"{self.config.device} (not available)", ready=True))

    def handle(self, request: Request) -> Result | Failure:
        """Run one request to its end; returns (and emits) its terminal message."""
        with self._lock:
            cancel = self._cancel_events.setdefault(request.id, threading.Event())
        try:
            terminal = self._run(request, cancel)
        except TaskError as exc:
            terminal = Failure(request.id, exc.kind, str(exc), _detail(exc))
        except MemoryError as exc:
            terminal = self._out_of_memory(request, exc)
        except Exception as exc:  # noqa: BLE001 - the worker must survive anything a model does
            if type(exc).__name__ == "OutOfMemoryError":  # torch.cuda.OutOfMemoryError, without importing torch
                terminal = self._out_of_memory(request, exc)
            else:
                log.exception("request %s failed", request.id)
                terminal = Failure(request.id, FailureKind.ERROR, f"Something went wrong: {exc}", _detail(exc))
        finally:
            with self._lock:
                self._cancel_events.pop(request.id, None)
        _log_terminal(request, terminal)
        self.emit(terminal)
        return terminal

    def _out_of_memory(self, request: Request, exc: BaseException) -> Failure:
        self.loader.unload_all()
        return Failure(
            request.id,
            FailureKind.OUT_OF_MEMORY,
            "The model ran out of memory. Try a smaller model, shorter text, or the CPU.",
            _detail(exc),
        )

    def _run(self, request: Request, cancel: threading.Event) -> Result:
        context = TaskContext(
            cancel=cancel,
            emit_partial=lambda payload: self.emit(Partial(request.id, payload)),
            progress=lambda done, total, message="": self.emit(Progress(request.id, done, total, message)),
        )
        context.load_model = lambda task, key: self.load_for_task(task, key, context)
        context.check_cancelled()
        if request.task is Task.ORGANIZE:  # file work, no model
            payload, stats = _task_module(request.task).run(None, request, context)
            return Result(request.id, payload, stats)
        if request.task is Task.TRANSLATE:
            return self._run_translation(request, context)
        info = self.resolve_model(request)
        backend = info.kind
        self.emit(Started(request.id, info.name, backend))
        loaded = self.loader.get(info, context.progress)
        context.check_cancelled()
        payload, stats = _task_module(request.task).run(loaded, request, context)
        return Result(request.id, payload, stats)

    def _run_translation(self, request: TranslateRequest | TranslateFileRequest, context: TaskContext) -> Result:
        """Translation may need two models (through English) and must know the language before choosing."""
        from assistant.core.tasks import translate

        job = translate.prepare(request)
        route = self.translation_route(request, job.source, job.detection)
        backend = "translation through English" if route.pivot else "translation"
        self.emit(Started(request.id, " + ".join(route.model_names), backend, translate.info_for(job, route)))
        loaded = []
        for leg in route.legs:
            loaded.append(self.loader.get(leg.model, context.progress))
            context.check_cancelled()
        payload, stats = translate.run_job(job, route, loaded, context)
        return Result(request.id, payload, stats)

    def translation_route(self, request, source: str, detection=None):
        """The model (or two, through English) that translate ``source`` into the request's target."""
        from assistant.core.translation.routes import find_route, route_with_model

        if request.model:
            return route_with_model(self._named_model(request.model, Task.TRANSLATE), source, request.target)
        route = find_route(self.inventory, source, request.target)
        if route is None:
            self._inventory = None  # something may have been installed since the last look
            route = find_route(self.inventory, source, request.target)
        if route is None:
            message = _missing_message(replace(request, source=source)) if isinstance(request, TranslateRequest) else _missing_pair(source, request.target)
            if detection is not None:
                from assistant.core.translation.languages import name

                message = f"The text looks like {name(source)} ({detection.confidence:.0%}). {message} Or choose the source language yourself."
            raise ModelMissing(message)
        return route

    # ------------------------------------------------------------- models

    @property
    def inventory(self) -> ModelInventory:
        if self._inventory is None:
            self._inventory = discover(self.config.models_dir, self.config.extra_model_dirs, self.config.hf_cache)
        return self._inventory

    def resolve_model(self, request: Request) -> ModelInfo:
        """The model that serves ``request``: the one it names, else the best installed one."""
        if request.model:
            return self._named_model(request.model, request.task)
        chosen = self._default_model(request)
        if chosen is None:
            self._inventory = None  # something may have been installed since the last look
            chosen = self._default_model(request)
        if chosen is None:
            raise ModelMissing(_missing_message(request))
        return chosen

    def load_for_task(self, task: Task, key: str | None, context: TaskContext):
        """A second model for a task that needs one (documents: the model that answers)."""
        if key:
            info = self._named_model(key, task)
        else:
            candidates = self.inventory.for_task(task)
            if not candidates:
                self._inventory = None  # something may have been installed since the last look
                candidates = self.inventory.for_task(task)
            if not candidates:
                raise ModelMissing(f"No model for {task.value} is installed. Add one on the Models page.")
            info = candidates[0]
        context.check_cancelled()
        return self.loader.get(info, context.progress)

    def _named_model(self, key: str, task: Task) -> ModelInfo:
        info = self.inventory.find(key)
        if info is None:
            path = Path(key).expanduser()
            try:
                info = describe_folder(path, "chosen") if path.is_dir() else None
            except (OSError, ValueError) as exc:
                raise ModelMissing(f"The model folder {path} is damaged: {exc}") from exc
            if info is None:
                raise ModelMissing(f"The model folder {path} does not exist or holds no model. Pick another on the Models page.")
        if task is Task.TRAIN_CLASSIFIER:
            task = Task.EMBED
        if task not in info.tasks:
            raise ModelMissing(f"The model '{info.name}' ({info.kind}) cannot do {task.value}. Pick another on the Models page.")
        return info

    def _default_model(self, request: Request) -> ModelInfo | None:
        if isinstance(request, TranslateRequest):
            return self.inventory.translation_model(request.source, request.target)
        task = request.task
        if task is Task.TRAIN_CLASSIFIER or getattr(request, "classifier", None):
            task = Task.EMBED  # a trained classifier sits on sentence embeddings
        candidates = self.inventory.for_task(task)
        return candidates[0] if candidates else None


def _task_module(task: Task):
    # Imported on first use, on the worker thread: each pulls in torch.
    if task is Task.CHAT:
        from assistant.core.tasks import chat as module
    elif task is Task.TRANSLATE:
        from assistant.core.tasks import translate as module
    elif task is Task.SENTIMENT:
        from assistant.core.tasks import sentiment as module
    elif task is Task.DOCUMENTS:
        from assistant.core.tasks import documents as module
    elif task is Task.TRAIN_CLASSIFIER:
        from assistant.core.tasks import train_classifier as module
    elif task is Task.ORGANIZE:
        from assistant.core.tasks import organize as module
    else:
        from assistant.core.tasks import classify as module
    return module


def _missing_pair(source: str, target: str) -> str:
    return (
        f"No translation model for {source} → {target} is installed. "
        f"Add one on the Models page (for example Helsinki-NLP/opus-mt-{source}-{target})."
    )


def _missing_message(request: Request) -> str:
    if isinstance(request, TranslateRequest):
        return _missing_pair(request.source, request.target)
    return f"No model for {request.task.value} is installed. Add one on the Models page."


def _log_terminal(request: Request, terminal: Result | Failure) -> None:
    if isinstance(terminal, Failure):
        level = logging.INFO if terminal.kind is FailureKind.CANCELLED else logging.WARNING
        log.log(level, "request %s (%s) ended: %s: %s", request.id, request.task.value, terminal.kind.value, terminal.message)
        return
    log.info("request %s (%s) done: %s", request.id, request.task.value, terminal.stats.describe() if terminal.stats else "")
    if log.isEnabledFor(logging.DEBUG):
        log.debug("request %s (%s) result: %.300r", request.id, request.task.value, terminal.payload)


def _detail(exc: BaseException) -> str:
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
