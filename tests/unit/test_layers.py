"""DESIGN rule 1, checked: core/ never imports Qt; ui/ never imports torch or transformers;
and importing the GUI layer does not import torch (rule 2: the window comes first)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "assistant"


def imported_modules(folder: Path) -> dict[str, set[str]]:
    found = {}
    for path in folder.rglob("*.py"):
        names = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(PACKAGE))] = names
    return found


def test_core_never_imports_qt():
    offenders = {f: n for f, n in imported_modules(PACKAGE / "core").items() if n & {"PySide6", "shiboken6"}}
    assert not offenders


def test_ui_never_imports_torch_or_transformers():
    offenders = {f: n for f, n in imported_modules(PACKAGE / "ui").items() if n & {"torch", "transformers", "tokenizers"}}
    assert not offenders


def test_only_worker_and_core_import_model_libraries():
    for folder in PACKAGE.iterdir():
        if folder.is_dir() and folder.name not in ("core", "worker", "__pycache__"):
            for file, names in imported_modules(folder).items():
                assert not names & {"torch", "transformers"}, file
    for file in ("app.py", "settings.py", "paths.py", "logs.py"):
        names = imported_modules(PACKAGE).get(file, set())
        assert not names & {"torch", "transformers"}, file


def test_importing_the_window_and_worker_client_does_not_import_torch():
    code = (
        "import sys; import assistant.app, assistant.ui.main_window, assistant.worker.qt, assistant.cli.main; "
        "import assistant.ui.settings_dialog, assistant.ui.about_dialog, assistant.ui.theme; "
        "heavy = [m for m in ('torch', 'transformers') if m in sys.modules]; print(heavy); sys.exit(1 if heavy else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PACKAGE.parent)
    assert done.returncode == 0, done.stdout + done.stderr


def test_core_never_imports_settings_or_paths():
    """The program's folders and settings reach core as arguments, never by import (lazy imports included)."""
    offenders = []
    for path in (PACKAGE / "core").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            if any(n in ("assistant.settings", "assistant.paths") or n.startswith(("assistant.settings.", "assistant.paths.")) for n in names):
                offenders.append(str(path.relative_to(PACKAGE)))
    assert not offenders


def test_shared_core_imports_no_task_wing():
    """core/models/ and core/files/ serve every task; a task wing may import them, never the reverse."""
    wings = ("chat", "documents", "translate", "sentiment", "classify")
    offenders = []
    for shared in ("models", "files"):
        for path in (PACKAGE / "core" / shared).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
                if any(n.split(".")[:3] in (["assistant", "core", w] for w in wings) for n in names):
                    offenders.append(str(path.relative_to(PACKAGE)))
    assert not offenders
