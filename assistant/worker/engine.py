"""The executor that owns the models: one request at a time, each ending in exactly
one Result or Failure, with no exception ever escaping.

Qt-free: the Qt thread wrapper (worker/qt.py) and the command line both drive it.
``handle`` runs one request on the calling thread; ``serve`` is the loop of the
worker thread, taking requests from a queue that any thread may fill.
"""

from __future__ import annotations

import importlib
import logging
import queue
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.core.context import Plan, TaskContext
from assistant.core.models.devices import free_unused_memory, is_out_of_memory
from assistant.core.models.loader import Placement
from assistant.core.models.messages import ImportGgufRequest, ImportPickleRequest, LoadModelRequest, UnloadModelRequest
from assistant.core.models.sources import ModelInfo, ModelInventory, default_hf_cache, describe_folder, discover
from assistant.core.protocol import (
    EngineStatus,
    Failure,
    FailureKind,
    MemoryStatus,
    ModelMissing,
    Partial,
    Progress,
    Reply,
    Result,
    Started,
    Task,
    TaskError,
    task_name,
)
from assistant.core.say import message_of, say
from assistant.paths import app_paths
from assistant.worker import gil
from assistant.worker.config import EngineConfig

if TYPE_CHECKING:  # the registry imports every task's messages: at the first request, not at start
    from assistant.core.registry import AnyRequest, ModelRequest

log = logging.getLogger(__name__)

Emit = Callable[[Reply], None]


@dataclass(frozen=True)
class _Configure:
    config: EngineConfig


_STOP = object()
_allocator_tuned = False


def _tune_allocator_once() -> None:
    """devices.tune_allocator, before any model is loaded (see there why); on the thread that serves or
    handles the first request, so that the GUI does not load ctypes and libc before its first paint."""
    global _allocator_tuned
    if not _allocator_tuned:
        _allocator_tuned = True
        from assistant.core.models.devices import tune_allocator

        tune_allocator()


class Engine:
    def __init__(self, config: EngineConfig, emit: Emit | None = None) -> None:
        self.config = config
        self.emit: Emit = emit or (lambda reply: None)
        self.loader = config.make_loader(self._memory_changed)
        self._inventory: ModelInventory | None = None
        self._queue: queue.Queue = queue.Queue()
        self._cancel_events: dict[int, threading.Event] = {}
        self._waiting: set[int] = set()  # queued, not yet started
        self._loading = ""  # name of the model being loaded now, for the requests that wait
        self._current: tuple[ModelInfo | None, Placement | None] = (None, None)  # what the running request uses
        self._lock = threading.Lock()  # guards the three above, touched by the GUI thread too
        self._checking = ""  # the model whose int8 check was last announced

    # ------------------------------------------------- any thread: non-blocking

    def submit(self, request: AnyRequest) -> int:
        with self._lock:
            self._cancel_events[request.id] = threading.Event()
            self._waiting.add(request.id)
            loading = self._loading
        if loading:  # sent before the put, so it comes before anything the worker says about it
            self.emit(Progress(request.id, 0, 0, _waiting_message(loading)))
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
        _tune_allocator_once()
        self._warm_up()
        while True:
            item = self._next_item()
            if item is _STOP:
                break
            if isinstance(item, _Configure):
                self._apply(item.config)
                continue
            self.handle(item)
            self._checking = ""  # the status bar said the request's outcome: a check that goes on says so again
        self.loader.unload_all()

    def _next_item(self):
        """The next request; while none waits, the int8 checks of loaded models go on, one short step at a time."""
        while self.loader.check_waiting:
            try:
                return self._queue.get_nowait()
            except queue.Empty:
                self._check_step()
        return self._queue.get()

    def _check_step(self) -> None:
        """One step of a chat model's int8 check (core/models/precision.py); it gives way as soon as a request comes."""
        name = self.loader.check_waiting
        if self._checking != name:
            self._checking = name
            self.emit(EngineStatus(say("Checking whether {model} keeps its quality in int8 (first use only)…", model=name), ready=True))
        verdict = self.loader.check_step(should_yield=lambda: not self._queue.empty())
        if self.loader.check_waiting == name:
            return
        self._checking = ""
        if verdict is not None and verdict.int8_ok:
            message = say("{model} runs in int8 from now on: it keeps its quality there.", model=name)
        else:
            message = say("{model} stays in float32: see the Models page for why.", model=name)
        self.emit(EngineStatus(message, ready=True))

    def _warm_up(self) -> None:
        """Import the heavy libraries here, on the worker thread, while the window already answers."""
        self.emit(EngineStatus(say("Loading the AI libraries…")))
        try:
            gil.preload_torch_libraries()  # the longest C call of the import, made without the GIL
            import torch  # noqa: F401
            import transformers  # noqa: F401
        except Exception as exc:  # a broken install must still leave the window usable
            log.exception("warm-up failed")
            self.emit(EngineStatus(say("The AI libraries could not be loaded: {error}", error=message_of(exc)), ready=False))
            return
        self._announce_device()

    def _apply(self, config: EngineConfig) -> None:
        old = self.config
        self.config = config
        self._inventory = None
        placement_changed = (old.device, old.dtype, old.allow_pickle, old.placements) != (
            config.device,
            config.dtype,
            config.allow_pickle,
            config.placements,
        )
        if placement_changed:
            # Models in memory stay where they are only if nothing about their placement changed.
            self.loader.unload_all()
            self.loader = config.make_loader(self._memory_changed)
        elif old.memory_budget_bytes != config.memory_budget_bytes:
            self.loader.budget_setting = config.memory_budget_bytes
            self.loader._make_room(0)
            self._memory_changed()
        if config.device != old.device:
            self._announce_device()

    def _memory_changed(self) -> None:
        self.emit(MemoryStatus(self.loader.summaries(), self.loader.budget_bytes))

    def _announce_device(self) -> None:
        from assistant.core.models.devices import describe_device, resolve_device

        try:
            self.emit(EngineStatus(say("Ready"), device=describe_device(resolve_device(self.config.device)), ready=True))
        except RuntimeError as exc:  # the chosen device is not there: say so, do not fall back
            self.emit(EngineStatus(message_of(exc), device=say("{device} (not available)", device=self.config.device), ready=True))

    def handle(self, request: AnyRequest) -> Result | Failure:
        """Run one request to its end; returns (and emits) its terminal message."""
        _tune_allocator_once()
        with self._lock:
            cancel = self._cancel_events.setdefault(request.id, threading.Event())
            self._waiting.discard(request.id)
        retried = False
        while True:
            try:
                terminal = self._run(request, cancel)
            except TaskError as exc:
                terminal = Failure(request.id, exc.kind, message_of(exc), _detail(exc))
            except Exception as exc:  # noqa: BLE001 - the worker must survive anything a model does
                if not is_out_of_memory(exc):
                    log.exception("request %s failed", request.id)
                    terminal = Failure(request.id, FailureKind.ERROR, say("Something went wrong: {error}", error=message_of(exc)), _detail(exc))
                elif not retried and self._retry_elsewhere(request, exc):
                    retried = True
                    continue
                else:
                    terminal = self._out_of_memory(request, exc)
            break
        with self._lock:
            self._cancel_events.pop(request.id, None)
            self._loading = ""
        _log_terminal(request, terminal)
        self.emit(terminal)
        if isinstance(terminal, Failure) and terminal.kind in (FailureKind.CANCELLED, FailureKind.OUT_OF_MEMORY):
            # What a stopped load or a failed forward pass built is unreferenced now: give the memory back.
            # After the terminal message: gc.collect() alone took 0.5-0.8 s on 2 busy cores, and Stop is
            # answered when the message arrives (bench/chat_stop.py); the next request waits for it here.
            placement = self._current[1]
            free_unused_memory(placement.device if placement is not None else "cpu")
        return terminal

    # ------------------------------------------------------- out of memory

    def _retry_elsewhere(self, request, exc: BaseException) -> bool:
        """On running out of GPU memory, retry once where the user's setting says; say so, never silently."""
        from assistant.core.models.devices import oom_fallback
        from assistant.core.protocol import describe_placement

        info, placement = self._current
        target = oom_fallback(placement.device, placement.dtype, self.config.oom_action) if placement else None
        if info is None or target is None:
            return False
        self.loader.unload(info.key)
        self.loader.overrides[info.key] = target
        log.warning("out of memory on %s for %s; retrying on %s: %s", placement.describe(), info.name, target, exc)
        self.emit(
            Progress(
                request.id,
                0,
                0,
                say(
                    "Out of GPU memory with {model} ({placement}): retrying on {target}, as set on the Models page.",
                    model=info.name,
                    placement=placement.describe(),
                    target=describe_placement(*target),
                ),
            )
        )
        return True

    def _out_of_memory(self, request, exc: BaseException) -> Failure:
        info, placement = self._current
        if info is not None:
            self.loader.unload(info.key)
        if placement is not None and placement.device != "cpu":
            message = say(
                "{model} ran out of GPU memory ({placement}). Retry at a lower precision or on the CPU, or unload other models.",
                model=info.name,
                placement=placement.describe(),
            )
        else:
            message = say("The model ran out of memory. Try int8 precision, a smaller model, shorter text, or unload other models.")
        return Failure(request.id, FailureKind.OUT_OF_MEMORY, message, _detail(exc))

    # -------------------------------------------------------------- running

    def _run(self, request: AnyRequest, cancel: threading.Event) -> Result:
        context = TaskContext(
            cancel=cancel,
            emit_partial=lambda payload: self._emit_partial(request, payload),
            progress=lambda done, total, message="": self.emit(Progress(request.id, done, total, message)),
            data_dir=self.config.data_dir or app_paths().data,
        )
        context.load_model = lambda task, key: self.load_for_task(task, key, context)
        self._current = (None, None)
        context.check_cancelled()
        from assistant.core.registry import ENGINE, fits_result, route_of

        runner = route_of(request).runner
        if runner == ENGINE:
            return self._manage(request, context)
        module = importlib.import_module(runner)  # on first use, on this thread: it pulls in torch
        plan: Plan = module.prepare(request, self)
        self._announce(request, plan)
        loaded = []
        for info in plan.models:
            loaded.append(self._get_loaded(info, context))
            context.check_cancelled()
        payload, stats = module.run(loaded, plan.job, context)
        if not fits_result(request, payload):
            raise TypeError(f"{runner} returned a {type(payload).__name__}, not what core/registry.py names for {type(request).__name__}")
        return Result(request.id, payload, stats)

    def _emit_partial(self, request: AnyRequest, payload: object) -> None:
        from assistant.core.registry import fits_partial

        if not fits_partial(request, payload):
            raise TypeError(f"a {type(payload).__name__} Partial is not one core/registry.py names for {type(request).__name__}")
        self.emit(Partial(request.id, payload))

    def _announce(self, request: AnyRequest, plan: Plan) -> None:
        """Started: which model(s) run the request, and where when it is one."""
        if len(plan.models) == 1:
            info = plan.models[0]
            placement = self.loader.placement_for(info)
            self._current = (info, placement)
            self.emit(Started(request.id, info.name, plan.backend or info.kind, plan.detail, info.key, placement.device, placement.dtype))
        else:
            names = " + ".join(info.name for info in plan.models) or plan.model_name
            self.emit(Started(request.id, names, plan.backend, plan.detail))

    def _get_loaded(self, info: ModelInfo, context: TaskContext):
        """The model in memory; while it loads, the requests in the queue are told why they wait."""
        if self.loader.is_loaded(info.key):
            return self.loader.get(info, context.progress, context.cancel)
        with self._lock:
            self._loading = info.name
            waiting = sorted(self._waiting)
        for request_id in waiting:
            self.emit(Progress(request_id, 0, 0, _waiting_message(info.name)))
        try:
            return self.loader.get(info, context.progress, context.cancel)
        finally:
            with self._lock:
                self._loading = ""

    def _manage(self, request: ModelRequest, context: TaskContext) -> Result:
        from assistant.core.models import manage

        if isinstance(request, ImportGgufRequest):
            imported = manage.import_gguf(request.path, self.config.models_dir, request.name, context.progress, context.cancel)
            self._inventory = None
            return Result(request.id, imported)
        if isinstance(request, ImportPickleRequest):
            imported = manage.import_pickle_model(request.path, self.config.models_dir, request.name, context.cancel)
            self._inventory = None
            return Result(request.id, imported)
        if isinstance(request, UnloadModelRequest):
            freed = self.loader.unload(request.key) if request.key else self.loader.unload_all()
            return Result(request.id, freed)
        info = manage.find_model(self.inventory, request.key)
        if info is None:
            self._inventory = None  # look again: it may have arrived since
            info = manage.find_model(self.inventory, request.key)
        if info is None and isinstance(request, LoadModelRequest) and Path(request.key).expanduser().is_dir():
            info = self._folder_model(request.key)
        if info is None:
            raise ModelMissing(say("No model '{key}' is installed (or its folder is gone).", key=request.key))
        if isinstance(request, LoadModelRequest):
            self._announce(request, Plan((info,), request))
            loaded = self._get_loaded(info, context)
            return Result(request.id, loaded.summary())
        self.loader.unload(info.key)
        removed = manage.remove_model(info, self.config.models_dir, self.config.extra_model_dirs, self.config.hf_cache or default_hf_cache())
        self._inventory = None
        return Result(request.id, removed)

    # ------------------------------------------------------------- models

    @property
    def inventory(self) -> ModelInventory:
        if self._inventory is None:
            self._inventory = discover(self.config.models_dir, self.config.extra_model_dirs, self.config.hf_cache)
        return self._inventory

    # What task modules' prepare() may ask (core/context.py ModelChooser).

    def installed(self, fresh: bool = False) -> ModelInventory:
        if fresh:
            self._inventory = None
        return self.inventory

    def choose(self, task: Task, key: str | None) -> ModelInfo:
        if key:
            return self._named_model(key, task)
        candidates = self.inventory.for_task(task) or self.installed(fresh=True).for_task(task)
        if not candidates:
            raise ModelMissing(say("No model for {task} is installed. Add one on the Models page.", task=task_name(task)))
        return candidates[0]

    def load_for_task(self, task: Task, key: str | None, context: TaskContext):
        """A second model for a task that needs one (documents: the model that answers)."""
        info = self.choose(task, key)
        context.check_cancelled()
        return self._get_loaded(info, context)

    def _named_model(self, key: str, task: Task) -> ModelInfo:
        info = self.inventory.find(key) or self._folder_model(key)
        if task not in info.tasks:
            raise ModelMissing(
                say("The model '{model}' ({kind}) cannot do {task}. Pick another on the Models page.", model=info.name, kind=info.kind, task=task_name(task))
            )
        return info

    def _folder_model(self, key: str) -> ModelInfo:
        """A model folder named by path that discovery did not list (chosen by hand, or gone)."""
        path = Path(key).expanduser()
        try:
            info = describe_folder(path, "chosen") if path.is_dir() else None
        except (OSError, ValueError) as exc:
            raise ModelMissing(say("The model folder {path} is damaged: {problem}", path=str(path), problem=message_of(exc))) from exc
        if info is None:
            raise ModelMissing(say("The model folder {path} does not exist or holds no model. Pick another on the Models page.", path=str(path)))
        return info


def _waiting_message(model_name: str) -> str:
    return say("Waiting: {model} is loading…", model=model_name)


def _log_terminal(request: AnyRequest, terminal: Result | Failure) -> None:
    if isinstance(terminal, Failure):
        level = logging.INFO if terminal.kind is FailureKind.CANCELLED else logging.WARNING
        log.log(level, "request %s (%s) ended: %s: %s", request.id, request.task.value, terminal.kind.value, terminal.message)
        return
    log.info("request %s (%s) done: %s", request.id, request.task.value, terminal.stats.describe() if terminal.stats else "")
    if log.isEnabledFor(logging.DEBUG):
        log.debug("request %s (%s) result: %.300r", request.id, request.task.value, terminal.payload)


def _detail(exc: BaseException) -> str:
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
