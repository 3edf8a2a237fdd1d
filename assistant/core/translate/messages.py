"""Translation requests, and what comes back while and after they run."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.core.protocol import Task, new_id
from assistant.core.say import joined, say


@dataclass(frozen=True)
class TranslateRequest:
    text: str
    source: str  # a language code, or "auto" to detect it
    target: str
    model: str | None = None
    glossary: tuple[tuple[str, str], ...] = ()  # (term, its translation), already chosen for this pair
    id: int = field(default_factory=new_id)
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
    id: int = field(default_factory=new_id)
    task = Task.TRANSLATE


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
