"""Translation without models: language codes, detection, splitting, placeholders, glossary, files, tables."""

from __future__ import annotations

import pytest

from assistant.core import languages
from assistant.core.text import MAX_SENTENCE_CHARS, join_lines, split_lines, split_sentences
from assistant.core.translate import placeholders
from assistant.core.translate.detect import detect_language
from assistant.core.translate.glossary import ANY, Glossary, GlossaryError, Term, load, pairs_for, parse_file, save


def test_language_codes_for_each_kind_of_model():
    assert languages.to_nllb("de") == "deu_Latn" and languages.to_nllb("zh") == "zho_Hans"
    assert languages.to_nllb("ace_Arab") == "ace_Arab" and languages.to_nllb("xx") is None
    assert languages.from_nllb("jpn_Jpan") == "ja" and languages.from_nllb("ace_Arab") == "ace_Arab"
    assert languages.m2m100_code_from_token("__de__") == "de" and languages.m2m100_code_from_token("de") is None
    assert languages.label("de") == "German (de)" and languages.name(languages.AUTO) == "Detect language"
    assert languages.joiner("ja") == "" and languages.joiner("de") == " "
    assert languages.count_words("Guten Morgen, Welt") == 3 and languages.count_words("今天天气") == 4


@pytest.mark.parametrize(
    "text, code",
    [
        ("Good morning, how are you today? The weather is nice.", "en"),
        ("Guten Morgen, wie geht es dir heute? Das Wetter ist schön.", "de"),
        ("Bonjour, comment allez-vous aujourd'hui ?", "fr"),
        ("今天天气很好，我们去公园吧。", "zh"),
        ("東京は大きいです。ありがとうございます。", "ja"),
        ("Привет, как у тебя дела сегодня?", "ru"),
    ],
)
def test_language_detection_offline(text, code):
    detection = detect_language(text)
    assert detection.language == code
    assert 0.5 < detection.confidence <= 1.0
    assert len(detection.alternatives) == 2 and all(p <= detection.confidence for _, p in detection.alternatives)


def test_detection_is_unsure_about_text_without_language():
    assert detect_language("12345 678").confidence < 0.2


def test_mixed_script_splitting():
    text = "Thanks.谢谢！Dr. Wu said 3.5 percent. 東京は大きい。「本当？」と聞いた。यह अच्छा है। वह घर है। هل أنت بخير؟ نعم"
    assert split_sentences(text) == [
        "Thanks.",
        "谢谢！",
        "Dr. Wu said 3.5 percent.",
        "東京は大きい。",
        "「本当？」と聞いた。",
        "यह अच्छा है।",
        "वह घर है।",
        "هل أنت بخير؟",
        "نعم",
    ]


def test_overlong_sentences_are_cut_at_commas_and_nothing_is_lost():
    text = ", ".join(f"item number {i}" for i in range(150))
    pieces = split_sentences(text)
    assert len(pieces) > 1 and all(len(p) <= MAX_SENTENCE_CHARS for p in pieces)
    assert " ".join(pieces).replace(" ", "") == text.replace(" ", "")
    cjk = "字" * 900  # no stop, no space: hard cuts
    assert "".join(split_sentences(cjk)) == cjk


def test_paragraphs_and_indentation_survive_a_round_trip():
    text = "One. Two!\n\n  Three?\n\n\n四。五。"
    lines = split_lines(text)
    sentences = [s for line in lines for s in line.sentences]
    assert join_lines(lines, sentences) == "One. Two!\n\n  Three?\n\n\n四。 五。"
    assert join_lines(lines, sentences, "") == "One.Two!\n\n  Three?\n\n\n四。五。"


def test_placeholders_survive_what_models_do_to_them():
    text, slots = Glossary([("pipeline", "Pipeline-X"), ("New York City", "NYC")]).protect("The pipeline in New York City, the PIPELINE.")
    assert "pipeline" not in text.lower() and "New York" not in text and len(slots) == 3
    mangled = text.replace("ZX1", "zx 1").replace("ZX2", "ZX2")  # lower case and a space: still found
    restored, missing = Glossary.restore(mangled, slots)
    assert restored == "The Pipeline-X in NYC, the Pipeline-X."
    assert not missing
    dropped, missing = Glossary.restore(text.replace("ZX2", ""), slots)
    assert [s.original for s in missing] == ["New York City"]


def test_glossary_matches_whole_words_only_and_cjk_inside_runs():
    glossary = Glossary([("cat", "Katze"), ("東京", "Tokyo")])
    text, slots = glossary.protect("A cat in a catalogue. 東京都")
    assert text.startswith("A ZX1 in a catalogue.") and len(slots) == 2
    assert placeholders.restore(text, slots)[0] == "A Katze in a catalogue. Tokyo都"
    assert not Glossary([])  # empty glossary: nothing to do
    assert Glossary([]).protect("cat") == ("cat", [])


def test_glossary_numbers_do_not_clash_with_placeholders_already_there():
    text, slots = Glossary([("cat", "Katze")]).protect("ZX1 and a cat")
    assert slots[0].number == 2 and text == "ZX1 and a ZX2"


def test_glossary_file_formats_and_storage(tmp_path):
    (tmp_path / "g.csv").write_text("term,translation\nlaptop,Notebook,en,de\ncloud,Wolke\n")
    (tmp_path / "g.txt").write_text("# my terms\nlaptop -> Klapprechner\ncloud = Cloud\n")
    (tmp_path / "bad.txt").write_text("just one word\n")
    csv_terms = parse_file(tmp_path / "g.csv")
    assert csv_terms == [Term("laptop", "Notebook", "en", "de"), Term("cloud", "Wolke", ANY, ANY)]
    assert parse_file(tmp_path / "g.txt") == [Term("laptop", "Klapprechner"), Term("cloud", "Cloud")]
    with pytest.raises(GlossaryError, match="Line 1"):
        parse_file(tmp_path / "bad.txt")
    assert pairs_for(csv_terms, "en", "de") == (("laptop", "Notebook"), ("cloud", "Wolke"))
    assert pairs_for(csv_terms, "fr", "de") == (("cloud", "Wolke"),)
    assert pairs_for(csv_terms, "auto", "de") == (("laptop", "Notebook"), ("cloud", "Wolke"))
    stored = tmp_path / "data" / "glossary.json"
    assert load(stored) == []
    save(stored, csv_terms)
    assert load(stored) == csv_terms


def test_batch_input_from_lines_and_csv(tmp_path):
    from assistant.core.sentiment.tables import TableError, csv_columns, read_batch

    (tmp_path / "lines.txt").write_text("Great product.\n\n  Awful service.  \n")
    batch = read_batch(tmp_path / "lines.txt")
    assert batch.texts == ["Great product.", "Awful service."] and batch.skipped == 1 and not batch.header
    (tmp_path / "reviews.csv").write_text('id,date,review\n1,2024-01-01,"Loved it, really"\n2,2024-01-02,\n3,2024-01-03,Not good\n')
    batch = read_batch(tmp_path / "reviews.csv")
    assert batch.column == "review" and batch.texts == ["Loved it, really", "Not good"] and batch.skipped == 1
    assert batch.rows[1] == ("3", "2024-01-03", "Not good")
    assert csv_columns(tmp_path / "reviews.csv") == ["id", "date", "review"]
    (tmp_path / "other.csv").write_text("n;words;flag\n1;a long sentence here;x\n2;another long one;y\n")
    guessed = read_batch(tmp_path / "other.csv")
    assert guessed.column == "words"  # the longest texts, with ; sniffed as the delimiter
    assert read_batch(tmp_path / "other.csv", column="FLAG").texts == ["x", "y"]
    with pytest.raises(TableError, match="no column 'nope'.*n, words, flag"):
        read_batch(tmp_path / "other.csv", column="nope")
    with pytest.raises(TableError, match="not a CSV"):
        read_batch(tmp_path / "lines.txt", column="x")
