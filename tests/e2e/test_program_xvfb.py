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
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"
WINDOW_TITLE = "^Local Assistant$"
SCREEN = "1280x800x24"

_MISSING = [tool for tool in ("Xvfb", "xdotool", "import") if shutil.which(tool) is None]

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        bool(_MISSING),
        reason=f"end-to-end test needs {', '.join(_MISSING)} on PATH "
        "(apt-get install xvfb xdotool imagemagick)",
    ),
]


# ---------------------------------------------------------------- X server


@pytest.fixture
def xvfb_display():
    """A private Xvfb on the first free display number (Xvfb picks it: -displayfd); stopped afterwards."""
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", SCREEN, "-nolisten", "tcp", "-noreset"],
        pass_fds=(write_end,),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        number = b""
        deadline = time.monotonic() + 20
        while not number.endswith(b"\n"):
            remaining = deadline - time.monotonic()
            if remaining <= 0 or server.poll() is not None:
                raise RuntimeError(f"Xvfb did not start (exit code {server.poll()})")
            ready, _, _ = select.select([read_end], [], [], remaining)
            if ready:
                chunk = os.read(read_end, 16)
                if not chunk:
                    raise RuntimeError(f"Xvfb closed -displayfd without a display number (exit code {server.poll()})")
                number += chunk
        yield f":{int(number.strip())}"
    finally:
        os.close(read_end)
        _stop(server, grace=10)


def _stop(process: subprocess.Popen, grace: float) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


# ---------------------------------------------------------------- helpers


class Desktop:
    """xdotool and ImageMagick on one display."""

    def __init__(self, display: str) -> None:
        self.env = {**os.environ, "DISPLAY": display}

    def run(self, *args: str, timeout: float = 20) -> str:
        done = subprocess.run(
            list(args), env=self.env, capture_output=True, text=True, timeout=timeout, check=False
        )
        if done.returncode != 0:
            raise AssertionError(f"{' '.join(args)} failed ({done.returncode}): {done.stderr.strip()}")
        return done.stdout

    def xdotool(self, *args: str) -> str:
        return self.run("xdotool", *args)

    def find_window(self, app: subprocess.Popen, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if app.poll() is not None:
                raise AssertionError(f"the program exited with {app.returncode} before its window appeared")
            found = subprocess.run(
                ["xdotool", "search", "--onlyvisible", "--name", WINDOW_TITLE],
                env=self.env, capture_output=True, text=True, timeout=10, check=False,
            )
            ids = found.stdout.split()
            if ids:
                return ids[0]
            time.sleep(0.2)
        raise AssertionError(f"no visible window named {WINDOW_TITLE!r} within {timeout:.0f} s")

    def key(self, *keys: str) -> None:
        self.xdotool("key", "--clearmodifiers", *keys)

    def type(self, text: str) -> None:
        self.xdotool("type", "--clearmodifiers", "--delay", "25", text)

    def screenshot(self, window: str, target: Path) -> Path:
        self.run("import", "-window", window, str(target))
        return target

    def colours(self, image: Path) -> int:
        return int(self.run("identify", "-format", "%k", str(image)).strip() or 0)


class Log:
    """Reads the program's log file as it grows."""

    RESULT = re.compile(r"request (\d+) \((\w+)\) result: (.*)")
    ENDED = re.compile(r"request (\d+) \((\w+)\) ended: (.*)")

    def __init__(self, path: Path) -> None:
        self.path = path

    def text(self) -> str:
        try:
            return self.path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def tail(self, lines: int = 30) -> str:
        return "\n".join(self.text().splitlines()[-lines:])

    def wait_for(self, what: str, app: subprocess.Popen, timeout: float, pattern: re.Pattern) -> re.Match:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.text()
            match = pattern.search(text)
            if match:
                return match
            if app.poll() is not None:
                raise AssertionError(f"the program exited with {app.returncode} while waiting for {what}\n{self.tail()}")
            time.sleep(0.25)
        raise AssertionError(f"no {what} in the log within {timeout:.0f} s\n{self.tail()}")

    def wait_for_result(self, task: str, app: subprocess.Popen, timeout: float) -> str:
        """The preview of the next result of ``task``; a Failure for it fails the test at once."""
        seen = {m.group(1) for m in self.RESULT.finditer(self.text()) if m.group(2) == task}
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.text()
            for match in self.RESULT.finditer(text):
                if match.group(2) == task and match.group(1) not in seen:
                    return match.group(3)
            for match in self.ENDED.finditer(text):
                if match.group(2) == task:
                    raise AssertionError(f"the {task} request failed: {match.group(3)}\n{self.tail()}")
            if app.poll() is not None:
                raise AssertionError(f"the program exited with {app.returncode} during {task}\n{self.tail()}")
            time.sleep(0.25)
        raise AssertionError(
            f"no {task} result in the log within {timeout:.0f} s: was the keyboard focus in the tab's input?\n"
            f"{self.tail()}"
        )


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
        # No window manager: give the window the X input focus ourselves, and park the
        # pointer outside it so no hover or tooltip ends up in the screenshots.
        desktop.xdotool("windowfocus", "--sync", window)
        desktop.xdotool("mousemove", "1270", "790")
        time.sleep(0.3)

        chat = run_tab("chat", "ctrl+1", "What is the capital of France?", timeout=90)
        assert "Paris" in chat, f"the chat answer does not mention Paris: {chat}"

        translation = run_tab("translate", "ctrl+2", "Hello world. The weather is nice.", timeout=60)
        assert translation.strip("'\" "), "the translation came back empty"

        sentiment = run_tab("sentiment", "ctrl+3", "I love this wonderful film.", timeout=60)
        assert "label='positive'" in sentiment, f"sentiment is not positive: {sentiment}"

        classified = run_tab("classify", "ctrl+4", "The team won the championship", timeout=60)
        top = re.search(r"scores=LabelScores\(scores=\(\('([^']+)'", classified)
        assert top and top.group(1) == "sports", f"the text was not classified as sports: {classified}"

        desktop.key("ctrl+5")
        shoot("models")

        desktop.key("ctrl+q")
        quit_pressed = time.monotonic()
        try:
            code = app.wait(20)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"the program did not exit within 20 s of Ctrl+Q\n{log.tail()}") from None
        timings["quit"] = time.monotonic() - quit_pressed
        timings["total"] = time.monotonic() - started
        stderr = err_path.read_text(encoding="utf-8", errors="replace")
        assert code == 0, f"exit code {code}\nstderr:\n{stderr[-3000:]}\nlog:\n{log.tail()}"
    finally:
        _stop(app, grace=10)

    text = log.text()
    assert "Traceback" not in text, f"the log holds a traceback:\n{text[-5000:]}"
    assert "Traceback" not in stderr, f"stderr holds a traceback:\n{stderr[-5000:]}"
    saved = json.loads(settings_file.read_text(encoding="utf-8"))
    assert saved["extra_model_dirs"] == [str(tiny_models["marian"])]
    assert saved["last_tab"] == 4  # Ctrl+5 went to the Models page, and closing saved it
    print("e2e timings (s): " + ", ".join(f"{k} {v:.1f}" for k, v in timings.items()))
