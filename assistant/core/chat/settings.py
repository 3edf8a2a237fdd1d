"""The settings of one conversation: system prompt, model and generation options.

Kept as JSON in the chat store, so a value of the wrong type (an old or hand-edited
database) falls back to its default instead of stopping the program.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from assistant.core.chat.messages import ChatMessage, ChatRequest

READERS = ("auto", "chat", "extractive", "passages")


@dataclass(frozen=True)
class ChatSettings:
    system_prompt: str = ""
    model: str = ""  # a model folder; "" = the one chosen on the Models page
    temperature: float = 0.0  # 0 = greedy: the same question gives the same answer
    top_p: float = 1.0
    max_new_tokens: int = 256
    repetition_penalty: float = 1.0  # 1 = off; 1.1-1.3 stops small models from repeating themselves
    seed: int | None = None  # None = a new random seed each time (only matters when sampling)
    # Questions about attached documents: who answers.
    #   auto: the chat model if one is installed, else the best passages
    #   chat / extractive (a question-answering model) / passages
    reader: str = "auto"
    reader_model: str = ""  # an extractive QA model folder; "" = the first installed

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: object) -> ChatSettings:
        """Known keys with values of the right type; everything else is left at its default."""
        if not isinstance(raw, dict):
            return cls()
        values: dict[str, Any] = {}  # field name -> a value of that field's type
        for f in fields(cls):
            if f.name not in raw:
                continue
            value = raw[f.name]
            if f.name == "seed":
                if value is None or (isinstance(value, int) and not isinstance(value, bool)):
                    values[f.name] = value
            elif f.type == "float" and isinstance(value, (int, float)) and not isinstance(value, bool):
                values[f.name] = float(value)
            elif f.type == "int" and isinstance(value, int) and not isinstance(value, bool) or f.type == "str" and isinstance(value, str):
                values[f.name] = value
        settings = cls(**values)
        if settings.reader not in READERS:
            settings = cls(**{**values, "reader": "auto"})
        return settings

    def chat_request(self, turns: list[ChatMessage] | tuple[ChatMessage, ...], model: str | None = None) -> ChatRequest:
        """A request for the conversation ``turns`` (ending with the question) with these settings.

        ``model`` is the fallback when the conversation names none (the Models page choice).
        """
        messages = [ChatMessage("system", self.system_prompt)] if self.system_prompt.strip() else []
        messages += [m for m in turns if m.role != "system"]
        return ChatRequest(
            tuple(messages),
            max_new_tokens=self.max_new_tokens,
            temperature=self.temperature,
            top_p=self.top_p,
            repetition_penalty=self.repetition_penalty,
            seed=self.seed,
            model=self.model or model or None,
        )
