import os

import pytest

from assistant.core.files.read import UnreadableFile, read_text
from assistant.core.files.walk import expand_paths


def test_plain_markdown_and_html(tmp_path):
    (tmp_path / "a.txt").write_text("plain text ü", encoding="utf-8")
    (tmp_path / "b.md").write_text("# Title\n\nSome *markdown*.", encoding="utf-8")
    (tmp_path / "c.html").write_text(
        "<html><head><title>T</title><style>p{}</style></head><body><p>One &amp; two</p><script>evil()</script></body></html>"
    )
    assert read_text(tmp_path / "a.txt") == "plain text ü"
    assert "*markdown*" in read_text(tmp_path / "b.md")
    html = read_text(tmp_path / "c.html")
    assert "One & two" in html and "evil" not in html and "p{}" not in html


def test_encodings(tmp_path):
    (tmp_path / "latin.txt").write_bytes("café crème".encode("cp1252"))
    (tmp_path / "utf16.txt").write_bytes("grüße".encode("utf-16"))
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbfhello")
    assert read_text(tmp_path / "latin.txt") == "café crème"
    assert read_text(tmp_path / "utf16.txt") == "grüße"
    assert read_text(tmp_path / "bom.txt") == "hello"


@pytest.mark.parametrize(
    "make, reason",
    [
        (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256))), "binary"),
        (lambda p: p.write_text("   \n"), "no text"),
        (lambda p: p.symlink_to(p.parent / "nothing-here"), "no longer exists"),
        (lambda p: os.mkfifo(p), "not a regular file"),
        (lambda p: p.mkdir(), "not a regular file"),
    ],
)
def test_unreadable_files_say_why(tmp_path, make, reason):
    path = tmp_path / "item"
    make(path)
    with pytest.raises(UnreadableFile, match=reason):
        read_text(path)


def test_size_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("x" * 2000)
    with pytest.raises(UnreadableFile, match="too large"):
        read_text(path, max_bytes=1000)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file regardless of permissions")
def test_permission_denied(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("x")
    path.chmod(0)
    with pytest.raises(UnreadableFile, match="permission denied"):
        read_text(path)


def test_expand_paths_walks_folders_skips_hidden_and_does_not_follow_symlink_loops(tmp_path):
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "one.txt").write_text("1")
    (tmp_path / "sub" / "two.md").write_text("2")
    (tmp_path / "sub" / "deeper" / "three.txt").write_text("3")
    (tmp_path / ".hidden.txt").write_text("h")
    (tmp_path / "sub" / "loop").symlink_to(tmp_path, target_is_directory=True)
    names = sorted(p.name for p in expand_paths([str(tmp_path)]))
    assert names == ["one.txt", "three.txt", "two.md"]  # the looping link is not followed
