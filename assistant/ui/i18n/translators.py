"""The interface language: which translation to use, and installing it.

The source strings are English. Qt translators (compiled .qm files in
resources/i18n, made from the .ts sources by scripts/update_translations.py)
turn them into the chosen language. Qt's own translation of its standard
dialogs' buttons (qtbase_*.qm, shipped with PySide6) is installed beside ours.
The language is chosen once at start: widgets are built with their texts then,
so a change in the settings applies at the next start.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from assistant.resources import resource_path

log = logging.getLogger(__name__)

SYSTEM = "system"
# The interface languages, each named in its own language (as language menus do).
LANGUAGES = {"en": "English", "zh_CN": "简体中文"}
DEFAULT = "en"

_installed: list[QTranslator] = []


def resolve_language(setting: str, system_languages: list[str] | None = None) -> str:
    """The interface language for a setting: itself if we have it, else the system's first we have.

    ``system_languages`` is QLocale.system().uiLanguages() (e.g. ["zh-Hans-CN", "en-US"]).
    Traditional Chinese is not offered a Simplified Chinese interface.
    """
    if setting in LANGUAGES:
        return setting
    if system_languages is None:
        system_languages = QLocale.system().uiLanguages()
    for name in system_languages:
        parts = name.replace("_", "-").split("-")
        if parts[0] == "zh":
            if "Hant" in parts or any(p in ("TW", "HK", "MO") for p in parts[1:]):
                continue
            return "zh_CN"
        if parts[0] == "en":
            return "en"
    return DEFAULT


def install_translators(language: str) -> str:
    """Install the translators for ``language`` on the running application; return the language used.

    Translators installed earlier are removed first, so this can be called again
    (the tests switch languages). A missing .qm file leaves the interface in English.
    """
    app = QCoreApplication.instance()
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    ours = resource_path(f"i18n/assistant_{language}.qm")
    if ours is None:
        if language != DEFAULT:
            log.warning("no interface translation for %s; showing English", language)
        return DEFAULT
    for name, folder in (
        (f"assistant_{language}", str(ours.parent)),
        (f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.TranslationsPath)),
    ):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            _installed.append(translator)
        elif name.startswith("assistant_"):
            log.warning("interface translation %s/%s.qm could not be loaded", folder, name)
    return language
