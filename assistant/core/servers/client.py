"""Talking to an OpenAI-compatible server: GET /v1/models, POST /v1/chat/completions (streamed or
not) and POST /v1/embeddings.

Plain ``http.client`` (no extra package): one connection per request, TLS verified against
the system's certificates or the server's own CA file.  A streamed answer arrives as
server-sent events ("data: {json}" lines); each piece of text is handed to ``on_text`` as
it comes.  Stop must not wait for the server's next token: while a request runs, a small
watcher thread shuts the socket down the moment the cancel event is set, which wakes the
blocked read at once.

Every failure becomes a RemoteError whose message is one sentence for a person: the
server unreachable, the key refused, the model gone, rate limited (Retry-After honoured
once), a server error, a stream cut midway, a timeout.
"""

from __future__ import annotations

import contextlib
import email.utils
import http.client
import json
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from assistant.core.protocol import BadInput, Cancelled, ModelMissing, TaskError
from assistant.core.say import say
from assistant.core.servers.store import Server, needs_http_confirmation

CONNECT_TIMEOUT = 10.0  # seconds to open the connection
READ_TIMEOUT = 120.0  # seconds without a byte from the server (a big model's first token can take long)
MAX_RETRY_AFTER = 120.0  # a longer Retry-After is reported, not waited for
EMBED_BATCH = 64  # texts per /v1/embeddings request: servers cap a request's size, and Stop is heard between them
_STOP_POLL = 0.05  # how often the watcher looks whether the request ended by itself


class RemoteError(TaskError):
    """A server could not give the answer; the message says why in one sentence."""


class StreamCut(RemoteError):
    """The answer stopped midway: what came is kept (the chat marks it incomplete)."""


class KeyRefused(RemoteError):
    """401/403: the key is wrong or missing."""


class ModelGone(ModelMissing):
    """404: the server has no such model (any more)."""


@dataclass(frozen=True)
class RemoteAnswer:
    text: str
    tokens: int  # as the server counted them, else the pieces that came
    seconds: float  # from sending the request to the last piece
    first_token_seconds: float = 0.0


@dataclass(frozen=True)
class _Response:
    status: int
    headers: http.client.HTTPMessage
    stream: http.client.HTTPResponse


class ServerClient:
    def __init__(self, server: Server, key: str = "", read_timeout: float = READ_TIMEOUT, connect_timeout: float = CONNECT_TIMEOUT) -> None:
        if needs_http_confirmation(server.base_url) and not server.plain_http_confirmed:
            raise BadInput(say("{url} is plain http to a public address and was not confirmed: add the server again.", url=server.base_url))
        self.server = server
        self.key = key
        self.read_timeout = read_timeout
        self.connect_timeout = connect_timeout

    # -------------------------------------------------------------- the API

    def models(self, cancel: threading.Event | None = None) -> list[str]:
        """The ids of the models the server offers."""
        cancel = cancel or threading.Event()
        with self._exchange("GET", "/models", None, cancel, model="") as response:
            data = _json_body(response, self.server)
        entries = data.get("data", []) if isinstance(data, dict) else []
        return [str(entry["id"]) for entry in entries if isinstance(entry, dict) and "id" in entry]

    def chat(
        self,
        model: str,
        messages: list[dict[str, str]],
        options: dict[str, Any],
        cancel: threading.Event,
        on_text: Callable[[str], None] = lambda text: None,
        on_wait: Callable[[str], None] = lambda message: None,
        stream: bool = True,
    ) -> RemoteAnswer:
        """The answer of ``model`` to ``messages``; streamed pieces go to ``on_text`` as they come.

        ``on_wait`` hears a sentence when the server asked to wait (429) and the request is retried.
        """
        body = {"model": model, "messages": messages, "stream": stream, **options}
        started = time.perf_counter()
        with self._exchange("POST", "/chat/completions", body, cancel, model=model, on_wait=on_wait) as response:
            if not stream:
                data = _json_body(response, self.server)
                text = _message_text(data)
                on_text(text)
                return RemoteAnswer(text, _usage_tokens(data) or 0, time.perf_counter() - started)
            return self._read_stream(response, cancel, on_text, started)

    def embeddings(self, model: str, texts: list[str], cancel: threading.Event) -> list[list[float]]:
        """One vector per text, in the order of ``texts``, asked in batches of EMBED_BATCH."""
        vectors: list[list[float]] = []
        for start in range(0, len(texts), EMBED_BATCH):
            if cancel.is_set():
                raise Cancelled(say("Stopped."))
            batch = texts[start : start + EMBED_BATCH]
            body = {"model": model, "input": batch, "encoding_format": "float"}
            with self._exchange("POST", "/embeddings", body, cancel, model=model) as response:
                data = _json_body(response, self.server)
            vectors.extend(_embedding_vectors(data, len(batch), self.server, model))
        return vectors

    # -------------------------------------------------------------- reading

    def _read_stream(self, response: _Response, cancel: threading.Event, on_text: Callable[[str], None], started: float) -> RemoteAnswer:
        pieces: list[str] = []
        tokens = 0
        first = 0.0
        finished = False
        try:
            for event in _events(response.stream):
                if event == "[DONE]":
                    finished = True
                    break
                try:
                    data = json.loads(event)
                except ValueError:
                    continue  # a comment or a keep-alive the server sends its own way
                if isinstance(data, dict) and "error" in data:
                    raise RemoteError(say("{server} stopped the answer with an error: {detail}", server=self.server.name, detail=_error_detail(data)))
                for choice in data.get("choices", []) if isinstance(data, dict) else []:
                    text = (choice.get("delta") or {}).get("content") or ""
                    if text:
                        if not pieces:
                            first = time.perf_counter() - started
                        pieces.append(text)
                        on_text(text)
                    if choice.get("finish_reason"):
                        finished = True
                tokens = _usage_tokens(data) or tokens
        except (OSError, http.client.HTTPException, ValueError) as exc:
            if cancel.is_set():
                raise Cancelled(say("Stopped; the answer so far is kept.")) from exc
            if isinstance(exc, TimeoutError):
                raise StreamCut(
                    say(
                        "{server} sent nothing for {seconds:.0f} s and the answer was given up: what came is kept, incomplete.",
                        server=self.server.name,
                        seconds=self.read_timeout,
                    )
                ) from exc
            raise StreamCut(say("The connection to {server} broke off midway: the answer so far is kept, incomplete.", server=self.server.name)) from exc
        if cancel.is_set():
            raise Cancelled(say("Stopped; the answer so far is kept."))
        if not finished:
            raise StreamCut(say("The connection to {server} broke off midway: the answer so far is kept, incomplete.", server=self.server.name))
        return RemoteAnswer("".join(pieces), tokens or len(pieces), time.perf_counter() - started, first)

    # -------------------------------------------------------------- one exchange

    @contextmanager
    def _exchange(
        self, method: str, path: str, body: dict[str, Any] | None, cancel: threading.Event, model: str, on_wait: Callable[[str], None] = lambda m: None
    ) -> Iterator[_Response]:
        """The response of a successful (2xx) request, its connection closed afterwards; RemoteError otherwise."""
        waited = False
        while True:
            connection = self._connection()
            with _closed_when(cancel, connection):
                try:
                    response = self._send(connection, method, path, body, cancel)
                    if response.status == 429 and not waited:
                        seconds = _retry_after(response.headers)
                        response.stream.read()
                        if seconds is not None and seconds <= MAX_RETRY_AFTER:
                            waited = True
                            on_wait(say("{server} asks to wait (rate limited): trying again in {seconds:.0f} s.", server=self.server.name, seconds=seconds))
                            connection.close()
                            if cancel.wait(seconds):
                                raise Cancelled(say("Stopped."))
                            continue
                        raise self._status_error(response, model, seconds)
                    if response.status >= 300:
                        raise self._status_error(response, model, _retry_after(response.headers) if response.status == 429 else None)
                    yield response
                    return
                finally:
                    connection.close()

    def _connection(self) -> http.client.HTTPConnection:
        parts = urlsplit(self.server.base_url)
        host = parts.hostname or ""
        if parts.scheme == "https":
            try:
                context = ssl.create_default_context(cafile=self.server.ca_file or None)
            except (OSError, ssl.SSLError) as exc:
                raise RemoteError(say("The CA file {path} of {server} could not be read.", path=self.server.ca_file, server=self.server.name)) from exc
            return http.client.HTTPSConnection(host, parts.port, timeout=self.connect_timeout, context=context)
        return http.client.HTTPConnection(host, parts.port, timeout=self.connect_timeout)

    def _send(self, connection: http.client.HTTPConnection, method: str, path: str, body: dict[str, Any] | None, cancel: threading.Event) -> _Response:
        headers = {"Accept": "application/json, text/event-stream", "User-Agent": "local-assistant"}
        if self.key:
            headers["Authorization"] = f"Bearer {self.key}"
        payload = None
        if body is not None:
            payload = json.dumps(body).encode("utf-8")
            headers["Content-Type"] = "application/json"
        url = urlsplit(self.server.url(path)).path
        name, address = self.server.name, self.server.base_url
        try:
            connection.connect()
            if cancel.is_set():
                raise Cancelled(say("Stopped."))
            connection.sock.settimeout(self.read_timeout)
            connection.request(method, url, payload, headers)
            response = connection.getresponse()
        except Cancelled:
            raise
        except ssl.SSLCertVerificationError as exc:
            raise RemoteError(
                say(
                    "The certificate of {server} ({url}) could not be verified: {reason}. Give its CA file when adding it.",
                    server=name,
                    url=address,
                    reason=exc.verify_message or "",
                )
            ) from exc
        except TimeoutError as exc:
            if cancel.is_set():
                raise Cancelled(say("Stopped.")) from exc
            raise RemoteError(say("{server} did not answer in time ({url}).", server=name, url=address)) from exc
        except (OSError, http.client.HTTPException) as exc:
            if cancel.is_set():
                raise Cancelled(say("Stopped.")) from exc
            raise RemoteError(say("Could not reach {server} at {url}: {reason}", server=name, url=address, reason=_reason(exc))) from exc
        return _Response(response.status, response.headers, response)

    def _status_error(self, response: _Response, model: str, retry_after: float | None) -> TaskError:
        name, status = self.server.name, response.status
        try:
            detail = _error_detail(json.loads(response.stream.read(64_000) or b"{}"))
        except (OSError, ValueError, http.client.HTTPException):
            detail = ""
        if status in (401, 403):
            return KeyRefused(say("{server} refused the request (HTTP {status}): the API key is wrong or missing.", server=name, status=status))
        if status == 404:
            if model:
                return ModelGone(say("{server} has no model '{model}' (HTTP 404): it may have been removed. Pick another.", server=name, model=model))
            return RemoteError(say("{server} has no {path} (HTTP 404): is the address right?", server=name, path=self.server.base_url))
        if status == 429:
            if retry_after is not None:
                return RemoteError(say("{server} is rate limiting (HTTP 429): try again in {seconds:.0f} s.", server=name, seconds=retry_after))
            return RemoteError(say("{server} is rate limiting (HTTP 429): try again later.", server=name))
        if status >= 500:
            return RemoteError(say("{server} had an error (HTTP {status}): {detail}", server=name, status=status, detail=detail or say("no details")))
        return RemoteError(say("{server} refused the request (HTTP {status}): {detail}", server=name, status=status, detail=detail or say("no details")))


def open_client(name: str, data_dir: Path | None) -> ServerClient:
    """A client for the server the person added as ``name``, with its key; ModelMissing when there is none."""
    from assistant.core.servers.store import ServerStore

    store = ServerStore(data_dir) if data_dir is not None else None
    server = store.get(name) if store is not None else None
    if store is None or server is None:
        raise ModelMissing(say("No server named '{server}' was added: add it on the Models page or with `assistant servers add`.", server=name))
    return ServerClient(server, store.key(server.name))


@contextmanager
def _closed_when(cancel: threading.Event, connection: http.client.HTTPConnection) -> Iterator[None]:
    """While the block runs, shut ``connection``'s socket down as soon as ``cancel`` is set.

    Shutting the socket down (not closing it: the reading thread still uses the object)
    makes a read blocked in the kernel return at once.
    """
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            if cancel.wait(_STOP_POLL):
                sock = connection.sock
                if sock is not None:
                    with contextlib.suppress(OSError):
                        socket.socket.shutdown(sock, socket.SHUT_RDWR)  # the plain socket's, below TLS
                return

    watcher = threading.Thread(target=watch, name="remote-stop-watcher", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        done.set()
        watcher.join()


def _events(stream: http.client.HTTPResponse) -> Iterator[str]:
    """The data of each server-sent event (the "data:" lines of one event joined)."""
    data: list[str] = []
    while True:
        line = stream.readline()
        if not line:
            if data:
                yield "\n".join(data)
            return
        text = line.decode("utf-8", errors="replace").rstrip("\r\n")
        if not text:
            if data:
                yield "\n".join(data)
                data = []
        elif text.startswith("data:"):
            data.append(text[5:].lstrip(" "))


def _json_body(response: _Response, server: Server) -> Any:
    try:
        return json.loads(response.stream.read())
    except (ValueError, OSError, http.client.HTTPException) as exc:
        raise RemoteError(say("{server} sent an answer that is not JSON: is it an OpenAI-compatible server?", server=server.name)) from exc


def _message_text(data: Any) -> str:
    try:
        return str(data["choices"][0]["message"]["content"] or "")
    except (KeyError, IndexError, TypeError):
        return ""


def _embedding_vectors(data: Any, count: int, server: Server, model: str) -> list[list[float]]:
    """The vectors of an embeddings answer, put in the order of the texts by their "index"."""
    entries = data.get("data") if isinstance(data, dict) else None
    try:
        ordered = sorted(entries, key=lambda entry: int(entry.get("index", 0))) if isinstance(entries, list) else []
        vectors = [[float(x) for x in entry["embedding"]] for entry in ordered]
    except (KeyError, TypeError, ValueError, AttributeError):
        vectors = []
    if len(vectors) != count or not vectors or any(len(v) != len(vectors[0]) or not v for v in vectors):
        raise RemoteError(say("{server} did not give one embedding per text for '{model}': is it an embedding model?", server=server.name, model=model))
    return vectors


def _usage_tokens(data: Any) -> int | None:
    usage = data.get("usage") if isinstance(data, dict) else None
    if isinstance(usage, dict) and isinstance(usage.get("completion_tokens"), int):
        return int(usage["completion_tokens"])
    return None


def _error_detail(data: Any) -> str:
    """The server's own message from an OpenAI-style error body, shortened."""
    error = data.get("error", data.get("detail", "")) if isinstance(data, dict) else ""
    if isinstance(error, dict):
        error = error.get("message", "")
    return str(error)[:300]


def _retry_after(headers: http.client.HTTPMessage) -> float | None:
    """Retry-After in seconds (a number, or an HTTP date), None when absent or unreadable."""
    value = (headers.get("Retry-After") or "").strip()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ConnectionRefusedError):
        return say("nothing answers there (connection refused).")
    if isinstance(exc, socket.gaierror):
        return say("the name could not be found.")
    return str(exc) or type(exc).__name__
