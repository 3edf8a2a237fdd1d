"""Pickle weights (pytorch_model.bin) to safetensors, without running what a pickle may carry.

Many models on the hub (most opus-mt translation pairs among them) publish only
``pytorch_model.bin``: a pickle, which can run any code when loaded with the full
loader.  ``torch.load(weights_only=True)`` is torch's restricted unpickler: it builds
tensors and plain containers and refuses everything else, so a file it accepts holds
only data.  That is the only loader used here.  What it refuses is reported, never
retried with the full loader.

The result is written beside the other files of the model, into a temporary name
first; the tensors are read back and compared before the file takes its real name,
so a full disk or a bad file leaves nothing half-written.  Deleting the pickle is
the caller's step (it knows whose file it is).

Tied weights (an embedding shared with the output layer) are one tensor under several
names; safetensors stores each tensor once, so the aliases are dropped, and named in
the file's metadata, as the hub's own conversion bot does.  Which name stays matters:
transformers re-ties the others to it when it loads the model, so the embedding
(``shared``, ``word_embeddings``, ``wte``) stays, never the output layer.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import pickle
import threading
from dataclasses import dataclass
from pathlib import Path

from assistant.core.protocol import BadInput, Cancelled, TaskError
from assistant.core.say import say

log = logging.getLogger(__name__)

PICKLE_INDEX = "pytorch_model.bin.index.json"
SAFE_INDEX = "model.safetensors.index.json"


class ConversionFailed(TaskError):
    """The weights could not be converted; the message says why.  Nothing half-written is left."""


class UnsafePickle(BadInput):
    """The safe loader refused the file: it holds more than tensors."""


@dataclass(frozen=True)
class Converted:
    files: tuple[Path, ...]  # the safetensors files written
    sources: tuple[Path, ...]  # the pickle files they were made from
    tensors: int
    bytes_written: int


def pickle_weights(folder: Path) -> list[Path]:
    """The pickle weight files of a model folder: pytorch_model.bin or its shards (by the index)."""
    index = folder / PICKLE_INDEX
    if index.is_file():
        shards = sorted(set(json.loads(index.read_text(encoding="utf-8"))["weight_map"].values()))
        return [folder / name for name in shards]
    single = folder / "pytorch_model.bin"
    return [single] if single.is_file() else []


def safetensors_name(pickle_name: str) -> str:
    """pytorch_model.bin -> model.safetensors; pytorch_model-00001-of-00002.bin -> model-00001-of-00002.safetensors."""
    stem = pickle_name.removesuffix(".bin")
    stem = "model" + stem[len("pytorch_model") :] if stem.startswith("pytorch_model") else stem
    return stem + ".safetensors"


def convert_folder(source: Path, target: Path, cancel: threading.Event | None = None) -> Converted:
    """Convert the pickle weights of the model in ``source``, writing safetensors into ``target``.

    ``source`` and ``target`` may be the same folder.  Raises UnsafePickle when the safe
    loader refuses a file, ConversionFailed for a full disk or a failed check; in both
    cases no new file is left in ``target``.
    """
    cancel = cancel or threading.Event()
    pickles = pickle_weights(source)
    if not pickles:
        raise ConversionFailed(say("{folder} has no pytorch_model.bin to convert.", folder=str(source)))
    target.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    tensors = size = 0
    weight_map: dict[str, str] = {}
    try:
        for pickle_file in pickles:
            if cancel.is_set():
                raise Cancelled(say("Conversion stopped; nothing was written."))
            out = target / safetensors_name(pickle_file.name)
            count = convert_file(pickle_file, out)
            written.append(out)
            tensors += count
            size += out.stat().st_size
            from safetensors import safe_open

            with safe_open(str(out), framework="pt") as handle:
                weight_map.update({name: out.name for name in handle.keys()})  # noqa: SIM118 (safe_open has no __iter__)
        if len(pickles) > 1:
            index = {"metadata": {"total_size": size}, "weight_map": dict(sorted(weight_map.items()))}
            _write_atomically(target / SAFE_INDEX, json.dumps(index, indent=2).encode())
            written.append(target / SAFE_INDEX)
    except BaseException:
        for path in written:  # all or nothing: a half-converted sharded model is no model
            path.unlink(missing_ok=True)
        raise
    return Converted(tuple(written), tuple(pickles), tensors, size)


def convert_file(pickle_file: Path, out: Path) -> int:
    """One pickle file to one safetensors file, checked; returns the number of tensors stored."""
    from safetensors import SafetensorError
    from safetensors.torch import save_file

    state = _load_safely(pickle_file)
    kept, aliases = _drop_aliases(state)
    kept = {name: tensor.contiguous() for name, tensor in kept.items()}
    partial = out.with_name(out.name + ".partial")
    try:
        save_file(kept, str(partial), metadata={"format": "pt", **aliases})
        if not _reads_back(partial, kept):
            raise ConversionFailed(say("The converted weights of {file} did not read back the same; nothing was kept.", file=pickle_file.name))
        os.replace(partial, out)
    except (OSError, SafetensorError) as exc:
        partial.unlink(missing_ok=True)
        # safetensors' writer reports I/O errors in its own exception, with the OS error's text.
        if getattr(exc, "errno", None) in (errno.ENOSPC, errno.EDQUOT) or "os error 28" in str(exc) or "os error 122" in str(exc):
            raise ConversionFailed(
                say(
                    "The disk filled up while converting {file} to safetensors; nothing was written and the original is kept. "
                    "Free some space and try again.",
                    file=pickle_file.name,
                )
            ) from exc
        if isinstance(exc, SafetensorError):
            raise ConversionFailed(say("{file} could not be written as safetensors ({error}); nothing was kept.", file=pickle_file.name, error=str(exc))) from exc
        raise
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    log.info("converted %s -> %s: %d tensors (%d aliases dropped)", pickle_file, out.name, len(kept), len(aliases))
    return len(kept)


def _reads_back(path: Path, kept: dict) -> bool:
    """Whether the file holds exactly ``kept``, compared one tensor at a time (not the whole file in memory)."""
    import torch
    from safetensors import safe_open

    with safe_open(str(path), framework="pt") as handle:
        if set(handle.keys()) != set(kept):  # noqa: SIM118 (safe_open has no __iter__)
            return False
        return all(torch.equal(handle.get_tensor(name), kept[name]) for name in kept)


def _load_safely(pickle_file: Path) -> dict:
    """torch.load with weights_only=True (memory-mapped when the file allows it); refusals become sentences."""
    import torch

    try:
        try:
            state = torch.load(str(pickle_file), map_location="cpu", weights_only=True, mmap=True)
        except RuntimeError as exc:
            if "mmap" not in str(exc):  # the old (pre-zip) format cannot be mapped: read it whole
                raise
            state = torch.load(str(pickle_file), map_location="cpu", weights_only=True)
    except (pickle.UnpicklingError, AttributeError, TypeError, ValueError, EOFError) as exc:
        if "GLOBAL" not in str(exc):  # torch names the class it would not build; else the bytes are no pickle it knows
            raise UnsafePickle(say("{file} is not a PyTorch weights file that can be read.", file=pickle_file.name)) from exc
        raise UnsafePickle(
            say(
                "{file} holds more than model weights (Python objects that could run code when loaded), "
                "so the safe loader refused it and it was not converted. Use a model published as safetensors.",
                file=pickle_file.name,
            )
        ) from exc
    except RuntimeError as exc:
        raise UnsafePickle(say("{file} is not a PyTorch weights file that can be read ({error}).", file=pickle_file.name, error=str(exc).splitlines()[0])) from exc
    if isinstance(state, dict) and isinstance(state.get("state_dict"), dict):
        state = state["state_dict"]  # a training checkpoint: the weights are inside
    if not isinstance(state, dict) or not state or not all(isinstance(k, str) and isinstance(v, torch.Tensor) for k, v in state.items()):
        raise UnsafePickle(say("{file} is not a set of named tensors, so it cannot be model weights.", file=pickle_file.name))
    return state


def _drop_aliases(state: dict) -> tuple[dict, dict[str, str]]:
    """(tensors with each storage once, {dropped name: kept name}) for tied weights."""
    groups: dict[tuple, list[str]] = {}
    for name, tensor in state.items():
        storage = tensor.untyped_storage()
        key = (storage.data_ptr(), storage.nbytes(), tensor.storage_offset(), tuple(tensor.shape), tuple(tensor.stride()))
        groups.setdefault(key, []).append(name)
    kept: dict = {}
    aliases: dict[str, str] = {}
    for names in groups.values():
        keep = min(names, key=_keep_order)
        kept[keep] = state[keep]
        aliases.update({name: keep for name in names if name != keep})
    # Views into a shared storage that are not the same tensor (rare) cannot be stored by safetensors: copy them.
    seen: dict[tuple[int, int], str] = {}
    for name, tensor in list(kept.items()):
        storage = tensor.untyped_storage()
        where = (storage.data_ptr(), storage.nbytes())
        if where in seen:
            kept[name] = tensor.clone()
        else:
            seen[where] = name
    return kept, aliases


def _keep_order(name: str) -> tuple[bool, bool, str]:
    """Embeddings before output layers and per-side copies: transformers ties those to the embedding."""
    return ("lm_head" in name or "decoder.weight" in name, "embed_tokens" in name, name)


def _write_atomically(path: Path, data: bytes) -> None:
    partial = path.with_name(path.name + ".partial")
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
