"""Startup: launch to first paint of the real program, against `import torch` in the same run.

    .venv/bin/python bench/startup.py [--rounds 5] [--no-xvfb]

What is measured, each round, every process started fresh (``sys.executable``):

* first paint (offscreen): ``python -m assistant`` with QT_QPA_PLATFORM=offscreen and
  ASSISTANT_FIRST_PAINT_FILE set; the program writes ``time.time()`` at its first paint.
  Figure = that timestamp minus ``time.time()`` taken just before Popen.  The program is
  then ended (SIGTERM to its process group, SIGKILL if it lingers).
* first paint (Xvfb): the same with QT_QPA_PLATFORM=xcb on a private Xvfb display,
  when Xvfb is installed (skip with --no-xvfb).
* first paint (offscreen) with 10,000 saved conversations: the same, with a copy of
  bench/.cache's 10,000-conversation history (chat_history_data.py, 200,000 messages)
  in the data folder; compared with the empty data folder of the same round.
* baseline ``import torch``: wall time of ``python -c "import torch"`` (Popen to exit),
  and the time until the import had finished (a timestamp printed after it), which
  leaves out interpreter teardown and so is the like-for-like figure.
* baseline transformers: ``import transformers; from transformers import AutoModel``,
  the same two figures.

The order of the measurements alternates between rounds, and one untimed round runs
first so that every timed one starts with warm file caches.  Each program run gets
its own empty ASSISTANT_HOME and HF_HOME.  Figures go to bench/results/startup.json.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _common
from _common import ROOT, fmt_range, ratio, summary, write_results

FIRST_PAINT_TIMEOUT_S = 60.0
TORCH_CODE = "import torch\nimport time\nprint(repr(time.time()))"
TRANSFORMERS_CODE = "import transformers\nfrom transformers import AutoModel\nimport time\nprint(repr(time.time()))"
# The baseline for the window: a bare PySide6 window, made and shown as the program's is, its first
# paint reported the same way (MainWindow.event catches the first Paint, app.py writes the time in a
# QTimer.singleShot(0) after it, to ASSISTANT_FIRST_PAINT_FILE).
BARE_WINDOW_CODE = """
import os, sys, time
from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

class Window(QMainWindow):
    painted = False

    def event(self, event):
        if event.type() == QEvent.Paint and not self.painted:
            self.painted = True
            result = super().event(event)
            QTimer.singleShot(0, report)
            return result
        return super().event(event)

def report():
    with open(os.environ["ASSISTANT_FIRST_PAINT_FILE"], "w", encoding="utf-8") as handle:
        handle.write(f"{time.time():.6f}\\n")
        handle.write("torch imported before first paint: %s\\n" % ("torch" in sys.modules))

app = QApplication(sys.argv)
window = Window()
window.setWindowTitle("Local Assistant")
window.resize(1000, 720)
window.show()
sys.exit(app.exec())
"""
PROGRAM = ("-m", "assistant")
BARE_WINDOW = ("-c", BARE_WINDOW_CODE)


def base_env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["HF_HUB_OFFLINE"] = "1"
    env["TRANSFORMERS_OFFLINE"] = "1"
    env["HF_HOME"] = str(tmp / "hf-home")  # empty: nothing on this machine is scanned or changed
    env.pop("HF_HUB_CACHE", None)
    env.pop("ASSISTANT_FIRST_PAINT_FILE", None)
    env.pop("PYTHONSTARTUP", None)
    # Bytecode allowed, as for an installed program: with PYTHONDONTWRITEBYTECODE=1 (set in some
    # sandboxes) and no __pycache__, every start would compile all of assistant/ from source.
    # main() compiles it once before timing (compile_bytecode); the bare window gets the same environment.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def compile_bytecode() -> None:
    """``python -m compileall -q assistant`` once, before any timing: an installed program has its bytecode."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-m", "compileall", "-q", "assistant"], cwd=ROOT, env=env, check=True,
                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, timeout=300)


# ------------------------------------------------------------------ the program


def end_process_group(process: subprocess.Popen) -> None:
    """SIGTERM the program's process group, SIGKILL what is left; never leave one behind."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=5)
    with contextlib.suppress(ProcessLookupError):  # the whole group: anything the program might have started too
        os.killpg(process.pid, signal.SIGKILL)
    if process.poll() is None:
        process.wait(timeout=10)


def read_first_paint(path: Path) -> tuple[float, bool] | None:
    """(timestamp, torch imported before first paint) once both lines are written."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return None
    lines = text.splitlines()
    if len(lines) < 2 or not text.endswith("\n"):
        return None
    stamp = float(lines[0])
    flag = lines[1].rsplit(":", 1)[-1].strip()
    return stamp, flag == "True"


def first_paint(
    platform_name: str,
    extra_env: dict[str, str] | None = None,
    settings: dict | None = None,
    arguments: tuple[str, ...] = PROGRAM,
    chats: Path | None = None,
) -> dict:
    """One launch of ``python -m assistant`` (or ``python *arguments``: the bare window): seconds from Popen to the first paint.

    ``settings`` are written to the program's settings file first (e.g. another language and theme);
    ``chats`` is copied in as the saved chat history.
    """
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp_name:
        tmp = Path(tmp_name)
        env = base_env(tmp)
        env["QT_QPA_PLATFORM"] = platform_name
        env["ASSISTANT_HOME"] = str(tmp / "home")
        marker = tmp / "first-paint.txt"
        env["ASSISTANT_FIRST_PAINT_FILE"] = str(marker)
        env.update(extra_env or {})
        if chats is not None:
            from chat_history_data import copy_into

            copy_into(tmp / "home" / "data", chats)
        if settings:
            settings_file = tmp / "home" / "config" / "settings.json"
            settings_file.parent.mkdir(parents=True)
            settings_file.write_text(json.dumps(settings), encoding="utf-8")
        log_path = tmp / "program.log"
        with open(log_path, "wb") as log:
            launched = time.time()
            process = subprocess.Popen(
                [sys.executable, *arguments],
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, so all of it can be ended
            )
            try:
                deadline = time.monotonic() + FIRST_PAINT_TIMEOUT_S
                found = None
                while found is None:
                    found = read_first_paint(marker)
                    if found is not None:
                        break
                    if process.poll() is not None:
                        break
                    if time.monotonic() > deadline:
                        break
                    time.sleep(0.002)
            finally:
                end_process_group(process)
        if found is None:
            tail = log_path.read_text(encoding="utf-8", errors="replace")[-2000:]
            raise RuntimeError(
                f"no first paint within {FIRST_PAINT_TIMEOUT_S:.0f} s on {platform_name} "
                f"(exit code {process.returncode}); program output:\n{tail}"
            )
        stamp, torch_before = found
        return {"seconds": stamp - launched, "torch_imported_before_first_paint": torch_before}


# ------------------------------------------------------------------ baselines


def timed_import(code: str) -> dict:
    """Wall time of ``python -c code`` and the time until its import had finished."""
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp_name:
        env = base_env(Path(tmp_name))
        launched = time.time()
        completed = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=300,
        )
        ended = time.time()
    if completed.returncode != 0:
        raise RuntimeError(f"{code!r} failed:\n{completed.stderr[-2000:]}")
    imported = float(completed.stdout.strip().splitlines()[-1])
    return {"wall": ended - launched, "imported": imported - launched}


# ------------------------------------------------------------------ Xvfb


class Xvfb:
    """A private Xvfb on a display it picks itself (-displayfd), ended on exit."""

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None
        self.display = ""

    def __enter__(self) -> Xvfb:
        read_end, write_end = os.pipe()
        try:
            self.process = subprocess.Popen(
                ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
                pass_fds=(write_end,),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            os.close(write_end)
            write_end = -1
            number = b""
            deadline = time.monotonic() + 15
            os.set_blocking(read_end, False)
            while not number.endswith(b"\n"):
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError("Xvfb did not start")
                try:
                    chunk = os.read(read_end, 16)
                except BlockingIOError:
                    time.sleep(0.01)
                    continue
                if not chunk:
                    raise RuntimeError("Xvfb closed its display pipe without a display number")
                number += chunk
            self.display = ":" + number.decode().strip()
        except BaseException:
            self.__exit__()
            raise
        finally:
            os.close(read_end)
            if write_end >= 0:
                os.close(write_end)
        return self

    def __exit__(self, *exc) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


# ------------------------------------------------------------------ with a big chat history


def history_steps() -> list:
    """The launch with 10,000 saved conversations in the data folder (the file is made once)."""
    from chat_history_data import history_db

    chats = history_db()
    return [("first_paint_offscreen_10k_chats", lambda: first_paint("offscreen", chats=chats))]


def history_figures(runs: dict) -> dict:
    with_chats = summary([r["seconds"] for r in runs["first_paint_offscreen_10k_chats"]])
    per_round = summary([a["seconds"] / b["seconds"] for a, b in zip(runs["first_paint_offscreen_10k_chats"], runs["first_paint_offscreen"], strict=True)])
    return {
        "first_paint_offscreen_10k_chats": with_chats,
        "first_paint_offscreen_10k_chats / first_paint_offscreen": per_round,
    }


def print_history(figures: dict) -> None:
    with_chats = figures["first_paint_offscreen_10k_chats"]
    ratio_10k = figures["first_paint_offscreen_10k_chats / first_paint_offscreen"]
    print(f"  ... 10,000 saved chats      {fmt_range(with_chats)}  (x{ratio_10k['median']:.2f} of the empty data folder, per round)")


# ------------------------------------------------------------------ the run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds (default 5)")
    parser.add_argument("--no-xvfb", action="store_true", help="skip the Xvfb (xcb) measurement")
    parser.add_argument("--no-import-baselines", action="store_true",
                        help="skip the import torch / transformers baselines (only the program against the bare window)")
    args = parser.parse_args()

    compile_bytecode()
    print("bytecode: assistant/ compiled once (python -m compileall -q assistant); the program and the bare window "
          "run with bytecode allowed (PYTHONDONTWRITEBYTECODE unset), as an installed program does", flush=True)

    use_xvfb = not args.no_xvfb and shutil.which("Xvfb") is not None
    xvfb = Xvfb() if use_xvfb else None
    runs: dict[str, list] = {
        "first_paint_offscreen": [],
        "first_paint_offscreen_zh_CN_dark": [],
        "first_paint_xvfb": [],
        "bare_window_offscreen": [],
        "bare_window_xvfb": [],
        "import_torch": [],
        "import_transformers": [],
        "first_paint_offscreen_10k_chats": [],
    }
    torch_flags: list[bool] = []
    try:
        if xvfb is not None:
            xvfb.__enter__()
            print(f"Xvfb on display {xvfb.display}")

        steps = [
            ("first_paint_offscreen", lambda: first_paint("offscreen")),
            ("bare_window_offscreen", lambda: first_paint("offscreen", arguments=BARE_WINDOW)),
            # the Chinese interface (translators loaded) and the dark palette: what they add to the start
            ("first_paint_offscreen_zh_CN_dark", lambda: first_paint("offscreen", settings={"language": "zh_CN", "theme": "dark"})),
        ]
        steps += history_steps()
        if not args.no_import_baselines:
            steps.append(("import_torch", lambda: timed_import(TORCH_CODE)))
            steps.append(("import_transformers", lambda: timed_import(TRANSFORMERS_CODE)))
        if xvfb is not None:
            display = xvfb.display
            steps.insert(2, ("first_paint_xvfb", lambda: first_paint("xcb", {"DISPLAY": display})))
            steps.insert(3, ("bare_window_xvfb", lambda: first_paint("xcb", {"DISPLAY": display}, arguments=BARE_WINDOW)))

        print("warm-up round (not counted)…", flush=True)
        for _, step in steps:
            step()
        for round_number in range(args.rounds):
            order = steps if round_number % 2 == 0 else list(reversed(steps))
            line = []
            for name, step in order:
                figure = step()
                runs[name].append(figure)
                if "torch_imported_before_first_paint" in figure:
                    torch_flags.append(figure["torch_imported_before_first_paint"])
                value = figure["seconds"] if "seconds" in figure else figure["wall"]
                line.append(f"{name} {value:.3f}s")
            print(f"round {round_number + 1}/{args.rounds}: " + ", ".join(line), flush=True)
    finally:
        if xvfb is not None:
            xvfb.__exit__()

    fp_off = summary([r["seconds"] for r in runs["first_paint_offscreen"]])
    fp_zh = summary([r["seconds"] for r in runs["first_paint_offscreen_zh_CN_dark"]])
    fp_xvfb = summary([r["seconds"] for r in runs["first_paint_xvfb"]])
    bare_off = summary([r["seconds"] for r in runs["bare_window_offscreen"]])
    bare_xvfb = summary([r["seconds"] for r in runs["bare_window_xvfb"]])
    torch_wall = summary([r["wall"] for r in runs["import_torch"]])
    torch_done = summary([r["imported"] for r in runs["import_torch"]])
    tf_wall = summary([r["wall"] for r in runs["import_transformers"]])
    tf_done = summary([r["imported"] for r in runs["import_transformers"]])

    def per_round(first: str, base: str, key: str) -> dict:
        pairs = zip(runs[first], runs[base], strict=True)
        return summary([f["seconds"] / b[key] for f, b in pairs])

    ratios = {
        "first_paint_offscreen / import_torch_wall": ratio(fp_off["median"], torch_wall["median"]),
        "first_paint_offscreen / import_torch_done": ratio(fp_off["median"], torch_done["median"]),
        "first_paint_offscreen / import_transformers_wall": ratio(fp_off["median"], tf_wall["median"]),
        "per_round first_paint_offscreen / import_torch_wall": per_round("first_paint_offscreen", "import_torch", "wall"),
        "first_paint_offscreen_zh_CN_dark / first_paint_offscreen": ratio(fp_zh["median"], fp_off["median"]),
        "program visible / bare window visible, offscreen": ratio(fp_off["median"], bare_off["median"]),
        "per_round program visible / bare window visible, offscreen": per_round("first_paint_offscreen", "bare_window_offscreen", "seconds"),
    }
    if runs["first_paint_xvfb"]:
        ratios["first_paint_xvfb / import_torch_wall"] = ratio(fp_xvfb["median"], torch_wall["median"])
        ratios["first_paint_xvfb / import_torch_done"] = ratio(fp_xvfb["median"], torch_done["median"])
        ratios["per_round first_paint_xvfb / import_torch_wall"] = per_round("first_paint_xvfb", "import_torch", "wall")
        ratios["program visible / bare window visible, Xvfb"] = ratio(fp_xvfb["median"], bare_xvfb["median"])
        ratios["per_round program visible / bare window visible, Xvfb"] = per_round("first_paint_xvfb", "bare_window_xvfb", "seconds")

    torch_before = any(torch_flags)
    figures = {
        "rounds": args.rounds,
        "bytecode": "assistant/ compiled beforehand (compileall); PYTHONDONTWRITEBYTECODE unset for every process started",
        "units": "seconds (ratios: no unit; < 1 means the window is up before torch alone could be imported)",
        "first_paint_offscreen": fp_off,
        "first_paint_offscreen_zh_CN_dark": fp_zh,
        "first_paint_xvfb": fp_xvfb if runs["first_paint_xvfb"] else None,
        "bare_window_offscreen": bare_off,
        "bare_window_xvfb": bare_xvfb if runs["bare_window_xvfb"] else None,
        "import_torch_wall": torch_wall,
        "import_torch_done": torch_done,
        "import_transformers_automodel_wall": tf_wall,
        "import_transformers_automodel_done": tf_done,
        "ratios": ratios,
        "torch_imported_before_first_paint": torch_before,
        "torch_imported_before_first_paint_per_run": torch_flags,
        "notes": (
            "first_paint_*: time.time() before Popen of `python -m assistant` to the program's first-paint "
            "timestamp. import_*_wall: Popen to exit of `python -c 'import ...'`; import_*_done: Popen to a "
            "timestamp printed right after the import (no interpreter teardown). bare_window_*: a bare PySide6 "
            "QMainWindow (BARE_WINDOW_CODE) started the same way (Popen of sys.executable, same environment), its "
            "first paint reported the same way, run next to the program in every round, order alternating; "
            "program visible / bare window visible = first_paint_* / bare_window_* (goal: within 1.3)."
        ),
    }
    figures.update(history_figures(runs))
    target = write_results("startup", figures)

    print()
    print(f"Startup, {args.rounds} rounds (median, min, max):")
    print(f"  first paint, offscreen       {fmt_range(fp_off)}")
    print(f"  ... in Chinese, dark theme   {fmt_range(fp_zh)}  (x{ratios['first_paint_offscreen_zh_CN_dark / first_paint_offscreen']:.2f})")
    print(f"  bare window, offscreen       {fmt_range(bare_off)}  (program / bare: x{ratios['program visible / bare window visible, offscreen']:.2f})")
    if runs["first_paint_xvfb"]:
        print(f"  first paint, Xvfb (xcb)      {fmt_range(fp_xvfb)}")
        print(f"  bare window, Xvfb (xcb)      {fmt_range(bare_xvfb)}  (program / bare: x{ratios['program visible / bare window visible, Xvfb']:.2f})")
    if not args.no_import_baselines:
        print(f"  python -c 'import torch'     {fmt_range(torch_wall)}   (import done: {fmt_range(torch_done)})")
        print(f"  transformers + AutoModel     {fmt_range(tf_wall)}   (import done: {fmt_range(tf_done)})")
        print(f"  ratio first paint / import torch: offscreen {ratios['first_paint_offscreen / import_torch_wall']:.2f}", end="")
        if runs["first_paint_xvfb"]:
            print(f", Xvfb {ratios['first_paint_xvfb / import_torch_wall']:.2f}", end="")
        print()
    print_history(figures)
    print(f"  torch imported before first paint: {torch_before}" + ("   <-- DESIGN rule 2 broken" if torch_before else ""))
    print(f"  written to {target.relative_to(ROOT)}")
    return 1 if torch_before else 0


if __name__ == "__main__":
    _common.use_repo_root()
    sys.exit(main())
