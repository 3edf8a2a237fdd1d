"""Pinning a catalog file: each revision that names a branch or tag becomes the commit it names now.

``assistant models pin`` runs this where the Hugging Face hub can be reached (the
machine this program is built on cannot, so the packaged catalog ships with 'main').
For every entry whose revision is not yet a 40-character commit hash it asks the hub
(``HfApi.model_info``, honouring HF_ENDPOINT or the endpoint given) which commit the
revision names, and writes that hash in its place.  An entry the hub cannot answer
for is reported with a plain reason and left as it was; an entry that is already a
commit hash is left alone and not looked up.

The file is edited as text, not re-serialised: only the revision values (and the
"revisions" note, when the file has one) change, so its layout, key order and the
"about" notes stay as they were.  It is written atomically, and not at all on a dry run.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from assistant.core.models.catalog import is_commit
from assistant.core.protocol import BadInput

# The reasons a look-up fails, in words a person can act on.
NOT_FOUND = "not found"
GATED = "gated"
NO_NETWORK = "no network"
HUB_ERROR = "hub error"
BAD_ENTRY = "bad entry"

PINNED = "pinned"
ALREADY_PINNED = "already pinned"
FAILED = "failed"


class PinFailed(Exception):
    """The hub could not name a commit for an entry: ``reason`` is one of the words above."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class PinOutcome:
    id: str
    status: str  # PINNED, ALREADY_PINNED or FAILED
    revision: str  # the revision the file had
    commit: str = ""  # the commit it names (pinned, already pinned)
    reason: str = ""  # failed: NOT_FOUND, GATED, NO_NETWORK, HUB_ERROR, BAD_ENTRY
    detail: str = ""  # failed: a sentence for a person


@dataclass
class PinReport:
    path: Path
    outcomes: list[PinOutcome] = field(default_factory=list)
    text: str = ""  # the file's new text (what was written, or would be on a dry run)
    changed: bool = False  # the new text differs from the file's
    written: bool = False

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> list[PinOutcome]:
        return [o for o in self.outcomes if o.status == FAILED]


Resolver = Callable[[str, str], str]  # (hub id, revision) -> commit hash; raises PinFailed


def resolve_commit(repo_id: str, revision: str, endpoint: str | None = None) -> str:
    """The commit hash that ``revision`` (a branch, tag or commit) of ``repo_id`` names on the hub now."""
    from huggingface_hub import HfApi, constants, errors

    where = endpoint or constants.ENDPOINT
    try:
        info = HfApi(endpoint=endpoint).model_info(repo_id, revision=revision)
    except errors.OfflineModeIsEnabled as exc:
        raise PinFailed(NO_NETWORK, "the hub is switched off on this computer (HF_HUB_OFFLINE is set)") from exc
    except errors.GatedRepoError as exc:
        raise PinFailed(GATED, f"{repo_id} is gated: accept its terms on the hub and log in (`hf auth login`)") from exc
    except errors.RepositoryNotFoundError as exc:
        raise PinFailed(NOT_FOUND, f"there is no model called {repo_id} on {where} (or it is private)") from exc
    except errors.RevisionNotFoundError as exc:
        raise PinFailed(NOT_FOUND, f"{repo_id} has no branch, tag or commit '{revision}'") from exc
    except errors.HfHubHTTPError as exc:
        raise PinFailed(HUB_ERROR, f"the hub answered with an error: {str(exc).splitlines()[0]}") from exc
    except Exception as exc:
        if not _is_network_error(exc):
            raise
        raise PinFailed(NO_NETWORK, f"could not reach {where} ({type(exc).__name__})") from exc
    if not info.sha or not is_commit(info.sha):
        raise PinFailed(HUB_ERROR, f"the hub named no commit for {repo_id} at '{revision}'")
    return info.sha


def _is_network_error(exc: Exception) -> bool:
    """A connection that failed or timed out (httpx's TransportError family, whatever module huggingface_hub uses)."""
    return isinstance(exc, OSError) or any(k.__name__ == "TransportError" for k in type(exc).__mro__)


def pin_catalog(
    path: Path | str,
    *,
    endpoint: str | None = None,
    dry_run: bool = False,
    resolve: Resolver | None = None,
    today: _dt.date | None = None,
) -> PinReport:
    """Pin every entry of the catalog file at ``path`` that names a branch or tag; see the module's docstring."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
    except (OSError, ValueError) as exc:
        raise BadInput(f"Cannot read the catalog {path}: {exc}") from exc
    rows = data.get("models") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise BadInput(f'{path} is not a catalog: it needs an object with a list "models".')
    if resolve is None:

        def resolve(repo_id: str, revision: str) -> str:
            return resolve_commit(repo_id, revision, endpoint)

    report = PinReport(path)
    new_revisions: dict[int, str] = {}  # index in "models" -> commit
    for index, row in enumerate(rows):
        outcome = _pin_row(row, resolve)
        report.outcomes.append(outcome)
        if outcome.status == PINNED:
            new_revisions[index] = outcome.commit

    note = None
    if new_revisions and isinstance(data.get("revisions"), str):
        note = revisions_note(report, endpoint, today or _dt.date.today())
    report.text = _edit(text, new_revisions, note)
    _check_edit(data, report.text, new_revisions, note)
    report.changed = report.text != text
    if report.changed and not dry_run:
        _write(path, report.text)
        report.written = True
    return report


def revisions_note(report: PinReport, endpoint: str | None, today: _dt.date) -> str:
    """The file's "revisions" note, saying truthfully how far the file is pinned."""
    from huggingface_hub import constants

    where = endpoint or constants.ENDPOINT
    pinned = report.count(PINNED) + report.count(ALREADY_PINNED)
    total = len(report.outcomes)
    if pinned == total:
        return (
            f"PINNED: every revision below is a commit hash, looked up on {where} on {today.isoformat()} with "
            "'assistant models pin'. To move an entry to a newer commit, set its revision to 'main' and run the "
            "command again; 'assistant models download ID --json' prints the commit it fetched."
        )
    return (
        f"PARTLY PINNED: {pinned} of {total} revisions below are commit hashes (looked up on {where} on "
        f"{today.isoformat()} with 'assistant models pin'); the others still name a branch and follow whatever "
        "the hub has now. Run 'assistant models pin' again where the hub can be reached to pin them."
    )


# ------------------------------------------------------------------ one entry


def _pin_row(row, resolve: Resolver) -> PinOutcome:
    from assistant.core.models.catalog import parse_entry

    if not isinstance(row, dict):
        return PinOutcome("?", FAILED, "", reason=BAD_ENTRY, detail="the entry is not an object")
    model_id = str(row.get("id", "?"))
    revision = row.get("revision") or "main"
    if not isinstance(revision, str):
        return PinOutcome(model_id, FAILED, str(revision), reason=BAD_ENTRY, detail="its revision is not a string")
    try:
        parse_entry(row)
    except (TypeError, ValueError, KeyError) as exc:
        return PinOutcome(model_id, FAILED, revision, reason=BAD_ENTRY, detail=str(exc))
    if is_commit(revision):
        return PinOutcome(model_id, ALREADY_PINNED, revision, commit=revision)
    try:
        commit = resolve(model_id, revision)
    except PinFailed as exc:
        return PinOutcome(model_id, FAILED, revision, reason=exc.reason, detail=exc.detail)
    return PinOutcome(model_id, PINNED, revision, commit=commit)


# ------------------------------------------------------------------ editing the text


def _edit(text: str, new_revisions: dict[int, str], note: str | None) -> str:
    """``text`` with the revisions of the entries at those indexes (and the note) replaced, nothing else."""
    if not new_revisions and note is None:
        return text
    top = _Scanner(text).document()
    edits: list[tuple[int, int, str]] = []
    if note is not None:
        value = top.members["revisions"]
        edits.append((value.start, value.end, json.dumps(note, ensure_ascii=False)))
    entries = top.members["models"].items
    for index, commit in new_revisions.items():
        entry = entries[index]
        if "revision" in entry.members:
            value = entry.members["revision"]
            edits.append((value.start, value.end, json.dumps(commit)))
        else:  # no revision key ("main" by default): add one after the id
            after = entry.members["id"].end
            edits.append((after, after, f', "revision": {json.dumps(commit)}'))
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _check_edit(data: dict, new_text: str, new_revisions: dict[int, str], note: str | None) -> None:
    """The edited text must parse to the old data with exactly those values changed."""
    expected = json.loads(json.dumps(data))
    for index, commit in new_revisions.items():
        expected["models"][index]["revision"] = commit
    if note is not None:
        expected["revisions"] = note
    if json.loads(new_text) != expected:
        raise RuntimeError("editing the catalog's text went wrong; the file was not changed")


def _write(path: Path, text: str) -> None:
    from assistant.core.files.write import write_atomically

    try:
        mode = path.stat().st_mode & 0o777
    except OSError:
        mode = None
    write_atomically(path, text)
    if mode is not None:
        os.chmod(path, mode)  # the temporary file was made private; keep the file's own permissions


@dataclass
class _Node:
    """Where a JSON value lies in the text: [start, end), and its members or items."""

    start: int
    end: int
    members: dict[str, _Node] = field(default_factory=dict)  # objects (the last of a repeated key, as json does)
    items: list[_Node] = field(default_factory=list)  # arrays


class _Scanner:
    """A small JSON reader that keeps positions (the json module does not); the text is known to be valid JSON."""

    _STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
    _SCALAR = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null")
    _SPACE = re.compile(r"[ \t\r\n]*")

    def __init__(self, text: str) -> None:
        self.text = text

    def document(self) -> _Node:
        return self._value(self._skip(0))

    def _skip(self, i: int) -> int:
        space = self._SPACE.match(self.text, i)
        assert space is not None  # "[ \t\r\n]*" matches everywhere, if only the empty string
        return space.end()

    def _expect(self, i: int, char: str) -> int:
        if self.text[i] != char:
            raise ValueError(f"expected {char!r} at {i}")
        return self._skip(i + 1)

    def _value(self, i: int) -> _Node:
        char = self.text[i]
        if char == "{":
            return self._object(i)
        if char == "[":
            return self._array(i)
        match = (self._STRING if char == '"' else self._SCALAR).match(self.text, i)
        if not match:
            raise ValueError(f"no JSON value at {i}")
        return _Node(i, match.end())

    def _object(self, start: int) -> _Node:
        node = _Node(start, start)
        i = self._skip(start + 1)
        while self.text[i] != "}":
            key = self._STRING.match(self.text, i)
            if not key:
                raise ValueError(f"expected a key at {i}")
            i = self._expect(self._skip(key.end()), ":")
            value = self._value(i)
            node.members[json.loads(key.group())] = value
            i = self._skip(value.end)
            if self.text[i] == ",":
                i = self._skip(i + 1)
        node.end = i + 1
        return node

    def _array(self, start: int) -> _Node:
        node = _Node(start, start)
        i = self._skip(start + 1)
        while self.text[i] != "]":
            value = self._value(i)
            node.items.append(value)
            i = self._skip(value.end)
            if self.text[i] == ",":
                i = self._skip(i + 1)
        node.end = i + 1
        return node
