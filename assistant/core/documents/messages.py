"""Documents Q&A: indexing local files and answering from them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath

from assistant.core.chat.messages import ChatRequest
from assistant.core.protocol import Task, new_id
from assistant.core.say import say

# The index file in the data folder; here (not in index.py) so that the chat tab names it
# without importing the indexer and its readers before the window is painted.
INDEX_NAME = "documents.sqlite3"


@dataclass(frozen=True)
class IndexRequest:
    """Read, split and embed local documents into the index file ``index`` (only what changed)."""

    paths: tuple[str, ...]  # files and folders
    index: str  # the index database file
    model: str | None = None  # the embedding model; None = the one chosen for documents
    # ``model`` is a saved choice (the Models page's): when it is no longer installed, the automatic
    # choice reads the documents and the report names the model that was gone (IndexReport.model_gone).
    fall_back: bool = False
    id: int = field(default_factory=new_id)
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
    fall_back: bool = False  # as IndexRequest's: a saved choice that is gone gives way to the automatic one
    id: int = field(default_factory=new_id)
    task = Task.DOCUMENTS

    @property
    def question(self) -> str:
        return self.chat.messages[-1].content if self.chat.messages else ""


@dataclass(frozen=True)
class IndexReport:
    files: tuple[str, ...]  # every readable document in scope, indexed now or before
    indexed: int  # read and embedded in this run (new or changed)
    unchanged: int
    passages: int  # passages of the files in scope
    failed: tuple[tuple[str, str], ...] = ()  # (file, why) for a person
    model_gone: str = ""  # the embedding model chosen (its key) was no longer installed: the automatic one read them

    def gone_note(self) -> str:
        """The sentence that says the chosen document-search model was gone ("" when it was not)."""
        if not self.model_gone:
            return ""
        return say(
            "The document-search model chosen on the Models page ({model}) is no longer installed: the automatic choice was used.",
            model=model_label(self.model_gone),
        )


def model_label(key: str) -> str:
    """A model's key as a person knows it: the folder's name (or a server's "name/model-id")."""
    path = PurePath(key)
    return path.name if path.is_absolute() else key


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
