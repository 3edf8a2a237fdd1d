"""Language names in the interface language: "German" in English, "德语" in Chinese.

The core (assistant/core/languages.py) names languages in English;
it cannot use Qt.  This module lists every one of those names for lupdate
(QT_TRANSLATE_NOOP in the context "Languages"), and translates a name when it
is shown.  tests/qt/test_language_names.py fails when a language is added to
the core but not here.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from assistant.core import languages

CONTEXT = "Languages"

# Every name languages.name() can return, for lupdate: the codes of languages.LANGUAGES and AUTO.
NAMES = (
    QT_TRANSLATE_NOOP("Languages", "Detect language"),
    QT_TRANSLATE_NOOP("Languages", "Afrikaans"),
    QT_TRANSLATE_NOOP("Languages", "Albanian"),
    QT_TRANSLATE_NOOP("Languages", "Amharic"),
    QT_TRANSLATE_NOOP("Languages", "Arabic"),
    QT_TRANSLATE_NOOP("Languages", "Armenian"),
    QT_TRANSLATE_NOOP("Languages", "Azerbaijani"),
    QT_TRANSLATE_NOOP("Languages", "Basque"),
    QT_TRANSLATE_NOOP("Languages", "Belarusian"),
    QT_TRANSLATE_NOOP("Languages", "Bengali"),
    QT_TRANSLATE_NOOP("Languages", "Bosnian"),
    QT_TRANSLATE_NOOP("Languages", "Bulgarian"),
    QT_TRANSLATE_NOOP("Languages", "Burmese"),
    QT_TRANSLATE_NOOP("Languages", "Catalan"),
    QT_TRANSLATE_NOOP("Languages", "Chinese"),
    QT_TRANSLATE_NOOP("Languages", "Croatian"),
    QT_TRANSLATE_NOOP("Languages", "Czech"),
    QT_TRANSLATE_NOOP("Languages", "Danish"),
    QT_TRANSLATE_NOOP("Languages", "Dutch"),
    QT_TRANSLATE_NOOP("Languages", "English"),
    QT_TRANSLATE_NOOP("Languages", "Esperanto"),
    QT_TRANSLATE_NOOP("Languages", "Estonian"),
    QT_TRANSLATE_NOOP("Languages", "Finnish"),
    QT_TRANSLATE_NOOP("Languages", "French"),
    QT_TRANSLATE_NOOP("Languages", "Galician"),
    QT_TRANSLATE_NOOP("Languages", "Georgian"),
    QT_TRANSLATE_NOOP("Languages", "German"),
    QT_TRANSLATE_NOOP("Languages", "Greek"),
    QT_TRANSLATE_NOOP("Languages", "Gujarati"),
    QT_TRANSLATE_NOOP("Languages", "Hausa"),
    QT_TRANSLATE_NOOP("Languages", "Hebrew"),
    QT_TRANSLATE_NOOP("Languages", "Hindi"),
    QT_TRANSLATE_NOOP("Languages", "Hungarian"),
    QT_TRANSLATE_NOOP("Languages", "Icelandic"),
    QT_TRANSLATE_NOOP("Languages", "Indonesian"),
    QT_TRANSLATE_NOOP("Languages", "Irish"),
    QT_TRANSLATE_NOOP("Languages", "Italian"),
    QT_TRANSLATE_NOOP("Languages", "Japanese"),
    QT_TRANSLATE_NOOP("Languages", "Kannada"),
    QT_TRANSLATE_NOOP("Languages", "Kazakh"),
    QT_TRANSLATE_NOOP("Languages", "Khmer"),
    QT_TRANSLATE_NOOP("Languages", "Korean"),
    QT_TRANSLATE_NOOP("Languages", "Latvian"),
    QT_TRANSLATE_NOOP("Languages", "Lithuanian"),
    QT_TRANSLATE_NOOP("Languages", "Luxembourgish"),
    QT_TRANSLATE_NOOP("Languages", "Macedonian"),
    QT_TRANSLATE_NOOP("Languages", "Malay"),
    QT_TRANSLATE_NOOP("Languages", "Malayalam"),
    QT_TRANSLATE_NOOP("Languages", "Maltese"),
    QT_TRANSLATE_NOOP("Languages", "Marathi"),
    QT_TRANSLATE_NOOP("Languages", "Mongolian"),
    QT_TRANSLATE_NOOP("Languages", "Nepali"),
    QT_TRANSLATE_NOOP("Languages", "Norwegian"),
    QT_TRANSLATE_NOOP("Languages", "Persian"),
    QT_TRANSLATE_NOOP("Languages", "Polish"),
    QT_TRANSLATE_NOOP("Languages", "Portuguese"),
    QT_TRANSLATE_NOOP("Languages", "Punjabi"),
    QT_TRANSLATE_NOOP("Languages", "Romanian"),
    QT_TRANSLATE_NOOP("Languages", "Russian"),
    QT_TRANSLATE_NOOP("Languages", "Serbian"),
    QT_TRANSLATE_NOOP("Languages", "Sinhala"),
    QT_TRANSLATE_NOOP("Languages", "Slovak"),
    QT_TRANSLATE_NOOP("Languages", "Slovenian"),
    QT_TRANSLATE_NOOP("Languages", "Spanish"),
    QT_TRANSLATE_NOOP("Languages", "Swahili"),
    QT_TRANSLATE_NOOP("Languages", "Swedish"),
    QT_TRANSLATE_NOOP("Languages", "Tagalog"),
    QT_TRANSLATE_NOOP("Languages", "Tamil"),
    QT_TRANSLATE_NOOP("Languages", "Telugu"),
    QT_TRANSLATE_NOOP("Languages", "Thai"),
    QT_TRANSLATE_NOOP("Languages", "Turkish"),
    QT_TRANSLATE_NOOP("Languages", "Ukrainian"),
    QT_TRANSLATE_NOOP("Languages", "Urdu"),
    QT_TRANSLATE_NOOP("Languages", "Uzbek"),
    QT_TRANSLATE_NOOP("Languages", "Vietnamese"),
    QT_TRANSLATE_NOOP("Languages", "Welsh"),
    QT_TRANSLATE_NOOP("Languages", "Zulu"),
)


def language_name(code: str) -> str:
    """'德语' for 'de' in the Chinese interface ('German' in English); an unknown code is shown as it is."""
    return QCoreApplication.translate(CONTEXT, languages.name(code))


def language_label(code: str) -> str:
    """'德语 (de)': what the language lists show, like languages.label() but translated (an unknown code as it is)."""
    return f"{language_name(code)} ({code})" if code in languages.LANGUAGES else code
