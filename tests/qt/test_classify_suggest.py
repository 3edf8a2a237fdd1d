"""The Classify tab for a folder with no labels: labels suggested by the real worker and the starter
embedding model appear as editable labels, are renamed, merged and removed, and then sort the
folder; after teaching, the reliability chart shows the classifier's held-out accuracy by score."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from assistant.core.classify.messages import SuggestedLabel, SuggestedLabels
from assistant.core.classify.reliability import reliability_bins
from assistant.ui.tabs.classify.suggestions import SuggestionsDialog
from tests.fixtures.labelled_texts import TEXTS, split
from tests.interface_checks import nameless_controls, untranslated
from tests.qt.conftest import wait_idle
from tests.qt.test_classify_tab import add_and_list, rows, says, tab  # noqa: F401 - the tab fixture


@pytest.fixture
def unlabelled(tmp_path) -> Path:
    folder = tmp_path / "unsorted"
    folder.mkdir()
    for label, texts in TEXTS.items():
        for number, text in enumerate(texts[:6]):
            (folder / f"{label}-{number}.txt").write_text(text)
    return folder


def topic(path: str) -> str:
    return Path(path).name.split("-")[0]


def test_suggested_labels_are_renamed_merged_and_removed_then_sort_the_folder(qtbot, window, tab, unlabelled, tmp_path):
    tab.labels.setText("")
    tab.suggest_labels()  # nothing added yet: it says what to do
    assert "Add the files or a folder first" in tab.banner.text()
    add_and_list(qtbot, tab, [str(unlabelled)])
    tab.suggest_labels()
    wait_idle(qtbot, tab)
    dialog = tab.suggestions_dialog
    assert dialog is not None and dialog.isVisible(), tab.banner.text()
    count = dialog.grid.rowCount()
    assert count >= 4 and sum(len(files) for files in dialog.groups) == 24
    assert all(dialog.grid.item(row, 2).text() for row in range(count))  # each with its distinctive words

    sports = max(range(count), key=lambda row: Counter(topic(p) for p, _ in dialog.groups[row])["sports"])
    dialog.rename(sports, "")
    dialog.accept()  # an empty name is refused, and said
    assert dialog.isVisible() and not dialog.problem.isHidden()
    dialog.rename(sports, "Sport, games")
    dialog.accept()
    assert dialog.isVisible() and "comma" in dialog.problem.text()
    dialog.rename(sports, "Sport")
    sport_files = {p for p, _ in dialog.groups[sports]}
    others = [row for row in range(count) if row != sports]
    merged = sorted(others[:2])
    merged_files = {p for row in merged for p, _ in dialog.groups[row]}
    merged_name = dialog.names()[merged[0]]
    dialog.merge(merged)
    assert dialog.grid.rowCount() == count - 1
    assert dialog.names()[merged[0]] == merged_name and int(dialog.grid.item(merged[0], 1).text()) == len(merged_files)
    removed_row = dialog.grid.rowCount() - 1
    removed_files = {p for p, _ in dialog.groups[removed_row]}
    assert removed_row not in (sports, merged[0])
    dialog.remove([removed_row])
    kept = dialog.names()
    dialog.accept()
    assert not dialog.isVisible()

    assert tab.labels.text() == ", ".join(kept) and tab.classifier == ""
    got = rows(tab)
    for path in sport_files:
        assert got[Path(path).name][0] == "Sport"
    for path in merged_files:
        assert got[Path(path).name][0] == merged_name
    for path in removed_files:
        assert got[Path(path).name][0] == "unsure"
    assert says(tab.banner.text(), f"{len(kept)} label(s) set from the suggestions")

    tab.organize(str(tmp_path / "sorted"), "copy")
    wait_idle(qtbot, tab)
    tab.preview_dialog.accept()
    wait_idle(qtbot, tab)
    copied = {p.relative_to(tmp_path / "sorted").as_posix() for p in (tmp_path / "sorted").rglob("*") if p.is_file()}
    assert {f"Sport/{Path(p).name}" for p in sport_files} <= copied
    assert {f"{merged_name}/{Path(p).name}" for p in merged_files} <= copied
    assert len(copied) == 24 - len(removed_files)  # the removed group's files were not sorted
    assert len(list(unlabelled.iterdir())) == 24


def test_after_teaching_the_reliability_chart_shows_held_out_accuracy_by_score(qtbot, window, tab, tmp_path):
    assert tab.reliability.isHidden()  # zero-shot: its scores are not calibrated, no chart
    train, _ = split(TEXTS)
    for number, (text, label) in enumerate(train):
        (tmp_path / "examples" / label).mkdir(parents=True, exist_ok=True)
        (tmp_path / "examples" / label / f"{number}.txt").write_text(text)
    tab.teach("topics", str(tmp_path / "examples"))
    wait_idle(qtbot, tab, timeout=300_000)  # cross-validating the strengths: slow on a loaded machine
    assert not tab.reliability.isHidden()
    bins = reliability_bins(tab.classifiers["topics"])
    assert bins is not None and sum(b.examples for b in bins) == len(train)
    assert tab.reliability.bins == bins
    bars = tab.reliability.bar_rects()
    filled = [b for b in bins if b.examples]
    assert len(bars) == len(filled)
    area = tab.reliability.plot_area()
    for bar, b in zip(bars, filled, strict=True):
        assert abs(bar.height() - b.accuracy * area.height()) < 1e-6
    assert "right" in tab.reliability.toolTip() and not tab.reliability.grab().isNull()
    tab.mode.setCurrentIndex(0)
    tab._mode_changed()
    assert tab.reliability.isHidden()


def test_the_suggestions_and_the_chart_in_chinese(qtbot, chinese):
    from assistant.core.classify.reliability import Bin
    from assistant.ui.tabs.classify.reliability_chart import ReliabilityChart

    suggested = SuggestedLabels(
        (SuggestedLabel("天气 & 下雨", ("天气", "下雨"), (("/tmp/1.txt", 0.9), ("/tmp/2.txt", 0.8))),
         SuggestedLabel("机器人", ("机器人",), (("/tmp/3.txt", 0.7),))),
        3, 0.2,
    )  # fmt: skip
    dialog = SuggestionsDialog(suggested)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "建议的标签"
    assert untranslated(dialog) == [] and nameless_controls(dialog) == []
    chart = ReliabilityChart()
    qtbot.addWidget(chart)
    chart.set_bins([Bin(0.8, 0.9, 10, 9)])
    assert "0.8–0.9：10 个中对了 9 个" in chart.toolTip() and chart.accessibleName() == "可靠性图"
