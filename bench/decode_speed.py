"""Decoding tricks against plain greedy ``generate``: prompt lookup, a compiled static cache.

One process, the starter chat model (SmolLM2-135M-Instruct) in float32, greedy.  Each
variant runs in alternate rounds with the baseline, plain ``model.generate`` with its
dynamic cache (what the program does), on the same prompts:

* ``doc``: the documents task's answer step, its own instructions and passages (the
  docstrings of three standard-library functions: text nobody here wrote), a question whose
  answer can copy from them; the answer's own length (up to ``--new-tokens``);
* ``chat``: a short question, the answer's length forced with ``min_new_tokens``.

Variants:

* ``lookup K``: prompt-lookup decoding (``prompt_lookup_num_tokens=K``): up to K tokens that
  followed the last n-gram where it appeared earlier in the prompt or answer are checked in
  one forward pass; greedy, its output must be the baseline's, token for token (checked);
* ``threads N``: plain, with torch's intra-op threads set to N for the call (the program
  leaves torch's default, one per core);
* ``compiled``: a static cache and ``torch.compile`` of the forward pass (inductor; the
  compile time is the first call's, reported apart, and is not in the rounds).

``--profile``: one answer through the program's engine (``Engine.handle``, the chat task,
its streamer and Stop check) under cProfile: where a token's time goes.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/decode_speed.py [--variants "lookup 3,lookup 10,compiled"] [--rounds 2] [--new-tokens 48] [--threads 1]
    HF_HUB_OFFLINE=1 .venv/bin/python bench/decode_speed.py --profile

Writes bench/results/decode_speed.json; figures in bench/README.md, "Decoding tricks".
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

import _common

_common.use_repo_root()

from chat_speed import SHORT_QUESTION, starter_folder  # noqa: E402

from assistant.core.documents.task import INSTRUCTIONS  # noqa: E402


def documents() -> dict[str, str]:
    """Passages nobody on the team wrote: standard-library docstrings (Python Software Foundation)."""
    import json
    import shutil
    import textwrap

    return {
        "shutil.py": shutil.copytree.__doc__ or "",
        "textwrap.py": textwrap.wrap.__doc__ or "",
        "json.py": json.dumps.__doc__ or "",
    }


DOC_QUESTIONS = (("shutil.py", "What happens if dirs_exist_ok is false?"),)


def doc_prompt(tokenizer, name: str, question: str):
    """The documents task's prompt: its instructions and the passage in the system message (as core/documents/task.py)."""
    text = documents()[name].strip()
    system = INSTRUCTIONS + "\n\nPassages:\n\n" + f"[1] {name} (passage 1):\n{text}"
    messages = [{"role": "system", "content": system}, {"role": "user", "content": question}]
    return tokenizer.apply_chat_template(messages, add_generation_prompt=True, return_dict=True, return_tensors="pt")


def chat_prompt(tokenizer):
    return tokenizer.apply_chat_template([{"role": "user", "content": SHORT_QUESTION}], add_generation_prompt=True, return_dict=True, return_tensors="pt")


def generate(model, tokenizer, encoded, variant: str, new_tokens: int, forced: bool):
    import torch

    options: dict = {}
    threads = torch.get_num_threads()
    if variant.startswith("threads "):
        torch.set_num_threads(int(variant.split()[1]))
    if variant.startswith("lookup "):
        options["prompt_lookup_num_tokens"] = int(variant.split()[1])
    elif variant == "compiled":
        from transformers import CompileConfig

        config = CompileConfig(mode="default", fullgraph=False, dynamic=False)
        config._compile_all_devices = True  # transformers compiles on CUDA only unless told
        options.update(cache_implementation="static", compile_config=config)
    if forced:
        options["min_new_tokens"] = new_tokens
    with torch.inference_mode():
        started = time.perf_counter()
        out = model.generate(
            **encoded,
            max_new_tokens=new_tokens,
            do_sample=False,
            temperature=None,
            top_p=None,
            top_k=None,
            pad_token_id=tokenizer.pad_token_id,
            **options,
        )
        seconds = time.perf_counter() - started
    torch.set_num_threads(threads)
    return out[0, encoded["input_ids"].shape[1] :].tolist(), seconds


def measure(variants: list[str], rounds: int, new_tokens: int) -> dict:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    folder = starter_folder()
    tokenizer = AutoTokenizer.from_pretrained(str(folder))
    model = AutoModelForCausalLM.from_pretrained(str(folder), dtype=torch.float32).eval()
    prompts = {f"doc {n}": (doc_prompt(tokenizer, n, q), False) for n, q in DOC_QUESTIONS}
    prompts["chat"] = (chat_prompt(tokenizer), True)
    everyone = ["plain", *variants]
    results: dict = {"command": " ".join(["bench/decode_speed.py"] + sys.argv[1:]), "threads": torch.get_num_threads(), "prompts": {}, "first_call_s": {}}
    for v in everyone:  # warm-up, and the compile (its first call) timed apart
        _, seconds = generate(model, tokenizer, chat_prompt(tokenizer), v, 4, True)
        results["first_call_s"][v] = seconds
        print(f"first call {v}: {seconds:.1f} s", flush=True)
    for label, (encoded, forced) in prompts.items():
        tok_s: dict[str, list[float]] = {v: [] for v in everyone}
        outputs: dict[str, list[int]] = {}
        same: dict[str, bool] = {}
        for r in range(rounds):
            for v in everyone if r % 2 == 0 else list(reversed(everyone)):
                tokens, seconds = generate(model, tokenizer, encoded, v, new_tokens, forced)
                tok_s[v].append(len(tokens) / seconds)
                outputs.setdefault(v, tokens)
                print(f"{label} round {r + 1} {v}: {len(tokens)} tokens, {tok_s[v][-1]:.2f} tok/s", flush=True)
        for v in everyone:
            same[v] = outputs[v] == outputs["plain"]
        base = statistics.median(tok_s["plain"])
        results["prompts"][label] = {
            "prompt_tokens": int(encoded["input_ids"].shape[1]),
            "answer": tokenizer.decode(outputs["plain"], skip_special_tokens=True)[:300],
            "variants": {v: {**_common.summary(tok_s[v]), "x_plain": statistics.median(tok_s[v]) / base, "same_tokens_as_plain": same[v]} for v in everyone},
        }
        _common.write_results("decode_speed", results)
    return results


def profile(new_tokens: int) -> str:
    """One chat answer through the engine under cProfile: the top of the cumulative and own times."""
    from assistant.core.chat.messages import ChatMessage, ChatRequest
    from assistant.core.models.messages import LoadModelRequest
    from assistant.worker.engine import Engine, EngineConfig

    folder = starter_folder()
    home = Path(tempfile.mkdtemp(prefix="decode_speed_"))
    engine = Engine(EngineConfig(models_dir=home / "models", device="cpu", dtype="float32", data_dir=home))
    engine.handle(LoadModelRequest(str(folder)))
    for key in engine.loader.loaded_keys:
        engine.loader.get_loaded(key).model.generation_config.min_new_tokens = new_tokens
    request = ChatRequest((ChatMessage("user", SHORT_QUESTION),), max_new_tokens=new_tokens, model=str(folder))
    engine.handle(ChatRequest((ChatMessage("user", "Hello"),), max_new_tokens=2, model=str(folder)))  # warm-up
    profiler = cProfile.Profile()
    profiler.enable()
    engine.handle(request)
    profiler.disable()
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    stats.sort_stats("cumulative").print_stats(30)
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats("streamers|stopping_criteria|chat/task")  # what the program adds per token
    return stream.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--variants", default="lookup 3,lookup 10,threads 1,compiled")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--new-tokens", type=int, default=48)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--threads", type=int, default=0, help="torch's intra-op threads for every variant (default: torch's, one per core)")
    args = parser.parse_args()
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)
    if args.profile:
        text = profile(args.new_tokens)
        _common.RESULTS.mkdir(parents=True, exist_ok=True)
        (_common.RESULTS / "decode_profile.txt").write_text(text, encoding="utf-8")
        print(text[:12000])
        return 0
    variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    results = measure(variants, args.rounds, args.new_tokens)
    for label, figures in results["prompts"].items():
        print(label, {v: (round(f["x_plain"], 2), f["same_tokens_as_plain"]) for v, f in figures["variants"].items()})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
