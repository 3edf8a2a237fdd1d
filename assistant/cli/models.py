"""`assistant models ...`: the Models page on the command line.

    assistant models list                      the models on this computer
    assistant models catalog [--task TASK]     recommended models to download
    assistant models pin [FILE] [--dry-run]    pin a catalog's revisions to commit hashes (needs the hub)
    assistant models download ID               fetch into the Hugging Face cache (progress bar on stderr)
    assistant models import PATH               add a model folder (or a folder of model folders)
    assistant models import-gguf FILE          convert a GGUF chat model into the models folder
    assistant models remove ID                 delete a model (or forget a folder you added)
    assistant models use TASK ID               the model a task uses from now on
    assistant models check-int8 ID             measure now whether a chat model keeps its quality in int8

Every command takes --json.  Answers go to stdout, progress and errors to stderr.
No Qt and no torch here: the commands that need torch (import-gguf, check-int8) import
it on demand, through the engine or the model loader.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from assistant.cli.common import EXIT_CODES, handle

TASKS = ("chat", "translate", "sentiment", "classify")


def add_model_commands(models_commands) -> None:
    """Add the subcommands to the `models` subparsers made in cli/main.py."""
    listing = models_commands.add_parser("list", help="list the models found")
    listing.add_argument("--json", action="store_true")

    catalog = models_commands.add_parser("catalog", help="recommended models per task")
    catalog.add_argument("--task", help="only this task: chat, translate, sentiment, classify, embed, qa")
    catalog.add_argument("--json", action="store_true")

    pin = models_commands.add_parser(
        "pin",
        help="pin a catalog file's revisions to the commits the hub names now",
        description=(
            "For each entry whose revision is a branch or tag (e.g. 'main'), ask the Hugging Face hub "
            "(HF_ENDPOINT, or the hub endpoint of the settings) which commit it names, and write that hash "
            "in its place. Entries already pinned to a commit are left alone. Exits with 1 if any entry failed."
        ),
    )
    pin.add_argument(
        "file",
        nargs="?",
        help="the catalog file (default: catalog.json in the config folder; a maintainer pins the packaged "
        "one with assistant/core/models/catalog.json)",
    )
    pin.add_argument("--dry-run", action="store_true", help="look the commits up and say what would change; write nothing")
    _network_options(pin)
    pin.add_argument("--json", action="store_true")

    download = models_commands.add_parser("download", help="download a model from the Hugging Face hub")
    download.add_argument("id", help="hub id, e.g. Helsinki-NLP/opus-mt-en-de")
    download.add_argument("--revision", help="branch, tag or commit (default: the catalog's, else main)")
    download.add_argument("--allow-unsafe", action="store_true", help="also fetch pickle weights (*.bin) if there are no safetensors")
    download.add_argument("--json", action="store_true")
    _network_options(download)

    add = models_commands.add_parser("import", help="add a local model folder")
    add.add_argument("path")
    add.add_argument("--json", action="store_true")

    gguf = models_commands.add_parser("import-gguf", help="convert a GGUF chat model to safetensors")
    gguf.add_argument("file")
    gguf.add_argument("--name", default="", help="name of the converted model (default: the file's name)")
    gguf.add_argument("--json", action="store_true")

    remove = models_commands.add_parser("remove", help="delete a model, or forget a folder you added")
    remove.add_argument("id", help="a name from `models list` (e.g. owner/name) or a model folder")
    remove.add_argument("--json", action="store_true")

    check = models_commands.add_parser(
        "check-int8",
        help="measure now whether a chat model keeps its quality in int8",
        description=(
            "The window measures this by itself while it is idle, the first time a chat model runs on "
            "'automatic' precision on the CPU; this command measures it at once (a few minutes on a small "
            "model) and keeps the verdict, so every later start, window or command line, uses it."
        ),
    )
    check.add_argument("id", help="a name from `models list` or a model folder")
    check.add_argument("--json", action="store_true")

    use = models_commands.add_parser("use", help="the model a task uses")
    use.add_argument("task", choices=TASKS)
    use.add_argument("id", help="a name from `models list` or a model folder; 'auto' for the automatic choice")
    use.add_argument("--json", action="store_true")


def run_models_command(args, settings, paths) -> int:
    handlers = {
        "list": _list,
        "catalog": _catalog,
        "pin": _pin,
        "download": _download,
        "import": _import_folder,
        "import-gguf": _import_gguf,
        "remove": _remove,
        "use": _use,
        "check-int8": _check_int8,
    }
    return handlers[args.models_command](args, settings, paths)


# ------------------------------------------------------------------ commands


def _list(args, settings, paths) -> int:
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
    if args.json:
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


def _catalog(args, settings, paths) -> int:
    from assistant.core.models.catalog import TASK_NAMES, cached_commit, load_catalog
    from assistant.core.models.sources import default_hf_cache

    catalog = load_catalog(paths.config / "catalog.json")
    entries = catalog.for_task(args.task) if args.task else catalog.entries
    if args.task and args.task not in TASK_NAMES:
        return _fail(f"Unknown task '{args.task}': choose one of {', '.join(TASK_NAMES)}.", 2)
    cache = default_hf_cache()
    rows = []
    for e in entries:
        commit = cached_commit(e, cache)
        rows.append(
            {
                "id": e.id,
                "task": e.task,
                "revision": e.revision,
                "pinned": e.pinned,
                "size_mb": e.size_mb,
                "license": e.license,
                "languages": list(e.languages),
                "pair": list(e.pair) if e.pair else None,
                "note": e.note,
                "weights": e.weights,
                "safetensors_branch": e.safetensors_branch or None,
                "downloaded": commit is not None,
                "commit": commit,  # the commit in the Hugging Face cache, when downloaded
            }
        )
    if args.json:
        print(json.dumps({"models": rows, "problems": catalog.problems}, indent=2, ensure_ascii=False))
        return 0
    for task in TASK_NAMES:
        mine = [r for r in rows if r["task"] == task]
        if not mine:
            continue
        print(f"{TASK_NAMES[task]}:")
        for row in mine:
            mark = "✓" if row["downloaded"] else " "
            here = f"  (here at {row['commit'][:12]})" if row["commit"] else ""
            print(f"  {mark} {row['id']:<58} {row['size_mb']:>7.0f} MB  {row['license']}{here}")
            print(f"      {row['note']}")
            if row["weights"] == "pickle":
                branch = f" (safetensors from the hub's branch {row['safetensors_branch']})" if row["safetensors_branch"] else ""
                print(f"      Published as pickle weights only: fetched as safetensors{branch} or converted safely.")
    unpinned = sum(1 for r in rows if not r["pinned"])
    if unpinned:
        print(
            f"\n{unpinned} of {len(rows)} revisions name a branch, not a commit (not pinned): see the catalog file's note.",
            file=sys.stderr,
        )
    return 0


def _pin(args, settings, paths) -> int:
    from assistant.core.models.network import use_proxy
    from assistant.core.models.pinning import ALREADY_PINNED, FAILED, PINNED, pin_catalog
    from assistant.core.protocol import BadInput

    path = Path(args.file).expanduser() if args.file else paths.config / "catalog.json"
    if not path.is_file():
        if args.file:
            return _fail(f"There is no file {path}.", 2)
        return _fail(
            f"There is no catalog of your own in the config folder ({path}). Name a catalog file to pin, "
            "e.g. `assistant models pin assistant/core/models/catalog.json` in a source checkout.",
            2,
        )
    try:
        endpoint, proxy = _network(args, settings)
        use_proxy(proxy)
        report = pin_catalog(path, endpoint=endpoint, dry_run=args.dry_run)
    except ValueError as exc:
        return _fail(str(exc), 2)
    except BadInput as exc:
        return _fail(str(exc), 2)
    if args.json:
        print(
            json.dumps(
                {
                    "file": str(path),
                    "dry_run": args.dry_run,
                    "changed": report.changed,
                    "written": report.written,
                    "models": [_plain(o) for o in report.outcomes],
                },
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        width = max((len(o.id) for o in report.outcomes), default=0)
        for o in report.outcomes:
            if o.status == PINNED:
                verb = "would pin" if args.dry_run else "pinned"
                print(f"{verb:<15} {o.id:<{width}}  {o.revision} -> {o.commit}")
            elif o.status == ALREADY_PINNED:
                print(f"{'already pinned':<15} {o.id:<{width}}  {o.commit}")
            else:
                print(f"{'failed':<15} {o.id:<{width}}  {o.reason}: {o.detail}; left as '{o.revision}'")
    summary = (
        f"{report.count(PINNED)} {'to pin' if args.dry_run else 'pinned'}, "
        f"{report.count(ALREADY_PINNED)} already pinned, {report.count(FAILED)} failed."
    )
    if args.dry_run:
        summary += f" Dry run: {path} was not changed."
    elif report.written:
        summary += f" Wrote {path}."
    else:
        summary += f" {path} is unchanged."
    print(summary, file=sys.stderr)
    return 1 if report.failed else 0


def _network_options(parser) -> None:
    parser.add_argument(
        "--hub-endpoint",
        help="the hub's address: huggingface, hf-mirror, or a URL (default: the settings', else HF_ENDPOINT, else huggingface.co)",
    )
    parser.add_argument("--proxy", help="system (HTTPS_PROXY and the like), none, or a proxy URL (default: the settings')")


def _network(args, settings) -> tuple[str | None, str]:
    """(hub address, proxy setting) from the options, else the settings; ValueError with a sentence for a bad one."""
    from assistant.core.models.network import SYSTEM, hub_endpoint, is_url

    given = args.hub_endpoint if args.hub_endpoint is not None else None
    try:
        endpoint = hub_endpoint(given) if given is not None else settings.hub_address()
    except ValueError:
        raise ValueError(f"'{given}' is not a hub address: write huggingface, hf-mirror, or a URL such as https://hf-mirror.com.") from None
    proxy = (args.proxy if args.proxy is not None else settings.proxy).strip() or SYSTEM
    if proxy not in ("system", "none") and not is_url(proxy):
        raise ValueError(f"'{proxy}' is not a proxy address: write it as http://host:port, or system or none.")
    return endpoint, proxy


def _download(args, settings, paths) -> int:
    from assistant.core.models.catalog import load_catalog
    from assistant.core.models.messages import DownloadProgress, DownloadRequest
    from assistant.core.protocol import Failure
    from assistant.worker.downloads import DownloadService

    entry = load_catalog(paths.config / "catalog.json").find(args.id)
    revision = args.revision or (entry.revision if entry else "main")
    bar = _ProgressBar(sys.stderr)

    def show(reply) -> None:
        payload = getattr(reply, "payload", None)
        if isinstance(payload, DownloadProgress):
            bar.update(payload)

    service = DownloadService(emit=show)
    try:
        endpoint, proxy = _network(args, settings)
    except ValueError as exc:
        return _fail(str(exc), 2)
    request = DownloadRequest(
        entry.id if entry else args.id,
        revision,
        allow_unsafe=args.allow_unsafe or settings.allow_pickle_weights,
        endpoint=endpoint,
        proxy=proxy,
    )
    try:
        terminal = service.handle(request)  # on this thread: Ctrl+C stops it where it is
    except KeyboardInterrupt:
        bar.close()
        print("Stopped. Run the same command again to go on where it stopped.", file=sys.stderr)
        return 130
    bar.close()
    if isinstance(terminal, Failure):
        return _fail(terminal.message, EXIT_CODES.get(terminal.kind.value, 1))
    result = terminal.payload
    if args.json:
        print(json.dumps(_plain(result), indent=2))
    else:
        print(result.path)
        weights = f"; weights from {result.weights_revision} at {result.weights_commit[:12]}" if result.weights_revision else ""
        print(
            f"{result.repo_id}: {result.revision} at {result.commit[:12]}{weights}: {len(result.files)} files, "
            f"{result.bytes_downloaded / 1e6:.1f} MB fetched, {result.bytes_reused / 1e6:.1f} MB already here.",
            file=sys.stderr,
        )
        if result.note:
            print(result.note, file=sys.stderr)
    return 0


def _import_folder(args, settings, paths) -> int:
    from assistant.core.models.convert import pickle_weights
    from assistant.core.models.manage import check_model_folder
    from assistant.core.models.messages import ImportPickleRequest
    from assistant.core.protocol import BadInput

    try:
        # Pickle weights pass the check here: they are never loaded as they are, a converted copy is.
        found = check_model_folder(args.path, allow_pickle=True)
    except BadInput as exc:
        return _fail(str(exc), 2)
    # Models with pickle weights only are not added as they are: a converted copy goes into the models folder.
    pickled = [f for f in found if pickle_weights(f) and not any(f.glob("*.safetensors"))]
    converted = []
    for model in pickled:
        terminal = _on_engine(ImportPickleRequest(str(model.resolve())), settings, paths)
        if isinstance(terminal, int):
            return terminal
        converted.append(terminal.payload)
        if not args.json:
            print(terminal.payload.note, file=sys.stderr)
    rest = [f for f in found if f not in pickled]
    folder = str(Path(args.path).expanduser().resolve())
    if rest and folder not in settings.extra_model_dirs:
        settings.extra_model_dirs.append(folder)
        if why := _save_settings(settings, paths):
            return _fail(f"{folder} was not added. {why}", 1)
    names = [str(p) for p in rest]
    if args.json:
        print(json.dumps({"added": folder if rest else None, "models": names, "converted": [_plain(c) for c in converted]}, indent=2))
    elif rest:
        print(f"Added {folder}: {len(names)} model folder(s).")
    return 0


def _import_gguf(args, settings, paths) -> int:
    from assistant.core.models.messages import ImportGgufRequest

    terminal = _on_engine(ImportGgufRequest(str(Path(args.file).expanduser().resolve()), args.name), settings, paths)
    if isinstance(terminal, int):
        return terminal
    imported = terminal.payload
    if args.json:
        print(json.dumps(_plain(imported), indent=2))
    else:
        print(f"Imported {imported.name}: {imported.size_bytes / 1e6:.0f} MB in {imported.path}")
    return 0


def _remove(args, settings, paths) -> int:
    from assistant.core.models.messages import RemoveModelRequest

    terminal = _on_engine(RemoveModelRequest(args.id), settings, paths)
    if isinstance(terminal, int):
        return terminal
    removed = terminal.payload
    changed = False
    if removed.forget_dir and removed.forget_dir in settings.extra_model_dirs:
        settings.extra_model_dirs.remove(removed.forget_dir)
        changed = True
    for task, key in list(settings.models.items()):
        if key == removed.path or (removed.forget_dir and key.startswith(removed.forget_dir)):
            del settings.models[task]
            changed = True
    if changed and (why := _save_settings(settings, paths)):
        print(f"Warning: {why} The model is gone; the settings still name it until they can be saved.", file=sys.stderr)
    if args.json:
        print(json.dumps(_plain(removed), indent=2))
    elif removed.deleted:
        print(f"Removed {removed.name}: {removed.freed_bytes / 1e6:.1f} MB freed ({removed.path}).")
    else:
        print(f"Forgot the folder {removed.forget_dir}; its files stay on disk.")
    return 0


def _use(args, settings, paths) -> int:
    from assistant.core.models.manage import find_model
    from assistant.core.models.sources import discover
    from assistant.core.protocol import Task

    if args.id in ("auto", ""):
        settings.models.pop(args.task, None)
        if why := _save_settings(settings, paths):
            return _fail(why, 1)
        print(json.dumps({"task": args.task, "model": None}) if args.json else f"{args.task}: automatic choice.")
        return 0
    inventory = discover(paths.models, settings.extra_model_dirs)
    info = find_model(inventory, args.id)
    if info is None:
        return _fail(f"No installed model '{args.id}'. See `assistant models list`.", 3)
    if Task(args.task) not in info.tasks:
        return _fail(f"{info.name} ({info.kind}) cannot do {args.task}.", 2)
    settings.models[args.task] = info.key
    if why := _save_settings(settings, paths):
        return _fail(why, 1)
    if args.json:
        print(json.dumps({"task": args.task, "model": info.key, "name": info.name}))
    else:
        print(f"{args.task}: {info.name} ({info.path})")
    return 0


def _check_int8(args, settings, paths) -> int:
    """Load the model in float32 on the CPU, run the int8 check to its end, keep and print the verdict."""
    from dataclasses import asdict

    from assistant.core.models import precision
    from assistant.core.models.loader import ModelLoader
    from assistant.core.models.manage import find_model
    from assistant.core.models.sources import describe_folder, discover

    info = find_model(discover(paths.models, settings.extra_model_dirs), args.id)
    if info is None and Path(args.id).expanduser().is_dir():
        info = describe_folder(Path(args.id).expanduser(), "chosen")
    if info is None:
        return _fail(f"No installed model '{args.id}'. See `assistant models list`.", 3)
    if info.kind != "causal LM":
        return _fail(f"{info.name} ({info.kind}) is not a chat model: only chat models run in int8 by measurement.", 2)
    verdicts_file = precision.verdicts_path(paths.models)
    loader = ModelLoader(device="cpu", dtype="float32", verdicts_file=verdicts_file)
    print(f"Loading {info.name} in float32…", file=sys.stderr, flush=True)
    try:
        loaded = loader.get(info)
    except Exception as exc:  # noqa: BLE001 - a broken model gets a sentence, not a traceback
        from assistant.core.say import message_of

        return _fail(f"{info.name} could not be loaded: {message_of(exc)}", 1)
    check = precision.Check(loaded.model, loaded.tokenizer, info.path)
    print("Comparing int8 with float32 on a held-out text and fixed questions…", file=sys.stderr, flush=True)
    while (verdict := check.step(lambda: False)) is None:
        if check.steps_done % 50 == 0:
            print(f"  {check.steps_done} steps done", file=sys.stderr, flush=True)
    precision.remember(verdicts_file, info.path, verdict)
    loader.unload_all()
    if args.json:
        print(json.dumps({"model": info.name, "path": str(info.path), **asdict(verdict)}))
    elif verdict.int8_ok:
        change = verdict.nll_int8 / verdict.nll_float32 - 1 if verdict.nll_float32 else 0.0
        print(f"{info.name}: int8 keeps its quality (likelihood of the test text {change:+.1%}, "
              f"{verdict.agreement:.0%} of answer tokens the same). On 'automatic' precision it runs in int8.")
    else:
        print(f"{info.name}: {verdict.reason()} On 'automatic' precision it runs in float32.")
    return 0


# ------------------------------------------------------------------ helpers


def _on_engine(request, settings, paths):
    """Run a model request on an engine in this process; returns its Result, or an exit code."""
    from assistant.core.protocol import Progress
    from assistant.worker.engine import Engine, EngineConfig

    def show(reply) -> None:
        if isinstance(reply, Progress) and reply.message:
            print(reply.message, file=sys.stderr, flush=True)

    return handle(Engine(EngineConfig.from_settings(settings, paths), emit=show), request)


def _save_settings(settings, paths) -> str:
    """Write settings.json; "" when done, else why not as a sentence (a full or read-only disk, a folder in its place)."""
    try:
        settings.save(paths.settings_file)
    except OSError as exc:
        return f"The settings file {paths.settings_file} could not be written ({exc.strerror or exc})."
    return ""


def _fail(message: str, code: int) -> int:
    print(f"Error: {message}", file=sys.stderr)
    return code


def _plain(value) -> dict:
    from dataclasses import asdict

    return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(value).items()}


class _ProgressBar:
    """A bar redrawn in place on a terminal; on a pipe or a log, a line every tenth of the way."""

    WIDTH = 30

    def __init__(self, stream) -> None:
        self.stream = stream
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self._last_tenth = -1
        self._last_draw = 0.0
        self._drawn = False

    def update(self, p) -> None:
        fraction = p.done / p.total if p.total else 0.0
        filled = int(fraction * self.WIDTH)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        speed = f" {p.bytes_per_second / 1e6:5.1f} MB/s" if p.bytes_per_second else ""
        line = f"[{bar}] {fraction:6.1%} {p.done / 1e6:8.1f}/{p.total / 1e6:.1f} MB{speed}  {p.file}"
        if self.tty:
            now = time.monotonic()
            if now - self._last_draw >= 0.1 or p.done >= p.total:
                self._last_draw = now
                self.stream.write("\r" + line[:120].ljust(120))
                self.stream.flush()
                self._drawn = True
        else:
            tenth = int(fraction * 10)
            if tenth != self._last_tenth:
                self._last_tenth = tenth
                print(line, file=self.stream, flush=True)

    def close(self) -> None:
        if self.tty and self._drawn:
            self.stream.write("\n")
            self.stream.flush()

