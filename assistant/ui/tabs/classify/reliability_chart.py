"""A small reliability chart: how often the taught classifier was right at each confidence.

One bar per confidence bin (core/classify/reliability.py) that holds held-out examples, as
high as the share of them that were right; the dashed diagonal is where an honest score
lies ("0.8" right 8 times in 10).  Bars below it: the classifier is over-confident there.
Drawn with QPainter; the numbers are in the tooltip and the accessible description.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from assistant.core.classify.reliability import Bin

MARGIN = 14  # room for the axis numbers


class ReliabilityChart(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.bins: list[Bin] = []
        self.setSizePolicy(QSizePolicy.Fixed, QSizePolicy.Fixed)
        self.setAccessibleName(self.tr("Reliability chart"))

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt naming)
        return QSize(150, 96)

    def set_bins(self, bins: list[Bin]) -> None:
        self.bins = list(bins)
        lines = [self.tr("How often the classifier was right on held-out examples, by its score:")]
        for b in self.bins:
            if b.examples:
                lines.append(
                    self.tr("{low}–{high}: right {right} of {examples}").format(
                        low=f"{b.low:.1f}", high=f"{b.high:.1f}", right=b.right, examples=b.examples
                    )
                )
        lines.append(self.tr("The dashed line is where a score is honest."))
        self.setToolTip("\n".join(lines))
        self.setAccessibleDescription(" ".join(lines))
        self.update()

    def plot_area(self) -> QRectF:
        return QRectF(MARGIN, 2, self.width() - MARGIN - 4, self.height() - MARGIN - 2)

    def bar_rects(self) -> list[QRectF]:
        """Where each non-empty bin's bar is drawn (the tests read the heights)."""
        area = self.plot_area()
        out = []
        for b in self.bins:
            if b.examples:
                left = area.left() + b.low * area.width()
                height = b.accuracy * area.height()
                out.append(QRectF(left + 1, area.bottom() - height, (b.high - b.low) * area.width() - 2, height))
        return out

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        palette = self.palette()
        area = self.plot_area()
        painter.fillRect(area, palette.color(QPalette.Base))
        bar = QColor(palette.color(QPalette.Highlight))
        for rect in self.bar_rects():
            painter.fillRect(rect, bar)
        text = palette.color(QPalette.WindowText)
        painter.setPen(QPen(text, 1))
        painter.drawRect(area)
        painter.setPen(QPen(text, 1, Qt.DashLine))
        painter.drawLine(QPointF(area.left(), area.bottom()), QPointF(area.right(), area.top()))
        painter.setPen(text)
        font = painter.font()
        font.setPointSizeF(max(6.0, font.pointSizeF() * 0.75))
        painter.setFont(font)
        painter.drawText(QRectF(0, area.bottom(), MARGIN * 2, MARGIN), Qt.AlignLeft | Qt.AlignVCenter, "0")
        painter.drawText(QRectF(area.right() - MARGIN, area.bottom(), MARGIN, MARGIN), Qt.AlignRight | Qt.AlignVCenter, "1")
        painter.drawText(QRectF(area.left(), area.bottom(), area.width(), MARGIN), Qt.AlignHCenter | Qt.AlignVCenter, self.tr("score"))
        painter.save()
        painter.translate(0, area.bottom())
        painter.rotate(-90)
        painter.drawText(QRectF(0, 0, area.height(), MARGIN), Qt.AlignHCenter | Qt.AlignVCenter, self.tr("right"))
        painter.restore()
        painter.end()
