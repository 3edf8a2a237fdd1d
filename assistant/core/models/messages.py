"""Requests that manage models, and the payloads of their results.

They travel like the task requests of core/messages.py: frozen dataclasses with an
id, each answered by exactly one Result or Failure.  Downloads are network I/O and
run on the download thread (worker/downloads.py); the others touch loaded models
or convert weights and run on the worker thread (worker/engine.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.core.protocol import Task, new_id


@dataclass(frozen=True)
class DownloadRequest:
    repo_id: str
    revision: str = "main"
    # Weights in pickle formats (pytorch_model.bin, *.pt) can run code when loaded:
    # fetched only when the user allows it, and only if the repository has no safetensors.
    allow_unsafe: bool = False
    endpoint: str | None = None  # None: HF_ENDPOINT or the public hub
    cache_dir: str | None = None  # None: the standard Hugging Face cache
    proxy: str = "system"  # "system" (HTTPS_PROXY & co), "none", or a proxy URL (core/models/network.py)
    id: int = field(default_factory=new_id)
    task = Task.MODELS


@dataclass(frozen=True)
class ImportGgufRequest:
    path: str
    name: str = ""  # folder name in the models folder; default: the file's name without .gguf
    id: int = field(default_factory=new_id)
    task = Task.MODELS


@dataclass(frozen=True)
class ImportPickleRequest:
    """A model folder with pickle weights only: a converted copy (safetensors) goes into the models folder."""

    path: str
    name: str = ""  # folder name in the models folder; default: the folder's own name
    id: int = field(default_factory=new_id)
    task = Task.MODELS


@dataclass(frozen=True)
class RemoveModelRequest:
    key: str  # ModelInfo.key (the folder), or a hub id such as "Helsinki-NLP/opus-mt-en-de"
    id: int = field(default_factory=new_id)
    task = Task.MODELS


@dataclass(frozen=True)
class LoadModelRequest:
    """Load a model now (before it is needed), with an optional placement of its own."""

    key: str
    id: int = field(default_factory=new_id)
    task = Task.MODELS


@dataclass(frozen=True)
class UnloadModelRequest:
    key: str = ""  # "" unloads every model
    id: int = field(default_factory=new_id)
    task = Task.MODELS



# ------------------------------------------------------------------ payloads


@dataclass(frozen=True)
class DownloadProgress:
    """Sent as the payload of Partial while a download runs (bytes are real bytes on disk)."""

    file: str
    file_done: int
    file_total: int
    done: int  # all files of the request
    total: int
    bytes_per_second: float
    resumed_from: int = 0  # bytes of this file found from an earlier, interrupted try
    converting: bool = False  # the bytes are in; ``file`` (pickle weights) is being converted to safetensors


@dataclass(frozen=True)
class DownloadedModel:
    repo_id: str
    revision: str
    commit: str
    path: str  # the snapshot folder in the Hugging Face cache
    files: tuple[str, ...]
    bytes_downloaded: int  # fetched now
    bytes_reused: int  # already in the cache or resumed from a partial file
    # Weights from another branch than the revision (the hub's conversion bot's refs/pr/N): which, at which commit.
    weights_revision: str = ""
    weights_commit: str = ""
    converted: bool = False  # the weights were pickles, converted to safetensors on this computer
    note: str = ""  # one sentence about where the weights came from, when it is not plain


@dataclass(frozen=True)
class ImportedModel:
    name: str
    path: str
    size_bytes: int
    note: str = ""  # one sentence about what was done, when more than a copy


@dataclass(frozen=True)
class RemovedModel:
    name: str
    path: str
    freed_bytes: int
    deleted: bool  # False: only forgotten (a folder the user added stays on disk)
    forget_dir: str = ""  # the added folder to drop from the settings, when deleted is False


def format_bytes(count: float) -> str:
    """91 MB, 0.4 MB, 3.1 GB: for people, with a decimal only where it says something."""
    if count >= 1e9:
        return f"{count / 1e9:.1f} GB"
    if count >= 10e6:
        return f"{count / 1e6:,.0f} MB"
    return f"{count / 1e6:.1f} MB"


