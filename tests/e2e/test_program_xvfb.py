"""End to end: the real program under its own Xvfb, driven with the keyboard like a person.

The test starts an Xvfb server on a free display, launches ``python -m assistant``
on it (xcb, not offscreen), and uses xdotool to switch tabs (Ctrl+1 … Ctrl+5), type
into each tab's input and run it (Ctrl+Return).  It learns what the program answered
from the DEBUG log (``request N (task) result: …``), takes a screenshot of the window
after each answer (kept in the test's tmp folder; copied to docs/screenshots/ when
ASSISTANT_UPDATE_SCREENSHOTS=1),
then quits with Ctrl+Q and checks the exit code and the log.

Models: chat uses the converted starter SmolLM2-135M (``starter_home``), sentiment and
classify fall back automatically to the starter all-MiniLM-L6-v2 embedding model, and
translation uses the tiny random Marian en→de folder added through ``extra_model_dirs``
(its German is gibberish by design; the test only checks that a translation came back).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.xdesktop import TOOLS, Desktop, Log, stop, top_label, xvfb

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"

_MISSING = [tool for tool in TOOLS if shutil.which(tool) is None]

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        bool(_MISSING),
        reason=f"end-to-end test needs {', '.join(_MISSING)} on PATH "
        "(apt-get install xvfb xdotool imagemagick)",
    ),
]


@pytest.fixture
def xvfb_display():
    """A private Xvfb (tests/xdesktop.py), stopped afterwards."""
    with xvfb() as display:
        yield display


# ---------------------------------------------------------------- the test


@pytest.mark.timeout(420)
def test_program_under_xvfb(xvfb_display, starter_home, tiny_models, tmp_path):
    home = starter_home
    settings_file = home / "config" / "settings.json"
    settings_file.parent.mkdir(parents=True, exist_ok=True)
    settings_file.write_text(json.dumps({"extra_model_dirs": [str(tiny_models["marian"])]}, indent=2), encoding="utf-8")
    log = Log(home / "logs" / "assistant.log")
    shots = tmp_path / "screenshots"
    shots.mkdir()
    desktop = Desktop(xvfb_display)
    timings: dict[str, float] = {}

    env = {**os.environ}
    env.update(
        DISPLAY=xvfb_display,
        QT_QPA_PLATFORM="xcb",  # conftest sets offscreen for the in-process Qt tests
        ASSISTANT_HOME=str(home),
        ASSISTANT_LOG_LEVEL="DEBUG",
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")])),
    )
    env.pop("QT_QPA_PLATFORM_PLUGIN_PATH", None)
    out_path, err_path = tmp_path / "program.stdout", tmp_path / "program.stderr"

    def shoot(name: str) -> None:
        time.sleep(1.0)  # the log line is written just before the reply reaches the window
        image = desktop.screenshot(window, shots / f"{name}.png")
        assert desktop.colours(image) > 16, f"the {name} screenshot looks blank"
        if os.environ.get("ASSISTANT_UPDATE_SCREENSHOTS") == "1":  # refresh the README's pictures on demand only
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(image, SCREENSHOTS / f"{name}.png")

    def run_tab(name: str, shortcut: str, text: str, timeout: float) -> str:
        desktop.key(shortcut)
        time.sleep(0.4)  # the tab switch moves the keyboard focus into the tab's input
        desktop.type(text)
        start = time.monotonic()
        desktop.key("ctrl+Return")
        try:
            preview = log.wait_for_result(name, app, timeout)
        except AssertionError:
            if app.poll() is None:  # what the window showed, to see where the keys went
                desktop.screenshot(window, shots / f"failed-{name}.png")
            raise
        timings[name] = time.monotonic() - start
        shoot(name)
        return preview

    started = time.monotonic()
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        app = subprocess.Popen(
            [sys.executable, "-m", "assistant"], cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err
        )
    try:
        window = desktop.find_window(app, timeout=60)
        timings["window"] = time.monotonic() - started
        log.wait_for("first paint", app, 30, re.compile(r"first paint"))
        desktop.focus(window)  # no window manager: the test gives the window the keyboard focus

        # The first answer comes in float32 at once; the one-time int8 check runs afterwards, giving way to each request.
        chat = run_tab("chat", "ctrl+1", "What is the capital of France?", timeout=90)
        assert "Paris" in chat, f"the chat answer does not mention Paris: {chat}"

        translation = run_tab("translate", "ctrl+2", "Hello world. The weather is nice.", timeout=60)
        assert translation.strip("'\" "), "the translation came back empty"

        sentiment = run_tab("sentiment", "ctrl+3", "I love this wonderful film.", timeout=60)
        assert "label='positive'" in sentiment, f"sentiment is not positive: {sentiment}"

        classified = run_tab("classify", "ctrl+4", "The team won the championship", timeout=60)
        assert top_label(classified) == "sports", f"the text was not classified as sports: {classified}"

        desktop.key("ctrl+5")
        shoot("models")

        code, timings["quit"] = desktop.quit(app, 20)
        assert code is not None, f"the program did not exit within 20 s of Ctrl+Q\n{log.tail()}"
        timings["total"] = time.monotonic() - started
        stderr = err_path.read_text(encoding="utf-8", errors="replace")
        assert code == 0, f"exit code {code}\nstderr:\n{stderr[-3000:]}\nlog:\n{log.tail()}"
    finally:
        stop(app, grace=10)

    text = log.text()
    assert "Traceback" not in text, f"the log holds a traceback:\n{text[-5000:]}"
    assert "Traceback" not in stderr, f"stderr holds a traceback:\n{stderr[-5000:]}"
    saved = json.loads(settings_file.read_text(encoding="utf-8"))
    assert saved["extra_model_dirs"] == [str(tiny_models["marian"])]
    assert saved["last_tab"] == 4  # Ctrl+5 went to the Models page, and closing saved it
    print("e2e timings (s): " + ", ".join(f"{k} {v:.1f}" for k, v in timings.items()))


@pytest.mark.timeout(300)
def test_program_in_chinese_with_the_dark_theme(xvfb_display, isolated_home, tiny_models, tmp_path):
    """The settings' language and theme are applied from the first paint of the real program."""
    home = isolated_home
    settings_file = home / "config" / "settings.json"
    settings_file.parent.mkdir(parents=True, exist_ok=True)
    settings = {"extra_model_dirs": [str(tiny_models["marian"])], "language": "zh_CN", "theme": "dark", "last_tab": 1}
    settings_file.write_text(json.dumps(settings), encoding="utf-8")
    log = Log(home / "logs" / "assistant.log")
    desktop = Desktop(xvfb_display)
    env = {**os.environ}
    env.update(
        DISPLAY=xvfb_display,
        QT_QPA_PLATFORM="xcb",
        ASSISTANT_HOME=str(home),
        ASSISTANT_LOG_LEVEL="DEBUG",
        HF_HUB_OFFLINE="1",
        LANG="en_US.UTF-8",  # the system says English: the setting wins
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")])),
    )
    env.pop("QT_QPA_PLATFORM_PLUGIN_PATH", None)
    with open(tmp_path / "program.stderr", "wb") as err:
        app = subprocess.Popen([sys.executable, "-m", "assistant"], cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stderr=err)
    try:
        window = desktop.find_window(app, timeout=60)
        log.wait_for("language and theme", app, 30, re.compile(r"interface language zh_CN, dark theme"))
        log.wait_for("first paint", app, 30, re.compile(r"first paint"))
        desktop.focus(window)
        time.sleep(0.4)
        desktop.type("Hello world.")
        desktop.key("ctrl+Return")
        log.wait_for_result("translate", app, 60)
        time.sleep(1.0)
        image = desktop.screenshot(window, tmp_path / "translate-zh_CN-dark.png")
        assert desktop.lightness(image) < 0.35, "the window is not dark"
        if os.environ.get("ASSISTANT_UPDATE_SCREENSHOTS") == "1":
            shutil.copyfile(image, SCREENSHOTS / image.name)
        assert desktop.quit(app, 20)[0] == 0
    finally:
        stop(app, grace=10)
    assert "Traceback" not in log.text()
