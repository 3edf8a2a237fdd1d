"""The interface in Simplified Chinese: every visible string is translated; every control has a name.

The translation files are checked by scripts/update_translations.py --check (a
string added to the code but not extracted, or extracted but untranslated, fails).
The window test builds the real main window with the zh_CN translator installed
and looks at every text a person can see or a screen reader reads: any English
word left is a string that does not go through tr().
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from assistant.ui.i18n.translators import resolve_language
from tests.interface_checks import english_words, nameless_controls, untranslated

ROOT = Path(__file__).resolve().parents[2]


def test_english_words_finds_what_it_should():
    assert english_words("Send") == ["Send"]
    assert english_words("发送 (Ctrl+Enter)") == []
    assert english_words("模型 tiny-marian-en-de 已加载, CPU, float32") == []
    assert english_words("<b>翻译</b> &nbsp; Translate") == ["Translate"]


def test_resolve_language_follows_the_system_unless_set():
    assert resolve_language("system", ["zh-Hans-CN", "en-US"]) == "zh_CN"
    assert resolve_language("system", ["zh-TW"]) == "en"
    assert resolve_language("system", ["de-DE", "en-GB"]) == "en"
    assert resolve_language("en", ["zh-CN"]) == "en"
    assert resolve_language("zh_CN", ["en-US"]) == "zh_CN"


def test_translation_files_are_complete_and_compiled():
    run = subprocess.run([sys.executable, "scripts/update_translations.py", "--check"], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.fixture
def chinese_window(chinese, request):
    return request.getfixturevalue("window")  # built after the translator is installed


def test_main_window_in_chinese_has_no_english_left(chinese_window, qtbot):
    window = chinese_window
    for index in range(window.tabs.count()):  # each page once shown, as a person would
        window.tabs.setCurrentIndex(index)
        qtbot.wait(50)
    left = untranslated(window)
    assert not left, f"{len(left)} strings not translated:\n" + "\n".join(left)


def test_every_control_has_a_name_a_screen_reader_can_say(window, qtbot):
    missing = []
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        qtbot.wait(50)
        missing += nameless_controls(window.tabs.widget(index))
    assert not missing, f"{len(missing)} controls without a name:\n" + "\n".join(missing)


def test_a_failure_from_the_worker_is_shown_in_chinese(chinese_window, qtbot):
    """A sentence made in the core (too long a text) reaches the tab's banner and status bar translated."""
    from assistant.core.context import MAX_TEXT_CHARS
    from tests.qt.conftest import wait_idle

    window = chinese_window
    tab = window.sentiment_tab
    window.tabs.setCurrentWidget(tab)
    tab.input.setPlainText("a" * (MAX_TEXT_CHARS + 1))
    tab.run_button.click()
    qtbot.waitUntil(lambda: tab.banner.text() != "", timeout=60_000)
    wait_idle(qtbot, tab)
    shown = tab.banner.text()
    assert "文本太长" in shown and f"{MAX_TEXT_CHARS + 1:,}" in shown
    assert english_words(shown) == [] and english_words(window.status_message.text()) == []


def test_how_a_model_runs_is_said_in_chinese(chinese_window):
    """The tab's status names the model's kind (a value of the core) in the interface language."""
    from assistant.core.protocol import Started

    tab = chinese_window.chat_tab
    for backend in ("causal LM", "translation through English", "embedding"):
        tab.on_started(Started(1, "tiny-chat", backend, device="cpu", dtype="float32"))
        shown = tab.status_label.text()
        assert shown.startswith("tiny-chat (") and english_words(shown) == [], shown
