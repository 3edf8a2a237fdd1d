"""The Translate tab's output and glossary: each finished sentence costs the same, the glossary is read when it changes."""

from __future__ import annotations

import os
import random

from assistant.core import languages
from assistant.core.protocol import Partial
from assistant.core.text import join_lines, split_lines
from assistant.core.translate import glossary as glossary_module
from assistant.core.translate.glossary import Term, save
from assistant.core.translate.messages import TranslatedSentence
from assistant.ui.tabs.translate.tab import PENDING
from tests.qt.conftest import wait_idle

MULTI_PARAGRAPH = (
    "Hello world. Where is the train station?\n"
    "\n"
    "    Good morning. The weather is nice today! Is it?\n"
    "\n"
    "\n"
    "One more line\n"
    "  \n"
    "The end."
)


def _count_calls(monkeypatch, obj, name):
    """Wrap ``obj.name`` so that each call is counted and then made as before."""
    real = getattr(obj, name)
    calls = []

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(obj, name, counting)
    return calls


def test_sentences_fill_in_place_and_the_end_is_the_joined_text(qtbot, window, monkeypatch):
    """The real worker and tiny Marian model: whenever the output changes it is what joining the
    sentences finished so far would show, the whole text is set once, and the Result sets nothing new."""
    tab = window.translate_tab
    tab.source.setPlainText(MULTI_PARAGRAPH)
    lines = split_lines(MULTI_PARAGRAPH)
    joiner = languages.joiner(tab.target_language.currentData())
    sentences = [PENDING] * sum(len(line.sentences) for line in lines)
    assert len(sentences) == 7
    expected = [join_lines(lines, sentences, joiner)]  # what the old code showed after each finished sentence
    real_partial = tab.on_partial

    def on_partial(reply):
        real_partial(reply)
        if isinstance(reply.payload, TranslatedSentence):
            sentences[reply.payload.index] = reply.payload.text
            expected.append(join_lines(lines, sentences, joiner))

    monkeypatch.setattr(tab, "on_partial", on_partial)
    seen: list[str] = []
    tab.output.textChanged.connect(lambda: seen.append(tab.output.toPlainText()))
    whole_text_set = _count_calls(monkeypatch, tab.output, "setPlainText")
    tab.run()
    wait_idle(qtbot, tab)
    seen = [text for text in seen if text]  # build_request empties the output first
    assert len(expected) == 8 and seen and all(text in expected for text in seen)
    assert seen[0] == expected[0] and PENDING not in seen[-1]
    final = tab.output.toPlainText()
    assert final == join_lines(lines, sentences, joiner)
    out_lines = final.split("\n")
    assert len(out_lines) == 8 and out_lines[1] == out_lines[3] == out_lines[4] == "" and out_lines[6] == "  "
    assert out_lines[2].startswith("    ") and not out_lines[2].startswith("     ")
    assert len(whole_text_set) == 1  # the first finished sentence; never again, not even for the Result

    # Copy and swap work on what is shown.
    tab.copy_output()
    from PySide6.QtGui import QGuiApplication

    assert QGuiApplication.clipboard().text() == final
    tab.swap_languages()
    assert tab.source.toPlainText() == final and not tab.output.toPlainText()


def test_sentences_in_any_order_with_wide_characters(qtbot, window):
    """Fed straight to the tab's partial handler: emoji (two UTF-16 units), Chinese (no joiner),
    a sentence that contains a line break, indents and empty lines; any order, one by one or
    several in one pass of the event loop (put in place together)."""
    tab = window.translate_tab
    tab._select(tab.target_language, "de")
    text = "First one. Second one?\n\n\tThird one! Fourth.\n  \nFifth. Sixth. Seventh."
    tab.source.setPlainText(text)
    request = tab.build_request()
    assert request is not None
    lines = split_lines(text)
    translations = ["Erste 😀.", "Zweite 🎉 eins?", "第三个！", "Vier\nzeilig.", "", "Sechs 𝄞.", "Sieben."]
    for joiner in (" ", ""):
        tab.build_request()
        tab._joiner = joiner
        current = [PENDING] * len(translations)
        order = list(range(len(translations)))
        random.Random(len(joiner)).shuffle(order)
        for number, index in enumerate(order):
            tab.on_partial(Partial(request_id=1, payload=TranslatedSentence(index=index, source="", text=translations[index])))
            current[index] = translations[index]
            if joiner and number != 2:  # the third and fourth arrive in the same pass
                qtbot.waitUntil(lambda: not tab._unshown, timeout=5_000)
                assert tab.output.toPlainText() == join_lines(lines, current, joiner)
        qtbot.waitUntil(lambda: not tab._unshown, timeout=5_000)
        assert tab.output.toPlainText() == join_lines(lines, current, joiner)
        # the same sentence again (a retry) replaces what was there
        tab.on_partial(Partial(request_id=1, payload=TranslatedSentence(index=3, source="", text="Vier.")))
        current[3] = "Vier."
        qtbot.waitUntil(lambda: not tab._unshown, timeout=5_000)
        assert tab.output.toPlainText() == join_lines(lines, current, joiner)


def test_glossary_is_parsed_when_it_changes_only(qtbot, window, monkeypatch):
    tab = window.translate_tab
    tab._select(tab.source_language, "en")
    tab._select(tab.target_language, "de")
    tab.use_glossary.setChecked(True)
    save(tab.glossary_path, [Term("world", "Welt", "en", "de")])
    parses = _count_calls(monkeypatch, glossary_module, "load")
    tab.source.setPlainText("Hello world.")
    for _ in range(3):
        assert dict(tab.build_request().glossary) == {"world": "Welt"}
    assert len(parses) == 1

    save(tab.glossary_path, [Term("world", "Erde", "en", "de"), Term("train", "Zug", "*", "de")])
    request = tab.build_request()
    assert dict(request.glossary) == {"world": "Erde", "train": "Zug"}
    assert len(parses) == 2
    tab.build_request()
    assert len(parses) == 2

    # The same size and inode, only a later modification time: parsed again too.
    path = tab.glossary_path
    path.write_text(path.read_text().replace("Erde", "Orbe"), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert dict(tab.build_request().glossary)["world"] == "Orbe"
    assert len(parses) == 3

    # The terms reach the worker: the translation runs with them and ends.
    tab.run()
    wait_idle(qtbot, tab)
    assert tab.output.toPlainText() and "cannot be read" not in tab.banner.text()

    # A broken file says so, once per change, and is not parsed again while unchanged.
    path.write_text("{not json", encoding="utf-8")
    assert tab.build_request().glossary == ()
    assert "cannot be read" in tab.banner.text()
    tab.banner.hide()
    assert tab.build_request().glossary == ()
    assert "cannot be read" in tab.banner.text()
    assert len(parses) == 4
    path.unlink()
    assert tab.build_request().glossary == ()
