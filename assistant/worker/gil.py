"""Heavy work on the worker thread that leaves the window's thread its turn at the GIL.

The window stays responsive only if its thread gets the GIL within a few milliseconds
whenever an event comes.  Two kinds of worker work keep it from that (bench/gui_stall.py,
``--trace-stalls``):

* a C call that holds the GIL from start to end.  The longest of the warm-up is loading
  torch's shared libraries: ``import torch`` opens ``libtorch_cpu.so`` from inside the
  import machinery, which holds the GIL while the library's static constructors register
  thousands of operators (0.2-0.7 s here).  ``preload_torch_libraries`` opens those
  libraries first through ``dlopen`` called by ctypes, which lets go of the GIL for the
  length of the call; the import then finds them loaded.
* long stretches of Python (imports, building the model): the GIL passes to a waiting
  thread every ``sys.getswitchinterval()`` (5 ms).  Shortening the interval to 1 ms while
  the model loads made the load's longest stall longer, not shorter (bench/README.md, GUI
  stalls at warm-up and load), probably because the window's thread then loses the GIL in the middle of its
  own work and waits for the worker's next long C call.  So the interval is left alone.
"""

from __future__ import annotations

import logging
import os
import sys
from importlib.util import find_spec

log = logging.getLogger(__name__)

# torch's own libraries in the order they depend on each other; libtorch_global_deps is opened
# RTLD_GLOBAL, as torch/__init__.py does.  libtorch_python and torch._C need the Python API: left to
# the import.
TORCH_LIBRARIES = ("libtorch_global_deps", "libc10", "libtorch_cpu", "libc10_cuda", "libtorch_cuda", "libtorch")


def preload_torch_libraries() -> int:
    """Open torch's shared libraries without holding the GIL; returns how many were opened.

    Only where the C library's ``dlopen`` can be called (Linux and macOS); elsewhere, or if
    anything is not as expected, nothing is done and ``import torch`` loads them as usual.
    """
    if sys.platform not in ("linux", "darwin"):
        return 0
    try:
        import ctypes

        spec = find_spec("torch")
        if spec is None or spec.origin is None:
            return 0
        folder = os.path.join(os.path.dirname(spec.origin), "lib")
        dlopen = ctypes.CDLL(None).dlopen  # a foreign call through ctypes.CDLL releases the GIL while it runs
        dlopen.restype, dlopen.argtypes = ctypes.c_void_p, (ctypes.c_char_p, ctypes.c_int)
    except (ImportError, OSError, AttributeError, ValueError):
        return 0
    suffix = ".dylib" if sys.platform == "darwin" else ".so"
    opened = 0
    for name in TORCH_LIBRARIES:
        path = os.path.join(folder, name + suffix)
        if not os.path.isfile(path):
            continue
        mode = os.RTLD_NOW | (os.RTLD_GLOBAL if name == "libtorch_global_deps" else os.RTLD_LOCAL)
        if not dlopen(os.fsencode(path), mode):  # the import will say what is wrong, in its own words
            log.info("preloading %s failed; import torch loads it", path)
            return opened
        opened += 1
    return opened
