"""The envelope of every request: ids, tasks, and the replies that travel back.

Requests go to the worker; Started, Progress and Partial come back while it works;
exactly one terminal reply (Result or Failure) ends every request.  EngineStatus and
MemoryStatus are about the worker itself, not one request.  All are frozen dataclasses
so they can cross threads without anybody mutating them on the way.

The requests and payloads of each task live in its wing (core/chat/messages.py,
core/translate/messages.py, ...); core/registry.py says which request produces what.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from enum import Enum
from typing import Generic, Protocol, TypeVar

from assistant.core.say import say

_request_ids = itertools.count(1)


def new_id() -> int:
    """A request id not used before in this process."""
    return next(_request_ids)


class Task(str, Enum):
    CHAT = "chat"
    TRANSLATE = "translate"
    SENTIMENT = "sentiment"
    CLASSIFY = "classify"
    EMBED = "embed"
    DOCUMENTS = "documents"  # index and ask local documents (the embedding model retrieves)
    QA = "extractive qa"  # models that return an exact span of a passage
    TRAIN_CLASSIFIER = "train classifier"  # embeddings + a small classifier (core/classify/trained.py)
    ORGANIZE = "organize"  # copy/move files into label folders, or undo that; needs no model
    MODELS = "models"  # managing models: download, import, remove, load, unload


# The tasks' names in sentences ("No model for {task} is installed"): the same English
# words as the values, translatable by the window.
_TASK_NAMES = {
    Task.CHAT: say("chat"),
    Task.TRANSLATE: say("translate"),
    Task.SENTIMENT: say("sentiment"),
    Task.CLASSIFY: say("classify"),
    Task.EMBED: say("embed"),
    Task.DOCUMENTS: say("documents"),
    Task.QA: say("extractive qa"),
    Task.TRAIN_CLASSIFIER: say("train classifier"),
    Task.ORGANIZE: say("organize"),
    Task.MODELS: say("models"),
}


def task_name(task: object) -> str:
    """The name of ``task`` (a Task, or any other value) for a sentence."""
    if isinstance(task, Task):
        return _TASK_NAMES.get(task, task.value)
    return str(getattr(task, "value", task))


class Describable(Protocol):
    """A task-specific detail of Started that can say itself in a sentence."""

    def describe(self) -> str: ...


PayloadT = TypeVar("PayloadT", covariant=True)


# ---------------------------------------------------------------- replies


@dataclass(frozen=True)
class Started:
    """The worker took the request off the queue; ``model`` names what runs it."""

    request_id: int
    model: str
    backend: str  # e.g. "sequence classifier", "embedding similarity"
    detail: Describable | None = None  # task-specific: TranslationInfo for translations
    key: str = ""  # the model's key (its folder), to offer a retry elsewhere after a failure
    device: str = ""  # "cpu", "cuda", "mps": where it runs; empty when no single model runs it
    dtype: str = ""  # "float32", "bfloat16", "float16", "int8"

    @property
    def placement(self) -> str:
        """Where it runs, for people: "CPU, float32"; empty when unknown."""
        return describe_placement(self.device, self.dtype) if self.device else ""


@dataclass(frozen=True)
class EngineStatus:
    """Not about one request: the worker starting, its device, libraries ready."""

    message: str
    device: str = ""
    ready: bool = False


@dataclass(frozen=True)
class Progress:
    request_id: int
    done: int
    total: int  # 0 when the total is unknown
    message: str = ""


@dataclass(frozen=True)
class Partial(Generic[PayloadT]):
    """A piece of the answer: a chat token, a translated sentence, a classified file.

    Which payload types each request sends is written in core/registry.py.
    """

    request_id: int
    payload: PayloadT


@dataclass(frozen=True)
class Stats:
    items: int
    unit: str  # "tokens", "sentences", "files", ...
    seconds: float
    words: int = 0  # words of input, where that means something (translation)
    first_seconds: float = 0.0  # until the first item came out (chat: time to first token); 0 = not measured

    @property
    def rate(self) -> float:
        return self.items / self.seconds if self.seconds > 0 else 0.0

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds > 0 else 0.0

    def describe(self) -> str:
        unit = _UNITS.get(self.unit, self.unit)
        if self.words:
            return say("{rate:.1f} {unit}/s · {words:.0f} words/s", rate=self.rate, unit=unit, words=self.words_per_second)
        return say("{rate:.1f} {unit}/s", rate=self.rate, unit=unit)


# The units of Stats in its sentence, translatable by the window.
_UNITS = {
    "tokens": say("tokens"),
    "sentences": say("sentences"),
    "files": say("files"),
    "passages": say("passages"),
    "examples": say("examples"),
    "texts": say("texts"),
    "lines": say("lines"),
}


@dataclass(frozen=True)
class Result(Generic[PayloadT]):
    """The end of a request that succeeded; core/registry.py names each request's payload type."""

    request_id: int
    payload: PayloadT
    stats: Stats | None = None


class FailureKind(str, Enum):
    CANCELLED = "cancelled"
    MODEL_MISSING = "model missing"
    OUT_OF_MEMORY = "out of memory"
    BAD_INPUT = "bad input"
    ERROR = "error"


@dataclass(frozen=True)
class Failure:
    request_id: int
    kind: FailureKind
    message: str  # one sentence for a person
    detail: str = ""  # for the log: traceback or the original error


@dataclass(frozen=True)
class LoadedSummary:
    """One model in memory, as the Models page and the status bar show it."""

    key: str
    name: str
    device: str  # "cpu", "cuda", "mps"
    dtype: str  # "float32", "bfloat16", "float16", "int8"
    bytes: int  # estimated from its parameters and buffers
    note: str = ""  # why it runs in this precision when "automatic" did not pick the fastest (a sentence)

    @property
    def placement(self) -> str:
        return describe_placement(self.device, self.dtype)


@dataclass(frozen=True)
class MemoryStatus:
    """Not about one request: which models are in memory now, sent after every change."""

    models: tuple[LoadedSummary, ...]
    budget_bytes: int

    @property
    def used_bytes(self) -> int:
        return sum(m.bytes for m in self.models)


def describe_placement(device: str, dtype: str) -> str:
    names = {"cpu": "CPU", "cuda": "GPU", "mps": "Apple GPU"}
    return f"{names.get(device, device)}, {dtype}"


Reply = EngineStatus | MemoryStatus | Started | Progress | Partial[object] | Result[object] | Failure


# --------------------------------------------------------------- exceptions


class TaskError(Exception):
    """Raised inside tasks; the engine turns it into a Failure of its kind."""

    kind = FailureKind.ERROR


class BadInput(TaskError):
    kind = FailureKind.BAD_INPUT


class ModelMissing(TaskError):
    kind = FailureKind.MODEL_MISSING


class Cancelled(TaskError):
    kind = FailureKind.CANCELLED
