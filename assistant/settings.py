"""Typed settings with defaults, kept in one JSON file that is written atomically.

A damaged or partly unknown file never stops the program: unknown keys are
dropped, values of the wrong type fall back to their defaults, and a file that is
not JSON at all is set aside (renamed) so that the user's old file is not lost.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from assistant.core.files.write import write_atomically

log = logging.getLogger(__name__)


@dataclass
class Settings:
    device: str = "auto"  # "auto" | "cpu" | "cuda" | "mps"
    dtype: str = "float32"  # "float32" | "bfloat16" | "float16" | "int8" (dynamic quantization, CPU only)
    memory_budget_mb: int = 0  # memory for loaded models; 0 = half of the device's memory
    oom_action: str = "ask"  # on running out of GPU memory: "ask" | "lower precision" | "cpu"
    allow_pickle_weights: bool = False  # fetch and load pytorch_model.bin & co (they can run code)
    hub_endpoint: str = ""  # "" = HF_ENDPOINT or the public hub; a mirror's address otherwise
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
    classify_max_file_mb: int = 10
    chat_max_new_tokens: int = 256
    language: str = "system"  # interface language: "system" | "en" | "zh_CN" (applied at the next start)
    theme: str = "system"  # "system" (follow the desktop) | "light" | "dark"
    # chats, document indexes and converted models ("" = the standard data folder); read by
    # assistant.paths once per process, so a change applies at the next start
    data_folder: str = ""
    window_geometry: str = ""  # base64 of QWidget.saveGeometry()
    last_tab: int = 0

    # ------------------------------------------------------------ file I/O

    @classmethod
    def load(cls, path: Path) -> "Settings":
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as exc:
            log.warning("settings file %s unreadable (%s); using defaults", path, exc)
            _set_aside(path)
            return cls()
        if not isinstance(raw, dict):
            _set_aside(path)
            return cls()
        defaults = cls()
        values = {}
        for f in fields(cls):
            if f.name in raw and isinstance(raw[f.name], type(getattr(defaults, f.name))):
                values[f.name] = raw[f.name]
        return cls(**values)

    def save(self, path: Path) -> None:
        write_atomically(path, json.dumps(asdict(self), indent=2, ensure_ascii=False))


def _set_aside(path: Path) -> None:
    try:
        path.replace(path.with_suffix(path.suffix + ".damaged"))
    except OSError:
        pass
