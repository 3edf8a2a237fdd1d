"""Start the program: QApplication, folders, settings, worker, main window; clean exit.

Nothing heavy happens before the window is painted: torch and transformers are
imported by the worker thread, which is made and started only after the first paint
(of the window, then of the tab it shows), and so is the log file (records logged
before are held for it, assistant/logs.py).
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import time

log = logging.getLogger(__name__)


def main(argv: list[str] | None = None) -> int:
    launched = time.perf_counter()
    # The Qt-free modules first: once PySide6 is imported, it reads the source of every module imported
    # after it (looking for ``from __feature__ import``), a little time each before the first paint.
    from assistant import APP_ID, APP_NAME
    from assistant.logs import hold_records, setup_logging
    from assistant.paths import app_paths
    from assistant.settings import Settings
    from assistant.worker.config import EngineConfig

    # isort: split
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from assistant.ui.i18n.translators import install_translators, resolve_language
    from assistant.ui.main_window import MainWindow
    from assistant.ui.theme import apply_theme, started_with_style, style_arguments
    from assistant.worker.qt import WorkerClient

    # Fractional scale factors (125 %, 150 %) are used as they are, not rounded (sharp text and SVG icons):
    # Qt 6's default rounding policy, PassThrough, left to Qt.  Not set from Python before the first paint:
    # any value of Qt's namespace (Qt.HighDpiScaleFactorRoundingPolicy...) makes PySide build the Python
    # types of all of its enums first, about 50 ms.  QT_SCALE_FACTOR_ROUNDING_POLICY may change it, as for any Qt program.
    app = QApplication.instance()
    if app is None:
        app = QApplication([*(argv if argv is not None else sys.argv), *style_arguments()])
        started_with_style(app)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName(APP_ID)
    paths = app_paths()
    hold_records()  # the log file is set up after the first paint; what is logged until then is kept for it
    settings = Settings.load(paths.settings_file)
    language = install_translators(resolve_language(settings.language))
    scheme = apply_theme(settings.theme)  # before any widget is made: the style and palette are there from the first paint
    log.info("interface language %s, %s theme", language, scheme)
    client = WorkerClient(EngineConfig.from_settings(settings, paths))
    window = MainWindow(settings, paths, client)

    started = False

    def after_content_painted() -> None:
        nonlocal started
        started = True
        _report_paint("ASSISTANT_CONTENT_PAINT_FILE", launched, "the tab shown first")
        setup_logging(paths)  # before the worker starts: it also quiets transformers' console output
        gc.freeze()  # the startup objects live as long as the program: full collections need not walk them
        client.start()  # heavy imports begin now, on the worker thread
        window.start_local_api()  # when Settings turned it on: it listens now, its requests queue for the worker
        window.models_page.refresh()
        window.build_remaining_tabs()  # one per turn of the event loop; a tab the user opens first is built then

    # Once the worker has imported torch and transformers, their objects too (hundreds of thousands).
    client.status.connect(lambda status: gc.freeze() if getattr(status, "ready", False) else None)

    def after_first_paint() -> None:
        _report_paint("ASSISTANT_FIRST_PAINT_FILE", launched, "first paint")
        # The icon after the first paint: on X11 the window's icon is sent to the server in every size
        # it has (16 to 512 px), some 30 ms before the window could show; the frame gets it a turn later.
        app.setWindowIcon(app_icon())

    # The window is painted first; the tab shown is built right after and painted on the next turns.
    window.first_painted.connect(lambda: QTimer.singleShot(0, after_first_paint))
    window.content_painted.connect(lambda: QTimer.singleShot(0, after_content_painted))
    window.show()
    code = app.exec()
    if not started:  # closed before the tab shown was painted: the records held still go to the file
        setup_logging(paths)
    if client.running and not client.shutdown():
        # The worker is stuck in a step that cannot be interrupted (a model load).
        # Everything the user made is saved already; leave without waiting longer.
        logging.shutdown()
        os._exit(code)
    return code


def _report_paint(variable: str, launched: float, what: str) -> None:
    """For bench/startup.py: the wall-clock time of a paint, written to the file ``variable`` names."""
    target = os.environ.get(variable)
    log.info("%s %.3f s after main()", what, time.perf_counter() - launched)
    if target:
        with open(target, "w", encoding="utf-8") as handle:
            handle.write(f"{time.time():.6f}\n")
            handle.write("torch imported before first paint: %s\n" % ("torch" in sys.modules))


def app_icon():
    """The program's icon in every size there is: the hicolor PNGs (16 to 512 px, so 2x and
    3x screens get a sharp one), else the SVG, which scales to any size."""
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QIcon

    from assistant import APP_ID
    from assistant.resources import resource_path

    icon = QIcon()
    hicolor = resource_path("icons/hicolor")
    if hicolor is not None:
        for png in sorted(hicolor.glob(f"*x*/apps/{APP_ID}.png")):
            size = int(png.parent.parent.name.split("x")[0])
            icon.addFile(str(png), QSize(size, size))
    if icon.isNull():
        svg = resource_path("icons/assistant.svg")
        if svg is not None:
            icon.addFile(str(svg))
    return icon
