"""The Models page driven like a person would: catalog, downloads (from a local hub server), load and
unload with memory figures, precision, removal, GGUF import stopped, a vanished model, waiting during a
load, and the out-of-memory retry offer.  Real window, real worker and download threads."""

from __future__ import annotations

import hashlib
import json
import os
import shutil

import pytest
from PySide6.QtCore import Qt

from assistant.core.models.messages import format_bytes
from assistant.core.models.sources import starter_chat_gguf
from assistant.core.protocol import Failure, FailureKind, Progress, Result, Started, Task
from assistant.core.sentiment.messages import SentimentRequest
from assistant.paths import app_paths
from assistant.ui.workers.job_thread import running_job_threads
from tests.fixtures.fake_hub import FakeRepo, Fault, hub, only_localhost  # noqa: F401 (fixtures)
from tests.interface_checks import nameless_controls, untranslated
from tests.qt.conftest import new_window, wait_idle, wait_scanned


def wait_page(qtbot, page, timeout: int = 60_000) -> None:
    qtbot.waitUntil(lambda: page.operation_id is None, timeout=timeout)


def test_the_catalog_lists_recommended_models_per_task(qtbot, window):
    page = window.models_page
    panel = page.catalog_panel
    page.sections.setCurrentWidget(panel)
    panel.show_task("translate")
    ids = [panel.table.item(r, 0).text() for r in range(panel.table.rowCount())]
    assert "Helsinki-NLP/opus-mt-en-de" in ids and "facebook/nllb-200-distilled-600M" in ids
    assert all(panel.table.item(r, 1).text() == "Translation" for r in range(panel.table.rowCount()))
    panel.show_task("sentiment")
    panel.table.selectRow(0)
    assert panel.repo_id.text() == panel.table.item(0, 0).text() and panel.revision.text() == "main"
    licence = panel.table.item(0, 3).text()
    assert licence and panel.table.item(0, 2).text().endswith("MB")


def test_the_commit_of_a_downloaded_catalog_model_is_shown(qtbot, window, tmp_path, monkeypatch):
    # The Hugging Face cache's layout, as huggingface_hub leaves it: snapshots/<commit>, refs/main -> commit.
    cache = tmp_path / "hf-cache"
    commit = "0123456789abcdef" * 2 + "01234567"
    repo = cache / "models--Helsinki-NLP--opus-mt-en-de"
    (repo / "snapshots" / commit).mkdir(parents=True)
    (repo / "snapshots" / commit / "config.json").write_text('{"model_type": "marian", "architectures": ["MarianMTModel"]}')
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(commit)
    monkeypatch.setenv("HF_HUB_CACHE", str(cache))
    page, panel = window.models_page, window.models_page.catalog_panel
    page.refresh()
    wait_scanned(qtbot, window)

    panel.show_task("translate")
    rows = {panel.table.item(r, 0).text(): r for r in range(panel.table.rowCount())}
    here = panel.table.item(rows["Helsinki-NLP/opus-mt-en-de"], 6)
    assert here.text() == f"✓ {commit[:10]}" and commit in here.toolTip()
    assert panel.table.item(rows["Helsinki-NLP/opus-mt-de-en"], 6).text() == ""
    panel.table.selectRow(rows["Helsinki-NLP/opus-mt-en-de"])
    assert f"Downloaded: commit {commit}" in panel.details.text()
    assert "not pinned" in panel.about.text()  # the packaged catalog names branches

    installed = {page.table.item(r, 0).text(): r for r in range(page.table.rowCount())}
    source = page.table.item(installed["Helsinki-NLP/opus-mt-en-de"], 4)
    assert source.text() == f"Hugging Face cache at {commit[:10]}" and commit in source.toolTip()


def test_download_from_the_page_with_progress_stop_and_resume_then_use_it(qtbot, window, hub, tmp_path, tiny_models, monkeypatch):
    cache = tmp_path / "hf-cache"
    monkeypatch.setenv("HF_HUB_CACHE", str(cache))  # where the page downloads to and discovery looks
    files = {p.name: p.read_bytes() for p in tiny_models["sentiment"].iterdir() if p.is_file()}
    files["extra-weights.safetensors"] = os.urandom(4 * 1024 * 1024)  # big enough to watch it move
    hub.add(FakeRepo("acme/tiny-sentiment", files))
    hub.faults["extra-weights.safetensors"] = Fault(delay_per_chunk=0.003)
    window.settings.hub_endpoint = hub.endpoint
    page, panel = window.models_page, window.models_page.catalog_panel
    window.tabs.setCurrentWidget(page)
    page.sections.setCurrentWidget(panel)
    fractions = []
    window.client.activity.connect(lambda r: fractions.append(r.done / r.total) if isinstance(r, Progress) and r.total else None)

    panel.repo_id.setText("acme/tiny-sentiment")
    qtbot.mouseClick(panel.download_button, Qt.LeftButton)
    assert panel.busy and panel.stop_button.isEnabled() and not panel.download_button.isEnabled()
    qtbot.waitUntil(lambda: panel.progress.value() > 300, timeout=30_000)
    assert "MB" in panel.status.text()
    qtbot.mouseClick(panel.stop_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: not panel.busy, timeout=30_000)
    assert "stopped" in page.banner.text() and page.banner.kind == "info"

    hub.faults.clear()
    fractions.clear()
    messages = []
    window.client.activity.connect(lambda r: messages.append(r.message) if isinstance(r, Progress) else None)
    qtbot.mouseClick(panel.download_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: not panel.busy, timeout=30_000)
    wait_scanned(qtbot, window)  # the download rescans; the page says so once the model is listed
    assert "Downloaded acme/tiny-sentiment" in page.banner.text()
    assert any("resumed at" in m for m in messages)  # it went on from the partial file
    assert fractions == sorted(fractions) and fractions[-1] == 1.0  # real bytes, rising to the whole model
    resumed = hub.transfers_of("extra-weights.safetensors")[-1]
    assert resumed.range.startswith("bytes=") and resumed.range != "bytes=0-"

    # it is listed, can be chosen for the sentiment tab, and answers
    names = [page.table.item(r, 0).text() for r in range(page.table.rowCount())]
    assert "acme/tiny-sentiment" in names
    box = page.choices[Task.SENTIMENT]
    index = box.findText("acme/tiny-sentiment (sentiment classifier)")
    box.setCurrentIndex(index)
    box.activated.emit(index)
    tab = window.sentiment_tab
    tab.input.setPlainText("Lovely.")
    tab.run()
    wait_idle(qtbot, tab)
    assert not tab.banner.text() and tab.label.text()


def test_load_and_unload_show_where_a_model_runs_and_its_memory(qtbot, window, tiny_models_dir):
    page = window.models_page
    key = str(tiny_models_dir / "tiny-sentiment")
    assert page.select(key)
    page.load_selected()
    wait_page(qtbot, page)
    qtbot.waitUntil(lambda: "tiny-sentiment" in window.models_label.text(), timeout=10_000)
    assert "CPU, float32" in window.models_label.text() and "MB" in window.models_label.text()
    assert "is in memory (CPU, float32" in page.banner.text()
    row = [r for r in range(page.table.rowCount()) if page.table.item(r, 0).text() == "tiny-sentiment"][0]
    assert page.table.item(row, 5).text().startswith("CPU, float32")
    assert page.memory_panel.loaded.rowCount() == 1 and "budget" in page.memory_panel.used.text()

    # int8 precision: the engine hears of it, the model comes back quantized and smaller
    before = window.client.last_memory.models[0].bytes
    panel = page.memory_panel
    panel.dtype.setCurrentIndex(panel.dtype.findData("int8"))
    panel.dtype.activated.emit(panel.dtype.currentIndex())
    assert json.loads(app_paths().settings_file.read_text())["dtype"] == "int8"
    qtbot.waitUntil(lambda: window.models_label.text() == "", timeout=10_000)  # placement changed: unloaded
    page.select(key)
    page.load_selected()
    wait_page(qtbot, page)
    qtbot.waitUntil(lambda: "CPU, int8" in window.models_label.text(), timeout=10_000)
    assert window.client.last_memory.models[0].bytes < before

    panel.unload_requested.emit("")
    qtbot.waitUntil(lambda: window.models_label.text() == "", timeout=10_000)
    assert panel.loaded.rowCount() == 0 and panel.used.text() == "No model in memory."


def test_the_models_page_says_the_int8_check_runs_then_its_outcome(qtbot, window, tiny_models_dir, monkeypatch):
    """A chat model on automatic precision: in memory in float32 at once, "checking" while the worker
    measures int8 in the background, then int8 (the check passes: its limits are opened here)."""
    import math

    from assistant.core.models import precision

    monkeypatch.setattr(precision, "MAX_NLL_INCREASE", math.inf)
    monkeypatch.setattr(precision, "MIN_AGREEMENT", 0.0)
    notes: list[str] = []
    window.client.memory.connect(lambda status: notes.extend(m.note for m in status.models))
    statuses: list[str] = []
    window.client.status.connect(lambda status: statuses.append(status.message))
    page = window.models_page
    assert page.select(str(tiny_models_dir / "tiny-chat"))
    page.load_selected()
    wait_page(qtbot, page)
    qtbot.waitUntil(lambda: "CPU, int8" in window.models_label.text(), timeout=120_000)
    assert any("Checking int8 quality" in note for note in notes)  # what the page showed while it ran
    assert any("Checking whether" in message for message in statuses)
    qtbot.waitUntil(lambda: "runs in int8 from now on" in window.status_message.text(), timeout=10_000)  # said after the swap
    assert not page.memory_panel.precision_notes.text()  # int8 won: nothing left to explain
    assert json.loads((app_paths().models / precision.VERDICTS_FILE).read_text())


def test_removing_a_model_asks_first_then_frees_its_space(qtbot, window, tiny_models):
    models = app_paths().models
    shutil.copytree(tiny_models["nli"], models / "nli-copy")
    page = window.models_page
    page.refresh()
    wait_scanned(qtbot, window)
    assert page.select(str(models / "nli-copy"))
    page.ask_remove()
    assert "Delete nli-copy from disk?" in page.banner.text()
    assert (models / "nli-copy").exists()  # nothing happens before the answer
    qtbot.mouseClick(page.banner.action_button, Qt.LeftButton)
    wait_page(qtbot, page)
    wait_scanned(qtbot, window)
    assert not (models / "nli-copy").exists()
    assert "Removed nli-copy" in page.banner.text() and "freed" in page.banner.text()
    assert "nli-copy" not in [page.table.item(r, 0).text() for r in range(page.table.rowCount())]


def test_a_gguf_import_can_be_stopped_and_leaves_nothing(qtbot, window, tmp_path):
    page = window.models_page
    window.tabs.setCurrentWidget(page)
    not_gguf = tmp_path / "x.gguf"
    not_gguf.write_bytes(b"PK\x03\x04 not a gguf")
    page.import_gguf(str(not_gguf))
    wait_page(qtbot, page)
    assert "not a GGUF file" in page.banner.text()

    gguf = starter_chat_gguf()
    page.import_gguf(str(gguf), name="stopped-import")
    assert page.operation_stop.isVisible() and "Importing" in page.operation_label.text()
    qtbot.waitUntil(lambda: "reading the tokenizer" in page.operation_label.text(), timeout=30_000)
    qtbot.mouseClick(page.operation_stop, Qt.LeftButton)
    wait_page(qtbot, page)
    assert "stopped" in page.banner.text()
    models = app_paths().models
    assert not (models / "stopped-import").exists() and not (models / "stopped-import.converting").exists()


def test_adding_a_folder_with_pickle_weights_converts_a_copy_into_the_models_folder(qtbot, window, tiny_models, tmp_path):
    import io

    import torch
    from safetensors.torch import load_file

    page = window.models_page
    window.tabs.setCurrentWidget(page)
    mine = tmp_path / "mine" / "tiny-sentiment"
    shutil.copytree(tiny_models["sentiment"], mine)
    weights = load_file(str(mine / "model.safetensors"))
    (mine / "model.safetensors").unlink()
    buffer = io.BytesIO()
    torch.save(weights, buffer)
    (mine / "pytorch_model.bin").write_bytes(buffer.getvalue())
    before = {p.name: p.read_bytes() for p in mine.iterdir()}

    page.add_folder(str(mine))
    wait_page(qtbot, page)
    wait_scanned(qtbot, window)
    copy = app_paths().models / "tiny-sentiment"
    assert "Imported tiny-sentiment" in page.banner.text() and "safe loader" in page.banner.text()
    assert (copy / "model.safetensors").is_file() and not (copy / "pytorch_model.bin").exists()
    assert {p.name: p.read_bytes() for p in mine.iterdir()} == before  # the person's folder is untouched
    assert str(mine) not in window.settings.extra_model_dirs
    assert page.select(str(copy))  # listed without a restart


def test_a_chosen_model_that_vanished_is_reported_not_a_crash(qtbot, window, tiny_models, tmp_path):
    copy = tmp_path / "soon-gone"
    shutil.copytree(tiny_models["sentiment"], copy)
    window.settings.models["sentiment"] = str(copy)
    shutil.rmtree(copy)
    window.models_page.refresh()
    wait_scanned(qtbot, window)
    assert f"The chosen model {copy} is gone" in window.models_page.banner.text()
    tab = window.sentiment_tab
    tab.input.setPlainText("Fine.")
    tab.run()
    wait_idle(qtbot, tab)
    assert "does not exist" in tab.banner.text() and tab.banner.action_button.text() == "Open Models page"


def test_out_of_gpu_memory_offers_a_retry_and_the_choice_is_remembered(qtbot, window, tiny_models):
    """No GPU here: the failure a GPU would produce is handed to the tab, then the retry runs for real."""
    tab = window.sentiment_tab
    key = str(tiny_models["sentiment"])
    tab.input.setPlainText("Fine.")
    request = SentimentRequest("Fine.", model=key)
    tab._last_request = request
    tab.on_started(Started(request.id, "tiny-sentiment", "sentiment classifier", key=key, device="cuda", dtype="float32"))
    tab.on_finished(Failure(request.id, FailureKind.OUT_OF_MEMORY, "tiny-sentiment ran out of GPU memory (GPU, float32)."))
    assert "ran out of GPU memory" in tab.banner.text()
    assert tab.banner.action_button.text() == "Retry in float16" and tab.banner.second_button.text() == "Retry on the CPU"
    finished = []
    window.client.activity.connect(lambda r: finished.append(r) if isinstance(r, (Result, Failure)) else None)
    qtbot.mouseClick(tab.banner.second_button, Qt.LeftButton)
    wait_idle(qtbot, tab)
    assert isinstance(finished[-1], Result) and tab.label.text()
    saved = json.loads(app_paths().settings_file.read_text())
    assert saved["model_placements"] == {key: "cpu/float32"}
    # the Models page shows the choice made for that model, and can drop it
    panel = window.models_page.memory_panel
    qtbot.waitUntil(lambda: "tiny-sentiment → cpu/float32" in panel.placements_note.text(), timeout=10_000)
    panel.reset_placements.click()
    assert json.loads(app_paths().settings_file.read_text())["model_placements"] == {}


@pytest.fixture
def unstarted_window(qtbot, settings):
    """A window whose worker has not started yet, so that requests can be queued behind a load."""
    main_window = new_window(qtbot, settings)
    main_window.models_page.refresh()
    wait_scanned(qtbot, main_window)
    yield main_window
    main_window.client.shutdown()


def test_a_tab_shows_that_its_request_waits_for_a_model_to_load_and_answers_come_in_order(qtbot, unstarted_window, tiny_models_dir):
    window = unstarted_window
    page, tab = window.models_page, window.sentiment_tab
    seen = []
    window.client.activity.connect(seen.append)
    page.select(str(tiny_models_dir / "tiny-nli"))
    page.load_selected()  # first in the queue: the load the others wait for
    tab.input.setPlainText("Fine.")
    tab.run()
    first = tab.request_id
    texts = []
    tab.status_label.setText = lambda text, real=tab.status_label.setText: (texts.append(text), real(text))[1]
    window.client.start()
    qtbot.waitUntil(lambda: not tab.busy and page.operation_id is None, timeout=60_000)
    assert any(t.startswith("Waiting: tiny-nli is loading") for t in texts), texts
    mine = [r for r in seen if getattr(r, "request_id", None) == first]
    assert isinstance(mine[-1], Result)
    order = [r.request_id for r in seen if isinstance(r, (Result, Failure))]
    assert order[-1] == first  # the load was answered first, then the tab's request


# ------------------------------------------------------------ in Chinese


@pytest.fixture
def chinese_window(chinese, request):
    return request.getfixturevalue("window")  # built after the translator is installed


def test_the_page_in_chinese_and_removal_asked_by_keyboard(qtbot, chinese_window, tiny_models_dir):
    window = chinese_window
    page = window.models_page
    window.tabs.setCurrentWidget(page)
    for index in range(page.sections.count()):  # each section once shown
        page.sections.setCurrentIndex(index)
        qtbot.wait(20)
        assert untranslated(page.sections) == [], page.sections.tabText(index)
        assert nameless_controls(page.sections) == [], page.sections.tabText(index)
    assert [page.sections.tabText(i) for i in range(3)] == ["已安装", "下载", "设备和内存"]

    row = [r for r in range(page.table.rowCount()) if page.table.item(r, 0).text() == "tiny-sentiment"][0]
    assert (page.table.item(row, 1).text(), page.table.item(row, 4).text()) == ("情感分类器", "已添加")
    assert page.choices[Task.SENTIMENT].itemText(0) == "自动"

    panel = page.catalog_panel
    panel.show_task("translate")
    assert {panel.table.item(r, 1).text() for r in range(panel.table.rowCount())} == {"翻译"}
    panel.table.selectRow(0)
    assert "许可证：" in panel.details.text() and "英语" in panel.details.text()  # languages by name

    page.sections.setCurrentIndex(0)
    key = str(tiny_models_dir / "tiny-sentiment")
    assert page.select(key)
    page.load_selected()
    wait_page(qtbot, page)
    assert page.banner.text().startswith("tiny-sentiment 已在内存中（CPU, float32，")
    assert page.memory_panel.used.text().startswith("已使用 ")

    window.activateWindow()
    page.table.setFocus()
    qtbot.waitUntil(page.table.hasFocus)
    qtbot.keyClick(page.table, Qt.Key_Delete)  # Del: Remove…, which asks first
    assert page.banner.text().startswith("要从列表中移除包含 tiny-sentiment 的文件夹吗？")
    assert page.banner.action_button.text() == "移除"
    assert (tiny_models_dir / "tiny-sentiment").exists()  # nothing happens before the answer


# ------------------------------------------------- the scan, off the GUI thread


def hf_cache_with(cache, repo_id: str, model) -> str:
    """``model``'s files in the Hugging Face cache layout (blobs, snapshots/<commit> of links, refs/main); its commit."""
    commit = hashlib.sha1(repo_id.encode()).hexdigest()
    repo = cache / ("models--" + repo_id.replace("/", "--"))
    snapshot = repo / "snapshots" / commit
    snapshot.mkdir(parents=True)
    (repo / "blobs").mkdir()
    for file in model.iterdir():
        if file.is_file():
            blob = repo / "blobs" / hashlib.sha256(file.read_bytes()).hexdigest()
            shutil.copyfile(file, blob)
            (snapshot / file.name).symlink_to(blob)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(commit)
    return commit


def installed(page) -> dict[str, list[str]]:
    return {page.table.item(r, 0).text(): [page.table.item(r, c).text() for c in range(page.table.columnCount())] for r in range(page.table.rowCount())}


def test_the_page_fills_in_when_a_scan_of_the_models_folder_and_the_cache_ends(qtbot, window, tiny_models, tmp_path, monkeypatch):
    cache = tmp_path / "hf-cache"
    commit = hf_cache_with(cache, "Helsinki-NLP/opus-mt-en-de", tiny_models["marian"])
    monkeypatch.setenv("HF_HUB_CACHE", str(cache))
    shutil.copytree(tiny_models["nli"], app_paths().models / "nli-copy")
    page, panel = window.models_page, window.models_page.catalog_panel
    heard = []
    page.inventory_changed.connect(heard.append)

    page.refresh()
    # nothing was scanned on the GUI thread: the page says it is looking, the old list stays
    assert page.scanning and page.summary.text() == "Looking for models…"
    assert "nli-copy" not in installed(page) and heard == []
    wait_scanned(qtbot, window)

    rows = installed(page)
    assert rows["nli-copy"][4] == "models folder" and rows["nli-copy"][3] != "0 B"
    cached = rows["Helsinki-NLP/opus-mt-en-de"]
    assert cached[4] == f"Hugging Face cache at {commit[:10]}" and cached[1] == "translation en→de"
    assert cached[3] == format_bytes(sum(p.stat().st_size for p in tiny_models["marian"].iterdir() if p.is_file()))
    assert page.summary.text().endswith(f"{len(rows)} models found") or page.summary.text().endswith(f"{len(rows)} model(s) found")
    panel.show_task("translate")
    here = {panel.table.item(r, 0).text(): panel.table.item(r, 6).text() for r in range(panel.table.rowCount())}
    assert here["Helsinki-NLP/opus-mt-en-de"] == f"✓ {commit[:10]}" and here["Helsinki-NLP/opus-mt-de-en"] == ""
    # the tabs got the new inventory, once
    assert len(heard) == 1 and heard[0].find(str(app_paths().models / "nli-copy")) is not None
    assert ("en", "de") in window.translate_tab._pairs


def test_a_rescan_asked_during_a_scan_runs_once_after_it_and_gives_one_final_state(qtbot, window, tiny_models):
    page = window.models_page
    models = app_paths().models
    heard, done = [], []
    page.inventory_changed.connect(heard.append)
    page.refresh(then=lambda: done.append("first"))
    shutil.copytree(tiny_models["sentiment"], models / "late-sentiment")  # comes while the first scan runs
    page.refresh()  # Rescan (F5), twice
    page.refresh(then=lambda: done.append("second"))
    scans = [t for t in running_job_threads() if t.objectName() == "assistant-inventory"]
    assert len(scans) <= 1  # never two scans at once
    wait_scanned(qtbot, window)
    assert len(heard) == 1  # the first scan's answer, stale, was dropped
    assert done == ["first", "second"]  # what waited on either scan ran once, after the final one
    assert heard[0].find(str(models / "late-sentiment")) is not None and "late-sentiment" in installed(page)
    qtbot.waitUntil(lambda: running_job_threads() == [], timeout=10_000)  # the scan thread ends by itself


def test_closing_the_window_during_a_scan_ends_the_scan_thread(qtbot, window):
    window.models_page.refresh()
    assert window.models_page.scanning
    window.close()
    assert running_job_threads() == []
