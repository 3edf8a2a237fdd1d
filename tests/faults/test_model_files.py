"""Model files that cannot be used each get their own sentence: when loaded, and when imported."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import make_engine

from assistant.core.models.loader import gguf_problem
from assistant.core.models.manage import check_model_folder, import_gguf
from assistant.core.models.sources import folder_problem, known_model_types, starter_chat_gguf
from assistant.core.protocol import BadInput, Failure, FailureKind
from assistant.core.sentiment.messages import SentimentRequest

ROOT = Path(__file__).resolve().parents[2]
SENTIMENT_CONFIG = {"architectures": ["DistilBertForSequenceClassification"], "model_type": "distilbert", "id2label": {"0": "negative", "1": "positive"}}


def _folder(root: Path, name: str, config: dict | str | None = SENTIMENT_CONFIG, files: dict[str, bytes] | None = None) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    if config is not None:
        (folder / "config.json").write_text(config if isinstance(config, str) else json.dumps(config), encoding="utf-8")
    for file, data in (files or {}).items():
        (folder / file).write_bytes(data)
    return folder


CASES = {
    "pickle only": (SENTIMENT_CONFIG, {"pytorch_model.bin": b"\x80\x04pickle"}, "holds only pickle weights (pytorch_model.bin), which can run code"),
    "no weights": (SENTIMENT_CONFIG, {"tokenizer.json": b"{}"}, "holds no weights (no .safetensors file): the download or copy is incomplete"),
    "tensorflow only": (SENTIMENT_CONFIG, {"tf_model.h5": b"HDF"}, "holds only TensorFlow or Flax weights"),
    "bad json": ('{"model_type": "distilbert", ', {"model.safetensors": b"x"}, "is not valid JSON"),
    "not an object": ("[1, 2]", {"model.safetensors": b"x"}, "is not a JSON object"),
    "unknown architecture": (
        {"architectures": ["FrobForSequenceClassification"], "model_type": "frobnicator", "id2label": {"0": "negative", "1": "positive"}},
        {"model.safetensors": b"x"},
        "an architecture this program does not know ('frobnicator')",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_bad_folder_has_its_own_sentence_and_import_refuses_it(tmp_path, case):
    config, files, sentence = CASES[case]
    folder = _folder(tmp_path, "model", config, files)
    assert sentence in folder_problem(folder, known_types=known_model_types())
    with pytest.raises(BadInput, match=None) as refused:
        check_model_folder(folder)
    assert sentence in str(refused.value)


def test_pickle_weights_are_fine_when_allowed(tmp_path):
    folder = _folder(tmp_path, "model", SENTIMENT_CONFIG, {"pytorch_model.bin": b"x"})
    assert folder_problem(folder, allow_pickle=True, known_types=known_model_types()) is None


@pytest.mark.parametrize("case", ["pickle only", "no weights", "unknown architecture"])
def test_loading_a_bad_folder_says_what_is_wrong_not_damaged(tmp_path, case):
    config, files, sentence = CASES[case]
    folder = _folder(tmp_path, "model", config, files)
    engine, _ = make_engine(tmp_path / "models")
    if case == "unknown architecture":
        config = dict(config, architectures=["DistilBertForSequenceClassification"])  # listed as a sentiment model, built by nothing
        (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")
    terminal = engine.handle(SentimentRequest("A fine day.", model=str(folder)))
    assert isinstance(terminal, Failure)
    assert terminal.kind is FailureKind.MODEL_MISSING
    assert sentence in terminal.message
    assert "damaged" not in terminal.message and "Something went wrong" not in terminal.message


@pytest.fixture(scope="module")
def truncated_gguf(tmp_path_factory) -> Path:
    source = starter_chat_gguf()
    if source is None:
        pytest.skip("the starter GGUF package is not installed")
    cut = tmp_path_factory.mktemp("gguf") / "cut.gguf"
    with open(source, "rb") as full, open(cut, "wb") as out:
        out.write(full.read(source.stat().st_size // 3))
    return cut


def test_a_truncated_gguf_is_said_to_be_cut_short(truncated_gguf, tmp_path):
    sentence = "is cut short or damaged: its header describes more data than the file holds"
    assert sentence in gguf_problem(truncated_gguf)
    with pytest.raises(BadInput, match=sentence):
        import_gguf(truncated_gguf, tmp_path / "models")
    assert not (tmp_path / "models").exists()
    not_gguf = tmp_path / "x.gguf"
    not_gguf.write_bytes(b"PK\x03\x04 not a gguf")
    assert "is not a GGUF file" in gguf_problem(not_gguf)


def test_models_import_on_the_command_line_refuses_a_folder_without_weights(isolated_home, tmp_path):
    folder = _folder(tmp_path, "empty-model", SENTIMENT_CONFIG, {})
    done = subprocess.run([sys.executable, "-m", "assistant", "models", "import", str(folder)], capture_output=True, text=True, cwd=ROOT, env=os.environ.copy(), timeout=300)
    assert done.returncode == 2, done.stderr
    assert "holds no weights" in done.stderr and "Traceback" not in done.stderr
    settings = isolated_home / "config" / "settings.json"
    assert not settings.exists() or str(folder) not in settings.read_text(encoding="utf-8")


@pytest.mark.parametrize("dtype", ["float32", "auto"])  # "auto": the chat model's int8 check comes after the same load
def test_loading_a_truncated_starter_gguf_says_it_is_cut_short(truncated_gguf, tmp_path, dtype):
    from assistant.core.models.loader import ModelLoader
    from assistant.core.models.sources import ModelInfo
    from assistant.core.protocol import ModelMissing, Task

    info = ModelInfo("cut", tmp_path / "models" / "cut", frozenset({Task.CHAT}), "starter", "causal LM", gguf_file=truncated_gguf)
    with pytest.raises(ModelMissing) as failed:
        ModelLoader(device="cpu", dtype=dtype, verdicts_file=tmp_path / "models" / "precision.json").get(info)
    message = str(failed.value)
    assert "The model 'cut' cannot be loaded: cut.gguf is cut short or damaged" in message
    assert "reshape" not in message and "Something went wrong" not in message
    assert not (tmp_path / "models").exists() or not any((tmp_path / "models").iterdir())
