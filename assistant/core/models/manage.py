"""Adding and removing models on disk: GGUF import, pickle-weights import, removal with the space it frees.

Runs on the worker thread (import converts weights with torch; removal must first
unload the model, which the engine does before calling here).
"""

from __future__ import annotations

import errno
import logging
import re
import shutil
import threading
from pathlib import Path

from assistant.core.models import loader
from assistant.core.models.download import DiskFull
from assistant.core.models.messages import ImportedModel, RemovedModel
from assistant.core.models.sources import ModelInfo, ModelInventory, folder_problem, folder_size, known_model_types, model_folders
from assistant.core.protocol import BadInput
from assistant.core.say import joined, say

log = logging.getLogger(__name__)

GGUF_MAGIC = loader.GGUF_MAGIC


def check_model_folder(folder: str | Path, allow_pickle: bool = False) -> list[Path]:
    """The model folders found at ``folder`` (itself or its subfolders); BadInput if none, or if one
    cannot be loaded (damaged config.json, no weights, pickle weights not allowed, an unknown architecture)."""
    path = Path(folder).expanduser()
    if not path.exists():
        raise BadInput(say("{path} does not exist.", path=str(path)))
    if not path.is_dir():
        raise BadInput(say("{path} is a file: pick the folder that holds config.json and the weights.", path=str(path)))
    found = model_folders(path)
    if not found:
        raise BadInput(say("No model found in {path}: a model folder holds a config.json and its weights.", path=str(path)))
    known = known_model_types()
    problems = [problem for problem in (folder_problem(f, allow_pickle, known) for f in found) if problem]
    if problems:
        raise BadInput(joined(problems))
    return found


def import_gguf(
    gguf: str | Path, models_dir: Path, name: str = "", progress=None, cancel: threading.Event | None = None
) -> ImportedModel:
    """Convert a GGUF chat model into a safetensors folder in the models folder."""
    path = Path(gguf).expanduser()
    progress = progress or (lambda *_: None)
    if not path.is_file():
        raise BadInput(say("{path} is not a file.", path=str(path)))
    problem = loader.gguf_problem(path)
    if problem:
        raise BadInput(problem)
    name = _safe_name(name or path.stem)
    target = models_dir / name
    if target.exists():
        raise BadInput(
            say("A model called '{name}' is already in the models folder ({path}). Choose another name or remove it first.", name=name, path=str(target))
        )
    needed = _converted_size(path)
    models_dir.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(models_dir).free
    if needed > free:
        raise DiskFull(
            say(
                "Converting {name} needs about {needed:.1f} GB and {free:.1f} GB are free in {folder}.",
                name=path.name,
                needed=needed / 1e9,
                free=free / 1e9,
                folder=str(models_dir),
            )
        )
    loader.convert_gguf(path, target, progress, cancel=cancel, first_use=False)
    return ImportedModel(name=name, path=str(target), size_bytes=folder_size(target))


def _converted_size(path: Path) -> int:
    """Bytes of the float32 safetensors the GGUF becomes (from its tensor shapes, read without loading)."""
    try:
        from gguf import GGUFReader

        reader = GGUFReader(str(path))
        return sum(int(t.n_elements) for t in reader.tensors) * 4
    except Exception:  # noqa: BLE001 - an unreadable header: transformers will say more when converting
        log.warning("could not read the tensor sizes of %s", path, exc_info=True)
        return path.stat().st_size * 8


def _safe_name(name: str) -> str:
    cleaned = re.sub(r"[^\w.+-]+", "-", name).strip(".-")
    if not cleaned:
        raise BadInput(say("The model needs a name made of letters, digits, '.', '-' or '_'."))
    return cleaned


def find_model(inventory: ModelInventory, key_or_name: str) -> ModelInfo | None:
    """By key (its folder), or by name ("owner/name" for models of the Hugging Face cache)."""
    found = inventory.find(key_or_name)
    if found is not None:
        return found
    matches = [m for m in inventory.models if m.name.lower() == key_or_name.strip().lower()]
    return matches[0] if len(matches) == 1 else None


def remove_model(info: ModelInfo, models_dir: Path, extra_dirs: tuple[str, ...] | list[str], hf_cache: Path) -> RemovedModel:
    """Delete the model's files (or, for a folder the user added, only forget it); returns what was freed."""
    if info.source == "starter":
        raise BadInput(say("{model} comes with the program and cannot be removed.", model=info.name))
    if info.source == "Hugging Face cache":
        return _remove_from_hf_cache(info, hf_cache)
    path = info.path
    if info.source == "models folder" and _inside(path, models_dir):
        if path.is_symlink():  # a link the user made: remove the link, never what it points to
            path.unlink()
            return RemovedModel(info.name, str(path), 0, deleted=True)
        freed = folder_size(path)
        shutil.rmtree(path)
        return RemovedModel(info.name, str(path), freed, deleted=True)
    # A folder the user added: their files stay; the program forgets the folder.
    for extra in extra_dirs:
        if _inside(path, Path(extra).expanduser()):
            return RemovedModel(info.name, str(path), 0, deleted=False, forget_dir=extra)
    raise BadInput(say("{model} is not in a folder this program manages ({path}); delete it yourself if you want it gone.", model=info.name, path=str(path)))


def _remove_from_hf_cache(info: ModelInfo, hf_cache: Path) -> RemovedModel:
    from huggingface_hub import scan_cache_dir

    cache = scan_cache_dir(hf_cache)
    repo_folder = info.path.parent.parent  # .../models--owner--name/snapshots/<commit>
    for repo in cache.repos:
        if Path(repo.repo_path).resolve() == repo_folder.resolve():
            strategy = cache.delete_revisions(*(revision.commit_hash for revision in repo.revisions))
            freed = strategy.expected_freed_size
            strategy.execute()
            # Partial downloads (*.incomplete) are no revision's; they go with the repository.
            shutil.rmtree(repo_folder, ignore_errors=True)
            return RemovedModel(info.name, str(repo_folder), freed, deleted=True)
    raise BadInput(say("{model} was not found in the Hugging Face cache at {folder}.", model=info.name, folder=str(hf_cache)))


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.absolute().relative_to(folder.absolute())
        return True
    except ValueError:
        return False


# Files of a model folder that a converted copy leaves behind: the pickle weights (converted
# instead) and other frameworks' weights (TensorFlow, Rust, Flax, ONNX: never loaded here).
_NOT_COPIED = (".bin", ".pt", ".pth", ".ckpt", ".h5", ".ot", ".msgpack", ".onnx", ".safetensors")


def import_pickle_model(folder: str | Path, models_dir: Path, name: str = "", cancel: threading.Event | None = None) -> ImportedModel:
    """A model folder with pickle weights only -> a converted copy in the models folder; ``folder`` is not changed.

    The copy is built in a hidden folder beside its final place and renamed when it is
    whole, so a refusal, a full disk or a Stop leaves nothing half-written.
    """
    from assistant.core.models.convert import PICKLE_INDEX, convert_folder, pickle_weights

    source = Path(folder).expanduser()
    if not (source / "config.json").is_file():
        raise BadInput(say("No model found in {path}: a model folder holds a config.json and its weights.", path=str(source)))
    pickles = pickle_weights(source)
    if not pickles:
        raise BadInput(say("{path} has no pytorch_model.bin: there is nothing to convert.", path=str(source)))
    if any(source.glob("*.safetensors")):
        raise BadInput(say("{path} has safetensors weights already: add the folder as it is.", path=str(source)))
    name = _safe_name(name or source.name)
    target = models_dir / name
    if target.exists():
        raise BadInput(
            say("A model called '{name}' is already in the models folder ({path}). Choose another name or remove it first.", name=name, path=str(target))
        )
    models_dir.mkdir(parents=True, exist_ok=True)
    # the safetensors are about the pickles' size; the small files are copied as they are
    needed = sum(p.stat().st_size for p in pickles) + sum(p.stat().st_size for p in source.iterdir() if p.is_file() and not p.name.endswith(_NOT_COPIED))
    free = shutil.disk_usage(models_dir).free
    if needed > free:
        raise DiskFull(
            say("Converting {name} needs about {needed:.1f} GB and {free:.1f} GB are free in {folder}.", name=source.name, needed=needed / 1e9, free=free / 1e9, folder=str(models_dir))
        )
    staging = models_dir / f".{name}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        staging.mkdir()
        for path in source.iterdir():
            if path.is_file() and not path.name.endswith(_NOT_COPIED) and path.name != PICKLE_INDEX:
                shutil.copy2(path, staging / path.name)
            elif path.is_dir() and (path / "config.json").is_file() and path.name[:1].isdigit():  # sentence-transformers' 1_Pooling & co
                shutil.copytree(path, staging / path.name)
        convert_folder(source, staging, cancel)
        staging.rename(target)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise DiskFull(say("The disk filled up while converting {name}; nothing was kept. Free some space and try again.", name=source.name)) from exc
        raise
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    log.info("converted %s (pickle weights) into %s", source, target)
    note = say(
        "{folder} has pickle weights only: a copy converted to safetensors with the safe loader is in {path}; the folder itself is unchanged.",
        folder=str(source),
        path=str(target),
    )
    return ImportedModel(name=name, path=str(target), size_bytes=folder_size(target), note=note)
