"""What every task gets from the engine: a way to report, and a way to be stopped."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.core.messages import BadInput, Cancelled, ModelMissing, task_name
from assistant.core.say import say

# Pasted text above this is refused with a clear message rather than tying up the
# worker for hours; files have their own limit in core/files/read.py.
MAX_TEXT_CHARS = 100_000

# What require_text calls the text it checks, in its sentences.
TEXT = say("text")
QUESTION = say("question")


@dataclass
class TaskContext:
    cancel: threading.Event = field(default_factory=threading.Event)
    emit_partial: Callable[[Any], None] = lambda payload: None
    progress: Callable[[int, int, str], None] = lambda done, total, message="": None
    # A second model for tasks that need one (documents: the chat or QA model that answers):
    # load_model(task, model key or None for the installed default) -> LoadedModel; raises ModelMissing.
    load_model: Callable[[Any, str | None], Any] = field(default=lambda task, key: _no_second_model(task))
    # The program's data folder (classify jobs, trained classifiers, organize logs), given by the
    # engine's caller, which knows the program's folders (core does not look them up).
    data_dir: Path | None = None

    def check_cancelled(self) -> None:
        if self.cancel.is_set():
            raise Cancelled(say("Stopped."))


def _no_second_model(task) -> Any:
    raise ModelMissing(say("No model for {task} is available here.", task=task_name(task)))


def require_text(text: str, what: str = TEXT) -> str:
    """``text`` itself; BadInput when it is empty or too long.  ``what`` names it: TEXT or QUESTION."""
    if not text or not text.strip():
        raise BadInput(say("There is no {what} to work on: type or paste some first.", what=what))
    if len(text) > MAX_TEXT_CHARS:
        raise BadInput(
            say(
                "The {what} is too long ({length:,} characters; the limit is {limit:,}). Split it into parts or use a file.",
                what=what,
                length=len(text),
                limit=MAX_TEXT_CHARS,
            )
        )
    return text
