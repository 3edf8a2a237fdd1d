"""Stop while the prompt is read: chunked prefill (chat/prefill.py) against the prompt left to ``generate``.

Two measurements on a chat model in float32 (the starter SmolLM2-135M-Instruct unless ``--model``
names one of chat_speed.py's random-weight models), in the same process:

* first token of a ~1,000-token question: raw ``model.generate`` (the baseline), the program
  with the prompt read in chunks of several sizes, and the program with the prompt left to
  ``generate`` in one pass (as before chunks); alternate rounds, all on the main thread;
* Stop latency: the engine serves on its own thread (as in the program); a chat with a
  ~1,000-token question and 48 new tokens is sent, and Stop is pressed at a random moment
  between 0 and the answer's length; latency is the time from ``cancel`` to the terminal
  Failure.  The program now (chunks, layer checks, memory freed after the Failure is sent)
  and before (one pass in ``generate``, Stop between tokens only, memory freed before the
  Failure) alternate, with the same random moments.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/chat_stop.py [--threads 1] [--rounds 2] [--stops 10] [--chunks 64,128,256,512]
    HF_HUB_OFFLINE=1 .venv/bin/python bench/chat_stop.py --threads 1 --checks-cost 4 --out chat_stop_checks_cost

Writes bench/results/chat_stop.json; the figures are in bench/README.md, "Stop while the prompt is read".
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import statistics
import sys
import threading
import time

import _common
import chat_speed

_common.use_repo_root()

ONE_PASS = "one pass (before)"


def _one_pass(model, encoded, past, start, cancel):
    return 0  # nothing read here: generate reads the whole prompt, as before chunks


def _no_checks(model, cancel):
    return contextlib.nullcontext()  # no layer checks: Stop only between tokens, as before


REAL: dict = {}


def use(variant: str, prefill) -> None:
    """Put the program in ``variant``: "chunk N" or ONE_PASS."""
    if not REAL:
        REAL.update(read_prompt=prefill.read_prompt, stop_checks=prefill.stop_checks)
    if variant == ONE_PASS:
        prefill.read_prompt, prefill.stop_checks = _one_pass, _no_checks
    else:
        prefill.read_prompt, prefill.stop_checks = REAL["read_prompt"], REAL["stop_checks"]
        prefill.CHUNK_TOKENS = int(variant.split()[1])


def first_token(folder, chunks: list[int], rounds: int, prefill) -> dict:
    raw = chat_speed.Raw(folder)
    program = chat_speed.Program(folder, "float32", _common.CACHE / "chat_stop_home")
    program.load()
    variants = ["raw"] + [f"chunk {c}" for c in chunks] + [ONE_PASS]
    seconds: dict[str, list[float]] = {v: [] for v in variants}
    for v in variants:  # warm-up
        if v != "raw":
            use(v, prefill)
        (raw if v == "raw" else program).ask([("user", "Hello")], 2)
    for r in range(rounds):
        for v in variants if r % 2 == 0 else variants[::-1]:
            question = chat_speed.long_question(raw.tokenizer, 1000, f"Round {r} {v}")  # no cache shared with an earlier prompt
            if v == "raw":
                _, first, _ = raw.ask([("user", question)], 1)
            else:
                use(v, prefill)
                _, first, _ = program.ask([("user", question)], 1)
            seconds[v].append(first)
            print(f"  first token, round {r + 1}, {v}: {first:.2f} s", flush=True)
    program.unload()
    base = statistics.median(seconds["raw"])
    return {v: {**_common.summary(s), "x_raw": statistics.median(s) / base} for v, s in seconds.items()}


def checks_cost(folder, rounds: int, prefill, new_tokens: int = 48) -> dict:
    """Decode tok/s of a short question with the layer checks and without them, alternating."""
    program = chat_speed.Program(folder, "float32", _common.CACHE / "chat_stop_home" / "cost")
    program.load()
    real = prefill.stop_checks
    variants = {"layer checks": real, "no checks": _no_checks}
    rates: dict[str, list[float]] = {v: [] for v in variants}
    program.ask([("user", "Hello")], 2)
    for r in range(rounds):
        for v in list(variants) if r % 2 == 0 else list(variants)[::-1]:
            prefill.stop_checks = variants[v]
            _, _, total = program.ask([("user", chat_speed.SHORT_QUESTION)], new_tokens)
            rates[v].append(new_tokens / total)
            print(f"  decode, round {r + 1}, {v}: {rates[v][-1]:.2f} tok/s", flush=True)
    prefill.stop_checks = real
    program.unload()
    base = statistics.median(rates["no checks"])
    return {v: {**_common.summary(x), "x_no_checks": statistics.median(x) / base} for v, x in rates.items()}


def stop_latency(folder, stops: int, chunk: int, prefill, seed: int = 0) -> dict:
    from assistant.core.chat.messages import ChatMessage, ChatRequest
    from assistant.core.models.devices import free_unused_memory
    from assistant.core.models.messages import LoadModelRequest
    from assistant.core.protocol import Failure, FailureKind, Partial
    from assistant.worker.engine import Engine, EngineConfig

    replies: list[tuple[float, object]] = []
    before = [False]

    def emit(reply) -> None:
        if before[0] and isinstance(reply, Failure) and reply.kind is FailureKind.CANCELLED:
            free_unused_memory("cpu")  # the engine freed memory before it said Stopped, before this change
        replies.append((time.perf_counter(), reply))

    home = _common.CACHE / "chat_stop_home" / "stops"
    home.mkdir(parents=True, exist_ok=True)
    engine = Engine(EngineConfig(models_dir=home, device="cpu", dtype="float32", data_dir=home), emit=emit)
    worker = threading.Thread(target=engine.serve)
    worker.start()

    def send(request) -> tuple[float, object]:
        engine.submit(request)
        return send_wait(replies, request.id)

    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(folder))
    send(LoadModelRequest(str(folder)))
    variants = [f"chunk {chunk}", ONE_PASS]
    # the answer's length, to spread the stops over prompt and answer: one unstopped answer of each
    lengths = {}
    for i, v in enumerate(variants):
        use(v, prefill)
        request = ChatRequest((ChatMessage("user", chat_speed.long_question(tokenizer, 1000, f"Whole {i}")),), max_new_tokens=48, model=str(folder))
        started = time.perf_counter()
        send(request)
        lengths[v] = time.perf_counter() - started
    span = min(lengths.values())
    moments = random.Random(seed).sample(range(1000), stops)
    latencies: dict[str, list[dict]] = {v: [] for v in variants}
    for n, moment in enumerate(moments):
        for v in variants if n % 2 == 0 else variants[::-1]:
            use(v, prefill)
            before[0] = v == ONE_PASS
            question = chat_speed.long_question(tokenizer, 1000, f"Stop {n} {v}")
            request = ChatRequest((ChatMessage("user", question),), max_new_tokens=48, model=str(folder))
            replies.clear()
            sent = time.perf_counter()
            engine.submit(request)
            time.sleep(span * moment / 1000)
            pressed = time.perf_counter()
            engine.cancel(request.id)
            at, terminal = send_wait(replies, request.id)
            during_prompt = not any(isinstance(r, Partial) and isinstance(r.payload, str) and t <= pressed for t, r in replies)
            if at < pressed:  # the answer ended before Stop was pressed: nothing to measure
                print(f"  stop {n + 1} {v}: the answer had ended", flush=True)
                continue
            latencies[v].append({"after_s": pressed - sent, "latency_s": at - pressed, "during_prompt": during_prompt})
            print(f"  stop {n + 1} {v}: pressed at {pressed - sent:.2f} s ({'prompt' if during_prompt else 'answer'}), answered in {1000 * (at - pressed):.0f} ms", flush=True)
    engine.stop()
    worker.join(60)
    out: dict = {"answer_seconds": lengths}
    for v, rows in latencies.items():
        every = [r["latency_s"] for r in rows]
        prompt = [r["latency_s"] for r in rows if r["during_prompt"]]
        out[v] = {
            "all": _common.summary(every),
            "during_prompt": _common.summary(prompt),
            "over_200ms": sum(1 for x in every if x > 0.2),
            "rows": rows,
        }
    return out


def send_wait(replies, request_id):
    from assistant.core.protocol import Failure, Result

    while True:
        for at, reply in list(replies):
            if isinstance(reply, (Result, Failure)) and reply.request_id == request_id:
                return at, reply
        time.sleep(0.002)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--stops", type=int, default=10)
    parser.add_argument("--chunks", default="64,128,256,512")
    parser.add_argument("--stop-chunk", type=int, default=0, help="chunk size of the stop rounds (default: the program's)")
    parser.add_argument("--skip-first-token", action="store_true")
    parser.add_argument("--checks-cost", type=int, default=0, metavar="ROUNDS", help="only: decode tok/s with and without the layer checks")
    parser.add_argument("--model", default="starter", help="starter, or a random-weight model of bench/configs/ (chat_speed.py builds it)")
    parser.add_argument("--out", default="chat_stop")
    args = parser.parse_args()
    import torch

    from assistant.core.chat import prefill

    if args.threads:
        torch.set_num_threads(args.threads)
    default_chunk = prefill.CHUNK_TOKENS
    folder = chat_speed.folder_of(args.model)
    results: dict = {"command": " ".join(["bench/chat_stop.py"] + sys.argv[1:]), "threads": torch.get_num_threads(), "chunk_tokens": default_chunk}
    if args.checks_cost:
        results["checks_cost"] = checks_cost(folder, args.checks_cost, prefill)
        _common.write_results(args.out, results)
        print(json.dumps(results["checks_cost"], indent=1))
        return 0
    if not args.skip_first_token:
        results["first_token_1000"] = first_token(folder, [int(c) for c in args.chunks.split(",") if c], args.rounds, prefill)
        _common.write_results(args.out, results)
    results["stop"] = stop_latency(folder, args.stops, args.stop_chunk or default_chunk, prefill)
    _common.write_results(args.out, results)
    for v, f in results.get("first_token_1000", {}).items():
        print(f"first token {v}: {f['median']:.2f} s, x{f['x_raw']:.2f} raw")
    for v in (f"chunk {args.stop_chunk or default_chunk}", ONE_PASS):
        s = results["stop"][v]
        print(f"stop {v}: median {s['all']['median']:.3f} s, max {s['all']['max']:.3f} s; during the prompt: max {s['during_prompt']['max']}; over 200 ms: {s['over_200ms']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
