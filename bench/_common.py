"""Helpers shared by the benchmarks in bench/: statistics, machine facts, writing results.

Not a package on purpose: each benchmark is a plain script (``python bench/NAME.py``),
which puts bench/ first on sys.path, so ``import _common`` finds this file.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
CACHE = BENCH / ".cache"


def use_repo_root() -> None:
    """Make ``import assistant`` work when the program is not installed (it runs from the checkout)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))


def summary(values: list[float]) -> dict:
    """Median, min, max (and every value) of a list of measurements."""
    values = [float(v) for v in values]
    if not values:
        return {"n": 0, "median": None, "min": None, "max": None, "values": []}
    return {
        "n": len(values),
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "values": values,
    }


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100), linear between the closest ranks."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = (len(ordered) - 1) * q / 100.0
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def machine() -> dict:
    facts = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
    }
    try:  # version numbers only, without importing the heavy packages
        from importlib.metadata import version

        for package in ("torch", "transformers", "PySide6"):
            facts[package] = version(package)
    except Exception:  # noqa: BLE001 - facts are a courtesy, never a reason to fail
        pass
    return facts


def write_results(name: str, figures: dict) -> Path:
    """Write ``figures`` to bench/results/<name>.json atomically; returns the path."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    document = {
        "benchmark": name,
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": machine(),
        **figures,
    }
    target = RESULTS / f"{name}.json"
    tmp = target.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(document, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    os.replace(tmp, target)
    return target


def fmt_range(s: dict, unit: str = "s", scale: float = 1.0, digits: int = 3) -> str:
    """'median (min–max) unit' for a summary() dict."""
    if not s or s.get("median") is None:
        return "n/a"
    f = f"{{:.{digits}f}}"
    return f"{f.format(s['median'] * scale)} {unit} (min {f.format(s['min'] * scale)}, max {f.format(s['max'] * scale)})"
