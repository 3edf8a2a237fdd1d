"""Chat through a server the person added: the model is named "server-name/model-id".

No local model loads: the plan names none and the job is a RemoteChat.  The answer streams
into the same Partial messages (str pieces) as a local model's, so the conversation store,
export, regenerate and edit work the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistant.core.chat.messages import ChatRequest
from assistant.core.context import Plan, TaskContext
from assistant.core.protocol import Stats

BACKEND = "remote server"


@dataclass(frozen=True)
class RemoteChat:
    server: str
    model: str  # the server's model id (may itself hold "/")
    request: ChatRequest


def remote_reference(key: str | None) -> tuple[str, str] | None:
    """(server name, model id) when ``key`` names a server's model, else None.

    A local model is named by its folder: an absolute path, or a folder that exists.
    Anything else of the form "name/model-id" names a server's model.
    """
    if not key or "/" not in key:
        return None
    path = Path(key).expanduser()
    if path.is_absolute() or path.exists():
        return None
    server, _, model = key.partition("/")
    if not server or not model:
        return None
    return server, model


def plan(request: ChatRequest) -> Plan | None:
    """The plan of a chat with a server's model; None when the request names a local one."""
    reference = remote_reference(request.model)
    if reference is None:
        return None
    return Plan((), RemoteChat(*reference, request), backend=BACKEND, model_name=f"{reference[0]}/{reference[1]}")


def options(request: ChatRequest) -> dict:
    """The request's generation settings in the OpenAI API's names."""
    chosen: dict = {"max_tokens": request.max_new_tokens, "temperature": request.temperature}
    if request.temperature > 0 and request.top_p < 1.0:
        chosen["top_p"] = request.top_p
    if request.seed is not None:
        chosen["seed"] = request.seed
    if request.repetition_penalty and request.repetition_penalty != 1.0:
        chosen["frequency_penalty"] = min(2.0, request.repetition_penalty - 1.0)  # the nearest the API has
    return chosen


def run(job: RemoteChat, context: TaskContext) -> tuple[str, Stats]:
    from assistant.core.servers.client import open_client

    client = open_client(job.server, context.data_dir)
    messages = [{"role": m.role, "content": m.content} for m in job.request.messages]
    answer = client.chat(
        job.model,
        messages,
        options(job.request),
        context.cancel,
        on_text=context.emit_partial,
        on_wait=lambda sentence: context.progress(0, 0, sentence),
    )
    return answer.text, Stats(items=answer.tokens, unit="tokens", seconds=answer.seconds)
