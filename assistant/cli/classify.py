"""`assistant classify`: sort texts, files and folders; teach by example; organize and undo.

    assistant classify --labels sports,politics DIR --out results.csv
    assistant classify --labels a,b --describe "a=football; tennis" DIR --multi-label
    assistant classify --classifier NAME DIR --move-to SORTED [--dry-run]
    assistant classify --train NAME --examples SORTED_DIR
    assistant classify --undo RUN_ID
    assistant classify --resume JOB_ID
    assistant classify --list
    assistant classify DIR --suggest-labels [--groups N] [--copy-to SORTED]

Files and folders run as a checkpointed job: its id is printed first, and a job
stopped by a crash or Ctrl+C continues with --resume, from any folder: the job
keeps every path absolute, with its --out and --move-to/--copy-to.  Moves and
copies are logged before they happen; --undo puts every file back.

--suggest-labels groups the files of a folder that has no labels by what they are about and
names each group by its most distinctive words; with --move-to/--copy-to each file goes into
its group's folder (rename the folders afterwards, or give the names you like to --labels).

Exit codes: 0 done; 2 bad input; 3 model missing; 4 out of memory; 5 some files
could not be moved, copied or put back (each is named on stderr with why, and the
count is given); 1 other; 130 stopped.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from assistant.cli.common import handle, jsonable

EXIT_FILES_FAILED = 5  # organize or undo: some files were not moved, copied or put back (named on stderr)
EPILOG = (
    "exit codes: 0 done; 2 bad input (for example --move-to names a file); 3 model missing; "
    "4 out of memory; 5 some files could not be moved, copied or put back (each is named on stderr "
    "with why, and the count is given); 1 other; 130 stopped"
)


def add_arguments(parser) -> None:
    parser.epilog = EPILOG
    parser.add_argument("--labels", help="comma separated, e.g. sports,politics,technology")
    parser.add_argument("inputs", nargs="*", help="texts, files or folders; - reads a text from standard input")
    parser.add_argument("--describe", action="append", default=[], metavar="LABEL=TEXT",
                        help="a description or example phrases for a label (phrases separated by ';'); repeatable")
    parser.add_argument("--multi-label", action="store_true", help="every label at or above --threshold, not just the best")
    parser.add_argument("--threshold", type=float, default=0.5, help="multi-label: the score a label needs (default 0.5)")
    parser.add_argument("--unsure-below", type=float, default=0.0, metavar="SCORE",
                        help="files whose best score is below this are marked unsure (and not organized)")
    parser.add_argument("--classifier", help="use a classifier trained with --train instead of zero-shot")
    parser.add_argument("--no-self-train", dest="self_train", action="store_false",
                        help="keep each item's first score: do not learn from the whole batch and revise the labels at the end")
    parser.add_argument("--train", metavar="NAME", help="teach by example: train a classifier called NAME")
    parser.add_argument("--examples", metavar="DIR", help="with --train: a folder with one subfolder of example files per label")
    parser.add_argument("--fine-tune", dest="finetune", action="store_true",
                        help="with --train: tune the embedding model on the examples first (slower, usually more accurate)")
    parser.add_argument("--out", metavar="FILE", help="write the results to FILE (.csv or .json)")
    target = parser.add_mutually_exclusive_group()
    target.add_argument("--move-to", metavar="DIR", help="move each file into DIR/<label>/ (logged, undoable)")
    target.add_argument("--copy-to", metavar="DIR", help="copy each file into DIR/<label>/")
    parser.add_argument("--dry-run", action="store_true", help="with --move-to/--copy-to: show what would happen, change nothing")
    parser.add_argument("--undo", metavar="RUN_ID", help="put back every file of an organize run")
    parser.add_argument("--resume", metavar="JOB_ID", help="continue a classification job that was stopped")
    parser.add_argument("--list", action="store_true", help="list trained classifiers, unfinished jobs and organize runs")
    parser.add_argument("--suggest-labels", action="store_true",
                        help="no labels yet: group the files by content and suggest a label for each group")
    parser.add_argument("--groups", type=int, default=0, metavar="N", help="with --suggest-labels: how many labels (default: chosen from the files)")
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
        if args.suggest_labels:
            return _suggest(args, settings, paths)
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


DOCUMENT_SUFFIXES = (".txt", ".md", ".csv", ".tsv", ".docx", ".pdf", ".html", ".htm", ".eml", ".json", ".rtf", ".odt")


def _looks_like_a_path(value: str) -> bool:
    """A one-word input that names a file or folder (it starts like a path or ends like a document), not a text."""
    if not value or any(c.isspace() for c in value):
        return False
    return value.startswith(("/", "./", "../", "~", "\\")) or value.lower().endswith(DOCUMENT_SUFFIXES)


def _classify(args, settings, paths) -> int:
    from assistant.core.classify.job import new_job_id, request_for
    from assistant.core.classify.labels import parse_labels
    from assistant.core.classify.messages import ClassifyItem, ClassifyRequest, WalkOptions
    from assistant.core.classify.organize import check_destination
    from assistant.core.files.walk import parse_patterns
    from assistant.core.files.where import absolute
    from assistant.core.protocol import BadInput

    if args.out:  # before any work: --out must not be an input, a folder, or in a folder that is not there
        from assistant.core.files.write import CannotWrite, check_output

        try:
            check_output(args.out, [value for value in args.inputs if value != "-" and Path(value).is_file()])
        except CannotWrite as exc:
            raise BadInput(exc.args[0]) from None
    engine = _engine(settings, paths)
    model = args.model or (None if args.classifier else settings.models.get("classify") or None)
    if args.model and Path(args.model).expanduser().exists():
        model = absolute(args.model)  # a model folder typed relative: the job stores where it is
    common = dict(
        descriptions=_descriptions(args.describe),
        multi_label=args.multi_label,
        threshold=args.threshold,
        unsure_below=args.unsure_below,
        classifier=args.classifier,
        self_train=args.self_train,
        max_file_bytes=int(args.max_file_mb * 1024 * 1024),
    )
    labels = parse_labels(args.labels or "")
    items, rows, job_result, stats = [], [], None, []
    if args.resume:
        job_request = request_for(paths.data, args.resume)  # with the outputs it was started with
        _outputs_of_job(args, job_request)
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
                sources.append(absolute(value))  # stored in the job: the same files from any folder
            elif _looks_like_a_path(value):  # a mistyped file name would otherwise be classified as a text
                raise BadInput(f"{value}: no such file or folder. (To classify it as a text, put a space in it or pass it on standard input.)")
            else:
                items.append(ClassifyItem(name=value[:60], text=value))
        job_request = None
        if sources:
            walk = WalkOptions(parse_patterns(args.include), parse_patterns(args.exclude), args.hidden, args.follow_links)
            organize_to = args.move_to or args.copy_to
            job_request = ClassifyRequest(labels, (), model=model, job=new_job_id(), sources=tuple(sources), walk=walk,
                                          out=absolute(args.out) if args.out else "",
                                          organize_to=absolute(organize_to) if organize_to else "",
                                          organize_mode=("move" if args.move_to else "copy") if organize_to else "",
                                          organize_dry_run=bool(args.dry_run and organize_to), **common)  # fmt: skip
    if args.move_to or args.copy_to:
        check_destination(args.move_to or args.copy_to)  # a file named as the folder: said before any work
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
        if job_result.revised:
            print(f"Learning from all the files changed the label of {job_result.revised} file(s) (--no-self-train: keep the first labels).", file=sys.stderr)
        rows.extend(_rows_of_job(paths.data, job_result))  # held here only to print them
    run = None
    if args.out and not _export(rows, Path(args.out)):
        return 1
    if args.move_to or args.copy_to:
        run = _organize(engine, rows, args)
        if isinstance(run, int):
            return run
    _print(rows, job_result, run, stats, args.json)
    if run is not None and run.failed:
        return EXIT_FILES_FAILED
    return 0


def _outputs_of_job(args, job_request) -> None:
    """A resume does what the first run would have done: its --out and --move-to/--copy-to,
    unless given again now."""
    if not args.out and job_request.out:
        args.out = job_request.out
    if not (args.move_to or args.copy_to) and job_request.organize_to:
        if job_request.organize_mode == "copy":
            args.copy_to = job_request.organize_to
        else:
            args.move_to = job_request.organize_to
        args.dry_run = args.dry_run or job_request.organize_dry_run


def _rows_of_job(data_dir: Path, job_result) -> list:
    """The job's rows; paths an older version stored relative are made absolute where the job reads them."""
    from dataclasses import replace

    from assistant.core.classify.job import JobStore, where_files_are
    from assistant.core.classify.results import read_results
    from assistant.core.files.where import absolute, is_relative

    rows = list(read_results(Path(job_result.results_file)))
    if not any(item.path and is_relative(item.path) for item in rows):
        return rows
    store = JobStore(data_dir, job_result.job)
    base = where_files_are(store, store.spec()) or None
    return [replace(item, path=absolute(item.path, base)) if item.path and is_relative(item.path) else item for item in rows]


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
    for op in run.planned if args.dry_run else run.placed:  # a file is said moved only once it is
        print(f"{verb}: {op.source} -> {op.target}", file=sys.stderr)
    failed = set(run.failed)
    for path, why in run.skipped:
        if (path, why) not in failed:
            print(f"left alone: {path} ({why})", file=sys.stderr)
    for path, why in run.failed:
        print(f"FAILED: {path} ({why}); it is still where it was", file=sys.stderr)
    if left:
        print(f"{left} unreadable or unsure file(s) were left where they are.", file=sys.stderr)
    if run.run_id:
        print(f"Run {run.run_id}: {run.done} file(s) {verb}. Undo with: assistant classify --undo {run.run_id}", file=sys.stderr)
    if run.failed:
        not_done = "moved" if mode == "move" else "copied"
        print(f"{len(run.failed)} file(s) could not be {not_done} (listed above with why); exit code {EXIT_FILES_FAILED}.", file=sys.stderr)
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


# ------------------------------------------------------------ suggest labels


def _suggest(args, settings, paths) -> int:
    from assistant.core.classify.messages import ClassifiedItem, SuggestLabelsRequest, WalkOptions
    from assistant.core.classify.organize import check_destination
    from assistant.core.files.walk import parse_patterns
    from assistant.core.files.where import absolute
    from assistant.core.protocol import BadInput
    from assistant.core.scores import LabelScores

    missing = [value for value in args.inputs if not Path(value).exists()]
    if not args.inputs or missing:
        raise BadInput(f"{missing[0]}: no such file or folder." if missing else "Give the files or folders to suggest labels for.")
    if args.move_to or args.copy_to:
        check_destination(args.move_to or args.copy_to)
    engine = _engine(settings, paths)
    walk = WalkOptions(parse_patterns(args.include), parse_patterns(args.exclude), args.hidden, args.follow_links)
    request = SuggestLabelsRequest(sources=tuple(absolute(value) for value in args.inputs), walk=walk, groups=args.groups,
                                   model=args.model, max_file_bytes=int(args.max_file_mb * 1024 * 1024))  # fmt: skip
    result = handle(engine, request)
    if isinstance(result, int):
        return result
    suggested = result.payload
    for path, why in suggested.unreadable:
        print(f"unreadable: {path} ({why})", file=sys.stderr)
    run = None
    if args.move_to or args.copy_to:
        rows = [ClassifiedItem(0, Path(path).name, LabelScores(((label.name, score),)), path=path, labels=(label.name,))
                for label in suggested.labels for path, score in label.files]  # fmt: skip
        run = _organize(engine, rows, args)
        if isinstance(run, int):
            return run
    if args.json:
        print(json.dumps({"command": "suggest-labels", "result": jsonable(suggested), "run": jsonable(run)}, ensure_ascii=False, indent=2))
    else:
        for label in suggested.labels:
            examples = ", ".join(Path(path).name for path in label.examples)
            print(f"{label.name}\t{len(label.files)} file(s)\twords: {', '.join(label.words)}\te.g. {examples}")
        names = ",".join(label.name for label in suggested.labels)
        print(f"Groups separated with silhouette {suggested.silhouette:.2f} (-1 to 1; higher: clearer groups).", file=sys.stderr)
        print(f"Classify with these labels (rename them as you like): assistant classify --labels '{names}' ...", file=sys.stderr)
    print(result.stats.describe(), file=sys.stderr)
    return EXIT_FILES_FAILED if run is not None and run.failed else 0


# ------------------------------------------------------------ train & undo


def _train(args, settings, paths) -> int:
    from assistant.core.classify.messages import TrainRequest
    from assistant.core.protocol import BadInput

    if not args.examples:
        raise BadInput("--train NAME needs --examples DIR (one subfolder of example files per label).")
    engine = _engine(settings, paths)
    result = handle(engine, TrainRequest(args.train, examples_dir=args.examples, model=args.model,
                                          max_file_bytes=int(args.max_file_mb * 1024 * 1024),
                                          finetune=args.finetune))  # fmt: skip
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
    tuned = " (the embedding model tuned on the examples)" if summary.finetuned else ""
    if summary.names_used:
        quality += "; the labels' names help as a hint"
    return (
        f"Trained '{summary.name}' on {summary.embedding_model}{tuned}: {examples}\n"
        f"{quality}; calibration temperature {summary.temperature:.2f}\n"
        f"Use it with: assistant classify --classifier '{summary.name}' FILES_OR_FOLDERS"
    )


def _undo(args, paths) -> int:
    from assistant.core.classify.organize import undo

    result = undo(args.undo, paths.data, lambda d, t, m: print(m, file=sys.stderr) if d == t or d == 0 else None)
    failed = set(result.failed)
    for path, why in result.skipped:
        if (path, why) not in failed:
            print(f"left: {path} ({why})", file=sys.stderr)
    for path, why in result.failed:
        print(f"NOT RESTORED: {path} ({why})", file=sys.stderr)
    if args.json:
        print(json.dumps({"command": "undo", "result": jsonable(result)}, ensure_ascii=False, indent=2))
    elif result.failed:
        print(f"Run {result.run_id}: {result.done} file(s) put back; {len(result.failed)} could not be (listed on stderr). "
              f"The run stays open: fix what is named and undo it again.")  # fmt: skip
    else:
        print(f"Undid run {result.run_id}: {result.done} file(s) put back.")
    return EXIT_FILES_FAILED if result.failed else 0


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
        state = "undone" if r["undone"] else f"{r['done']} of {r['count']} files" + (f", {r['failed']} failed" if r.get("failed") else "")
        print(f"Organize run {r['run']} ({r['mode']}): {state}")
    return 0
