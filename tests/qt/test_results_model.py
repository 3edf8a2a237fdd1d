"""The Classify results table on its own: the model of plain rows, its sort and filter proxy,
and corrections made through the model (no worker, no window)."""

from __future__ import annotations

import gc
from dataclasses import replace

from PySide6.QtCore import Qt

from assistant.core.classify.messages import ClassifiedItem
from assistant.core.scores import LabelScores
from assistant.ui.tabs.classify.results import CORRECTED_ROLE, ITEM_ROLE, SORT_ROLE, STATE_ROLE, ResultsTable


def finished(index: int, name: str, label: str, score: float, unsure: bool = False) -> ClassifiedItem:
    other = "cooking" if label != "cooking" else "sports"
    scores = LabelScores(((label, score), (other, round(1 - score, 3))))
    return ClassifiedItem(index, name, scores, path=f"/in/{name}", labels=() if unsure else (label,), unsure=unsure)


def unreadable(index: int, name: str) -> ClassifiedItem:
    return ClassifiedItem(index, name, None, error="binary file", path=f"/in/{name}")


def shown(view: ResultsTable, column: int = 0) -> list[str]:
    return [view.proxy.index(r, column).data() for r in range(view.proxy.rowCount())]


def filled(qtbot) -> ResultsTable:
    view = ResultsTable(lambda: ["sports", "politics", "cooking"])
    qtbot.addWidget(view)
    names = ["b.txt", "a.txt", "d.bin", "c.txt", "e.txt"]
    view.reset_rows([(name, f"/in/{name}") for name in names])
    view.show_item(finished(0, "b.txt", "sports", 0.9))
    view.show_item(finished(1, "a.txt", "politics", 0.55))
    view.show_item(unreadable(2, "d.bin"))
    view.show_item(finished(3, "c.txt", "cooking", 0.3, unsure=True))  # e.txt stays waiting
    return view


def test_rows_read_like_cells_in_request_order(qtbot):
    view = filled(qtbot)
    table = view.table
    assert table.rowCount() == 5 and table.columnCount() == 5
    assert [table.item(r, 0).text() for r in range(5)] == ["b.txt", "a.txt", "d.bin", "c.txt", "e.txt"]
    assert [table.item(r, 1).text() for r in range(5)] == ["sports", "politics", "unreadable", "unsure", "waiting…"]
    assert table.item(0, 2).text() == "90.0%" and table.item(4, 2).text() == ""
    assert table.item(0, 4).text() == "/in" and table.item(0, 0).data(Qt.ToolTipRole) == "/in/b.txt"
    assert table.item(2, 3).text() and table.item(2, 1).data(STATE_ROLE) == "unreadable"
    assert table.item(0, 0).data(ITEM_ROLE).name == "b.txt" and table.item(4, 0).data(ITEM_ROLE) is None
    assert table.item(5, 0) is None
    assert [item.name for item in view.items()] == ["b.txt", "a.txt", "d.bin", "c.txt"]
    # Only a classified file's label can be edited.
    assert table.flags(table.index(0, 1)) & Qt.ItemIsEditable
    assert not table.flags(table.index(2, 1)) & Qt.ItemIsEditable and not table.flags(table.index(4, 1)) & Qt.ItemIsEditable
    assert not table.flags(table.index(0, 0)) & Qt.ItemIsEditable
    # More rows after the ones there, and removing the tail (a superseded listing).
    view.append_rows([("f.txt", "/in/f.txt"), ("g.txt", "/in/g.txt")])
    assert table.rowCount() == 7 and view.proxy.rowCount() == 7
    assert table.removeRows(5, 2) and table.rowCount() == 5 and view.proxy.rowCount() == 5


def test_sorting_by_name_label_and_score_then_back_to_request_order(qtbot):
    view = filled(qtbot)
    view.sortByColumn(0, Qt.AscendingOrder)
    assert shown(view) == ["a.txt", "b.txt", "c.txt", "d.bin", "e.txt"]
    view.sortByColumn(2, Qt.DescendingOrder)  # numerically, unscored rows last
    assert shown(view)[:3] == ["b.txt", "a.txt", "c.txt"] and set(shown(view)[3:]) == {"d.bin", "e.txt"}
    assert view.item_at(0).name == "b.txt"
    view.sortByColumn(1, Qt.AscendingOrder)
    assert shown(view, 1) == sorted(shown(view, 1))
    # A file that finishes while sorted lands in its place.
    view.sortByColumn(2, Qt.DescendingOrder)
    view.show_item(finished(4, "e.txt", "sports", 0.99))
    assert shown(view)[0] == "e.txt" and view.item_at(0).scores.top_score == 0.99
    view.sortByColumn(-1, Qt.AscendingOrder)
    assert shown(view) == ["b.txt", "a.txt", "d.bin", "c.txt", "e.txt"]
    assert view.table.item(1, 2).data(SORT_ROLE) == 0.55


def test_filter_by_kind_and_text(qtbot):
    view = filled(qtbot)
    proxy = view.proxy
    for show, names in [("unreadable", ["d.bin"]), ("unsure", ["c.txt"]), ("waiting", ["e.txt"]), ("labelled", ["b.txt", "a.txt"]), ("corrected", [])]:
        proxy.set_show(show)
        assert shown(view) == names, show
    proxy.set_show("all")
    proxy.setFilterFixedString("POLI")  # any column, any case: a.txt's label, b.txt's other labels do not have it
    assert shown(view) == ["a.txt"]
    proxy.setFilterFixedString("cooking")  # c.txt's label, and the "All labels" column of the others
    assert shown(view) == ["b.txt", "a.txt", "c.txt"]
    proxy.set_show("unsure")
    assert shown(view) == ["c.txt"]
    proxy.setFilterFixedString("")
    proxy.set_show("all")
    assert proxy.rowCount() == 5
    # Rows added while a filter is on are filtered too.
    proxy.set_show("waiting")
    view.append_rows([("f.txt", "/in/f.txt")])
    assert shown(view) == ["e.txt", "f.txt"]


def test_correcting_a_label_through_the_model(qtbot):
    view = filled(qtbot)
    seen = []
    view.corrected.connect(lambda path, label: seen.append((path, label)))
    table = view.table
    # As the view's delegate does: setData on the Label cell of the proxy.
    assert view.proxy.setData(view.proxy.index(1, 1), "cooking")
    assert seen == [("/in/a.txt", "cooking")] and view.corrections == {"/in/a.txt": "cooking"}
    assert table.item(1, 1).text() == "cooking" and table.item(1, 1).data(CORRECTED_ROLE) is True
    assert table.item(1, 1).data(Qt.FontRole).italic() and table.item(1, 1).data(Qt.ToolTipRole)
    assert view.label_of(view.items()[1]) == "cooking"
    view.proxy.set_show("corrected")
    assert shown(view) == ["a.txt"]
    view.proxy.set_show("labelled")  # a corrected label counts as labelled
    assert "a.txt" in shown(view)
    view.proxy.set_show("all")
    view.proxy.setFilterFixedString("cooking")
    assert "a.txt" in shown(view)  # the text filter reads the corrected label
    view.proxy.setFilterFixedString("")
    # An unreadable or waiting row cannot be corrected.
    assert not table.setData(table.index(2, 1), "sports") and not table.setData(table.index(4, 1), "sports")
    # The same file shown again (a resumed job) keeps its correction.
    view.show_item(finished(1, "a.txt", "politics", 0.55))
    assert table.item(1, 1).text() == "cooking"
    # Back to the model's own label: no longer a correction.
    view.correct(1, "politics")
    assert view.corrections == {} and table.item(1, 1).data(CORRECTED_ROLE) is False
    assert not table.item(1, 1).data(Qt.FontRole)
    assert seen[-1] == ("/in/a.txt", "politics")


def test_rows_make_no_objects_the_collector_walks(qtbot):
    """Waiting rows are tuples of strings: after one collection the collector no longer tracks them."""
    view = ResultsTable(lambda: [])
    qtbot.addWidget(view)
    view.reset_rows([(f"n{i}.txt", f"/in/n{i}.txt") for i in range(2000)])
    gc.collect()
    assert sum(1 for row in view.table.rows if gc.is_tracked(row)) == 0


def test_correct_speaks_of_item_indexes_while_sorted_or_filtered(qtbot):
    view = filled(qtbot)
    view.sortByColumn(2, Qt.DescendingOrder)
    view.proxy.set_show("labelled")
    view.correct(1, "sports")  # a.txt, whatever row it is shown in
    assert view.corrections == {"/in/a.txt": "sports"} and view.table.item(1, 1).text() == "sports"
    view.correct(2, "sports")  # d.bin is unreadable: not corrected
    assert view.corrections == {"/in/a.txt": "sports"}
    # The view's own edit (shown row 0 is b.txt, the highest score) goes to the right item too.
    view.proxy.setData(view.proxy.index(0, 1), "cooking")
    assert view.corrections == {"/in/a.txt": "sports", "/in/b.txt": "cooking"}


def test_streamed_items_are_shown_together_on_the_next_turn_and_sorted_once(qtbot):
    """A job's second step revises every row at once: queued items land in one re-arrangement,
    in the same order and with the same cells as shown one by one, and the tab hears which."""
    one_by_one, together = filled(qtbot), filled(qtbot)
    for view in (one_by_one, together):
        view.sortByColumn(2, Qt.DescendingOrder)
    revised = [finished(0, "b.txt", "cooking", 0.4), finished(1, "a.txt", "sports", 0.95), finished(4, "e.txt", "politics", 0.7)]
    for item in revised:
        one_by_one.show_item(item)
    layouts, heard = [], []
    together.table.layoutChanged.connect(lambda *_: layouts.append(1))
    together.items_shown.connect(heard.append)
    for item in revised:
        together.queue_item(item)
    assert layouts == [] and together.item_at(0).scores.top_score == 0.9  # nothing shown before the event loop turns
    qtbot.waitUntil(lambda: heard != [])
    assert heard == [revised] and len(layouts) == 1
    assert shown(together) == shown(one_by_one) == ["a.txt", "e.txt", "b.txt", "c.txt", "d.bin"]
    assert [shown(together, c) for c in range(4)] == [shown(one_by_one, c) for c in range(4)]
    # A new job's rows are not overwritten by the old job's items still queued.
    together.queue_item(finished(0, "b.txt", "sports", 0.1))
    together.reset_rows([("new.txt", "/in/new.txt")])
    together.show_queued()
    assert shown(together) == ["new.txt"] and together.item_at(0) is None


def test_passages_of_a_label_revised_by_the_batch_are_said_to_be_the_first_labels(qtbot):
    from assistant.core.classify.messages import Passage
    from assistant.core.classify.refine import Refinement
    from assistant.ui.tabs.classify.results import PassageView

    passage = Passage(text="The striker scored twice.", score=0.8, label="sports", start=0, end=25)
    first = replace(finished(0, "b.txt", "sports", 0.8), passages=(passage,))
    revised = Refinement(("sports", "cooking"), unsure_below=0.0).revised(first, [0.3, 0.7])
    assert revised.scores.top == "cooking" and revised.passages == first.passages

    view = PassageView()
    qtbot.addWidget(view)
    view.show_item(first)
    assert "changed the label" not in view.toPlainText()
    view.show_item(revised)
    assert "changed the label from sports to cooking" in view.toPlainText()
    assert view.highlighted_text() == ["The striker scored twice."]  # the evidence is still shown
