"""`assistant sentiment`: the sentiment of a text, or of each line or CSV row of a file.

    assistant sentiment "TEXT"
    assistant sentiment --file LINES_OR_CSV [--column NAME] [--out OUT.csv]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant.cli.common import jsonable, print_stats, read_stdin_if_dash, run_request


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("text", nargs="?", help="the text, or - to read it from standard input")
    parser.add_argument("--file", help="score each line of a text file, or one column of a CSV/TSV file")
    parser.add_argument("--column", help="the CSV column holding the texts (default: guessed)")
    parser.add_argument("--out", help="write the scored rows to this CSV file")


def check_arguments(args) -> str | None:
    """A sentence for a person when the arguments do not fit together, else None."""
    if bool(args.file) == (args.text is not None):
        return "give either a text or --file, not both." if args.file else "give a text, - for standard input, or --file."
    if (args.column or args.out) and not args.file:
        return "--column and --out go with --file."
    return None


def _check_out(args) -> str | None:
    """Before any work: --out must not be the file read, a folder, or in a folder that is not there."""
    if not args.out:
        return None
    from assistant.core.files.write import CannotWrite, check_output

    try:
        check_output(args.out, [args.file] if args.file else [])
    except CannotWrite as exc:
        return str(exc)
    return None


def build_request(args, settings):
    from assistant.core.sentiment.messages import SentimentBatchRequest, SentimentRequest

    model = args.model or settings.models.get("sentiment") or None
    args.text = read_stdin_if_dash(args.text)
    if args.file:
        return SentimentBatchRequest(path=str(Path(args.file).expanduser()), column=args.column, model=model)
    return SentimentRequest(args.text, model=model)


def run(args, settings, paths) -> int:
    problem = check_arguments(args) or _check_out(args)
    if problem:
        print(f"Error: {problem}", file=sys.stderr)
        return 2
    terminal, _notes = run_request(settings, paths, build_request(args, settings))
    if isinstance(terminal, int):
        return terminal
    from assistant.core.sentiment.messages import SentimentBatchResult

    payload = terminal.payload
    if isinstance(payload, SentimentBatchResult):
        from assistant.core.files.write import CannotWrite

        try:
            _finish_batch(args, payload, jsonable(terminal.stats))
        except CannotWrite as exc:
            print(f"Error: {exc}", file=sys.stderr)
            return 1
    elif args.json:
        print(json.dumps({"command": "sentiment", "result": jsonable(payload), "stats": jsonable(terminal.stats)}, ensure_ascii=False, indent=2))
    else:
        bars = "\n".join(f"  {label:<10} {score:6.1%}" for label, score in payload.scores.scores)
        print(f"{payload.label}  ({payload.backend})\n{bars}")
    print_stats(terminal)
    return 0


def _finish_batch(args, payload, stats) -> None:
    from assistant.core.sentiment.tables import write_csv

    replaced = False
    if args.out:
        replaced = Path(args.out).expanduser().is_file()
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
    if replaced:
        print(f"{args.out} was replaced.", file=sys.stderr)
