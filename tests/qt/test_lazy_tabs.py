"""The main window is painted before any tab is built; then it builds the tab it shows, the others when first used."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QWidget

from tests.qt.conftest import new_window

NAMES = ("chat_tab", "translate_tab", "sentiment_tab", "classify_tab", "models_page")


def built(window) -> list[bool]:
    return [widget is not None for widget in window._built]


def test_the_window_is_painted_first_then_the_tab_it_shows_is_built_and_painted(qtbot, settings):
    from assistant.paths import app_paths
    from assistant.ui.main_window import MainWindow
    from assistant.worker.engine import EngineConfig
    from assistant.worker.qt import WorkerClient

    settings.last_tab = 1  # Translate
    paths = app_paths()
    window = MainWindow(settings, paths, WorkerClient(EngineConfig.from_settings(settings, paths)))
    qtbot.addWidget(window)
    assert built(window) == [False] * 5  # nothing but the window's chrome before its first paint
    assert [menu.title() for menu in window._menus] == ["&File", "&Go", "&Help"]
    assert [menu.actions() for menu in window._menus] == [[], [], []]  # their actions come after the first paint
    events = []
    window.first_painted.connect(lambda: events.append(("window painted", built(window))))
    window.content_painted.connect(lambda: events.append(("tab painted", built(window))))
    with qtbot.waitSignal(window.content_painted, timeout=30_000):
        window.show()
    assert events == [("window painted", [False] * 5), ("tab painted", [False, True, False, False, False])]
    assert window.settings_action.shortcut().toString() == "Ctrl+,"
    assert [len(menu.actions()) for menu in window._menus] == [3, 5, 2]  # Settings, a separator, Quit; Go; Help
    assert window.tabs.currentWidget() is window.translate_tab


def test_only_the_tab_shown_first_is_built_and_a_tab_is_built_when_shown(qtbot, settings):
    settings.last_tab = 2  # Sentiment
    window = new_window(qtbot, settings)
    assert built(window) == [False, False, True, False, False]
    assert window.tabs.currentWidget() is window.sentiment_tab
    placeholder = window.tabs.widget(3)
    assert type(placeholder) is QWidget  # a placeholder until Classify is built

    window.tabs.setCurrentIndex(3)  # the person opens Classify
    assert built(window)[3]
    classify = window.classify_tab
    assert window.tabs.currentWidget() is classify and window.tabs.indexOf(classify) == 3
    assert window.tabs.tabText(3).replace("&", "") == "Classify"
    assert classify.isVisible()
    assert window.tabs.count() == 5


def test_code_that_touches_a_tab_builds_it_in_its_place(qtbot, settings):
    window = new_window(qtbot, settings)  # last_tab 0: Chat
    assert built(window) == [True, False, False, False, False]
    translate = window.translate_tab  # e.g. a test, or the Models page's wiring
    assert window.tabs.widget(1) is translate and window.tabs.currentIndex() == 0
    assert window.tabs.currentWidget() is window.chat_tab
    assert window.translate_tab is translate  # built once


def test_the_models_page_feeds_its_inventory_to_the_tabs_that_use_it(qtbot, settings):
    window = new_window(qtbot, settings)
    page = window.models_page  # its wiring builds the tabs that listen to it
    assert built(window)[1] and built(window)[4]
    page.refresh()
    qtbot.waitUntil(lambda: window.translate_tab._inventory is page.inventory, timeout=30_000)
    assert page.inventory.models  # the tiny models
    window.tabs.setCurrentWidget(page)
    assert window.tabs.currentWidget() is page


def test_build_remaining_tabs_builds_one_per_event_loop_turn_until_all_are_built(qtbot, settings):
    window = new_window(qtbot, settings)
    window.build_remaining_tabs()
    assert sum(built(window)) == 2  # the shown one, and one more now; the rest on later turns
    qtbot.waitUntil(lambda: all(built(window)), timeout=30_000)
    for index, name in enumerate(NAMES):
        assert window.tabs.widget(index) is getattr(window, name)
    assert window.tabs.currentIndex() == 0


def test_the_window_module_imports_no_tab_but_the_one_it_shows():
    import subprocess

    code = (
        "import sys; import assistant.ui.main_window; "
        "print([m for m in sys.modules if m.startswith(('assistant.ui.tabs.translate', 'assistant.ui.tabs.sentiment', "
        "'assistant.ui.tabs.classify', 'assistant.ui.tabs.models', 'assistant.ui.about_dialog', "
        "'assistant.ui.settings_dialog', 'assistant.core.registry'))])"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=root)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_what_the_first_paint_imports_leaves_out_the_engine_the_chat_store_and_the_log_file():
    """Everything the window imports before its first paint is time before it shows: the engine
    (made with the worker thread), the chat tab and its store, the document index, the catalog and
    the rotating log file come after it."""
    import subprocess

    code = (
        "import sys; import assistant.app, assistant.cli.main, assistant.ui.main_window, assistant.worker.qt, "
        "assistant.worker.config, assistant.logs, assistant.ui.theme, assistant.settings, assistant.ui.i18n.translators; "
        "print([m for m in ('assistant.worker.engine', 'assistant.worker.downloads', 'assistant.core.models.catalog', "
        "'assistant.ui.tabs.chat.tab', 'assistant.core.chat.history', 'assistant.core.documents.index', "
        "'assistant.cli.chat', 'logging.handlers', 'torch') if m in sys.modules])"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=root)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


# Runs the program's main() up to its first paint, then reports what had been made by then.
FIRST_PAINT_PROBE = """
import enum, os, sys
import assistant.app as app

def report(variable, launched, what):
    seen, stack = set(), [enum.Enum]
    while stack:
        for sub in stack.pop().__subclasses__():
            if sub not in seen:
                seen.add(sub)
                stack.append(sub)
    qt_enums = sorted(e.__qualname__ for e in seen if e.__module__.startswith("PySide6") and e.__qualname__.startswith("Qt."))
    modules = [m for m in ("assistant.core.protocol", "assistant.ui.tabs.base", "assistant.ui.widgets.banner") if m in sys.modules]
    print(qt_enums, modules, flush=True)
    os._exit(0)

app._report_paint = report
app.main([sys.argv[0]])
"""


def test_nothing_before_the_first_paint_makes_pyside_build_the_types_of_qts_enums(tmp_path):
    """Naming any value of Qt's namespace (Qt.PlainText, Qt.ColorScheme...) or calling an overload that
    could take one (QAction.setShortcut) makes PySide build the Python types of all of Qt's ~90 enums,
    about 50 ms; the window's first paint needs none of them, nor the protocol and the tabs' base."""
    import os
    import subprocess

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ASSISTANT_HOME=str(tmp_path / "home"), HF_HOME=str(tmp_path / "hf"))
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", FIRST_PAINT_PROBE], capture_output=True, text=True, timeout=120, cwd=root, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[] []"
