"""Smoke test of the PyInstaller one-folder bundle: does it run where there is no Python?

    python packaging/smoke_bundle.py [--bundle dist/assistant] [--out build/smoke]
                                     [--no-chat] [--no-gui] [--build-seconds N]
    (or: packaging/build.sh smoke, which builds the bundle first when it is missing)

Every run of the bundle gets a clean environment, as ``env -i`` would: PATH=/usr/bin:/bin,
HOME and ASSISTANT_HOME in a fresh temp folder, HF_HUB_OFFLINE=1, and for the window
the DISPLAY of a private Xvfb.  No PYTHONPATH, no venv on PATH.  The checks:

1. ``assistant --help`` answers.
2. ``assistant models list --json`` finds the two starter models *inside the bundle*
   (the spec copies them into ``_internal/``; packaging/README.md promises that).
3. ``assistant classify --labels sports,politics "The team won the championship"``
   answers "sports" (all-MiniLM-L6-v2); ``assistant chat`` answers "Paris" to the capital
   of France (SmolLM2 from the bundled GGUF, converted into ASSISTANT_HOME on first use;
   skip with --no-chat, it takes a minute or two).
4. ``assistant-gui`` under Xvfb: the window appears (time measured), torch was not
   imported before the first paint, the Classify tab (Ctrl+4) sorts the same text
   into "sports" (read from the DEBUG log), a screenshot is taken, Ctrl+Q exits with 0,
   and neither the log nor stderr holds a traceback.
5. While each of those programs runs, the files it maps (``/proc/PID/maps``: shared
   libraries, mmapped safetensors) and holds open (``/proc/PID/fd``) are sampled; any
   Python-looking path outside the bundle (a venv, site-packages, libpython, the source
   tree's ``assistant/``) fails the test.  So a bundle that only worked because this
   machine has the project's venv would be caught.

Results go to ``--out``: ``report.json`` (bundle size, times, answers, what was loaded
from where), ``window.png`` and ``classify.png``, the program's log and output.
Exit code 0 when every check passed, 1 otherwise (the report says which failed).
Needs Xvfb, xdotool and ImageMagick for the window part (apt-get install xvfb xdotool
imagemagick); standard library only otherwise.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.xdesktop import TOOLS, Desktop, Log, stop, top_label, xvfb  # noqa: E402  (shared with the e2e test)

CLASSIFY_TEXT = "The team won the championship"
CHAT_QUESTION = "What is the capital of France?"
STARTER_MODELS = {"SmolLM2-135M-Instruct", "all-MiniLM-L6-v2"}
# A path outside the bundle that contains one of these means the bundle used this
# machine's Python installation instead of its own copy.
PYTHON_HINTS = ("/.venv/", "site-packages", "dist-packages", "/lib/python3", "libpython3")
OUTPUTS = ("report.json", "window.png", "classify.png", "failed-classify.png", "gui.stdout", "gui.stderr", "assistant.log")


class SmokeFailure(AssertionError):
    pass


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)


# ------------------------------------------------------------------ what a process loads


def _tree(pid: int) -> list[int]:
    """pid and its descendants (the bootloader could start a child)."""
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            with contextlib.suppress(OSError):
                todo += [int(child) for child in (task / "children").read_text().split()]
    return pids


class FileWatcher:
    """Samples the files that a running process tree maps and holds open, in a thread."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        self.pid = pid
        self.paths: set[str] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(interval,), daemon=True)
        self._thread.start()

    def sample(self) -> None:
        for pid in _tree(self.pid):
            try:
                for line in Path(f"/proc/{pid}/maps").read_text().splitlines():
                    parts = line.split(maxsplit=5)
                    if len(parts) == 6 and parts[5].startswith("/"):
                        self.paths.add(parts[5].removesuffix(" (deleted)"))
                for fd in Path(f"/proc/{pid}/fd").iterdir():
                    target = os.readlink(fd)
                    if target.startswith("/"):
                        self.paths.add(target)
            except OSError:  # the process ended between two reads
                pass

    def _run(self, interval: float) -> None:
        while not self._stop.wait(interval):
            self.sample()

    def close(self) -> set[str]:
        self._stop.set()
        self._thread.join()
        return self.paths


def offenders(paths: set[str], bundle: Path) -> list[str]:
    """Paths that the bundle should never have touched: this machine's Python, the sources."""
    inside = str(bundle.resolve()) + "/"
    sources = str(ROOT / "assistant") + "/"
    venv = sys.prefix + "/" if sys.prefix != sys.base_prefix else None  # the venv running this script
    bad = []
    for path in sorted(paths):
        if path.startswith(inside):
            continue
        if any(hint in path for hint in PYTHON_HINTS) or path.startswith(sources) or (venv and path.startswith(venv)):
            bad.append(path)
    return bad


# ------------------------------------------------------------------ the checks


class Smoke:
    def __init__(self, bundle: Path, out: Path, home: Path) -> None:
        self.bundle = bundle.resolve()
        self.out = out
        self.home = home
        self.loaded: set[str] = set()
        self.report: dict = {"bundle": str(self.bundle), "checks": {}}
        (home / "home").mkdir(parents=True, exist_ok=True)
        # The whole environment of the bundle, as `env -i` would leave it.
        self.env = {
            "PATH": "/usr/bin:/bin",
            "HOME": str(home / "home"),
            "ASSISTANT_HOME": str(home / "assistant"),
            "HF_HUB_OFFLINE": "1",
            "ASSISTANT_LOG_LEVEL": "DEBUG",  # result previews in the log: how the window's answer is read
        }
        self.report["environment"] = dict(self.env)

    def cli(self, *args: str, timeout: float = 300) -> tuple[str, float]:
        """Run the bundle's console executable; its stdout and the seconds it took."""
        started = time.monotonic()
        process = subprocess.Popen(
            [str(self.bundle / "assistant"), *args], env=self.env, cwd=self.home,
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        watcher = FileWatcher(process.pid)
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            stdout, stderr = process.communicate()
            raise SmokeFailure(f"assistant {' '.join(args)} did not end within {timeout:.0f} s\n{stderr[-3000:]}") from None
        finally:
            self.loaded |= watcher.close()
        seconds = time.monotonic() - started
        check(process.returncode == 0, f"assistant {' '.join(args)} exited with {process.returncode}\n{stderr[-3000:]}")
        check("Traceback" not in stderr, f"assistant {' '.join(args)} printed a traceback\n{stderr[-3000:]}")
        return stdout, seconds

    def check_help(self) -> None:
        stdout, seconds = self.cli("--help", timeout=60)
        check(stdout.startswith("usage: assistant"), f"--help printed something else:\n{stdout[:500]}")
        self.report["checks"]["help"] = {"seconds": round(seconds, 2)}

    def check_models(self) -> None:
        stdout, seconds = self.cli("models", "list", "--json", timeout=120)
        models = json.loads(stdout)["models"]
        starters = {m["name"]: m for m in models if m["source"] == "starter"}
        check(set(starters) == STARTER_MODELS, f"starter models found: {sorted(starters)}; expected {sorted(STARTER_MODELS)}")
        for name, model in starters.items():
            if model["needs_conversion"]:
                # The chat starter: its path is where the GGUF will be converted to, in the
                # (empty) models folder; it is listed only because the GGUF was found.  That
                # the GGUF is read from the bundle is checked by check_loaded (it is mmapped).
                where = Path(self.env["ASSISTANT_HOME"]) / "data" / "models"
            else:
                where = self.bundle
            check(Path(model["path"]).resolve().is_relative_to(where.resolve()), f"{name} was found at {model['path']}, not in {where}")
        starters = {name: model["path"] for name, model in starters.items()}
        self.report["checks"]["models"] = {"seconds": round(seconds, 2), "starter": starters}

    def check_classify(self) -> None:
        stdout, seconds = self.cli("classify", "--json", "--labels", "sports,politics", CLASSIFY_TEXT)
        row = json.loads(stdout)["result"][0]
        check(row["label"] == "sports", f"classify answered {row['label']!r}, not 'sports': {row}")
        self.report["checks"]["cli_classify"] = {"text": CLASSIFY_TEXT, "label": row["label"], "row": row, "seconds": round(seconds, 1)}

    def check_chat(self) -> None:
        stdout, seconds = self.cli("chat", "--max-new-tokens", "32", CHAT_QUESTION, timeout=600)
        answer = stdout.strip()
        check("Paris" in answer, f"the chat answer does not mention Paris: {answer!r}")
        self.report["checks"]["cli_chat"] = {"question": CHAT_QUESTION, "answer": answer, "seconds": round(seconds, 1)}

    def check_window(self) -> None:
        paint_file = self.home / "first-paint.txt"
        log = Log(self.home / "assistant" / "logs" / "assistant.log", only_new=True)  # the CLI runs logged there too
        figures: dict = {}
        self.report["checks"]["gui"] = figures
        with xvfb() as display:
            desktop = Desktop(display)
            env = {**self.env, "DISPLAY": display, "ASSISTANT_FIRST_PAINT_FILE": str(paint_file)}
            out_path, err_path = self.out / "gui.stdout", self.out / "gui.stderr"
            started = time.monotonic()
            with open(out_path, "wb") as out, open(err_path, "wb") as err:
                app = subprocess.Popen(
                    [str(self.bundle / "assistant-gui")], env=env, cwd=self.home,
                    stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                )
            watcher = FileWatcher(app.pid)
            try:
                window = desktop.find_window(app, timeout=120)
                figures["time_to_window_s"] = round(time.monotonic() - started, 2)
                paint = log.wait_for("first paint", app, 60, re.compile(r"first paint ([\d.]+) s after main"))
                figures["first_paint_after_main_s"] = float(paint.group(1))
                paint_lines = paint_file.read_text(encoding="utf-8").splitlines()
                check(paint_lines[1].endswith("False"), f"torch was imported before the first paint: {paint_lines[1]}")
                desktop.focus(window)
                desktop.screenshot(window, self.out / "window.png")

                desktop.key("ctrl+4")  # the Classify tab; its default labels are sports, politics, technology
                time.sleep(0.4)  # the tab switch moves the keyboard focus into the tab's input
                desktop.type(CLASSIFY_TEXT)
                asked = time.monotonic()
                desktop.key("ctrl+Return")
                try:
                    preview = log.wait_for_result("classify", app, timeout=240)
                except AssertionError:
                    if app.poll() is None:
                        desktop.screenshot(window, self.out / "failed-classify.png")
                    raise
                figures["classify_s"] = round(time.monotonic() - asked, 1)
                figures["classify_label"] = top_label(preview)
                check(figures["classify_label"] == "sports", f"the window classified the text as {preview}")
                time.sleep(1.0)  # the log line is written just before the reply reaches the window
                shot = desktop.screenshot(window, self.out / "classify.png")
                figures["screenshot_colours"] = desktop.colours(shot)
                check(figures["screenshot_colours"] > 16, "the screenshot looks blank")
                watcher.sample()  # everything is loaded by now: torch, the model

                code, quit_seconds = desktop.quit(app, 30)
                if code is None:
                    raise SmokeFailure(f"the window did not close within 30 s of Ctrl+Q\n{log.tail()}")
                figures["quit_s"] = round(quit_seconds, 2)
                figures["exit_code"] = code
                stderr = err_path.read_text(encoding="utf-8", errors="replace")
                check(code == 0, f"assistant-gui exited with {code}\n{stderr[-3000:]}\n{log.tail()}")
                check("Traceback" not in log.text(), f"the log holds a traceback:\n{log.tail(60)}")
                check("Traceback" not in stderr, f"stderr holds a traceback:\n{stderr[-3000:]}")
            finally:
                self.loaded |= watcher.close()
                stop(app, grace=10)
                if log.path.exists():
                    shutil.copyfile(log.path, self.out / "assistant.log")

    def check_loaded(self) -> None:
        bad = offenders(self.loaded, self.bundle)
        libraries = {p for p in self.loaded if ".so" in Path(p).name}
        inside = {p for p in libraries if p.startswith(str(self.bundle) + "/")}
        self.report["loaded"] = {
            "libraries_from_bundle": len(inside),
            # The starter weights are mmapped (safetensors, and the GGUF while it is converted).
            "model_files_from_bundle": sorted(p for p in self.loaded if p.startswith(str(self.bundle) + "/") and p.endswith((".gguf", ".safetensors"))),
            "libraries_from_system": sorted(libraries - inside),
            "python_outside_bundle": bad,
        }
        check(inside, "no library was seen loaded from the bundle: is /proc readable?")
        check(not bad, "the bundle used files of this machine's Python:\n  " + "\n  ".join(bad[:20]))


def folder_size(folder: Path) -> int:
    total = 0
    for base, _dirs, files in os.walk(folder):
        for name in files:
            path = Path(base, name)
            if not path.is_symlink():
                total += path.stat().st_size
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "assistant", help="the one-folder bundle (default dist/assistant)")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "smoke", help="where the report and screenshots go (default build/smoke)")
    parser.add_argument("--no-chat", action="store_true", help="skip the chat check (the GGUF conversion takes a minute or two)")
    parser.add_argument("--no-gui", action="store_true", help="skip the window check (no Xvfb here)")
    parser.add_argument("--build-seconds", type=float, help="the build's duration, for the report")
    parser.add_argument("--keep-home", action="store_true", help="keep the temp HOME/ASSISTANT_HOME (its path is in the report)")
    args = parser.parse_args(argv)

    bundle = args.bundle
    for name in ("assistant", "assistant-gui"):
        if not os.access(bundle / name, os.X_OK):
            print(f"smoke: {bundle / name} is missing; build it first: packaging/build.sh pyinstaller", file=sys.stderr)
            return 2
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing and not args.no_gui:
        print(f"smoke: the window check needs {', '.join(missing)} (apt-get install xvfb xdotool imagemagick), or --no-gui", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    for name in OUTPUTS:  # no stale screenshot or report from an earlier run
        (args.out / name).unlink(missing_ok=True)
    home = Path(tempfile.mkdtemp(prefix="assistant-smoke-"))
    smoke = Smoke(bundle, args.out, home)
    size = folder_size(bundle)
    smoke.report.update(bundle_bytes=size, bundle_mb=round(size / 1e6), build_seconds=args.build_seconds)
    if args.keep_home:
        smoke.report["home"] = str(home)

    steps = [smoke.check_help, smoke.check_models, smoke.check_classify]
    steps += [] if args.no_chat else [smoke.check_chat]
    steps += [] if args.no_gui else [smoke.check_window]
    steps += [smoke.check_loaded]
    failure = None
    for step in steps:
        name = step.__name__.removeprefix("check_")
        print(f"smoke: {name} ...", file=sys.stderr, flush=True)
        try:
            step()
        except (AssertionError, OSError, RuntimeError, subprocess.SubprocessError, ValueError, KeyError) as exc:
            failure = f"{name}: {exc}"
            print(f"smoke: FAILED {failure}", file=sys.stderr)
            if name != "loaded":  # what was seen loaded so far is still worth reporting
                with contextlib.suppress(AssertionError):
                    smoke.check_loaded()
            break
    smoke.report["ok"] = failure is None
    smoke.report["failure"] = failure
    (args.out / "report.json").write_text(json.dumps(smoke.report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if not args.keep_home:
        shutil.rmtree(home, ignore_errors=True)
    checks = smoke.report["checks"]
    print(json.dumps({
        "ok": failure is None,
        "bundle_mb": smoke.report["bundle_mb"],
        "cli_classify": checks.get("cli_classify", {}).get("label"),
        "cli_chat": checks.get("cli_chat", {}).get("answer"),
        "time_to_window_s": checks.get("gui", {}).get("time_to_window_s"),
        "report": str(args.out / "report.json"),
    }, indent=2, ensure_ascii=False))
    return 0 if failure is None else 1


if __name__ == "__main__":
    sys.exit(main())
