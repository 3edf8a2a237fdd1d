"""Code reshaped so that mypy can follow it (no models): each still does what it did."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.core.chat.export import FORMAT, parse
from assistant.core.chat.settings import ChatSettings
from assistant.core.classify.messages import ClassifiedItem
from assistant.core.context import TaskContext
from assistant.core.models import sources
from assistant.core.say import Said, from_data, joined, say
from assistant.core.scores import LabelScores
from assistant.core.translate.files import MarkdownDocument


def test_from_data_keeps_a_said_and_ignores_args_that_are_no_object():
    assert from_data({"say": "{n} files", "args": {"n": 3}}) == "3 files"
    kept = from_data({"say": "plain", "args": ["not", "an", "object"]})
    assert isinstance(kept, Said) and kept == "plain" and kept.args == {}
    assert joined((say("a"), say("b"), "c")) == "a; b; c" and joined([]) == ""


def test_a_classified_item_says_unreadable_unsure_or_its_labels():
    scores = LabelScores((("news", 0.9), ("sport", 0.1)))
    assert ClassifiedItem(0, "a", None, error="gone").label == "unreadable"
    assert ClassifiedItem(0, "a", scores, unsure=True).label == "unsure"
    assert ClassifiedItem(0, "a", scores, labels=("news", "sport")).label == "news, sport"
    assert ClassifiedItem(0, "a", scores).label == "news"


def test_the_default_progress_takes_a_message_or_none():
    context = TaskContext()
    context.progress(1, 2)
    context.progress(1, 2, "half")


def test_chat_settings_keep_known_values_of_the_right_type():
    settings = ChatSettings.from_dict({"temperature": 1, "seed": 7, "reader": "nobody", "unknown": 1})
    assert settings.temperature == 1.0 and isinstance(settings.temperature, float)
    assert settings.seed == 7 and settings.reader == "auto"


def test_an_imported_conversation_takes_its_title_only_when_it_is_text():
    document: dict[str, object] = {"format": FORMAT, "version": 1, "conversation": {"title": 5}, "messages": []}
    assert parse(json.dumps(document)).title == ""
    document["conversation"] = {"title": "Trip"}
    assert parse(json.dumps(document)).title == "Trip"
    document["conversation"] = ["not an object"]
    assert parse(json.dumps(document)).title == ""


def test_the_starter_chat_model_is_listed_from_its_converted_folder_or_its_gguf(tmp_path, monkeypatch):
    converted = tmp_path / "converted"
    monkeypatch.setattr(sources, "starter_chat_gguf", lambda: None)
    assert sources._starter_chat(converted) is None
    gguf = tmp_path / "model.gguf"
    gguf.write_bytes(b"x" * 10)
    monkeypatch.setattr(sources, "starter_chat_gguf", lambda: gguf)
    info = sources._starter_chat(converted)
    assert info is not None and info.size_bytes == 10 and info.gguf_file == gguf and info.needs_conversion
    converted.mkdir()
    (converted / "config.json").write_text("{}")
    (converted / "model.safetensors").write_bytes(b"y" * 4)
    info = sources._starter_chat(converted)
    assert info is not None and info.gguf_file is None and info.size_bytes == sources.folder_size(converted)


def test_a_markdown_document_comes_back_whole_when_nothing_is_translated(tmp_path):
    text = (
        "# Title\n\nSome prose.\n\n- a list item\n  1. numbered\n> quoted\n\n"
        "    indented code\n\n| a | b |\n|---|---|\n|  one | two  |\n"
    )
    document = MarkdownDocument(text)
    assert "Title" in document.units and "a list item" in document.units and "one" in document.units
    out = tmp_path / "out.md"
    document.write(list(document.units), out)
    assert Path(out).read_text(encoding="utf-8") == text
