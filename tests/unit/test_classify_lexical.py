"""Words as zero-shot evidence: terms in English and Chinese, TF-IDF over a batch, the job's record
of each file's words (torn writes cut off), and a second step that learns from words when the
vectors say nothing."""

from __future__ import annotations

import random

import pytest

torch = pytest.importorskip("torch")

from assistant.core.classify.job import JobStore  # noqa: E402
from assistant.core.classify.lexical import Tfidf, term_counts  # noqa: E402
from assistant.core.classify.refine import Refinement  # noqa: E402


def test_terms_are_words_in_english_and_characters_and_pairs_in_chinese():
    assert term_counts("The cat, the CAT and 2 dogs: a x") == {"the": 2, "cat": 2, "and": 1, "dogs": 1}
    assert term_counts("我喜欢电影") == {"我": 1, "喜": 1, "欢": 1, "电": 1, "影": 1, "我喜": 1, "喜欢": 1, "欢电": 1, "电影": 1}
    assert term_counts("a b b c c c dd dd dd dd ee ee ee ee ee", limit=1) == {"ee": 5}


def test_tfidf_keeps_shared_terms_and_the_labels_words_and_weighs_rare_ones_more():
    documents = [{"the": 3, "goal": 1}, {"the": 2, "match": 1}, {"the": 1, "goal": 2, "once": 1}]
    tfidf = Tfidf(documents, extra=["film"])
    assert set(tfidf.index) == {"the", "goal", "film"}  # "match" and "once" occur in one text only
    matrix = tfidf.matrix([{"the": 1, "goal": 1}, {"film": 1}, {"unknown": 4}])
    assert matrix[0, tfidf.index["goal"]] > matrix[0, tfidf.index["the"]]  # in two texts of three, not all three
    assert torch.allclose(matrix[:2].norm(dim=1), torch.ones(2))
    assert matrix[2].abs().sum() == 0  # nothing known: no direction


def test_the_words_record_reads_back_and_a_torn_tail_is_cut_off(tmp_path):
    store = JobStore(tmp_path, "job")
    store.folder.mkdir(parents=True)
    assert store.read_terms() == {}
    store.append_terms([(0, {"电影": 2, "film": 1}), (5, {})])
    whole = store.terms_file.stat().st_size
    with store.terms_file.open("ab") as handle:  # a crash in the middle of the next line
        handle.write(b'[7, {"fil')
    assert store.read_terms() == {0: {"电影": 2, "film": 1}, 5: {}}
    assert store.terms_file.stat().st_size == whole
    store.append_terms([(5, {"again": 1})])
    assert store.read_terms()[5] == {"again": 1}  # a later line for an index wins


def test_the_second_step_learns_from_words_where_the_vectors_say_nothing():
    rng = random.Random(4)
    words = {0: ["goal", "match", "team"], 1: ["oven", "recipe", "flour"], 2: ["vote", "senate", "law"]}
    common = ["today", "report", "people", "about", "said"]
    targets = [label for label in range(3) for _ in range(30)]
    terms = []
    for label in targets:
        chosen = words[label] + rng.sample(common, 3)
        terms.append({word: 1 for word in chosen})
    vectors = torch.nn.functional.normalize(torch.randn(len(targets), 16, generator=torch.Generator().manual_seed(0)), dim=1)
    y = torch.tensor(targets)
    # First scores right on about 70 % of the texts, as sure of the wrong as of the right: noisy pseudo-labels.
    first = torch.zeros(len(targets), 3)
    for row, label in enumerate(targets):
        top = rng.uniform(0.4, 0.9)
        first[row] = (1 - top) / 2
        first[row, label if rng.random() < 0.75 else (label + 1) % 3] = top
    refinement = Refinement(("a", "b", "c"), 0.0)
    with_words = (refinement.revise(vectors, first, terms).argmax(dim=1) == y).float().mean()
    without = (refinement.revise(vectors, first).argmax(dim=1) == y).float().mean()
    first_right = (first.argmax(dim=1) == y).float().mean()
    assert with_words >= 0.85 and with_words > first_right + 0.1 and without < first_right + 0.05
