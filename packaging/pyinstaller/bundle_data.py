"""The data files the bundle must carry, listed for assistant.spec.

Kept out of the spec so that tests/integration/test_bundle_data.py can check the list
without PyInstaller: a file the program reads at run time but the bundle lacks only
shows up when someone starts the bundle.  Standard library only.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

_CODE = (".py", ".pyc", ".pyo")


def program_datas(root: Path) -> list[tuple[str, str]]:
    """(source, folder in the bundle) pairs for the program's own non-code files.

    The whole ``resources/`` folder (icons, themes, translations: new files there are
    picked up without touching the spec), and every non-Python file inside the
    ``assistant`` package (the model catalog, ...) at its package-relative place, where
    the code finds it next to its module.
    """
    datas = [(str(root / "resources"), "resources")]
    package = root / "assistant"
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix not in _CODE and "__pycache__" not in path.parts:
            datas.append((str(path), path.parent.relative_to(root).as_posix()))
    return datas


def package_folder(name: str) -> list[tuple[str, str]]:
    """A package as plain files (its .py included, caches left out), under its own name.

    The starter-model packages are found at run time with importlib.util.find_spec(name),
    never imported.  Copied like this they sit in the bundle's top folder, which is on
    sys.path, so find_spec finds them with an ordinary path spec whose
    submodule_search_locations is that folder, just as in site-packages.
    Empty when the package is not installed.
    """
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return []
    base = Path(list(spec.submodule_search_locations)[0])
    files = []
    for path in sorted(base.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".pyc", ".pyo"):
            files.append((str(path), (Path(name) / path.relative_to(base).parent).as_posix()))
    return files


# Distributions whose metadata the bundle must carry because code asks importlib.metadata
# about them at run time: keyring finds its backends as entry points ("keyring.backends").
METADATA_FOR_ENTRY_POINTS = ("keyring",)


def keyring_backend_modules() -> list[str]:
    """Every module of keyring.backends, listed from the files on disk (nothing imported).

    keyring loads its backends by name through entry points, which PyInstaller's analysis
    does not follow: without these hidden imports a bundle finds no keyring and keeps the
    servers' API keys in the file instead.  The backends' own imports (secretstorage and
    jeepney on Linux, win32ctypes on Windows, ctypes on macOS) are followed from there.
    Empty when keyring is not installed.
    """
    spec = importlib.util.find_spec("keyring")
    if spec is None or not spec.submodule_search_locations:
        return []
    backends = Path(list(spec.submodule_search_locations)[0]) / "backends"
    names = ["keyring.backends"]
    for path in sorted(backends.rglob("*.py")):
        parts = path.relative_to(backends).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if parts:
            names.append(".".join(("keyring", "backends", *parts)))
    return names
