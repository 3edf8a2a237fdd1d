"""Logging to a rotating file in the logs folder (never to the console by default).

ASSISTANT_LOG_LEVEL=DEBUG also records a short preview of each result, which the
end-to-end test reads; at the default level only what ran and how fast is written.
"""

from __future__ import annotations

import logging
import logging.handlers
import os

from assistant.paths import AppPaths

_FORMAT = "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"


def setup_logging(paths: AppPaths, console: bool = False) -> None:
    level = getattr(logging, os.environ.get("ASSISTANT_LOG_LEVEL", "INFO").upper(), logging.INFO)
    root = logging.getLogger()
    root.setLevel(level)
    for handler in list(root.handlers):
        if getattr(handler, "_assistant", False):
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
    # transformers' own progress bars and advice would clutter stderr.
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
