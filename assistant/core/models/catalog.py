"""The catalog of recommended models per task, read from catalog.json.

The data lives in a JSON file next to this module so that adding a model is adding
an entry, not changing code.  A file of the same shape in the config folder adds
entries or replaces entries with the same id (a user or an administrator can pin
revisions or add in-house models that way).  A broken entry is reported and
skipped; it never stops the program.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from assistant.core import languages as _languages
from assistant.core.say import message_of, say

log = logging.getLogger(__name__)

CATALOG_FILE = Path(__file__).with_name("catalog.json")
# Display names of the catalog's tasks ("qa" is extractive question answering: no tab uses it yet).
TASK_NAMES = {
    "chat": "Chat",
    "translate": "Translation",
    "sentiment": "Sentiment",
    "classify": "Zero-shot classification",
    "embed": "Embeddings",
    "qa": "Extractive QA",
}
_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")
_COMMIT = re.compile(r"^[0-9a-f]{40}$")
WEIGHT_FORMATS = ("safetensors", "pickle")
_PR_BRANCH = re.compile(r"^refs/pr/\d+$")
# Translation model families the program knows the language codes of.
FAMILIES = ("marian", "nllb", "m2m100")


@dataclass(frozen=True)
class CatalogEntry:
    id: str  # hub id, e.g. "Helsinki-NLP/opus-mt-en-de"
    task: str
    revision: str
    size_mb: float
    license: str
    languages: tuple[str, ...]
    note: str
    pair: tuple[str, str] | None = None  # translation models: (source, target)
    family: str = ""  # translation models: "marian" (one pair), "nllb" or "m2m100" (many languages)
    # The weights on the revision: "safetensors", or "pickle" (pytorch_model.bin only: the download takes
    # the conversion bot's branch, ``safetensors_branch`` where known, or converts them safely).
    weights: str = "safetensors"
    safetensors_branch: str = ""  # e.g. "refs/pr/39"

    @property
    def pinned(self) -> bool:
        """True when the revision is a commit hash; "main" follows whatever the hub has now."""
        return is_commit(self.revision)

    @property
    def task_name(self) -> str:
        return TASK_NAMES.get(self.task, self.task)

    @property
    def language_codes(self) -> tuple[str, ...]:
        """Translation models: every language it reads or writes, as the program's codes ("de").

        A one-pair model: its pair.  NLLB-200: every language of the program's table (all of
        them have a FLORES-200 code); M2M100: its own list.  Other entries: none known.
        """
        if self.task != "translate":
            return ()
        if self.pair:
            return self.pair
        if self.family == "nllb":
            return tuple(_languages.LANGUAGES)
        if self.family == "m2m100":
            return tuple(_languages.M2M100_CODES["m2m100"])
        return ()

    def translates(self, source: str, target: str) -> bool:
        """Whether this model translates ``source`` -> ``target`` directly."""
        if self.pair:
            return self.pair == (source, target)
        codes = self.language_codes
        return source != target and source in codes and target in codes

    @property
    def display_name(self) -> str:
        """The repository's name without its owner: "nllb-200-distilled-600M"."""
        return self.id.split("/", 1)[1]

    @property
    def cache_folder_name(self) -> str:
        """The folder the Hugging Face cache keeps this repository in."""
        return "models--" + self.id.replace("/", "--")


@dataclass
class Catalog:
    entries: list[CatalogEntry] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def for_task(self, task: str) -> list[CatalogEntry]:
        return [e for e in self.entries if e.task == task]

    def find(self, model_id: str) -> CatalogEntry | None:
        wanted = model_id.strip().lower()
        for entry in self.entries:
            if entry.id.lower() == wanted:
                return entry
        return None

    @property
    def tasks(self) -> list[str]:
        return [t for t in TASK_NAMES if any(e.task == t for e in self.entries)]


def load_catalog(extra: Path | None = None) -> Catalog:
    """The packaged catalog, plus ``extra`` (a user's catalog.json) when it exists."""
    catalog = Catalog()
    by_id: dict[str, CatalogEntry] = {}
    for path in (CATALOG_FILE, extra):
        if path is None or not path.is_file():
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            rows = data["models"] if isinstance(data, dict) else None
            if not isinstance(rows, list):
                raise ValueError(say('expected an object with a list "models"'))
        except (OSError, ValueError, KeyError) as exc:
            catalog.problems.append(say("{path}: unreadable catalog ({problem})", path=str(path), problem=message_of(exc)))
            continue
        for index, row in enumerate(rows):
            try:
                entry = parse_entry(row)
            except (TypeError, ValueError, KeyError) as exc:
                catalog.problems.append(say("{path}: entry {number} skipped: {problem}", path=str(path), number=index + 1, problem=message_of(exc)))
                continue
            by_id[entry.id.lower()] = entry
    catalog.entries = list(by_id.values())
    for problem in catalog.problems:
        log.warning("catalog: %s", problem)
    return catalog


def is_commit(revision: str) -> bool:
    """Whether ``revision`` is a full (40 hex digits) git commit hash, as the hub names commits."""
    return bool(_COMMIT.match(revision))


def parse_entry(row: dict) -> CatalogEntry:
    if not isinstance(row, dict):
        raise ValueError(say("not an object"))
    model_id = str(row["id"])
    if not _HUB_ID.match(model_id):
        raise ValueError(say("'{id}' is not a hub id of the form owner/name", id=model_id))
    task = str(row["task"])
    if task not in TASK_NAMES:
        raise ValueError(say("unknown task '{task}' (known: {known})", task=task, known=", ".join(TASK_NAMES)))
    pair = row.get("pair")
    if pair is not None:
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair)):
            raise ValueError(say('"pair" must be two language codes'))
        pair = (pair[0], pair[1])
    size = float(row.get("size_mb", 0))
    if size < 0:
        raise ValueError(say("negative size"))
    family = str(row.get("family") or _guess_family(model_id, task, pair))
    if family and family not in FAMILIES:
        raise ValueError(say("unknown family '{family}' (known: {known})", family=family, known=", ".join(FAMILIES)))
    weights = str(row.get("weights") or "safetensors")
    if weights not in WEIGHT_FORMATS:
        raise ValueError(say("unknown weights format '{weights}' (known: {known})", weights=weights, known=", ".join(WEIGHT_FORMATS)))
    branch = str(row.get("safetensors_branch") or "")
    if branch and not _PR_BRANCH.match(branch):
        raise ValueError(say("'{branch}' is not a pull-request branch such as refs/pr/39", branch=branch))
    return CatalogEntry(
        id=model_id,
        task=task,
        revision=str(row.get("revision") or "main"),
        size_mb=size,
        license=str(row.get("license", "unknown")),
        languages=tuple(str(x) for x in row.get("languages", ())),
        note=str(row.get("note", "")),
        pair=pair,
        family=family,
        weights=weights,
        safetensors_branch=branch,
    )


def _guess_family(model_id: str, task: str, pair: tuple[str, str] | None) -> str:
    """A translation entry without "family": told by its hub id, as the hub names them."""
    if task != "translate":
        return ""
    name = model_id.lower()
    if "nllb" in name:
        return "nllb"
    if "m2m100" in name:
        return "m2m100"
    if pair is not None and "opus-mt" in name:
        return "marian"
    return ""


def cached_commit(entry_or_id: CatalogEntry | str, hf_cache: Path) -> str | None:
    """The commit of the repository's snapshot in the Hugging Face cache, or None when none is there.

    The cache keeps each commit in snapshots/<commit> and, for a branch or tag that was
    fetched, refs/<name> holding the commit it named then.  The snapshot the entry's
    revision names comes first (its pinned commit, or the commit its branch named at
    the download); failing that, the newest snapshot with a config.json (another
    revision of the same repository, fetched by this program or another tool).
    """
    if isinstance(entry_or_id, CatalogEntry):
        name, revision = entry_or_id.cache_folder_name, entry_or_id.revision
    else:
        name, revision = "models--" + entry_or_id.replace("/", "--"), "main"
    repo = hf_cache / name
    snapshots = repo / "snapshots"
    if not snapshots.is_dir():
        return None
    wanted: str | None
    if is_commit(revision):
        wanted = revision
    else:
        wanted = _read_ref(repo / "refs" / revision) if ".." not in revision else None
    if wanted and (snapshots / wanted / "config.json").is_file():
        return wanted
    try:
        found = [s for s in snapshots.iterdir() if (s / "config.json").is_file()]
    except OSError:
        return None
    if not found:
        return None
    return max(found, key=lambda s: s.stat().st_mtime).name


def _read_ref(ref: Path) -> str | None:
    try:
        commit = ref.read_text(encoding="ascii").strip()
    except (OSError, ValueError):
        return None
    return commit if is_commit(commit) else None
