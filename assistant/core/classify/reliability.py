"""How often a taught classifier was right at each level of confidence: its reliability diagram.

The held-out answers kept when it was trained (trained.held_out_answers: each cross-validation
fold's examples scored by a classifier that never saw them, after temperature scaling) are put
in equal-width confidence bins; a bin's accuracy beside its confidence says whether "0.8" means
right 8 times in 10.  The tab draws these bins (ui/tabs/classify/reliability_chart.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

BINS = 10  # as the expected calibration error of bench/eval_classify.py


@dataclass(frozen=True)
class Bin:
    low: float
    high: float
    examples: int  # held-out examples whose top score is in (low, high]
    right: int  # of those, how many had the right top label

    @property
    def accuracy(self) -> float:
        return self.right / self.examples if self.examples else 0.0


def reliability_bins(info: dict, bins: int = BINS) -> list[Bin] | None:
    """The ``bins`` equal-width confidence bins of a classifier's held-out answers (empty ones
    included); None for a classifier without them (too few examples to cross-validate)."""
    held = info.get("held_out")
    if not held or not held.get("confidence"):
        return None
    counts = [[0, 0] for _ in range(bins)]
    for confidence, right in zip(held["confidence"], held["right"], strict=True):
        at = min(bins - 1, max(0, math.ceil(float(confidence) * bins - 1e-9) - 1))  # (low, high]: 0.8 falls in 0.7-0.8
        counts[at][0] += 1
        counts[at][1] += int(right)
    return [Bin(b / bins, (b + 1) / bins, n, r) for b, (n, r) in enumerate(counts)]

