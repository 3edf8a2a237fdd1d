"""The core's sentences in the interface language.

The core and the worker make their sentences with ``assistant.core.say.say``: English
text that keeps its template and values (a ``Said``).  ``for_person`` translates the
template in the context "CoreMessages" (the templates reach the .ts file through the
generated assistant/ui/i18n/core_templates.py) and fills in the values, translating the
ones that are sentences themselves.  Plain strings (a file name, model output, an
error of the system) are returned as they are.

Use it wherever the window shows a message that came from the core: Failure.message,
Progress.message, EngineStatus.message, the reasons in result payloads
(ClassifiedItem.error, IndexReport.failed, ...), and exceptions of the core caught
by the window (``for_person(exc)``).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication

from assistant.core.say import Said, message_of

log = logging.getLogger(__name__)

CONTEXT = "CoreMessages"


def for_person(text: str | BaseException | None) -> str:
    """``text`` in the interface language when it is a sentence of the core; else unchanged.

    An exception gives the sentence it was raised with.  A translation whose
    placeholders do not fit its values is logged and the English sentence shown.
    """
    if isinstance(text, BaseException):
        text = message_of(text)
    if text is None:
        return ""
    if not isinstance(text, Said):
        return text
    translated = QCoreApplication.translate(CONTEXT, text.template)
    if not text.args:
        return translated
    values = {key: for_person(value) if isinstance(value, Said) else value for key, value in text.args.items()}
    try:
        return translated.format(**values)
    except (KeyError, IndexError, ValueError, TypeError, AttributeError) as exc:
        log.error("translation of %r does not fit its values (%s: %s); shown in English", text.template, type(exc).__name__, exc)
        return str(text)
