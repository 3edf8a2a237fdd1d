"""The chat's requests and the pieces of its answers."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.core.protocol import Task, new_id
from assistant.core.say import say


@dataclass(frozen=True)
class ChatMessage:
    role: str  # "system" | "user" | "assistant"
    content: str


@dataclass(frozen=True)
class ChatRequest:
    messages: tuple[ChatMessage, ...]
    max_new_tokens: int = 256
    temperature: float = 0.0  # 0 means greedy: the same question gives the same answer
    top_p: float = 1.0
    model: str | None = None  # model folder; None = the one chosen for the task
    id: int = field(default_factory=new_id)
    repetition_penalty: float = 1.0  # 1 = off
    seed: int | None = None  # for sampling; None = not reproducible
    # The most of the conversation the model reads, in tokens: None = automatic (a quarter of the
    # context, at most 1,024), 0 = as much as its context holds.  See chat/settings.py.
    history_tokens: int | None = 0
    earlier_exchanges: int = 0  # older exchanges the sender did not send: left out by history_tokens
    task = Task.CHAT


@dataclass(frozen=True)
class ContextTrimmed:
    """Sent as a Partial before the answer when early exchanges had to be left out to fit the model."""

    dropped: int  # exchanges (a question and its answer) left out
    by_setting: bool = False  # the chat's "History sent to the model" left them out, not the model's context

    def describe(self) -> str:
        if self.by_setting:
            return say(
                "{count} early exchange(s) left out by the setting \"History sent to the model\" "
                "(this chat's settings; --history-tokens on the command line, 0 = all the model can read).",
                count=self.dropped,
            )
        return say("The conversation is longer than the model can read: {count} early exchange(s) left out.", count=self.dropped)
