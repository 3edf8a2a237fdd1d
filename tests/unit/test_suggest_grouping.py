"""Grouping and naming for labels suggested to a folder with none (core/classify/suggest.py), and
the reliability bins the tab draws after teaching (core/classify/reliability.py)."""

from __future__ import annotations

import torch

from assistant.core.classify import suggest
from assistant.core.classify.reliability import reliability_bins


def test_words_leave_out_stop_words_and_cut_chinese_into_pairs_without_function_characters():
    assert suggest.words_of("The invoice is due; pay the invoice by Friday, 2024!") == ["invoice", "due", "pay", "invoice", "friday"]
    assert suggest.words_of("今天天气很好") == ["今天", "天天", "天气"]  # 气很 and 很好 have 很, a function character
    assert suggest.words_of("我的电脑") == ["电脑"]  # 我的 and 的电 go
    assert suggest.words_of("Python编程") == ["编程", "python"]


def test_class_based_tfidf_names_a_group_by_words_frequent_in_it_and_rare_elsewhere():
    documents = [
        ["invoice", "payment", "report"],
        ["invoice", "payment", "tax", "report"],
        ["invoice", "tax"],
        ["recipe", "oven", "report"],
        ["recipe", "oven", "flour"],
        ["recipe", "flour", "report"],
    ]
    words = suggest.distinctive_words(documents, [0, 0, 0, 1, 1, 1], 2)
    assert words[0][0] == "invoice" and words[1][0] == "recipe"
    assert "report" not in words[0][:2] and "report" not in words[1][:2]  # in both groups: it names neither
    assert "flour" in words[1] and "oven" in words[1]
    assert suggest.names_for(words) == [" & ".join(words[0][:2]), " & ".join(words[1][:2])]


def test_names_are_all_different_and_a_group_without_words_gets_a_number():
    names = suggest.names_for([["tax", "invoice"], ["tax", "invoice", "refund"], [], ["tax", "invoice"]])
    assert len(set(names)) == 4
    assert names[:3] == ["tax & invoice", "tax & invoice & refund", "group 3"]
    assert suggest.names_for([["机器", "器人"], ["喜欢", "最喜"], ["天气", "电脑"]]) == ["机器人", "最喜欢", "天气 & 电脑"]


def clusters(k: int, per: int, dim: int = 16, spread: float = 0.15) -> tuple[torch.Tensor, list[int]]:
    generator = torch.Generator().manual_seed(7)
    centres = torch.nn.functional.normalize(torch.randn(k, dim, generator=generator), dim=1)
    rows = torch.cat([centres[c] + spread * torch.randn(per, dim, generator=generator) for c in range(k)])
    return rows, [c for c in range(k) for _ in range(per)]


def test_the_silhouette_chooses_the_number_of_groups_the_data_has_and_kmeans_recovers_them():
    vectors, truth = clusters(5, 12)
    grouping = suggest.group(vectors, (2, 9))
    assert grouping.k == 5 and set(grouping.tried) == set(range(2, 10))
    same = {(t, g) for t, g in zip(truth, grouping.assignments, strict=True)}
    assert len(same) == 5  # each true group is exactly one found group
    assert grouping.silhouette == max(grouping.tried.values()) or abs(grouping.silhouette - max(grouping.tried.values())) < 1e-3
    again = suggest.group(vectors, (2, 9))
    assert again.assignments == grouping.assignments  # the same folder gives the same groups


def test_a_small_folder_tries_at_most_half_as_many_groups_as_files():
    vectors, _ = clusters(2, 3)
    grouping = suggest.group(vectors, suggest.K_RANGE)
    assert set(grouping.tried) == {3}  # 6 files: 3 groups at most


def test_reliability_bins_count_held_out_answers_by_score():
    info = {"held_out": {"confidence": [0.95, 0.91, 0.85, 0.8, 0.3, 0.31], "right": [1, 1, 1, 0, 0, 1]}}
    bins = reliability_bins(info)
    assert bins is not None and len(bins) == 10
    filled = {round(b.low, 1): (b.right, b.examples) for b in bins if b.examples}
    assert filled == {0.9: (2, 2), 0.8: (1, 1), 0.7: (0, 1), 0.2: (0, 1), 0.3: (1, 1)}
    assert bins[9].accuracy == 1.0 and bins[7].accuracy == 0.0
    assert reliability_bins({}) is None and reliability_bins({"held_out": None}) is None


def test_word_vectors_join_the_embeddings_with_the_weight_asked_for():
    documents = [["tax", "invoice"], ["tax", "refund"], ["oven", "flour"], ["oven", "bread"], ["alone"]]
    words = suggest.word_vectors(documents)
    assert words.shape == (5, 2)  # only words in two files or more: tax, oven
    assert torch.allclose(words.norm(dim=1)[:4], torch.ones(4)) and words[4].abs().sum() == 0
    embeddings = torch.randn(5, 3, generator=torch.Generator().manual_seed(1))
    joined = suggest.combined(embeddings, documents, 0.5)
    assert joined.shape == (5, 5)
    unit = torch.nn.functional.normalize(embeddings, dim=1)
    cosine = joined[0] @ joined[1]  # half from the embeddings, half from the words
    assert abs(float(cosine) - (0.5 * float(unit[0] @ unit[1]) + 0.5 * float(words[0] @ words[1]))) < 1e-5
    assert torch.allclose(suggest.combined(embeddings, documents, 0.0), unit)
