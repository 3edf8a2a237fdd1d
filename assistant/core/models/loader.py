"""Loading model folders into memory, and keeping the recently used ones there.

Runs on the worker thread only (torch work stays on one thread: DESIGN rule 3).
Loading is safe by default: safetensors weights only, remote code never trusted.
"""

from __future__ import annotations

import gc
import json
import logging
import shutil
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.core.devices import resolve_device
from assistant.core.messages import ModelMissing
from assistant.core.models.sources import ModelInfo

log = logging.getLogger(__name__)

ProgressFn = Callable[[int, int, str], None]  # done, total, message


@dataclass
class LoadedModel:
    info: ModelInfo
    model: Any
    tokenizer: Any
    device: str
    pooling: str = "mean"  # embedding models only
    normalize: bool = True  # embedding models only
    seconds_to_load: float = 0.0


class ModelLoader:
    """An LRU of loaded models; ``capacity`` models stay in memory at once."""

    def __init__(self, device: str = "auto", capacity: int = 3) -> None:
        self.device_preference = device
        self.capacity = capacity
        self._loaded: OrderedDict[str, LoadedModel] = OrderedDict()

    def get(self, info: ModelInfo, progress: ProgressFn | None = None) -> LoadedModel:
        progress = progress or (lambda *_: None)
        cached = self._loaded.get(info.key)
        if cached is not None:
            self._loaded.move_to_end(info.key)
            return cached
        _quiet_transformers()
        if info.needs_conversion:
            convert_gguf(info.gguf_file, info.path, progress)
        device = resolve_device(self.device_preference)
        progress(0, 0, f"Loading {info.name}…")
        started = time.perf_counter()
        threads_before = set(threading.enumerate())
        try:
            loaded = _load(info, device)
            _wait_for_loading_threads(threads_before)
        except Exception as exc:
            gc.collect()  # a half-built model must not keep its memory
            raise ModelMissing(f"The model '{info.name}' could not be loaded: it looks damaged or incomplete ({type(exc).__name__}).") from exc
        loaded.seconds_to_load = time.perf_counter() - started
        self._loaded[info.key] = loaded
        while len(self._loaded) > self.capacity:
            _, evicted = self._loaded.popitem(last=False)
            log.info("unloading %s", evicted.info.name)
            del evicted
            gc.collect()
        return loaded

    def unload_all(self) -> None:
        self._loaded.clear()
        gc.collect()

    @property
    def loaded_keys(self) -> list[str]:
        return list(self._loaded)


def _wait_for_loading_threads(before: set, timeout: float = 10.0) -> None:
    """transformers 5 reads weights on a thread pool that it shuts down without waiting
    (core_model_loading: ``shutdown(wait=False)``); its threads end a moment later.  Join
    them, so that no thread outlives a load (the tests check for leaked threads, and a
    busy machine can make "a moment" long)."""
    deadline = time.monotonic() + timeout
    for thread in set(threading.enumerate()) - before:
        if thread.name.startswith("ThreadPoolExecutor"):
            thread.join(max(0.0, deadline - time.monotonic()))


def _quiet_transformers() -> None:
    """Our own progress replaces transformers' console bars, which nobody sees in a window."""
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()


def _load(info: ModelInfo, device: str) -> LoadedModel:
    import torch  # noqa: F401  (imported here: heavy, and only ever on the worker thread)
    from transformers import (
        AutoModel,
        AutoModelForCausalLM,
        AutoModelForQuestionAnswering,
        AutoModelForSeq2SeqLM,
        AutoModelForSequenceClassification,
        AutoTokenizer,
    )

    if not info.path.is_dir():
        raise FileNotFoundError(info.path)
    path = str(info.path)
    safe = dict(use_safetensors=True, trust_remote_code=False)
    tokenizer = AutoTokenizer.from_pretrained(path, trust_remote_code=False)
    if info.kind == "causal LM":
        model = AutoModelForCausalLM.from_pretrained(path, **safe)
        if tokenizer.pad_token is None:
            tokenizer.pad_token = tokenizer.eos_token
    elif info.kind == "translation":
        model = AutoModelForSeq2SeqLM.from_pretrained(path, **safe)
    elif info.kind == "embedding":
        model = AutoModel.from_pretrained(path, **safe)
    elif info.kind == "extractive QA":
        model = AutoModelForQuestionAnswering.from_pretrained(path, **safe)
    else:
        model = AutoModelForSequenceClassification.from_pretrained(path, **safe)
    model.to(device)
    model.eval()
    loaded = LoadedModel(info=info, model=model, tokenizer=tokenizer, device=device)
    if info.kind == "embedding":
        loaded.pooling, loaded.normalize = _sentence_transformer_settings(info.path)
    return loaded


def _sentence_transformer_settings(folder: Path) -> tuple[str, bool]:
    """Pooling mode and normalisation as the sentence-transformers files describe them."""
    pooling = "mean"
    pooling_config = folder / "1_Pooling" / "config.json"
    if pooling_config.is_file():
        config = json.loads(pooling_config.read_text(encoding="utf-8"))
        if config.get("pooling_mode_cls_token"):
            pooling = "cls"
    normalize = True
    modules = folder / "modules.json"
    if modules.is_file():
        normalize = any("Normalize" in m.get("type", "") for m in json.loads(modules.read_text(encoding="utf-8")))
    return pooling, normalize


def convert_gguf(gguf_file: Path, out_dir: Path, progress: ProgressFn) -> None:
    """Convert a GGUF model to a safetensors folder once, so later loads take seconds.

    transformers dequantizes the whole GGUF on every load (about 25 s for the
    starter model).  The result is written to a temporary folder and renamed into
    place, so an interrupted conversion never leaves a half-written model behind.
    """
    from transformers import AutoModelForCausalLM, AutoTokenizer

    steps = 3
    tmp = out_dir.with_name(out_dir.name + ".converting")
    shutil.rmtree(tmp, ignore_errors=True)
    progress(0, steps, f"Preparing {gguf_file.name} (first use only): reading the tokenizer…")
    folder, name = str(gguf_file.parent), gguf_file.name
    tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=name)
    progress(1, steps, "Converting the model weights (first use only)…")
    model = AutoModelForCausalLM.from_pretrained(folder, gguf_file=name)
    # The weights are now plain floats; saving must not claim a GGUF quantization.
    model.hf_quantizer = None
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    progress(2, steps, "Saving the converted model…")
    try:
        model.save_pretrained(tmp)
        tokenizer.save_pretrained(tmp)
        if out_dir.exists():
            shutil.rmtree(out_dir)
        tmp.rename(out_dir)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        del model
        gc.collect()
    progress(3, steps, "Model ready.")
