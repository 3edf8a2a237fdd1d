"""Pinning the catalog (`assistant models pin`) and the commit a download leaves in the cache.

The real huggingface_hub client talks to the local hub server of tests/fixtures/fake_hub.py
(HF_ENDPOINT at 127.0.0.1): model_info answers with the commit a branch or tag names.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.core.models.catalog import CATALOG_FILE, cached_commit, load_catalog, parse_entry
from assistant.core.models.download import download
from assistant.core.models.pinning import (
    ALREADY_PINNED,
    FAILED,
    GATED,
    NO_NETWORK,
    NOT_FOUND,
    PINNED,
    pin_catalog,
)
from tests.fixtures.fake_hub import FakeHub, FakeRepo, hub, only_localhost  # noqa: F401 (fixtures)

ROOT = Path(__file__).resolve().parents[2]
EN_DE = "Helsinki-NLP/opus-mt-en-de"
MINILM = "sentence-transformers/all-MiniLM-L6-v2"
COMMIT_EN_DE = "1" * 8 + "a" * 32
COMMIT_MINILM = "2" * 8 + "b" * 32
ALREADY = "3" * 8 + "c" * 32  # an entry pinned before: the hub does not know this repository at all

# A small catalog laid out like the packaged one: notes first, one entry per line group.
SMALL_CATALOG = """{
  "about": "Recommended models per task. To add a model, copy an entry.",
  "revisions": "NOT PINNED: every revision below is 'main'.",
  "models": [
    {"id": "Helsinki-NLP/opus-mt-en-de", "task": "translate", "revision": "main", "size_mb": 300, "license": "CC-BY-4.0", "languages": ["en", "de"], "pair": ["en", "de"],
     "note": "Marian opus-mt: one language pair."},

    {"id": "sentence-transformers/all-MiniLM-L6-v2", "task": "embed", "revision": "v1.0", "size_mb": 91, "license": "Apache-2.0",
     "languages": ["en"],
     "note": "The starter embedding model; a \\"revision\\": \\"main\\" in a note is text, not a key."},
    {"id": "acme/pinned-before", "task": "embed", "revision": "%s", "size_mb": 1, "license": "MIT", "languages": ["en"],
     "note": "Pinned by hand."}
  ]
}
""" % ALREADY  # noqa: UP031 (JSON braces: %s reads better than doubled {{ }})


@pytest.fixture(autouse=True)
def _localhost(only_localhost):
    pass


def serve_two(hub: FakeHub) -> None:
    files = {"config.json": b'{"model_type": "bert"}', "model.safetensors": b"\0" * 64}
    hub.add(FakeRepo(EN_DE, files, commit=COMMIT_EN_DE))
    hub.add(FakeRepo(MINILM, files, commit=COMMIT_MINILM, tags=("v1.0",)))


def cli(*args: str, hub: FakeHub | None = None, endpoint: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")}
    env.update(HF_ENDPOINT=endpoint or hub.endpoint, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "assistant", "models", *args], capture_output=True, text=True, timeout=120, cwd=ROOT, env=env
    )


def revisions(path: Path) -> dict[str, str]:
    return {row["id"]: row["revision"] for row in json.loads(path.read_text())["models"]}


def api_calls(hub: FakeHub, repo_id: str) -> list:
    return [entry for entry in hub.log if entry[1].startswith(f"/api/models/{repo_id}")]


# ------------------------------------------------------------------ pinning


def test_pin_writes_the_commits_keeps_the_layout_and_leaves_pinned_entries_alone(hub, isolated_home):
    serve_two(hub)
    catalog = isolated_home / "config" / "catalog.json"  # a user's own catalog: the command's default file
    catalog.parent.mkdir(parents=True)
    catalog.write_text(SMALL_CATALOG)

    done = cli("pin", hub=hub)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert any(line.startswith("pinned") and EN_DE in line and f"main -> {COMMIT_EN_DE}" in line for line in lines)
    assert any(line.startswith("pinned") and MINILM in line and f"v1.0 -> {COMMIT_MINILM}" in line for line in lines)
    assert any(line.startswith("already pinned") and "acme/pinned-before" in line for line in lines)
    assert "2 pinned, 1 already pinned, 0 failed" in done.stderr and "Wrote" in done.stderr
    assert not api_calls(hub, "acme/pinned-before")  # a pinned entry is not looked up

    # Only the two revision values and the note changed: layout, key order and the other notes are as they were.
    text = catalog.read_text()
    data = json.loads(text)
    assert data["revisions"].startswith("PINNED: every revision below is a commit hash")
    assert hub.endpoint in data["revisions"]
    expected = (
        SMALL_CATALOG.replace('"revision": "main"', f'"revision": "{COMMIT_EN_DE}"', 1)
        .replace('"revision": "v1.0"', f'"revision": "{COMMIT_MINILM}"')
        .replace(json.dumps("NOT PINNED: every revision below is 'main'."), json.dumps(data["revisions"]))
    )
    assert text == expected
    assert data["about"] == "Recommended models per task. To add a model, copy an entry."
    assert all(parse_entry(row).pinned for row in data["models"])
    assert {e.id: e.revision for e in load_catalog(catalog).entries}[EN_DE] == COMMIT_EN_DE

    # Run again: everything is pinned, nothing is looked up, the file stays byte for byte.
    calls = len(hub.log)
    again = cli("pin", "--json", hub=hub)
    assert again.returncode == 0, again.stderr
    report = json.loads(again.stdout)
    assert [m["status"] for m in report["models"]] == [ALREADY_PINNED] * 3 and report["written"] is False
    assert len(hub.log) == calls and catalog.read_text() == text


def test_the_packaged_catalog_copy_pins_what_the_hub_has_and_reports_the_rest(hub, tmp_path):
    serve_two(hub)
    copy = tmp_path / "maintainer" / "catalog.json"
    copy.parent.mkdir()
    shutil.copyfile(CATALOG_FILE, copy)
    original = copy.read_bytes()

    # --dry-run looks the commits up, says what it would change, and writes nothing.
    dry = cli("pin", str(copy), "--dry-run", hub=hub)
    assert dry.returncode == 1, dry.stderr  # the catalog's other models are not on this hub
    assert "would pin" in dry.stdout and COMMIT_EN_DE in dry.stdout
    assert "Dry run" in dry.stderr and copy.read_bytes() == original
    assert [p.name for p in copy.parent.iterdir()] == ["catalog.json"]  # no temporary file left either

    done = cli("pin", str(copy), "--json", hub=hub)
    assert done.returncode == 1
    report = json.loads(done.stdout)
    status = {m["id"]: m for m in report["models"]}
    assert status[EN_DE]["status"] == PINNED and status[EN_DE]["commit"] == COMMIT_EN_DE
    assert status[MINILM]["status"] == PINNED and status[MINILM]["commit"] == COMMIT_MINILM
    missing = status["Helsinki-NLP/opus-mt-de-en"]
    assert missing["status"] == FAILED and missing["reason"] == NOT_FOUND and "no model called" in missing["detail"]
    assert report["written"] is True

    pinned = revisions(copy)
    assert pinned[EN_DE] == COMMIT_EN_DE and pinned[MINILM] == COMMIT_MINILM
    assert {rev for model_id, rev in pinned.items() if model_id not in (EN_DE, MINILM)} == {"main"}  # failed: left alone
    data = json.loads(copy.read_text())
    assert data["revisions"].startswith(f"PARTLY PINNED: 2 of {len(pinned)} ") and "about" in data and "licenses" in data
    # Still one entry per line group: the file has as many lines as before.
    assert len(copy.read_text().splitlines()) == len(original.decode().splitlines())


def test_each_failure_has_a_plain_reason(hub, tmp_path, monkeypatch):
    files = {"config.json": b"{}", "model.safetensors": b"\0"}
    hub.add(FakeRepo("acme/gated", files, refuse=(403, "GatedRepo")))
    hub.add(FakeRepo("acme/open", files))
    catalog = tmp_path / "catalog.json"
    catalog.write_text(json.dumps({"models": [
        {"id": "acme/gated", "task": "chat"},  # no revision: "main"
        {"id": "acme/open", "task": "chat", "revision": "no-such-branch"},
        {"id": "acme/missing", "task": "chat", "revision": "main"},
        {"id": "not a hub id", "task": "chat", "revision": "main"},
    ]}, indent=1))
    before = catalog.read_text()

    report = pin_catalog(catalog, endpoint=hub.endpoint)
    reasons = [(o.id, o.status, o.reason) for o in report.outcomes]
    assert reasons == [
        ("acme/gated", FAILED, GATED),
        ("acme/open", FAILED, NOT_FOUND),
        ("acme/missing", FAILED, NOT_FOUND),
        ("not a hub id", FAILED, "bad entry"),
    ]
    assert "no branch, tag or commit 'no-such-branch'" in report.outcomes[1].detail
    assert not report.changed and not report.written and catalog.read_text() == before

    # No hub at that address: every entry says so, and the file is not touched.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"  # bound, never listening: connections are refused
        report = pin_catalog(catalog, endpoint=closed)
    assert [o.reason for o in report.outcomes[:3]] == [NO_NETWORK] * 3
    assert "could not reach" in report.outcomes[0].detail and catalog.read_text() == before

    from huggingface_hub import constants

    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    report = pin_catalog(catalog, endpoint=hub.endpoint)
    assert report.outcomes[0].reason == NO_NETWORK and "HF_HUB_OFFLINE" in report.outcomes[0].detail


def test_an_entry_without_a_revision_key_gets_one(hub, tmp_path):
    serve_two(hub)
    catalog = tmp_path / "catalog.json"
    catalog.write_text('{"models": [\n  {"id": "Helsinki-NLP/opus-mt-en-de", "task": "translate", "note": "x"}\n]}\n')
    report = pin_catalog(catalog, endpoint=hub.endpoint)
    assert report.written and report.count(PINNED) == 1
    assert catalog.read_text() == (
        '{"models": [\n  {"id": "Helsinki-NLP/opus-mt-en-de", "revision": "%s", "task": "translate", "note": "x"}\n]}\n' % COMMIT_EN_DE  # noqa: UP031
    )


def test_a_file_that_is_not_a_catalog_is_refused(tmp_path, isolated_home):
    broken = tmp_path / "catalog.json"
    broken.write_text('{"models": ')
    done = cli("pin", str(broken), endpoint="http://127.0.0.1:9")
    assert done.returncode == 2 and "Cannot read the catalog" in done.stderr
    none = cli("pin", endpoint="http://127.0.0.1:9")  # no catalog of one's own in the config folder
    assert none.returncode == 2 and "assistant models pin assistant/core/models/catalog.json" in none.stderr


# ------------------------------------------------------------------ what a download records


def test_a_download_records_its_commit_and_catalog_and_list_show_it(hub, tmp_path, monkeypatch):
    serve_two(hub)
    cache = tmp_path / "hf-cache"
    monkeypatch.setenv("HF_HUB_CACHE", str(cache))  # the subprocesses inherit it
    # The packaged catalog names EN_DE at "main": download it the way a user does.
    done = cli("download", EN_DE, "--json", hub=hub)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["commit"] == COMMIT_EN_DE  # what the catalog's note says it prints
    assert (cache / "models--Helsinki-NLP--opus-mt-en-de" / "refs" / "main").read_text() == COMMIT_EN_DE

    rows = {r["id"]: r for r in json.loads(cli("catalog", "--json", hub=hub).stdout)["models"]}
    assert rows[EN_DE]["downloaded"] and rows[EN_DE]["commit"] == COMMIT_EN_DE
    assert rows[MINILM]["commit"] is None and not rows[MINILM]["downloaded"]
    assert f"here at {COMMIT_EN_DE[:12]}" in cli("catalog", "--task", "translate", hub=hub).stdout

    listed = {r["name"]: r for r in json.loads(cli("list", "--json", hub=hub).stdout)["models"]}
    assert listed[EN_DE]["commit"] == COMMIT_EN_DE and listed[EN_DE]["source"] == "Hugging Face cache"
    assert f"at {COMMIT_EN_DE[:12]}" in cli("list", hub=hub).stdout


def test_cached_commit_follows_the_entry_revision(hub, tmp_path):
    files = {"config.json": b'{"model_type": "bert"}', "model.safetensors": b"\1" * 64}
    first, second, unknown = "a" * 40, "b" * 40, "c" * 40
    hub.add(FakeRepo("acme/model", files, commit=first))
    cache = tmp_path / "hf-cache"
    download("acme/model", "main", endpoint=hub.endpoint, cache_dir=cache)  # refs/main -> first
    hub.add(FakeRepo("acme/model", {**files, "model.safetensors": b"\2" * 64}, commit=second))
    download("acme/model", second, endpoint=hub.endpoint, cache_dir=cache)  # by commit: refs/main stays
    assert (cache / "models--acme--model" / "refs" / "main").read_text() == first

    def entry(revision: str):
        return parse_entry({"id": "acme/model", "task": "chat", "revision": revision})

    assert cached_commit(entry("main"), cache) == first  # what the branch named when it was fetched
    assert cached_commit(entry(second), cache) == second  # the pinned commit
    assert cached_commit(entry(unknown), cache) == second  # not there: the newest snapshot that is
    assert cached_commit("acme/model", cache) == first
    assert cached_commit("acme/other", cache) is None
