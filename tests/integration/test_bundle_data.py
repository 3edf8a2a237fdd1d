"""The PyInstaller bundle carries every data file the program reads at run time.

Building the bundle takes minutes (packaging/build.sh smoke); these checks are the cheap
part: the list that packaging/pyinstaller/assistant.spec hands to PyInstaller, computed
by packaging/pyinstaller/bundle_data.py, compared with where the program looks.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from assistant.core.models import catalog
from assistant.core.models.sources import STARTER_CHAT_GGUF, STARTER_CHAT_PACKAGE, STARTER_EMBEDDING_PACKAGE

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "pyinstaller" / "assistant.spec"


def _bundle_data():
    # Loaded from its file: "packaging" is also the name of a PyPI package.
    spec = importlib.util.spec_from_file_location("bundle_data", SPEC.with_name("bundle_data.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _bundled(datas) -> set[str]:
    """Every file's path inside the bundle, with folders expanded as PyInstaller does."""
    inside = set()
    for source, folder in datas:
        source = Path(source)
        if source.is_dir():
            inside |= {(Path(folder) / p.relative_to(source)).as_posix() for p in source.rglob("*") if p.is_file()}
        else:
            inside.add((Path(folder) / source.name).as_posix())
    return inside


def test_the_spec_takes_its_data_list_from_bundle_data():
    text = SPEC.read_text(encoding="utf-8")
    assert "datas = program_datas(ROOT)" in text
    assert "package_folder(starter)" in text
    assert "(STARTER_CHAT_PACKAGE, STARTER_EMBEDDING_PACKAGE)" in text  # the names sources.py looks for


def test_the_program_data_files_are_bundled_where_the_program_looks():
    inside = _bundled(_bundle_data().program_datas(ROOT))
    # The catalog sits next to catalog.py: in the bundle, at the same package-relative place.
    assert Path(catalog.CATALOG_FILE).resolve().relative_to(ROOT).as_posix() in inside
    # assistant/resources.py looks in <bundle>/resources: all of resources/, new files included.
    for path in (ROOT / "resources").rglob("*"):
        if path.is_file():
            assert path.relative_to(ROOT).as_posix() in inside, path
    # Any other non-Python file in the package (a future .qss, .json, ...) too.
    for path in (ROOT / "assistant").rglob("*"):
        if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts:
            assert path.relative_to(ROOT).as_posix() in inside, path
    assert not any(name.endswith(".py") and name.startswith("assistant/") for name in inside)  # code goes in the PYZ


@pytest.mark.parametrize("package", [STARTER_CHAT_PACKAGE, STARTER_EMBEDDING_PACKAGE])
def test_a_starter_model_package_is_copied_whole_under_its_own_name(package):
    if importlib.util.find_spec(package) is None:
        pytest.skip(f"{package} is not installed (the setup step installs it)")
    inside = _bundled(_bundle_data().package_folder(package))
    assert f"{package}/__init__.py" in inside  # find_spec needs it to see a package
    assert all(name.startswith(f"{package}/") for name in inside)
    assert not any("__pycache__" in name or name.endswith(".pyc") for name in inside)
    if package == STARTER_CHAT_PACKAGE:
        assert any(name.endswith("/" + STARTER_CHAT_GGUF) for name in inside)
    else:
        assert any(name.endswith(".safetensors") for name in inside)


def test_a_package_that_is_not_installed_gives_nothing():
    assert _bundle_data().package_folder("no_such_package_here") == []
