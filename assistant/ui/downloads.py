"""The model download under way, shared by every view that starts or shows one.

The Models page's catalog and the Translate tab's "this pair needs a model" offer
both download through this one object: it sends the request to the download
thread (through WorkerClient), remembers which download is under way, and passes
its replies on as signals.  So a download started in one place shows its bytes,
speed and Stop button in the other too, and only one runs at a time.  It also
keeps the catalog of recommended models that both read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from assistant.ui.i18n.core_text import for_person
from assistant.ui.widgets.calls import Call

if TYPE_CHECKING:  # the catalog and the request are imported when first used: the window makes this before its first paint
    from assistant.core.models.catalog import Catalog
    from assistant.core.protocol import Failure, Partial, Progress, Result
    from assistant.paths import AppPaths
    from assistant.settings import Settings
    from assistant.worker.qt import WorkerClient


class ModelDownloads(QObject):
    started = Signal(str)  # the repository id, once the request is sent
    partial = Signal(object)  # DownloadProgress: real bytes on disk
    progress = Signal(str)  # the file under way, its speed, what was resumed
    finished = Signal(object)  # Result (payload DownloadedModel) or Failure; ``busy`` is already False

    def __init__(self, client: WorkerClient, settings: Settings, paths: AppPaths, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.settings = settings
        self.paths = paths
        self.download_id: int | None = None
        self.repo_id = ""  # the download under way (or the last one)
        self._catalog: Catalog | None = None

    # ---------------------------------------------------------------- catalog

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            self.reload_catalog()
        return self._catalog

    def reload_catalog(self) -> Catalog:
        """The packaged catalog plus the user's catalog.json in the config folder, read again."""
        from assistant.core.models.catalog import load_catalog

        self._catalog = load_catalog(self.paths.config / "catalog.json")
        return self._catalog

    # --------------------------------------------------------------- download

    @property
    def busy(self) -> bool:
        return self.download_id is not None

    def start(self, repo_id: str, revision: str = "main", allow_unsafe: bool | None = None) -> bool:
        """Send the download of ``repo_id``; False (nothing sent) while another one runs."""
        if self.busy:
            return False
        from assistant.core.models.messages import DownloadRequest
        from assistant.core.models.sources import default_hf_cache

        request = DownloadRequest(
            repo_id=repo_id,
            revision=revision or "main",
            allow_unsafe=self.settings.allow_pickle_weights if allow_unsafe is None else allow_unsafe,
            endpoint=self.settings.hub_address(),
            proxy=self.settings.proxy,
            cache_dir=str(default_hf_cache()),  # where the Models page looks for them
        )
        self.repo_id = repo_id
        self.download_id = self.client.submit(request, Call(self._finished, self._progress, self._partial))
        self.started.emit(repo_id)
        return True

    def stop(self) -> None:
        """Stop the download under way; what was fetched stays, and the next try goes on from there."""
        if self.download_id is not None:
            self.client.cancel(self.download_id)

    def _partial(self, reply: Partial) -> None:
        self.partial.emit(reply.payload)

    def _progress(self, reply: Progress) -> None:
        if reply.message:
            self.progress.emit(for_person(reply.message))

    def _finished(self, reply: Result | Failure) -> None:
        self.download_id = None
        self.finished.emit(reply)
