"""Finding the program's resources (icons, themes, translations) wherever it was installed.

resources/ sits next to the package in a source checkout, inside the bundle for
PyInstaller, and under <prefix>/share/local-assistant/ for pip and Flatpak installs
(pyproject's data-files and the Flatpak manifest put it there).
"""

from __future__ import annotations

import sys
from pathlib import Path


def resource_roots() -> list[Path]:
    roots = [Path(__file__).resolve().parent.parent / "resources"]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        roots.append(Path(bundle) / "resources")
    for prefix in (sys.prefix, "/app", "/usr/local", "/usr"):
        roots.append(Path(prefix) / "share" / "local-assistant" / "resources")
    return roots


def resource_path(relative: str) -> Path | None:
    """The first existing ``resources/<relative>``, or None."""
    for root in resource_roots():
        candidate = root / relative
        if candidate.exists():
            return candidate
    return None
