"""`assistant serve --port N`: the installed models as a local OpenAI-compatible API (worker/api_server.py).

Loopback only unless --allow-network, which needs --token (clients send Authorization: Bearer TOKEN).
A request that names no model gets the model chosen for its task on the Models page (or with
`assistant models use TASK MODEL`); /v1/models says which.  Runs until Ctrl+C.
"""

from __future__ import annotations

import argparse
import sys
import threading


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=8765, help="the port (default 8765; 0 = any free one)")
    parser.add_argument("--host", default="127.0.0.1", help="the address to listen on (default 127.0.0.1: this computer only)")
    parser.add_argument("--allow-network", action="store_true", help="allow listening on an address other computers reach (needs --token)")
    parser.add_argument("--token", default="", help="a token every request must send (Authorization: Bearer TOKEN)")


def run(args, settings, paths, started: threading.Event | None = None, stop: threading.Event | None = None) -> int:
    """Serve until Ctrl+C (or ``stop``, for tests); ``started`` is set once it listens."""
    from assistant.worker.api_server import ApiServer
    from assistant.worker.engine import EngineConfig

    try:
        server = ApiServer(
            EngineConfig.from_settings(settings, paths), args.host, args.port, args.token, args.allow_network, chosen=lambda: settings.models
        )
    except ValueError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"Error: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    server.start()
    print(f"Serving the OpenAI-compatible API on {server.url} (Ctrl+C stops)", file=sys.stderr, flush=True)
    if started is not None:
        started.set()
    try:
        (stop or threading.Event()).wait()
    except KeyboardInterrupt:
        print("\nStopped.", file=sys.stderr)
    finally:
        server.stop()
    return 0
