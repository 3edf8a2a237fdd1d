"""The servers a person added, and their API keys.

The list (name, base URL, an optional CA file, whether plain http was confirmed) is a JSON
file in the data folder; it never holds a key.  Keys go to the system keyring when one is
usable (the ``keyring`` package), else to a file in the data folder that only the user may
read (mode 0600).  ``key_storage`` says which, for the Settings page and the command line.

The program sends requests only to servers in this list: a model named "server/model-id"
whose server is not here is refused, not looked up anywhere.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import logging
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from assistant.core.files.write import write_atomically
from assistant.core.protocol import BadInput
from assistant.core.say import say

log = logging.getLogger(__name__)

SERVERS_FILE = "servers.json"
KEYS_FILE = "server-keys.json"
KEYRING_SERVICE = "local-assistant servers"
# The local API's token (Settings, "Local API") is kept with the keys under a name no server can
# have (server names hold no "/"), so that it is never written into the settings file either.
LOCAL_API_TOKEN = "/local-api"


@dataclass(frozen=True)
class Server:
    name: str
    base_url: str  # up to and including /v1, without a trailing slash
    ca_file: str = ""  # a CA bundle to verify the server's certificate; "" = the system's
    plain_http_confirmed: bool = False  # http:// to a public address, confirmed by the person

    def url(self, path: str) -> str:
        return self.base_url + path


def normalize_url(url: str) -> str:
    """The base URL as requests use it: scheme and host kept, trailing slashes dropped, "/v1" added when missing."""
    url = url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadInput(say("'{url}' is not a server address: it must start with http:// or https://.", url=url))
    if parts.query or parts.fragment or parts.username or parts.password:
        raise BadInput(say("'{url}' must be a plain address, without a query, a fragment or a password in it.", url=url))
    if not parts.path.endswith("/v1"):
        url += "/v1"
    return url


def is_local_address(host: str) -> bool:
    """Loopback and private network addresses (and "localhost"): where plain http stays on this network."""
    if host.lower() == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False  # a name: where it leads is not known without asking the network
    return address.is_loopback or address.is_private or address.is_link_local


def needs_http_confirmation(url: str) -> bool:
    """Whether ``url`` is plain http to an address that is not loopback or private."""
    parts = urlsplit(url)
    return parts.scheme == "http" and not is_local_address(parts.hostname or "")


def check_name(name: str) -> str:
    name = name.strip()
    if not name or "/" in name or any(c.isspace() for c in name):
        raise BadInput(say("A server name must be one word without '/' (models are named server/model): '{name}' is not.", name=name))
    return name


class ServerStore:
    """The server list and keys under ``data_dir``."""

    def __init__(self, data_dir: Path, keyring_backend: Any = None) -> None:
        self.data_dir = Path(data_dir)
        self._keyring: Any = keyring_backend if keyring_backend is not None else usable_keyring()

    # ------------------------------------------------------------ the list

    @property
    def list_file(self) -> Path:
        return self.data_dir / SERVERS_FILE

    @property
    def keys_file(self) -> Path:
        return self.data_dir / KEYS_FILE

    def servers(self) -> list[Server]:
        try:
            data = json.loads(self.list_file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        except (OSError, ValueError) as exc:
            log.warning("the server list %s is unreadable: %s", self.list_file, exc)
            return []
        servers = []
        for entry in data.get("servers", []) if isinstance(data, dict) else []:
            try:
                servers.append(
                    Server(
                        str(entry["name"]),
                        str(entry["base_url"]),
                        str(entry.get("ca_file", "")),
                        bool(entry.get("plain_http_confirmed", False)),
                    )
                )
            except (KeyError, TypeError):
                log.warning("a damaged entry in %s is skipped: %r", self.list_file, entry)
        return servers

    def get(self, name: str) -> Server | None:
        return next((s for s in self.servers() if s.name == name), None)

    def add(self, name: str, url: str, key: str = "", ca_file: str = "", confirm_plain_http: bool = False) -> Server:
        """Add (or replace) a server; BadInput for a bad name or address, or plain http to a public one unconfirmed."""
        name = check_name(name)
        url = normalize_url(url)
        if needs_http_confirmation(url) and not confirm_plain_http:
            raise BadInput(
                say(
                    "{url} is plain http to an address outside this computer and its network: the key and the chats "
                    "would travel unencrypted. Use https, or confirm plain http.",
                    url=url,
                )
            )
        if ca_file and not Path(ca_file).expanduser().is_file():
            raise BadInput(say("The CA file {path} does not exist.", path=ca_file))
        server = Server(name, url, str(Path(ca_file).expanduser()) if ca_file else "", needs_http_confirmation(url))
        others = [s for s in self.servers() if s.name != name]
        self._write([*others, server])
        self.set_key(name, key)
        return server

    def remove(self, name: str) -> bool:
        servers = self.servers()
        kept = [s for s in servers if s.name != name]
        if len(kept) == len(servers):
            return False
        self._write(kept)
        self.set_key(name, "")
        return True

    def _write(self, servers: list[Server]) -> None:
        write_atomically(self.list_file, json.dumps({"servers": [asdict(s) for s in servers]}, indent=2))

    # ------------------------------------------------------------ keys

    def key_storage(self) -> str:
        """Where keys are kept, in a sentence."""
        if self._keyring is not None:
            return say("API keys are kept in the system keyring ({backend}).", backend=type(self._keyring).__name__)
        return say("No system keyring is available: API keys are kept in {path}, readable only by you.", path=str(self.keys_file))

    def key(self, name: str) -> str:
        if self._keyring is not None:
            try:
                return self._keyring.get_password(KEYRING_SERVICE, name) or ""
            except Exception as exc:  # noqa: BLE001 - a locked or broken keyring: say nothing of the key, log the problem
                log.warning("the keyring could not be read: %s", type(exc).__name__)
                return ""
        return self._file_keys().get(name, "")

    def set_key(self, name: str, key: str) -> None:
        """Store ``key`` for server ``name``; an empty key deletes it."""
        if self._keyring is not None:
            if key:
                self._keyring.set_password(KEYRING_SERVICE, name, key)
            else:
                with contextlib.suppress(Exception):  # there was none
                    self._keyring.delete_password(KEYRING_SERVICE, name)
            return
        keys = self._file_keys()
        if key:
            keys[name] = key
        elif keys.pop(name, None) is None:
            return
        self._write_keys(keys)

    def _file_keys(self) -> dict[str, str]:
        try:
            data = json.loads(self.keys_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def _write_keys(self, keys: dict[str, str]) -> None:
        """The keys file, created readable by its owner only before any key is written into it."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        tmp = self.keys_file.with_name(f".{KEYS_FILE}.tmp")
        tmp.unlink(missing_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(keys, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, self.keys_file)


def usable_keyring() -> Any:
    """The system keyring when the ``keyring`` package finds a real one, else None (the file is used)."""
    try:
        import keyring
        from keyring.backends import chainer, fail
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:  # noqa: BLE001 - a misconfigured keyring is no keyring
        return None
    if isinstance(backend, fail.Keyring) or type(backend).__module__.endswith(".null"):
        return None
    if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
        return None
    try:
        if float(backend.priority) <= 0:
            return None
    except Exception:  # noqa: BLE001 - a backend that cannot say whether it works here
        return None
    return backend
