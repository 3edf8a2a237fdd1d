"""Logging to a rotating file in the logs folder (never to the console by default).

ASSISTANT_LOG_LEVEL=DEBUG also records a short preview of each result, which the
end-to-end test reads; at the default level only what ran and how fast is written.

The window sets the file up after its first paint (``logging.handlers`` and the
folder are time before the window shows): ``hold_records`` keeps what is logged
until then in memory, and ``setup_logging`` writes it to the file first.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.paths import AppPaths

_FORMAT = "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"
HELD_MAX = 1000  # records kept before the file is set up; a start logs a handful


class _Held(logging.Handler):
    """Keeps records in memory until ``setup_logging`` passes them to the real handlers."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.records) < HELD_MAX:
            self.records.append(record)


def _level() -> int:
    return getattr(logging, os.environ.get("ASSISTANT_LOG_LEVEL", "INFO").upper(), logging.INFO)


def hold_records() -> None:
    """Until ``setup_logging``, keep the records logged in memory (at the level the file will have)."""
    root = logging.getLogger()
    root.setLevel(_level())
    if not any(isinstance(handler, _Held) for handler in root.handlers):
        held = _Held()
        held._assistant = True  # type: ignore[attr-defined]
        root.addHandler(held)


def setup_logging(paths: AppPaths, console: bool = False) -> None:
    import logging.handlers

    root = logging.getLogger()
    root.setLevel(_level())
    held: list[logging.LogRecord] = []
    for handler in list(root.handlers):
        if getattr(handler, "_assistant", False):
            if isinstance(handler, _Held):
                held.extend(handler.records)
            root.removeHandler(handler)
            handler.close()
    try:
        paths.logs.mkdir(parents=True, exist_ok=True)
        file_handler: logging.Handler = logging.handlers.RotatingFileHandler(
            paths.log_file, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        file_handler = logging.NullHandler()  # a read-only or full disk must not stop the program
    handlers = [file_handler]
    if console:
        handlers.append(logging.StreamHandler())
    for handler in handlers:
        handler.setFormatter(logging.Formatter(_FORMAT))
        handler._assistant = True  # type: ignore[attr-defined]
        root.addHandler(handler)
        for record in held:
            if record.levelno >= handler.level:
                handler.handle(record)
    # transformers' own progress bars and advice would clutter stderr.
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
