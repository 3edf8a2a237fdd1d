"""Paths as they are stored: absolute and resolved, so they mean the same file from any folder.

A person types ``docs/inbox``; a log, a job or a classifier that keeps it as typed
finds nothing once the program runs from another working directory.  Everything
that is written down for later goes through ``absolute`` first.
"""

from __future__ import annotations

import os
from pathlib import Path


def absolute(path: str | os.PathLike, base: str | os.PathLike | None = None) -> str:
    """``path`` made absolute against ``base`` (the working directory when None) and resolved.

    The folders on the way are resolved (``..`` and links to folders followed, as
    ``Path.resolve`` does); the last name is kept as it is, so a link to a file stays
    that link (organize leaves links alone, a walk reports them) instead of
    becoming the file it points to.
    """
    candidate = Path(os.path.expanduser(os.fspath(path)))
    if not candidate.is_absolute():
        candidate = Path(base if base is not None else os.getcwd()) / candidate
    if candidate.name in ("", ".", ".."):
        return str(candidate.resolve())
    return str(candidate.parent.resolve() / candidate.name)


def is_relative(path: str) -> bool:
    """True for a path stored as typed by an older version (not absolute)."""
    return not os.path.isabs(os.path.expanduser(path))
