"""What the window hands every tab: the settings, the folders, the worker, and a few calls back into the window.

A module of its own, with no Qt class in it: the window makes its context before the
first paint, and importing the tabs' shared base (their widgets, the protocol) would
be time before the window shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.paths import AppPaths
    from assistant.settings import Settings
    from assistant.ui.downloads import ModelDownloads
    from assistant.worker.qt import WorkerClient


@dataclass
class UiContext:
    settings: Settings
    paths: AppPaths
    client: WorkerClient
    save_settings: Callable[[], None]
    show_models_page: Callable[[], None]
    # Sends the saved settings to the engine (device, precision, per-model placements...).
    apply_settings: Callable[[], None] = lambda: None
    # The model download under way and the catalog: one for the Models page and the tabs that offer models.
    downloads: ModelDownloads | None = None
    # The Models page's catalog of downloads, filtered on a task, with a model id put in its download field.
    show_catalog: Callable[[str, str], None] | None = None

    def __post_init__(self) -> None:
        if self.downloads is None:
            from assistant.ui.downloads import ModelDownloads

            self.downloads = ModelDownloads(self.client, self.settings, self.paths)
        if self.show_catalog is None:
            self.show_catalog = lambda _task, _repo_id="": self.show_models_page()
