"""Where the program keeps its files.

The folders follow the platform's conventions (appdirs).  ASSISTANT_HOME, when set,
puts all of them under one folder: the tests use it so that they never touch a
person's real files.  Nothing is created at import time; callers make what they use.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
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


def app_paths() -> AppPaths:
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
