"""The command line: the same engine as the window, without Qt.

    assistant                       open the window
    assistant chat "QUESTION"
    assistant translate --from en --to de "TEXT"
    assistant translate --from auto --to de --file IN --out OUT [--glossary FILE]
    assistant translate --list-pairs
    assistant sentiment "TEXT"
    assistant sentiment --file LINES_OR_CSV [--column NAME] --out OUT.csv
    assistant classify --labels a,b,c TEXT_OR_PATH... [--out results.csv] [--move-to DIR]
    assistant classify --train NAME --examples DIR | --undo RUN_ID | --resume JOB_ID
    assistant models list|catalog|pin [FILE]|download ID|import PATH|import-gguf FILE|remove ID|use TASK ID
    assistant chat --new | --conversation ID "QUESTION";  assistant history list|export|import;
    assistant ask --docs PATH... "QUESTION"      (see cli_conversations.py)

Every command takes --json and --model.  Answers go to stdout, progress and errors
to stderr; the exit code says how it ended (0 done, 2 bad input, 3 model missing,
4 out of memory, 1 other error, 130 stopped).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, is_dataclass
from pathlib import Path

from assistant.cli.common import EXIT_CODES, handle  # noqa: F401  (EXIT_CODES is used by the cli_* modules)


def build_parser() -> argparse.ArgumentParser:
    from assistant.cli import conversations as cli_conversations

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
    chat.add_argument("question", nargs="?", help='the question, or - to read it from standard input')
    chat.add_argument("--system", default="", help="a system prompt")
    chat.add_argument("--max-new-tokens", type=int, default=256)
    chat.add_argument("--temperature", type=float, default=0.0, help="0 = greedy (default)")
    cli_conversations.extend_chat_parser(chat)  # --conversation, --new, --top-p, --repetition-penalty, --seed

    translate = command("translate", "translate text or a file (txt, md, docx)")
    translate.add_argument("text", nargs="?", help="the text, or - to read it from standard input")
    translate.add_argument("--from", dest="source", default="auto", help="source language code, e.g. en (default: auto, detect it)")
    translate.add_argument("--to", dest="target", help="target language code, e.g. de")
    add_translate_options(translate)

    sentiment = command("sentiment", "the sentiment of a text, or of each line or CSV row of a file")
    sentiment.add_argument("text", nargs="?", help="the text, or - to read it from standard input")
    add_sentiment_options(sentiment)

    # ---- classify: its options and its running live in cli_classify.py (issue 4)
    from assistant.cli.classify import add_arguments as add_classify_arguments

    add_classify_arguments(command("classify", "sort texts or files into labels; train, organize, undo"))

    cli_conversations.add_parsers(commands, command)  # history list|export|import, ask --docs

    models = commands.add_parser("models", help="the models on this computer")
    models_commands = models.add_subparsers(dest="models_command", required=True)
    listing = models_commands.add_parser("list", help="list the models found")
    listing.add_argument("--json", action="store_true")
    # ---- issue 6: managing models (catalog, download, import, remove, use) lives in cli_models.py
    from assistant.cli.models import add_model_commands

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

    from assistant.cli import conversations as cli_conversations  # not on the way to the window: it pulls in the document index

    paths = app_paths()
    setup_logging(paths)
    settings = Settings.load(paths.settings_file)
    if args.device:
        settings.device = args.device
    if args.dtype:
        settings.dtype = args.dtype
    if args.command == "models":
        if args.models_command != "list":
            from assistant.cli.models import run_models_command

            return run_models_command(args, settings, paths)
        return _list_models(settings, paths, args.json)
    if cli_conversations.wants(args):
        return cli_conversations.main(args, settings, paths)
    if args.command == "classify":
        from assistant.cli.classify import run as run_classify

        return run_classify(args, settings, paths)
    if args.command in ("translate", "sentiment"):
        problem = check_translate_sentiment_args(args)
        if problem:
            print(f"Error: {problem}", file=sys.stderr)
            return 2
        if args.command == "translate" and args.list_pairs:
            return list_pairs(settings, paths, args.json)
    return _run_request(args, settings, paths)


def _build_request(args, settings):
    from assistant.core.chat.messages import ChatMessage, ChatRequest
    from assistant.core.sentiment.messages import SentimentRequest

    model = args.model or settings.models.get(args.command) or None
    for name in ("question", "text"):
        if getattr(args, name, None) == "-":
            setattr(args, name, sys.stdin.read())
    if args.command == "chat":
        if args.question is None:
            print('Error: there is no question: assistant chat "QUESTION"', file=sys.stderr)
            raise SystemExit(2)
        messages = [ChatMessage("user", args.question)]
        if args.system:
            messages.insert(0, ChatMessage("system", args.system))
        return ChatRequest(
            tuple(messages),
            max_new_tokens=256 if args.max_new_tokens is None else args.max_new_tokens,
            temperature=args.temperature or 0.0,
            top_p=1.0 if args.top_p is None else args.top_p,
            repetition_penalty=1.0 if args.repetition_penalty is None else args.repetition_penalty,
            seed=args.seed,
            model=model,
        )
    if args.command == "translate":
        return build_translate_request(args)
    return build_sentiment_request(args, model) or SentimentRequest(args.text, model=model)


def _run_request(args, settings, paths) -> int:
    from assistant.core.chat.messages import ContextTrimmed
    from assistant.core.protocol import Partial, Progress, Started
    from assistant.worker.engine import Engine, EngineConfig

    streaming = args.command == "chat" and not args.json
    notes: dict = {}  # what the translation said about itself (detected language, route, glossary)

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
    request = _build_request(args, settings)
    terminal = handle(engine, request, newline_before_error=streaming)
    if isinstance(terminal, int):
        return terminal
    if args.command in ("translate", "sentiment") and finish_translate_sentiment(args, terminal, notes):
        pass  # written or printed there
    elif args.json:
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
            "commit": m.commit or None,  # Hugging Face cache: the commit of the snapshot
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
        note += f" at {row['commit'][:12]}" if row["commit"] else ""
        print(f"{row['name']:<40} {row['kind']:<22}{extra} {row['size_mb']:>8.1f} MB  {row['source']}{note}\n    {row['path']}")
    for problem in inventory.problems:
        print(f"problem: {problem}", file=sys.stderr)
    return 0


# ------------------------------------------------------------------------------
# translate and sentiment: files, glossary, language pairs, batches (issue 5)
# ------------------------------------------------------------------------------


def add_translate_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--file", help="translate this file (.txt, .md, .docx) into a new file of the same kind")
    parser.add_argument("--out", help="where to write the translated file (default: NAME.TARGET.EXT beside it)")
    parser.add_argument("--glossary", help="terms to keep: CSV/TSV 'term,translation[,from,to]' or lines 'term -> translation'")
    parser.add_argument("--list-pairs", action="store_true", help="list the language pairs the installed models translate")


def add_sentiment_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--file", help="score each line of a text file, or one column of a CSV/TSV file")
    parser.add_argument("--column", help="the CSV column holding the texts (default: guessed)")
    parser.add_argument("--out", help="write the scored rows to this CSV file")


def check_translate_sentiment_args(args) -> str | None:
    """A sentence for a person when the arguments do not fit together, else None."""
    if args.command == "translate":
        if args.list_pairs:
            return None
        if not args.target:
            return "say which language to translate into with --to, e.g. --to de."
        if bool(args.file) == (args.text is not None):
            return "give either a text or --file, not both." if args.file else "give a text to translate, - for standard input, or --file."
        if args.out and not args.file:
            return "--out goes with --file."
        return None
    if bool(args.file) == (args.text is not None):
        return "give either a text or --file, not both." if args.file else "give a text, - for standard input, or --file."
    if (args.column or args.out) and not args.file:
        return "--column and --out go with --file."
    return None


def build_translate_request(args):
    from assistant.core.translate.messages import TranslateFileRequest, TranslateRequest

    glossary = _glossary_pairs(args)
    if args.file:
        from assistant.paths import app_paths

        path = Path(args.file).expanduser()
        out = Path(args.out).expanduser() if args.out else path.with_name(f"{path.stem}.{args.target}{path.suffix}")
        checkpoints = app_paths().cache / "translate-checkpoints"
        return TranslateFileRequest(str(path), str(out), args.source, args.target, glossary=glossary, checkpoint_dir=str(checkpoints), model=args.model)
    return TranslateRequest(args.text, args.source, args.target, model=args.model, glossary=glossary)


def _glossary_pairs(args) -> tuple[tuple[str, str], ...]:
    if not args.glossary:
        return ()
    from assistant.core.translate.glossary import ANY, GlossaryError, parse_file

    try:
        terms = parse_file(Path(args.glossary).expanduser())
    except GlossaryError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    source = ANY if args.source == "auto" else args.source  # the source is not known yet: terms of any source
    return tuple((t.source, t.target) for t in terms if t.target_lang in (ANY, args.target) and (source == ANY or t.source_lang in (ANY, source)))


def build_sentiment_request(args, model):
    if not args.file:
        return None
    from assistant.core.sentiment.messages import SentimentBatchRequest

    return SentimentBatchRequest(path=str(Path(args.file).expanduser()), column=args.column, model=model)


def finish_translate_sentiment(args, terminal, notes: dict) -> bool:
    """Print or write the result of a translate/sentiment run; False leaves it to the plain path."""
    from assistant.core.sentiment.messages import SentimentBatchResult
    from assistant.core.translate.messages import FileTranslation

    payload = terminal.payload
    stats = _jsonable(terminal.stats)
    if isinstance(payload, FileTranslation):
        if args.json:
            print(json.dumps({"command": "translate", "result": _jsonable(payload), "info": _jsonable(notes.get("info")), "glossary": _jsonable(notes.get("glossary")), "stats": stats}, ensure_ascii=False, indent=2))
        else:
            print(payload.out_path)
        _warn_glossary(notes)
        return True
    if isinstance(payload, SentimentBatchResult):
        from assistant.core.sentiment.tables import write_csv

        if args.out:
            write_csv(payload, Path(args.out).expanduser())
        summary = {"count": payload.count, "counts": dict(payload.counts), "backend": payload.backend, "column": payload.column}
        if args.json:
            data = {"command": "sentiment", "result": summary, "out": args.out, "stats": stats}
            if not args.out:
                data["rows"] = [{"index": r.index, "text": r.text, "label": r.label, "scores": r.scores.as_dict()} for r in payload.rows]
            print(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            if not args.out:
                for row in payload.rows:
                    print(f"{row.label}\t{row.scores.top_score:.3f}\t{row.text}")
            counts = ", ".join(f"{label} {count}" for label, count in payload.counts)
            print(f"{payload.count} lines: {counts}" + (f" -> {args.out}" if args.out else ""), file=sys.stderr)
        return True
    if args.command == "translate":
        if args.json:
            print(json.dumps({"command": "translate", "result": payload, "info": _jsonable(notes.get("info")), "glossary": _jsonable(notes.get("glossary")), "stats": stats}, ensure_ascii=False, indent=2))
        else:
            print(payload)
        _warn_glossary(notes)
        return True
    return False


def _warn_glossary(notes: dict) -> None:
    report = notes.get("glossary")
    if report is not None and report.missed:
        print(f"Glossary: the model did not keep {', '.join(report.missed)} in every sentence.", file=sys.stderr)


def list_pairs(settings, paths, as_json: bool) -> int:
    from assistant.core.models.sources import discover
    from assistant.core.languages import label
    from assistant.core.translate.routes import availability, find_route, translation_models

    inventory = discover(paths.models, settings.extra_model_dirs)
    status = availability(inventory)
    # Multilingual models translate between any two of their languages: listed once each,
    # not as thousands of pairs; the pairs are those of the bilingual models and the pivots.
    multilingual = [m for m in translation_models(inventory) if m.language_codes]
    rows = []
    for source, target in sorted(status.direct | status.pivot):
        route = find_route(inventory, source, target)
        if route.pivot or not route.legs[0].model.language_codes:
            rows.append({"from": source, "to": target, "via": route.pivot, "models": list(route.model_names)})
    if as_json:
        many = [{"model": m.name, "family": m.family, "languages": list(m.language_codes)} for m in multilingual]
        print(json.dumps({"pairs": rows, "multilingual": many}, ensure_ascii=False, indent=2))
        return 0
    if not rows and not multilingual:
        print("No translation model is installed. Add one on the Models page (for example Helsinki-NLP/opus-mt-en-de).")
    for row in rows:
        via = f"  (through {label(row['via'])})" if row["via"] else ""
        print(f"{row['from']} -> {row['to']}\t{label(row['from'])} -> {label(row['to'])}{via}\t{' + '.join(row['models'])}")
    for model in multilingual:
        print(f"any pair of {len(model.language_codes)} languages\t{model.name}: {' '.join(model.language_codes)}")
    return 0
