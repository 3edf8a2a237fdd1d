"""What a task gets from the engine, and what it gives back before it runs.

Every task module (core/<task>/task.py) has the same two steps, as the transformers
pipelines do:

* ``prepare(request, models: ModelChooser) -> Plan`` checks and shapes the input and
  names the models it needs (the chooser knows what is installed); no model runs yet.
* ``run(loaded, job, context) -> (payload, Stats)`` gets those models loaded, in the
  plan's order, the plan's ``job``, and a TaskContext to report progress, send partial
  results and notice a stop.

The engine (worker/engine.py) does the rest: queue, loading, memory, the one terminal reply.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from assistant.core.protocol import BadInput, Cancelled, Describable, ModelMissing, Task, task_name
from assistant.core.say import say

if TYPE_CHECKING:
    from assistant.core.models.sources import ModelInfo, ModelInventory

# Pasted text above this is refused with a clear message rather than tying up the
# worker for hours; files have their own limit in core/files/read.py.
MAX_TEXT_CHARS = 100_000

# What require_text calls the text it checks, in its sentences.
TEXT = say("text")
QUESTION = say("question")


class ModelChooser(Protocol):
    """What ``prepare`` may ask the engine about models; nothing is loaded by asking."""

    def choose(self, task: Task, key: str | None) -> ModelInfo:
        """The model ``key`` names (checked that it can do ``task``), else the best installed one; ModelMissing if none."""
        ...

    def installed(self, fresh: bool = False) -> ModelInventory:
        """Every installed model; ``fresh`` looks on disk again (something may have arrived)."""
        ...


@dataclass(frozen=True)
class Plan:
    """What ``prepare`` hands the engine: the models to load, in order, and what ``run`` needs."""

    models: tuple[ModelInfo, ...]
    job: Any  # what run() receives: the request itself, or the task's shaped form of it
    backend: str = ""  # for Started: how it runs; "" says the model's kind
    detail: Describable | None = None  # for Started: a task-specific note (the translation route)
    model_name: str = ""  # for Started when no local model runs it: a server's model, "server/model-id"


def one_model(task: Task, request: Any, models: ModelChooser) -> Plan:
    """The plan of most tasks: the model the request names (or the best installed one for ``task``), the request as the job."""
    return Plan((models.choose(task, request.model),), request)


def _no_progress(done: int, total: int, message: str = "") -> None:
    """TaskContext's default progress: nobody is told."""


@dataclass
class TaskContext:
    cancel: threading.Event = field(default_factory=threading.Event)
    emit_partial: Callable[[Any], None] = lambda payload: None
    progress: Callable[[int, int, str], None] = _no_progress
    # A second model for tasks that need one (documents: the chat or QA model that answers):
    # load_model(task, model key or None for the installed default) -> LoadedModel; raises ModelMissing.
    load_model: Callable[[Any, str | None], Any] = field(default=lambda task, key: _no_second_model(task))
    # The program's data folder (classify jobs, trained classifiers, organize logs), given by the
    # engine's caller, which knows the program's folders (core does not look them up).
    data_dir: Path | None = None

    def check_cancelled(self) -> None:
        if self.cancel.is_set():
            raise Cancelled(say("Stopped."))


def _no_second_model(task: Any) -> Any:
    raise ModelMissing(say("No model for {task} is available here.", task=task_name(task)))


def require_text(text: str, what: str = TEXT) -> str:
    """``text`` itself; BadInput when it is empty or too long.  ``what`` names it: TEXT or QUESTION."""
    if not text or not text.strip():
        raise BadInput(say("There is no {what} to work on: type or paste some first.", what=what))
    if len(text) > MAX_TEXT_CHARS:
        raise BadInput(
            say(
                "The {what} is too long ({length:,} characters; the limit is {limit:,}). Split it into parts or use a file.",
                what=what,
                length=len(text),
                limit=MAX_TEXT_CHARS,
            )
        )
    return text
