"""Typed settings with defaults, kept in one JSON file that is written atomically.

A damaged or partly unknown file never stops the program: unknown keys are
dropped (a newer version may have written them), values of the wrong type fall
back to their defaults field by field (entries of the wrong type in a list or a
table are dropped, the others kept), and a file that cannot be read or is not a
JSON object is set aside as ``settings.json.invalid-<time>``.  Whenever values
were dropped the file as it was is kept aside the same way and the person is
told once: ``Settings.load`` leaves a sentence in ``load_notice`` (the command
line prints it, the window shows it), and the corrected file is written back.
"""

from __future__ import annotations

import json
import logging
import shutil
import time
import typing
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import ClassVar

from assistant.core.files.write import write_atomically
from assistant.core.say import say

log = logging.getLogger(__name__)


@dataclass
class Settings:
    device: str = "auto"  # "auto" | "cpu" | "cuda" | "mps"
    # "auto" (int8 for chat models on the CPU where it keeps their quality, bfloat16/float16 on a GPU,
    # float32 otherwise) | "float32" | "bfloat16" | "float16" | "int8" (dynamic quantization, CPU only)
    dtype: str = "auto"
    memory_budget_mb: int = 0  # memory for loaded models; 0 = half of the device's memory
    oom_action: str = "ask"  # on running out of GPU memory: "ask" | "lower precision" | "cpu"
    allow_pickle_weights: bool = False  # fetch and load pytorch_model.bin & co (they can run code)
    hub_endpoint: str = ""  # "" = HF_ENDPOINT or the public hub; "hf-mirror"; or any hub address (URL)
    proxy: str = "system"  # downloads: "system" (HTTPS_PROXY & co), "none", or a proxy URL
    # model key -> "device/dtype" chosen for that model alone (e.g. after running out of GPU memory)
    model_placements: dict[str, str] = field(default_factory=dict)
    # task name -> model folder chosen on the Models page ("" = automatic choice)
    models: dict[str, str] = field(default_factory=dict)
    # model folders the user added by hand
    extra_model_dirs: list[str] = field(default_factory=list)
    translate_source: str = "en"
    translate_target: str = "de"
    translate_use_glossary: bool = True
    classify_labels: str = "sports, politics, technology"
    # Classify tab: the way to classify, label descriptions, thresholds, folder walking.
    classify_mode: str = ""  # "" = zero-shot with the labels; else the name of a trained classifier
    classify_descriptions: dict[str, str] = field(default_factory=dict)
    classify_multi_label: bool = False
    classify_threshold: float = 0.5
    classify_unsure_below: float = 0.0
    classify_include: str = ""
    classify_exclude: str = ""
    classify_hidden: bool = False
    classify_self_train: bool = True  # revise every label once the whole batch is scored (core/classify/refine.py)
    classify_finetune: bool = False  # teach by example: tune the embedding model on the examples first (core/classify/finetune.py)
    classify_max_file_mb: int = 10
    chat_max_new_tokens: int = 256
    language: str = "system"  # interface language: "system" | "en" | "zh_CN" (applied at the next start)
    theme: str = "system"  # "system" (follow the desktop) | "light" | "dark"
    # chats, document indexes and converted models ("" = the standard data folder); read by
    # assistant.paths once per process, so a change applies at the next start
    data_folder: str = ""
    # The local OpenAI-compatible API (Settings, "Local API"), served through the window's engine.
    # Its token is kept with the servers' keys (keyring or a file only the user reads), never here.
    api_enabled: bool = False
    api_port: int = 8765
    api_allow_network: bool = False  # listen on every address (then a token is required), not loopback only
    window_geometry: str = ""  # base64 of QWidget.saveGeometry()
    last_tab: int = 0

    # Not a setting: what ``load`` had to tell the person about the file (a sentence), or "".
    load_notice: ClassVar[str] = ""

    def hub_address(self) -> str | None:
        """The hub address downloads and pins use: None for HF_ENDPOINT or huggingface.co (also for a value that is no address)."""
        from assistant.core.models.network import hub_endpoint

        try:
            return hub_endpoint(self.hub_endpoint)
        except ValueError:
            log.warning("hub_endpoint %r is not an address; the standard hub is used", self.hub_endpoint)
            return None

    # ------------------------------------------------------------ file I/O

    @classmethod
    def load(cls, path: Path) -> Settings:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls()
        except (OSError, UnicodeDecodeError) as exc:
            return cls._invalid(path, f"unreadable ({exc})")
        try:
            raw = json.loads(text)
        except ValueError as exc:
            return cls._invalid(path, f"not JSON ({exc})")
        if not isinstance(raw, dict):
            return cls._invalid(path, "not a JSON object")
        defaults = cls()
        hints = typing.get_type_hints(cls)
        values, wrong = {}, []
        for f in fields(cls):
            if f.name not in raw:
                continue
            value, exact = _checked(raw[f.name], getattr(defaults, f.name), hints.get(f.name))
            if value is not _WRONG:
                values[f.name] = value
            if not exact:
                wrong.append(f.name)
        settings = cls(**values)
        if wrong:
            log.warning("settings file %s: values of the wrong type in %s; defaults used there", path, ", ".join(wrong))
            kept = _keep_copy(path, copy=True)
            try:
                settings.save(path)
            except OSError as exc:
                log.warning("settings file %s not corrected: %s", path, exc)
            settings.load_notice = say(
                "Some settings had values of the wrong kind ({names}) and use their defaults now; the file as it was is kept as {kept}.",
                names=", ".join(wrong),
                kept=str(kept) if kept else str(path),
            )
        return settings

    @classmethod
    def _invalid(cls, path: Path, why: str) -> Settings:
        log.warning("settings file %s %s; using the defaults", path, why)
        kept = _keep_copy(path, copy=False)
        settings = cls()
        if kept is not None:
            settings.load_notice = say(
                "The settings file could not be read, so the defaults are used; it is kept as {kept}.", kept=str(kept)
            )
        else:
            settings.load_notice = say("The settings file {path} could not be read, so the defaults are used.", path=str(path))
        return settings

    def save(self, path: Path) -> None:
        write_atomically(path, json.dumps(asdict(self), indent=2, ensure_ascii=False))


_WRONG = object()


def _checked(value, default, hint) -> tuple[object, bool]:
    """(``value`` as the setting's type, or _WRONG; whether it was right as it was).

    Lists and tables keep their entries of the right type and drop the others.
    """
    if isinstance(default, bool):
        return (value, True) if isinstance(value, bool) else (_WRONG, False)
    if isinstance(default, int):
        return (value, True) if isinstance(value, int) and not isinstance(value, bool) else (_WRONG, False)
    if isinstance(default, float):
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value == value:  # NaN is no threshold
            return float(value), True
        return _WRONG, False
    if isinstance(default, str):
        return (value, True) if isinstance(value, str) else (_WRONG, False)
    args = typing.get_args(hint) if hint is not None else ()
    if isinstance(default, dict):
        if not isinstance(value, dict):
            return _WRONG, False
        key_type, item_type = args if len(args) == 2 else (str, str)
        kept = {k: v for k, v in value.items() if isinstance(k, key_type) and isinstance(v, item_type)}
        return kept, len(kept) == len(value)
    if isinstance(default, list):
        if not isinstance(value, list):
            return _WRONG, False
        item_type = args[0] if args else str
        kept = [v for v in value if isinstance(v, item_type) and not (item_type is int and isinstance(v, bool))]
        return kept, len(kept) == len(value)
    return (value, True) if isinstance(value, type(default)) else (_WRONG, False)


def _keep_copy(path: Path, copy: bool) -> Path | None:
    """Keep the file as it was beside it, as settings.json.invalid-<time> (moved, or copied); None when it cannot be."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    kept = path.with_name(f"{path.name}.invalid-{stamp}")
    counter = 1
    while kept.exists():
        counter += 1
        kept = path.with_name(f"{path.name}.invalid-{stamp}-{counter}")
    try:
        if copy:
            shutil.copy2(path, kept)
        else:
            path.replace(kept)
    except OSError as exc:
        log.warning("settings file %s not kept aside: %s", path, exc)
        return None
    return kept
