"""`assistant serve`: the assistant as a local OpenAI-compatible API.

    GET  /v1/models               the installed models; "default_for" names the tasks each one
                                  answers when a request names no model (or "default")
    POST /v1/chat/completions     streamed (server-sent events) or not
    POST /v1/embeddings           floats or base64, as the openai client asks
    POST /v1/translate            {"text", "source" ("auto"), "target"}
    POST /v1/sentiment            {"input": text or [texts]}
    POST /v1/classify             {"input": text or [texts], "labels": [...]}

Every request becomes the program's own request and goes through one Engine and its one
worker thread, exactly as the window's do: they queue, one runs at a time.  Each HTTP
connection has a thread of its own (ThreadingHTTPServer) that submits its request and
waits for the replies routed to it by request id.  A client that goes away (a write fails,
or its socket reads as closed while it waits) cancels its request.

A request that names no model gets the model chosen on the Models page for its task (the
one the window's tab uses), read at each request so that a new choice applies at once; when
none is chosen, or the chosen one is no longer installed, the engine's automatic choice.

It listens on loopback unless the person allows the network, and then only with a token
(Authorization: Bearer TOKEN on every request).

`assistant serve` gives it an engine of its own; the window gives it the engine its worker
thread already runs (Settings, "Local API"), so the API's requests queue with the window's.
"""

from __future__ import annotations

import base64
import http.server
import ipaddress
import json
import logging
import queue
import select
import socket
import threading
import time
import uuid
from array import array
from collections.abc import Callable, Mapping
from typing import Any

from assistant.core.chat.remote import remote_reference
from assistant.core.protocol import Failure, FailureKind, ModelMissing, Partial, Reply, Result, Task
from assistant.worker.engine import Engine, EngineConfig

log = logging.getLogger(__name__)

MAX_BODY = 20 * 1024 * 1024
_HTTP_STATUS = {
    FailureKind.BAD_INPUT: 400,
    FailureKind.MODEL_MISSING: 404,
    FailureKind.OUT_OF_MEMORY: 503,
    FailureKind.CANCELLED: 499,
    FailureKind.ERROR: 500,
}
# The tasks whose requests that name no model take the Models page's choice, as the tabs do;
# translation is routed by language pair, embeddings take the engine's automatic choice.
CHOSEN_TASKS = (Task.CHAT, Task.SENTIMENT, Task.CLASSIFY)


class ApiError(Exception):
    def __init__(self, status: int, message: str, code: str = "invalid_request_error") -> None:
        super().__init__(message)
        self.status, self.message, self.code = status, message, code


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class ApiServer:
    """The HTTP server and the engine's worker thread; ``start`` then ``stop``.

    With ``engine`` (one whose thread already serves, the window's), no engine or thread of its
    own is made: the server listens to that engine's replies beside its first listener.
    """

    def __init__(
        self,
        config: EngineConfig | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        token: str = "",
        allow_network: bool = False,
        engine: Engine | None = None,
        chosen: Callable[[], Mapping[str, str]] = dict,
    ) -> None:
        """``chosen``: the Models page's choices (task name -> model key), asked at each request."""
        if not is_loopback(host) and not (allow_network and token):
            raise ValueError("Listening beyond this computer needs --allow-network and a --token.")
        if (config is None) == (engine is None):
            raise TypeError("ApiServer needs either a config (an engine of its own) or the engine to share")
        self.token = token
        self.chosen = chosen
        self._queues: dict[int, queue.Queue] = {}
        self._lock = threading.Lock()
        self.ended: list[tuple[int, str]] = []  # (request id, "done" or the failure's kind), in order
        self.httpd = http.server.ThreadingHTTPServer((host, port), _handler_for(self))
        self.httpd.daemon_threads = True
        self._shared = engine is not None
        self._worker: threading.Thread | None = None
        if engine is None:
            self.engine = Engine(config, emit=self._route)  # type: ignore[arg-type]  # config is set here
            self._worker = threading.Thread(target=self.engine.serve, name="api-engine")
        else:
            self.engine = engine
            self._first_listener = engine.emit
        self._http = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="api-http")

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def start(self) -> ApiServer:
        if self._worker is not None:
            self._worker.start()
        else:
            self.engine.emit = self._emit_shared
        self._http.start()
        return self

    def stop(self) -> None:
        """Stop listening; the requests still queued or running for clients are cancelled."""
        self.httpd.shutdown()
        self.httpd.server_close()
        self._http.join(10)
        if self._worker is not None:
            self.engine.stop()
            self._worker.join(30)
            return
        self.engine.emit = self._first_listener  # the shared engine's replies go only where they went before
        with self._lock:
            waiting = list(self._queues)
        for request_id in waiting:
            self.engine.cancel(request_id)

    def _emit_shared(self, reply: Reply) -> None:
        """The shared engine's listener while serving: its first listener hears everything, as before."""
        self._route(reply)
        self._first_listener(reply)

    # ------------------------------------------------------------ requests

    def _route(self, reply: object) -> None:
        """On the worker thread: hand each reply to the connection waiting for its request."""
        request_id = getattr(reply, "request_id", None)
        with self._lock:
            waiting = self._queues.get(request_id) if request_id is not None else None
        if waiting is not None:
            waiting.put(reply)

    def run(self, request: Any, on_partial: Callable[[object], None] = lambda payload: None, gone: Callable[[], bool] = lambda: False) -> Result | Failure:
        """Submit ``request`` and wait for its end; a client that is ``gone`` cancels it."""
        replies: queue.Queue = queue.Queue()
        with self._lock:
            self._queues[request.id] = replies
        self.engine.submit(request)
        cancelled = False
        try:
            while True:
                try:
                    reply = replies.get(timeout=0.2)
                except queue.Empty:
                    if not cancelled and gone():
                        cancelled = True
                        self.engine.cancel(request.id)
                    continue
                if isinstance(reply, Partial) and not cancelled:
                    try:
                        on_partial(reply.payload)
                    except OSError:  # the client closed the connection
                        cancelled = True
                        self.engine.cancel(request.id)
                elif isinstance(reply, (Result, Failure)):
                    self.ended.append((request.id, "done" if isinstance(reply, Result) else reply.kind.value))
                    return reply
        finally:
            with self._lock:
                self._queues.pop(request.id, None)

    def model_ids(self) -> list[dict[str, Any]]:
        inventory = self.engine.installed(fresh=True)
        defaults = self._defaults()
        entries = [
            {
                "id": _model_id(m, inventory),
                "object": "model",
                "created": 0,
                "owned_by": "local",
                "tasks": sorted(t.value for t in m.tasks),
                "default_for": sorted(task.value for task, key in defaults.items() if key == m.key),
            }
            for m in inventory.models
        ]
        for task, key in defaults.items():  # the chat model chosen is a server's: listed, as the default
            if remote_reference(key) is not None:
                entries.append({"id": key, "object": "model", "created": 0, "owned_by": key.partition("/")[0], "tasks": [task.value], "default_for": [task.value]})
        return entries

    def _defaults(self) -> dict[Task, str]:
        """Task -> the key of the model a request that names none gets."""
        defaults = {}
        for task in (*CHOSEN_TASKS, Task.EMBED):
            key = self._default_of(task)
            if key is not None:
                defaults[task] = key
        return defaults

    def _default_of(self, task: Task) -> str | None:
        """The key of the model a ``task`` request that names none gets; None: nothing installed can do it."""
        key = self.default_key(task)
        if key is not None and remote_reference(key) is not None:
            return key
        try:
            return self.engine.choose(task, key).key
        except ModelMissing:
            return None

    def default_key(self, task: Task) -> str | None:
        """The model chosen on the Models page for ``task`` while it is still there; None: the engine's automatic choice."""
        if task not in CHOSEN_TASKS:
            return None
        key = dict(self.chosen()).get(task.value, "")
        if not key:
            return None
        if remote_reference(key) is not None:
            return key if task is Task.CHAT else None  # only chat answers through a server's model
        return key if self.engine.installed().find(key) is not None else None

    def model_id(self, name: object, task: Task) -> str:
        """What a reply names as its model: the one the request named, else the default's id."""
        if name not in (None, "", "default"):
            return str(name)
        key = self._default_of(task)  # this task's only: a reply need not work out the other tasks' defaults
        if key is None:
            return "default"
        if remote_reference(key) is not None:
            return key
        inventory = self.engine.installed()
        info = inventory.find(key)
        return _model_id(info, inventory) if info is not None else "default"

    def model_key(self, name: object, task: Task) -> str | None:
        """The key of the model a client named (by its name or its folder); with none, the default for ``task``."""
        if name in (None, "", "default"):
            return self.default_key(task)
        if name == self.default_key(task) and remote_reference(str(name)) is not None:
            return str(name)  # the chosen server's model, as /v1/models lists it
        inventory = self.engine.installed()
        for model in inventory.models:
            if name in (model.name, model.key):
                return model.key
        raise ApiError(404, f"No model '{name}' here: GET /v1/models lists them.", "model_not_found")


def _model_id(model: Any, inventory: Any) -> str:
    """A model's id in /v1/models: its name, or its folder when two share the name."""
    same = sum(1 for m in inventory.models if m.name == model.name)
    return model.name if same == 1 else model.key


# ---------------------------------------------------------------- the HTTP side


def _handler_for(server: ApiServer) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(_Handler):
        api = server

    return Handler


class _Handler(http.server.BaseHTTPRequestHandler):
    api: ApiServer
    protocol_version = "HTTP/1.1"
    server_version = "local-assistant"

    def log_message(self, format: str, *args: Any) -> None:
        log.info("api %s %s", self.address_string(), format % args)

    def do_GET(self) -> None:
        self._answer(lambda: self._get())

    def do_POST(self) -> None:
        self._answer(lambda: self._post())

    def _answer(self, work: Callable[[], None]) -> None:
        try:
            if self.api.token and self.headers.get("Authorization", "") != f"Bearer {self.api.token}":
                raise ApiError(401, "A token is required: Authorization: Bearer TOKEN.", "invalid_api_key")
            work()
        except ApiError as exc:
            self._json(exc.status, {"error": {"message": exc.message, "type": "invalid_request_error", "code": exc.code}})
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client went away
        except Exception as exc:  # noqa: BLE001 - one bad request must not end the server
            log.exception("api request failed")
            self._json(500, {"error": {"message": str(exc), "type": "server_error", "code": "internal"}})

    def _get(self) -> None:
        if self.path.rstrip("/") != "/v1/models":
            raise ApiError(404, f"Nothing at {self.path}.", "not_found")
        self._json(200, {"object": "list", "data": self.api.model_ids()})

    def _post(self) -> None:
        body = self._body()
        route = {
            "/v1/chat/completions": self._chat,
            "/v1/embeddings": self._embeddings,
            "/v1/translate": self._translate,
            "/v1/sentiment": self._sentiment,
            "/v1/classify": self._classify,
        }.get(self.path.rstrip("/"))
        if route is None:
            raise ApiError(404, f"Nothing at {self.path}.", "not_found")
        route(body)

    # ------------------------------------------------------------ endpoints

    def _chat(self, body: dict[str, Any]) -> None:
        from assistant.core.chat.messages import ChatMessage, ChatRequest

        messages = body.get("messages")
        if not isinstance(messages, list) or not messages:
            raise ApiError(400, "'messages' must be a non-empty list.")
        turns = tuple(ChatMessage(str(m.get("role", "user")), _content_text(m.get("content"))) for m in messages if isinstance(m, dict))
        max_tokens = body.get("max_completion_tokens") or body.get("max_tokens") or 256
        request = ChatRequest(
            turns,
            max_new_tokens=int(max_tokens),
            temperature=float(body.get("temperature") or 0.0),
            top_p=float(body.get("top_p") or 1.0),
            seed=body.get("seed"),
            model=self.api.model_key(body.get("model"), Task.CHAT),
        )
        model = self.api.model_id(body.get("model"), Task.CHAT)
        completion_id = f"chatcmpl-{uuid.uuid4().hex}"
        created = int(time.time())
        if not body.get("stream"):
            terminal = self._run(request)
            tokens = terminal.stats.items if terminal.stats else 0
            message = {"role": "assistant", "content": terminal.payload}
            choice = {"index": 0, "message": message, "finish_reason": "stop"}
            usage = {"prompt_tokens": 0, "completion_tokens": tokens, "total_tokens": tokens}
            self._json(200, {"id": completion_id, "object": "chat.completion", "created": created, "model": model, "choices": [choice], "usage": usage})
            return

        def event(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> bytes:
            chunk = {"id": completion_id, "object": "chat.completion.chunk", "created": created, "model": model}
            chunk["choices"] = [{"index": 0, "delta": delta, "finish_reason": finish}]
            return b"data: " + json.dumps({**chunk, **extra}).encode() + b"\n\n"

        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()
        self._send_raw(event({"role": "assistant", "content": ""}))

        def on_partial(payload: object) -> None:
            if isinstance(payload, str) and payload:
                self._send_raw(event({"content": payload}))

        terminal = self.api.run(request, on_partial, self._client_gone)
        self.close_connection = True
        if isinstance(terminal, Failure):
            error = {"message": terminal.message, "type": "server_error", "code": terminal.kind.value}
            self._send_raw(b"data: " + json.dumps({"error": error}).encode() + b"\n\n")
            return
        tokens = terminal.stats.items if terminal.stats else 0
        self._send_raw(event({}, "stop", usage={"prompt_tokens": 0, "completion_tokens": tokens, "total_tokens": tokens}) + b"data: [DONE]\n\n")

    def _embeddings(self, body: dict[str, Any]) -> None:
        from assistant.core.embed.messages import EmbedRequest

        texts = _texts(body.get("input"))
        terminal = self._run(EmbedRequest(tuple(texts), model=self.api.model_key(body.get("model"), Task.EMBED)))
        as_base64 = body.get("encoding_format") == "base64"
        data = []
        for index, vector in enumerate(terminal.payload):
            encoded: Any = base64.b64encode(array("f", vector).tobytes()).decode() if as_base64 else vector
            data.append({"object": "embedding", "index": index, "embedding": encoded})
        self._json(200, {"object": "list", "data": data, "model": self.api.model_id(body.get("model"), Task.EMBED), "usage": {"prompt_tokens": 0, "total_tokens": 0}})

    def _translate(self, body: dict[str, Any]) -> None:
        from assistant.core.translate.messages import TranslateRequest

        if not body.get("target"):
            raise ApiError(400, "'target' (a language code such as 'de') is required.")
        source = str(body.get("source") or "auto")
        request = TranslateRequest(str(body.get("text") or ""), source, str(body["target"]), model=self.api.model_key(body.get("model"), Task.TRANSLATE))
        terminal = self._run(request)
        self._json(200, {"object": "translation", "text": terminal.payload, "source": source, "target": body["target"]})

    def _sentiment(self, body: dict[str, Any]) -> None:
        from assistant.core.sentiment.messages import SentimentRequest

        model = self.api.model_key(body.get("model"), Task.SENTIMENT)
        data = []
        for index, text in enumerate(_texts(body.get("input"))):
            result = self._run(SentimentRequest(text, model=model)).payload
            data.append({"index": index, "label": result.label, "scores": dict(result.scores.scores)})
        self._json(200, {"object": "list", "data": data})

    def _classify(self, body: dict[str, Any]) -> None:
        from assistant.core.classify.messages import ClassifyItem, ClassifyRequest

        labels = body.get("labels")
        if not isinstance(labels, list) or not labels or not all(isinstance(label, str) for label in labels):
            raise ApiError(400, "'labels' must be a non-empty list of strings.")
        texts = _texts(body.get("input"))
        items = tuple(ClassifyItem(f"text {i + 1}", text=t) for i, t in enumerate(texts))
        request = ClassifyRequest(tuple(labels), items, model=self.api.model_key(body.get("model"), Task.CLASSIFY), multi_label=bool(body.get("multi_label", False)))
        terminal = self._run(request)
        data = [
            {"index": item.index, "labels": list(item.labels), "scores": dict(item.scores.scores) if item.scores else {}, "error": item.error}
            for item in terminal.payload
        ]
        self._json(200, {"object": "list", "data": data})

    # ------------------------------------------------------------ plumbing

    def _run(self, request: Any) -> Result:
        terminal = self.api.run(request, gone=self._client_gone)
        if isinstance(terminal, Failure):
            raise ApiError(_HTTP_STATUS.get(terminal.kind, 500), terminal.message, terminal.kind.value.replace(" ", "_"))
        return terminal

    def _client_gone(self) -> bool:
        """Whether the client closed its side: its socket reads as ended (or broken) while it waits."""
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            return bool(readable) and self.connection.recv(1, socket.MSG_PEEK) == b""
        except OSError:
            return True

    def _body(self) -> dict[str, Any]:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            raise ApiError(413, f"The request is too large ({length:,} bytes; the limit is {MAX_BODY:,}).")
        try:
            body = json.loads(self.rfile.read(length) or b"{}")
        except ValueError as exc:
            raise ApiError(400, "The body is not JSON.") from exc
        if not isinstance(body, dict):
            raise ApiError(400, "The body must be a JSON object.")
        return body

    def _json(self, status: int, data: dict[str, Any]) -> None:
        payload = json.dumps(data, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _send_raw(self, data: bytes) -> None:
        self.wfile.write(data)
        self.wfile.flush()


def _content_text(content: object) -> str:
    """A message's text: a string, or the text parts of a list of parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(str(part.get("text", "")) for part in content if isinstance(part, dict) and part.get("type") == "text")
    return ""


def _texts(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return list(value)
    raise ApiError(400, "'input' must be a text or a non-empty list of texts.")
