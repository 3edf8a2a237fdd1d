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

from assistant.core.say import joined, say

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


def task_name(task) -> str:
    """The name of ``task`` (a Task, or any other value) for a sentence."""
    if isinstance(task, Task):
        return _TASK_NAMES.get(task, task.value)
    return str(getattr(task, "value", task))


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
class WalkOptions:
    """How folders are walked (see core/files.walk_files)."""

    include: tuple[str, ...] = ()  # globs, e.g. ("*.pdf", "*.txt"); empty = every file
    exclude: tuple[str, ...] = ()
    hidden: bool = False
    follow_links: bool = False


@dataclass(frozen=True)
class ClassifyRequest:
    labels: tuple[str, ...]
    items: tuple[ClassifyItem, ...]
    model: str | None = None
    id: int = field(default_factory=_next_id)
    # --- options for classifying local files (descriptions, multi-label, trained classifiers,
    # jobs over folders); the defaults give plain zero-shot over ``items``
    descriptions: tuple[tuple[str, str], ...] = ()  # (label, description or example phrases separated by ';')
    multi_label: bool = False  # every label at or above ``threshold`` instead of the single best
    threshold: float = 0.5
    unsure_below: float = 0.0  # a top score below this puts the item in "unsure"
    classifier: str | None = None  # name of a trained classifier (teach by example) instead of zero-shot
    job: str | None = None  # checkpointed job id: results go to <data>/jobs/<job>; an existing job resumes
    sources: tuple[str, ...] = ()  # files and folders the worker walks (besides ``items``)
    walk: WalkOptions = WalkOptions()
    max_file_bytes: int = 10 * 1024 * 1024
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


@dataclass(frozen=True)
class TrainRequest:
    """Teach by example: embed example files, train a small classifier, save it as ``name``."""

    name: str
    examples_dir: str | None = None  # one subfolder per label, its files the examples
    examples: tuple[tuple[str, str], ...] = ()  # more (path, label) pairs, e.g. corrections made in the table
    extend: bool = False  # add to the examples the classifier named ``name`` already has
    model: str | None = None  # the embedding model; None = the installed one
    max_file_bytes: int = 10 * 1024 * 1024
    id: int = field(default_factory=_next_id)
    task = Task.TRAIN_CLASSIFIER


@dataclass(frozen=True)
class OrganizeRequest:
    """Copy or move classified files into one folder per label, or undo such a run.

    ``assignments`` are (path, label) pairs; ``dry_run`` only plans.  With ``undo``
    set (a run id) everything else is ignored and that run is undone.
    """

    assignments: tuple[tuple[str, str], ...] = ()
    destination: str = ""
    mode: str = "move"  # "move" | "copy"
    dry_run: bool = False
    undo: str | None = None
    model: str | None = None  # unused: organizing needs no model
    id: int = field(default_factory=_next_id)
    task = Task.ORGANIZE


Request = (
    ChatRequest
    | TranslateRequest
    | TranslateFileRequest
    | SentimentRequest
    | SentimentBatchRequest
    | ClassifyRequest
    | IndexRequest
    | AskDocumentsRequest
    | TrainRequest
    | OrganizeRequest
)
# The requests that manage models (download, import, remove, load, unload) live in
# assistant/core/models/messages.py and are handled by the same engine.


# ---------------------------------------------------------------- replies


@dataclass(frozen=True)
class Started:
    """The worker took the request off the queue; ``model`` names what runs it."""

    request_id: int
    model: str
    backend: str  # e.g. "sequence classifier", "embedding similarity"
    detail: Any = None  # task-specific: TranslationInfo for translations
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
    words: int = 0  # words of input, where that means something (translation)

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
            parts.append(say("Detected {language} ({confidence:.0%})", language=self.detected, confidence=self.confidence))
        if self.pivot:
            parts.append(
                say(
                    "No direct model for {source} → {target}: translated through {pivot} ({models})",
                    source=self.source,
                    target=self.target,
                    pivot=self.pivot,
                    models=" + ".join(self.models),
                )
            )
        return joined(parts)


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
    # are their length-weighted mean (core/sentiment/task.py says why).
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
class Passage:
    """A part of a document that drove its label: ``text`` is ``document[start:end]``."""

    text: str
    score: float  # the passage's own score for ``label``
    label: str
    start: int
    end: int
    before: str = ""  # a little context either side, to show the passage highlighted in place
    after: str = ""


@dataclass(frozen=True)
class ClassifiedItem:
    index: int
    name: str
    scores: LabelScores | None  # None when the item could not be read
    error: str = ""  # why, for a person, when scores is None
    path: str = ""
    labels: tuple[str, ...] = ()  # the chosen label(s); empty when unsure or unreadable
    unsure: bool = False  # the best score was under the request's threshold
    passages: tuple[Passage, ...] = ()
    chunks: int = 0  # passages scored (long documents are split to fit the model)

    @property
    def ok(self) -> bool:
        return self.scores is not None

    @property
    def label(self) -> str:
        """What the table shows: the label, "unsure", or "unreadable"."""
        if not self.ok:
            return "unreadable"
        if self.unsure:
            return "unsure"
        return ", ".join(self.labels) if self.labels else self.scores.top


@dataclass(frozen=True)
class ClassifyJobResult:
    """The end of a checkpointed job; the rows themselves are in ``results_file``."""

    job: str
    total: int
    classified: int
    unreadable: int
    unsure: int
    results_file: str
    per_label: tuple[tuple[str, int], ...] = ()
    resumed_from: int = 0  # files already done when this run started


@dataclass(frozen=True)
class TrainedSummary:
    name: str
    labels: tuple[str, ...]
    examples: tuple[tuple[str, int], ...]  # label -> number of examples
    cv_accuracy: float | None  # None when there are too few examples to cross-validate
    cv_folds: int
    temperature: float
    nll_before: float | None  # cross-validated log loss before / after temperature scaling
    nll_after: float | None
    embedding_model: str
    path: str
    unreadable: tuple[tuple[str, str], ...] = ()  # (path, why) of example files that were skipped


@dataclass(frozen=True)
class PlannedOperation:
    source: str
    target: str
    label: str


@dataclass(frozen=True)
class OrganizeResult:
    run_id: str  # "" for a dry run
    mode: str  # "move" | "copy" | "undo"
    planned: tuple[PlannedOperation, ...] = ()
    done: int = 0
    skipped: tuple[tuple[str, str], ...] = ()  # (path, why)
    log_file: str = ""


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
    return say("The conversation is longer than the model can read: {count} early exchange(s) left out.", count=dropped)


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
