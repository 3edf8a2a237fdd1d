"""Sentiment per sentence with a combined overall, batches from lines and CSV, star models, CLI."""

from __future__ import annotations

import csv
import json

import pytest

from assistant.core.protocol import FailureKind, Partial
from assistant.core.sentiment.labels import polarity
from assistant.core.sentiment.messages import ScoredRow, SentimentBatchRequest, SentimentRequest
from tests.helpers import make_engine, run_ok
from tests.integration.test_cli import cli, with_settings


@pytest.fixture
def engine(tmp_path):
    return make_engine(tmp_path / "models")


def test_long_text_is_scored_per_sentence_and_combined_by_length(engine, tiny_models):
    from transformers import pipeline

    engine, _ = engine
    model = str(tiny_models["sentiment"])
    sentences = ["I love this wonderful film.", "OK.", "The service was slow and the soup was cold, which made the evening rather disappointing."]
    text = f"{sentences[0]} {sentences[1]}\n\n{sentences[2]}"
    result = run_ok(engine, SentimentRequest(text, model=model)).payload
    assert [s.text for s in result.sentences] == sentences
    classifier = pipeline("text-classification", model=model, top_k=None)
    tokens = classifier.tokenizer(sentences, padding=True, return_tensors="pt")["attention_mask"].sum(dim=1).tolist()
    expected = {}
    for sentence, weight in zip(sentences, tokens, strict=True):
        for entry in classifier([sentence])[0]:
            expected[entry["label"].lower()] = expected.get(entry["label"].lower(), 0.0) + entry["score"] * weight / sum(tokens)
    for label, score in result.scores.scores:
        assert score == pytest.approx(expected[label], abs=1e-3)
    assert result.label == max(expected, key=expected.get)
    assert [round(s.weight, 4) for s in result.sentences] == [round(t / sum(tokens), 4) for t in tokens]
    for scored, sentence in zip(result.sentences, sentences, strict=True):  # each sentence's own scores are the pipeline's
        assert scored.scores.top == max(classifier([sentence])[0], key=lambda e: e["score"])["label"].lower()


def test_a_single_sentence_is_scored_whole(engine, tiny_models):
    engine, _ = engine
    result = run_ok(engine, SentimentRequest("Nice!", model=str(tiny_models["sentiment"]))).payload
    assert result.sentences == ()


def test_batch_from_a_csv_column_fills_rows_in_order(engine, tiny_models, tmp_path):
    engine, replies = engine
    path = tmp_path / "reviews.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "review", "stars"])
        for i in range(300):
            writer.writerow([i, f"Review number {i}: the product was {'great' if i % 2 else 'awful'}.", i % 5])
    result = run_ok(engine, SentimentBatchRequest(path=str(path), model=str(tiny_models["sentiment"])))
    rows = [r.payload for r in replies.of(Partial) if isinstance(r.payload, ScoredRow)]
    assert [r.index for r in rows] == list(range(300))  # in file order, as they finish
    assert result.payload.column == "review" and result.payload.count == 300
    assert sum(count for _, count in result.payload.counts) == 300
    assert rows[7].fields == ("7", "Review number 7: the product was great.", "2")
    direct = run_ok(engine, SentimentRequest(rows[7].text, model=str(tiny_models["sentiment"]))).payload
    assert rows[7].scores.top == direct.label and rows[7].scores.top_score == pytest.approx(direct.scores.top_score, abs=1e-4)
    assert result.stats.unit == "lines" and result.stats.items == 300


def test_batch_errors_are_bad_input(engine, tiny_models, tmp_path):
    engine, _ = engine
    (tmp_path / "a.csv").write_text("x,y\n1,2\n")
    failure = engine.handle(SentimentBatchRequest(path=str(tmp_path / "a.csv"), column="text", model=str(tiny_models["sentiment"])))
    assert failure.kind is FailureKind.BAD_INPUT and "no column 'text'" in failure.message


def test_star_rating_models_are_sentiment_models_and_coloured(tmp_path):
    from assistant.core.models.sources import describe_folder
    from tests.fixtures.tiny_models import make_sentiment

    folder = make_sentiment(tmp_path / "tiny-stars", ("1 star", "2 stars", "3 stars", "4 stars", "5 stars"))
    info = describe_folder(folder, "added")
    assert info.kind == "sentiment classifier"
    assert [polarity(label) for label in ("1 star", "3 stars", "5 stars", "positive", "joy")] == ["negative", "neutral", "positive", "positive", None]
    engine, _ = make_engine(tmp_path / "models")
    result = run_ok(engine, SentimentRequest("Das Essen war ausgezeichnet. Le service était lent.", model=str(folder))).payload
    assert len(result.sentences) == 2 and result.label in info.labels


def test_a_model_with_neutral_is_preferred(tmp_path, tiny_models):
    from assistant.core.models.sources import discover
    from assistant.core.protocol import Task
    from tests.conftest import model_folder
    from tests.fixtures.tiny_models import make_sentiment

    two = make_sentiment(tmp_path / "a-two-labels", ("NEGATIVE", "POSITIVE"))
    folder = model_folder(tmp_path / "m", two, tiny_models["sentiment"])
    chosen = discover(tmp_path / "none", [str(folder)], tmp_path / "no-cache").for_task(Task.SENTIMENT)[0]
    assert chosen.name == "tiny-sentiment"


def test_anchor_approximation_scores_batches_too(engine, tmp_path):
    engine, _ = engine
    result = run_ok(engine, SentimentBatchRequest(texts=("I love it, wonderful!", "This is awful and I hate it.")))
    assert result.payload.backend == "embedding anchors (approximation)"
    labels = [row.label for row in result.payload.rows]
    assert labels == ["positive", "negative"]


# --------------------------------------------------------------------- CLI


def test_cli_sentiment_file_to_csv_and_json(isolated_home, tiny_models, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("id,comment\n1,Great stuff\n2,Terrible\n3,Fine\n")
    out = tmp_path / "scored.csv"
    done = cli("sentiment", "--model", str(tiny_models["sentiment"]), "--file", str(path), "--column", "comment", "--out", str(out), "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["result"]["count"] == 3 and data["result"]["column"] == "comment" and data["out"] == str(out)
    rows = list(csv.reader(out.open()))
    assert rows[0][:3] == ["id", "comment", "sentiment"] and rows[0][3:] == ["score_negative", "score_neutral", "score_positive"]
    assert [r[0] for r in rows[1:]] == ["1", "2", "3"]
    lines = tmp_path / "lines.txt"
    lines.write_text("Good\nBad\n")
    done = cli("sentiment", "--model", str(tiny_models["sentiment"]), "--file", str(lines))
    assert done.returncode == 0 and len(done.stdout.strip().split("\n")) == 2 and "2 lines" in done.stderr


def test_cli_translate_file_glossary_and_pairs(isolated_home, tiny_models, tmp_path):
    with_settings(isolated_home, extra_model_dirs=[str(tiny_models["marian"].parent)])
    done = cli("translate", "--list-pairs", "--json")
    assert done.returncode == 0, done.stderr
    pairs = json.loads(done.stdout)["pairs"]
    assert {"from": "en", "to": "de", "via": None, "models": ["opus-mt-en-de"]} in pairs
    source = tmp_path / "notes.md"
    source.write_text("# Hello world\n\n```\nkeep me\n```\n")
    glossary = tmp_path / "terms.txt"
    glossary.write_text("world -> Welt\n")
    done = cli("translate", "--from", "auto", "--to", "de", "--file", str(source), "--glossary", str(glossary), "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    out = tmp_path / "notes.de.md"
    assert data["result"]["out_path"] == str(out) and data["info"]["models"] == ["opus-mt-en-de"]
    assert data["glossary"]["missed"] in ([], ["world"])
    assert out.read_text().split("\n")[1:] == ["", "```", "keep me", "```", ""]
    done = cli("translate", "--to", "de")
    assert done.returncode == 2 and "--file" in done.stderr
