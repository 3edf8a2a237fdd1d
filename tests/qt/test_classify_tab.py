"""The Classify tab with the real worker and the starter embedding model: rows fill in, sort,
filter, open, correct, export, passages highlighted, organize with preview and undo,
teach by example, and resuming a job that stopped."""

from __future__ import annotations

import csv
import hashlib
import json
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from assistant.core.classify.job import JobStore
from assistant.core.models.sources import starter_embedding_dir
from assistant.ui.workers.job_thread import running_job_threads
from tests.fixtures.documents import make_docx, make_pdf
from tests.fixtures.labelled_texts import TEXTS, split
from tests.interface_checks import english_words, nameless_controls, untranslated
from tests.qt.conftest import new_window, wait_idle


def add_and_list(qtbot, tab, paths: list[str]) -> None:
    """Add files and folders as a drop does, and wait until they are listed (off the GUI thread)."""
    tab.add_paths(paths)
    qtbot.waitUntil(lambda: not tab.listing.busy, timeout=30_000)


def snapshot(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def tab(window):
    tab = window.classify_tab
    window.settings.models["classify"] = str(starter_embedding_dir())  # not the random tiny NLI model
    tab.labels.setText("sports, politics, cooking")
    return tab


@pytest.fixture
def inbox(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "match.txt").write_text("The striker scored twice and the team won the final.")
    (folder / "vote.txt").write_text("Parliament passed the election law after a long debate.")
    make_pdf(folder / "soup.pdf", [["Simmer the tomato soup with basil and olive oil."]])
    make_docx(folder / "bread.docx", ["Knead the dough and bake the bread for forty minutes."])
    (folder / "junk.bin").write_bytes(b"\x00\x01" * 300)
    return folder


def says(text: str, expected: str) -> bool:
    """``expected`` is in ``text``, its "(s)" as written or in the English plural (the English translator
    has plural forms, and it is installed once a Chinese test has run)."""
    return expected in text or expected.replace("(s)", "s") in text


def rows(tab) -> dict[str, tuple[str, str]]:
    return {tab.table.item(r, 0).text(): (tab.table.item(r, 1).text(), tab.table.item(r, 2).text()) for r in range(tab.table.rowCount())}


def test_folder_rows_sort_filter_passages_open_correct_and_export(qtbot, window, tab, inbox, tmp_path):
    add_and_list(qtbot, tab, [str(inbox)])
    assert says(tab.files_note.text(), "5 file(s) to classify")
    tab.run()
    wait_idle(qtbot, tab)
    assert rows(tab) == {
        "bread.docx": ("cooking", rows(tab)["bread.docx"][1]),
        "junk.bin": ("unreadable", ""),
        "match.txt": ("sports", rows(tab)["match.txt"][1]),
        "soup.pdf": ("cooking", rows(tab)["soup.pdf"][1]),
        "vote.txt": ("politics", rows(tab)["vote.txt"][1]),
    }
    assert "files/s" in tab.status_label.text()

    view = tab.results
    view.sortByColumn(2, Qt.DescendingOrder)  # by score, numerically
    scores = [view.item_at(r).scores.top_score for r in range(4)]
    assert scores == sorted(scores, reverse=True) and view.item_at(4).name == "junk.bin"
    tab.show_only.setCurrentText("Unreadable")
    assert view.proxy.rowCount() == 1 and view.item_at(0).name == "junk.bin"
    tab.show_only.setCurrentText("All")
    tab.search.setText("vote")
    assert view.proxy.rowCount() == 1
    view.setCurrentIndex(view.proxy.index(0, 0))
    assert tab.passages.highlighted_text() == ["Parliament passed the election law after a long debate."]

    opened = []
    tab.open_url = opened.append
    view.doubleClicked.emit(view.proxy.index(0, 0))
    assert opened and opened[0].toLocalFile() == str(inbox / "vote.txt")
    tab.search.clear()

    row_of = {tab.table.item(r, 0).text(): r for r in range(tab.table.rowCount())}
    tab.results.correct(row_of["vote.txt"], "sports")  # by hand
    assert tab.results.corrections == {str(inbox / "vote.txt"): "sports"}
    assert tab.learn_button.isEnabled()
    tab.show_only.setCurrentText("Corrected")
    assert view.proxy.rowCount() == 1
    tab.show_only.setCurrentText("All")

    assert tab.export(tmp_path / "out.csv") == 5
    exported = {row["name"]: row for row in csv.DictReader((tmp_path / "out.csv").open(encoding="utf-8"))}
    assert exported["vote.txt"]["label"] == "sports" and exported["vote.txt"]["corrected_label"] == "sports"
    assert exported["junk.bin"]["label"] == "unreadable" and "binary" in exported["junk.bin"]["error"]
    assert tab.export(tmp_path / "out.json") == 5
    data = {Path(d["path"]).name: d for d in json.loads((tmp_path / "out.json").read_text())}
    assert data["vote.txt"]["corrected"] is True and data["match.txt"]["label"] == "sports"


def test_organize_with_preview_then_undo(qtbot, window, tab, inbox, tmp_path):
    before = snapshot(inbox)
    add_and_list(qtbot, tab, [str(inbox)])
    tab.run()
    wait_idle(qtbot, tab)
    (tmp_path / "sorted" / "cooking").mkdir(parents=True)
    (tmp_path / "sorted" / "cooking" / "soup.pdf").write_text("an older soup, kept")
    tab.organize(str(tmp_path / "sorted"), "move")
    wait_idle(qtbot, tab)
    preview = tab.preview_dialog
    assert preview is not None and preview.isVisible()
    targets = sorted(preview.grid.item(r, 1).text() for r in range(preview.grid.rowCount()) if preview.grid.item(r, 2).text())
    assert [Path(t).relative_to(tmp_path / "sorted").as_posix() for t in targets] == [
        "cooking/bread.docx", "cooking/soup (2).pdf", "politics/vote.txt", "sports/match.txt",
    ]  # fmt: skip
    assert snapshot(inbox) == before  # the preview moved nothing
    preview.accept()
    wait_idle(qtbot, tab)
    assert says(tab.banner.text(), "4 file(s) moved")
    assert snapshot(inbox) == {"junk.bin": before["junk.bin"]}
    assert tab.undo_button.isEnabled()
    tab.undo(tab.last_run["run"])
    wait_idle(qtbot, tab)
    assert says(tab.banner.text(), "4 file(s) are back")
    assert snapshot(inbox) == before
    assert snapshot(tmp_path / "sorted") == {"cooking/soup.pdf": hashlib.sha256(b"an older soup, kept").hexdigest()}


def test_organize_says_which_files_failed_and_undo_puts_back_only_what_moved(qtbot, window, tab, inbox, tmp_path):
    before = snapshot(inbox)
    add_and_list(qtbot, tab, [str(inbox)])
    tab.run()
    wait_idle(qtbot, tab)
    (tmp_path / "sorted").mkdir()
    (tmp_path / "sorted" / "politics").write_text("a file where a label folder would go")
    tab.organize(str(tmp_path / "sorted"), "move")
    wait_idle(qtbot, tab)
    tab.preview_dialog.accept()
    wait_idle(qtbot, tab)
    text = tab.banner.text()
    assert says(text, "3 file(s) moved") and "failed" in text
    assert f"vote.txt (not moved: {tmp_path / 'sorted' / 'politics'} is a file, not a folder)" in text
    assert tab.banner.kind == "error"
    assert snapshot(inbox) == {"junk.bin": before["junk.bin"], "vote.txt": before["vote.txt"]}
    tab.undo(tab.last_run["run"])
    wait_idle(qtbot, tab)
    assert says(tab.banner.text(), "3 file(s) are back")
    assert snapshot(inbox) == before


def test_teach_by_example_then_classify_with_it_and_learn_a_correction(qtbot, window, tab, tmp_path):
    train, test = split(TEXTS)
    for number, (text, label) in enumerate(train):
        (tmp_path / "examples" / label).mkdir(parents=True, exist_ok=True)
        (tmp_path / "examples" / label / f"{number}.txt").write_text(text)
    tab.teach("topics", str(tmp_path / "examples"))
    wait_idle(qtbot, tab)
    assert "Trained 'topics'" in tab.banner.text() and "cross-validated accuracy 100%" in tab.banner.text()
    assert "The labels' names help it too" in tab.banner.text()  # sports, politics, ...: no held-out example lost with them
    assert tab.classifier == "topics" and not tab.labels.isEnabled()
    # What "unsure below" means, from the classifier's held-out examples: all of them at 0, none above 1.
    tab.unsure_below.setValue(0.0)
    assert not tab.unsure_note.isHidden()
    assert f"right 10 times in 10 here ({len(train)} of {len(train)} held-out examples); 0 of {len(train)} scored lower" in tab.unsure_note.text()
    tab.unsure_below.setValue(1.0)
    assert "every file would be marked unsure" in tab.unsure_note.text() or f"of {len(train)} scored lower" in tab.unsure_note.text()
    tab.unsure_below.setValue(0.6)
    folder = tmp_path / "new"
    folder.mkdir()
    for number, (text, label) in enumerate(test[::8]):
        (folder / f"{number}-{label}.txt").write_text(text)
    add_and_list(qtbot, tab, [str(folder)])
    tab.run()
    wait_idle(qtbot, tab)
    got = rows(tab)
    assert all(label == name.split("-")[1][:-4] for name, (label, _) in got.items()), got
    tab.results.correct(0, "politics")
    tab.learn_from_corrections()
    wait_idle(qtbot, tab)
    assert "Trained 'topics'" in tab.banner.text() and "politics: 9" in tab.banner.text()


def test_an_unfinished_job_is_offered_and_resumed(qtbot, window, tab, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(12):
        (folder / f"{number:02d}.txt").write_text(["Goal in the final.", "The senate voted.", "Bake the cake."][number % 3])
    # A job that began in an earlier session and stopped after nothing was written.
    store = JobStore(window.paths.data, "earlier-job")
    store.create({"labels": ["sports", "politics", "cooking"], "model": str(starter_embedding_dir())}, (str(p) for p in sorted(folder.iterdir())))
    tab.offer_resume()
    assert "stopped before it finished (0 done)" in tab.banner.text()
    tab.banner.action_button.click()
    wait_idle(qtbot, tab)
    assert [tab.table.item(r, 1).text() for r in range(3)] == ["sports", "politics", "cooking"]
    assert tab.table.rowCount() == 12 and all(tab.table.item(r, 1).text() != "waiting…" for r in range(12))
    assert store.status() == "done"


def test_learning_from_all_the_files_revises_the_rows_and_can_be_turned_off(qtbot, window, tab, tmp_path):
    from assistant.core.classify.results import read_results

    folder = tmp_path / "batch"
    folder.mkdir()
    texts = ("The keeper saved a penalty in the cup final.", "The senate passed the budget after a vote.", "Fry the onions, then add the rice and stock.")
    for number in range(24):
        (folder / f"{number:02d}.txt").write_text(f"{texts[number % 3]} Item {number}.")
    add_and_list(qtbot, tab, [str(folder)])
    assert tab.self_train.isChecked()
    tab.run()
    wait_idle(qtbot, tab)
    store = JobStore(window.paths.data, tab.job)
    final = {Path(item.path).name: item.label for item in read_results(store.results_file)}
    assert store.vectors_file.is_file() and len(final) == 24
    assert {name: label for name, (label, _score) in rows(tab).items()} == final  # the table shows the revised rows
    tab.self_train.setChecked(False)
    assert window.settings.classify_self_train is False and tab.build_request().self_train is False


def test_the_fine_tune_option_is_remembered_and_sent_with_the_teaching(qtbot, window, tab, tmp_path, monkeypatch):
    from assistant.settings import Settings
    from assistant.ui.tabs.classify import tab as tab_module

    sent = []
    monkeypatch.setattr(tab, "submit", sent.append)
    seen = []

    def tick_and_train(dialog) -> bool:
        seen.append(dialog.finetune.isChecked())
        dialog.name.setText("mine")
        dialog.folder.setText(str(tmp_path))
        dialog.finetune.setChecked(True)
        return True

    monkeypatch.setattr(tab_module.TeachDialog, "exec", tick_and_train)
    assert window.settings.classify_finetune is False
    tab.open_teach_dialog()
    assert seen == [False] and sent[0].finetune is True and sent[0].name == "mine"
    assert Settings.load(window.paths.settings_file).classify_finetune is True  # on disk, for the next start

    def look_and_cancel(dialog) -> bool:
        seen.append(dialog.finetune.isChecked())
        return False

    monkeypatch.setattr(tab_module.TeachDialog, "exec", look_and_cancel)
    tab.open_teach_dialog()
    assert seen == [False, True] and len(sent) == 1  # offered ticked the next time; cancelled: nothing sent


# ------------------------------------------------------------ in Chinese


@pytest.fixture
def chinese_tab(chinese, request):
    """The Classify tab of a window built while the zh_CN translator is active."""
    return request.getfixturevalue("tab")


def test_the_dialogs_in_chinese_have_no_english_left_and_every_control_a_name(qtbot, chinese):
    from assistant.ui.tabs.classify.dialogs import DescriptionsDialog, OrganizeDialog, TeachDialog

    for dialog in (DescriptionsDialog(("sports", "politics"), {"sports": "football; tennis"}), TeachDialog(), OrganizeDialog()):
        qtbot.addWidget(dialog)
        dialog.show()
        assert untranslated(dialog) == [], type(dialog).__name__
        assert nameless_controls(dialog) == [], type(dialog).__name__
    assert dialog.windowTitle() == "整理到文件夹" and dialog.move_button.text() == "移动文件(&M)"


def test_in_chinese_rows_filter_by_kind_and_the_organize_preview_says_it_in_chinese(qtbot, chinese_tab, inbox, tmp_path):
    tab = chinese_tab
    assert untranslated(tab.results) == [] and nameless_controls(tab) == []
    add_and_list(qtbot, tab, [str(inbox)])
    assert tab.files_note.text() == "5 个文件待分类"
    assert {tab.table.item(r, 1).text() for r in range(5)} == {"等待中…"}
    tab.run()
    wait_idle(qtbot, tab)
    assert rows(tab)["junk.bin"] == ("无法读取", "")
    assert tab.banner.text().startswith("1 项无法读取") and not english_words(tab.banner.text())
    tab.show_only.setCurrentIndex(tab.show_only.findData("unreadable"))  # the filter goes by kind, not by the text shown
    assert tab.show_only.currentText() == "无法读取"
    assert tab.results.proxy.rowCount() == 1 and tab.results.item_at(0).name == "junk.bin"
    tab.show_only.setCurrentIndex(tab.show_only.findData("labelled"))
    assert tab.results.proxy.rowCount() == 4
    tab.show_only.setCurrentIndex(0)
    assert tab.results.proxy.rowCount() == 5

    window = tab.window()  # the keyboard: Enter opens the current row's file, Ctrl+F goes to the filter
    window.tabs.setCurrentWidget(tab)
    window.activateWindow()
    opened = []
    tab.open_url = opened.append
    tab.results.setFocus()
    tab.results.setCurrentIndex(tab.results.proxy.index(0, 0))
    qtbot.waitUntil(tab.results.hasFocus)
    qtbot.keyClick(tab.results, Qt.Key_Return)
    assert [url.toLocalFile() for url in opened] == [tab.results.item_at(0).path]
    qtbot.keyClick(tab.results, Qt.Key_F, Qt.ControlModifier)
    assert tab.search.hasFocus()

    tab.organize(str(tmp_path / "sorted"), "copy")
    wait_idle(qtbot, tab)
    preview = tab.preview_dialog
    qtbot.addWidget(preview)
    assert preview.windowTitle() == "复制 4 个文件？"
    assert untranslated(preview) == [] and nameless_controls(preview) == []
    preview.reject()


# ------------------------------------------------- listing folders, off the GUI thread


@pytest.fixture
def idle_window(qtbot, settings):
    """A window whose worker is not started: listing files needs no model."""
    main_window = new_window(qtbot, settings)
    yield main_window
    main_window.client.shutdown()


def many_files(root: Path, count: int) -> list[Path]:
    """``count`` small files spread over nested folders, plus a hidden file that is not listed."""
    made = []
    for number in range(count):
        folder = root / f"part-{number % 7}" / f"sub-{number % 3}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"note-{number:04d}.txt"
        path.write_text(f"note {number}")
        made.append(path)
    (root / ".hidden.txt").write_text("not listed")
    return made


def drop(tab, *folders: Path) -> None:
    from PySide6.QtCore import QMimeData, QPoint, QUrl
    from PySide6.QtGui import QDropEvent

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder)) for folder in folders])
    tab.dropEvent(QDropEvent(QPoint(10, 10), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier))


def test_a_dropped_folder_of_hundreds_of_files_is_listed_off_the_gui_thread_with_the_right_count(qtbot, idle_window, tmp_path):
    tab = idle_window.classify_tab
    made = many_files(tmp_path / "big", 320)
    drop(tab, tmp_path / "big")
    assert tab.listing.busy and tab.files_note.text().startswith("Listing the files…")  # nothing walked here yet
    counts = []
    tab.listing.found.connect(lambda _batch: counts.append(len(tab.files)))
    qtbot.waitUntil(lambda: not tab.listing.busy, timeout=30_000)
    assert says(tab.files_note.text(), "320 file(s) to classify")
    assert sorted(tab.files) == sorted(made) and tab.table.rowCount() == 320
    assert {tab.table.item(r, 4).text() for r in range(320)} == {str(p.parent) for p in made}
    assert counts == sorted(counts) and counts[-1] == 320  # the count grew batch by batch
    qtbot.waitUntil(lambda: running_job_threads() == [], timeout=10_000)  # the thread ends by itself


def test_a_new_drop_supersedes_a_listing_still_running(qtbot, idle_window, tmp_path, monkeypatch):
    from assistant.ui.workers import folder_listing

    real_walk = folder_listing.walk_files

    def slow_walk(*args, **kwargs):  # the real walk, at the pace of a slow disk, in small batches
        for path in real_walk(*args, **kwargs):
            time.sleep(0.002)
            yield path

    monkeypatch.setattr(folder_listing, "walk_files", slow_walk)
    monkeypatch.setattr(folder_listing, "BATCH_FILES", 20)
    tab = idle_window.classify_tab
    first = many_files(tmp_path / "first", 400)
    second = many_files(tmp_path / "second", 30)
    drop(tab, tmp_path / "first")
    qtbot.waitUntil(lambda: len(tab.files) >= 20, timeout=30_000)
    assert tab.listing.busy and tab.table.rowCount() == len(tab.files) < 400  # part of the first folder is shown
    drop(tab, tmp_path / "second")  # while the first listing runs
    qtbot.waitUntil(lambda: not tab.listing.busy, timeout=30_000)
    # one listing of both: each file once, the rows match, the first listing's rows were not kept twice
    assert sorted(tab.files) == sorted(first + second) and len(set(tab.files)) == 430
    assert tab.table.rowCount() == 430 and says(tab.files_note.text(), "430 file(s) to classify")
    # a drop after that adds to the list, as before
    third = many_files(tmp_path / "third", 5)
    drop(tab, tmp_path / "third", tmp_path / "second")
    qtbot.waitUntil(lambda: not tab.listing.busy, timeout=30_000)
    assert len(tab.files) == 435 and set(third) <= set(tab.files) and tab.table.rowCount() == 435
    # Clear stops a listing under way; nothing of it comes back afterwards
    drop(tab, tmp_path / "first")
    tab.clear()
    qtbot.wait(200)
    assert tab.files == [] and tab.table.rowCount() == 0 and not tab.listing.busy
    idle_window.close()
    assert running_job_threads() == []
