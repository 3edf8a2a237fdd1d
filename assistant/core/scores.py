"""Labels with scores: what sentiment and classification both return."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LabelScores:
    """Labels with scores, best first."""

    scores: tuple[tuple[str, float], ...]

    @property
    def top(self) -> str:
        return self.scores[0][0]

    @property
    def top_score(self) -> float:
        return self.scores[0][1]

    def as_dict(self) -> dict[str, float]:
        return dict(self.scores)
