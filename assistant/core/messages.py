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
    DOCUMENTS = "documents"  # index and ask local documents (the embedding model retrieves)
    QA = "extractive qa"  # models that return an exact span of a passage


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
    repetition_penalty: float = 1.0  # 1 = off
    seed: int | None = None  # for sampling; None = not reproducible
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


@dataclass(frozen=True)
class IndexRequest:
    """Read, split and embed local documents into the index file ``index`` (only what changed)."""

    paths: tuple[str, ...]  # files and folders
    index: str  # the index database file
    model: str | None = None  # the embedding model; None = the one chosen for documents
    id: int = field(default_factory=_next_id)
    task = Task.DOCUMENTS


@dataclass(frozen=True)
class AskDocumentsRequest:
    """Answer ``chat``'s last question from the best passages of ``paths`` (indexed first if needed).

    reader: "auto" (the chat model if one is installed, else the passages), "chat",
    "extractive" (a question-answering model: exact span and score) or "passages".
    """

    chat: ChatRequest  # the conversation, ending with the question, and the generation settings
    paths: tuple[str, ...]
    index: str
    reader: str = "auto"
    reader_model: str | None = None  # the extractive QA model; None = the first installed
    top_k: int = 4
    model: str | None = None  # the embedding model
    id: int = field(default_factory=_next_id)
    task = Task.DOCUMENTS

    @property
    def question(self) -> str:
        return self.chat.messages[-1].content if self.chat.messages else ""


Request = ChatRequest | TranslateRequest | SentimentRequest | ClassifyRequest | IndexRequest | AskDocumentsRequest


# ---------------------------------------------------------------- replies


@dataclass(frozen=True)
class Started:
    """The worker took the request off the queue; ``model`` names what runs it."""

    request_id: int
    model: str
    backend: str  # e.g. "sequence classifier", "embedding similarity"


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


@dataclass(frozen=True)
class IndexReport:
    files: tuple[str, ...]  # every readable document in scope, indexed now or before
    indexed: int  # read and embedded in this run (new or changed)
    unchanged: int
    passages: int  # passages of the files in scope
    failed: tuple[tuple[str, str], ...] = ()  # (file, why) for a person


@dataclass(frozen=True)
class SourcePassage:
    path: str
    position: int  # passage number within the file, from 1
    location: str  # "page 3" for PDFs, else ""
    text: str
    score: float

    def label(self) -> str:
        where = f"{self.location}, " if self.location else ""
        return f"{self.path} ({where}passage {self.position})"


@dataclass(frozen=True)
class DocumentAnswer:
    text: str
    sources: tuple[SourcePassage, ...]
    reader: str  # "chat model", "extractive QA", "passages"
    index: IndexReport
    span_score: float | None = None  # extractive QA: the probability of the span
    span_source: int | None = None  # extractive QA: which source the span comes from (index into sources)
    dropped_turns: int = 0  # early exchanges left out to fit the chat model's context


def context_trimmed_message(dropped: int) -> str:
    """The Progress message that says the conversation did not fit; the chat tab reads it back."""
    return f"The conversation is longer than the model can read: {dropped} early exchange(s) left out."


def parse_context_trimmed(message: str) -> int | None:
    """How many exchanges ``context_trimmed_message`` said were left out, or None for other messages."""
    prefix = "The conversation is longer than the model can read: "
    if not message.startswith(prefix):
        return None
    count = message[len(prefix) :].split(" ", 1)[0]
    return int(count) if count.isdigit() else None


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
