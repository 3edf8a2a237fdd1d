"""Zip bombs and XML entity bombs through every path that reads documents: a clear sentence, bounded memory."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from assistant.core.files.read import UnreadableFile, read_text
from assistant.core.files.readers.office import check_office_archive

ROOT = Path(__file__).resolve().parents[2]
BOMB_BYTES = 1024**3  # 1 GiB of zeros: about 1 MB once deflated


def _bomb(path: Path, member: str, size: int = BOMB_BYTES) -> Path:
    """A real zip bomb: ``size`` zero bytes streamed through deflate into ``member``."""
    chunk = bytes(1024 * 1024)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open(member, "w", force_zip64=True) as handle:
            for _ in range(size // len(chunk)):
                handle.write(chunk)
    return path


@pytest.fixture(scope="module")
def docx_bomb(tmp_path_factory) -> Path:
    return _bomb(tmp_path_factory.mktemp("bombs") / "bomb.docx", "word/document.xml")


def test_the_bomb_is_small_on_disk_and_huge_unpacked(docx_bomb):
    assert docx_bomb.stat().st_size < 5 * 1024 * 1024
    with zipfile.ZipFile(docx_bomb) as archive:
        assert archive.getinfo("word/document.xml").file_size == BOMB_BYTES


def test_a_smaller_bomb_is_caught_by_its_ratio(tmp_path):
    bomb = _bomb(tmp_path / "small.docx", "word/document.xml", 32 * 1024 * 1024)
    with pytest.raises(UnreadableFile, match="looks like a zip bomb: word/document.xml unpacks to"):
        check_office_archive(bomb.read_bytes(), "DOCX")
    with pytest.raises(UnreadableFile, match="looks like a zip bomb"):
        read_text(bomb)


def test_an_entity_bomb_in_any_part_is_refused_before_python_docx(tmp_path):
    laughs = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><w:document>&lol2;</w:document>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/styles.xml", laughs)
    with pytest.raises(UnreadableFile, match="contains an XML declaration that is not allowed here"):
        check_office_archive(buffer.getvalue(), "DOCX")


MEASURE = """
import json, resource, subprocess, sys
done = subprocess.run([sys.executable, "-m", "assistant", *sys.argv[1:]], capture_output=True, text=True)
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"code": done.returncode, "stderr": done.stderr, "peak_mb": peak_kb / 1024}))
"""


def _measured(*args: str) -> dict:
    done = subprocess.run([sys.executable, "-c", MEASURE, *args], capture_output=True, text=True, cwd=ROOT, env=os.environ.copy(), timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_readers_of_classify_and_documents_refuse_the_big_bomb(docx_bomb):
    from assistant.core.documents.index import read_sections

    with pytest.raises(UnreadableFile, match="the DOCX file unpacks to more than 64 MB of text"):
        read_text(docx_bomb)  # classify, train, sentiment's lines
    with pytest.raises(UnreadableFile, match="the DOCX file unpacks to more than 64 MB of text"):
        read_sections(docx_bomb)  # documents Q&A


@pytest.mark.parametrize("command", ["translate", "sentiment"])
def test_a_docx_bomb_is_refused_with_a_sentence_in_bounded_memory(isolated_home, docx_bomb, tmp_path, command):
    args = {
        "translate": ("translate", "--from", "en", "--to", "de", "--file", str(docx_bomb), "--out", str(tmp_path / "out.docx")),
        "sentiment": ("sentiment", "--file", str(docx_bomb)),
    }[command]
    run = _measured(*args)
    assert "Traceback" not in run["stderr"]
    assert "the DOCX file unpacks to more than 64 MB of text" in run["stderr"], run["stderr"]
    assert run["code"] == 2, run["stderr"]
    assert run["peak_mb"] < 800, run  # the bomb unpacks to 1024 MB; torch and transformers alone take a few hundred
    assert not (tmp_path / "out.docx").exists()
