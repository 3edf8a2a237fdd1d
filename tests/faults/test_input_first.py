"""Bad input is refused by each task's prepare, before the engine chooses or loads a model.

The engine here has no model installed at all: a request that got past prepare would
end with "model missing"; each of these must end with "bad input" and its sentence.
"""

from __future__ import annotations

import pytest
from helpers import make_engine

from assistant.core.chat.messages import ChatMessage, ChatRequest
from assistant.core.classify.messages import ClassifyItem, ClassifyRequest, TrainRequest
from assistant.core.documents.messages import AskDocumentsRequest
from assistant.core.protocol import Failure, FailureKind
from assistant.core.sentiment.messages import SentimentBatchRequest, SentimentRequest
from assistant.core.translate.messages import TranslateFileRequest, TranslateRequest


def _requests(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n", encoding="utf-8")
    text = tmp_path / "text.txt"
    text.write_text("Hello there.", encoding="utf-8")
    return {
        "chat, empty question": (ChatRequest((ChatMessage("user", "   "),)), "There is no question to work on"),
        "translate, empty text": (TranslateRequest("  ", "en", "de"), "There is no text to work on"),
        "translate, empty file": (TranslateFileRequest(str(empty), str(tmp_path / "out.txt"), "en", "de"), "has no text"),
        "translate, onto itself": (TranslateFileRequest(str(text), str(text), "en", "de"), "is the file being read"),
        "sentiment, empty text": (SentimentRequest(" "), "There is no text to work on"),
        "sentiment, empty file": (SentimentBatchRequest(path=str(empty)), "cannot be read: the file has no text"),
        "sentiment, missing file": (SentimentBatchRequest(path=str(tmp_path / "gone.csv")), "the file no longer exists"),
        "sentiment, no texts": (SentimentBatchRequest(texts=(" ", "")), "There are no texts to score"),
        "classify, blank texts": (ClassifyRequest("a,b", (ClassifyItem("one", "  "),)), "There is nothing to classify"),
        "chat, negative temperature": (ChatRequest((ChatMessage("user", "hi"),), temperature=-0.5), "The temperature must be 0 or more"),
        "chat, NaN top-p": (ChatRequest((ChatMessage("user", "hi"),), top_p=float("nan")), "Top-p must be more than 0"),
        "chat, zero repetition penalty": (ChatRequest((ChatMessage("user", "hi"),), repetition_penalty=0), "repetition penalty"),
        "classify, threshold above 1": (ClassifyRequest("a,b", (ClassifyItem("one", "x"),), threshold=1.5), "between 0 and 1"),
        "ask, documents not there": (
            AskDocumentsRequest(ChatRequest((ChatMessage("user", "hi"),)), (str(tmp_path / "gone.txt"),), str(tmp_path / "index.sqlite3")),
            "None of the attached documents could be read (gone.txt: the file no longer exists)",
        ),
        "classify, no file size": (ClassifyRequest("a,b", (ClassifyItem("one", "x"),), max_file_bytes=0), "more than 0 MB"),
        "train, bad name": (TrainRequest("../up", examples_dir=str(tmp_path)), "Give the classifier a name"),
        "train, missing examples": (TrainRequest("mine", examples_dir=str(tmp_path / "nope")), "does not exist"),
        "train, no examples": (TrainRequest("mine"), "Give example files"),
    }


CASES = sorted([
    "chat, empty question", "translate, empty text", "translate, empty file", "translate, onto itself", "sentiment, empty text",
    "sentiment, empty file", "sentiment, missing file", "sentiment, no texts", "classify, blank texts", "train, bad name",
    "chat, negative temperature", "chat, NaN top-p", "chat, zero repetition penalty", "classify, threshold above 1",
    "classify, no file size", "ask, documents not there",
    "train, missing examples", "train, no examples",
])  # fmt: skip


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_refused_before_any_model_is_looked_for(tmp_path, case):
    request, sentence = _requests(tmp_path)[case]
    engine, recorder = make_engine(tmp_path / "no-models")
    terminal = engine.handle(request)
    assert isinstance(terminal, Failure), terminal
    assert terminal.kind is FailureKind.BAD_INPUT, terminal.message
    assert sentence in terminal.message
    assert not [r for r in recorder.replies if type(r).__name__ == "Started"]
