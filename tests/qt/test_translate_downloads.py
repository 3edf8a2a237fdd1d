"""The Translate tab offers the catalog's models for a pair that needs one and downloads one in place.

Real window, worker and download threads.  The hub is the local server of tests/fixtures/fake_hub.py,
serving a tiny Marian model folder under the catalog's id; nothing reaches the internet.
"""

from __future__ import annotations

import os
import socket

import pytest
from PySide6.QtCore import Qt

from assistant.core.models.catalog import cached_commit
from assistant.core.models.sources import default_hf_cache
from tests.conftest import model_folder
from tests.fixtures.fake_hub import FakeRepo, Fault, hub, only_localhost  # noqa: F401 (fixtures)
from tests.fixtures.tiny_models import make_marian
from tests.qt.conftest import add_model_folder, wait_idle

EN_FR = "Helsinki-NLP/opus-mt-en-fr"
NLLB, M2M = "facebook/nllb-200-distilled-600M", "facebook/m2m100_418M"


@pytest.fixture(scope="module")
def en_fr_model(tmp_path_factory):
    return make_marian(tmp_path_factory.mktemp("hub-models") / "opus-mt-en-fr", "en", "fr")


def pick(tab, source: str, target: str) -> None:
    tab._select(tab.source_language, source)
    tab._select(tab.target_language, target)


def item_text(box, code: str) -> str:
    return box.itemText(box.findData(code))


def test_a_pair_that_needs_a_model_offers_it_downloads_it_with_stop_and_then_works(qtbot, window, hub, tmp_path, monkeypatch, en_fr_model):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf-cache"))  # where downloads go and discovery looks
    files = {p.name: p.read_bytes() for p in en_fr_model.iterdir() if p.is_file()}
    files["extra-weights.safetensors"] = os.urandom(4 * 1024 * 1024)  # big enough to watch it move and stop it
    hub.add(FakeRepo(EN_FR, files))
    hub.faults["extra-weights.safetensors"] = Fault(delay_per_chunk=0.02)
    window.settings.hub_endpoint = hub.endpoint
    tab, panel = window.translate_tab, window.models_page.catalog_panel
    assert tab.context.downloads is window.models_page.context.downloads  # one download machinery for both
    window.tabs.setCurrentWidget(tab)
    offer = tab.model_offer

    pick(tab, "en", "fr")
    assert item_text(tab.target_language, "fr").endswith("needs a model")
    assert offer.isVisible() and tab.pair_note.text() == "No model installed for this pair"
    text = offer.label.text()
    assert text.startswith("No installed model translates English → French. Download opus-mt-en-fr (300 MB, CC-BY-4.0")
    assert [offer.choice.itemData(i) for i in range(offer.choice.count())] == [EN_FR, NLLB, M2M]
    assert offer.choice.isVisible() and "2.5 GB, CC-BY-NC-4.0" in offer.choice.itemText(1)
    assert offer.download_button.isEnabled() and not offer.stop_button.isVisible()

    # Download, watch it move, Stop: the Models page shows the same download
    qtbot.mouseClick(offer.download_button, Qt.LeftButton)
    assert panel.busy and not panel.download_button.isEnabled()
    assert offer.stop_button.isVisible() and not offer.download_button.isVisible() and offer.progress.isVisible()
    qtbot.waitUntil(lambda: offer.progress.value() > 300, timeout=30_000)  # into the big file (fetched last)
    assert " of " in offer.progress.format() and "MB" in offer.status.text()
    qtbot.mouseClick(offer.stop_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: not tab.context.downloads.busy, timeout=30_000)
    assert "stopped" in offer.status.text() and offer.kind == "info" and offer.isVisible()
    assert offer.download_button.isVisible() and offer.download_button.isEnabled()
    assert item_text(tab.target_language, "fr").endswith("needs a model")

    # Again: it goes on from the partial file, the Models page rescans, and the pair works without a restart
    hub.faults.clear()
    qtbot.mouseClick(offer.download_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: not tab.context.downloads.busy, timeout=30_000)
    assert hub.transfers_of("extra-weights.safetensors")[-1].range not in ("", "bytes=0-")  # resumed
    assert cached_commit(EN_FR, default_hf_cache()) is not None
    # The Models page rescans on its own thread; the tab is told when that scan is shown.
    qtbot.waitUntil(lambda: tab.banner.text() == f"{EN_FR} is installed: English → French works now.", timeout=15_000)
    assert offer.isHidden() and not tab.better_button.isVisible()
    assert item_text(tab.target_language, "fr").endswith("✓") and tab.pair_note.text() == "✓ installed"
    assert EN_FR in [window.models_page.table.item(r, 0).text() for r in range(window.models_page.table.rowCount())]
    tab.source.setPlainText("Hello world.")
    tab.run()
    wait_idle(qtbot, tab)
    assert tab.output.toPlainText() and not tab.banner.text()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_multilingual_and_through_english_offers_no_network_and_a_better_direct_model(qtbot, window, only_localhost, translation_models, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf-cache"))
    window.settings.hub_endpoint = f"http://127.0.0.1:{_closed_port()}"  # nothing listens: as with no network
    tab = window.translate_tab
    window.tabs.setCurrentWidget(tab)
    offer = tab.model_offer

    # no opus-mt model for the pair: the multilingual models, NLLB-200 first
    pick(tab, "en", "ja")
    assert offer.isVisible() and [offer.choice.itemData(i) for i in range(offer.choice.count())] == [NLLB, M2M]
    assert "Download nllb-200-distilled-600M (2.5 GB, CC-BY-NC-4.0)?" in offer.label.text()
    offer.choice.setCurrentIndex(1)
    assert "Download m2m100_418M (1.9 GB, MIT)?" in offer.label.text()

    # the hub cannot be reached: said plainly, in the strip, which turns red; nothing is listed
    qtbot.mouseClick(offer.download_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: not tab.context.downloads.busy, timeout=30_000)
    assert offer.kind == "error" and offer.isVisible()
    assert offer.status.text().startswith(f"The download failed: Could not reach the model hub at {window.settings.hub_endpoint}")
    assert "this computer may be offline" in offer.status.text() and offer.download_button.isEnabled()
    assert item_text(tab.target_language, "ja").endswith("needs a model")

    # closed, it stays closed for that pair
    offer.dismiss()
    pick(tab, "en", "de")
    assert offer.isHidden() and tab.pair_note.text() == "✓ installed"
    pick(tab, "en", "ja")
    assert offer.isHidden()

    # French → German with English → German installed: the missing half (French → English) is offered too, last
    pick(tab, "fr", "de")
    ids = [offer.choice.itemData(i) for i in range(offer.choice.count())]
    assert ids == [NLLB, M2M, "Helsinki-NLP/opus-mt-fr-en"] and offer.choice.itemText(2).endswith("(through English)")
    offer.choice.setCurrentIndex(2)
    assert "Together with the installed English → German model, it translates through English." in offer.label.text()

    # once it works through English, a direct model is only a small button away, not in the way
    add_model_folder(qtbot, window, str(model_folder(tmp_path / "more", translation_models["fr_en"])))
    assert item_text(tab.target_language, "de").endswith("via English")
    assert offer.isHidden() and tab.better_button.isVisible()
    qtbot.mouseClick(tab.better_button, Qt.LeftButton)
    assert offer.isVisible() and offer.label.text().startswith("French → German works through English; a direct model is usually better")
    assert [offer.choice.itemData(i) for i in range(offer.choice.count())] == [NLLB, M2M]

    # "Open Models page": its catalog of translation models, the chosen one ready to download
    qtbot.mouseClick(offer.models_page_button, Qt.LeftButton)
    page = window.models_page
    assert window.tabs.currentWidget() is page and page.sections.currentWidget() is page.catalog_panel
    assert page.catalog_panel.repo_id.text() == NLLB and NLLB in page.catalog_panel.details.text()
    assert {page.catalog_panel.table.item(r, 1).text() for r in range(page.catalog_panel.table.rowCount())} == {"Translation"}


def test_a_pickle_only_chinese_model_downloads_through_the_proxy_is_converted_and_translates(qtbot, window, hub, tmp_path, monkeypatch, tmp_path_factory):
    """Chinese → English as the hub publishes opus-mt-zh-en (pytorch_model.bin only, no bot branch), via the proxy setting."""
    import io

    import torch
    from safetensors.torch import load_file

    from assistant.core.models import network
    from tests.fixtures.fake_hub import ForwardProxy

    zh_en = make_marian(tmp_path_factory.mktemp("hub-models") / "opus-mt-zh-en", "zh", "en")
    files = {p.name: p.read_bytes() for p in zh_en.iterdir() if p.is_file() and p.suffix != ".safetensors"}
    buffer = io.BytesIO()
    torch.save(load_file(str(zh_en / "model.safetensors")), buffer)
    files["pytorch_model.bin"] = buffer.getvalue()
    hub.add(FakeRepo("Helsinki-NLP/opus-mt-zh-en", files))
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf-cache"))
    proxy = ForwardProxy().start()
    try:
        window.settings.hub_endpoint = hub.endpoint
        window.settings.proxy = proxy.url
        tab = window.translate_tab
        window.tabs.setCurrentWidget(tab)
        pick(tab, "zh", "en")
        offer = tab.model_offer
        assert offer.isVisible() and offer.choice.itemData(0) == "Helsinki-NLP/opus-mt-zh-en"
        qtbot.mouseClick(offer.download_button, Qt.LeftButton)
        qtbot.waitUntil(lambda: not tab.context.downloads.busy, timeout=60_000)
        qtbot.waitUntil(lambda: tab.banner.text() == "Helsinki-NLP/opus-mt-zh-en is installed: Chinese → English works now.", timeout=30_000)
        assert any("/cdn/" in line for line in proxy.log)  # the weights came through the proxy
        snapshot = tmp_path / "hf-cache" / "models--Helsinki-NLP--opus-mt-zh-en" / "snapshots" / FakeRepo("x", {}).commit
        assert (snapshot / "model.safetensors").is_file() and not (snapshot / "pytorch_model.bin").exists()
        tab.source.setPlainText("你好。")
        tab.run()
        wait_idle(qtbot, tab)
        assert tab.output.toPlainText() and not tab.banner.text()
    finally:
        network.use_proxy(network.SYSTEM)
        proxy.close()
