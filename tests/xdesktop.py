"""Driving the real program on a private X server: Xvfb, xdotool, ImageMagick, the log.

Shared by the end-to-end test (tests/e2e/test_program_xvfb.py, which runs
``python -m assistant``) and the bundle smoke test (packaging/smoke_bundle.py, which
runs the PyInstaller build).  Standard library only: the smoke test must not need pytest.
"""

from __future__ import annotations

import contextlib
import os
import re
import select
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

WINDOW_TITLE = "^Local Assistant$"
SCREEN = "1280x800x24"
TOOLS = ("Xvfb", "xdotool", "import")  # import and identify come with imagemagick


@contextlib.contextmanager
def xvfb(screen: str = SCREEN) -> Iterator[str]:
    """A private Xvfb on the first free display number (Xvfb picks it: -displayfd); yields ":N"."""
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", screen, "-nolisten", "tcp", "-noreset"],
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
        stop(server, grace=10)


def stop(process: subprocess.Popen, grace: float) -> None:
    """terminate(), then kill() if it is still there after ``grace`` seconds."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


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

    def find_window(self, app: subprocess.Popen, timeout: float, title: str = WINDOW_TITLE) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if app.poll() is not None:
                raise AssertionError(f"the program exited with {app.returncode} before its window appeared")
            found = subprocess.run(
                ["xdotool", "search", "--onlyvisible", "--name", title],
                env=self.env, capture_output=True, text=True, timeout=10, check=False,
            )
            ids = found.stdout.split()
            if ids:
                return ids[0]
            time.sleep(0.2)
        raise AssertionError(f"no visible window named {title!r} within {timeout:.0f} s")

    def focus(self, window: str) -> None:
        """No window manager: give the window the X input focus ourselves, and park the
        pointer in the screen's corner so no hover or tooltip ends up in screenshots."""
        self.xdotool("windowfocus", "--sync", window)
        self.xdotool("mousemove", "1270", "790")
        time.sleep(0.3)

    def key(self, *keys: str) -> None:
        self.xdotool("key", "--clearmodifiers", *keys)

    def type(self, text: str) -> None:
        self.xdotool("type", "--clearmodifiers", "--delay", "25", text)

    def quit(self, app: subprocess.Popen, timeout: float) -> tuple[int | None, float]:
        """Press Ctrl+Q: the exit code (None if the program is still running after ``timeout``) and the seconds it took."""
        self.key("ctrl+q")
        pressed = time.monotonic()
        try:
            code = app.wait(timeout)
        except subprocess.TimeoutExpired:
            code = None
        return code, time.monotonic() - pressed

    def screenshot(self, window: str, target: Path) -> Path:
        self.run("import", "-window", window, str(target))
        return target

    def colours(self, image: Path) -> int:
        return int(self.run("identify", "-format", "%k", str(image)).strip() or 0)

    def lightness(self, image: Path) -> float:
        """Mean lightness of the image, 0 (black) to 1 (white)."""
        return float(self.run("convert", str(image), "-colorspace", "Gray", "-format", "%[fx:mean]", "info:").strip())


class Log:
    """Reads the program's log file as it grows (ASSISTANT_LOG_LEVEL=DEBUG logs result previews)."""

    RESULT = re.compile(r"request (\d+) \((\w+)\) result: (.*)")
    ENDED = re.compile(r"request (\d+) \((\w+)\) ended: (.*)")

    def __init__(self, path: Path, only_new: bool = False) -> None:
        """only_new: ignore what the file holds already (an earlier run of the program,
        whose request ids start at 1 too, wrote to the same log)."""
        self.path = path
        self.start = path.stat().st_size if only_new and path.exists() else 0

    def text(self) -> str:
        try:
            with open(self.path, "rb") as handle:
                handle.seek(self.start)
                return handle.read().decode("utf-8", errors="replace")
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
        """The preview of the next result of ``task``; a Failure for it raises at once."""
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


TOP_LABEL = re.compile(r"scores=LabelScores\(scores=\(\('([^']+)'")


def top_label(preview: str) -> str | None:
    """The best label in the log preview of a classify (or sentiment) result."""
    match = TOP_LABEL.search(preview)
    return match.group(1) if match else None
