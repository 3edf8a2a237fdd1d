"""Qt fixtures: a real worker thread and a real main window over tiny models."""

from __future__ import annotations

import pytest

from assistant.paths import app_paths
from assistant.settings import Settings


@pytest.fixture
def settings(isolated_home, tiny_models, tiny_models_dir) -> Settings:
    settings = Settings(extra_model_dirs=[str(tiny_models_dir)], models={"chat": str(tiny_models["causal_lm"])})
    settings.save(app_paths().settings_file)
    return settings


def new_window(qtbot, settings):
    """A real main window over ``settings``, shown and painted with the tab it shows (built after
    the window's first paint); its worker is made but not started."""
    from assistant.ui.main_window import MainWindow
    from assistant.worker.engine import EngineConfig
    from assistant.worker.qt import WorkerClient

    paths = app_paths()
    main_window = MainWindow(settings, paths, WorkerClient(EngineConfig.from_settings(settings, paths)))
    qtbot.addWidget(main_window)
    with qtbot.waitSignal(main_window.content_painted, timeout=30_000):
        main_window.show()
    return main_window


@pytest.fixture
def window(qtbot, settings):
    main_window = new_window(qtbot, settings)
    client = main_window.client
    client.start()
    main_window.models_page.refresh()
    qtbot.waitUntil(lambda: client.last_status is not None and client.last_status.ready, timeout=60_000)
    wait_scanned(qtbot, main_window)
    yield main_window
    client.shutdown()


@pytest.fixture
def chinese(qapp):
    """The Simplified Chinese interface: widgets built while this is active get their zh_CN texts."""
    from assistant.ui.i18n.translators import install_translators

    assert install_translators("zh_CN") == "zh_CN"
    yield
    install_translators("en")


def wait_idle(qtbot, tab, timeout: int = 60_000) -> None:
    qtbot.waitUntil(lambda: not tab.busy, timeout=timeout)


def wait_scanned(qtbot, window, timeout: int = 30_000) -> None:
    """Until the Models page's scan (off the GUI thread) has ended and its result is shown."""
    qtbot.waitUntil(lambda: not window.models_page.scanning, timeout=timeout)


def add_model_folder(qtbot, window, folder: str) -> None:
    """Add ``folder`` on the Models page as a person would, and wait until its models are listed."""
    window.models_page.add_folder(folder)
    wait_scanned(qtbot, window)
    assert folder in window.settings.extra_model_dirs, window.models_page.banner.text()
