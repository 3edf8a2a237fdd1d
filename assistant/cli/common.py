"""What every command-line command does with a request: run it to its end, map a failure to an
exit code, and turn the results into JSON."""

from __future__ import annotations

import sys
from dataclasses import asdict, is_dataclass
from pathlib import Path

EXIT_CODES = {"bad input": 2, "model missing": 3, "out of memory": 4, "cancelled": 130}


def handle(engine, request, newline_before_error: object = False):
    """The Result, or an exit code after printing the failure (Ctrl+C gives 130).

    ``newline_before_error`` is read after the run: True, or the list of pieces the command
    streamed (a newline ends the streamed line only when something was printed).
    """
    from assistant.core.protocol import Failure

    try:
        terminal = engine.handle(request)
    except KeyboardInterrupt:
        print("\nStopped.", file=sys.stderr)
        return 130
    if isinstance(terminal, Failure):
        if newline_before_error:  # end the streamed line first
            print()
        print(f"Error: {terminal.message}", file=sys.stderr)
        return EXIT_CODES.get(terminal.kind.value, 1)
    return terminal


def run_request(settings, paths, request, streaming: bool = False):
    """Run ``request`` on an engine made from the settings, progress on stderr.

    With ``streaming`` the partial text goes to stdout as it comes.  Returns (the Result, or
    an exit code after printing the failure; the notes the run left: "info", the detail of
    its Started message, and "glossary", the translation's GlossaryReport).
    """
    from assistant.core.chat.messages import ContextTrimmed
    from assistant.core.protocol import Partial, Progress, Started
    from assistant.worker.engine import Engine, EngineConfig

    notes: dict = {}

    def show(reply) -> None:
        if isinstance(reply, Progress) and reply.message:
            print(reply.message, file=sys.stderr, flush=True)
        elif isinstance(reply, Started):
            print(f"Using {reply.model} ({reply.backend})", file=sys.stderr, flush=True)
            if reply.detail is not None:
                notes["info"] = reply.detail
                if reply.detail.describe():
                    print(reply.detail.describe(), file=sys.stderr, flush=True)
        elif isinstance(reply, Partial) and isinstance(reply.payload, ContextTrimmed):
            print(reply.payload.describe(), file=sys.stderr, flush=True)
        elif isinstance(reply, Partial) and streaming and isinstance(reply.payload, str):
            print(reply.payload, end="", flush=True)
        elif isinstance(reply, Partial) and type(reply.payload).__name__ == "GlossaryReport":
            notes["glossary"] = reply.payload

    engine = Engine(EngineConfig.from_settings(settings, paths), emit=show)
    return handle(engine, request, newline_before_error=streaming), notes


def print_stats(terminal) -> None:
    """The run's figures (time, items per second) on stderr, when it has them."""
    if terminal.stats is not None:
        print(terminal.stats.describe(), file=sys.stderr)


def read_stdin_if_dash(value: str | None) -> str | None:
    """``value``, or standard input's text when it is "-"."""
    return sys.stdin.read() if value == "-" else value


def jsonable(value):
    """Results as plain JSON values: dataclasses as dicts (with their rate), score tables as {label: score}."""
    if is_dataclass(value):
        data = asdict(value)
        if hasattr(value, "rate"):
            data["rate"] = value.rate
        if "scores" in data and isinstance(data["scores"], dict) and "scores" in data["scores"]:
            data["scores"] = dict(data["scores"]["scores"])
        return {k: jsonable(v) for k, v in data.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        if set(value) == {"scores"} and isinstance(value["scores"], (list, tuple)):
            return {label: score for label, score in value["scores"]}
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, Path):
        return str(value)
    return value
