"""A small bar chart of how many rows got each label, drawn with QPainter (no chart library)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from assistant.ui.theme import colour


def _default_colour(label: str) -> str:
    return colour(label if label in ("positive", "negative", "neutral") else "other")


class DistributionChart(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.counts: dict[str, int] = {}
        self.colour_of = _default_colour  # label -> colour; the Sentiment tab gives its own
        self.setMinimumHeight(90)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)
        self.setAccessibleName(self.tr("Distribution of labels"))

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt naming)
        return QSize(320, 110)

    def set_counts(self, counts: dict[str, int]) -> None:
        self.counts = dict(counts)
        self.setToolTip(", ".join(f"{label}: {count}" for label, count in self.counts.items()))
        self.update()

    def clear(self) -> None:
        self.set_counts({})

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        total = sum(self.counts.values())
        if not total:
            painter.setPen(self.palette().mid().color())
            painter.drawText(self.rect(), Qt.AlignCenter, self.tr("The distribution of labels appears here."))
            return
        metrics = painter.fontMetrics()
        name_width = max(metrics.horizontalAdvance(label) for label in self.counts) + 12
        count_width = metrics.horizontalAdvance(f"{total} (100%)") + 12
        row_height = min(28.0, (self.height() - 4) / len(self.counts))
        bar_space = max(self.width() - name_width - count_width, 10)
        largest = max(self.counts.values())
        for row, (label, count) in enumerate(sorted(self.counts.items(), key=lambda kv: -kv[1])):
            top = 2 + row * row_height
            painter.setPen(self.palette().text().color())
            painter.drawText(QRectF(0, top, name_width - 6, row_height), Qt.AlignVCenter | Qt.AlignRight, label)
            width = bar_space * count / largest
            painter.fillRect(QRectF(name_width, top + 3, width, row_height - 6), QColor(self.colour_of(label)))
            painter.drawText(QRectF(name_width + width + 6, top, count_width, row_height), Qt.AlignVCenter, f"{count} ({count / total:.0%})")
