"""The core's outputs equal the transformers pipelines' on the same models.

Same labels, scores within 1e-3, the same greedy text.  For translation, which
transformers 5 has no pipeline for, the baseline is the plain way: tokenizer +
model.generate, one sentence at a time.
"""

from __future__ import annotations

import pytest

from assistant.core.chat.messages import ChatMessage, ChatRequest
from assistant.core.classify.messages import ClassifyItem, ClassifyRequest
from assistant.core.sentiment.messages import SentimentRequest
from assistant.core.translate.messages import TranslateRequest
from tests.helpers import make_engine, run_ok

TEXTS = [
    "I really enjoyed the film, the actors were wonderful.",
    "The service was slow and the food arrived cold.",
    "The meeting is on Tuesday at ten.",
]


@pytest.fixture
def engine(tmp_path):
    engine, _ = make_engine(tmp_path / "models")
    return engine


@pytest.mark.parametrize("text", TEXTS)
def test_sentiment_equals_text_classification_pipeline(engine, tiny_models, text):
    from transformers import pipeline

    expected = pipeline("text-classification", model=str(tiny_models["sentiment"]), top_k=None)([text])[0]
    result = run_ok(engine, SentimentRequest(text, model=str(tiny_models["sentiment"]))).payload
    ours = result.scores.as_dict()
    assert set(ours) == {e["label"].lower() for e in expected}
    for entry in expected:
        assert ours[entry["label"].lower()] == pytest.approx(entry["score"], abs=1e-3)
    assert result.label == max(expected, key=lambda e: e["score"])["label"].lower()
    assert result.backend == "sentiment model"


def test_zero_shot_equals_zero_shot_pipeline(engine, tiny_models):
    from transformers import pipeline

    labels = ["sports", "politics", "technology", "cooking"]
    classifier = pipeline("zero-shot-classification", model=str(tiny_models["nli"]))
    request = ClassifyRequest(tuple(labels), tuple(ClassifyItem(name=f"t{i}", text=t) for i, t in enumerate(TEXTS)), model=str(tiny_models["nli"]))
    items = run_ok(engine, request).payload
    for item, text in zip(items, TEXTS, strict=True):
        expected = classifier(text, candidate_labels=labels)
        assert item.scores.top == expected["labels"][0]
        ours = item.scores.as_dict()
        for label, score in zip(expected["labels"], expected["scores"], strict=True):
            assert ours[label] == pytest.approx(score, abs=1e-3)


def test_chat_equals_text_generation_pipeline(engine, tiny_models):
    from transformers import pipeline

    messages = [
        {"role": "system", "content": "You are brief."},
        {"role": "user", "content": "Say something about the sea."},
        {"role": "assistant", "content": "The sea is wide."},
        {"role": "user", "content": "And the sky?"},
    ]
    generator = pipeline("text-generation", model=str(tiny_models["causal_lm"]))
    expected = generator(messages, max_new_tokens=12, do_sample=False)[0]["generated_text"][-1]["content"]
    request = ChatRequest(tuple(ChatMessage(m["role"], m["content"]) for m in messages), max_new_tokens=12, model=str(tiny_models["causal_lm"]))
    result = run_ok(engine, request)
    assert result.payload == expected
    assert result.stats.unit == "tokens" and result.stats.items > 0


def test_translation_equals_plain_generate_one_sentence_at_a_time(engine, tiny_models):
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    path = str(tiny_models["marian"])
    tokenizer = AutoTokenizer.from_pretrained(path)
    model = AutoModelForSeq2SeqLM.from_pretrained(path)
    sentences = ["Hello world.", "The weather is nice and the sun is shining.", "Where is the train station?", "I would like a cup of coffee, please."]
    expected = []
    for sentence in sentences:
        encoded = tokenizer(sentence, return_tensors="pt")
        out = model.generate(**encoded, max_new_tokens=encoded["input_ids"].shape[1] * 3 + 10, num_beams=1, do_sample=False)
        expected.append(tokenizer.decode(out[0], skip_special_tokens=True).strip())
    text = " ".join(sentences[:2]) + "\n\n" + " ".join(sentences[2:])
    result = run_ok(engine, TranslateRequest(text, "en", "de", model=path))
    assert result.payload == f"{expected[0]} {expected[1]}\n\n{expected[2]} {expected[3]}"
    assert result.stats.items == 4 and result.stats.unit == "sentences"
