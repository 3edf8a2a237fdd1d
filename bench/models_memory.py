"""Memory after loading and unloading a model many times: the engine against plain transformers.

Each measurement runs in a fresh process (tests/fixtures/memory_rounds.py) and reads
RSS from /proc/self/status after a warm-up load and unload, after every load, and
after every unload.  The baseline, in the same run, is what a user of transformers
writes: ``from_pretrained`` then ``del`` (no gc, no malloc_trim, glibc's default malloc
settings).  The figures: where RSS sits after the unloads against the start
("level", median of the rounds) and whether it creeps up (last five rounds against
the first five).

    HF_HUB_OFFLINE=1 .venv/bin/python bench/models_memory.py [--rounds 20] [--model FOLDER] [--dtype bfloat16]

Without --model it uses the starter embedding model (all-MiniLM-L6-v2) and, if the
tests have converted it (tests/.cache/SmolLM2-135M-Instruct-*), the starter chat model.
Writes bench/results/models_memory.json; the figures, and why the engine's memory comes
back, are in bench/README.md, "Memory after loading and unloading".
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(model: str | None, dtype: str, rounds: int, plain: bool) -> dict:
    args = [sys.executable, "-m", "tests.fixtures.memory_rounds", "--rounds", str(rounds), "--dtype", dtype]
    if model:
        args += ["--model", model]
    if plain:
        args.append("--plain")
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, PYTHONPATH=str(ROOT), ASSISTANT_HOME=home, HF_HUB_OFFLINE="1", HF_HOME=str(Path(home) / "hf"))
        done = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, env=env, timeout=1800)
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return json.loads(done.stdout)


def summarise(figures: dict, model_bytes: int) -> dict:
    start, end = figures["start"]["VmRSS"], figures["end"]["VmRSS"]
    loaded = [f["VmRSS"] for f in figures["loaded"]]
    unloaded = [f["VmRSS"] for f in figures["unloaded"]]
    seconds = sorted(figures["load_seconds"])
    return {
        "rss_start_mb": round(start / 1e6, 1),
        "rss_loaded_mb": [round(min(loaded) / 1e6, 1), round(max(loaded) / 1e6, 1)],
        "rss_after_unload_mb": [round(min(unloaded) / 1e6, 1), round(max(unloaded) / 1e6, 1)],
        "rss_end_mb": round(end / 1e6, 1),
        "growth_mb": round((end - start) / 1e6, 1),
        "growth_in_model_sizes": round((end - start) / model_bytes, 3) if model_bytes else None,
        # where RSS sits after the unloads, against the start (median: the allocator's ups and downs) ...
        "level_after_unloads_mb": round((statistics.median(unloaded) - start) / 1e6, 1),
        # ... and whether it creeps up: the last five rounds against the first five, what a leak makes grow
        "creep_mb": round((statistics.median(unloaded[-5:]) - statistics.median(unloaded[:5])) / 1e6, 1),
        "load_seconds_median": round(seconds[len(seconds) // 2], 3),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--dtype", default="bfloat16")
    parser.add_argument("--model", action="append", help="model folder(s); default: the starter models")
    args = parser.parse_args()
    models: list[str | None] = list(args.model or [None])
    if not args.model:
        converted = sorted((ROOT / "tests" / ".cache").glob("SmolLM2-135M-Instruct-*"))
        if converted:
            models.append(str(converted[-1]))
    results = []
    for model in models:
        engine = run(model, args.dtype, args.rounds, plain=False)
        plain = run(model, args.dtype, args.rounds, plain=True)
        size = engine["model_bytes"]
        row = {
            "model": engine["model"],
            "dtype": args.dtype,
            "rounds": args.rounds,
            "model_mb": round(size / 1e6, 1),
            "engine": summarise(engine, size),
            "baseline_from_pretrained_and_del": summarise(plain, size),
        }
        base = row["baseline_from_pretrained_and_del"]
        mine = row["engine"]
        row["level_ratio_engine_to_baseline"] = (
            round(mine["level_after_unloads_mb"] / base["level_after_unloads_mb"], 3) if base["level_after_unloads_mb"] > 0 else None
        )
        results.append(row)
        print(
            f"{row['model']} ({args.dtype}, {row['model_mb']} MB) x{args.rounds}:\n"
            f"  engine:   RSS start {mine['rss_start_mb']} MB, after unloads {mine['rss_after_unload_mb']} MB, end {mine['rss_end_mb']} MB; "
            f"level {mine['level_after_unloads_mb']:+} MB, creep {mine['creep_mb']:+} MB, load {mine['load_seconds_median']} s\n"
            f"  baseline: RSS start {base['rss_start_mb']} MB, after dels {base['rss_after_unload_mb']} MB, end {base['rss_end_mb']} MB; "
            f"level {base['level_after_unloads_mb']:+} MB, creep {base['creep_mb']:+} MB, load {base['load_seconds_median']} s"
        )
    out = ROOT / "bench" / "results" / "models_memory.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"results": results}, indent=2))
    print(f"written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
