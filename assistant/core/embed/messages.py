"""The embedding request: texts in, one vector per text out."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.core.protocol import Task, new_id


@dataclass(frozen=True)
class EmbedRequest:
    texts: tuple[str, ...]
    model: str | None = None  # an embedding model's key; None = the installed default
    id: int = field(default_factory=new_id)
    task = Task.EMBED
