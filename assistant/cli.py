"""The command line: the same engine as the window, without Qt.

    assistant                       open the window
    assistant chat "QUESTION"
    assistant translate --from en --to de "TEXT"
    assistant sentiment "TEXT"
    assistant classify --labels a,b,c TEXT_OR_PATH...
    assistant models list|catalog|download ID|import PATH|import-gguf FILE|remove ID|use TASK ID

Every command takes --json and --model.  Answers go to stdout, progress and errors
to stderr; the exit code says how it ended (0 done, 2 bad input, 3 model missing,
4 out of memory, 1 other error, 130 stopped).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import asdict, is_dataclass
from pathlib import Path

EXIT_CODES = {"bad input": 2, "model missing": 3, "out of memory": 4, "cancelled": 130}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="assistant", description="A local AI assistant. With no command, opens the window.")
    parser.add_argument("--device", choices=("auto", "cpu", "cuda", "mps"), help="where models run (default: the saved setting)")
    parser.add_argument(
        "--dtype", choices=("float32", "bfloat16", "float16", "int8"), help="precision of the weights; int8 = dynamic quantization, CPU only"
    )
    commands = parser.add_subparsers(dest="command")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument("--json", action="store_true", help="print machine-readable JSON")
        sub.add_argument("--model", help="a model folder to use instead of the chosen one")
        return sub

    chat = command("chat", "ask the chat model")
    chat.add_argument("question", help='the question, or - to read it from standard input')
    chat.add_argument("--system", default="", help="a system prompt")
    chat.add_argument("--max-new-tokens", type=int, default=256)
    chat.add_argument("--temperature", type=float, default=0.0, help="0 = greedy (default)")

    translate = command("translate", "translate text")
    translate.add_argument("text", help="the text, or - to read it from standard input")
    translate.add_argument("--from", dest="source", required=True, help="source language code, e.g. en")
    translate.add_argument("--to", dest="target", required=True, help="target language code, e.g. de")

    sentiment = command("sentiment", "the sentiment of a text")
    sentiment.add_argument("text", help="the text, or - to read it from standard input")

    classify = command("classify", "sort texts or files into labels")
    classify.add_argument("--labels", required=True, help="comma separated, e.g. sports,politics,technology")
    classify.add_argument("inputs", nargs="+", help="texts, files or folders; - reads a text from standard input")

    models = commands.add_parser("models", help="the models on this computer")
    models_commands = models.add_subparsers(dest="models_command", required=True)
    listing = models_commands.add_parser("list", help="list the models found")
    listing.add_argument("--json", action="store_true")
    # ---- issue 6: managing models (catalog, download, import, remove, use) lives in cli_models.py
    from assistant.cli_models import add_model_commands

    add_model_commands(models_commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        from assistant.app import main as open_window

        return open_window()
    args = build_parser().parse_args(argv)
    if args.command is None:
        from assistant.app import main as open_window

        return open_window()
    from assistant.logs import setup_logging
    from assistant.paths import app_paths
    from assistant.settings import Settings

    paths = app_paths()
    setup_logging(paths)
    settings = Settings.load(paths.settings_file)
    if args.device:
        settings.device = args.device
    if args.dtype:
        settings.dtype = args.dtype
    if args.command == "models":
        if args.models_command != "list":
            from assistant.cli_models import run_models_command

            return run_models_command(args, settings, paths)
        return _list_models(settings, paths, args.json)
    return _run_request(args, settings, paths)


def _build_request(args, settings):
    from assistant.core.files import expand_paths
    from assistant.core.messages import (
        ChatMessage,
        ChatRequest,
        ClassifyItem,
        ClassifyRequest,
        SentimentRequest,
        TranslateRequest,
    )

    model = args.model or settings.models.get(args.command) or None
    for name in ("question", "text"):
        if getattr(args, name, None) == "-":
            setattr(args, name, sys.stdin.read())
    if args.command == "chat":
        messages = [ChatMessage("user", args.question)]
        if args.system:
            messages.insert(0, ChatMessage("system", args.system))
        return ChatRequest(tuple(messages), max_new_tokens=args.max_new_tokens, temperature=args.temperature, model=model)
    if args.command == "translate":
        return TranslateRequest(args.text, args.source, args.target, model=args.model)
    if args.command == "sentiment":
        return SentimentRequest(args.text, model=model)
    items = []
    for value in args.inputs:
        if value == "-":
            items.append(ClassifyItem(name="(standard input)", text=sys.stdin.read()))
        elif Path(value).exists():
            items.extend(ClassifyItem(name=str(p), path=str(p)) for p in expand_paths([value]))
        else:
            items.append(ClassifyItem(name=value[:60], text=value))
    return ClassifyRequest(tuple(args.labels.split(",")), tuple(items), model=model)


def _run_request(args, settings, paths) -> int:
    from assistant.core.messages import Failure, Partial, Progress, Result, Started
    from assistant.worker.engine import Engine, EngineConfig

    streaming = args.command == "chat" and not args.json

    def show(reply) -> None:
        if isinstance(reply, Progress) and reply.message:
            print(reply.message, file=sys.stderr, flush=True)
        elif isinstance(reply, Started):
            print(f"Using {reply.model} ({reply.backend})", file=sys.stderr, flush=True)
        elif isinstance(reply, Partial) and streaming:
            print(reply.payload, end="", flush=True)

    engine = Engine(EngineConfig.from_settings(settings, paths), emit=show)
    request = _build_request(args, settings)
    try:
        terminal = engine.handle(request)
    except KeyboardInterrupt:
        print("\nStopped.", file=sys.stderr)
        return 130
    if isinstance(terminal, Failure):
        if streaming:
            print()
        print(f"Error: {terminal.message}", file=sys.stderr)
        return EXIT_CODES.get(terminal.kind.value, 1)
    assert isinstance(terminal, Result)
    if args.json:
        print(json.dumps({"command": args.command, "result": _jsonable(terminal.payload), "stats": _jsonable(terminal.stats)}, ensure_ascii=False, indent=2))
    elif streaming:
        print()
    else:
        print(_human(args.command, terminal.payload))
    if terminal.stats is not None:
        print(terminal.stats.describe(), file=sys.stderr)
    return 0


def _human(command: str, payload) -> str:
    if command == "translate":
        return payload
    if command == "sentiment":
        bars = "\n".join(f"  {label:<10} {score:6.1%}" for label, score in payload.scores.scores)
        return f"{payload.label}  ({payload.backend})\n{bars}"
    lines = []
    for item in payload:
        if item.ok:
            others = ", ".join(f"{label} {score:.2f}" for label, score in item.scores.scores)
            lines.append(f"{item.name}\t{item.scores.top}\t{others}")
        else:
            lines.append(f"{item.name}\t(unreadable)\t{item.error}")
    return "\n".join(lines)


def _jsonable(value):
    if is_dataclass(value):
        data = asdict(value)
        if hasattr(value, "rate"):
            data["rate"] = value.rate
        if "scores" in data and isinstance(data["scores"], dict) and "scores" in data["scores"]:
            data["scores"] = dict(data["scores"]["scores"])
        return {k: _jsonable(v) for k, v in data.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        if set(value) == {"scores"} and isinstance(value["scores"], (list, tuple)):
            return {label: score for label, score in value["scores"]}
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, Path):
        return str(value)
    return value


def _list_models(settings, paths, as_json: bool) -> int:
    from assistant.core.models.sources import discover

    inventory = discover(paths.models, settings.extra_model_dirs)
    rows = [
        {
            "name": m.name,
            "kind": m.kind,
            "tasks": sorted(t.value for t in m.tasks),
            "source": m.source,
            "size_mb": round(m.size_bytes / 1e6, 1),
            "languages": list(m.languages) if m.languages else None,
            "path": str(m.path),
            "chosen_for": sorted(task for task, key in settings.models.items() if key == m.key),
            "needs_conversion": m.needs_conversion,
        }
        for m in inventory.models
    ]
    if as_json:
        print(json.dumps({"models": rows, "problems": inventory.problems}, indent=2))
        return 0
    if not rows:
        print("No models found. Install the starter models (see README) or add a model folder.")
    for row in rows:
        extra = f" {row['languages'][0]}->{row['languages'][1]}" if row["languages"] else ""
        note = " (converted on first use)" if row["needs_conversion"] else ""
        print(f"{row['name']:<40} {row['kind']:<22}{extra} {row['size_mb']:>8.1f} MB  {row['source']}{note}\n    {row['path']}")
    for problem in inventory.problems:
        print(f"problem: {problem}", file=sys.stderr)
    return 0
