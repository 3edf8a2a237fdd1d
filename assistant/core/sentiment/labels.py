"""Sentiment labels as models name them, made one vocabulary: positive, negative, neutral."""

from __future__ import annotations

import re

_SHORT_NAMES = {"pos": "positive", "neg": "negative", "neu": "neutral"}
_STARS = re.compile(r"^([1-5]) stars?$")


def normalize_label(label: str) -> str:
    lowered = label.strip().lower()
    return _SHORT_NAMES.get(lowered, lowered)


def polarity(label: str) -> str | None:
    """positive / negative / neutral for colouring; star ratings map 1-2, 3, 4-5; None if unknown."""
    if label in ("positive", "negative", "neutral"):
        return label
    stars = _STARS.match(label)
    if stars:
        return {1: "negative", 2: "negative", 3: "neutral"}.get(int(stars.group(1)), "positive")
    return None
