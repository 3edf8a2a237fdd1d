"""Light and dark themes: the Fusion style with a light or a dark palette, following the desktop on request.

``Settings.theme`` is "system" (follow the desktop's colour scheme, live), "light" or
"dark".  The look is the Fusion style on every platform (native styles such as
Windows' ignore a dark palette), with one of the two palettes below.  The desktop's
scheme comes from ``QStyleHints.colorScheme()`` (Qt 6.5+), and a change of it
(``colorSchemeChanged``) switches the palette while the theme is "system".  On Qt 6.8+
a chosen light or dark theme is also passed on to the platform
(``QStyleHints.setColorScheme``), so window frames and native dialogs match.

The program's widgets take their colours from the palette.  Secondary text (hints,
notes) is drawn in ``palette(mid)`` by several widgets' style sheets, so Mid is chosen
here to be readable as text on the window colour in both palettes.  Style sheets
resolve ``palette(...)`` when they are set, so after a switch they are set again.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QToolTip

if TYPE_CHECKING:
    from PySide6.QtCore import Qt

log = logging.getLogger(__name__)

THEMES = ("system", "light", "dark")
STYLE = "Fusion"
_STYLE_PROPERTY = "assistant_style"  # set on the QApplication once it has STYLE


def style_arguments() -> list[str]:
    """Arguments for the QApplication constructor that start it with STYLE.

    Set that way, ``apply_theme`` need not ask for the style from Python: the first QStyle
    Python sees costs the first paint the setup of a dozen enum types.
    """
    return ["-style", STYLE]


def started_with_style(app: QApplication) -> None:
    """Record that ``app`` was made with ``style_arguments()``."""
    app.setProperty(_STYLE_PROPERTY, STYLE)

_ROLE = QPalette.ColorRole
_GROUP = QPalette.ColorGroup

# (role, normal colour, disabled colour or None for the same)
_LIGHT = (
    (_ROLE.Window, "#efefef", None),
    (_ROLE.WindowText, "#1b1b1b", "#9a9a9a"),
    (_ROLE.Base, "#ffffff", "#f4f4f4"),
    (_ROLE.AlternateBase, "#f5f5f5", None),
    (_ROLE.ToolTipBase, "#ffffdc", None),
    (_ROLE.ToolTipText, "#1b1b1b", None),
    (_ROLE.PlaceholderText, "#7a7a7a", None),
    (_ROLE.Text, "#1b1b1b", "#9a9a9a"),
    (_ROLE.Button, "#efefef", None),
    (_ROLE.ButtonText, "#1b1b1b", "#9a9a9a"),
    (_ROLE.BrightText, "#ffffff", None),
    (_ROLE.Light, "#ffffff", None),
    (_ROLE.Midlight, "#cacaca", None),
    (_ROLE.Mid, "#696969", None),  # secondary text: 4.8:1 on the window colour
    (_ROLE.Dark, "#9f9f9f", None),
    (_ROLE.Shadow, "#767676", None),
    (_ROLE.Highlight, "#308cc6", "#c8c8c8"),
    (_ROLE.HighlightedText, "#ffffff", "#6e6e6e"),
    (_ROLE.Link, "#0b57d0", None),
    (_ROLE.LinkVisited, "#7b1fa2", None),
)
_DARK = (
    (_ROLE.Window, "#2b2b2b", None),
    (_ROLE.WindowText, "#e8e8e8", "#7c7c7c"),
    (_ROLE.Base, "#1f1f1f", "#272727"),
    (_ROLE.AlternateBase, "#262626", None),
    (_ROLE.ToolTipBase, "#3a3a3a", None),
    (_ROLE.ToolTipText, "#e8e8e8", None),
    (_ROLE.PlaceholderText, "#8c8c8c", None),
    (_ROLE.Text, "#e8e8e8", "#7c7c7c"),
    (_ROLE.Button, "#363636", None),
    (_ROLE.ButtonText, "#e8e8e8", "#7c7c7c"),
    (_ROLE.BrightText, "#ff8a80", None),
    (_ROLE.Light, "#4a4a4a", None),
    (_ROLE.Midlight, "#3f3f3f", None),
    (_ROLE.Mid, "#a3a3a3", None),  # secondary text: 5.6:1 on the window colour
    (_ROLE.Dark, "#1a1a1a", None),
    (_ROLE.Shadow, "#0d0d0d", None),
    (_ROLE.Highlight, "#2f72c4", "#4a4a4a"),
    (_ROLE.HighlightedText, "#ffffff", "#a3a3a3"),
    (_ROLE.Link, "#7ab7ff", None),
    (_ROLE.LinkVisited, "#c5a3ff", None),
)


# Colours with a meaning that the program draws itself (chat roles, notes, sentiment marks,
# highlighted passages), one set per scheme: each is readable on that scheme's base colour.
_MEANINGS = {
    "light": {
        "user": "#1a4d8f", "assistant": "#2e6b30", "muted": "#5f6368", "warning": "#8a5a00", "error": "#b3261e",
        "positive": "#1e7b34", "negative": "#b3261e", "neutral": "#5f6368", "other": "#1a73e8",
        "code background": "#f3f4f6", "positive background": "#d4edda", "negative background": "#f8d7da",
        "neutral background": "#e8eaed", "other background": "#e8f0fe",
        "highlight background": "#fff3a0", "highlight text": "#000000",
    },
    "dark": {
        "user": "#8ab4f8", "assistant": "#81c995", "muted": "#a3a3a3", "warning": "#fdd663", "error": "#f28b82",
        "positive": "#81c995", "negative": "#f28b82", "neutral": "#a3a3a3", "other": "#8ab4f8",
        "code background": "#333537", "positive background": "#1f3d29", "negative background": "#4d2424",
        "neutral background": "#3a3b3d", "other background": "#1f3a5f",
        "highlight background": "#6b5a00", "highlight text": "#ffffff",
    },
}


def colour(meaning: str, palette: QPalette | None = None) -> str:
    """The colour (#rrggbb) of ``meaning`` ("user", "warning", "positive background", ...) for the palette in use."""
    scheme = "dark" if is_dark(palette if palette is not None else QApplication.palette()) else "light"
    return _MEANINGS[scheme][meaning]


def tint(widget, meaning: str) -> None:
    """Draw ``widget``'s text in the colour of ``meaning``, now and after every theme switch."""
    widget.setProperty(_TINT, meaning)
    widget.setStyleSheet(f"color: {colour(meaning)};")


_TINT = "assistantTint"


def scheme_for(setting: str, system_scheme: Qt.ColorScheme) -> str:
    """"light" or "dark" for a theme setting, given the desktop's colour scheme."""
    from PySide6.QtCore import Qt

    if setting in ("light", "dark"):
        return setting
    return "dark" if system_scheme == Qt.ColorScheme.Dark else "light"  # Unknown: light


def palette_for(scheme: str) -> QPalette:
    """The palette of the "light" or "dark" scheme, every role set (disabled ones too)."""
    palette = QPalette()
    for role, normal, disabled in _DARK if scheme == "dark" else _LIGHT:
        palette.setColor(role, QColor(normal))  # all groups
        if disabled is not None:
            palette.setColor(_GROUP.Disabled, role, QColor(disabled))
    highlight = palette.color(_GROUP.Active, _ROLE.Highlight)
    palette.setColor(_ROLE.Accent, highlight)
    palette.setColor(_GROUP.Disabled, _ROLE.Accent, palette.color(_GROUP.Disabled, _ROLE.Highlight))
    return palette


def is_dark(palette: QPalette) -> bool:
    return palette.color(_ROLE.Window).lightnessF() < 0.5


class _ThemeController(QObject):
    """Keeps the application's palette in step with the setting and, for "system", with the desktop."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.app = app
        self.setting = "system"
        self.scheme = ""
        app.styleHints().colorSchemeChanged.connect(self._system_scheme_changed)

    def apply(self, setting: str) -> str:
        if setting not in THEMES:
            log.warning("unknown theme %r; following the system", setting)
            setting = "system"
        self.setting = setting
        if self.app.property(_STYLE_PROPERTY) != STYLE and self.app.style().name().lower() != STYLE.lower():
            self.app.setStyle(STYLE)
        hints = self.app.styleHints()
        if hasattr(hints, "setColorScheme"):  # Qt 6.8+: window frames and native dialogs follow
            if setting == "system":
                hints.unsetColorScheme()
            else:  # by name: see _desktop_is_dark
                hints.setProperty("colorScheme", "Dark" if setting == "dark" else "Light")
        self._use(setting if setting != "system" else "dark" if self._desktop_is_dark() else "light")
        return self.scheme

    def _desktop_is_dark(self) -> bool:
        """Whether the desktop's colour scheme is dark (Unknown: not).

        At the start, before any palette of ours is set, read from the palette Qt made for the desktop,
        which follows its colour scheme: asking ``colorScheme()`` there (or naming any value of Qt's
        namespace) makes PySide build the Python types of all of Qt's enums, about 50 ms before the
        window's first paint.  Later the scheme itself is asked.
        """
        if not self.scheme:
            return is_dark(self.app.palette())
        from PySide6.QtCore import Qt

        return self.app.styleHints().colorScheme() == Qt.ColorScheme.Dark

    def _system_scheme_changed(self, scheme: Qt.ColorScheme) -> None:
        if self.setting == "system":
            self._use(scheme_for("system", scheme))

    def _use(self, scheme: str) -> None:
        if scheme == self.scheme and is_dark(self.app.palette()) == (scheme == "dark"):
            return
        self.scheme = scheme
        palette = palette_for(scheme)
        self.app.setPalette(palette)
        QToolTip.setPalette(palette)
        for widget in self.app.allWidgets():  # style sheets resolved palette(...) when they were set
            sheet = widget.styleSheet()
            if widget.property(_TINT):
                tint(widget, widget.property(_TINT))
            elif sheet and "palette(" in sheet:
                widget.setStyleSheet(sheet)


_controller: _ThemeController | None = None


def apply_theme(setting: str) -> str:
    """Use the theme of ``setting`` ("system" | "light" | "dark") now; return the scheme shown, "light" or "dark".

    Call it once the QApplication exists and before the window is built (the style is
    set then), and again whenever the setting changes.
    """
    global _controller
    app = QApplication.instance()
    if _controller is None or _controller.app is not app:
        _controller = _ThemeController(app)
    return _controller.apply(setting)
