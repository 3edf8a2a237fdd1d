"""Loading model folders into memory, and keeping the recently used ones there.

Runs on the worker thread only (torch work stays on one thread: DESIGN rule 3).
Loading is safe by default: safetensors weights only, remote code never trusted.

Models stay loaded by least-recent use within a memory budget: before a load the
least recently used models are unloaded until the new one (estimated from its
weight files) fits; after it, its real size (parameters and buffers) is counted.
A load can be stopped between its steps (tokenizer, weights, quantization, move to
the device).  Each step itself is one library call that cannot be interrupted:
reading the weights of a large model is the longest, and a Stop waits for it.
Whatever a stopped or failed load had built is released, and the memory is given
back to the system (see devices.free_unused_memory).
"""

from __future__ import annotations

import json
import logging
import shutil
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.core.models import precision
from assistant.core.models.devices import (
    AUTO,
    DTYPE_BYTES,
    automatic_dtype,
    check_dtype,
    default_budget,
    free_unused_memory,
    resolve_device,
    torch_dtype,
)
from assistant.core.models.precision import quantize_int8
from assistant.core.models.sources import ModelInfo, folder_problem, known_model_types
from assistant.core.protocol import BadInput, Cancelled, LoadedSummary, ModelMissing, describe_placement
from assistant.core.say import message_of, say

log = logging.getLogger(__name__)

ProgressFn = Callable[[int, int, str], None]  # done, total, message


@dataclass(frozen=True)
class Placement:
    device: str  # resolved: "cpu", "cuda" or "mps"
    dtype: str  # one of devices.DTYPE_CHOICES (never "auto": placement_for decides)

    def describe(self) -> str:
        return describe_placement(self.device, self.dtype)


@dataclass
class LoadedModel:
    info: ModelInfo
    model: Any
    tokenizer: Any
    device: str
    pooling: str = "mean"  # embedding models only
    normalize: bool = True  # embedding models only
    seconds_to_load: float = 0.0
    dtype: str = "float32"
    memory_bytes: int = 0
    note: str = ""  # why it runs in this precision, when "automatic" did not pick the fastest
    # The chat task's cache of the last conversation (core/chat/cache.py); dropped with the model.
    chat_cache: Any = None

    def summary(self) -> LoadedSummary:
        return LoadedSummary(self.info.key, self.info.name, self.device, self.dtype, self.memory_bytes, self.note)


class ModelLoader:
    """An LRU of loaded models within ``budget_bytes`` of memory (0: half the device's memory)."""

    def __init__(
        self,
        device: str = "auto",
        dtype: str = "float32",
        budget_bytes: int = 0,
        overrides: dict[str, tuple[str, str]] | None = None,
        allow_pickle: bool = False,
        on_change: Callable[[], None] | None = None,
        verdicts_file: Path | None = None,
    ) -> None:
        self.device_preference = device
        self.dtype = dtype
        self.budget_setting = budget_bytes
        self.overrides = dict(overrides or {})  # model key -> (device preference, dtype)
        self.allow_pickle = allow_pickle
        self.on_change = on_change or (lambda: None)
        self.verdicts_file = verdicts_file  # where the int8 quality verdicts are kept (core/models/precision.py)
        self._loaded: OrderedDict[str, LoadedModel] = OrderedDict()
        self._checks: OrderedDict[str, precision.Check] = OrderedDict()  # int8 checks of loaded models, waiting for idle time
        self._verdicts: dict[str, precision.Verdict] = {}  # measured here (also when the models folder is read-only)

    # ---------------------------------------------------------------- queries

    def placement_for(self, info: ModelInfo) -> Placement:
        device_preference, dtype = self._setting(info)
        try:
            device = resolve_device(device_preference)
            if dtype == AUTO:
                dtype = self._automatic_dtype(info, device)
            check_dtype(device, dtype)
        except (RuntimeError, ValueError) as exc:  # an absent GPU, an impossible precision: said, never bypassed
            raise BadInput(say("{problem} Change it on the Models page.", problem=message_of(exc))) from exc
        return Placement(device, dtype)

    def _setting(self, info: ModelInfo) -> tuple[str, str]:
        """The device and precision chosen for this model (its own, or the general setting)."""
        return self.overrides.get(info.key, (self.device_preference, self.dtype))

    def _automatic_dtype(self, info: ModelInfo, device: str) -> str:
        """What "automatic" precision means for this model here (see devices.automatic_dtype and precision.py).

        A chat model on the CPU runs int8 once its check found that int8 keeps its quality;
        until it is measured, float32 (the check runs in the background, see ``check_step``).
        """
        if device == "cpu" and info.kind == "causal LM":
            verdict = self._verdict(info)
            return "int8" if verdict is not None and verdict.int8_ok else "float32"
        return automatic_dtype(device)

    def _verdict(self, info: ModelInfo) -> precision.Verdict | None:
        return self._verdicts.get(info.key) or precision.remembered(self.verdicts_file, info.path)

    def _on_automatic_float32(self, info: ModelInfo, placement: Placement) -> bool:
        """A chat model running float32 on the CPU because "automatic" chose so (not measured yet, or int8 lost)."""
        return self._setting(info)[1] == AUTO and placement == Placement("cpu", "float32") and info.kind == "causal LM"

    # ------------------------------------------------ the int8 check, when idle

    @property
    def check_waiting(self) -> str:
        """The name of the model whose int8 check waits for idle time ("" when none)."""
        key = next(iter(self._checks), None)
        return self._loaded[key].info.name if key is not None else ""

    def check_step(self, should_yield: Callable[[], bool]) -> precision.Verdict | None:
        """One short step of the oldest waiting int8 check; its verdict when that was the last step.

        ``should_yield`` says a request came: the step gives way (it is done again next time).
        The verdict is kept in the models folder; when int8 wins, the loaded model becomes the
        int8 copy the check built, so the next request runs int8 with no second load.
        """
        key, check = next(iter(self._checks.items()))
        loaded = self._loaded[key]
        try:
            verdict = check.step(should_yield)
        except Exception as exc:  # noqa: BLE001 - a model that cannot be measured stays as it runs: float32
            log.exception("the int8 check of %s failed", loaded.info.name)
            del self._checks[key]
            loaded.note = say("int8 was not used: its check failed ({error}).", error=type(exc).__name__)
            free_unused_memory("cpu")
            self.on_change()
            return None
        if verdict is None:
            return None
        del self._checks[key]
        self._verdicts[key] = verdict
        precision.remember(self.verdicts_file, loaded.info.path, verdict)
        if verdict.int8_ok:
            # The cache of the last conversation was computed in float32: int8 keeps none (core/chat/cache.py).
            loaded.model, loaded.dtype, loaded.chat_cache, loaded.note = check.quantized, "int8", None, ""
            loaded.memory_bytes = measure_bytes(loaded.model)
        else:
            loaded.note = verdict.reason()
        del check
        free_unused_memory("cpu")
        log.info("%s runs %s after its int8 check", loaded.info.name, loaded.dtype)
        self.on_change()
        return verdict

    @property
    def budget_bytes(self) -> int:
        if self.budget_setting:
            return self.budget_setting
        try:
            return default_budget(resolve_device(self.device_preference))
        except RuntimeError:  # the chosen device is absent (reported when a model is asked for)
            return default_budget("cpu")

    @property
    def used_bytes(self) -> int:
        """The loaded models, and the int8 copies their checks are building beside them."""
        return sum(m.memory_bytes for m in self._loaded.values()) + sum(c.extra_bytes for c in self._checks.values())

    def is_loaded(self, key: str) -> bool:
        return key in self._loaded

    def get_loaded(self, key: str) -> LoadedModel | None:
        """The model in memory under ``key``, without changing the order of use (None: not loaded)."""
        return self._loaded.get(key)

    @property
    def loaded_keys(self) -> list[str]:
        return list(self._loaded)

    def summaries(self) -> tuple[LoadedSummary, ...]:
        """Most recently used first."""
        return tuple(m.summary() for m in reversed(self._loaded.values()))

    # ---------------------------------------------------------------- loading

    def get(self, info: ModelInfo, progress: ProgressFn | None = None, cancel: threading.Event | None = None) -> LoadedModel:
        progress = progress or (lambda *_: None)
        cancel = cancel or threading.Event()
        cached = self._loaded.get(info.key)
        if cached is not None:
            if next(reversed(self._loaded)) != info.key:  # the order of use changed: the Models page shows it
                self._loaded.move_to_end(info.key)
                self.on_change()
            return cached
        _quiet_transformers()
        if info.gguf_file is not None:  # info.needs_conversion
            try:
                convert_gguf(info.gguf_file, info.path, progress)
            except (Cancelled, BadInput, ModelMissing):
                raise
            except Exception as exc:  # explained after the fact: checking first would read the whole file twice
                if _is_out_of_memory(exc):
                    raise
                problem = gguf_problem(info.gguf_file) or say("it could not be converted ({error})", error=type(exc).__name__)
                raise ModelMissing(say("The model '{model}' cannot be loaded: {problem}", model=info.name, problem=problem)) from exc
        placement = self.placement_for(info)
        estimate = estimate_bytes(info.path, placement.dtype)
        self._make_room(estimate)
        progress(0, 0, say("Loading {model} ({placement})…", model=info.name, placement=placement.describe()))
        started = time.perf_counter()
        with _load_failures_said(info):
            loaded = _load(info, placement, self.allow_pickle, progress, cancel)
        loaded.seconds_to_load = time.perf_counter() - started
        loaded.memory_bytes = measure_bytes(loaded.model)
        if self._on_automatic_float32(info, placement):
            verdict = self._verdict(info)
            if verdict is None:  # measured when the worker is idle: nobody waits for it
                self._checks[info.key] = precision.Check(loaded.model, loaded.tokenizer, info.path)
                loaded.note = say("Checking int8 quality when the worker is idle; float32 until then.")
            else:
                loaded.note = verdict.reason()
        self._loaded[info.key] = loaded
        self._make_room(0, keep=info.key)
        log.info("loaded %s on %s: %.0f MB in %.1f s", info.name, placement.describe(), loaded.memory_bytes / 1e6, loaded.seconds_to_load)
        self.on_change()
        return loaded

    def _make_room(self, needed: int, keep: str | None = None) -> None:
        """Unload the least recently used models until ``needed`` more bytes fit in the budget."""
        budget = self.budget_bytes
        freed_on: set[str] = set()
        while self._loaded and self.used_bytes + needed > budget:
            key = next(iter(self._loaded))
            if key == keep:
                if len(self._loaded) == 1:
                    break  # the one model in use is larger than the budget: keep it anyway
                self._loaded.move_to_end(key)
                continue
            freed_on.add(self._loaded[key].device)
            self._drop(key)
        for device in freed_on:
            free_unused_memory(device)
        if freed_on:
            self.on_change()

    # -------------------------------------------------------------- unloading

    def unload(self, key: str) -> int:
        """Unload one model; returns the bytes it held (0 if it was not loaded)."""
        if key not in self._loaded:
            return 0
        loaded = self._loaded[key]
        freed, device = loaded.memory_bytes, loaded.device
        del loaded
        self._drop(key)
        free_unused_memory(device)
        self.on_change()
        return freed

    def unload_all(self) -> int:
        if not self._loaded:
            return 0
        freed = self.used_bytes
        devices = {m.device for m in self._loaded.values()}
        for key in list(self._loaded):
            self._drop(key)
        for device in devices:
            free_unused_memory(device)
        self.on_change()
        return freed

    def _drop(self, key: str) -> None:
        evicted = self._loaded.pop(key)
        self._checks.pop(key, None)  # measured again from the start when the model comes back
        log.info("unloading %s (%.0f MB)", evicted.info.name, evicted.memory_bytes / 1e6)
        evicted.model = None
        evicted.tokenizer = None
        evicted.chat_cache = None


@contextmanager
def _load_failures_said(info: ModelInfo) -> Iterator[None]:
    """A load's failures as sentences: stopped (memory freed) or damaged; running out of memory and
    the program's own errors pass through as they are, for the engine to explain."""
    try:
        yield
    except Cancelled:
        raise Cancelled(say("Loading {model} stopped; the memory it had taken was freed.", model=info.name)) from None
    except (BadInput, ModelMissing):
        raise
    except Exception as exc:
        if _is_out_of_memory(exc):
            raise
        raise ModelMissing(
            say("The model '{model}' could not be loaded: it looks damaged or incomplete ({error}).", model=info.name, error=type(exc).__name__)
        ) from exc


def _is_out_of_memory(exc: BaseException) -> bool:
    from assistant.core.models.devices import is_out_of_memory

    return is_out_of_memory(exc)


class _JoinLoaderThreads:
    """Wait for the threads transformers reads weights with, so that none outlives the load.

    transformers 5 loads weights on a thread pool and shuts it down without waiting
    (shutdown(wait=False)): its threads are done but may still be alive when
    from_pretrained returns (5 loads in 30 here).  Joining them costs nothing and
    keeps the promise that model work leaves no thread behind.
    """

    def __enter__(self):
        self.before = set(threading.enumerate())
        return self

    def __exit__(self, *exc) -> None:
        for thread in set(threading.enumerate()) - self.before:
            if thread.name.startswith("ThreadPoolExecutor"):
                thread.join(timeout=10)


def _quiet_transformers() -> None:
    """Our own progress replaces transformers' console bars, which nobody sees in a window."""
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()


def _load(info: ModelInfo, placement: Placement, allow_pickle: bool, progress: ProgressFn, cancel: threading.Event) -> LoadedModel:
    """Load in steps, checking Stop between them; on any failure nothing of the model stays referenced."""
    import torch  # noqa: F401  (imported here: heavy, and only ever on the worker thread)
    from transformers import (
        AutoModel,
        AutoModelForCausalLM,
        AutoModelForQuestionAnswering,
        AutoModelForSeq2SeqLM,
        AutoModelForSequenceClassification,
        AutoTokenizer,
    )

    def check() -> None:
        if cancel.is_set():
            raise Cancelled(say("stopped"))

    if not info.path.is_dir():
        raise ModelMissing(say("The model folder {path} no longer exists. Pick another model on the Models page.", path=str(info.path)))
    problem = folder_problem(info.path, allow_pickle, known_model_types())
    if problem:  # said in its own words, before transformers fails on it with a bare exception
        raise ModelMissing(say("The model '{model}' cannot be loaded: {problem}", model=info.name, problem=problem))
    path = str(info.path)
    # use_safetensors=None lets transformers take pickle weights when the folder has nothing else.
    options = dict(use_safetensors=None if allow_pickle else True, trust_remote_code=False, dtype=torch_dtype(placement.dtype))
    held: dict[str, Any] = {}  # everything built so far; cleared on failure so the memory can go
    steps = 4
    try:
        held["tokenizer"] = AutoTokenizer.from_pretrained(path, trust_remote_code=False)
        check()
        progress(1, steps, say("Reading the weights of {model}…", model=info.name))
        auto = {
            "causal LM": AutoModelForCausalLM,
            "translation": AutoModelForSeq2SeqLM,
            "embedding": AutoModel,
            "extractive QA": AutoModelForQuestionAnswering,
        }.get(info.kind, AutoModelForSequenceClassification)
        with _JoinLoaderThreads():
            held["model"] = auto.from_pretrained(path, **options)
        if info.kind == "causal LM" and held["tokenizer"].pad_token is None:
            held["tokenizer"].pad_token = held["tokenizer"].eos_token
        check()
        if placement.dtype == "int8":
            progress(2, steps, say("Quantizing {model} to int8…", model=info.name))
            held["model"] = quantize_int8(held["model"])
            check()
        progress(3, steps, say("Moving {model} to the {placement}…", model=info.name, placement=placement.describe()))
        held["model"].to(placement.device)
        held["model"].eval()
        check()
        progress(4, steps, say("{model} is ready.", model=info.name))
        loaded = LoadedModel(
            info=info, model=held["model"], tokenizer=held["tokenizer"], device=placement.device, dtype=placement.dtype
        )
    except BaseException:
        held.clear()
        free_unused_memory(placement.device)
        raise
    if info.kind == "embedding":
        loaded.pooling, loaded.normalize = _sentence_transformer_settings(info.path)
    return loaded


def measure_bytes(model) -> int:
    """Bytes held by a model's parameters and buffers (quantized layers keep theirs in packed params)."""
    import torch

    total = 0
    seen: set[int] = set()  # tied weights (an LM head sharing the embeddings) are counted once
    for value in model.state_dict(keep_vars=True).values():
        tensors = value if isinstance(value, (tuple, list)) else (value,)
        for tensor in tensors:
            if not isinstance(tensor, torch.Tensor):
                continue
            try:
                address = tensor.untyped_storage().data_ptr()
            except (RuntimeError, NotImplementedError):  # quantized tensors: no plain storage to ask
                address = id(tensor)
            if address in seen:
                continue
            seen.add(address)
            total += tensor.numel() * tensor.element_size()
    return total


def estimate_bytes(folder: Path, dtype: str) -> int:
    """Bytes a model will take once loaded in ``dtype``, from the size of its weight files."""
    weights = sum(f.stat().st_size for pattern in ("*.safetensors", "*.bin") for f in folder.glob(pattern) if f.is_file())
    stored = 4
    try:
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        stored = DTYPE_BYTES.get(str(config.get("dtype") or config.get("torch_dtype") or "float32"), 4)
    except (OSError, ValueError):
        pass
    target = 2 if dtype == "int8" else DTYPE_BYTES.get(dtype, 4)  # int8: embeddings and norms stay float32
    return int(weights * target / stored)


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


GGUF_MAGIC = b"GGUF"


def gguf_problem(path: Path) -> str | None:
    """Why the GGUF file cannot be converted, as a sentence for a person; None when its header and data fit.

    Read without loading (the gguf package maps the file): a file cut short (an interrupted
    download or copy) has a header that describes more data than the file holds.
    """
    try:
        with open(path, "rb") as handle:
            head = handle.read(4)
    except OSError as exc:
        return say("{name} cannot be read ({reason}).", name=path.name, reason=exc.strerror or str(exc))
    if head != GGUF_MAGIC:
        return say("{name} is not a GGUF file (it does not start with 'GGUF').", name=path.name)
    try:
        from gguf import GGUFReader

        reader = GGUFReader(str(path))
        size = path.stat().st_size
        end = max((int(t.data_offset) + int(t.n_bytes) for t in reader.tensors), default=0)
    except Exception:  # noqa: BLE001 - numpy and the reader fail in many ways on a short or damaged file
        log.info("GGUF file %s does not read", path, exc_info=True)
        return say("{name} is cut short or damaged: its header describes more data than the file holds. Download or copy it again.", name=path.name)
    if end > size:
        return say("{name} is cut short or damaged: its header describes more data than the file holds. Download or copy it again.", name=path.name)
    return None


def convert_gguf(
    gguf_file: Path, out_dir: Path, progress: ProgressFn, cancel: threading.Event | None = None, first_use: bool = True
) -> None:
    """Convert a GGUF model to a safetensors folder once, so later loads take seconds.

    transformers dequantizes the whole GGUF on every load (about 25 s for the
    starter model).  The result is written to a temporary folder and renamed into
    place, so an interrupted conversion never leaves a half-written model behind.
    Stop is checked between the steps (reading, converting, saving).
    """
    from transformers import AutoModelForCausalLM, AutoTokenizer

    def check() -> None:
        if cancel is not None and cancel.is_set():
            raise Cancelled(say("Converting {name} stopped; nothing was kept.", name=gguf_file.name))

    steps = 3
    tmp = out_dir.with_name(out_dir.name + ".converting")
    shutil.rmtree(tmp, ignore_errors=True)
    if first_use:  # converting the starter model on its first load
        progress(0, steps, say("Preparing {name} (first use only): reading the tokenizer…", name=gguf_file.name))
    else:
        progress(0, steps, say("Preparing {name}: reading the tokenizer…", name=gguf_file.name))
    folder, name = str(gguf_file.parent), gguf_file.name
    held: dict[str, Any] = {}
    try:
        held["tokenizer"] = AutoTokenizer.from_pretrained(folder, gguf_file=name)
        check()
        progress(1, steps, say("Converting the model weights (first use only)…") if first_use else say("Converting the model weights…"))
        with _JoinLoaderThreads():
            held["model"] = AutoModelForCausalLM.from_pretrained(folder, gguf_file=name)
        check()
        # The weights are now plain floats; saving must not claim a GGUF quantization.
        held["model"].hf_quantizer = None
        if hasattr(held["model"].config, "quantization_config"):
            del held["model"].config.quantization_config
        progress(2, steps, say("Saving the converted model…"))
        held["model"].save_pretrained(tmp)
        held["tokenizer"].save_pretrained(tmp)
        check()
        if out_dir.exists():
            shutil.rmtree(out_dir)
        tmp.rename(out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        held.clear()
        free_unused_memory("cpu")
    progress(3, steps, say("Model ready."))
