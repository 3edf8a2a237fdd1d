"""Language names in the interface language (assistant/ui/i18n/language_names.py).

The core names its languages in English; the interface lists every one of those
names for lupdate. A language added to the core without a translated name fails here.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from assistant.core import languages
from assistant.ui.i18n import language_names
from assistant.ui.i18n.language_names import language_label, language_name


def listed_names() -> list[str]:
    """The names lupdate extracts: QT_TRANSLATE_NOOP("Languages", "...") with literal arguments."""
    tree = ast.parse(Path(language_names.__file__).read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "QT_TRANSLATE_NOOP":
            context, text = (arg.value for arg in node.args)
            assert context == "Languages"
            found.append(text)
    return found


def test_every_name_the_core_can_give_is_listed_for_translation_once():
    names = listed_names()
    core = {name for name, _nllb in languages.LANGUAGES.values()} | {languages.name(languages.AUTO)}
    assert len(names) == len(set(names))
    assert set(names) == core


def test_in_english_the_names_and_labels_are_the_cores(qapp):
    for code in languages.LANGUAGES:
        assert language_name(code) == languages.name(code)
        assert language_label(code) == languages.label(code)
    assert language_name(languages.AUTO) == "Detect language"
    assert language_name("ace_Arab") == "ace_Arab" and language_label("ace_Arab") == "ace_Arab"


def test_in_chinese_every_language_has_its_chinese_name(chinese):
    assert language_name("de") == "德语" and language_label("de") == "德语 (de)"
    assert language_label("ja") == "日语 (ja)" and language_name("zh") == "中文"
    assert language_name(languages.AUTO) == "自动检测语言"
    for code in languages.LANGUAGES:
        name = language_name(code)
        assert name != languages.name(code) and not re.search(r"[A-Za-z]", name), (code, name)
        assert language_label(code) == f"{name} ({code})"
    chinese_names = [language_name(code) for code in languages.LANGUAGES]
    assert len(set(chinese_names)) == len(chinese_names)  # no two languages share a name
    assert language_label("ace_Arab") == "ace_Arab"  # outside the table: shown as it is
