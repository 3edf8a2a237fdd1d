"""Sentiment requests (one text, or many) and their results."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.core.protocol import Task, new_id
from assistant.core.scores import LabelScores


@dataclass(frozen=True)
class SentimentRequest:
    text: str
    model: str | None = None
    id: int = field(default_factory=new_id)
    task = Task.SENTIMENT


@dataclass(frozen=True)
class SentimentBatchRequest:
    """Score many texts: the lines of a file, a CSV column, or ``texts`` given directly."""

    path: str | None = None
    column: str | None = None  # CSV only; None = guess the text column
    texts: tuple[str, ...] = ()
    model: str | None = None
    id: int = field(default_factory=new_id)
    task = Task.SENTIMENT


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
