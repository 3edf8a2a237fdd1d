"""Labels as people type them: "sports, politics, sports" -> ("sports", "politics")."""

from __future__ import annotations


def parse_labels(text: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    parts = text.split(",") if isinstance(text, str) else text
    labels: list[str] = []
    for part in parts:
        label = part.strip()
        if label and label not in labels:
            labels.append(label)
    return tuple(labels)
