"""Checks of a built interface that tests of every tab share: English left in a translated
window (a string that does not go through tr()), and controls a screen reader cannot name."""

from __future__ import annotations

import re

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAccessible, QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QSlider,
    QTabWidget,
    QTextEdit,
    QWidget,
)

# Words that stay as they are in a Chinese interface: names, formats, units, keys.
NOT_TRANSLATED = {
    "local", "assistant",  # the program's name
    "cpu", "gpu", "cuda", "mps", "csv", "json", "html", "pdf", "docx", "odt", "rtf", "eml", "txt", "markdown",
    "gguf", "nli", "hugging", "face", "hub", "safetensors", "python", "pytorch", "torch", "transformers", "qt",
    "pyside", "smollm", "marian", "nllb", "opus", "minilm", "qwen", "llama", "bert", "distilbert",
    "ctrl", "shift", "alt", "enter", "esc", "tab", "del", "delete", "backspace", "return",
    "float", "bfloat", "int", "main", "apache", "mit", "cc", "nc", "sa", "mib", "gib", "kib",
    "api", "openai", "serve",  # "API key", "OpenAI-compatible", the `transformers serve` command
    "authorization", "bearer", "curl", "readme",  # an HTTP header and its scheme, the command, the file
}


def english_words(text: str) -> list[str]:
    """English words in a text, leaving out names with digits, paths, ids and key sequences."""
    text = re.sub(r"<[^>]+>|&\w+;", " ", text)  # rich-text labels
    words = []
    for token in text.split():
        if re.search(r"[\d_/\\.+:@=]|-\w", token.strip(".,;:()[]…'\"!?")):
            continue  # model ids, file names, paths, shortcuts like Ctrl+Enter
        words += [w for w in re.findall(r"[A-Za-z]{3,}", token) if w.lower() not in NOT_TRANSLATED]
    return words


def visible_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for every text of the window a person can see or hear."""
    texts: list[tuple[str, str]] = []

    def add(widget, kind: str, text: str) -> None:
        if text:
            texts.append((f"{type(widget).__name__} {widget.objectName() or ''} {kind}".strip(), text))

    for widget in [root, *root.findChildren(QWidget)]:
        add(widget, "tooltip", widget.toolTip())
        add(widget, "accessible name", widget.accessibleName())
        add(widget, "accessible description", widget.accessibleDescription())
        if widget.isWindow():
            add(widget, "title", widget.windowTitle())
        if isinstance(widget, (QLabel, QAbstractButton)):
            add(widget, "text", widget.text())
        elif isinstance(widget, QGroupBox):
            add(widget, "title", widget.title())
        elif isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit)):
            add(widget, "placeholder", widget.placeholderText())
        elif isinstance(widget, QComboBox):
            for i in range(widget.count()):
                add(widget, f"item {i}", widget.itemText(i))
        elif isinstance(widget, QTabWidget):
            for i in range(widget.count()):
                add(widget, f"tab {i}", widget.tabText(i))
                add(widget, f"tab {i} tooltip", widget.tabToolTip(i))
        elif isinstance(widget, QAbstractSpinBox):
            add(widget, "special value", widget.specialValueText())
            for kind in ("prefix", "suffix"):
                if hasattr(widget, kind):
                    add(widget, kind, getattr(widget, kind)())
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            try:
                columns = model.columnCount(QModelIndex())
            except TypeError:  # list models keep columnCount private: one column
                columns = 1
            for column in range(columns):
                add(widget, f"header {column}", str(model.headerData(column, Qt.Horizontal) or ""))
        elif isinstance(widget, QMenu):
            add(widget, "title", widget.title())
    for action in root.findChildren(QAction):
        add(action, "text", action.text())
        add(action, "tooltip", action.toolTip() if action.toolTip() != action.text().replace("&", "") else "")
    return texts


def untranslated(root: QWidget) -> list[str]:
    return [f"{where}: {text!r}" for where, text in visible_texts(root) if english_words(text)]


CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit, QTextEdit, QAbstractItemView, QSlider)


def nameless_controls(root: QWidget) -> list[str]:
    """Controls a screen reader cannot name: no text, no label buddy, no accessible name."""
    nameless = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or not widget.isVisibleTo(root) or widget.parent() is None:
            continue
        if isinstance(widget.parent(), (QAbstractSpinBox, QComboBox, QAbstractItemView)):
            continue  # the line edit inside a spin box or an editable combo box, the view's own parts
        interface = QAccessible.queryAccessibleInterface(widget)
        if interface is None or not interface.text(QAccessible.Name).strip():
            nameless.append(f"{type(widget).__name__} {widget.objectName()!r} in {type(widget.parent()).__name__}")
    return nameless
