"""Startup: launch to first paint of the real program, against `import torch` in the same run.

    .venv/bin/python bench/startup.py [--rounds 5] [--no-xvfb] [--no-import-baselines] [--compare-with CHECKOUT]

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
* with --compare-with CHECKOUT: the program of another checkout (e.g. main's, exported with
  ``git archive main | tar -x -C DIR``) started the same way in every round, offscreen, under
  Xvfb and with the 10,000 conversations: before/after figures from one run.
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
from _common import ROOT, fmt_range, summary, write_results

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


def compile_bytecode(root: Path = ROOT) -> None:
    """``python -m compileall -q assistant`` once, before any timing: an installed program has its bytecode."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-m", "compileall", "-q", "assistant"], cwd=root, env=env, check=True,
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


def reports_content_paint(root: Path) -> bool:
    """Whether the program of ``root`` writes ASSISTANT_CONTENT_PAINT_FILE (its first tab painted after the window)."""
    return "ASSISTANT_CONTENT_PAINT_FILE" in (root / "assistant" / "app.py").read_text(encoding="utf-8")


def first_paint(
    platform_name: str,
    extra_env: dict[str, str] | None = None,
    settings: dict | None = None,
    arguments: tuple[str, ...] = PROGRAM,
    chats: Path | None = None,
    root: Path = ROOT,
) -> dict:
    """One launch of ``python -m assistant`` (or ``python *arguments``: the bare window): seconds from Popen to the first paint.

    ``settings`` are written to the program's settings file first (e.g. another language and theme);
    ``chats`` is copied in as the saved chat history; ``root`` is the checkout it runs from (its cwd).
    """
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp_name:
        tmp = Path(tmp_name)
        env = base_env(tmp)
        env["QT_QPA_PLATFORM"] = platform_name
        env["ASSISTANT_HOME"] = str(tmp / "home")
        marker = tmp / "first-paint.txt"
        env["ASSISTANT_FIRST_PAINT_FILE"] = str(marker)
        content_marker = tmp / "content-paint.txt"
        env["ASSISTANT_CONTENT_PAINT_FILE"] = str(content_marker)
        # A checkout whose window builds its first tab after the first paint reports that tab's paint too;
        # one that builds it before (main's before this change) paints it in the first paint.
        wait_for_content = arguments == PROGRAM and reports_content_paint(root)
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
                cwd=root,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, so all of it can be ended
            )
            try:
                deadline = time.monotonic() + FIRST_PAINT_TIMEOUT_S
                found = content = None
                while found is None or (wait_for_content and content is None):
                    found = found or read_first_paint(marker)
                    content = content or read_first_paint(content_marker)
                    if found is not None and (content is not None or not wait_for_content):
                        break
                    if process.poll() is not None:
                        break
                    if time.monotonic() > deadline:
                        break
                    time.sleep(0.002)
            finally:
                end_process_group(process)
        if found is None or (wait_for_content and content is None):
            tail = log_path.read_text(encoding="utf-8", errors="replace")[-2000:]
            raise RuntimeError(
                f"no first paint (or no paint of the first tab) within {FIRST_PAINT_TIMEOUT_S:.0f} s on {platform_name} "
                f"(exit code {process.returncode}); program output:\n{tail}"
            )
        stamp, torch_before = found
        content_stamp, torch_before = content if content is not None else found
        return {
            "seconds": stamp - launched,
            "content_seconds": content_stamp - launched,
            "torch_imported_before_first_paint": torch_before,
        }


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


# ------------------------------------------------------------------ the run


def per_round(runs: dict, first: str, base: str, key: str = "seconds", first_key: str = "seconds") -> dict:
    """first / base in each round (the two ran next to each other), summarized."""
    if not runs.get(first) or not runs.get(base):
        return summary([])
    return summary([f[first_key] / b[key] for f, b in zip(runs[first], runs[base], strict=True)])


def build_steps(args, xvfb: Xvfb | None) -> list:
    """(name, measurement) in the order of the even rounds; the odd rounds run them reversed."""
    from chat_history_data import history_db

    chats = history_db()  # made once (bench/.cache), copied into each run's data folder before Popen
    checkouts = [("", ROOT)]
    if args.compare_with is not None:
        checkouts.append(("other_", args.compare_with))
    steps = [
        ("bare_window_offscreen", lambda: first_paint("offscreen", arguments=BARE_WINDOW)),
    ]
    for prefix, root in checkouts:
        steps += [
            (f"{prefix}first_paint_offscreen", lambda root=root: first_paint("offscreen", root=root)),
            (f"{prefix}first_paint_offscreen_10k_chats", lambda root=root: first_paint("offscreen", chats=chats, root=root)),
        ]
    # the Chinese interface (translators loaded) and the dark palette: what they add to the start
    steps.append(("first_paint_offscreen_zh_CN_dark", lambda: first_paint("offscreen", settings={"language": "zh_CN", "theme": "dark"})))
    if xvfb is not None:
        display = {"DISPLAY": xvfb.display}
        steps.append(("bare_window_xvfb", lambda: first_paint("xcb", display, arguments=BARE_WINDOW)))
        for prefix, root in checkouts:
            steps.append((f"{prefix}first_paint_xvfb", lambda root=root: first_paint("xcb", display, root=root)))
    if not args.no_import_baselines:
        steps.append(("import_torch", lambda: timed_import(TORCH_CODE)))
        steps.append(("import_transformers", lambda: timed_import(TRANSFORMERS_CODE)))
    return steps


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds (default 5)")
    parser.add_argument("--no-xvfb", action="store_true", help="skip the Xvfb (xcb) measurement")
    parser.add_argument("--no-import-baselines", action="store_true",
                        help="skip the import torch / transformers baselines (only the program against the bare window)")
    parser.add_argument("--compare-with", type=Path, metavar="CHECKOUT",
                        help="another checkout of the program (e.g. main's), measured the same way in every round")
    args = parser.parse_args()
    if args.compare_with is not None:
        args.compare_with = args.compare_with.resolve()
        if not (args.compare_with / "assistant" / "__main__.py").is_file():
            parser.error(f"{args.compare_with} is not a checkout of the program (no assistant/__main__.py)")

    compile_bytecode()
    if args.compare_with is not None:
        compile_bytecode(args.compare_with)
    print("bytecode: assistant/ compiled once (python -m compileall -q assistant); the program and the bare window "
          "run with bytecode allowed (PYTHONDONTWRITEBYTECODE unset), as an installed program does", flush=True)

    use_xvfb = not args.no_xvfb and shutil.which("Xvfb") is not None
    xvfb = Xvfb() if use_xvfb else None
    runs: dict[str, list] = {}
    torch_flags: list[bool] = []
    try:
        if xvfb is not None:
            xvfb.__enter__()
            print(f"Xvfb on display {xvfb.display}")
        steps = build_steps(args, xvfb)
        runs = {name: [] for name, _ in steps}

        print("warm-up round (not counted)…", flush=True)
        for _, step in steps:
            step()
        for round_number in range(args.rounds):
            order = steps if round_number % 2 == 0 else list(reversed(steps))
            line = []
            for name, step in order:
                figure = step()
                runs[name].append(figure)
                if "torch_imported_before_first_paint" in figure and not name.startswith("other_"):
                    torch_flags.append(figure["torch_imported_before_first_paint"])
                value = figure["seconds"] if "seconds" in figure else figure["wall"]
                line.append(f"{name} {value:.3f}s")
            print(f"round {round_number + 1}/{args.rounds}: " + ", ".join(line), flush=True)
    finally:
        if xvfb is not None:
            xvfb.__exit__()

    figures: dict = {
        "rounds": args.rounds,
        "bytecode": "assistant/ compiled beforehand (compileall); PYTHONDONTWRITEBYTECODE unset for every process started",
        "units": "seconds (ratios: no unit)",
        "compared_with": str(args.compare_with) if args.compare_with else None,
    }
    for name, values in runs.items():
        if name.startswith("import_"):
            figures[f"{name}_wall"] = summary([r["wall"] for r in values])
            figures[f"{name}_done"] = summary([r["imported"] for r in values])
        else:
            figures[name] = summary([r["seconds"] for r in values])
            if not name.startswith("bare_"):
                figures[f"{name}_first_tab"] = summary([r["content_seconds"] for r in values])

    # program / bare window, per round (the goal: within 1.3), for each program run that has a bare window beside it
    ratios: dict[str, dict] = {}
    for prefix in ("", "other_"):
        for name, base in (
            ("first_paint_offscreen", "bare_window_offscreen"),
            ("first_paint_offscreen_10k_chats", "bare_window_offscreen"),
            ("first_paint_xvfb", "bare_window_xvfb"),
        ):
            if runs.get(prefix + name) and runs.get(base):
                ratios[f"{prefix}{name} / {base}"] = per_round(runs, prefix + name, base)
                ratios[f"{prefix}{name}_first_tab / {base}"] = per_round(runs, prefix + name, base, first_key="content_seconds")
    if runs.get("first_paint_offscreen_zh_CN_dark"):
        ratios["first_paint_offscreen_zh_CN_dark / first_paint_offscreen"] = per_round(
            runs, "first_paint_offscreen_zh_CN_dark", "first_paint_offscreen")
    ratios["first_paint_offscreen_10k_chats / first_paint_offscreen"] = per_round(
        runs, "first_paint_offscreen_10k_chats", "first_paint_offscreen")
    if runs.get("import_torch"):
        ratios["first_paint_offscreen / import_torch_wall"] = per_round(runs, "first_paint_offscreen", "import_torch", "wall")
        ratios["first_paint_offscreen / import_torch_done"] = per_round(runs, "first_paint_offscreen", "import_torch", "imported")
    figures["ratios_per_round"] = ratios
    figures["torch_imported_before_first_paint"] = any(torch_flags)
    figures["torch_imported_before_first_paint_per_run"] = torch_flags
    figures["notes"] = (
        "first_paint_*: time.time() before Popen of `python -m assistant` to the program's first-paint "
        "timestamp. bare_window_*: a bare PySide6 QMainWindow (BARE_WINDOW_CODE) started the same way "
        "(Popen of sys.executable, same environment), its first paint reported the same way. other_*: the "
        "program of the --compare-with checkout. import_*_wall: Popen to exit of `python -c 'import ...'`; "
        "import_*_done: Popen to a timestamp printed right after the import. Every measurement runs once "
        "per round, order reversed every other round; ratios are taken per round (the two ran side by side)."
    )
    target = write_results("startup", figures)

    def ratio_text(key: str) -> str:
        found = ratios.get(key)
        if not found or found["median"] is None:
            return ""
        return f"x{found['median']:.2f} (min {found['min']:.2f}, max {found['max']:.2f})"

    print()
    print(f"Startup, {args.rounds} rounds (median, min, max); ratios per round against the bare window:")
    print(f"  bare window, offscreen        {fmt_range(figures['bare_window_offscreen'])}")
    for prefix, label in (("", "this checkout"), ("other_", f"{args.compare_with}")):
        if not runs.get(prefix + "first_paint_offscreen"):
            continue
        print(f"  {label}:")
        for name, base, text in (
            ("first_paint_offscreen", "bare_window_offscreen", "first paint, offscreen"),
            ("first_paint_offscreen_10k_chats", "bare_window_offscreen", "... 10,000 saved chats"),
            ("first_paint_xvfb", "bare_window_xvfb", "first paint, Xvfb (xcb)"),
        ):
            if not runs.get(prefix + name):
                continue
            print(f"    {text:27s} window  {fmt_range(figures[prefix + name])}  {ratio_text(f'{prefix}{name} / {base}')}")
            print(f"    {'':27s} its tab {fmt_range(figures[prefix + name + '_first_tab'])}  "
                  f"{ratio_text(f'{prefix}{name}_first_tab / {base}')}")
    if runs.get("bare_window_xvfb"):
        print(f"  bare window, Xvfb (xcb)       {fmt_range(figures['bare_window_xvfb'])}")
    print(f"  in Chinese, dark theme        {fmt_range(figures['first_paint_offscreen_zh_CN_dark'])}  "
          f"{ratio_text('first_paint_offscreen_zh_CN_dark / first_paint_offscreen')} of the English, light one")
    if runs.get("import_torch"):
        print(f"  python -c 'import torch'      {fmt_range(figures['import_torch_wall'])}   (import done: {fmt_range(figures['import_torch_done'])})")
        print(f"  transformers + AutoModel      {fmt_range(figures['import_transformers_wall'])}   "
              f"(import done: {fmt_range(figures['import_transformers_done'])})")
        print(f"  first paint (offscreen) / import torch (wall): {ratio_text('first_paint_offscreen / import_torch_wall')}")
    torch_before = figures["torch_imported_before_first_paint"]
    print(f"  torch imported before first paint: {torch_before}" + ("   <-- DESIGN rule 2 broken" if torch_before else ""))
    print(f"  written to {target.relative_to(ROOT)}")
    return 1 if torch_before else 0


if __name__ == "__main__":
    _common.use_repo_root()
    sys.exit(main())
