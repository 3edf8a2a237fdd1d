"""`assistant translate`: text or a whole file, with a glossary; the language pairs installed.

    assistant translate --from en --to de "TEXT"
    assistant translate --from auto --to de --file IN --out OUT [--glossary FILE]
    assistant translate --list-pairs
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant.cli.common import jsonable, print_stats, read_stdin_if_dash, run_request


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("text", nargs="?", help="the text, or - to read it from standard input")
    parser.add_argument("--from", dest="source", default="auto", help="source language code, e.g. en (default: auto, detect it)")
    parser.add_argument("--to", dest="target", help="target language code, e.g. de")
    parser.add_argument("--file", help="translate this file (.txt, .md, .docx) into a new file of the same kind")
    parser.add_argument("--out", help="where to write the translated file (default: NAME.TARGET.EXT beside it)")
    parser.add_argument("--glossary", help="terms to keep: CSV/TSV 'term,translation[,from,to]' or lines 'term -> translation'")
    parser.add_argument("--list-pairs", action="store_true", help="list the language pairs the installed models translate")


def check_arguments(args) -> str | None:
    """A sentence for a person when the arguments do not fit together, else None."""
    if args.list_pairs:
        return None
    if not args.target:
        return "say which language to translate into with --to, e.g. --to de."
    if bool(args.file) == (args.text is not None):
        return "give either a text or --file, not both." if args.file else "give a text to translate, - for standard input, or --file."
    if args.out and not args.file:
        return "--out goes with --file."
    return None


def build_request(args, paths):
    from assistant.core.translate.messages import TranslateFileRequest, TranslateRequest

    args.text = read_stdin_if_dash(args.text)
    glossary = _glossary_pairs(args)
    if args.file:
        path = Path(args.file).expanduser()
        out = Path(args.out).expanduser() if args.out else path.with_name(f"{path.stem}.{args.target}{path.suffix}")
        checkpoints = paths.cache / "translate-checkpoints"
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


def run(args, settings, paths) -> int:
    problem = check_arguments(args)
    if problem:
        print(f"Error: {problem}", file=sys.stderr)
        return 2
    if args.list_pairs:
        return list_pairs(settings, paths, args.json)
    request = build_request(args, paths)
    replaced = bool(getattr(request, "out_path", None)) and Path(request.out_path).is_file()
    terminal, notes = run_request(settings, paths, request)
    if isinstance(terminal, int):
        return terminal
    from assistant.core.translate.messages import FileTranslation

    payload = terminal.payload
    if args.json:
        result = jsonable(payload) if isinstance(payload, FileTranslation) else payload
        data = {"command": "translate", "result": result, "info": jsonable(notes.get("info")), "glossary": jsonable(notes.get("glossary")), "stats": jsonable(terminal.stats)}
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(payload.out_path if isinstance(payload, FileTranslation) else payload)
    if replaced and isinstance(payload, FileTranslation):
        print(f"{payload.out_path} was replaced.", file=sys.stderr)
    _warn_glossary(notes)
    print_stats(terminal)
    return 0


def _warn_glossary(notes: dict) -> None:
    report = notes.get("glossary")
    if report is not None and report.missed:
        print(f"Glossary: the model did not keep {', '.join(report.missed)} in every sentence.", file=sys.stderr)


def list_pairs(settings, paths, as_json: bool) -> int:
    from assistant.core.languages import label
    from assistant.core.models.sources import discover
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
