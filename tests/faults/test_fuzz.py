"""Property-based fuzzing: readers, the text splitter, the glossary parser, the chat import formats and
the command line take any input without a traceback: a result, or their own plain error."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.cli.main import build_parser
from assistant.core.chat.export import BadExport, parse
from assistant.core.files.read import READABLE_SUFFIXES, UnreadableFile, read_text
from assistant.core.text import join_lines, split_lines, split_sentences
from assistant.core.translate.glossary import GlossaryError, load, parse_file

ROOT = Path(__file__).resolve().parents[2]
FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _zip_of(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


# Random bytes, and random XML in the right zip members: the readers get past the first check too.
xml_bytes = st.one_of(st.binary(max_size=2000), st.text(max_size=400).map(lambda t: f"<?xml version='1.0'?><w:document>{t}</w:document>".encode()))
office = st.builds(
    lambda name, xml: _zip_of({name: xml}),
    st.sampled_from(["word/document.xml", "content.xml", "other.xml"]),
    xml_bytes,
)
content = st.one_of(st.binary(max_size=4000), office, st.text(max_size=2000).map(lambda t: t.encode("utf-8", "surrogatepass")))


@FAST
@given(data=content, suffix=st.sampled_from(sorted(READABLE_SUFFIXES)))
def test_the_readers_take_any_bytes(tmp_path, data, suffix):
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    try:
        text = read_text(path)
    except UnreadableFile as exc:
        assert str(exc).strip()
    else:
        assert isinstance(text, str) and text.strip()
        assert len(text) < 100 * max(len(data), 1000)  # nothing unpacks out of proportion


@FAST
@given(text=st.text(max_size=3000))
def test_the_splitter_keeps_every_character(text):
    lines = split_lines(text)
    sentences = [s for line in lines for s in line.sentences]
    joined = join_lines(lines, sentences)
    assert "".join(joined.split()) == "".join(text.split())
    assert len(lines) == text.count("\n") + 1
    for sentence in split_sentences(text.replace("\n", " ")):
        assert sentence.strip()


glossary_text = st.one_of(
    st.text(max_size=600),
    st.lists(st.tuples(st.text(max_size=20), st.sampled_from([" -> ", ",", "\t", " = ", " → ", ""]), st.text(max_size=20)), max_size=12).map(
        lambda rows: "\n".join(a + sep + b for a, sep, b in rows)
    ),
)


@FAST
@given(text=glossary_text, suffix=st.sampled_from([".csv", ".tsv", ".txt", ".json"]))
def test_the_glossary_parser_takes_any_file(tmp_path, text, suffix):
    path = tmp_path / f"glossary{suffix}"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        terms = parse_file(path)
    except GlossaryError as exc:
        assert str(exc).strip()
    else:
        assert all(t.source.strip() and t.target.strip() for t in terms)


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20), lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4), max_leaves=20)


@FAST
@given(value=json_values)
def test_a_stored_glossary_of_any_json_loads_or_is_refused(tmp_path, value):
    path = tmp_path / "glossary.json"
    path.write_text(json.dumps({"terms": value} if isinstance(value, list) and value else value), encoding="utf-8")
    with contextlib.suppress(GlossaryError):  # refused in words is fine; any other exception is not
        load(path)


conversation_like = st.one_of(
    st.text(max_size=800),
    json_values.map(lambda v: json.dumps(v)),
    st.fixed_dictionaries(
        {"format": st.sampled_from(["local-assistant-conversation", "x"]), "version": st.integers(-1, 3) | st.text(max_size=3), "messages": json_values, "title": json_values}
    ).map(json.dumps),
    st.lists(st.tuples(st.sampled_from(["## User", "## Assistant", "## System", "# Title", "text"]), st.text(max_size=40)), max_size=8).map(
        lambda rows: "\n".join(f"{a}\n{b}" for a, b in rows)
    ),
    st.text(max_size=200).map(lambda t: f"<!doctype html><html><script type='application/json'>{t}</script></html>"),
)


@FAST
@given(text=conversation_like)
def test_the_chat_import_takes_any_text(text):
    try:
        imported = parse(text, "fuzz.md")
    except BadExport as exc:
        assert str(exc).strip()
    else:
        assert imported is not None


# ------------------------------------------------------------------ the command line

WORDS = ["translate", "sentiment", "classify", "models", "history", "chat", "ask", "--to", "--from", "--file", "--out", "--json",
         "--labels", "--threshold", "--max-file-mb", "--column", "--glossary", "--device", "--dtype", "--model", "list", "import",
         "export", "--format", "-", "--", "--resume", "--undo", "--force", "nan", "-1", "1e999", "x", "é", "\x00"]  # fmt: skip


@FAST
@given(argv=st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), min_size=1, max_size=8))
def test_random_arguments_are_parsed_or_refused_with_exit_code_2(capsys, argv):
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:
        assert stop.code in (0, 2)  # 0: --help
        err = capsys.readouterr().err
        assert stop.code == 0 or "error:" in err
        assert "Traceback" not in err
        return
    # What parsed: the commands' own checks say what does not fit together, without raising.
    from assistant.cli import sentiment, translate

    if args.command == "translate":
        problem = translate.check_arguments(args)
        assert problem is None or problem.strip()
    elif args.command == "sentiment":
        problem = sentiment.check_arguments(args)
        assert problem is None or problem.strip()


BAD_ARGV = [
    ["translate", "--to"],
    ["classify", "--threshold", "abc", "x"],
    ["sentiment", "--file"],
    ["models", "frobnicate"],
    ["nonsense-command"],
    ["--device", "tpu", "chat", "hi"],
    ["translate", "--to", "de", "hello", "--file", "x.txt"],
    ["sentiment", "--column", "text", "hello"],
]


@pytest.mark.parametrize("argv", BAD_ARGV, ids=lambda a: " ".join(a))
def test_bad_arguments_in_a_real_process_exit_2_with_a_message(isolated_home, argv):
    done = subprocess.run([sys.executable, "-m", "assistant", *argv], capture_output=True, text=True, cwd=ROOT, env=os.environ.copy(), timeout=120)
    assert done.returncode == 2, done.stderr
    assert "error" in done.stderr.lower() and "Traceback" not in done.stderr
