"""The settings of one conversation: system prompt, model and generation options.

Kept as JSON in the chat store, so a value of the wrong type (an old or hand-edited
database) falls back to its default instead of stopping the program.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from assistant.core.chat.messages import ChatMessage, ChatRequest

READERS = ("auto", "chat", "extractive", "passages")

# "History sent to the model": how much of the conversation the model reads, in tokens.
#   None (the default): a quarter of the model's context, at most AUTO_HISTORY_TOKENS;
#   0: as much as the model's context holds; N: at most N tokens.
# Why a cap below the context: the first token waits for the model to read the whole prompt
# (on a CPU, SmolLM2 takes ~16x longer over its full 8,192 tokens than over 500), and a small
# model answers the newest question no better for an old exchange it can barely attend to.
# Why 1,024: with SmolLM2 on 2 CPU cores the first token of a 10,000-message chat came at
# ~1.0x / ~1.2x / ~2.2x that of a 10-message one with caps of 768 / 1,024 / 2,048 tokens
# (bench/chat_context.py, bench/README.md); 1,024 is the most history within the 2x goal.
AUTO_HISTORY_TOKENS = 1024
AUTO_HISTORY_SHARE = 4  # of the context
# The store is read from the newest message back until this many characters per token of the
# cap are in hand, so that the cap is surely covered: English text is ~4-5 characters a token
# with these tokenizers; 16 leaves room for long words, code and whitespace runs.
CHARACTERS_PER_TOKEN_BOUND = 16


def history_limit(history_tokens: int | None, context: int) -> int | None:
    """The cap on the prompt for a model reading ``context`` tokens; None when only the context limits it."""
    if history_tokens is None:
        return min(AUTO_HISTORY_TOKENS, context // AUTO_HISTORY_SHARE)
    return history_tokens if history_tokens > 0 else None


def history_characters(history_tokens: int | None) -> int | None:
    """How many characters of the newest messages surely cover the cap; None = read them all (no cap)."""
    if history_tokens is None:
        return AUTO_HISTORY_TOKENS * CHARACTERS_PER_TOKEN_BOUND  # the automatic cap is never larger
    return history_tokens * CHARACTERS_PER_TOKEN_BOUND if history_tokens > 0 else None


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
    history_tokens: int | None = None  # "History sent to the model": None = automatic, 0 = the whole context (see above)

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
            elif f.name == "history_tokens":
                if value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 0):
                    values[f.name] = value
            elif f.type == "float" and isinstance(value, (int, float)) and not isinstance(value, bool):
                values[f.name] = float(value)
            elif f.type == "int" and isinstance(value, int) and not isinstance(value, bool) or f.type == "str" and isinstance(value, str):
                values[f.name] = value
        settings = cls(**values)
        if settings.reader not in READERS:
            settings = cls(**{**values, "reader": "auto"})
        return settings

    def chat_request(
        self, turns: list[ChatMessage] | tuple[ChatMessage, ...], model: str | None = None, earlier: int = 0
    ) -> ChatRequest:
        """A request for the conversation ``turns`` (ending with the question) with these settings.

        ``model`` is the fallback when the conversation names none (the Models page choice).
        ``earlier``: how many older messages of the conversation were not read, because the
        newest ``turns`` surely cover what this chat sends to the model (see history_characters).
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
            history_tokens=self.history_tokens,
            earlier_exchanges=(earlier + 1) // 2,
        )
