"""Downloading a model from the Hugging Face hub into the standard Hugging Face cache.

Built on huggingface_hub, so the files land where transformers and every other
tool look (models--owner--name/blobs, snapshots/<commit>, refs/<revision>), and
models those tools fetched are found by us too.  What this module adds to
``hf_hub_download``:

- the file list and sizes first (``model_info`` with file metadata), to check the
  disk space for the whole model before a byte is written, and to fetch only
  safetensors weights and the small tokenizer/config files unless the user allows
  pickle weights;
- real byte progress and speed, and a Stop that takes effect within one chunk
  (huggingface_hub's own ``http_get`` streams; our progress object sees every chunk
  and raises when the user stops);
- resume: each file streams into ``blobs/<etag>.incomplete``, a name that survives
  a stop, a crash or a lost connection, and the next try asks only for the missing
  bytes (an HTTP Range request).  hf_hub_download itself writes to a temporary file
  that it deletes on failure, so it cannot resume across tries;
- a checksum: the hub's ETag of a file is its sha256 (files in LFS: the weights)
  or its git blob sha1 (small files); both are checked before a file goes into the
  cache, so a damaged transfer never becomes a model;
- the hub as it really is: the weights come from another host (a CDN or the Xet
  bridge) through a signed URL that expires, so a resume that finds its URL refused
  asks the hub for a new one instead of failing; "429 Too Many Requests" is waited
  out as its Retry-After says; a mirror or a proxy that answers with a web page, or
  refuses, gets a sentence that names it;
- models published with pickle weights only (pytorch_model.bin: most opus-mt pairs):
  the safetensors the hub's conversion bot made in a pull-request branch are
  fetched instead, under the rule transformers itself applies (the bot's own open
  pull request, made from this very commit); without one, the pickle is fetched,
  converted with the safe loader only (core/models/convert.py) into the snapshot
  folder, checked and deleted.

Once a blob is verified and in place, ``hf_hub_download`` (pinned to the commit)
finds it and creates the snapshot entry itself, so the cache layout is the
library's, not ours.
"""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import re
import shutil
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from assistant.core.models.messages import DownloadedModel, DownloadProgress
from assistant.core.protocol import BadInput, Cancelled, TaskError
from assistant.core.say import say

log = logging.getLogger(__name__)

ProgressFn = Callable[[DownloadProgress], None]

# Progress and Stop react once per chunk.  huggingface_hub streams in 10 MB chunks,
# which on a slow line means a frozen bar and a Stop that waits (100 s at 100 kB/s);
# 256 kB waits 2.5 s there, and on loopback it is as fast as 1 MB (bench/download_speed.py).
CHUNK_SIZE = 256 * 1024
PROGRESS_INTERVAL_S = 0.1  # at most ten progress messages a second
SPEED_WINDOW_S = 3.0  # speed is averaged over the last few seconds
# A signed URL lives about an hour; a slow download outlives several.  A fresh one is
# asked for when storage refuses the old one, a few times per file (not forever: a
# storage host that refuses every URL is a fault to report, not to retry).
MAX_RESOLVES = 5
# "429 Too Many Requests": waited out up to this long per answer, this many times.
MAX_RETRY_AFTER_S = 120
MAX_RATE_LIMIT_RETRIES = 3

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_SHA1 = re.compile(r"^[0-9a-f]{40}$")

# Small files a model folder needs besides its weights.
_SMALL_FILE_SUFFIXES = (".json", ".txt", ".model", ".spm", ".tiktoken", ".py.txt")
_SAFE_WEIGHTS = (".safetensors",)
# Pickle-based weights: loading them can run code, so only when the user allows it.
_UNSAFE_WEIGHTS = (".bin", ".pt", ".pth", ".ckpt")
# The hub's conversion bot and the title of the pull requests it opens (transformers' safetensors_conversion.py).
CONVERSION_BOT = "SFconvertbot"
CONVERSION_TITLE = "Adding `safetensors` variant of this model"
# Pickle weights the safe conversion knows: transformers' names, single or sharded.
_CONVERTIBLE = re.compile(r"^pytorch_model(-\d+-of-\d+)?\.bin$")
# What the program notes in a snapshot folder about where its weights came from.
SOURCE_RECORD = ".assistant-source.json"
# sentence-transformers keeps its pooling/normalisation settings in these subfolders.
_ALLOWED_SUBFOLDERS = ("1_Pooling/", "2_Normalize/")


class DownloadFailed(TaskError):
    """A download that could not finish; the message says why and what to do."""


class DiskFull(DownloadFailed):
    pass


class ChecksumMismatch(DownloadFailed):
    pass


@dataclass(frozen=True)
class RemoteFile:
    name: str  # path in the repository
    size: int
    etag: str  # sha256 for LFS files, git blob sha1 for the others
    commit: str = ""  # the commit to fetch it from, when not the plan's (weights from a pull-request branch)

    @property
    def is_lfs(self) -> bool:
        return bool(_SHA256.match(self.etag))


@dataclass
class DownloadPlan:
    repo_id: str
    revision: str
    commit: str
    files: list[RemoteFile]
    left_out: list[str] = field(default_factory=list)  # files of the repository not fetched, by policy
    cache_dir: Path = Path()
    weights_revision: str = ""  # "refs/pr/N" when the weights come from the conversion bot's branch
    weights_commit: str = ""
    convert: bool = False  # the weights are pickles, to convert to safetensors after the download
    converted: list[str] = field(default_factory=list)  # the safetensors files the conversion wrote
    note: str = ""  # one sentence for people about where the weights come from, when it is not plain

    @property
    def snapshot(self) -> Path:
        return self.storage / "snapshots" / self.commit

    @property
    def storage(self) -> Path:
        return self.cache_dir / ("models--" + self.repo_id.replace("/", "--"))

    def blob(self, remote: RemoteFile) -> Path:
        return self.storage / "blobs" / remote.etag

    def partial(self, remote: RemoteFile) -> Path:
        return self.storage / "blobs" / (remote.etag + ".incomplete")

    @property
    def total_bytes(self) -> int:
        return sum(f.size for f in self.files)

    def bytes_missing(self) -> int:
        """Bytes still to fetch: files not in the cache, less what partial files already hold."""
        missing = 0
        for remote in self.files:
            if self.blob(remote).exists():
                continue
            partial = self.partial(remote)
            have = partial.stat().st_size if partial.exists() else 0
            missing += max(remote.size - have, 0)
        return missing


# ------------------------------------------------------------------ choosing files


def wanted_files(names_and_sizes: list[tuple[str, int]], allow_unsafe: bool) -> tuple[list[str], list[str]]:
    """(files to fetch, files left out): weights in safetensors, tokenizer and config files.

    Pickle weights are fetched only when ``allow_unsafe`` is set and the repository
    has no safetensors weights: when both exist, safetensors win.
    """
    names = [name for name, _ in names_and_sizes]
    has_safetensors = any(n.endswith(_SAFE_WEIGHTS) and "/" not in n for n in names)
    take: list[str] = []
    leave: list[str] = []
    for name in names:
        folder, _, base = name.rpartition("/")
        in_allowed_folder = not folder or any(name.startswith(prefix) for prefix in _ALLOWED_SUBFOLDERS)
        lower = base.lower()
        if not in_allowed_folder:
            ok = False
        elif lower.endswith(_SAFE_WEIGHTS):
            ok = True
        elif lower.endswith(_UNSAFE_WEIGHTS):
            ok = allow_unsafe and not has_safetensors and lower != "training_args.bin"
        else:
            ok = lower.endswith(_SMALL_FILE_SUFFIXES) or lower.startswith(("tokenizer", "vocab", "merges", "spiece", "sentencepiece"))
        (take if ok else leave).append(name)
    return take, leave


# ------------------------------------------------------------------ planning


def plan_download(
    repo_id: str,
    revision: str = "main",
    *,
    allow_unsafe: bool = False,
    endpoint: str | None = None,
    cache_dir: Path | str | None = None,
    cancel: threading.Event | None = None,
) -> DownloadPlan:
    """Ask the hub which files the model has, their sizes and checksums, at which commit."""
    from huggingface_hub import HfApi, constants

    repo_id = repo_id.strip()
    if not re.match(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$", repo_id):
        raise BadInput(say("'{id}' is not a model id: write it as owner/name, for example Helsinki-NLP/opus-mt-en-de.", id=repo_id))
    cache = Path(cache_dir) if cache_dir else Path(constants.HF_HUB_CACHE)
    with _hub_errors(repo_id, revision, endpoint):
        info = _patiently(lambda: HfApi(endpoint=endpoint).model_info(repo_id, revision=revision, files_metadata=True), cancel)
    if not info.sha or not info.siblings:
        raise DownloadFailed(say("The hub gave no file list for {id} at '{revision}'.", id=repo_id, revision=revision))
    take, leave = wanted_files(_names_and_sizes(info), allow_unsafe)
    files = _remote_files(info, take)
    plan = DownloadPlan(repo_id=repo_id, revision=revision, commit=info.sha, files=files, left_out=leave, cache_dir=cache)
    if not any(f.name.endswith(_SAFE_WEIGHTS + _UNSAFE_WEIGHTS) for f in files):
        _plan_safe_weights(plan, info, allow_unsafe, endpoint, cancel)
    if not any(f.name == "config.json" for f in plan.files):
        raise BadInput(say("{id} has no config.json: it is not a transformers model.", id=repo_id))
    return plan


def _names_and_sizes(info) -> list[tuple[str, int]]:
    return [(s.rfilename, (s.lfs.size if s.lfs else s.size) or 0) for s in info.siblings]


def _remote_files(info, names: list[str], commit: str = "") -> list[RemoteFile]:
    sizes = dict(_names_and_sizes(info))
    files = []
    for sibling in info.siblings:
        if sibling.rfilename not in names:
            continue
        etag = sibling.lfs.sha256 if sibling.lfs else sibling.blob_id
        if not etag:
            raise DownloadFailed(say("The hub gave no checksum for {file}; it cannot be verified, so it is not fetched.", file=sibling.rfilename))
        files.append(RemoteFile(sibling.rfilename, sizes[sibling.rfilename], etag, commit))
    return files


def _plan_safe_weights(plan: DownloadPlan, info, allow_unsafe: bool, endpoint: str | None, cancel: threading.Event | None) -> None:
    """The revision has no safetensors weights: take them from the bot's branch, or plan a safe conversion."""
    pickles = [n for n in plan.left_out if _CONVERTIBLE.match(n)]
    unsafe = [n for n in plan.left_out if n.endswith(_UNSAFE_WEIGHTS) and "/" not in n and n != "training_args.bin"]
    if not unsafe:
        raise BadInput(say("{id} has no model weights that this program can load (safetensors).", id=plan.repo_id))
    branch, skipped = find_conversion_branch(plan.repo_id, plan.commit, endpoint, cancel)
    if branch is not None:
        ref, branch_info = branch
        names = [n for n, _ in _names_and_sizes(branch_info) if "/" not in n and (n.endswith(_SAFE_WEIGHTS) or n == "model.safetensors.index.json")]
        if any(n.endswith(_SAFE_WEIGHTS) for n in names):
            plan.files = [f for f in plan.files if f.name not in names] + _remote_files(branch_info, names, branch_info.sha)
            plan.weights_revision, plan.weights_commit = ref, branch_info.sha
            plan.note = say(
                "{id} publishes pickle weights only; its safetensors come from the hub's conversion branch {branch} (commit {commit}).",
                id=plan.repo_id,
                branch=ref,
                commit=branch_info.sha[:12],
            )
            return
    if allow_unsafe:
        return  # the files were taken already: the user allows pickle weights as they are
    if not pickles or len(pickles) != len(unsafe):
        raise BadInput(
            say(
                "{id} has no safetensors weights, only {files}. Those pickle files can run code "
                "when loaded: allow other weight formats to fetch them anyway.",
                id=plan.repo_id,
                files=", ".join(unsafe[:3]),
            )
        )
    plan.files += _remote_files(info, pickles)
    plan.left_out = [n for n in plan.left_out if n not in pickles]
    plan.convert = True
    why = (
        say("its safetensors branch {branch} was made from another commit, so it is not used; ", branch=skipped)
        if skipped
        else ""
    )
    plan.note = say(
        "{id} publishes pickle weights only; {why}they were converted to safetensors on this computer with the safe loader, and the pickle deleted.",
        id=plan.repo_id,
        why=why,
    )


def find_conversion_branch(repo_id: str, commit: str, endpoint: str | None, cancel: threading.Event | None = None):
    """((ref, model info at that ref), "") for the bot's open safetensors pull request made from ``commit``.

    The rule of transformers' safetensors_conversion.py: an open pull request, titled
    as the bot titles them, opened by the bot (anyone else's could carry other
    weights), whose parent commit is the revision's commit (the bot converted these
    very weights).  Returns (None, "refs/pr/N") when the bot's branch exists but was made
    from another commit, (None, "") when there is none.
    """
    from huggingface_hub import HfApi

    api = HfApi(endpoint=endpoint)
    skipped = ""
    with _hub_errors(repo_id, commit, endpoint):
        discussions = _patiently(lambda: list(api.get_repo_discussions(repo_id, discussion_type="pull_request", discussion_status="open")), cancel)
        for pr in discussions:
            if not (pr.is_pull_request and pr.status == "open" and pr.title == CONVERSION_TITLE and pr.author == CONVERSION_BOT):
                continue
            ref = pr.git_reference
            history = _patiently(lambda ref=ref: api.list_repo_commits(repo_id, revision=ref), cancel)
            if len(history) < 2 or history[1].commit_id != commit:
                skipped = skipped or ref
                continue
            info = _patiently(lambda ref=ref: api.model_info(repo_id, revision=ref, files_metadata=True), cancel)
            return (ref, info), ""
    return None, skipped


def check_disk_space(plan: DownloadPlan) -> None:
    """Refuse to start when the missing bytes do not fit on the disk of the cache."""
    needed = plan.bytes_missing()
    if needed == 0:
        return
    free = shutil.disk_usage(_existing_parent(plan.storage)).free
    if needed > free:
        raise DiskFull(
            say(
                "Not enough disk space for {id}: it needs {needed} and {free} are free "
                "in {folder}. Free some space (the Models page can remove models) and try again.",
                id=plan.repo_id,
                needed=format_size(needed),
                free=format_size(free),
                folder=str(plan.cache_dir),
            )
        )


# ------------------------------------------------------------------ downloading


def download(
    repo_id: str,
    revision: str = "main",
    *,
    allow_unsafe: bool = False,
    endpoint: str | None = None,
    cache_dir: Path | str | None = None,
    progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
) -> DownloadedModel:
    """Fetch a model (only what it needs) into the Hugging Face cache; see the module's docstring."""
    progress = progress or (lambda _p: None)
    cancel = cancel or threading.Event()
    plan = plan_download(repo_id, revision, allow_unsafe=allow_unsafe, endpoint=endpoint, cache_dir=cache_dir, cancel=cancel)
    converted_before = plan.convert and _converted_already(plan)
    if converted_before:  # the safetensors made last time are in the snapshot; the pickle is gone
        plan.files = [f for f in plan.files if not _CONVERTIBLE.match(f.name)]
        plan.converted = list(_read_source_record(plan).get("converted", []))
    check_disk_space(plan)
    meter = _Meter(plan.total_bytes, progress, cancel)
    downloaded = reused = 0
    try:
        for remote in plan.files:
            if cancel.is_set():
                raise Cancelled(say("stopped"))
            fetched = _fetch_blob(plan, remote, meter, endpoint)
            downloaded += fetched
            reused += remote.size - fetched
            _link_into_snapshot(plan, remote, endpoint)
    except Cancelled as exc:
        raise Cancelled(_stopped_message(plan)) from exc
    if plan.convert and not converted_before:
        meter.converting(next(f for f in plan.files if _CONVERTIBLE.match(f.name)).name)
        _convert_in_snapshot(plan, cancel)
    _write_source_record(plan)
    _remember_ref(plan)
    meter.finish()
    log.info("downloaded %s@%s: %s fetched, %s reused", plan.repo_id, plan.commit[:8], format_size(downloaded), format_size(reused))
    if plan.note:
        log.info("%s", plan.note)
    return DownloadedModel(
        repo_id=plan.repo_id,
        revision=plan.revision,
        commit=plan.commit,
        path=str(plan.snapshot),
        files=tuple(_final_names(plan)),
        bytes_downloaded=downloaded,
        bytes_reused=reused,
        weights_revision=plan.weights_revision,
        weights_commit=plan.weights_commit,
        converted=plan.convert,
        note=plan.note,
    )


def _final_names(plan: DownloadPlan) -> list[str]:
    """The files the snapshot holds for the program: converted safetensors instead of the pickles."""
    if not plan.convert:
        return [f.name for f in plan.files]
    return [f.name for f in plan.files if not _CONVERTIBLE.match(f.name) and f.name != "pytorch_model.bin.index.json"] + plan.converted


def _converted_already(plan: DownloadPlan) -> bool:
    record = _read_source_record(plan)
    pickles = sorted(f.etag for f in plan.files if _CONVERTIBLE.match(f.name))
    return record.get("converted_from") == pickles and all((plan.snapshot / n).is_file() for n in record.get("converted", []))


def _convert_in_snapshot(plan: DownloadPlan, cancel: threading.Event) -> None:
    """Pickle weights in the snapshot -> safetensors files in the snapshot (real files, not blobs); the pickle goes.

    On failure the snapshot keeps no weights half-made: the converted files are removed
    by the converter, and the snapshot's links are removed here so that the folder is
    not taken for a model; a pickle the safe loader refused is deleted too.
    """
    from assistant.core.models.convert import UnsafePickle, convert_folder

    pickles = [f for f in plan.files if _CONVERTIBLE.match(f.name) or f.name == "pytorch_model.bin.index.json"]
    try:
        converted = convert_folder(plan.snapshot, plan.snapshot, cancel)
    except BaseException as exc:
        for remote in plan.files:
            (plan.snapshot / remote.name).unlink(missing_ok=True)
        if isinstance(exc, UnsafePickle):
            for remote in pickles:
                plan.blob(remote).unlink(missing_ok=True)
        raise
    for remote in pickles:
        (plan.snapshot / remote.name).unlink(missing_ok=True)
        plan.blob(remote).unlink(missing_ok=True)
    plan.converted = [p.name for p in converted.files]


def _write_source_record(plan: DownloadPlan) -> None:
    """Where the snapshot's weights came from: the branch and commit, or the pickle they were converted from."""
    if not (plan.weights_revision or plan.convert):
        return
    record: dict[str, object] = {
        "repo_id": plan.repo_id,
        "revision": plan.revision,
        "commit": plan.commit,
        "weights_revision": plan.weights_revision or plan.revision,
        "weights_commit": plan.weights_commit or plan.commit,
    }
    if plan.convert:
        previous = _read_source_record(plan)
        record["converted_from"] = sorted(f.etag for f in plan.files if _CONVERTIBLE.match(f.name)) or previous.get("converted_from", [])
        record["converted"] = plan.converted or previous.get("converted", [])
    path = plan.snapshot / SOURCE_RECORD
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(record, indent=2), encoding="utf-8")
    os.replace(tmp, path)


def _read_source_record(plan: DownloadPlan) -> dict:
    try:
        return json.loads((plan.snapshot / SOURCE_RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _fetch_blob(plan: DownloadPlan, remote: RemoteFile, meter: _Meter, endpoint: str | None) -> int:
    """Bring one file's blob into the cache, verified; returns the bytes fetched now."""
    from huggingface_hub import constants, get_hf_file_metadata, hf_hub_url
    from huggingface_hub.errors import HfHubHTTPError
    from huggingface_hub.utils import WeakFileLock, build_hf_headers

    blob, partial = plan.blob(remote), plan.partial(remote)
    if blob.exists():
        meter.start_file(remote, already=remote.size)
        meter.add(0)
        return 0
    blob.parent.mkdir(parents=True, exist_ok=True)
    lock = plan.cache_dir / ".locks" / plan.storage.name / f"{remote.etag}.lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    url = hf_hub_url(plan.repo_id, remote.name, revision=remote.commit or plan.commit, endpoint=endpoint)
    with _hub_errors(plan.repo_id, remote.commit or plan.commit, endpoint), WeakFileLock(str(lock)):
        if blob.exists():  # another program fetched it while we waited for the lock
            meter.start_file(remote, already=remote.size)
            return 0
        already = partial.stat().st_size if partial.exists() else 0
        if already > remote.size:  # not a prefix of this file: start over
            partial.unlink()
            already = 0
        meter.start_file(remote, already=already)
        # http_get reads the chunk size from huggingface_hub's constants at each call.
        constants.DOWNLOAD_CHUNK_SIZE = min(constants.DOWNLOAD_CHUNK_SIZE, CHUNK_SIZE)
        for attempt in range(MAX_RESOLVES + 1):
            # Each resolve signs a fresh storage URL: an old one may have expired.
            metadata = _patiently(lambda: get_hf_file_metadata(url, endpoint=endpoint), meter.cancel)
            if metadata.etag and metadata.etag != remote.etag:
                raise DownloadFailed(say("The hub's checksum for {file} changed during the download; try again.", file=remote.name))
            location = metadata.location or url
            try:
                # A storage host gets no token (huggingface_hub drops it across hosts too).
                headers = build_hf_headers() if _origin(location) == _origin(url) else build_hf_headers(token=False)
                _stream_into(partial, location, headers, remote, meter, plan)
                break
            except HfHubHTTPError as exc:
                status = exc.response.status_code if exc.response is not None else 0
                if location == url or status not in (400, 401, 403, 410):
                    raise
                if attempt == MAX_RESOLVES:
                    raise DownloadFailed(
                        say(
                            "The storage server refused {file} of {id} (HTTP {status}) even with a fresh link from the hub; "
                            "what was fetched is kept. Try again later.",
                            file=remote.name,
                            id=plan.repo_id,
                            status=status,
                        )
                    ) from exc
                log.info("storage refused the signed URL of %s (HTTP %s): asking the hub for a new one", remote.name, status)
        _verify(partial, remote, plan)
        os.replace(partial, blob)
    return remote.size - already


def _stream_into(partial: Path, location: str, headers: dict[str, str], remote: RemoteFile, meter: _Meter, plan: DownloadPlan) -> None:
    """Append the missing bytes of ``remote`` to ``partial`` from ``location`` (a Range request when resuming)."""
    from huggingface_hub.file_download import http_get

    already = partial.stat().st_size if partial.exists() else 0
    try:
        with open(partial, "ab") as sink:
            http_get(
                location,
                sink,
                resume_size=already,
                headers=headers,
                expected_size=remote.size,
                displayed_filename=remote.name,
                tqdm_class=meter.bar_class(),
            )
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise DiskFull(
                say(
                    "The disk filled up while downloading {file} of {id}. "
                    "{kept} are kept: free some space and download again to go on from there.",
                    file=remote.name,
                    id=plan.repo_id,
                    kept=format_size(_size(partial)),
                )
            ) from exc
        if "Consistency check failed" in str(exc):
            partial.unlink(missing_ok=True)  # wrong length: these bytes cannot be resumed from
            raise ChecksumMismatch(say("{file} of {id} arrived with the wrong size; it was deleted. Download again.", file=remote.name, id=plan.repo_id)) from exc
        raise


def _origin(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}"


def _patiently(call, cancel: threading.Event | None):
    """``call()``, waiting out "429 Too Many Requests" as long as its Retry-After says (within reason)."""
    from huggingface_hub.errors import HfHubHTTPError

    cancel = cancel or threading.Event()
    for attempt in range(MAX_RATE_LIMIT_RETRIES + 1):
        try:
            return call()
        except HfHubHTTPError as exc:
            response = exc.response
            if response is None or response.status_code != 429:
                raise
            wait = _retry_after(response.headers.get("Retry-After"))
            if attempt == MAX_RATE_LIMIT_RETRIES or wait > MAX_RETRY_AFTER_S:
                raise DownloadFailed(
                    say("The hub says it has had too many requests from this computer; it asks to wait {seconds} s. Try again later.", seconds=wait)
                ) from exc
            log.info("the hub answered 429; waiting %s s as its Retry-After says", wait)
            if cancel.wait(wait):
                raise Cancelled(say("Download stopped.")) from exc
    raise AssertionError("unreachable")


def _retry_after(value: str | None) -> int:
    """Seconds from a Retry-After header (seconds or an HTTP date); 5 when it says nothing usable."""
    if not value:
        return 5
    if value.strip().isdigit():
        return int(value.strip())
    from email.utils import parsedate_to_datetime

    try:
        return max(0, int(parsedate_to_datetime(value).timestamp() - time.time()))
    except (TypeError, ValueError):
        return 5


def _verify(path: Path, remote: RemoteFile, plan: DownloadPlan) -> None:
    if remote.is_lfs:
        digest = hashlib.sha256()
    elif _SHA1.match(remote.etag):
        digest = hashlib.sha1()
        digest.update(b"blob %d\0" % path.stat().st_size)  # git hashes a header, then the content
    else:
        raise ChecksumMismatch(say("{file}: the hub's checksum '{checksum}' is of no known kind; the file is not used.", file=remote.name, checksum=remote.etag))
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(CHUNK_SIZE), b""):
            digest.update(block)
    if digest.hexdigest() != remote.etag:
        path.unlink(missing_ok=True)
        raise ChecksumMismatch(
            say(
                "{file} of {id} arrived damaged (its checksum does not match the hub's); "
                "it was deleted and nothing was added to the cache. Download again.",
                file=remote.name,
                id=plan.repo_id,
            )
        )


def _link_into_snapshot(plan: DownloadPlan, remote: RemoteFile, endpoint: str | None) -> None:
    """Let huggingface_hub create snapshots/<commit>/<file>: the blob is there, so it downloads nothing.

    A file from the bot's branch lands in that branch's snapshot the same way (so other
    tools find it there), and is linked into the revision's snapshot too: the model the
    program loads is one folder.
    """
    from huggingface_hub import hf_hub_download

    commit = remote.commit or plan.commit
    with _hub_errors(plan.repo_id, commit, endpoint):
        pointer = Path(hf_hub_download(plan.repo_id, remote.name, revision=commit, cache_dir=str(plan.cache_dir), endpoint=endpoint))
    if commit == plan.commit:
        return
    entry = plan.snapshot / remote.name
    entry.parent.mkdir(parents=True, exist_ok=True)
    entry.unlink(missing_ok=True)
    try:
        entry.symlink_to(os.path.relpath(pointer.resolve(), entry.parent))
    except OSError:  # no symlinks (Windows without developer mode): a copy, as huggingface_hub does
        shutil.copy2(pointer, entry)


def _remember_ref(plan: DownloadPlan) -> None:
    """refs/<revision> names the commit, so loading by name ("main") works offline later."""
    if plan.revision == plan.commit:
        return
    ref = plan.storage / "refs" / plan.revision
    ref.parent.mkdir(parents=True, exist_ok=True)
    tmp = ref.with_name(ref.name + ".tmp")
    tmp.write_text(plan.commit, encoding="ascii")
    os.replace(tmp, ref)


# ------------------------------------------------------------------ progress


class _Meter:
    """Counts real bytes for the whole request, measures speed, and carries Stop into the transfer."""

    def __init__(self, total: int, progress: ProgressFn, cancel: threading.Event) -> None:
        self.total = total
        self.progress = progress
        self.cancel = cancel
        self.done = 0  # bytes on disk for the files finished or under way
        self.file = ""
        self.file_done = 0
        self.file_total = 0
        self.resumed_from = 0
        self._samples: deque[tuple[float, int]] = deque()
        self._transferred = 0  # bytes over the network now (not counting resumed ones)
        self._last_emit = 0.0

    def start_file(self, remote: RemoteFile, already: int) -> None:
        self.file, self.file_total, self.file_done, self.resumed_from = remote.name, remote.size, already, already
        self.done += already

    def add(self, count: int) -> None:
        if self.cancel.is_set():
            raise Cancelled(say("Download stopped."))
        self.file_done += count
        self.done += count
        self._transferred += count
        now = time.monotonic()
        self._samples.append((now, self._transferred))
        while len(self._samples) > 2 and now - self._samples[0][0] > SPEED_WINDOW_S:
            self._samples.popleft()
        if now - self._last_emit >= PROGRESS_INTERVAL_S or self.file_done >= self.file_total:
            self._last_emit = now
            self._emit()

    def speed(self) -> float:
        if len(self._samples) < 2:
            return 0.0
        (t0, b0), (t1, b1) = self._samples[0], self._samples[-1]
        return (b1 - b0) / (t1 - t0) if t1 > t0 else 0.0

    def finish(self) -> None:
        self._emit()

    def converting(self, name: str) -> None:
        """Say that the download is in and the pickle weights are being converted (it takes seconds to a minute)."""
        self.file = name
        self._emit(converting=True)

    def _emit(self, converting: bool = False) -> None:
        self.progress(
            DownloadProgress(
                file=self.file,
                file_done=self.file_done,
                file_total=self.file_total,
                done=self.done,
                total=self.total,
                bytes_per_second=self.speed(),
                resumed_from=self.resumed_from,
                converting=converting,
            )
        )

    def bar_class(self):
        """What http_get takes as ``tqdm_class``: it is built with tqdm's arguments and fed every chunk."""
        meter = self

        class _Bar:
            def __init__(self, *args, **kwargs) -> None:
                pass

            def update(self, n: int = 1) -> None:
                meter.add(n)  # n < 0 when a server ignored the Range and the file restarts from 0

            def update_transfer(self, n: int = 1) -> None:
                pass

            def close(self) -> None:
                pass

            def __enter__(self):
                return self

            def __exit__(self, *exc) -> None:
                pass

        return _Bar


# ------------------------------------------------------------------ helpers


class _hub_errors:
    """Turns huggingface_hub's and the network's exceptions into sentences for people."""

    def __init__(self, repo_id: str, revision: str, endpoint: str | None) -> None:
        self.repo_id, self.revision, self.endpoint = repo_id, revision, endpoint

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb) -> Literal[False]:  # never swallows: returns False or raises a sentence
        if exc is None or isinstance(exc, TaskError):
            return False
        from huggingface_hub import errors

        from assistant.core.models.network import HUGGING_FACE, effective_endpoint, proxy_for

        where = effective_endpoint(self.endpoint)
        proxy = proxy_for(where)
        if isinstance(exc, errors.OfflineModeIsEnabled):
            raise DownloadFailed(say("Downloads are switched off on this computer (HF_HUB_OFFLINE is set).")) from exc
        if isinstance(exc, errors.GatedRepoError):
            raise BadInput(
                say("{id} is gated: accept its terms on the hub's web page, log in with `hf auth login`, then try again.", id=self.repo_id)
            ) from exc
        if isinstance(exc, errors.RepositoryNotFoundError):
            raise BadInput(say("There is no model called {id} on {where} (or it is private).", id=self.repo_id, where=where)) from exc
        if isinstance(exc, errors.RevisionNotFoundError):
            raise BadInput(say("{id} has no revision '{revision}'.", id=self.repo_id, revision=self.revision)) from exc
        response = getattr(exc, "response", None)
        if isinstance(exc, errors.HfHubHTTPError) and proxy and response is not None and response.status_code in (403, 407) and not _from_the_hub(response):
            raise DownloadFailed(_proxy_refused(proxy, where, f"HTTP {response.status_code}")) from exc
        if isinstance(exc, errors.HfHubHTTPError) and response is not None and _is_web_page(response):
            raise DownloadFailed(_web_page(where)) from exc
        if isinstance(exc, errors.HfHubHTTPError):
            raise DownloadFailed(say("The hub answered with an error for {id}: {error}", id=self.repo_id, error=str(exc).splitlines()[0])) from exc
        name = type(exc).__name__
        if isinstance(exc, ValueError) and "JSON" in name:  # a 200 answer that is not the hub's data
            raise DownloadFailed(_web_page(where)) from exc
        if name == "ProxyError" and proxy:
            raise DownloadFailed(_proxy_refused(proxy, where, str(exc).splitlines()[0] if str(exc) else name)) from exc
        if name in ("ConnectError", "ConnectTimeout", "ReadTimeout", "RemoteProtocolError", "ReadError", "LocalEntryNotFoundError"):
            unreachable = say(
                "Could not reach the model hub at {where} ({error}): this computer may be offline, or the hub is down. "
                "Check the connection and try again: what was fetched is kept.",
                where=where,
                error=name,
            )
            if proxy:
                unreachable = say("{first} {then}", first=unreachable, then=say("The requests went through the proxy {proxy}.", proxy=proxy))
            if where == HUGGING_FACE:
                mirror = say(
                    "Where huggingface.co cannot be reached, choose the mirror hf-mirror.com as the hub address in Settings "
                    "(or --hub-endpoint hf-mirror on the command line)."
                )
                unreachable = say("{first} {then}", first=unreachable, then=mirror)
            raise DownloadFailed(unreachable) from exc
        return False


def _from_the_hub(response) -> bool:
    """Whether an error answer came from a hub (it names its error or its commit), not from a box on the way."""
    return any(h in response.headers for h in ("X-Error-Code", "X-Error-Message", "X-Repo-Commit", "X-Request-Id"))


def _is_web_page(response) -> bool:
    return "text/html" in response.headers.get("Content-Type", "")


def _web_page(where: str) -> str:
    return say(
        "{where} answered with a web page, not with the model hub's data: it is not a hub or mirror address, "
        "or a sign-in page is in the way. Check the hub address in Settings.",
        where=where,
    )


def _proxy_refused(proxy: str, where: str, error: str) -> str:
    return say(
        "The proxy {proxy} refused the connection to {where} ({error}). Check the proxy in Settings, "
        "or ask whoever runs it to let the model hub through.",
        proxy=proxy,
        where=where,
        error=error,
    )


def _existing_parent(path: Path) -> Path:
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate
    return Path("/")


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _stopped_message(plan: DownloadPlan) -> str:
    return say("Download of {id} stopped; what was fetched is kept and the next download goes on from there.", id=plan.repo_id)


def format_size(count: float, gb_digits: int = 1) -> str:
    """A byte count for download messages: kB, MB with one decimal, GB with ``gb_digits``."""
    if count >= 1e9:
        return f"{count / 1e9:.{gb_digits}f} GB"
    if count >= 1e6:
        return f"{count / 1e6:.1f} MB"
    return f"{count / 1e3:.0f} kB"
