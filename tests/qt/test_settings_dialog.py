"""Settings, About and Keyboard shortcuts dialogs; light and dark themes.

Driven on the real main window (real worker thread, tiny models) where the dialog
changes the engine; built on their own where only their texts are checked.
"""

from __future__ import annotations

import json
import os
import sys
from importlib import metadata
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel

from assistant.core.protocol import LoadedSummary
from assistant.paths import app_paths
from assistant.settings import Settings
from assistant.ui.about_dialog import (
    AboutDialog,
    AboutInfo,
    ModelUse,
    ShortcutsDialog,
    native_keys,
)
from assistant.ui.settings_dialog import SettingsDialog, folder_problem
from assistant.ui.theme import apply_theme, palette_for, scheme_for
from tests.interface_checks import nameless_controls, untranslated


@pytest.fixture(autouse=True)
def light_again(qapp):
    """Themes are the application's: leave the next test the light one it would have had."""
    yield
    apply_theme("system")  # offscreen reports no desktop scheme: light


def lightness(widget) -> float:
    return widget.palette().color(QPalette.Window).lightnessF()


def saved() -> dict:
    return json.loads(app_paths().settings_file.read_text(encoding="utf-8"))


def button(dialog, which) -> object:
    return dialog.buttons.button(which)


def choose(combo, value) -> None:
    index = combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)


# ------------------------------------------------------------------ themes


def test_scheme_for_maps_the_setting_and_the_desktop_scheme():
    assert scheme_for("light", Qt.ColorScheme.Dark) == "light"
    assert scheme_for("dark", Qt.ColorScheme.Light) == "dark"
    assert scheme_for("system", Qt.ColorScheme.Dark) == "dark"
    assert scheme_for("system", Qt.ColorScheme.Light) == "light"
    assert scheme_for("system", Qt.ColorScheme.Unknown) == "light"
    assert palette_for("dark").color(QPalette.Window).lightnessF() < 0.3
    assert palette_for("light").color(QPalette.Window).lightnessF() > 0.8


def test_both_palettes_keep_text_readable():
    def contrast(a, b) -> float:
        def luminance(colour):
            channels = [c / 255 for c in (colour.red(), colour.green(), colour.blue())]
            lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
            return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

        high, low = sorted((luminance(a), luminance(b)), reverse=True)
        return (high + 0.05) / (low + 0.05)

    for scheme in ("light", "dark"):
        palette = palette_for(scheme)
        window, base = palette.color(QPalette.Window), palette.color(QPalette.Base)
        assert contrast(palette.color(QPalette.WindowText), window) > 7, scheme
        assert contrast(palette.color(QPalette.Text), base) > 7, scheme
        # hints and notes are drawn in palette(mid) by several widgets
        assert contrast(palette.color(QPalette.Mid), window) >= 4.5, scheme
        assert contrast(palette.color(QPalette.HighlightedText), palette.color(QPalette.Highlight)) >= 3.5, scheme


def test_system_theme_follows_a_change_of_the_desktop_scheme(qtbot):
    hints = QGuiApplication.styleHints()
    label = QLabel("hint")
    label.setStyleSheet("color: palette(mid);")
    qtbot.addWidget(label)
    label.show()
    assert apply_theme("system") == "light"
    assert label.palette().color(QPalette.WindowText) == palette_for("light").color(QPalette.Mid)
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)  # what the platform sends when the desktop turns dark
    assert QApplication.palette().color(QPalette.Window).lightnessF() < 0.5
    # style sheets that use the palette follow too (they resolve palette(...) when set)
    assert label.palette().color(QPalette.WindowText) == palette_for("dark").color(QPalette.Mid)
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert QApplication.palette().color(QPalette.Window).lightnessF() > 0.5
    # a chosen theme does not follow the desktop
    assert apply_theme("dark") == "dark"
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert QApplication.palette().color(QPalette.Window).lightnessF() < 0.5
    assert QApplication.style().name().lower() == "fusion"


def test_theme_setting_switches_the_window_palette_at_once(qtbot, window):
    assert lightness(window) > 0.5
    dialog = window.show_settings()
    choose(dialog.theme, "dark")
    button(dialog, QDialogButtonBox.Apply).click()
    qtbot.waitUntil(lambda: lightness(window) < 0.5 and lightness(window.chat_tab) < 0.5, timeout=5_000)
    assert dialog.isVisible()  # Apply keeps the dialog open
    assert saved()["theme"] == "dark"
    choose(dialog.theme, "light")
    button(dialog, QDialogButtonBox.Ok).click()
    qtbot.waitUntil(lambda: lightness(window) > 0.5, timeout=5_000)
    assert window.settings_dialog is None  # closed
    assert saved()["theme"] == "light" and window.settings.theme == "light"


def test_colours_the_program_draws_follow_the_theme(qtbot, window):
    """Chat roles, code and notes are drawn in the theme's colours, also after a switch."""
    from assistant.ui.theme import colour

    transcript, note = window.chat_tab.transcript, window.chat_tab.context_note
    light_code, light_warning = colour("code background"), colour("warning")
    assert light_code in transcript.document().defaultStyleSheet() and light_warning in note.styleSheet()
    apply_theme("dark")
    qtbot.waitUntil(lambda: lightness(window) < 0.5, timeout=5_000)
    dark_code, dark_warning = colour("code background"), colour("warning")
    assert (dark_code, dark_warning) != (light_code, light_warning)
    qtbot.waitUntil(lambda: dark_code in transcript.document().defaultStyleSheet(), timeout=5_000)
    assert dark_warning in note.styleSheet()


# --------------------------------------------------------- settings dialog


def test_ok_saves_the_settings_and_applies_the_budget_to_the_engine(qtbot, window):
    page = window.models_page.memory_panel
    window.settings_action.trigger()  # File > Settings… (Ctrl+,)
    dialog = window.settings_dialog
    assert dialog is not None and dialog.isVisible()
    assert not button(dialog, QDialogButtonBox.Apply).isEnabled()  # nothing changed yet
    dialog.budget.setValue(2048)
    button(dialog, QDialogButtonBox.Apply).click()
    # the engine got the new budget (it reports it with the models in memory)
    qtbot.waitUntil(lambda: window.client.last_memory is not None
                    and window.client.last_memory.budget_bytes == 2048 * 1024 * 1024, timeout=10_000)
    assert saved()["memory_budget_mb"] == 2048
    choose(dialog.device, "cpu")
    choose(dialog.theme, "dark")
    choose(dialog.language, "zh_CN")
    assert button(dialog, QDialogButtonBox.Apply).isEnabled()
    button(dialog, QDialogButtonBox.Ok).click()
    assert window.settings_dialog is None  # closed
    file = saved()
    assert (file["device"], file["memory_budget_mb"], file["theme"], file["language"]) == ("cpu", 2048, "dark", "zh_CN")
    assert Settings.load(app_paths().settings_file) == window.settings
    # the Models page shows the same values: one source of truth
    assert page.device.currentData() == "cpu" and page.budget.value() == 2048
    qtbot.waitUntil(lambda: lightness(window) < 0.5, timeout=5_000)
    assert "next start" in window.restart_note.text() and window.restart_note.isVisible()  # the language
    # and the Models page's own change shows in the dialog next time
    page.budget.setValue(4096)
    page.budget.editingFinished.emit()
    again = window.show_settings()
    assert again.budget.value() == 4096 and again.device.currentData() == "cpu"
    again.reject()


def test_cancel_changes_nothing(qtbot, window):
    before_file = app_paths().settings_file.read_text(encoding="utf-8")
    before = (window.settings.device, window.settings.memory_budget_mb, window.settings.theme, window.settings.language)
    dialog = window.show_settings()
    choose(dialog.device, "cuda")
    dialog.budget.setValue(1024)
    choose(dialog.theme, "dark")
    choose(dialog.language, "zh_CN")
    dialog.data_folder.setText("/nonexistent/elsewhere")
    button(dialog, QDialogButtonBox.Cancel).click()
    assert window.settings_dialog is None  # closed
    assert (window.settings.device, window.settings.memory_budget_mb, window.settings.theme, window.settings.language) == before
    assert window.settings.data_folder == ""
    assert app_paths().settings_file.read_text(encoding="utf-8") == before_file
    qtbot.wait(50)  # a palette change would have reached the window by now
    assert lightness(window) > 0.5
    assert window.models_page.memory_panel.budget.value() == before[1]


def test_restore_defaults_shows_the_defaults_and_saves_on_ok(qtbot, window):
    window.settings.memory_budget_mb = 3072
    window.settings.theme = "dark"
    dialog = window.show_settings()
    assert dialog.budget.value() == 3072 and dialog.theme.currentData() == "dark"
    button(dialog, QDialogButtonBox.RestoreDefaults).click()
    defaults = Settings()
    assert dialog.budget.value() == defaults.memory_budget_mb and dialog.theme.currentData() == defaults.theme
    assert dialog.device.currentData() == defaults.device and dialog.language.currentData() == defaults.language
    assert window.settings.memory_budget_mb == 3072  # nothing saved yet
    button(dialog, QDialogButtonBox.Ok).click()
    assert saved()["memory_budget_mb"] == 0 and saved()["theme"] == "system"


def test_a_data_folder_that_cannot_be_used_is_refused_with_a_clear_message(qtbot, window, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    dialog = window.show_settings()
    for text, words in (
        (str(blocker), "is a file, not a folder"),
        (str(blocker / "data"), "cannot write in"),
        ("relative/folder", "full path"),
    ):
        dialog.data_folder.setText(text)
        button(dialog, QDialogButtonBox.Ok).click()
        assert dialog.isVisible(), text  # refused: the dialog stays open
        assert dialog.error.isVisible() and words in dialog.error.text(), dialog.error.text()
        assert window.settings.data_folder == "" and saved().get("data_folder", "") == ""
    dialog.reject()


def test_the_hub_address_and_the_proxy_are_chosen_checked_and_saved(qtbot, window):
    dialog = window.show_settings()
    assert dialog.hub.currentData() == "" and dialog.proxy.currentData() == "system"
    assert not dialog.hub_url.isEnabled() and not dialog.proxy_url.isEnabled()
    choose(dialog.proxy, "url")
    assert dialog.proxy_url.isEnabled()
    dialog.proxy_url.setText("not a proxy")
    button(dialog, QDialogButtonBox.Apply).click()
    assert dialog.error.isVisible() and "proxy as a URL" in dialog.error.text()
    assert saved().get("proxy", "system") == "system"  # refused: nothing saved
    dialog.proxy_url.setText("http://127.0.0.1:3128")
    choose(dialog.hub, "hf-mirror")
    button(dialog, QDialogButtonBox.Ok).click()
    assert (saved()["hub_endpoint"], saved()["proxy"]) == ("hf-mirror", "http://127.0.0.1:3128")
    assert window.settings.hub_address() == "https://hf-mirror.com"
    # the Models page says where downloads come from now
    assert "Downloads come from https://hf-mirror.com through the proxy http://127.0.0.1:3128." in window.models_page.catalog_panel.about.text()
    # any address, shown again as it was saved
    again = window.show_settings()
    assert again.hub.currentData() == "hf-mirror" and again.proxy_url.text() == "http://127.0.0.1:3128"
    choose(again.hub, "url")
    again.hub_url.setText("http://mirror.example/")
    button(again, QDialogButtonBox.Ok).click()
    assert window.settings.hub_address() == "http://mirror.example"
    third = window.show_settings()
    assert third.hub.currentData() == "url" and third.hub_url.text() == "http://mirror.example/"
    third.reject()


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root (or Windows) can write in a read-only folder")
def test_a_read_only_folder_is_refused(tmp_path):
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        assert "cannot write in" in folder_problem(str(folder))
    finally:
        folder.chmod(0o700)


def test_a_new_data_folder_is_used_from_the_next_start(qtbot, window, tmp_path):
    old = window.paths.data
    chosen = tmp_path / "assistant data"
    dialog = window.show_settings()
    assert dialog.data_folder.placeholderText() == str(app_paths().data)  # the standard folder
    dialog.data_folder.setText(str(chosen))
    button(dialog, QDialogButtonBox.Ok).click()
    assert window.settings_dialog is None and chosen.is_dir()  # made, and checked writable
    assert saved()["data_folder"] == str(chosen)
    assert "data folder" in window.restart_note.text()
    assert window.paths.data == old and app_paths().data == old  # this session keeps its folder
    assert app_paths(reread=True).data == chosen  # what the next start reads


# ------------------------------------------------------------------ about


def test_about_lists_the_versions_and_the_loaded_model(qtbot, window):
    about = window.show_about()
    text = about.text.toPlainText()
    assert f"Python {sys.version.split()[0]}" in text
    assert f"Qt {qVersion()}" in text and f"PySide6 {metadata.version('PySide6')}" in text
    assert f"torch {metadata.version('torch')}" in text
    assert f"transformers {metadata.version('transformers')}" in text
    assert "Models in memory\n  none" in text
    assert "Chat: tiny-chat\n" in text  # chosen in the settings of the fixture
    about.close()
    # load a model; the About text then names it and where it runs
    page = window.models_page
    key = next(m.key for m in page.inventory.models if m.name == "tiny-sentiment")
    assert page.select(key)
    page.load_selected()  # Models page, Load
    qtbot.waitUntil(lambda: window.client.last_memory is not None and bool(window.client.last_memory.models), timeout=60_000)
    about = window.show_about()
    text = about.text.toPlainText()
    assert "tiny-sentiment (CPU, float32" in text
    about.copy_button.click()
    assert QGuiApplication.clipboard().text() == text
    assert about.copied_note.text()
    about.close()


def test_shortcuts_dialog_lists_every_shortcut_with_native_keys(qtbot, window):
    from assistant.ui.main_window import SHORTCUTS

    dialog = window.show_shortcuts()
    table = dialog.table
    assert table.rowCount() == len(SHORTCUTS)
    rows = {table.item(r, 1).text(): table.item(r, 0).text() for r in range(table.rowCount())}
    assert rows["Settings"] == native_keys("Ctrl+,")
    assert rows["Go to Chat, Translate, Sentiment, Classify, Models"] == native_keys("Ctrl+1") + " … " + native_keys("Ctrl+5")
    assert window.settings_action.shortcut().toString() == "Ctrl+,"
    dialog.close()


# ------------------------------------------------------------- in Chinese


def _about_info() -> AboutInfo:
    loaded = (LoadedSummary("/m/tiny-sentiment", "tiny-sentiment", "cpu", "float32", 1_200_000),)
    uses = (ModelUse("聊天", "tiny-chat", True), ModelUse("翻译", "", False), ModelUse("情感分析", "tiny-sentiment", False))
    return AboutInfo(device="CPU", loaded=loaded, uses=uses)


def test_dialogs_in_chinese_are_translated_and_every_control_has_a_name(qtbot, chinese, tmp_path):
    from assistant.ui.main_window import SHORTCUTS

    settings_dialog = SettingsDialog(Settings(), tmp_path / "data")
    about = AboutDialog(_about_info())
    shortcuts = ShortcutsDialog(SHORTCUTS)
    for dialog in (settings_dialog, about, shortcuts):
        qtbot.addWidget(dialog)
        dialog.show()
    # Languages are named in their own language in the language menu, on purpose: "English" stays.
    left = [t for t in untranslated(settings_dialog) if t != "QComboBox language item 1: 'English'"]
    assert left == []
    assert untranslated(about) == [] and untranslated(shortcuts) == []
    for dialog in (settings_dialog, about, shortcuts):
        assert nameless_controls(dialog) == [], type(dialog).__name__
    assert settings_dialog.windowTitle() == "设置"
    text = about.text.toPlainText()
    assert "内存中的模型" in text and "tiny-sentiment" in text
    assert shortcuts.table.item(0, 1).text() != SHORTCUTS[0][1]
    # a refused folder is explained in Chinese too
    settings_dialog.data_folder.setText("relative/folder")
    settings_dialog.buttons.button(QDialogButtonBox.Ok).click()
    assert settings_dialog.error.isVisible() and "完整路径" in settings_dialog.error.text()


def test_settings_dialog_is_usable_from_the_keyboard(qtbot, tmp_path):
    dialog = SettingsDialog(Settings(), tmp_path / "data")
    qtbot.addWidget(dialog)
    dialog.show()
    # every field has a label with a mnemonic (Alt+letter) that leads to it
    buddies = {}
    for label in dialog.findChildren(QLabel):
        if label.buddy() is not None:
            buddies[label.buddy()] = label.text()
    for field in (dialog.device, dialog.budget, dialog.data_folder, dialog.theme, dialog.language):
        assert "&" in buddies.get(field, ""), field.objectName()
    # Esc is Cancel
    got = []
    dialog.applied.connect(got.append)
    dialog.budget.setValue(1536)
    qtbot.keyClick(dialog.budget, Qt.Key_Escape)
    assert not dialog.isVisible() and got == []
    # Enter is OK
    dialog.show()
    dialog.budget.setFocus()
    qtbot.keyClick(dialog.budget, Qt.Key_Return)
    assert not dialog.isVisible() and [v.memory_budget_mb for v in got] == [1536]


def test_an_empty_data_folder_means_the_standard_one():
    assert folder_problem("") is None and folder_problem("   ") is None


def test_settings_dialog_does_not_touch_a_settings_object_on_its_own(qtbot, tmp_path):
    settings = Settings(memory_budget_mb=512)
    dialog = SettingsDialog(settings, tmp_path / "data")
    qtbot.addWidget(dialog)
    got = []
    dialog.applied.connect(got.append)
    dialog.budget.setValue(1024)
    dialog.buttons.button(QDialogButtonBox.Apply).click()
    assert settings.memory_budget_mb == 512  # the window writes it, not the dialog
    assert [v.memory_budget_mb for v in got] == [1024]


def test_the_dialogs_and_themes_do_not_import_torch(tmp_path):
    """About reads the versions from package metadata; nothing here may import torch on the GUI thread."""
    import subprocess

    code = (
        "import os, sys; os.environ['QT_QPA_PLATFORM'] = 'offscreen'; "
        "from PySide6.QtWidgets import QApplication; app = QApplication([]); "
        "from pathlib import Path; from assistant.settings import Settings; "
        "from assistant.ui.theme import apply_theme; apply_theme('dark'); "
        "from assistant.ui.about_dialog import AboutDialog, AboutInfo; about = AboutDialog(AboutInfo()); "
        "from assistant.ui.settings_dialog import SettingsDialog; SettingsDialog(Settings(), Path('/tmp')); "
        "assert 'torch ' in about.text.toPlainText(); "
        "heavy = [m for m in ('torch', 'transformers') if m in sys.modules]; print(heavy); sys.exit(1 if heavy else 0)"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, cwd=root, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
