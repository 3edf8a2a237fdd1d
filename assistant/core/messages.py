"""The messages that travel between the tabs and the worker.

Requests go to the worker; Progress and Partial come back while it works; exactly
one terminal message (Result or Failure) ends every request.  All are frozen
dataclasses so they can cross threads without anybody mutating them on the way.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

_request_ids = itertools.count(1)


def _next_id() -> int:
    return next(_request_ids)


class Task(str, Enum):
    CHAT = "chat"
    TRANSLATE = "translate"
    SENTIMENT = "sentiment"
    CLASSIFY = "classify"
    EMBED = "embed"
    MODELS = "models"  # managing models: download, import, remove, load, unload


# ---------------------------------------------------------------- requests


@dataclass(frozen=True)
class ChatMessage:
    role: str  # "system" | "user" | "assistant"
    content: str


@dataclass(frozen=True)
class ChatRequest:
    messages: tuple[ChatMessage, ...]
    max_new_tokens: int = 256
    temperature: float = 0.0  # 0 means greedy: the same question gives the same answer
    top_p: float = 1.0
    model: str | None = None  # model folder; None = the one chosen for the task
    id: int = field(default_factory=_next_id)
    task = Task.CHAT


@dataclass(frozen=True)
class TranslateRequest:
    text: str
    source: str
    target: str
    model: str | None = None
    id: int = field(default_factory=_next_id)
    task = Task.TRANSLATE


@dataclass(frozen=True)
class SentimentRequest:
    text: str
    model: str | None = None
    id: int = field(default_factory=_next_id)
    task = Task.SENTIMENT


@dataclass(frozen=True)
class ClassifyItem:
    """One thing to classify: pasted text (path None) or a file to read."""

    name: str
    text: str | None = None
    path: str | None = None


@dataclass(frozen=True)
class ClassifyRequest:
    labels: tuple[str, ...]
    items: tuple[ClassifyItem, ...]
    model: str | None = None
    id: int = field(default_factory=_next_id)
    task = Task.CLASSIFY


Request = ChatRequest | TranslateRequest | SentimentRequest | ClassifyRequest
# The requests that manage models (download, import, remove, load, unload) live in
# assistant/core/models/requests.py and are handled by the same engine.


# ---------------------------------------------------------------- replies


@dataclass(frozen=True)
class Started:
    """The worker took the request off the queue; ``model`` names what runs it."""

    request_id: int
    model: str
    backend: str  # e.g. "sequence classifier", "embedding similarity"
    key: str = ""  # the model's key (its folder), to offer a retry elsewhere after a failure
    placement: str = ""  # where it runs, e.g. "CPU, float32"; empty until loaded


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
class Partial:
    """A piece of the answer: a chat token, a translated sentence, a classified file."""

    request_id: int
    payload: Any


@dataclass(frozen=True)
class Stats:
    items: int
    unit: str  # "tokens", "sentences", "files", ...
    seconds: float

    @property
    def rate(self) -> float:
        return self.items / self.seconds if self.seconds > 0 else 0.0

    def describe(self) -> str:
        return f"{self.rate:.1f} {self.unit}/s"


@dataclass(frozen=True)
class Result:
    request_id: int
    payload: Any
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


Terminal = Result | Failure
Reply = EngineStatus | Started | Progress | Partial | Result | Failure


# ------------------------------------------------------- payloads of results


@dataclass(frozen=True)
class TranslatedSentence:
    index: int  # position among all sentences of the request
    source: str
    text: str


@dataclass(frozen=True)
class LabelScores:
    """Labels with scores, best first."""

    scores: tuple[tuple[str, float], ...]

    @property
    def top(self) -> str:
        return self.scores[0][0]

    @property
    def top_score(self) -> float:
        return self.scores[0][1]

    def as_dict(self) -> dict[str, float]:
        return dict(self.scores)


@dataclass(frozen=True)
class SentimentResult:
    label: str
    scores: LabelScores
    backend: str  # "sequence classifier" or "embedding anchors (approximation)"


@dataclass(frozen=True)
class ClassifiedItem:
    index: int
    name: str
    scores: LabelScores | None  # None when the item could not be read
    error: str = ""  # why, for a person, when scores is None

    @property
    def ok(self) -> bool:
        return self.scores is not None


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
