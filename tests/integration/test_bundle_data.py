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


def test_the_bundle_carries_every_keyring_backend_and_the_metadata_that_names_them():
    """keyring loads its backends through entry points: each one must be a hidden import, and keyring's metadata bundled."""
    from importlib.metadata import entry_points

    text = SPEC.read_text(encoding="utf-8")
    assert "hiddenimports += keyring_backend_modules()" in text and "*METADATA_FOR_ENTRY_POINTS" in text
    data = _bundle_data()
    assert "keyring" in data.METADATA_FOR_ENTRY_POINTS
    modules = set(data.keyring_backend_modules())
    named = {point.value.split(":")[0] for point in entry_points(group="keyring.backends")}
    assert named and named <= modules, named - modules
    # The fallbacks keyring uses when no real backend is there (the program then keeps keys in a file).
    assert {"keyring.backends.fail", "keyring.backends.null", "keyring.backends.chainer"} <= modules


def test_what_the_servers_and_the_local_api_import_is_not_left_out_of_the_bundle():
    import ast

    text = SPEC.read_text(encoding="utf-8")
    tree = ast.parse(text)
    excludes = next(node.value for node in ast.walk(tree) if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "excludes")
    excluded = {element.value for element in excludes.elts}
    for module in ("assistant/core/servers/client.py", "assistant/core/servers/store.py", "assistant/worker/api_server.py", "assistant/ui/local_api.py"):
        imported = set()
        for node in ast.walk(ast.parse((ROOT / module).read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                imported.add(node.module.split(".")[0])
        assert not imported & excluded, (module, imported & excluded)
    assert "keyring" not in excluded and "certifi" not in excluded
