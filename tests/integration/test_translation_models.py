"""Translation on real tiny models: pairs, multilingual codes, pivot, detection, glossary, files, stop and resume."""

from __future__ import annotations

import pytest

from assistant.core.models.sources import describe_folder, discover
from assistant.core.protocol import Failure, FailureKind, Partial, Result, Started
from assistant.core.translate.messages import FileTranslation, GlossaryReport, TranslatedSentence, TranslateFileRequest, TranslateRequest
from assistant.core.translate.routes import availability, find_route
from tests.conftest import model_folder
from tests.helpers import make_engine, run_ok


@pytest.fixture
def engine_with(tmp_path):
    def make(*models):
        folder = model_folder(tmp_path / "models-added", *models)
        return make_engine(tmp_path / "models", extra=(str(folder),))

    return make


def test_pairs_are_discovered_from_marian_nllb_and_m2m100(translation_models, tmp_path):
    m2m = describe_folder(translation_models["m2m100"], "added")
    nllb = describe_folder(translation_models["nllb"], "added")
    marian = describe_folder(translation_models["fr_en"], "added")
    assert (m2m.family, m2m.language_codes) == ("m2m100", ("en", "ha", "is", "ja", "cs", "ru", "zh", "de"))
    assert (nllb.family, nllb.language_codes) == ("nllb", ("en", "de", "fr", "ja", "zh"))  # deu_Latn -> de
    assert (marian.family, marian.languages) == ("marian", ("fr", "en"))
    folder = model_folder(tmp_path / "m", translation_models["fr_en"], translation_models["en_de"])
    status = availability(discover(tmp_path / "none", [str(folder)], tmp_path / "no-cache"))
    assert status.status("fr", "en") == "direct" and status.status("en", "de") == "direct"
    assert status.status("fr", "de") == "pivot" and status.status("de", "fr") == "missing"
    assert status.sources() == {"fr", "en"} and status.targets_from("fr") == {"en", "de"}


def test_pivot_through_english_when_no_direct_model(engine_with, translation_models):
    engine, replies = engine_with(translation_models["fr_en"], translation_models["en_de"])
    route = find_route(engine.inventory, "fr", "de")
    assert route.pivot == "en" and route.model_names == ("opus-mt-fr-en", "opus-mt-en-de")
    text = "Bonjour le monde. Où est la gare?\n\nMerci."
    result = run_ok(engine, TranslateRequest(text, "fr", "de"))
    started = replies.of(Started)[-1]
    assert started.backend == "translation through English" and started.model == "opus-mt-fr-en + opus-mt-en-de"
    assert started.detail.pivot == "en" and "through en" in started.detail.describe()
    # The pivot really chains the two models: each sentence is the German model's output for the English one.
    from assistant.core.translate.task import translate_batch

    first, second = (engine.loader.get(leg.model) for leg in route.legs)
    english = [translate_batch(first, [s], "fr", "en")[0] for s in ("Bonjour le monde.", "Où est la gare?", "Merci.")]
    german = [translate_batch(second, [e], "en", "de")[0] for e in english]
    assert result.payload == f"{german[0]} {german[1]}\n\n{german[2]}"


def test_no_route_says_which_pair_is_missing(engine_with, translation_models):
    engine, _ = engine_with(translation_models["fr_en"])
    failure = engine.handle(TranslateRequest("Bonjour.", "fr", "de"))
    assert failure.kind is FailureKind.MODEL_MISSING and "fr → de" in failure.message


def _plain_generate(path, text, source_code, target_token):
    """The plain way with transformers: tokenizer.src_lang, forced_bos_token_id, one sentence."""
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(path))
    model = AutoModelForSeq2SeqLM.from_pretrained(str(path))
    tokenizer.src_lang = source_code
    encoded = tokenizer(text, return_tensors="pt")
    out = model.generate(
        **encoded,
        forced_bos_token_id=tokenizer.convert_tokens_to_ids(target_token),
        max_new_tokens=encoded["input_ids"].shape[1] * 3 + 10,
        num_beams=1,
        do_sample=False,
    )
    return tokenizer.decode(out[0], skip_special_tokens=True).strip()


@pytest.mark.parametrize(
    "name, source, target, source_code, target_token",
    [("nllb", "de", "ja", "deu_Latn", "jpn_Jpan"), ("m2m100", "de", "en", "de", "__en__")],
)
def test_multilingual_models_get_their_language_codes(engine_with, translation_models, name, source, target, source_code, target_token):
    engine, replies = engine_with(translation_models[name])
    sentences = ["Guten Morgen.", "Wo ist der Bahnhof?"]
    result = run_ok(engine, TranslateRequest(" ".join(sentences), source, target))
    expected = [_plain_generate(translation_models[name], s, source_code, target_token) for s in sentences]
    assert all(expected)  # the tiny models write visible text
    assert result.payload == ("" if target == "ja" else " ").join(expected)
    assert replies.of(Started)[-1].model == translation_models[name].name


def test_auto_detects_the_source_and_reports_it(engine_with, translation_models):
    engine, replies = engine_with(translation_models["nllb"])
    result = run_ok(engine, TranslateRequest("Guten Morgen, wie geht es dir heute? Das Wetter ist schön.", "auto", "fr"))
    info = replies.of(Started)[-1].detail
    assert info.detected == "de" and info.source == "de" and info.confidence > 0.5
    assert result.payload
    same = engine.handle(TranslateRequest("Bonjour, comment allez-vous aujourd'hui ?", "auto", "fr"))
    assert same.kind is FailureKind.BAD_INPUT and "looks like French" in same.message


def test_glossary_terms_and_an_honest_report(engine_with, translation_models, monkeypatch):
    """A random model copies nothing, so the placeholders are lost: the report must say so."""
    engine, replies = engine_with(translation_models["en_de"])
    text = "The laptop is new. Good morning."
    result = run_ok(engine, TranslateRequest(text, "en", "de", glossary=(("laptop", "Klapprechner"),)))
    report = [r.payload for r in replies.of(Partial) if isinstance(r.payload, GlossaryReport)][-1]
    if "Klapprechner" in result.payload:
        assert report.missed == ()
    else:
        assert report.missed == ("laptop",)
    # The sentence without a term is translated exactly as without a glossary.
    plain = run_ok(engine, TranslateRequest(text, "en", "de")).payload
    assert result.payload.split(" ")[-1] == plain.split(" ")[-1]


def test_glossary_placeholders_come_back_with_a_model_that_copies(tmp_path, monkeypatch, engine_with, translation_models):
    """The restore path end to end: a route whose model echoes its input (a stand-in for a model that copies ZX1)."""
    from assistant.core.translate import task as translate

    monkeypatch.setattr(translate, "translate_batch", lambda loaded, texts, source, target, context=None: [t.upper() for t in texts])
    engine, replies = engine_with(translation_models["en_de"])
    result = run_ok(engine, TranslateRequest("My laptop. The cloud is big.", "en", "de", glossary=(("laptop", "Klapprechner"), ("cloud", "Wolke"))))
    assert result.payload == "MY Klapprechner. THE Wolke IS BIG."
    report = [r.payload for r in replies.of(Partial) if isinstance(r.payload, GlossaryReport)][-1]
    assert report.applied == 2 and report.missed == ()


def _docx(path):
    import docx

    document = docx.Document()
    document.add_heading("Hello world", level=1)
    paragraph = document.add_paragraph("Good morning. ")
    bold = paragraph.add_run("How are you today?")
    bold.bold = True
    document.add_paragraph("Where is the train station?", style="List Bullet")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "The dog sleeps."
    table.cell(0, 1).text = "Thank you."
    document.sections[0].footer.paragraphs[0].text = "See you later."
    document.save(str(path))
    return path


def test_file_round_trip_txt_md_docx(engine_with, translation_models, tmp_path):
    import docx

    engine, _ = engine_with(translation_models["en_de"])
    txt = tmp_path / "in.txt"
    txt.write_text("Hello world. Good morning.\n\n    Indented line.\nLast line.\n")
    result = run_ok(engine, TranslateFileRequest(str(txt), str(tmp_path / "out.txt"), "en", "de"))
    assert isinstance(result.payload, FileTranslation) and result.payload.sentences == 4
    out_lines = (tmp_path / "out.txt").read_text().split("\n")
    assert len(out_lines) == 5 and out_lines[1] == "" and out_lines[2].startswith("    ") and out_lines[4] == ""

    md = tmp_path / "in.md"
    md.write_text(
        "---\ntitle: Hello\n---\n# Hello world\n\nGood morning, see `print(x)` and [the docs](https://example.com/a).\n\n"
        "```python\nprint('Hello world.')\n```\n\n- Where is the train station?\n\n| Name | Note |\n|---|---|\n| Anna | Thank you. |\n"
    )
    run_ok(engine, TranslateFileRequest(str(md), str(tmp_path / "out.md"), "en", "de"))
    out = (tmp_path / "out.md").read_text().split("\n")
    source = md.read_text().split("\n")
    assert len(out) == len(source)
    for kept in (0, 1, 2, 4, 6, 7, 8, 9, 10, 12, 14, 16):  # front matter, blanks, code block, table delimiter
        assert out[kept] == source[kept]
    assert out[3].startswith("# ") and out[3] != source[3]
    assert "`print(x)`" in out[5] and "(https://example.com/a)" in out[5]  # inline code and link target kept
    assert out[11].startswith("- ") and out[11] != source[11]
    assert out[15].startswith("| ") and out[15].endswith(" |") and out[15].count("|") == 3 and out[15] != source[15]

    docx_in = _docx(tmp_path / "in.docx")
    run_ok(engine, TranslateFileRequest(str(docx_in), str(tmp_path / "out.docx"), "en", "de"))
    before, after = docx.Document(str(docx_in)), docx.Document(str(tmp_path / "out.docx"))
    assert [p.style.name for p in after.paragraphs] == [p.style.name for p in before.paragraphs]
    assert [p.text for p in after.paragraphs] != [p.text for p in before.paragraphs]
    assert all(p.text.strip() for p in after.paragraphs)
    assert after.tables[0].cell(0, 0).text not in ("", "The dog sleeps.")
    assert after.sections[0].footer.paragraphs[0].text not in ("", "See you later.")


def test_unsupported_and_unreadable_files_are_refused_clearly(engine_with, translation_models, tmp_path):
    engine, _ = engine_with(translation_models["en_de"])
    (tmp_path / "a.pdf").write_bytes(b"%PDF")
    (tmp_path / "b.docx").write_bytes(b"not a zip")
    (tmp_path / "c.md").write_text("```\ncode only\n```\n")
    for name, words in (("a.pdf", "only .txt, .md and .docx"), ("b.docx", "damaged DOCX file (not a valid zip archive)"), ("c.md", "no text to translate")):
        failure = engine.handle(TranslateFileRequest(str(tmp_path / name), str(tmp_path / "out"), "en", "de"))
        assert failure.kind is FailureKind.BAD_INPUT and words in failure.message, failure.message
    assert not (tmp_path / "out").exists()


def test_stop_mid_way_keeps_a_checkpoint_and_the_next_run_resumes(engine_with, translation_models, tmp_path, monkeypatch):
    from assistant.core.translate import task as translate
    from tests.fixtures.tiny_models import ENGLISH_LINES

    monkeypatch.setattr(translate, "BATCH_SIZE", 4)
    engine, replies = engine_with(translation_models["en_de"])
    source = tmp_path / "long.txt"
    source.write_text("\n".join(ENGLISH_LINES[:12]) + "\n")
    checkpoints = tmp_path / "checkpoints"
    request = TranslateFileRequest(str(source), str(tmp_path / "out.txt"), "en", "de", checkpoint_dir=str(checkpoints))

    def stop_after_first_batch(reply):
        replies(reply)
        if isinstance(reply, Partial) and isinstance(reply.payload, TranslatedSentence):
            engine.cancel(request.id)

    engine.emit = stop_after_first_batch
    stopped = engine.handle(request)
    assert isinstance(stopped, Failure) and stopped.kind is FailureKind.CANCELLED
    assert "Stopped after 4 of 12 sentences" in stopped.message
    assert not (tmp_path / "out.txt").exists()
    assert len(list(checkpoints.glob("*.jsonl"))) == 1

    engine.emit = replies
    again = TranslateFileRequest(str(source), str(tmp_path / "out.txt"), "en", "de", checkpoint_dir=str(checkpoints))
    resumed = run_ok(engine, again)
    assert resumed.payload.resumed == 4 and resumed.stats.items == 8
    assert not list(checkpoints.glob("*.jsonl"))  # done: the checkpoint is gone
    run_ok(engine, TranslateFileRequest(str(source), str(tmp_path / "fresh.txt"), "en", "de"))
    assert (tmp_path / "out.txt").read_text() == (tmp_path / "fresh.txt").read_text()


def test_stop_during_a_text_translation(engine_with, translation_models, monkeypatch):
    from assistant.core.translate import task as translate

    monkeypatch.setattr(translate, "BATCH_SIZE", 2)
    engine, replies = engine_with(translation_models["en_de"])
    request = TranslateRequest("One. Two. Three. Four. Five. Six.", "en", "de")

    def stop_on_first(reply):
        replies(reply)
        if isinstance(reply, Partial):
            engine.cancel(request.id)

    engine.emit = stop_on_first
    terminal = engine.handle(request)
    assert terminal.kind is FailureKind.CANCELLED
    assert len([r for r in replies.of(Partial) if r.request_id == request.id]) == 2  # the first batch, then stop


def test_words_per_second_in_the_stats(engine_with, translation_models):
    engine, _ = engine_with(translation_models["en_de"])
    result = run_ok(engine, TranslateRequest("Hello world. Good morning to you.", "en", "de"))
    assert result.stats.words == 6 and "words/s" in result.stats.describe()
    assert isinstance(result, Result)
