"""The tasks as the window names them, in its language: the one table for every place that names
a tab (the tabs themselves aside: their titles carry keyboard accelerators) or a catalog task.

The core names tasks in its sentences with protocol.task_name; the catalog's own English titles
are core/models/catalog.py TASK_NAMES, whose keys this table translates.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from assistant.core.protocol import Task

CONTEXT = "TaskNames"

# The tabs that use a model of their own, in the window's order.
TAB_TASKS = (Task.CHAT, Task.TRANSLATE, Task.SENTIMENT, Task.CLASSIFY)
_TAB_NAMES = {
    Task.CHAT: QT_TRANSLATE_NOOP("TaskNames", "Chat"),
    Task.TRANSLATE: QT_TRANSLATE_NOOP("TaskNames", "Translate"),
    Task.SENTIMENT: QT_TRANSLATE_NOOP("TaskNames", "Sentiment"),
    Task.CLASSIFY: QT_TRANSLATE_NOOP("TaskNames", "Classify"),
}
# The catalog's tasks (the keys of core/models/catalog.py TASK_NAMES).
_CATALOG_TITLES = {
    "chat": QT_TRANSLATE_NOOP("TaskNames", "Chat"),
    "translate": QT_TRANSLATE_NOOP("TaskNames", "Translation"),
    "sentiment": QT_TRANSLATE_NOOP("TaskNames", "Sentiment"),
    "classify": QT_TRANSLATE_NOOP("TaskNames", "Zero-shot classification"),
    "embed": QT_TRANSLATE_NOOP("TaskNames", "Embeddings"),
    "qa": QT_TRANSLATE_NOOP("TaskNames", "Extractive QA"),
}


def tab_name(task: Task) -> str:
    """The tab that runs ``task``, named as the window names it ("Translate")."""
    return QCoreApplication.translate(CONTEXT, _TAB_NAMES[task])


def catalog_task_title(task: str, fallback: str = "") -> str:
    """A catalog task ("translate") for people ("Translation"); a task not listed as ``fallback`` or itself."""
    return QCoreApplication.translate(CONTEXT, _CATALOG_TITLES[task]) if task in _CATALOG_TITLES else fallback or task
