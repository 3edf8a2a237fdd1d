"""`assistant models ...` as a real subprocess: catalog, download (from a local hub server), import, use, remove."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.fixtures.fake_hub import FakeRepo, hub, only_localhost  # noqa: F401 (fixtures)

ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str, env: dict | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "assistant", "models", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env=env or os.environ.copy(),
    )


def settings_file(home: Path) -> dict:
    return json.loads((home / "config" / "settings.json").read_text())


def test_catalog_json_lists_each_task_with_revision_size_and_license():
    done = cli("catalog", "--json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)["models"]
    tasks = {row["task"] for row in rows}
    assert tasks == {"chat", "translate", "sentiment", "classify", "embed", "qa"}
    for row in rows:
        assert row["revision"] and row["size_mb"] > 0 and row["license"] and row["note"] and row["languages"]
    ids = {row["id"] for row in rows}
    assert {"Qwen/Qwen2.5-0.5B-Instruct", "HuggingFaceTB/SmolLM2-360M-Instruct", "facebook/bart-large-mnli",
            "sentence-transformers/all-MiniLM-L6-v2", "deepset/roberta-base-squad2"} <= ids
    done = cli("catalog", "--task", "translate")
    assert "Helsinki-NLP/opus-mt-en-de" in done.stdout and "Qwen" not in done.stdout


def test_download_prints_a_progress_bar_and_the_model_is_then_listed(hub, tmp_path, tiny_models):
    files = {p.name: p.read_bytes() for p in tiny_models["sentiment"].iterdir() if p.is_file()}
    repo = hub.add(FakeRepo("acme/tiny-sentiment", files))
    cache = tmp_path / "hf-cache"
    env = {k: v for k, v in os.environ.items() if k not in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")}
    env.update(HF_ENDPOINT=hub.endpoint, HF_HUB_CACHE=str(cache))
    done = cli("download", "acme/tiny-sentiment", "--json", env=env)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["commit"] == repo.commit and Path(result["path"]).is_dir()
    bars = [line for line in done.stderr.splitlines() if line.startswith("[")]
    assert bars and "100.0%" in bars[-1] and "#" * 30 in bars[-1]  # a bar on stderr, ending full
    listed = cli("list", "--json", env=dict(os.environ, HF_HUB_CACHE=str(cache)))
    names = {row["name"]: row for row in json.loads(listed.stdout)["models"]}
    assert names["acme/tiny-sentiment"]["source"] == "Hugging Face cache"
    missing = cli("download", "acme/none", env=env)
    assert missing.returncode == 2 and "no model called acme/none" in missing.stderr


def test_import_use_and_remove(isolated_home, tmp_path, tiny_models):
    folder = tmp_path / "mine"
    shutil.copytree(tiny_models["sentiment"], folder / "my-sentiment")
    done = cli("import", str(folder), "--json")
    assert done.returncode == 0, done.stderr
    assert settings_file(isolated_home)["extra_model_dirs"] == [str(folder)]
    assert cli("import", str(tmp_path / "nothing-here")).returncode == 2

    done = cli("use", "sentiment", "my-sentiment", "--json")
    assert done.returncode == 0, done.stderr
    assert settings_file(isolated_home)["models"]["sentiment"] == str(folder / "my-sentiment")
    wrong = cli("use", "chat", "my-sentiment")
    assert wrong.returncode == 2 and "cannot do chat" in wrong.stderr

    # a folder the user added is forgotten, never deleted
    done = cli("remove", "my-sentiment", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["deleted"] is False and (folder / "my-sentiment" / "config.json").exists()
    saved = settings_file(isolated_home)
    assert saved["extra_model_dirs"] == [] and "sentiment" not in saved["models"]

    # a model in the program's models folder is deleted, and the space it frees is said
    models = isolated_home / "data" / "models"
    shutil.copytree(tiny_models["nli"], models / "nli-copy")
    done = cli("remove", "nli-copy")
    assert done.returncode == 0, done.stderr
    assert "Removed nli-copy" in done.stdout and "MB freed" in done.stdout and not (models / "nli-copy").exists()
    assert cli("remove", "all-MiniLM-L6-v2").returncode == 2  # the starter set stays


def test_import_gguf_refuses_what_is_not_gguf(tmp_path):
    fake = tmp_path / "model.gguf"
    fake.write_text("not really")
    done = cli("import-gguf", str(fake))
    assert done.returncode == 2 and "not a GGUF file" in done.stderr
