"""Sentences of the core that the window can translate (assistant/core/say.py).

A Said is the English text (what the command line, logs and other tests see) that
keeps its template and values; these tests check that it survives the way to the
window: exceptions, the engine's Failure, the document index, the classify job's
checkpoint; and that the translation script lists every template.
"""

from __future__ import annotations

import copy
import json
import pickle
import string
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from assistant.core.classify.messages import ClassifiedItem
from assistant.core.classify.results import item_from_dict, item_to_dict
from assistant.core.context import MAX_TEXT_CHARS
from assistant.core.documents.index import DocumentIndex
from assistant.core.files.read import UnreadableFile, read_text
from assistant.core.protocol import BadInput, Failure, FailureKind
from assistant.core.say import Said, from_data, joined, message_of, say, to_data
from assistant.core.sentiment.messages import SentimentRequest
from tests.helpers import make_engine

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import update_translations  # noqa: E402


def test_a_said_is_the_english_sentence_and_keeps_its_template_and_values():
    said = say("{name} has no text to translate.", name="notes.txt")
    assert said == "notes.txt has no text to translate."
    assert isinstance(said, str) and isinstance(said, Said)
    assert said.template == "{name} has no text to translate." and said.args == {"name": "notes.txt"}
    assert "no text" in said and said.startswith("notes.txt")
    assert f"Failed: {said}" == "Failed: notes.txt has no text to translate."
    assert type(str(said)) is str  # what str() gives is plain: hence message_of


def test_format_specs_and_braces():
    assert say("too large ({size:.1f} MB)", size=12.345) == "too large (12.3 MB)"
    assert say("{done:,} of {total:,} files", done=1200, total=1_000_000) == "1,200 of 1,000,000 files"
    # Without values the template is the text: a brace in it is no placeholder.
    assert say("not an RTF file (it does not start with {\\rtf)") == "not an RTF file (it does not start with {\\rtf)"


def test_nested_sentences_stay_sentences():
    reason = say("too large ({size:.1f} MB)", size=3.0)
    outer = say("{name} cannot be read: {reason}.", name="big.csv", reason=reason)
    assert outer == "big.csv cannot be read: too large (3.0 MB)."
    assert outer.args["reason"] is reason


def test_copy_and_pickle_keep_the_template():
    said = say("{name}: {reason}", name="a.txt", reason=say("binary file, not text"))
    for other in (copy.copy(said), copy.deepcopy(said), pickle.loads(pickle.dumps(said))):
        assert other == said and isinstance(other, Said)
        assert other.template == said.template and other.args["reason"].template == "binary file, not text"


def test_message_of_gives_back_the_said_an_exception_was_raised_with():
    said = say("There is no message {id}.", id=7)
    try:
        raise BadInput(said)
    except BadInput as exc:
        assert message_of(exc) is said
        assert str(exc) == said and type(str(exc)) is str
    assert message_of(ValueError("plain")) == "plain"
    assert message_of(OSError(2, "No such file")) == "[Errno 2] No such file"
    assert message_of(ValueError(said, "more")) == str(ValueError(said, "more"))  # not one sentence


def test_joined_keeps_each_part_translatable():
    parts = [say("{name}: {reason}", name=n, reason=say("the file has no text")) for n in ("a", "b", "c")]
    text = joined(parts)
    assert text == "a: the file has no text; b: the file has no text; c: the file has no text"
    assert text.template == "{earlier}; {later}" and text.args["earlier"] is parts[0]
    assert joined([parts[0]]) is parts[0] and joined([]) == ""


def test_to_data_and_back_keeps_nested_sentences():
    said = say("{name} cannot be read: {reason}.", name="x.csv", reason=say("too large ({size:.1f} MB)", size=2.5))
    back = from_data(json.loads(json.dumps(to_data(said))))
    assert back == said and isinstance(back, Said) and back.args["reason"].template == "too large ({size:.1f} MB)"
    assert to_data("plain") == "plain" and from_data("plain") == "plain" and from_data(None) == ""
    assert from_data({"say": "{missing} here", "args": {}}) == "{missing} here"  # damaged: shown as it is


def test_unreadable_files_say_why_with_a_said(tmp_path):
    binary = tmp_path / "notes.txt"
    binary.write_bytes(b"\x00\x01\x02" * 50)
    with pytest.raises(UnreadableFile) as caught:
        read_text(binary)
    reason = message_of(caught.value)
    assert isinstance(reason, Said) and reason == "binary file, not text"
    with pytest.raises(UnreadableFile) as caught:
        read_text(tmp_path / "gone.txt")
    assert message_of(caught.value).template == "the file no longer exists"


def test_failure_of_a_real_engine_run_carries_the_said(tmp_path, tiny_models_dir):
    engine, replies = make_engine(tmp_path / "models", extra=(str(tiny_models_dir),))
    empty = engine.handle(SentimentRequest("   "))
    assert isinstance(empty, Failure) and empty.kind is FailureKind.BAD_INPUT
    assert empty.message == "There is no text to work on: type or paste some first."  # the English is unchanged
    assert isinstance(empty.message, Said)
    assert empty.message.template == "There is no {what} to work on: type or paste some first."
    assert empty.message.args["what"].template == "text"
    huge = engine.handle(SentimentRequest("a" * (MAX_TEXT_CHARS + 1)))
    assert huge.message.template.startswith("The {what} is too long ({length:,} characters")
    assert huge.message.args["length"] == MAX_TEXT_CHARS + 1
    assert [r for r in replies.replies if r is huge] == [huge]  # what the window gets is the same object


def test_the_document_index_keeps_reasons_translatable_after_a_restart(tmp_path):
    binary = tmp_path / "notes.txt"
    binary.write_bytes(b"\x00\x01\x02" * 50)
    index_file = tmp_path / "index.sqlite3"
    for _ in range(2):  # indexed, then unchanged: the second reason comes from the database
        index = DocumentIndex(index_file)
        try:
            report = index.update([str(binary)], "model", embed=lambda texts: [])
        finally:
            index.close()
        [(path, why)] = report.failed
        assert why == "binary file, not text" and isinstance(why, Said), why
    assert report.unchanged == 1


def test_classify_checkpoint_keeps_the_template_and_exports_keep_english():
    item = ClassifiedItem(index=0, name="a.pdf", scores=None, error=say("the PDF is protected by a password"), path="/x/a.pdf")
    stored = json.loads(json.dumps(item_to_dict(item, keep_template=True)))
    back = item_from_dict(stored)
    assert back.error == item.error and isinstance(back.error, Said)
    exported = item_to_dict(item)
    assert exported["error"] == "the PDF is protected by a password" and type(exported["error"]) is str
    assert item_from_dict({"index": 1, "error": "old plain text"}).error == "old plain text"  # checkpoints of before


# ------------------------------------------------------------ the translation script


def test_core_messages_lists_every_template_of_the_core():
    """assistant/ui/i18n/core_templates.py is what scripts/update_translations.py makes of the core today."""
    assert update_translations.core_messages_problems() == []
    templates = update_translations.say_templates()
    assert "There is no {what} to work on: type or paste some first." in templates
    assert "Waiting: {model} is loading…" in templates  # the worker too
    assert templates == sorted(set(templates))


def test_check_fails_on_a_stale_core_messages(tmp_path, monkeypatch):
    stale = tmp_path / "core_messages.py"
    fresh = update_translations.CORE_MESSAGES.read_text(encoding="utf-8")
    stale.write_text(fresh.replace('    QT_TRANSLATE_NOOP("CoreMessages", "Stopped."),\n', ""), encoding="utf-8")
    assert stale.read_text(encoding="utf-8") != fresh
    monkeypatch.setattr(update_translations, "CORE_MESSAGES", stale)
    monkeypatch.setattr(update_translations, "ROOT", tmp_path)
    [problem] = update_translations.core_messages_problems()
    assert "stale" in problem
    stale.unlink()
    assert "missing" in update_translations.core_messages_problems()[0]


def test_a_template_that_is_not_a_literal_is_reported_with_file_and_line(tmp_path):
    (tmp_path / "bad.py").write_text('from assistant.core.say import say\n\nok = say("Fine {x}", x=1)\nbad = say(f"{x} items", x=2)\n')
    with pytest.raises(update_translations.NotLiteral) as caught:
        update_translations.say_templates([tmp_path])
    assert "bad.py:4" in str(caught.value)
    (tmp_path / "bad.py").write_text('from assistant.core.say import say\nok = say("Fine {x}", x=1)\n')
    assert update_translations.say_templates([tmp_path]) == ["Fine {x}"]


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_core_sentence_is_translated_to_chinese_with_its_placeholders():
    ts = ROOT / "resources" / "i18n" / "assistant_zh_CN.ts"
    translations = {}
    for context in ET.parse(ts).getroot().iter("context"):
        if context.findtext("name") == "CoreMessages":
            for message in context.iter("message"):
                translations[message.findtext("source")] = message.find("translation")
    assert set(translations) == set(update_translations.say_templates())
    for source, translation in translations.items():
        assert translation.get("type") is None and translation.text, f"untranslated: {source!r}"
        try:
            fields = _fields(source)
        except ValueError:  # a brace that is no placeholder ("{\\rtf"): the template has no values
            assert source[source.index("{"):].split(")")[0] in translation.text, (source, translation.text)
            continue
        assert _fields(translation.text) == fields, (source, translation.text)
        translation.text.format(**{name: 1 for name in fields})  # no stray braces, the same format specs work
