"""Where the program keeps its files.

The folders follow the platform's conventions (appdirs).  ASSISTANT_HOME, when set,
puts all of them under one folder: the tests use it so that they never touch a
person's real files.  Nothing is created at import time; callers make what they use.

The data folder (chats, document indexes, converted models) can be moved: the
``data_folder`` entry of settings.json names it.  That choice is read once per
process, so a change made in the Settings dialog applies at the next start, and
every part of the program (window, worker, command line) sees the same folder
during a session.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, replace
from pathlib import Path

import appdirs

_APP_DIR_NAME = "local-assistant"


@dataclass(frozen=True)
class AppPaths:
    data: Path  # converted models, chat history, indexes
    cache: Path
    config: Path  # settings.json
    logs: Path

    @property
    def models(self) -> Path:
        """Model folders that the program made or the user put there."""
        return self.data / "models"

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.json"

    @property
    def log_file(self) -> Path:
        return self.logs / "assistant.log"


def standard_paths() -> AppPaths:
    """The folders before any choice in the settings: ASSISTANT_HOME's, else the platform's."""
    home = os.environ.get("ASSISTANT_HOME")
    if home:
        root = Path(home).expanduser()
        return AppPaths(data=root / "data", cache=root / "cache", config=root / "config", logs=root / "logs")
    return AppPaths(
        data=Path(appdirs.user_data_dir(_APP_DIR_NAME, appauthor=False)),
        cache=Path(appdirs.user_cache_dir(_APP_DIR_NAME, appauthor=False)),
        config=Path(appdirs.user_config_dir(_APP_DIR_NAME, appauthor=False)),
        logs=Path(appdirs.user_log_dir(_APP_DIR_NAME, appauthor=False)),
    )


# settings file -> the data folder chosen there (None: the standard one), as read first in this process
_chosen_data: dict[Path, Path | None] = {}


def app_paths(reread: bool = False) -> AppPaths:
    """The program's folders, with the data folder chosen in the settings (read once per process).

    ``reread`` reads the choice again (what the next start will use).
    """
    paths = standard_paths()
    if reread or paths.settings_file not in _chosen_data:
        _chosen_data[paths.settings_file] = chosen_data_folder(paths.settings_file)
    chosen = _chosen_data[paths.settings_file]
    return replace(paths, data=chosen) if chosen else paths


def chosen_data_folder(settings_file: Path) -> Path | None:
    """The ``data_folder`` of the settings file: an absolute folder, or None (unset, unreadable, relative)."""
    try:
        value = json.loads(settings_file.read_text(encoding="utf-8")).get("data_folder", "")
    except (OSError, ValueError, AttributeError):
        return None
    if not isinstance(value, str) or not value.strip():
        return None
    folder = Path(value.strip()).expanduser()
    return folder if folder.is_absolute() else None
