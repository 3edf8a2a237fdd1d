"""Downloads: the real huggingface_hub client against a local server that speaks the hub's protocol.

Nothing here reaches the internet: the client is pointed at 127.0.0.1 and a guard
fails any connection elsewhere.  HF_HUB_OFFLINE=1 (conftest) is lifted only for
huggingface_hub, only inside these tests.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from assistant.core.models.download import ChecksumMismatch, download, wanted_files
from assistant.core.models.messages import DownloadedModel, DownloadProgress, DownloadRequest
from assistant.core.models.sources import discover
from assistant.core.protocol import BadInput, Cancelled, Failure, FailureKind, Partial, Progress, Result, Started
from assistant.core.sentiment.messages import SentimentRequest
from assistant.worker.downloads import DownloadService
from tests.fixtures.fake_hub import FakeHub, FakeRepo, Fault, hub, only_localhost  # noqa: F401 (fixtures)
from tests.helpers import Recorder, make_engine

ROOT = Path(__file__).resolve().parents[2]
BIG = 6 * 1024 * 1024


@pytest.fixture(autouse=True)
def _localhost(only_localhost):
    pass


@pytest.fixture
def cache(tmp_path) -> Path:
    return tmp_path / "hf-cache"


def model_files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def big_repo(hub: FakeHub, repo_id: str = "acme/big") -> FakeRepo:
    payload = os.urandom(BIG)
    return hub.add(FakeRepo(repo_id, {"config.json": b'{"model_type": "bert"}', "model.safetensors": payload}))


def test_which_files_are_fetched():
    files = [(n, 1) for n in (
        "config.json", "model.safetensors", "pytorch_model.bin", "tf_model.h5", "onnx/model.onnx", "onnx/config.json",
        "tokenizer.json", "vocab.txt", "source.spm", "README.md", "1_Pooling/config.json", "training_args.bin",
    )]
    take, leave = wanted_files(files, allow_unsafe=False)
    assert take == ["config.json", "model.safetensors", "tokenizer.json", "vocab.txt", "source.spm", "1_Pooling/config.json"]
    assert "pytorch_model.bin" in leave and "onnx/model.onnx" in leave
    # pickle weights only when allowed, and only when there are no safetensors
    take, _ = wanted_files([("config.json", 1), ("pytorch_model.bin", 1)], allow_unsafe=True)
    assert take == ["config.json", "pytorch_model.bin"]
    take, _ = wanted_files(files, allow_unsafe=True)
    assert "pytorch_model.bin" not in take


def test_full_download_lands_in_the_hf_cache_and_the_model_runs(hub, cache, tmp_path, tiny_models):
    files = model_files(tiny_models["sentiment"])
    files.update({"pytorch_model.bin": b"pickle" * 100, "onnx/model.onnx": b"onnx" * 100, "README.md": b"# card\n"})
    repo = hub.add(FakeRepo("acme/tiny-sentiment", files))
    seen: list[DownloadProgress] = []
    result = download("acme/tiny-sentiment", endpoint=hub.endpoint, cache_dir=cache, progress=seen.append)

    wanted = sorted(n for n in files if n not in ("pytorch_model.bin", "onnx/model.onnx", "README.md"))
    assert sorted(result.files) == wanted
    snapshot = cache / "models--acme--tiny-sentiment" / "snapshots" / repo.commit
    assert Path(result.path) == snapshot and result.commit == repo.commit
    assert (cache / "models--acme--tiny-sentiment" / "refs" / "main").read_text() == repo.commit
    for name in wanted:
        entry = snapshot / name
        assert entry.is_symlink() and entry.read_bytes() == files[name]  # huggingface_hub's own layout
    # nothing that was left out travelled
    assert not hub.gets("pytorch_model.bin") and not hub.gets("model.onnx") and not hub.gets("README.md")
    # real byte progress: it rises to the total, which is the sum of the sizes
    total = sum(len(files[n]) for n in wanted)
    assert seen[-1].done == seen[-1].total == total == result.bytes_downloaded
    assert [p.done for p in seen] == sorted(p.done for p in seen)
    # the standard tools find it, and so does the program, and it runs
    from huggingface_hub import try_to_load_from_cache

    assert try_to_load_from_cache("acme/tiny-sentiment", "config.json", cache_dir=cache) == str(snapshot / "config.json")
    inventory = discover(tmp_path / "models", hf_cache=cache)
    found = inventory.find(str(snapshot))
    assert found is not None and found.source == "Hugging Face cache" and found.kind == "sentiment classifier"
    engine, _ = make_engine(tmp_path / "models")
    terminal = engine.handle(SentimentRequest("Great!", model=str(snapshot)))
    assert isinstance(terminal, Result), terminal

    # a second download fetches nothing
    gets_before = len([e for e in hub.log if e[0] == "GET" and "/resolve/" in e[1]])
    again = download("acme/tiny-sentiment", endpoint=hub.endpoint, cache_dir=cache)
    assert again.bytes_downloaded == 0 and again.bytes_reused == total
    assert len([e for e in hub.log if e[0] == "GET" and "/resolve/" in e[1]]) == gets_before


def test_cancel_keeps_the_partial_file_and_the_next_download_resumes_from_it(hub, cache):
    repo = big_repo(hub)
    hub.faults["model.safetensors"] = Fault(delay_per_chunk=0.002)
    cancel = threading.Event()

    def stop_after_a_megabyte(p: DownloadProgress) -> None:
        if p.file == "model.safetensors" and p.file_done >= 1024 * 1024:
            cancel.set()

    with pytest.raises(Cancelled) as stopped:
        download("acme/big", endpoint=hub.endpoint, cache_dir=cache, progress=stop_after_a_megabyte, cancel=cancel)
    assert "stopped" in str(stopped.value)
    etag = repo.etag("model.safetensors")
    blobs = cache / "models--acme--big" / "blobs"
    partial = blobs / f"{etag}.incomplete"
    kept = partial.stat().st_size
    assert 1024 * 1024 <= kept < BIG
    assert not (blobs / etag).exists()
    assert not (cache / "models--acme--big" / "snapshots" / repo.commit / "model.safetensors").exists()

    hub.faults.clear()
    seen: list[DownloadProgress] = []
    result = download("acme/big", endpoint=hub.endpoint, cache_dir=cache, progress=seen.append)
    resumed = hub.transfers_of("model.safetensors")[-1].wait()
    assert resumed.range == f"bytes={kept}-"  # asked only for what was missing
    assert resumed.sent == BIG - kept
    assert result.bytes_downloaded == BIG - kept and result.bytes_reused == kept + len(repo.files["config.json"])
    assert any(p.resumed_from == kept for p in seen)
    assert (blobs / etag).read_bytes() == repo.files["model.safetensors"]  # and the checksum held
    assert not partial.exists()


def test_a_damaged_file_is_detected_and_never_enters_the_cache(hub, cache):
    repo = big_repo(hub)
    hub.faults["model.safetensors"] = Fault(corrupt=True)
    with pytest.raises(ChecksumMismatch) as damaged:
        download("acme/big", endpoint=hub.endpoint, cache_dir=cache)
    assert "damaged" in str(damaged.value)
    blobs = cache / "models--acme--big" / "blobs"
    etag = repo.etag("model.safetensors")
    assert not (blobs / etag).exists() and not (blobs / f"{etag}.incomplete").exists()
    assert not (cache / "models--acme--big" / "snapshots" / repo.commit / "model.safetensors").exists()
    # a small (non-LFS) file is checked too, by its git blob id
    hub.faults.clear()
    hub.faults["config.json"] = Fault(corrupt=True)
    with pytest.raises(ChecksumMismatch):
        download("acme/big", endpoint=hub.endpoint, cache_dir=cache / "other")
    hub.faults.clear()
    assert download("acme/big", endpoint=hub.endpoint, cache_dir=cache).bytes_downloaded == BIG  # config.json was fine


def test_a_dropped_connection_is_resumed_where_it_broke(hub, cache):
    repo = big_repo(hub)
    hub.faults["model.safetensors"] = Fault(drop_after=2 * 1024 * 1024)
    result = download("acme/big", endpoint=hub.endpoint, cache_dir=cache)
    gets = hub.gets("model.safetensors")
    assert len(gets) == 2 and gets[0][2] == ""
    resumed_at = int(gets[1][2].removeprefix("bytes=").rstrip("-"))
    assert 0 < resumed_at <= 2 * 1024 * 1024
    assert Path(result.path, "model.safetensors").read_bytes() == repo.files["model.safetensors"]


def test_pickle_weights_as_they_are_only_when_the_user_allows_them(hub, cache):
    hub.add(FakeRepo("acme/old", {"config.json": b"{}", "pytorch_model.bin": b"x" * 1000}))
    # not allowed: the safe conversion is tried, and this file is no weights file at all
    with pytest.raises(BadInput, match="pytorch_model.bin is not a PyTorch weights file"):
        download("acme/old", endpoint=hub.endpoint, cache_dir=cache)
    snapshot = cache / "models--acme--old" / "snapshots" / FakeRepo("x", {}).commit
    assert not any(snapshot.glob("*")) if snapshot.exists() else True  # nothing that looks like a model
    assert not (cache / "models--acme--old" / "refs" / "main").exists()
    result = download("acme/old", endpoint=hub.endpoint, cache_dir=cache / "allowed", allow_unsafe=True)
    assert "pytorch_model.bin" in result.files and not result.converted


def test_unknown_models_and_revisions_get_clear_messages(hub, cache):
    big_repo(hub)
    with pytest.raises(BadInput, match="no model called acme/nothing"):
        download("acme/nothing", endpoint=hub.endpoint, cache_dir=cache)
    with pytest.raises(BadInput, match="no revision 'v9'"):
        download("acme/big", revision="v9", endpoint=hub.endpoint, cache_dir=cache)
    with pytest.raises(BadInput, match="owner/name"):
        download("not a model id", endpoint=hub.endpoint, cache_dir=cache)


def test_the_download_thread_ends_every_request_once_and_can_stop_one(hub, cache):
    big_repo(hub, "acme/first")
    big_repo(hub, "acme/second")
    hub.faults["model.safetensors"] = Fault(delay_per_chunk=0.002)
    replies = Recorder()
    service = DownloadService(emit=replies)
    first = DownloadRequest("acme/first", endpoint=hub.endpoint, cache_dir=str(cache))
    second = DownloadRequest("acme/second", endpoint=hub.endpoint, cache_dir=str(cache))

    def emit(reply) -> None:
        replies(reply)
        if isinstance(reply, Partial) and reply.request_id == first.id and reply.payload.done > 1024 * 1024:
            service.cancel(first.id)

    service.emit = emit
    service.submit(first)
    service.submit(second)
    deadline = threading.Event()
    for _ in range(600):
        if len([r for r in replies.replies if isinstance(r, (Result, Failure))]) == 2:
            break
        deadline.wait(0.1)
    assert service.stop()
    terminals = {r.request_id: r for r in replies.replies if isinstance(r, (Result, Failure))}
    assert len([r for r in replies.replies if isinstance(r, (Result, Failure))]) == 2
    assert isinstance(terminals[first.id], Failure) and terminals[first.id].kind is FailureKind.CANCELLED
    assert isinstance(terminals[second.id], Result) and isinstance(terminals[second.id].payload, DownloadedModel)
    assert any(isinstance(r, Started) and r.request_id == second.id for r in replies.replies)
    progress = [r for r in replies.replies if isinstance(r, Progress) and r.request_id == second.id]
    assert progress[-1].done == progress[-1].total and "MB" in progress[-1].message


# ----------------------------------------------------- a small disk (tmpfs in a namespace)


def _can_mount_tmpfs(tmp_path: Path) -> bool:
    if not shutil.which("unshare"):
        return False
    target = tmp_path / "probe"
    target.mkdir()
    done = subprocess.run(
        ["unshare", "--map-root-user", "--mount", "sh", "-c", f"mount -t tmpfs -o size=64k tmpfs {target}"],
        capture_output=True,
    )
    return done.returncode == 0


def _cli_on_small_disk(tmp_path: Path, hub: FakeHub, size: str, before: str = "") -> subprocess.CompletedProcess:
    """`assistant models download` with the Hugging Face cache on a tmpfs of ``size``, in a mount namespace."""
    disk = tmp_path / "small-disk"
    disk.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")}
    env.update(HF_ENDPOINT=hub.endpoint, HF_HUB_CACHE=str(disk), PYTHONPATH=str(ROOT))
    script = f"mount -t tmpfs -o size={size} tmpfs {disk} && {before} exec {sys.executable} -m assistant models download acme/big"
    return subprocess.run(
        ["unshare", "--map-root-user", "--mount", "sh", "-c", script],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


def test_a_full_disk_is_refused_before_any_byte_is_fetched(hub, tmp_path):
    if not _can_mount_tmpfs(tmp_path):
        pytest.skip("needs `unshare --map-root-user --mount` to mount a small tmpfs (user namespaces are off here)")
    big_repo(hub)
    done = _cli_on_small_disk(tmp_path, hub, "1m")
    assert done.returncode == 1, done.stderr
    assert "Not enough disk space" in done.stderr and "6.3 MB" in done.stderr
    assert not [e for e in hub.log if e[0] == "GET" and "/resolve/" in e[1]]


def test_a_disk_that_fills_up_during_the_download_is_reported_and_the_part_kept(hub, tmp_path):
    """Another program fills the disk while the weights stream in: the write fails with ENOSPC."""
    if not _can_mount_tmpfs(tmp_path):
        pytest.skip("needs `unshare --map-root-user --mount` to mount a small tmpfs (user namespaces are off here)")
    repo = big_repo(hub)
    partial = f"{tmp_path}/small-disk/models--acme--big/blobs/{repo.etag('model.safetensors')}.incomplete"
    hub.faults["model.safetensors"] = Fault(hold_at=1024 * 1024)
    signal_go = f"{sys.executable} -c \"import urllib.request; urllib.request.urlopen('{hub.endpoint}/_test/go')\""
    filler = (
        f"( while [ ! -e {partial} ]; do sleep 0.05; done; sleep 0.3; "
        f"dd if=/dev/zero of={tmp_path}/small-disk/filler bs=64k 2>/dev/null; {signal_go} ) & "
    )
    go = threading.Thread(target=lambda: (hub.test_signals.setdefault("go", threading.Event()).wait(60), hub.faults["model.safetensors"].go_on.set()))
    go.start()
    try:
        done = _cli_on_small_disk(tmp_path, hub, "8m", before=filler)
    finally:
        hub.test_signals.setdefault("go", threading.Event()).set()
        go.join()
    assert done.returncode == 1, done.stderr
    assert "The disk filled up while downloading model.safetensors" in done.stderr
    assert "kept" in done.stderr
