"""The NLI path in its other modes: multi-label equals the pipeline's multi_label=True, and long
texts are split into passages that fit next to the hypothesis."""

from __future__ import annotations

import pytest

from assistant.core.classify.messages import ClassifyItem, ClassifyRequest
from assistant.core.protocol import Result
from tests.helpers import make_engine

TEXTS = ["The team won the cup final.", "Parliament debated the budget for hours.", "A new phone with a faster chip."]
LABELS = ["sports", "politics", "technology"]


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    return make_engine(tmp_path_factory.mktemp("models"))[0]


def test_multi_label_equals_the_pipeline(engine, tiny_models):
    from transformers import pipeline

    classifier = pipeline("zero-shot-classification", model=str(tiny_models["nli"]))
    request = ClassifyRequest(tuple(LABELS), tuple(ClassifyItem(f"t{i}", text=t) for i, t in enumerate(TEXTS)),
                              model=str(tiny_models["nli"]), multi_label=True, threshold=0.5)  # fmt: skip
    terminal = engine.handle(request)
    assert isinstance(terminal, Result), terminal
    for item, text in zip(terminal.payload, TEXTS, strict=True):
        expected = classifier(text, candidate_labels=LABELS, multi_label=True)
        ours = item.scores.as_dict()
        for label, score in zip(expected["labels"], expected["scores"], strict=True):
            assert ours[label] == pytest.approx(score, abs=1e-3)
        assert set(item.labels) == {label for label, score in zip(expected["labels"], expected["scores"], strict=True) if score >= 0.5}


def test_long_text_and_descriptions_with_nli(engine, tiny_models):
    long_text = " ".join(f"Sentence {i} of a long report about the harbour and its ships." for i in range(200))
    request = ClassifyRequest(tuple(LABELS), (ClassifyItem("long", text=long_text),), model=str(tiny_models["nli"]),
                              descriptions=(("sports", "football; tennis"),))  # fmt: skip
    terminal = engine.handle(request)
    assert isinstance(terminal, Result), terminal
    item = terminal.payload[0]
    assert item.chunks > 1 and sum(score for _, score in item.scores.scores) == pytest.approx(1.0, abs=1e-5)
    assert item.passages and long_text[item.passages[0].start : item.passages[0].end] == item.passages[0].text
