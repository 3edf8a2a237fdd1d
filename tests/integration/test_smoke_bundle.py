"""packaging/smoke_bundle.py's check that the bundle does not use this machine's Python.

The bundle itself is tested by running the script (packaging/build.sh smoke: minutes);
here only that its detector sees what it must, on an ordinary Python process.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _smoke():
    spec = importlib.util.spec_from_file_location("smoke_bundle", ROOT / "packaging" / "smoke_bundle.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_watcher_catches_a_process_that_runs_on_this_machines_python(tmp_path):
    smoke = _smoke()
    # The same interpreter the tests run on, loading a C extension module (mapped from
    # lib-dynload or site-packages): just what a broken bundle would do.
    process = subprocess.Popen(
        [sys.executable, "-c", "import _json, select, sys; sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
    )
    watcher = smoke.FileWatcher(process.pid, interval=0.05)
    try:
        for _ in range(100):
            watcher.sample()
            if smoke.offenders(watcher.paths, bundle=tmp_path):
                break
    finally:
        process.communicate(b"")
        seen = watcher.close()
    assert smoke.offenders(seen, bundle=tmp_path), sorted(seen)


def test_files_inside_the_bundle_are_fine_even_with_python_in_their_names(tmp_path):
    smoke = _smoke()
    bundle = tmp_path / "dist" / "assistant"
    inside = {
        f"{bundle}/_internal/libpython3.11.so.1.0",
        f"{bundle}/_internal/torch/lib/libtorch_cpu.so",
        "/usr/lib/x86_64-linux-gnu/libc.so.6",
    }
    assert smoke.offenders(inside, bundle) == []
    outside = {"/home/me/.venv/lib/python3.11/site-packages/torch/lib/libtorch_cpu.so", "/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0"}
    assert smoke.offenders(inside | outside, bundle) == sorted(outside)
