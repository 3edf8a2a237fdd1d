"""Which device the models run on.

torch is imported inside the functions, never at module import: this module is
imported by code that must stay light (the command line's argument parsing, the
settings dialog), and torch costs seconds to import.
"""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)

DEVICE_CHOICES = ("auto", "cpu", "cuda", "mps")


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
        raise RuntimeError(f"The device '{preference}' is not available on this computer (found: {', '.join(available)}).")
    return preference


def describe_device(device: str) -> str:
    if device == "cuda":
        import torch

        return f"GPU ({torch.cuda.get_device_name(0)})"
    if device == "mps":
        return "Apple GPU (MPS)"
    return "CPU"
