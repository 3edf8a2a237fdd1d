"""Teach by example: the cross-validated strength and the fitted temperature, on synthetic data
whose answer is known (no model needed); zero-shot self-training that cannot collapse."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")

from assistant.core.classify import selftrain, trained  # noqa: E402


def clusters(per_label: int, labels: int, dim: int, spread: float, seed: int, noise_seed: int | None = None):
    """Points around ``labels`` random unit centres (fixed by ``seed``): the larger ``spread``, the more
    the labels overlap; another ``noise_seed`` draws other points around the same centres."""
    g = torch.Generator().manual_seed(seed)
    centres = torch.nn.functional.normalize(torch.randn(labels, dim, generator=g), dim=1)
    if noise_seed is not None:
        g = torch.Generator().manual_seed(noise_seed)
    targets = torch.arange(labels).repeat_interleave(per_label)
    points = centres[targets] + spread * torch.randn(len(targets), dim, generator=g) / dim**0.5
    return torch.nn.functional.normalize(points, dim=1), targets


def ece(probabilities, targets, bins: int = 10) -> float:
    confidence, predicted = probabilities.max(dim=1)
    right = (predicted == targets).float()
    total = 0.0
    for b in range(bins):
        inside = (confidence > b / bins) & (confidence <= (b + 1) / bins)
        if inside.any():
            total += abs(right[inside].mean() - confidence[inside].mean()).item() * inside.float().mean().item()
    return total


def test_the_fitted_temperature_lowers_the_calibration_error_of_over_confident_scores():
    """Logits that say 'sure' (about 0.99) for answers right 70 % of the time, as a classifier trained on
    a few examples does: the temperature fitted on one half makes the other half honest."""
    g = torch.Generator().manual_seed(1)
    n, labels = 2000, 5
    targets = torch.randint(0, labels, (n,), generator=g)
    wrong = torch.rand(n, generator=g) < 0.3
    predicted = torch.where(wrong, (targets + torch.randint(1, labels, (n,), generator=g)) % labels, targets)
    logits = torch.nn.functional.one_hot(predicted, labels).float() * 8.0 + 0.5 * torch.randn(n, labels, generator=g)
    temperature, before, after = trained.fit_temperature(logits[: n // 2], targets[: n // 2])
    assert temperature > 1.0 and after < before
    held_logits, held_targets = logits[n // 2 :], targets[n // 2 :]
    raw = ece(torch.softmax(held_logits, dim=1), held_targets)
    calibrated = ece(torch.softmax(held_logits / temperature, dim=1), held_targets)
    assert raw > 0.2 and calibrated < 0.05


def test_cross_validation_picks_a_strength_from_the_grid_and_records_it():
    x, y = clusters(6, 4, 32, 1.0, seed=2)
    model = trained.train("t", tuple("abcd"), x, y.tolist(), "", [])
    assert model.info["strength_c"] in (*trained.C_GRID, None)  # None: the old fixed decay
    assert model.info["cv_folds"] == 5


def test_strong_overlap_gets_a_stronger_regularisation_than_clean_labels():
    noisy_x, noisy_y = clusters(10, 4, 64, 6.0, seed=3)
    clean_x, clean_y = clusters(10, 4, 64, 0.3, seed=3)

    def c_of(c):  # None: the fixed decay, as scikit-learn's C for these 40 examples
        return 1 / (2 * trained.L2 * 40) if c is None else c

    noisy = c_of(trained.choose_strength(noisy_x, noisy_y, 4)[0])
    clean = c_of(trained.choose_strength(clean_x, clean_y, 4)[0])
    assert noisy <= clean


def test_the_held_out_answers_say_what_unsure_below_means():
    x, y = clusters(10, 4, 32, 3.0, seed=6)  # overlapping labels: some held-out answers are wrong
    model = trained.train("t", tuple("abcd"), x, y.tolist(), "", [])
    right, sure, total = trained.reliability_at(model.info, 0.0)
    assert sure == total == 40 and right / total == pytest.approx(model.info["cv_accuracy"])
    assert right < total
    confident = trained.reliability_at(model.info, 0.9)
    assert confident[1] < total and confident[0] <= confident[1]
    # Calibrated: the held-out examples scored higher are right more often.
    low, high = trained.reliability_at(model.info, 0.0), trained.reliability_at(model.info, 0.5)
    assert high[1] == 0 or high[0] / high[1] >= low[0] / low[1]


def test_a_tuned_classifier_is_judged_and_calibrated_by_heads_of_its_own_strength_on_unseen_vectors():
    """Fine-tuning: the classifier's own vectors come from an encoder that saw every example (tight
    clusters here), the held-out vectors from encoders tuned without each half (overlapping ones).
    The accuracy shown is the held-out one, and the temperature is fitted on heads of the strength
    the classifier itself was fitted with: heads of different strengths give logits of different
    sizes, and a temperature fitted on one does not fit the other."""
    own, targets = clusters(6, 4, 32, 0.3, seed=5, noise_seed=10)  # separable: its own CV says 100 %
    folds = torch.tensor(trained.stratified_folds(targets.tolist(), 2))
    unseen = [clusters(6, 4, 32, 3.0, seed=5, noise_seed=11 + f)[0] for f in (0, 1)]
    cross = trained.CrossFitted(unseen, folds)
    model = trained.train("t", tuple("abcd"), own, targets.tolist(), "", [], cross=cross)

    c = model.info["strength_c"]
    held = trained.held_out_logits(cross, targets, 4, c)
    assert model.info["cv_folds"] == 2
    assert model.info["cv_accuracy"] == pytest.approx(trained.accuracy_of(held, targets))
    assert model.info["cv_accuracy"] < 1.0
    assert model.temperature == pytest.approx(trained.fit_temperature(held, targets)[0])
    l2 = trained.L2 if c is None else trained.l2_of(c, len(targets))
    weight, _ = trained.fit(own, targets, 4, l2)
    assert torch.allclose(model.weight, weight, atol=1e-5)  # the classifier has the strength its temperature was fitted for
    others = [trained.fit_temperature(trained.held_out_logits(cross, targets, 4, other), targets)[0] for other in trained.C_GRID if other != c]
    assert any(abs(t - model.temperature) > 0.01 for t in others)  # so the strength matters to the temperature


def test_names_that_point_at_the_labels_lift_a_classifier_taught_on_few_examples():
    """Three examples per label of overlapping labels; the names' vectors are the labels' true
    centres (as the name "sports" sits near texts about sport).  With the names' hint the
    classifier gets more new texts right, and what it shows as its held-out accuracy and
    temperature are those of the head and the hint together.  Names that point at the wrong
    labels are dropped."""
    x, y = clusters(3, 4, 32, 2.5, seed=7)
    new_x, new_y = clusters(50, 4, 32, 2.5, seed=7, noise_seed=8)
    names = clusters(1, 4, 32, 0.0, seed=7)[0]  # the centres themselves
    plain = trained.train("t", tuple("abcd"), x, y.tolist(), "", [])
    named = trained.train("t", tuple("abcd"), x, y.tolist(), "", [], label_vectors=names)
    assert named.info["name_scale"] == trained.NAME_SCALE and plain.info["name_scale"] == 0.0
    assert trained.accuracy_of(named.logits(new_x), new_y) > trained.accuracy_of(plain.logits(new_x), new_y)

    c = named.info["strength_c"]
    folds = torch.tensor(trained.stratified_folds(y.tolist(), named.info["cv_folds"]))
    held = trained.held_out_logits(trained.CrossFitted([x] * len(folds.unique()), folds), y, 4, c)
    hint_weight, hint_bias = trained.name_hint(x, names)
    together = held / plain.temperature + x @ hint_weight.T + hint_bias
    assert named.info["cv_accuracy"] == pytest.approx(trained.accuracy_of(together, y))
    assert named.temperature == pytest.approx(trained.fit_temperature(together, y)[0])
    misleading = trained.train("t", tuple("abcd"), x, y.tolist(), "", [], label_vectors=names[[1, 2, 3, 0]])  # each name at another label
    assert misleading.info["name_scale"] == 0.0 and torch.equal(misleading.weight, plain.weight)  # dropped: fewer held-out right with it
    with pytest.raises(ValueError):  # a tuned encoder's vectors are not where the names were embedded
        trained.train("t", tuple("abcd"), x, y.tolist(), "", [], cross=trained.CrossFitted([x, x], folds % 2), label_vectors=names)


def test_a_name_near_every_text_favours_no_label():
    """A name that is close to all the texts (a folder called "documents") must not pull them all
    into its label: the hint is taken about the examples' mean."""
    x, y = clusters(5, 4, 32, 2.5, seed=12)
    new_x, _ = clusters(50, 4, 32, 2.5, seed=12, noise_seed=10)
    elsewhere, _ = clusters(50, 4, 32, 2.5, seed=12, noise_seed=11)
    names = torch.zeros(4, 32)
    names[0] = torch.nn.functional.normalize(elsewhere.mean(dim=0), dim=0)  # near every text, about none
    plain = trained.train("t", tuple("abcd"), x, y.tolist(), "", []).logits(new_x).argmax(dim=1)
    model = trained.train("t", tuple("abcd"), x, y.tolist(), "", [], label_vectors=names)
    named = model.logits(new_x).argmax(dim=1)
    assert abs((named == 0).float().mean() - (plain == 0).float().mean()) < 0.05
    uncentred = (model.logits(new_x) - trained.name_hint(x, names)[1]).argmax(dim=1)  # the same hint not taken about the mean
    assert (uncentred == 0).float().mean() > (plain == 0).float().mean() + 0.1


def test_one_example_of_a_label_trains_without_cross_validation():
    x, y = clusters(3, 3, 16, 0.5, seed=4)
    keep = [0, 3, 4, 5, 6, 7, 8]  # label 0 has a single example
    model = trained.train("t", tuple("abc"), x[keep], y[keep].tolist(), "", [])
    assert model.info["cv_accuracy"] is None and model.info["strength_c"] == trained.FALLBACK_C
    assert trained.reliability_at(model.info, 0.5) is None
    names = torch.nn.functional.normalize(torch.stack([x[y == label].mean(dim=0) for label in range(3)]), dim=1)
    named = trained.train("t", tuple("abc"), x[keep], y[keep].tolist(), "", [], label_vectors=names)
    assert named.info["name_scale"] == trained.NAME_SCALE and named.temperature == 1.0  # nothing to check it on: a single example gains most


def test_self_training_cannot_collapse_onto_the_label_the_prompts_favour():
    x, y = clusters(40, 4, 32, 0.8, seed=5)
    # Zero-shot scores that rank each label's texts right within its column but put label 0 on top for every text.
    g = torch.Generator().manual_seed(5)
    centres = torch.stack([x[y == label].mean(dim=0) for label in range(4)])
    scores = x @ torch.nn.functional.normalize(centres, dim=1).T + 0.05 * torch.randn(len(y), 4, generator=g)
    scores[:, 0] += 3.0
    probabilities = torch.softmax(scores * 5, dim=1)
    assert (probabilities.argmax(dim=1) == 0).all()
    rows, targets = selftrain.pseudo_labels(probabilities)
    assert sorted(set(targets)) == [0, 1, 2, 3] and len(set(rows)) == len(rows)
    assert all(targets.count(label) == targets.count(0) for label in range(4))  # class-balanced
    refined = selftrain.self_train(x, probabilities)
    assert len(set(refined.argmax(dim=1).tolist())) == 4
    assert (refined.argmax(dim=1) == y).float().mean() > 0.8


def test_a_small_batch_keeps_its_zero_shot_scores():
    probabilities = torch.softmax(torch.randn(selftrain.MIN_BATCH - 1, 3), dim=1)
    assert torch.equal(selftrain.self_train(torch.randn(len(probabilities), 8), probabilities), probabilities)


def test_timid_scores_are_sharpened_as_far_as_their_mistakes_allow_but_never_to_certainty():
    """Logits far too flat (a strongly regularised fit on few examples: scores near uniform for
    answers right 70 % of the time) need a temperature well below 0.25 to become honest; logits
    whose held-out answers are all right still stop at 0.25."""
    g = torch.Generator().manual_seed(2)
    n, labels = 2000, 10
    targets = torch.randint(0, labels, (n,), generator=g)
    wrong = torch.rand(n, generator=g) < 0.3
    predicted = torch.where(wrong, (targets + torch.randint(1, labels, (n,), generator=g)) % labels, targets)
    logits = 0.05 * (torch.nn.functional.one_hot(predicted, labels).float() * 8.0 + 0.5 * torch.randn(n, labels, generator=g))
    temperature, before, after = trained.fit_temperature(logits[: n // 2], targets[: n // 2])
    assert temperature < trained.ALL_RIGHT_FLOOR and after < before
    held_logits, held_targets = logits[n // 2 :], targets[n // 2 :]
    assert ece(torch.softmax(held_logits, dim=1), held_targets) > 0.4
    assert ece(torch.softmax(held_logits / temperature, dim=1), held_targets) < 0.08

    right = predicted == targets
    temperature, _, _ = trained.fit_temperature(logits[right], targets[right])
    assert temperature == pytest.approx(trained.ALL_RIGHT_FLOOR, rel=0.03)
