"""Entry point of the PyInstaller bundle (packaging/pyinstaller/assistant.spec).

Both executables of the bundle run this file: ``assistant`` (console) and
``assistant-gui`` (windowed on Windows and macOS).  With no arguments
``assistant.cli.main.main`` opens the window; with a command it runs the command line.
"""

import multiprocessing
import os
import sys


def _main() -> int:
    multiprocessing.freeze_support()  # harmless where nothing spawns processes
    # A windowed (console=False) executable on Windows/macOS has no stdout/stderr;
    # give print() and logging somewhere to write instead of None.
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 (stands in for the stream for the whole run)
    from assistant.cli.main import main

    return main()


if __name__ == "__main__":
    sys.exit(_main())
