"""Labels with their scores as horizontal bars, best first."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QLabel, QProgressBar, QWidget


class ScoreBars(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self.bars: dict[str, QProgressBar] = {}

    def set_scores(self, scores: tuple[tuple[str, float], ...] | list[tuple[str, float]]) -> None:
        self.clear()
        for row, (label, score) in enumerate(scores):
            name = QLabel(label)
            bar = QProgressBar()
            bar.setRange(0, 1000)
            bar.setValue(round(score * 1000))
            bar.setFormat(f"{score:.1%}")
            bar.setAccessibleName(self.tr("{label} score").format(label=label))
            self._grid.addWidget(name, row, 0)
            self._grid.addWidget(bar, row, 1)
            self.bars[label] = bar

    def clear(self) -> None:
        while self._grid.count():
            widget = self._grid.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.bars = {}

    def scores(self) -> dict[str, float]:
        return {label: bar.value() / 1000 for label, bar in self.bars.items()}
