"""Document formats, encodings and damaged files: read with text out, or refused with a reason."""

from __future__ import annotations

import io
import zipfile

import pytest

from assistant.core.files.read import read_text
from assistant.core.files.readers import UnreadableFile
from tests.fixtures.documents import make_docx, make_eml, make_odt, make_pdf, make_rtf


def test_pdf_pages_in_order(tmp_path):
    text = read_text(make_pdf(tmp_path / "r.pdf", [["The striker (9) scored.", "Café au lait"], ["Page two."]]))
    assert text == "The striker (9) scored.\nCafé au lait\n\nPage two."


def test_pdf_without_text_and_damaged_pdf(tmp_path):
    blank = make_pdf(tmp_path / "scan.pdf", [[]])
    with pytest.raises(UnreadableFile, match="no text layer"):
        read_text(blank)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n" + bytes(range(32, 127)) * 20)
    with pytest.raises(UnreadableFile, match="PDF"):
        read_text(broken)


def test_password_protected_pdf_is_refused(tmp_path):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(make_pdf(tmp_path / "plain.pdf", [["Secret plans."]])))
    writer.encrypt(user_password="open sesame", algorithm="RC4-128")
    with (tmp_path / "locked.pdf").open("wb") as handle:
        writer.write(handle)
    with pytest.raises(UnreadableFile, match="password"):
        read_text(tmp_path / "locked.pdf")


def test_docx_paragraphs_and_tables(tmp_path):
    path = make_docx(tmp_path / "d.docx", ["First paragraph.", "Zweiter Absatz: Grüße."], [["cell a", "cell b"]])
    assert read_text(path) == "First paragraph.\nZweiter Absatz: Grüße.\ncell a\ncell b"


def test_odt_heading_paragraphs_and_spaces(tmp_path):
    path = make_odt(tmp_path / "o.odt", ["Two  spaces kept.", "Second."], heading="Title")
    assert read_text(path) == "Title\nTwo  spaces kept.\nSecond."


def test_rtf_with_escapes_and_unicode(tmp_path):
    path = make_rtf(tmp_path / "r.rtf", ["Braces {kept} and café.", "Line two."])
    assert read_text(path) == "Braces {kept} and café.\nLine two."


def test_email_plain_and_html_only(tmp_path):
    plain = read_text(make_eml(tmp_path / "a.eml", "Match report", "The team won 2-0.\n"))
    assert plain.startswith("Subject: Match report\nFrom: anna@example.org") and plain.endswith("The team won 2-0.")
    assert "Attachments: data.bin" in plain and "\x00" not in plain
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"], message["Subject"] = "x@example.org", "Vote"
    message.set_content("<html><body><p>The <b>senate</b> voted.</p><script>x()</script></body></html>", subtype="html")
    (tmp_path / "h.eml").write_bytes(bytes(message))
    text = read_text(tmp_path / "h.eml")
    assert "The senate voted." in text and "<b>" not in text and "x()" not in text


def test_csv_and_source_code(tmp_path):
    (tmp_path / "t.csv").write_text('name;team;goals\n"Müller, Thomas";Bayern;12\n', encoding="utf-8")
    assert read_text(tmp_path / "t.csv") == "name | team | goals\nMüller, Thomas | Bayern | 12"
    (tmp_path / "m.py").write_text("def score(goals):\n    return goals * 2\n")
    assert "def score" in read_text(tmp_path / "m.py")


@pytest.mark.parametrize(
    "text, encoding",
    [
        ("Привет, это текст о футболе и о политике нашей страны.", "cp1251"),
        ("Привет, это текст о футболе и о политике нашей страны, мы смотрим матч.", "koi8-r"),
        ("これは日本語のテキストです。サッカーの試合について書いています。", "shift_jis"),
        ("Αυτό είναι ένα κείμενο στα ελληνικά για το ποδόσφαιρο.", "cp1253"),
        ("Grüße aus München, die Straße ist schön.", "cp1252"),
    ],
)
def test_legacy_encodings_are_detected(tmp_path, text, encoding):
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode(encoding))
    assert read_text(path) == text


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_office_files_that_are_damaged_or_hostile(tmp_path):
    (tmp_path / "notzip.docx").write_bytes(b"PK but not really a zip")
    (tmp_path / "empty.docx").write_bytes(_zip({"word/other.xml": b"<x/>"}))
    entity_bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><x>&b;</x>'
    (tmp_path / "bomb.odt").write_bytes(_zip({"content.xml": entity_bomb}))
    (tmp_path / "huge.docx").write_bytes(_zip({"word/document.xml": b" " * (65 * 1024 * 1024)}))  # 65 MB of spaces zips to ~64 KB
    expected = {"notzip.docx": "not a valid zip", "empty.docx": "missing", "bomb.odt": "not allowed", "huge.docx": "more than 64 MB"}
    for name, reason in expected.items():
        with pytest.raises(UnreadableFile, match=reason):
            read_text(tmp_path / name)


def test_rtf_and_eml_that_are_not(tmp_path):
    (tmp_path / "fake.rtf").write_text("just text pretending")
    (tmp_path / "fake.eml").write_text("no headers at all, only words")
    with pytest.raises(UnreadableFile, match="not an RTF"):
        read_text(tmp_path / "fake.rtf")
    with pytest.raises(UnreadableFile, match="not an e-mail"):
        read_text(tmp_path / "fake.eml")
