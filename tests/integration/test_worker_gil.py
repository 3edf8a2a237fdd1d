"""The worker's warm-up opens torch's libraries without the GIL, and the import still gives a working torch.

In a fresh process (this one has torch imported already): after ``preload_torch_libraries``
libtorch_cpu is mapped while torch is not yet imported, then ``import torch`` runs operators.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CHILD = textwrap.dedent(
    """
    import sys
    from assistant.worker import gil

    opened = gil.preload_torch_libraries()
    with open("/proc/self/maps") as maps:
        mapped = "libtorch_cpu" in maps.read()
    assert "torch" not in sys.modules
    import torch

    print(opened, mapped, float(torch.ones(3) @ torch.arange(3.0)))
    """
)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/maps")
def test_torch_libraries_open_before_the_import_and_torch_works_after():
    done = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    opened, mapped, value = done.stdout.split()
    assert int(opened) >= 3 and mapped == "True" and float(value) == 3.0
