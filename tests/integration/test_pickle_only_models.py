"""Models published with pickle weights only (pytorch_model.bin), as most opus-mt pairs are.

Two routes to safetensors, both through the real huggingface_hub client and the local
hub of tests/fixtures/fake_hub.py (redirects, signed URLs): the hub's conversion bot's
pull-request branch, under transformers' rule, or a conversion on this computer with
the safe loader only.  The model then translates, with no restart.
"""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from assistant.core.models.convert import UnsafePickle
from assistant.core.models.download import SOURCE_RECORD, download
from assistant.core.translate.messages import TranslateRequest
from tests.fixtures.fake_hub import BOT, FakeHub, FakePR, FakeRepo, hub, only_localhost  # noqa: F401 (fixtures)
from tests.fixtures.tiny_models import make_marian
from tests.helpers import make_engine, run_ok

ROOT = Path(__file__).resolve().parents[2]
ZH_EN = "Helsinki-NLP/opus-mt-zh-en"
MAIN = "a" * 40
PR_COMMIT = "b" * 40
OLDER = "c" * 40


@pytest.fixture(autouse=True)
def _localhost(only_localhost):
    pass


@pytest.fixture(scope="module")
def zh_en(tmp_path_factory) -> dict[str, bytes]:
    """An opus-mt-shaped model as the hub has it: config, tokenizer files, pytorch_model.bin (a real pickle)."""
    folder = make_marian(tmp_path_factory.mktemp("zh-en") / "opus-mt-zh-en", "zh", "en")
    from transformers import MarianMTModel

    model = MarianMTModel.from_pretrained(folder)
    files = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and p.suffix != ".safetensors"}
    buffer = io.BytesIO()
    torch.save(model.state_dict(), buffer)
    files["pytorch_model.bin"] = buffer.getvalue()
    files["model.safetensors"] = (folder / "model.safetensors").read_bytes()  # what the bot's branch adds
    files["_folder"] = str(folder).encode()  # for the reference translation; never served
    return files


def pickle_only(hub: FakeHub, files: dict[str, bytes], prs: list[FakePR] = ()) -> FakeRepo:
    main = {n: d for n, d in files.items() if n not in ("model.safetensors", "_folder")}
    return hub.add(FakeRepo(ZH_EN, main, commit=MAIN, prs=list(prs)))


def state_of(path: Path) -> dict[str, torch.Tensor]:
    from safetensors.torch import load_file

    return load_file(str(path))


def translates(cache: Path, monkeypatch, tmp_path, files: dict[str, bytes]) -> None:
    """The downloaded model, found in the Hugging Face cache, translates zh -> en as the original does."""
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "no-cache"))
    reference, _ = make_engine(tmp_path / "models", extra=(files["_folder"].decode(),))
    expected = run_ok(reference, TranslateRequest("你好。", "zh", "en")).payload
    monkeypatch.setenv("HF_HUB_CACHE", str(cache))
    engine, replies = make_engine(tmp_path / "models")
    assert run_ok(engine, TranslateRequest("你好。", "zh", "en")).payload == expected and expected.strip()
    assert str(cache) in str(engine.inventory.translation_model("zh", "en").path)


def test_safetensors_come_from_the_bots_branch_made_from_this_commit(hub, zh_en, tmp_path, monkeypatch):
    bot_pr = FakePR(3, {"model.safetensors": zh_en["model.safetensors"]}, commit=PR_COMMIT, parent=MAIN)
    # Two look-alikes that must not be used: someone else's branch with the bot's title, and a bot
    # branch made from an older commit (its weights are not this revision's).
    impostor = FakePR(5, {"model.safetensors": b"\0" * 64}, commit="d" * 40, parent=MAIN, author="mallory")
    stale = FakePR(4, {"model.safetensors": b"\1" * 64}, commit="e" * 40, parent=OLDER)
    repo = pickle_only(hub, zh_en, [bot_pr, impostor, stale])
    cache = tmp_path / "hf-cache"
    result = download(ZH_EN, endpoint=hub.endpoint, cache_dir=cache)

    assert (result.commit, result.weights_revision, result.weights_commit) == (MAIN, "refs/pr/3", PR_COMMIT)
    assert "refs/pr/3" in result.note and "model.safetensors" in result.files and "pytorch_model.bin" not in result.files
    snapshot = Path(result.path)
    assert snapshot == cache / "models--Helsinki-NLP--opus-mt-zh-en" / "snapshots" / MAIN
    assert (snapshot / "model.safetensors").read_bytes() == zh_en["model.safetensors"]
    assert (snapshot / "config.json").read_bytes() == repo.files["config.json"]
    # the weights were fetched at the branch's commit, the rest at the revision's; the pickle never travelled
    assert any(f"/resolve/{PR_COMMIT}/model.safetensors" in e[1] for e in hub.log)
    assert any(f"/resolve/{MAIN}/config.json" in e[1] for e in hub.log)
    assert not hub.gets("pytorch_model.bin")
    # both commits are on record beside the model, and the branch's own snapshot exists for other tools
    record = (snapshot / SOURCE_RECORD).read_text()
    assert MAIN in record and PR_COMMIT in record and "refs/pr/3" in record
    assert (cache / "models--Helsinki-NLP--opus-mt-zh-en" / "snapshots" / PR_COMMIT / "model.safetensors").exists()
    translates(cache, monkeypatch, tmp_path, zh_en)


def test_without_a_branch_the_pickle_is_converted_safely_checked_and_deleted(hub, zh_en, tmp_path, monkeypatch):
    stale = FakePR(4, {"model.safetensors": b"\1" * 64}, commit="e" * 40, parent=OLDER)
    repo = pickle_only(hub, zh_en, [stale])
    cache = tmp_path / "hf-cache"
    seen = []
    result = download(ZH_EN, endpoint=hub.endpoint, cache_dir=cache, progress=seen.append)
    from assistant.worker.downloads import describe_progress

    assert [describe_progress(p) for p in seen if p.converting] == ["Converting pytorch_model.bin to safetensors with the safe loader…"]
    assert seen[-1].done == seen[-1].total and not seen[-1].converting  # the last word: all in

    assert result.converted and not result.weights_revision
    assert "converted" in result.note and "refs/pr/4" in result.note  # says why the bot's branch was not used
    snapshot = Path(result.path)
    converted = snapshot / "model.safetensors"
    assert converted.is_file() and not converted.is_symlink()  # in the model's folder, not among the blobs
    expected = torch.load(io.BytesIO(zh_en["pytorch_model.bin"]), weights_only=True)
    got = state_of(converted)
    assert all(torch.equal(got[name], expected[name]) for name in got)
    assert set(expected) - set(got) <= {"model.encoder.embed_tokens.weight", "model.decoder.embed_tokens.weight", "lm_head.weight"}
    # the pickle is gone, from the snapshot and from the blobs
    storage = cache / "models--Helsinki-NLP--opus-mt-zh-en"
    assert not (snapshot / "pytorch_model.bin").exists()
    assert not (storage / "blobs" / repo.etag("pytorch_model.bin")).exists()
    assert not list(snapshot.glob("*.partial"))
    # a second download fetches nothing and converts nothing
    gets = len(hub.gets("pytorch_model.bin"))
    again = download(ZH_EN, endpoint=hub.endpoint, cache_dir=cache)
    assert again.bytes_downloaded == 0 and len(hub.gets("pytorch_model.bin")) == gets
    assert "model.safetensors" in again.files and "model.safetensors" in result.files and "pytorch_model.bin" not in result.files
    assert converted.stat().st_mtime_ns == (snapshot / "model.safetensors").stat().st_mtime_ns
    translates(cache, monkeypatch, tmp_path, zh_en)


class _Payload:
    """A pickle that would run a command when loaded with the full loader."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_a_pickle_that_carries_code_is_refused_and_nothing_runs_or_stays(hub, zh_en, tmp_path):
    marker = tmp_path / "the-payload-ran"
    buffer = io.BytesIO()
    torch.save({"model.shared.weight": torch.zeros(4, 4), "extra": _Payload(marker)}, buffer)
    repo = hub.add(FakeRepo(ZH_EN, {"config.json": zh_en["config.json"], "pytorch_model.bin": buffer.getvalue()}, commit=MAIN))
    cache = tmp_path / "hf-cache"
    with pytest.raises(UnsafePickle) as refused:
        download(ZH_EN, endpoint=hub.endpoint, cache_dir=cache)
    assert "could run code" in str(refused.value) and "safe loader refused" in str(refused.value)
    assert not marker.exists()
    storage = cache / "models--Helsinki-NLP--opus-mt-zh-en"
    assert not any(p.name.endswith(".safetensors") for p in storage.rglob("*"))
    assert not (storage / "blobs" / repo.etag("pytorch_model.bin")).exists()
    assert not (storage / "snapshots" / MAIN / "config.json").exists()  # no folder that looks like a model
    assert not (storage / "refs" / "main").exists()


def test_the_command_line_says_which_branch_and_commit_it_used(hub, zh_en, tmp_path):
    pickle_only(hub, zh_en, [FakePR(3, {"model.safetensors": zh_en["model.safetensors"]}, commit=PR_COMMIT, parent=MAIN)])
    env = {k: v for k, v in os.environ.items() if k not in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")}
    env.update(HF_ENDPOINT=hub.endpoint, HF_HUB_CACHE=str(tmp_path / "hf-cache"))
    done = subprocess.run([sys.executable, "-m", "assistant", "models", "download", ZH_EN], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"main at {MAIN[:12]}" in done.stderr and f"weights from refs/pr/3 at {PR_COMMIT[:12]}" in done.stderr


def test_the_bot_is_recognised_by_name_title_and_parent_only(hub, zh_en, tmp_path):
    """A branch by the bot with another title, or closed, is not taken either: the pickle is converted."""
    other_title = FakePR(6, {"model.safetensors": b"\2" * 64}, commit="f" * 40, parent=MAIN, title="Update README")
    closed = FakePR(7, {"model.safetensors": b"\3" * 64}, commit="9" * 40, parent=MAIN, status="closed")
    pickle_only(hub, zh_en, [other_title, closed])
    result = download(ZH_EN, endpoint=hub.endpoint, cache_dir=tmp_path / "hf-cache")
    assert result.converted and not result.weights_revision
    assert hashlib.sha256(Path(result.path, "model.safetensors").read_bytes()).hexdigest() not in (
        hashlib.sha256(b"\2" * 64).hexdigest(),
        hashlib.sha256(b"\3" * 64).hexdigest(),
    )
    assert BOT == "SFconvertbot"


def test_a_disk_that_fills_up_during_the_conversion_leaves_nothing_half_written(zh_en, tmp_path):
    """The converted file goes to a 64 kB tmpfs (a mount namespace): ENOSPC, a sentence, no partial file."""
    from tests.integration.test_download import _can_mount_tmpfs

    if not _can_mount_tmpfs(tmp_path):
        pytest.skip("needs `unshare --map-root-user --mount` to mount a small tmpfs (user namespaces are off here)")
    source = tmp_path / "source"
    source.mkdir()
    (source / "pytorch_model.bin").write_bytes(zh_en["pytorch_model.bin"])
    disk = tmp_path / "small-disk"
    disk.mkdir()
    code = (
        "import sys; from pathlib import Path; from assistant.core.models.convert import convert_folder, ConversionFailed\n"
        f"try: convert_folder(Path('{source}'), Path('{disk}'))\n"
        "except ConversionFailed as exc: print(exc); sys.exit(1)\n"
    )
    script = f"mount -t tmpfs -o size=64k tmpfs {disk} && {sys.executable} -c \"$CODE\"; status=$?; ls -A {disk}; exit $status"
    env = dict(os.environ, CODE=code, PYTHONPATH=str(ROOT))
    done = subprocess.run(["unshare", "--map-root-user", "--mount", "sh", "-c", script], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "The disk filled up while converting pytorch_model.bin" in done.stdout and "nothing was written" in done.stdout
    assert done.stdout.strip().splitlines()[-1].startswith("The disk filled up")  # `ls -A` listed nothing after it
    assert (source / "pytorch_model.bin").read_bytes() == zh_en["pytorch_model.bin"]


def _tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def _cli(*args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant", "models", *args], capture_output=True, text=True, cwd=ROOT, timeout=timeout)


def test_importing_a_folder_with_pickle_weights_converts_a_copy_and_leaves_the_folder_alone(zh_en, isolated_home, tmp_path):
    import json

    from assistant.paths import app_paths

    mine = tmp_path / "my-models" / "opus-mt-zh-en"
    mine.mkdir(parents=True)
    for name, data in zh_en.items():
        if name not in ("model.safetensors", "_folder"):
            (mine / name).write_bytes(data)
    (mine / "tf_model.h5").write_bytes(b"tensorflow weights")  # another framework's weights: not copied
    before = _tree(mine)

    done = _cli("import", str(mine.parent), "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    [converted] = report["converted"]
    copy = Path(converted["path"])
    assert copy == app_paths().models / "opus-mt-zh-en" and "unchanged" in converted["note"]
    assert report["added"] is None  # the folder itself is not added: its only model is pickle-only
    assert _tree(mine) == before  # the person's folder is untouched
    assert sorted(p.name for p in copy.iterdir()) == sorted(
        ["config.json", "generation_config.json", "model.safetensors", "source.spm", "target.spm", "tokenizer_config.json", "vocab.json"]
    )
    expected = torch.load(io.BytesIO(zh_en["pytorch_model.bin"]), weights_only=True)
    got = state_of(copy / "model.safetensors")
    assert all(torch.equal(got[name], expected[name]) for name in got)
    listed = json.loads(_cli("list", "--json").stdout)["models"]
    assert any(row["path"] == str(copy) for row in listed)

    # a folder whose pickle carries code: refused with the sentence, nothing left in the models folder
    evil = tmp_path / "evil" / "opus-mt-en-zh"
    evil.mkdir(parents=True)
    (evil / "config.json").write_bytes(zh_en["config.json"])
    buffer = io.BytesIO()
    torch.save({"w": torch.zeros(2), "x": _Payload(tmp_path / "ran")}, buffer)
    (evil / "pytorch_model.bin").write_bytes(buffer.getvalue())
    refused = _cli("import", str(evil))
    assert refused.returncode == 2 and "safe loader refused it" in refused.stderr
    assert not (tmp_path / "ran").exists()
    assert sorted(p.name for p in app_paths().models.iterdir() if p.is_dir()) == ["opus-mt-zh-en"]  # no partial copy


@pytest.mark.parametrize("route", ["bot branch", "local conversion"])
def test_a_fresh_install_downloads_through_a_mirror_and_a_proxy_and_translates(route, hub, zh_en, tmp_path, isolated_home):
    """The command line of a fresh install: `models download` via a mirror and a proxy, then `translate`."""
    from tests.fixtures.fake_hub import ForwardProxy

    prs = [FakePR(3, {"model.safetensors": zh_en["model.safetensors"]}, commit=PR_COMMIT, parent=MAIN)] if route == "bot branch" else []
    pickle_only(hub, zh_en, prs)
    mirror = FakeHub(mirror_of=hub).start()
    proxy = ForwardProxy().start()
    try:
        env = {k: v for k, v in os.environ.items() if k not in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_ENDPOINT")}
        env.update(HF_HUB_CACHE=str(tmp_path / "hf-cache"))
        run = lambda *args: subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)  # noqa: E731
        done = run("models", "download", ZH_EN, "--hub-endpoint", mirror.endpoint, "--proxy", proxy.url)
        assert done.returncode == 0, done.stderr
        assert any(line.startswith(f"GET {mirror.cdn}/cdn/") for line in proxy.log) and not hub.transfers
        assert ("weights from refs/pr/3" in done.stderr) == (route == "bot branch")
        assert ("converted to safetensors on this computer" in done.stderr) == (route == "local conversion")
        env["HF_HUB_OFFLINE"] = "1"  # using it needs no network
        translated = run("translate", "--from", "zh", "--to", "en", "你好。")
        assert translated.returncode == 0, translated.stderr
        assert translated.stdout.strip()
    finally:
        proxy.close()
        mirror.close()
