"""The Qt binding itself: calls that return nothing must not take references from None.

PySide6 6.12.0 on Python 3.11 lost one reference to None per such call (QLabel.setText,
QListWidget.addItem, ...); after about 5,000 of them the interpreter aborted with
"none_dealloc". A program kept open all day makes millions of these calls.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_calls_that_return_nothing_keep_none_alive(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for number in range(2_000):
        label.setText(str(number))
        label.setToolTip("")
    assert sys.getrefcount(None) >= before - 50  # a few references may come and go; 4,000 lost ones may not
