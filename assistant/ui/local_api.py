"""The local OpenAI-compatible API, switched on and off from Settings ("Local API").

It is worker/api_server.py's ApiServer, given the engine that the window's worker thread
already runs: requests from other programs queue with the window's own, one at a time,
and the models in memory are shared.  Starting binds a socket and starts the listening
thread; stopping waits at most one poll of that thread (50 ms), never for the worker.
"""

from __future__ import annotations

import logging
import secrets
import socket
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from assistant.core.servers.store import LOCAL_API_TOKEN, ServerStore

if TYPE_CHECKING:
    from assistant.worker.api_server import ApiServer
    from assistant.worker.qt import WorkerClient

log = logging.getLogger(__name__)

ALL_ADDRESSES = "0.0.0.0"
LOOPBACK = "127.0.0.1"


def new_token() -> str:
    return secrets.token_urlsafe(24)


class LocalApi(QObject):
    changed = Signal(str)  # the address clients use while it serves; "" when it is off

    def __init__(
        self, client: WorkerClient, data_dir: Path, chosen: Callable[[], Mapping[str, str]] = dict, parent: QObject | None = None
    ) -> None:
        """``chosen``: the Models page's choices (task -> model key) as they are now; a request naming no model gets its task's."""
        super().__init__(parent)
        self.client = client
        self.chosen = chosen
        self.data_dir = data_dir
        self.server: ApiServer | None = None
        self.address = ""

    # ------------------------------------------------------------ the token

    def token(self) -> str:
        return ServerStore(self.data_dir).key(LOCAL_API_TOKEN)

    def set_token(self, token: str) -> None:
        if token != self.token():
            ServerStore(self.data_dir).set_key(LOCAL_API_TOKEN, token)

    # ------------------------------------------------------------ on and off

    def apply(self, enabled: bool, port: int, allow_network: bool) -> str:
        """Serve as asked (restarting when it served otherwise); "" when it went as asked, else why not, in a sentence."""
        self.stop()
        if not enabled:
            return ""
        from assistant.worker.api_server import ApiServer

        token = self.token()
        if allow_network and not token:
            return self.tr("Other machines may use the API only with a token: generate one in Settings.")
        host = ALL_ADDRESSES if allow_network else LOOPBACK
        try:
            self.server = ApiServer(host=host, port=port, token=token, allow_network=allow_network, engine=self.client.engine, chosen=self.chosen).start()
        except OSError as exc:
            log.warning("the local API cannot listen on %s:%s: %s", host, port, exc)
            return self.tr("The local API could not start on port {port}: {reason}. Choose another port in Settings.").format(
                port=port, reason=exc.strerror or exc
            )
        bound = self.server.httpd.server_address[1]
        self.address = f"http://{socket.gethostname() if allow_network else LOOPBACK}:{bound}/v1"
        log.info("the local API serves at %s (listening on %s)", self.address, host)
        self.changed.emit(self.address)
        return ""

    def stop(self) -> None:
        if self.server is None:
            return
        self.server.stop()
        self.server = None
        self.address = ""
        self.changed.emit("")
