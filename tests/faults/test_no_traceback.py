"""No traceback reaches a person on the command line: each bad input or broken setup a hostile new user could
give, run as a real `python -m assistant` process, ends with a non-zero exit code and a sentence of its own.

The sentence must be the case's own, not the last-resort "something unexpected went wrong" (which would
mean a bug was caught, not a fault handled).  The cases that need a mount namespace or a second process
(a full disk, a read-only folder, a lock, SIGKILL) assert the same in their own tests; README.md lists all.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.cli.main import UNEXPECTED

ROOT = Path(__file__).resolve().parents[2]


def _files(where: Path) -> dict[str, Path]:
    """The hostile inputs, made fresh for each case."""
    where.mkdir(parents=True, exist_ok=True)
    made = {
        "text": where / "a.txt",
        "binary": where / "bin.txt",
        "empty": where / "empty.txt",
        "folder": where / "folder",
        "fake_docx": where / "fake.docx",
        "fake_gguf": where / "t.gguf",
        "bad_export": where / "bad.json",
        "missing": where / "missing.txt",
    }
    made["text"].write_text("hello\n", encoding="utf-8")
    made["binary"].write_bytes(b"\xff\xfe\x00bad")
    made["empty"].write_text("", encoding="utf-8")
    made["folder"].mkdir(exist_ok=True)
    made["fake_docx"].write_bytes(b"not a zip")
    made["fake_gguf"].write_bytes(b"GGUF\x03\x00")
    made["bad_export"].write_text('{"messages": 5}', encoding="utf-8")
    return made


def _home(home: Path, layout: str) -> None:
    """A broken setup of the program's own folders."""
    if layout == "config is a file":
        home.mkdir(parents=True)
        (home / "config").write_text("")
    elif layout == "data is a file":
        home.mkdir(parents=True)
        (home / "data").write_text("")
    elif layout == "chat file is a folder":
        (home / "data" / "chats.sqlite3").mkdir(parents=True)
    elif layout == "data folder is a file":
        (home / "config").mkdir(parents=True)
        (home / "config" / "settings.json").write_text('{"data_folder": "%s"}' % (home / "plain-file"), encoding="utf-8")
        (home / "plain-file").write_text("")
    elif layout == "unknown device in settings":
        (home / "config").mkdir(parents=True)
        (home / "config" / "settings.json").write_text('{"device": "tpu"}', encoding="utf-8")


# (kind, home layout, argv with {name} for the files above, exit code, the sentence's words)
CASES = [
    ("history: show an unknown id", "", ["history", "show", "nosuchid"], 2, "There is no conversation 'nosuchid'"),
    ("history: export an unknown id", "", ["history", "export", "nosuchid", "--out", "{folder}/x.md"], 2, "There is no conversation"),
    ("history: import a missing file", "", ["history", "import", "{missing}"], 2, "cannot be read: No such file"),
    ("history: import binary bytes", "", ["history", "import", "{binary}"], 2, "cannot be read"),
    ("history: import JSON that is no conversation", "", ["history", "import", "{bad_export}"], 2, "not a conversation exported"),
    ("history: import a folder", "", ["history", "import", "{folder}"], 2, "Is a directory"),
    ("chat: an unknown conversation", "", ["chat", "--conversation", "nosuch", "hi"], 2, "There is no conversation 'nosuch'"),
    ("chat: a negative answer length", "", ["chat", "--max-new-tokens", "-5", "hi"], 2, "at least one token"),
    ("chat: a negative temperature", "", ["chat", "--temperature", "-1", "hi"], 2, "The temperature must be 0 or more"),
    ("chat: top-p of 0", "", ["chat", "--top-p", "0", "hi"], 2, "Top-p must be more than 0"),
    ("chat: a repetition penalty of 0", "", ["chat", "--repetition-penalty", "0", "hi"], 2, "repetition penalty must be more than 0"),
    ("chat: an empty question", "", ["chat", ""], 2, "There is no question to work on"),
    ("chat: a model folder that is not there", "", ["chat", "--model", "{missing}", "hi"], 3, "does not exist or holds no model"),
    ("chat: a model folder that is a file", "", ["chat", "--model", "{text}", "hi"], 3, "does not exist or holds no model"),
    ("classify: a mistyped file name", "", ["classify", "{missing}", "--labels", "a,b"], 2, "no such file or folder"),
    ("classify: labels that are only commas", "", ["classify", "some text", "--labels", ","], 2, "at least two labels"),
    ("classify: undo of an unknown run", "", ["classify", "--undo", "NOSUCH"], 2, "no organize run 'NOSUCH'"),
    ("classify: resume of an unknown job", "", ["classify", "--resume", "NOSUCH"], 2, "no classification job 'NOSUCH'"),
    ("classify: a threshold above 1", "", ["classify", "some text", "--labels", "a,b", "--threshold", "7"], 2, "between 0 and 1"),
    ("classify: NaN as the unsure score", "", ["classify", "some text", "--labels", "a,b", "--unsure-below", "nan"], 2, "between 0 and 1"),
    ("classify: a negative file size limit", "", ["classify", "some text", "--labels", "a,b", "--max-file-mb", "-1"], 2, "more than 0 MB"),
    ("classify: organize into a file", "", ["classify", "{text}", "--labels", "a,b", "--move-to", "{text}"], 2, "is a file, not a folder"),
    ("translate: a missing file", "", ["translate", "--file", "{missing}", "--to", "de"], 2, "the file no longer exists"),
    ("translate: a folder as the file", "", ["translate", "--file", "{folder}", "--to", "de"], 2, "only .txt, .md and .docx"),
    ("translate: a .docx that is no zip", "", ["translate", "--file", "{fake_docx}", "--to", "de"], 2, "not a valid zip archive"),
    ("translate: an unknown target language", "", ["translate", "hello there", "--to", "zz"], 2, "zz is not a language code"),
    ("translate: an unknown source language", "", ["translate", "hello", "--from", "qq", "--to", "de"], 2, "qq is not a language code"),
    ("translate: a missing glossary", "", ["translate", "hello", "--to", "de", "--glossary", "{missing}"], 2, "glossary file"),
    ("translate: a binary glossary", "", ["translate", "hello", "--to", "de", "--glossary", "{binary}"], 2, "is not UTF-8 text"),
    ("translate: a folder as glossary", "", ["translate", "hello", "--to", "de", "--glossary", "{folder}"], 2, "Is a directory"),
    ("sentiment: an empty file", "", ["sentiment", "--file", "{empty}"], 2, "the file has no text"),
    ("sentiment: a column of a file that is no CSV", "", ["sentiment", "--file", "{text}", "--column", "x"], 2, "is not a CSV file"),
    ("sentiment: an empty text", "", ["sentiment", ""], 2, "There is no text to work on"),
    ("sentiment: --out in a missing folder", "", ["sentiment", "--file", "{text}", "--out", "{folder}/no/x.csv"], 2, "does not exist"),
    ("models: use an unknown model", "", ["models", "use", "chat", "nosuch"], 3, "No installed model 'nosuch'"),
    ("models: import a folder without a model", "", ["models", "import", "{folder}"], 2, "No model found in"),
    ("models: import a missing folder", "", ["models", "import", "{missing}"], 2, "does not exist"),
    ("models: import a cut-short GGUF", "", ["models", "import-gguf", "{fake_gguf}"], 2, "is cut short or damaged"),
    ("models: import a folder as GGUF", "", ["models", "import-gguf", "{folder}"], 2, "is not a file"),
    ("models: remove an unknown model", "", ["models", "remove", "nosuch"], 3, "No model 'nosuch' is installed"),
    ("models: download with downloads off", "", ["models", "download", "nosuch/model"], 1, "Downloads are switched off"),
    ("ask: documents that are not there", "", ["ask", "--docs", "{missing}", "question"], 2, "None of the attached documents"),
    ("ask: an empty question", "", ["ask", "--docs", "{text}", ""], 2, "there is no question"),
    ("setup: the config folder is a file", "config is a file", ["models", "use", "chat", "auto"], 1, "could not be written"),
    ("setup: the data folder is a file", "data is a file", ["history", "list"], 1, "cannot be opened: check that its folder"),
    ("setup: the chat file is a folder", "chat file is a folder", ["chat", "--new", "hi"], 1, "cannot be opened"),
    ("setup: settings name a file as data folder", "data folder is a file", ["history", "list"], 1, "cannot be opened"),
    ("setup: settings name an unknown device", "unknown device in settings", ["sentiment", "a fine day"], 2, "is not available"),
    ("arguments: an unknown command", "", ["frobnicate"], 2, "invalid choice"),
    ("arguments: an option without its value", "", ["translate", "--to"], 2, "expected one argument"),
]
KINDS = [case[0] for case in CASES]


@pytest.mark.parametrize("kind", KINDS)
def test_each_cli_fault_ends_in_its_own_sentence_and_a_non_zero_code(isolated_home, tmp_path, kind):
    _kind, layout, argv, code, sentence = CASES[KINDS.index(kind)]
    files = _files(tmp_path / "inputs")
    _home(isolated_home, layout)
    argv = [part.format(**{name: str(path) for name, path in files.items()}) for part in argv]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "assistant", *argv], capture_output=True, text=True, cwd=ROOT, env=env,
                          stdin=subprocess.DEVNULL, timeout=300)  # fmt: skip
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout, done.stderr
    assert UNEXPECTED not in done.stderr, done.stderr
    assert done.returncode == code, (done.returncode, done.stderr)
    assert sentence in done.stderr, done.stderr
    assert files["text"].read_text(encoding="utf-8") == "hello\n"  # an input is never touched


def test_an_unexpected_error_is_a_sentence_with_the_log_not_a_traceback(isolated_home, monkeypatch, capsys):
    """The last resort: a bug in a command is logged with its traceback, and the person reads a sentence."""
    from assistant.cli import main as cli_main
    from assistant.cli import sentiment as cli_sentiment

    def broken(*_args):
        raise ValueError("a bug")

    monkeypatch.setattr(cli_sentiment, "run", broken)
    code = cli_main.main(["sentiment", "hello"])
    err = capsys.readouterr().err
    assert code == 70 and UNEXPECTED in err and "ValueError: a bug" in err and "Traceback" not in err
    log = (isolated_home / "logs" / "assistant.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "ValueError: a bug" in log
