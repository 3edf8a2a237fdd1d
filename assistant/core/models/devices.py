"""Which device the models run on, in which precision, and how much memory there is.

torch is imported inside the functions, never at module import: this module is
imported by code that must stay light (the command line's argument parsing, the
settings dialog), and torch costs seconds to import.
"""

from __future__ import annotations

import logging
import os

from assistant.core.say import say

log = logging.getLogger(__name__)

# "int8" is dynamic quantization of the Linear layers (torch.ao), a CPU-only path.
DTYPE_CHOICES = ("float32", "bfloat16", "float16", "int8")
DTYPE_BYTES = {"float32": 4, "bfloat16": 2, "float16": 2, "int8": 1}
# The setting's default: the precision is chosen per model and device (automatic_dtype; on the CPU,
# chat models run int8 when core/models/precision.py finds that it keeps their quality).
AUTO = "auto"
# What "retry at lower precision" means after running out of GPU memory.
LOWER_PRECISION = {"float32": "float16", "bfloat16": "float16"}


def available_devices() -> list[str]:
    import torch

    found = ["cpu"]
    if torch.cuda.is_available():
        found.append("cuda")
    if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
        found.append("mps")
    return found


def resolve_device(preference: str) -> str:
    """The device to use for ``preference``.

    "auto" picks CUDA when present, else CPU.  An explicit choice that is not
    available is an error the user sees, never a silent fallback.
    """
    available = available_devices()
    if preference in ("", "auto"):
        return "cuda" if "cuda" in available else "cpu"
    if preference not in available:
        raise RuntimeError(
            say("The device '{device}' is not available on this computer (found: {found}).", device=preference, found=", ".join(available))
        )
    return preference


def check_dtype(device: str, dtype: str) -> None:
    """Refuse the combinations that cannot work, with a sentence a person understands."""
    if dtype not in DTYPE_CHOICES:
        raise ValueError(say("Unknown precision '{dtype}' (choose one of {choices}).", dtype=dtype, choices=", ".join(DTYPE_CHOICES)))
    if dtype == "int8" and device != "cpu":
        raise ValueError(say("int8 (dynamic quantization) runs on the CPU only: choose the CPU, or another precision for the GPU."))


def automatic_dtype(device: str) -> str:
    """The precision "automatic" means on ``device`` for models that are not measured (chat models on the CPU are).

    GPUs: bfloat16 where the GPU has it, else float16 (half the memory, the GPU's fast path).
    The CPU and Apple GPUs: float32 (int8 changes what an embedding or classifier says).
    """
    if device == "cuda":
        import torch

        return "bfloat16" if torch.cuda.is_bf16_supported() else "float16"
    return "float32"


def torch_dtype(dtype: str):
    """The torch dtype that weights are loaded in (int8 loads float32, then quantizes)."""
    import torch

    return {"float32": torch.float32, "bfloat16": torch.bfloat16, "float16": torch.float16, "int8": torch.float32}[dtype]


def describe_device(device: str) -> str:
    if device == "cuda":
        import torch

        return f"GPU ({torch.cuda.get_device_name(0)})"
    if device == "mps":
        return "Apple GPU (MPS)"
    return "CPU"


def total_memory(device: str) -> int:
    """Bytes of memory on ``device`` (RAM for the CPU; 0 when unknown)."""
    if device == "cuda":
        import torch

        return int(torch.cuda.get_device_properties(0).total_memory)
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):  # not POSIX
        return 0


def default_budget(device: str) -> int:
    """The memory budget for loaded models when the user has not set one: half the device's memory."""
    total = total_memory(device)
    return total // 2 if total else 8 * 1024**3


def free_unused_memory(device: str) -> None:
    """Give memory that freed models leave behind back to the system.

    Python frees the tensors; the C allocator keeps the pages for reuse unless told
    to return them (glibc's malloc_trim), and CUDA keeps its cache until emptied.
    Without this the process looks as big after unloading as before.
    """
    import gc

    gc.collect()
    if device == "cuda":
        import torch

        torch.cuda.empty_cache()
    elif device == "mps":
        import torch

        torch.mps.empty_cache()
    _malloc_trim()


_M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter numbers
_M_ARENA_MAX = -8
MMAP_THRESHOLD = 4 * 1024 * 1024


def tune_allocator(arenas: int = 2, mmap_threshold: int = MMAP_THRESHOLD) -> None:
    """Make glibc give the memory of unloaded models back to the system.

    Two habits of glibc's malloc keep a process big after its models are gone:
    - it makes up to 8 arenas per core, and transformers reads weights on a pool of
      threads, so each load scatters memory over many arenas (measured: MiniLM in
      bfloat16, 10 loads and unloads, +60 MB, growing);
    - it raises its mmap threshold each time a large block is freed (up to 32 MB), so
      the next model's tensors come from the heap, which it keeps (measured: about one
      model's size kept after the first unload).
    Two arenas and a fixed 4 MB threshold (tensors of 4 MB and more get their own
    mapping, returned when freed): RSS after 20 loads and unloads stays within a few
    MB of the start, and loads take as long (tests/fixtures/memory_rounds.py,
    bench/models_memory.py).  The hot paths of inference allocate far smaller blocks.
    Called before the worker loads anything; a no-op where the C library is not glibc.
    """
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(_M_ARENA_MAX, arenas)
        libc.mallopt(_M_MMAP_THRESHOLD, mmap_threshold)
    except (OSError, AttributeError):
        pass


def _malloc_trim() -> None:
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to do
        pass


def oom_fallback(device: str, dtype: str, action: str) -> tuple[str, str] | None:
    """Where to retry after running out of memory on ``device``, as the user's setting says; None: ask.

    Only a GPU gets an automatic retry: on the CPU there is nowhere else to go.
    "lower precision" halves float32/bfloat16 to float16 on the same GPU; a model
    already in float16 goes to the CPU instead.
    """
    if device == "cpu" or action not in ("cpu", "lower precision"):
        return None
    if action == "lower precision" and dtype in LOWER_PRECISION:
        return (device, LOWER_PRECISION[dtype])
    return ("cpu", "float32")


def is_out_of_memory(exc: BaseException) -> bool:
    """torch.OutOfMemoryError (GPU), MemoryError (CPU), without importing torch."""
    return isinstance(exc, MemoryError) or type(exc).__name__ == "OutOfMemoryError"
