"""What every command-line command does with a request: run it to its end and map a failure to an exit code."""

from __future__ import annotations

import sys

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
