"""The command line, run as a real subprocess (`python -m assistant ...`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str, stdin: str | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env=os.environ.copy(),
    )


def with_settings(home: Path, **values) -> None:
    from assistant.settings import Settings

    Settings(**values).save(home / "config" / "settings.json")


def test_models_list_json(isolated_home, tiny_models_dir):
    with_settings(isolated_home, extra_model_dirs=[str(tiny_models_dir)])
    done = cli("models", "list", "--json")
    assert done.returncode == 0, done.stderr
    rows = {row["name"]: row for row in json.loads(done.stdout)["models"]}
    assert rows["opus-mt-en-de"]["languages"] == ["en", "de"]
    assert rows["all-MiniLM-L6-v2"]["source"] == "starter"
    assert rows["SmolLM2-135M-Instruct"]["needs_conversion"] is True


def test_translate_sentiment_classify_with_json(isolated_home, tiny_models, tmp_path):
    done = cli("translate", "--from", "en", "--to", "de", "--model", str(tiny_models["marian"]), "--json", "Hello world. Good morning.")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["result"] and data["stats"]["unit"] == "sentences" and data["stats"]["items"] == 2

    done = cli("sentiment", "--json", "--model", str(tiny_models["sentiment"]), "Nice!")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)["result"]
    assert set(result["scores"]) == {"negative", "neutral", "positive"} and result["label"] in result["scores"]

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "match.txt").write_text("The goalkeeper saved a penalty in the final.")
    (tmp_path / "docs" / "blob.bin").write_bytes(b"\x00\x01\x02" * 100)
    done = cli("classify", "--labels", "sports,cooking", "--json", str(tmp_path / "docs"))
    assert done.returncode == 0, done.stderr
    rows = {Path(r["name"]).name: r for r in json.loads(done.stdout)["result"]}
    assert rows["match.txt"]["scores"]["sports"] > rows["match.txt"]["scores"]["cooking"]
    assert rows["blob.bin"]["scores"] is None and "binary" in rows["blob.bin"]["error"]


def test_human_output_and_streaming_chat(isolated_home, tiny_models):
    done = cli("chat", "--model", str(tiny_models["causal_lm"]), "--max-new-tokens", "5", "hello")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() and "tokens/s" in done.stderr
    done = cli("sentiment", "--model", str(tiny_models["sentiment"]), "Nice!")
    assert done.returncode == 0 and "%" in done.stdout


@pytest.mark.parametrize(
    "args, code, message",
    [
        (("sentiment", ""), 2, "no text"),
        (("translate", "--from", "en", "--to", "sw", "Hello"), 3, "No translation model for en → sw"),
        (("translate", "--from", "en", "--to", "xx", "Hello"), 2, "xx is not a language code"),
        (("classify", "--labels", "one", "text"), 2, "two labels"),
        (("sentiment", "--model", "/no/such/folder", "hi"), 3, "does not exist"),
    ],
)
def test_errors_go_to_stderr_with_an_exit_code(isolated_home, args, code, message):
    done = cli(*args)
    assert done.returncode == code, done.stderr
    assert message in done.stderr and done.stdout == ""


def test_huge_input_from_stdin_is_refused_clearly(isolated_home):
    done = cli("sentiment", "-", stdin="word " * 200_000)  # 1 MB
    assert done.returncode == 2 and "too long" in done.stderr and "1,000,000" in done.stderr


def test_text_from_stdin(isolated_home, tiny_models):
    done = cli("sentiment", "--json", "--model", str(tiny_models["sentiment"]), "-", stdin="Nice weather today.")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["result"]["label"]
