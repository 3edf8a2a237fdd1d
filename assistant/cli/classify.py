"""`assistant classify`: sort texts, files and folders; teach by example; organize and undo.

    assistant classify --labels sports,politics DIR --out results.csv
    assistant classify --labels a,b --describe "a=football; tennis" DIR --multi-label
    assistant classify --classifier NAME DIR --move-to SORTED [--dry-run]
    assistant classify --train NAME --examples SORTED_DIR
    assistant classify --undo RUN_ID
    assistant classify --resume JOB_ID
    assistant classify --list

Files and folders run as a checkpointed job: its id is printed first, and a job
stopped by a crash or Ctrl+C continues with --resume.  Moves and copies are
logged before they happen; --undo puts every file back.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from assistant.cli.common import handle, jsonable



def add_arguments(parser) -> None:
    parser.add_argument("--labels", help="comma separated, e.g. sports,politics,technology")
    parser.add_argument("inputs", nargs="*", help="texts, files or folders; - reads a text from standard input")
    parser.add_argument("--describe", action="append", default=[], metavar="LABEL=TEXT",
                        help="a description or example phrases for a label (phrases separated by ';'); repeatable")
    parser.add_argument("--multi-label", action="store_true", help="every label at or above --threshold, not just the best")
    parser.add_argument("--threshold", type=float, default=0.5, help="multi-label: the score a label needs (default 0.5)")
    parser.add_argument("--unsure-below", type=float, default=0.0, metavar="SCORE",
                        help="files whose best score is below this are marked unsure (and not organized)")
    parser.add_argument("--classifier", help="use a classifier trained with --train instead of zero-shot")
    parser.add_argument("--train", metavar="NAME", help="teach by example: train a classifier called NAME")
    parser.add_argument("--examples", metavar="DIR", help="with --train: a folder with one subfolder of example files per label")
    parser.add_argument("--out", metavar="FILE", help="write the results to FILE (.csv or .json)")
    target = parser.add_mutually_exclusive_group()
    target.add_argument("--move-to", metavar="DIR", help="move each file into DIR/<label>/ (logged, undoable)")
    target.add_argument("--copy-to", metavar="DIR", help="copy each file into DIR/<label>/")
    parser.add_argument("--dry-run", action="store_true", help="with --move-to/--copy-to: show what would happen, change nothing")
    parser.add_argument("--undo", metavar="RUN_ID", help="put back every file of an organize run")
    parser.add_argument("--resume", metavar="JOB_ID", help="continue a classification job that was stopped")
    parser.add_argument("--list", action="store_true", help="list trained classifiers, unfinished jobs and organize runs")
    parser.add_argument("--include", default="", help="only files matching these globs, e.g. '*.pdf,*.txt'")
    parser.add_argument("--exclude", default="", help="leave out files and folders matching these globs")
    parser.add_argument("--hidden", action="store_true", help="include hidden files and folders")
    parser.add_argument("--follow-links", action="store_true", help="walk into linked folders (each real folder once)")
    parser.add_argument("--max-file-mb", type=float, default=10.0, help="skip files larger than this (default 10)")


def run(args, settings, paths) -> int:
    from assistant.core.protocol import BadInput

    try:
        if args.list:
            return _list(paths.data, args.json)
        if args.undo:
            return _undo(args, paths)
        if args.train:
            return _train(args, settings, paths)
        return _classify(args, settings, paths)
    except BadInput as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2


# ------------------------------------------------------------------ engine


def _engine(settings, paths):
    from assistant.core.protocol import Partial, Progress, Started
    from assistant.worker.engine import Engine, EngineConfig

    def show(reply) -> None:
        if isinstance(reply, Progress) and reply.message:
            print(reply.message, file=sys.stderr, flush=True)
        elif isinstance(reply, Started):
            print(f"Using {reply.model} ({reply.backend})", file=sys.stderr, flush=True)
        elif isinstance(reply, Partial):
            pass

    return Engine(EngineConfig.from_settings(settings, paths), emit=show)




# ---------------------------------------------------------------- classify


def _classify(args, settings, paths) -> int:
    from assistant.core.classify.job import new_job_id, request_for
    from assistant.core.classify.results import read_results
    from assistant.core.files.walk import parse_patterns
    from assistant.core.classify.messages import ClassifyItem, ClassifyRequest, WalkOptions
    from assistant.core.protocol import BadInput
    from assistant.core.classify.labels import parse_labels

    if args.out:  # before any work: --out must not be an input, a folder, or in a folder that is not there
        from assistant.core.files.write import CannotWrite, check_output

        try:
            check_output(args.out, [value for value in args.inputs if value != "-" and Path(value).is_file()])
        except CannotWrite as exc:
            raise BadInput(exc.args[0]) from None
    engine = _engine(settings, paths)
    model = args.model or (None if args.classifier else settings.models.get("classify") or None)
    common = dict(
        descriptions=_descriptions(args.describe),
        multi_label=args.multi_label,
        threshold=args.threshold,
        unsure_below=args.unsure_below,
        classifier=args.classifier,
        max_file_bytes=int(args.max_file_mb * 1024 * 1024),
    )
    labels = parse_labels(args.labels or "")
    items, rows, job_result, stats = [], [], None, []
    if args.resume:
        job_request = request_for(paths.data, args.resume)
    else:
        if not args.inputs:
            raise BadInput("Give texts, files or folders to classify (or --resume JOB_ID).")
        if not args.classifier and len(labels) < 2:
            raise BadInput("Give at least two labels with --labels, separated by commas (for example: sports,politics).")
        sources = []
        for value in args.inputs:
            if value == "-":
                items.append(ClassifyItem(name="(standard input)", text=sys.stdin.read()))
            elif Path(value).exists() or Path(value).is_symlink():
                sources.append(str(Path(value)))
            else:
                items.append(ClassifyItem(name=value[:60], text=value))
        job_request = None
        if sources:
            walk = WalkOptions(parse_patterns(args.include), parse_patterns(args.exclude), args.hidden, args.follow_links)
            job_request = ClassifyRequest(labels, (), model=model, job=new_job_id(), sources=tuple(sources), walk=walk, **common)
    if items:
        result = handle(engine, ClassifyRequest(labels, tuple(items), model=model, **common))
        if isinstance(result, int):
            return result
        rows.extend(result.payload)
        stats.append(result.stats)
    if job_request is not None:
        print(f"Job {job_request.job} (if it stops, continue with: assistant classify --resume {job_request.job})", file=sys.stderr)
        result = handle(engine, job_request)
        if isinstance(result, int):
            return result
        job_result = result.payload
        stats.append(result.stats)
        rows.extend(read_results(Path(job_result.results_file)))  # held here only to print them
    run = None
    if args.out and not _export(rows, Path(args.out)):
        return 1
    if args.move_to or args.copy_to:
        run = _organize(engine, rows, args)
        if isinstance(run, int):
            return run
    _print(rows, job_result, run, stats, args.json)
    return 0


def _descriptions(values: list[str]) -> tuple[tuple[str, str], ...]:
    from assistant.core.protocol import BadInput

    pairs = []
    for value in values:
        label, sep, text = value.partition("=")
        if not sep or not label.strip():
            raise BadInput(f"--describe takes LABEL=TEXT, not '{value}'.")
        pairs.append((label.strip(), text.strip()))
    return tuple(pairs)


def _export(rows, path: Path) -> bool:
    from assistant.core.classify.results import write_csv, write_json
    from assistant.core.files.write import CannotWrite

    replaced = path.is_file()
    try:
        if path.suffix.lower() == ".json":
            count = write_json(rows, path)
        else:
            count = write_csv(rows, path)
    except CannotWrite as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return False
    print(f"Wrote {count} rows to {path}" + (" (it replaced the file that was there)" if replaced else ""), file=sys.stderr)
    return True


def _organize(engine, rows, args):
    from assistant.core.classify.messages import OrganizeRequest

    assignments = tuple((item.path, item.labels[0]) for item in rows if item.ok and item.path and item.labels and not item.unsure)
    left = sum(1 for item in rows if item.path and not (item.ok and item.labels and not item.unsure))
    mode = "move" if args.move_to else "copy"
    request = OrganizeRequest(assignments, args.move_to or args.copy_to, mode=mode, dry_run=args.dry_run)
    result = handle(engine, request)
    if isinstance(result, int):
        return result
    run = result.payload
    verb = "would " + mode if args.dry_run else ("moved" if mode == "move" else "copied")
    for op in run.planned:
        print(f"{verb}: {op.source} -> {op.target}", file=sys.stderr)
    for path, why in run.skipped:
        print(f"left alone: {path} ({why})", file=sys.stderr)
    if left:
        print(f"{left} unreadable or unsure file(s) were left where they are.", file=sys.stderr)
    if run.run_id:
        print(f"Run {run.run_id}: {run.done} file(s) {verb}. Undo with: assistant classify --undo {run.run_id}", file=sys.stderr)
    return run


def _print(rows, job_result, run, stats, as_json: bool) -> None:
    if as_json:
        data = {
            "command": "classify",
            "result": [_row_json(item) for item in rows],
            "stats": jsonable(stats[-1]) if stats else None,
            "job": jsonable(job_result),
            "run": jsonable(run),
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        for item in rows:
            if item.ok:
                others = ", ".join(f"{label} {score:.2f}" for label, score in item.scores.scores)
                print(f"{item.path or item.name}\t{item.label}\t{others}")
            else:
                print(f"{item.path or item.name}\t(unreadable)\t{item.error}")
    for stat in stats:
        print(stat.describe(), file=sys.stderr)


def _row_json(item) -> dict:
    from assistant.core.classify.results import item_to_dict

    data = item_to_dict(item)
    data["name"] = item.path or item.name
    data["label"] = item.label
    return data


# ------------------------------------------------------------ train & undo


def _train(args, settings, paths) -> int:
    from assistant.core.classify.messages import TrainRequest
    from assistant.core.protocol import BadInput

    if not args.examples:
        raise BadInput("--train NAME needs --examples DIR (one subfolder of example files per label).")
    engine = _engine(settings, paths)
    result = handle(engine, TrainRequest(args.train, examples_dir=args.examples, model=args.model,
                                          max_file_bytes=int(args.max_file_mb * 1024 * 1024)))  # fmt: skip
    if isinstance(result, int):
        return result
    summary = result.payload
    if args.json:
        print(json.dumps({"command": "train", "result": jsonable(summary)}, ensure_ascii=False, indent=2))
    else:
        print(_describe_training(summary))
    for path, why in summary.unreadable:
        print(f"skipped example: {path} ({why})", file=sys.stderr)
    return 0


def _describe_training(summary) -> str:
    examples = ", ".join(f"{label} {count}" for label, count in summary.examples)
    if summary.cv_accuracy is None:
        quality = "too few examples to cross-validate (give at least 2 per label)"
    else:
        quality = f"cross-validated accuracy {summary.cv_accuracy:.1%} ({summary.cv_folds}-fold)"
    return (
        f"Trained '{summary.name}' on {summary.embedding_model}: {examples}\n"
        f"{quality}; calibration temperature {summary.temperature:.2f}\n"
        f"Use it with: assistant classify --classifier '{summary.name}' FILES_OR_FOLDERS"
    )


def _undo(args, paths) -> int:
    from assistant.core.classify.organize import undo

    result = undo(args.undo, paths.data, lambda d, t, m: print(m, file=sys.stderr) if d == t else None)
    for path, why in result.skipped:
        print(f"not restored: {path} ({why})", file=sys.stderr)
    if args.json:
        print(json.dumps({"command": "undo", "result": jsonable(result)}, ensure_ascii=False, indent=2))
    else:
        print(f"Undid run {result.run_id}: {result.done} file(s) put back.")
    return 0 if not result.skipped else 1


def _list(data_dir: Path, as_json: bool) -> int:
    from assistant.core.classify.job import unfinished_jobs
    from assistant.core.classify.organize import list_runs
    from assistant.core.classify.trained import list_classifiers

    classifiers = list_classifiers(data_dir)
    jobs = unfinished_jobs(data_dir)
    runs = list_runs(data_dir)
    if as_json:
        keep = ("name", "labels", "cv_accuracy", "examples", "embedding_model", "created")
        print(json.dumps({"classifiers": [{k: c.get(k) for k in keep} for c in classifiers],
                          "unfinished_jobs": [{k: j.get(k) for k in ("job", "done", "total", "labels", "classifier")} for j in jobs],
                          "runs": runs}, indent=2, ensure_ascii=False))  # fmt: skip
        return 0
    print("Trained classifiers:" if classifiers else "No trained classifiers.")
    for c in classifiers:
        accuracy = "n/a" if c.get("cv_accuracy") is None else f"{c['cv_accuracy']:.1%}"
        print(f"  {c['name']}: {', '.join(c['labels'])} (cross-validated accuracy {accuracy})")
    for j in jobs:
        print(f"Unfinished job {j['job']}: {j['done']} of {j['total']} files (assistant classify --resume {j['job']})")
    for r in runs:
        state = "undone" if r["undone"] else f"{r['done']} of {r['count']} files"
        print(f"Organize run {r['run']} ({r['mode']}): {state}")
    return 0
