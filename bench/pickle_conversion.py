"""Converting pickle weights to safetensors: time and peak memory for a ~300 MB pytorch_model.bin.

The pickle is laid out like an opus-mt model (a shared embedding tied to three names,
then the layers' matrices) with random values, saved with ``torch.save``.  Each round
runs, in a fresh process each (so that peak memory is the process's own), alternating
which goes first:

- the program's conversion (``assistant.core.models.convert.convert_folder``:
  ``torch.load(weights_only=True, mmap=True)``, aliases dropped, ``save_file``, the
  whole file read back and compared);
- the naive baseline: ``torch.load(weights_only=True)`` without mmap, ``save_file``
  of clones of every tensor, no check (what a short script would do);
- a floor: copying the file's bytes (``shutil.copyfile``).

Peak memory is the child's ``ru_maxrss`` less that of a child that only imports torch
and safetensors (measured in the same run).

    .venv/bin/python bench/pickle_conversion.py [--size-mb 300] [--rounds 3]

Writes bench/results/pickle_conversion.json; the figures are in bench/README.md, "Downloads".
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

MAKE = """
import sys, torch
size = int(sys.argv[2]) * 1_000_000
torch.manual_seed(0)
vocab, dim = 65_000, 512
shared = torch.randn(vocab, dim)
state = {"model.shared.weight": shared, "model.encoder.embed_tokens.weight": shared,
         "model.decoder.embed_tokens.weight": shared, "lm_head.weight": shared}
left, layer = size - shared.numel() * 4, 0
while left > 0:
    rows = min(2048, max(1, left // (dim * 4)))
    state[f"model.layers.{layer}.weight"] = torch.randn(rows, dim)
    left -= rows * dim * 4
    layer += 1
torch.save(state, sys.argv[1])
"""

RUNNERS = {
    "idle": "import torch, safetensors.torch",
    "ours": "from pathlib import Path; from assistant.core.models.convert import convert_folder; convert_folder(Path(sys.argv[1]), Path(sys.argv[2]))",
    "naive": (
        "import torch; from safetensors.torch import save_file; "
        "state = torch.load(sys.argv[1] + '/pytorch_model.bin', weights_only=True); "
        "save_file({k: v.clone().contiguous() for k, v in state.items()}, sys.argv[2] + '/model.safetensors')"
    ),
    "copy": "import shutil; shutil.copyfile(sys.argv[1] + '/pytorch_model.bin', sys.argv[2] + '/copy.bin')",
}


def run(kind: str, source: Path, target: Path) -> tuple[float, float]:
    """(seconds of the work, peak resident MB of the process) for one runner in a fresh process."""
    code = (
        "import resource, sys, time\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "import torch, safetensors.torch\n"
        "began = time.perf_counter()\n"
        f"{RUNNERS[kind]}\n"
        "print(time.perf_counter() - began, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(source), str(target)], capture_output=True, text=True, check=True)
    seconds, peak = done.stdout.split()
    return float(seconds), float(peak)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mb", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    kinds = ["ours", "naive", "copy"]
    seconds: dict[str, list[float]] = {k: [] for k in kinds}
    peaks: dict[str, list[float]] = {k: [] for k in [*kinds, "idle"]}
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "source"
        source.mkdir()
        subprocess.run([sys.executable, "-c", MAKE, str(source / "pytorch_model.bin"), str(args.size_mb)], check=True)
        pickle_mb = (source / "pytorch_model.bin").stat().st_size / 1e6
        for round_number in range(args.rounds):
            order = kinds if round_number % 2 == 0 else list(reversed(kinds))
            for kind in [*order, "idle"]:
                target = Path(work) / f"out-{kind}-{round_number}"
                target.mkdir()
                took, peak = run(kind, source, target)
                peaks[kind].append(peak)
                if kind != "idle":
                    seconds[kind].append(took)
    idle = statistics.median(peaks["idle"])
    result = {
        "pickle_mb": round(pickle_mb, 1),
        "rounds": args.rounds,
        "seconds": {k: statistics.median(v) for k, v in seconds.items()},
        "peak_mb_above_idle": {k: round(statistics.median(peaks[k]) - idle, 1) for k in kinds},
        "idle_process_mb": round(idle, 1),
    }
    out = ROOT / "bench" / "results" / "pickle_conversion.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2))
    print(
        f"{pickle_mb:.0f} MB pickle, median of {args.rounds}: "
        + ", ".join(f"{k} {result['seconds'][k]:.1f} s / +{result['peak_mb_above_idle'][k]:.0f} MB" for k in kinds)
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
