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
    source: str  # a language code, or "auto" to detect it
    target: str
    model: str | None = None
    glossary: tuple[tuple[str, str], ...] = ()  # (term, its translation), already chosen for this pair
    id: int = field(default_factory=_next_id)
    task = Task.TRANSLATE


@dataclass(frozen=True)
class TranslateFileRequest:
    """Translate a file (txt, md, docx) into a new file of the same kind, its structure kept."""

    path: str
    out_path: str
    source: str  # a language code, or "auto"
    target: str
    glossary: tuple[tuple[str, str], ...] = ()  # (term, its translation), already chosen for this pair
    checkpoint_dir: str | None = None  # where a stopped job keeps what it did, to resume
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
class SentimentBatchRequest:
    """Score many texts: the lines of a file, a CSV column, or ``texts`` given directly."""

    path: str | None = None
    column: str | None = None  # CSV only; None = guess the text column
    texts: tuple[str, ...] = ()
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


Request = ChatRequest | TranslateRequest | SentimentRequest | ClassifyRequest | TranslateFileRequest | SentimentBatchRequest


# ---------------------------------------------------------------- replies


@dataclass(frozen=True)
class Started:
    """The worker took the request off the queue; ``model`` names what runs it."""

    request_id: int
    model: str
    backend: str  # e.g. "sequence classifier", "embedding similarity"
    detail: Any = None  # task-specific: TranslationInfo for translations


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
    words: int = 0  # words of input, where that means something (translation)

    @property
    def rate(self) -> float:
        return self.items / self.seconds if self.seconds > 0 else 0.0

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds > 0 else 0.0

    def describe(self) -> str:
        text = f"{self.rate:.1f} {self.unit}/s"
        if self.words:
            text += f" · {self.words_per_second:.0f} words/s"
        return text


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
class TranslationInfo:
    """Sent in Started.detail: how the text is being translated."""

    source: str  # the language translated from (the detected one when the request said "auto")
    target: str
    models: tuple[str, ...]  # model names, in the order they run
    pivot: str | None = None  # "en" when no direct model exists and the text goes through English
    detected: str | None = None  # the detector's guess, when the request said "auto"
    confidence: float = 0.0  # of that guess, 0..1
    alternatives: tuple[tuple[str, float], ...] = ()

    def describe(self) -> str:
        parts = []
        if self.detected:
            parts.append(f"Detected {self.detected} ({self.confidence:.0%})")
        if self.pivot:
            parts.append(f"No direct model for {self.source} → {self.target}: translated through {self.pivot} ({' + '.join(self.models)})")
        return "; ".join(parts)


@dataclass(frozen=True)
class GlossaryReport:
    """Sent as a Partial at the end when a glossary was used: which terms could not be kept."""

    applied: int  # sentences in which every glossary term came through
    missed: tuple[str, ...]  # terms whose translation is absent from a sentence that contained them


@dataclass(frozen=True)
class FileTranslation:
    """The result of a TranslateFileRequest."""

    path: str
    out_path: str
    sentences: int
    resumed: int = 0  # sentences taken from the checkpoint of an earlier, stopped run


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
class SentenceSentiment:
    index: int
    text: str
    label: str
    scores: LabelScores
    weight: float  # its share of the overall result (by length), 0..1


@dataclass(frozen=True)
class SentimentResult:
    label: str
    scores: LabelScores
    backend: str  # "sequence classifier" or "embedding anchors (approximation)"
    # Texts of more than one sentence: each sentence's sentiment; the overall scores
    # are their length-weighted mean (core/tasks/sentiment.py says why).
    sentences: tuple[SentenceSentiment, ...] = ()


@dataclass(frozen=True)
class ScoredRow:
    """One line or CSV row of a SentimentBatchRequest, sent as a Partial when scored."""

    index: int
    text: str
    label: str
    scores: LabelScores
    fields: tuple[str, ...] = ()  # the whole CSV row, to export it with the scores


@dataclass(frozen=True)
class SentimentBatchResult:
    count: int
    counts: tuple[tuple[str, int], ...]  # label -> number of rows, most frequent first
    backend: str
    column: str | None = None  # the CSV column scored
    header: tuple[str, ...] = ()  # the CSV header, to export rows with their other columns
    rows: tuple[ScoredRow, ...] = ()


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
