"""The command line for saved conversations and documents, kept apart from cli/chat.py (one-off questions).

    assistant chat --new ["QUESTION"]               start a conversation (prints its id)
    assistant chat --conversation ID "QUESTION"     continue it; the answer is saved as it streams
    assistant history list [--search TEXT]
    assistant history show ID                        the conversation as text, each answer's state marked
    assistant history export ID --format md|json|html [--output FILE [--force]]
    assistant history import FILE
    assistant ask --docs PATH... "QUESTION"         answer from documents, with sources

All take --json.  The chat store is the window's (data folder/chats.sqlite3), so
the window shows what the command line said and the other way round.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from assistant.cli.common import EXIT_CODES, handle
from assistant.core.documents.messages import INDEX_NAME

COMMANDS = ("history", "ask")
READER_CHOICES = ("auto", "chat", "extractive", "passages")


# ------------------------------------------------------------------ parsers


def extend_chat_parser(chat: argparse.ArgumentParser) -> None:
    """Options of `assistant chat` for saved conversations and the per-conversation settings."""
    chat.add_argument("--conversation", metavar="ID", help="continue a saved conversation (see `assistant history list`)")
    chat.add_argument("--new", action="store_true", help="start a saved conversation; prints its id")
    chat.add_argument("--top-p", type=float, default=None)
    chat.add_argument("--repetition-penalty", type=float, default=None, help="1 = off; 1.1-1.3 against repetition")
    chat.add_argument("--seed", type=int, default=None, help="makes sampled answers (temperature > 0) repeatable")
    chat.add_argument(
        "--history-tokens",
        type=_history_tokens,
        default=None,
        metavar="N|auto",
        help="history sent to the model, in tokens: the newest exchanges that fit (0 = all the model can read; "
        "auto, the default = a quarter of its context, at most 1,024)",
    )
    # None = not given: a saved conversation keeps its own settings unless an option is given.
    chat.set_defaults(max_new_tokens=None, temperature=None)


def add_parsers(commands, command) -> None:
    """``commands``: the subparsers of cli/main.py; ``command(name, help)`` makes one with --json and --model."""
    history = commands.add_parser("history", help="saved conversations: list, export, import")
    history_commands = history.add_subparsers(dest="history_command", required=True)
    listing = history_commands.add_parser("list", help="conversations, newest first")
    listing.add_argument("--search", help="only conversations whose messages or title contain this text")
    listing.add_argument("--limit", type=int, default=200, help="with --search: the newest N matches (default 200; 0 = all)")
    listing.add_argument("--json", action="store_true")
    export = history_commands.add_parser("export", help="write a conversation as Markdown, JSON or HTML")
    export.add_argument("conversation", metavar="ID")
    export.add_argument("--format", choices=("md", "json", "html"), default="md")
    export.add_argument("--output", "-o", help="a file to write (default: standard output)")
    export.add_argument("--json", action="store_true", help="print what was done as JSON (with --output)")
    export.add_argument("--force", action="store_true", help="replace --output if it exists")
    show = history_commands.add_parser("show", help="print a conversation, marking answers that were stopped or failed")
    show.add_argument("conversation", metavar="ID")
    show.add_argument("--json", action="store_true")
    importing = history_commands.add_parser("import", help="add a conversation from an exported JSON, HTML or Markdown file")
    importing.add_argument("file")
    importing.add_argument("--json", action="store_true")

    ask = command("ask", "answer a question from local documents, with sources")
    ask.add_argument("--docs", nargs="+", action="extend", required=True, metavar="PATH", help="files and folders to answer from")
    ask.add_argument("question", nargs="?", help="the question, or - to read it from standard input")
    ask.add_argument("--reader", choices=READER_CHOICES, default="auto", help="who answers (default: the chat model if installed)")
    ask.add_argument("--top-k", type=int, default=4, help="how many passages to use (default 4)")
    ask.add_argument("--embedding-model", help="the embedding model folder, or SERVER/MODEL-ID for a server's /v1/embeddings (default: the installed one)")
    ask.add_argument("--max-new-tokens", type=int, default=256)


def wants(args) -> bool:
    """Whether this module handles the parsed command."""
    return args.command in COMMANDS or (args.command == "chat" and (args.conversation or args.new))


def main(args, settings, paths) -> int:
    if args.command == "history":
        return _history(args, paths)
    if args.command == "ask":
        return _ask(args, settings, paths)
    return _chat(args, settings, paths)


# ------------------------------------------------------------------- chat


def _open_store(paths):
    """The chat store, or None after saying why it cannot be opened (locked, a full disk, ...)."""
    from assistant.core.chat.history import ChatStore, StoreError

    try:
        store = ChatStore.in_folder(paths.data)
    except StoreError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return None
    if store.notice:
        print(store.notice, file=sys.stderr)
    return store


def _chat(args, settings, paths) -> int:
    from dataclasses import replace

    from assistant.core.chat.history import StoreError
    from assistant.core.chat.settings import ChatSettings

    if args.new and args.conversation:
        print("Error: use --new or --conversation, not both.", file=sys.stderr)
        return 2
    store = _open_store(paths)
    if store is None:
        return 1
    claim = None
    try:
        if args.new:
            overrides = _given_settings(args)
            conversation = store.create(settings=replace(ChatSettings(max_new_tokens=settings.chat_max_new_tokens), **overrides))
            if args.question is None:
                print(json.dumps({"conversation": conversation.id}) if args.json else conversation.id)
                return 0
            print(f"Conversation {conversation.id}", file=sys.stderr)
        else:
            try:
                conversation = store.get(args.conversation)
            except StoreError as exc:
                print(f"Error: {exc}", file=sys.stderr)
                return 2
        if args.question is None:
            print("Error: there is no question: add one after the options.", file=sys.stderr)
            return 2
        question = sys.stdin.read() if args.question == "-" else args.question
        claim = store.claim(conversation.id)  # one answer at a time in a conversation, across processes
        return _answer_in_conversation(args, settings, paths, store, conversation, question)
    except StoreError as exc:  # locked, a full disk, a read-only folder, another chat answering here
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    finally:
        if claim is not None:
            claim.release()
        store.close()


AUTO = "auto"


def _history_tokens(text: str):
    """--history-tokens: a count of tokens (0 = the whole context) or "auto"."""
    if text.strip().lower() == AUTO:
        return AUTO
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of tokens (or auto)") from None
    if value < 0:
        raise argparse.ArgumentTypeError("the history sent to the model is 0 (all it can read) or more tokens")
    return value


def _given_settings(args) -> dict:
    """The settings given as options on the command line (those not given are left out)."""
    given = {k: v for k, v in _setting_overrides(args).items() if v is not None}
    history = getattr(args, "history_tokens", None)
    if history is not None:
        given["history_tokens"] = None if history == AUTO else history  # None is the setting's "automatic"
    return given


def _setting_overrides(args) -> dict:
    """The options of the command line by setting; None = not given."""
    return {
        "system_prompt": args.system or None,
        "temperature": args.temperature,
        "max_new_tokens": args.max_new_tokens,
        "top_p": args.top_p,
        "repetition_penalty": args.repetition_penalty,
        "seed": args.seed,
        "model": args.model,
    }


def _answer_in_conversation(args, settings, paths, store, conversation, question: str) -> int:
    """Save the question, stream the answer into the store, print it."""
    from dataclasses import replace

    from assistant.core.chat.history import DONE, FAILED, STOPPED, STREAMING, StoreError, StreamSaver
    from assistant.core.chat.messages import ChatMessage, ContextTrimmed
    from assistant.core.chat.settings import history_characters
    from assistant.core.documents.messages import AskDocumentsRequest
    from assistant.core.protocol import FailureKind, Partial, Progress, Result, Started
    from assistant.core.say import say
    from assistant.worker.engine import Engine, EngineConfig

    if not question.strip():
        print("Error: There is no question to answer: type one first.", file=sys.stderr)
        return 2
    chat_settings = conversation.settings
    if not args.new:  # options given now change this answer (not the saved settings)
        given = {k: v for k, v in _given_settings(args).items() if k != "model"}
        chat_settings = replace(chat_settings, **given)
    # Only the newest messages: what the model is sent is capped, so the rest need not be read.
    recent, earlier = store.recent_messages(conversation.id, history_characters(chat_settings.history_tokens))
    turns = [m.as_chat_message() for m in recent]
    store.add_message(conversation.id, "user", question)
    chat = chat_settings.chat_request(
        [*turns, ChatMessage("user", question)], model=args.model or settings.models.get("chat") or None, earlier=earlier
    )
    if conversation.documents:
        request = AskDocumentsRequest(
            chat, conversation.documents, str(paths.data / INDEX_NAME), reader=chat_settings.reader, reader_model=chat_settings.reader_model or None
        )
    else:
        request = chat
    state = {"saver": None, "model": "", "unsaved": None, "text": ""}

    def saver() -> StreamSaver:
        if state["saver"] is None:
            message = store.add_message(conversation.id, "assistant", "", status=STREAMING, model=state["model"])
            state["saver"] = StreamSaver(store, message.id)
            state["saver"].text = state["text"]  # what streamed while it could not be saved
        return state["saver"]

    def keep(piece: str) -> None:
        """Save the answer as it streams; after a failure (a full disk, a lock) try again only at the end."""
        if state["unsaved"] is None:
            try:
                saver().add(piece)  # a new saver starts from state["text"], what came before this piece
            except StoreError as exc:
                state["unsaved"] = exc
                print(f"\n{exc}", file=sys.stderr, flush=True)
        state["text"] += piece

    def end(status: str, content: str | None = None, sources: list | None = None) -> bool:
        """The answer's last write; False (and said why) when it could not be saved."""
        if state["saver"] is None and not (content or state["text"]):
            return True
        try:
            saver().finish(status, content=content if content is not None else state["text"], sources=sources)
            return True
        except StoreError as exc:
            print(say("The answer was not saved: {error}", error=str(exc)), file=sys.stderr, flush=True)
            return False

    def show(reply) -> None:
        if isinstance(reply, Started):
            state["model"] = reply.model
            print(f"Using {reply.model} ({reply.backend})", file=sys.stderr, flush=True)
        elif isinstance(reply, Progress) and reply.message:
            print(reply.message, file=sys.stderr, flush=True)
        elif isinstance(reply, Partial) and isinstance(reply.payload, ContextTrimmed):
            print(reply.payload.describe(), file=sys.stderr, flush=True)
        elif isinstance(reply, Partial) and isinstance(reply.payload, str):
            keep(reply.payload)
            if not args.json:
                print(reply.payload, end="", flush=True)

    engine = Engine(EngineConfig.from_settings(settings, paths), emit=show)
    try:
        terminal = engine.handle(request)
    except KeyboardInterrupt:
        if end(STOPPED):
            print("\nStopped; the answer so far is saved.", file=sys.stderr)
        return 130
    if not isinstance(terminal, Result):
        end(STOPPED if terminal.kind is FailureKind.CANCELLED else FAILED)
        if not args.json and state["text"]:
            print()
        print(f"Error: {terminal.message}", file=sys.stderr)
        return EXIT_CODES.get(terminal.kind.value, 1)
    payload = terminal.payload
    text = payload if isinstance(payload, str) else payload.text
    sources = [] if isinstance(payload, str) else [_source_dict(s) for s in payload.sources]
    saved = end(DONE, content=text, sources=sources)
    if args.json:
        print(json.dumps({"command": "chat", "conversation": conversation.id, "result": text, "sources": sources, "stats": _stats(terminal.stats)}, ensure_ascii=False, indent=2))
    else:
        if isinstance(payload, str) or payload.reader == "chat model":
            print()
        else:
            print(text)
        _print_sources(sources)
    if terminal.stats is not None:
        print(terminal.stats.describe(), file=sys.stderr)
    return 0 if saved else 1


def _source_dict(source) -> dict:
    return {"path": source.path, "position": source.position, "location": source.location, "text": source.text, "score": round(source.score, 4)}


def _print_sources(sources: list[dict]) -> None:
    if not sources:
        return
    print("\nSources:")
    for number, s in enumerate(sources, 1):
        where = f"{s['location']}, " if s["location"] else ""
        print(f"  [{number}] {s['path']} ({where}passage {s['position']}, similarity {s['score']:.2f})")


def _stats(stats) -> dict | None:
    if stats is None:
        return None
    return {"items": stats.items, "unit": stats.unit, "seconds": stats.seconds, "rate": stats.rate}


# ------------------------------------------------------------------ history


def _history(args, paths) -> int:
    from assistant.core.chat.export import BadExport, export, parse
    from assistant.core.chat.history import StoreError, StoreUnavailable
    from assistant.core.files.write import write_atomically

    store = _open_store(paths)
    if store is None:
        return 1
    try:
        if args.history_command == "show":
            try:
                conversation = store.get(args.conversation)
            except StoreUnavailable:
                raise
            except StoreError as exc:
                print(f"Error: {exc}", file=sys.stderr)
                return 2
            messages = store.messages(conversation.id)
            if args.json:
                print(export(conversation, messages, "json"))
            else:
                _print_conversation(conversation, messages)
            return 0
        if args.history_command == "list":
            more = False
            if args.search:
                limit = max(0, args.limit)
                hits = store.search(args.search, limit + 1 if limit else 2**62)  # one more than shown: are there more?
                more = bool(limit) and len(hits) > limit
                found = [(hit.conversation, hit.snippet) for hit in (hits[:limit] if limit else hits)]
            else:
                found = [(c, "") for c in store.conversations()]
            rows = [
                {
                    "id": c.id,
                    "title": c.display_title,
                    "created": c.created,
                    "updated": c.updated,
                    "messages": len(store.messages(c.id)),
                    "documents": list(c.documents),
                    **({"match": snippet} if args.search else {}),
                }
                for c, snippet in found
            ]
            if args.json:
                print(json.dumps({"conversations": rows, **({"more": more} if args.search else {})}, ensure_ascii=False, indent=2))
            elif not rows:
                print("No conversations found." if args.search else "No saved conversations yet.")
            for row in [] if args.json else rows:
                when = time.strftime("%Y-%m-%d %H:%M", time.localtime(row["updated"]))
                print(f"{row['id']}  {when}  {row['messages']:>4} msgs  {row['title']}")
                if row.get("match"):
                    print(f"    … {row['match']}")
            if more:
                print(f"The {len(rows)} newest matches are shown; --limit N shows more (0: all).", file=sys.stderr)
            return 0
        if args.history_command == "export":
            try:
                conversation = store.get(args.conversation)
            except StoreError as exc:
                print(f"Error: {exc}", file=sys.stderr)
                return 2
            text = export(conversation, store.messages(conversation.id), args.format)
            if args.output:
                from assistant.core.files.write import CannotWrite, check_output

                try:
                    check_output(args.output, overwrite=args.force)
                except CannotWrite as exc:
                    print(f"Error: {exc}" + (" (--force replaces it)" if Path(args.output).is_file() else ""), file=sys.stderr)
                    return 2
                try:
                    write_atomically(Path(args.output).expanduser(), text)
                except OSError as exc:
                    print(f"Error: the file could not be written: {exc.strerror or exc}", file=sys.stderr)
                    return 1
                if args.json:
                    print(json.dumps({"conversation": conversation.id, "format": args.format, "output": str(Path(args.output).resolve())}))
                else:
                    print(f"Exported “{conversation.display_title}” to {args.output}", file=sys.stderr)
            elif args.json:
                print(json.dumps({"conversation": conversation.id, "format": args.format, "content": text}, ensure_ascii=False, indent=2))
            else:
                sys.stdout.write(text)
            return 0
        # import
        try:
            data = Path(args.file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            print(f"Error: {args.file} cannot be read: {getattr(exc, 'strerror', None) or exc}", file=sys.stderr)
            return 2
        try:
            imported = parse(data, Path(args.file).name)
        except BadExport as exc:
            print(f"Error: {exc}", file=sys.stderr)
            return 2
        conversation = store.import_conversation(imported.title, imported.messages, imported.settings, imported.documents, imported.created)
        if args.json:
            print(json.dumps({"conversation": conversation.id, "title": conversation.display_title, "messages": len(imported.messages)}, ensure_ascii=False))
        else:
            print(conversation.id)
            print(f"Imported “{conversation.display_title}” ({len(imported.messages)} messages)", file=sys.stderr)
        return 0
    except StoreError as exc:  # locked, a full disk, a read-only folder
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    finally:
        store.close()


MESSAGE_STATES = {"streaming": "(being written, or cut off)", "stopped": "(stopped before the end)", "failed": "(failed part-way)"}
ROLE_NAMES = {"user": "You", "assistant": "Assistant", "system": "System"}


def _print_conversation(conversation, messages) -> None:
    print(f"{conversation.display_title}  ({conversation.id})")
    for m in messages:
        state = MESSAGE_STATES.get(m.status, "")
        print(f"\n{ROLE_NAMES.get(m.role, m.role)}:" + (f" {state}" if state else ""))
        print(m.content)
        if m.note:
            print(f"[{m.note}]")


# ---------------------------------------------------------------------- ask


def _ask(args, settings, paths) -> int:
    from assistant.core.chat.messages import ChatMessage, ChatRequest, ContextTrimmed
    from assistant.core.documents.messages import AskDocumentsRequest
    from assistant.core.protocol import Partial, Progress, Started
    from assistant.worker.engine import Engine, EngineConfig

    docs = list(args.docs)
    question = args.question
    if question is None and len(docs) > 1 and not Path(docs[-1]).exists():
        question = docs.pop()  # `--docs a.pdf notes/ "QUESTION"`: argparse gave the question to --docs
    if question is None:
        print('Error: there is no question: assistant ask --docs PATH... "QUESTION"', file=sys.stderr)
        return 2
    if question == "-":
        question = sys.stdin.read()
    chat = ChatRequest(
        (ChatMessage("user", question),),
        max_new_tokens=args.max_new_tokens,
        model=(args.model if args.reader != "extractive" else None) or settings.models.get("chat") or None,
    )
    request = AskDocumentsRequest(
        chat,
        tuple(docs),
        str(paths.data / INDEX_NAME),
        reader=args.reader,
        reader_model=args.model if args.reader == "extractive" else None,
        top_k=args.top_k,
        model=args.embedding_model or settings.models.get("documents") or None,
        fall_back=not args.embedding_model,  # the saved choice, when it was removed since, gives way to the automatic one
    )
    streamed = []

    def show(reply) -> None:
        if isinstance(reply, Started):
            print(f"Using {reply.model} ({reply.backend})", file=sys.stderr, flush=True)
        elif isinstance(reply, Progress) and reply.message:
            print(reply.message, file=sys.stderr, flush=True)
        elif isinstance(reply, Partial) and isinstance(reply.payload, ContextTrimmed):
            print(reply.payload.describe(), file=sys.stderr, flush=True)
        elif isinstance(reply, Partial) and isinstance(reply.payload, str) and not args.json:
            streamed.append(reply.payload)
            print(reply.payload, end="", flush=True)

    terminal = handle(Engine(EngineConfig.from_settings(settings, paths), emit=show), request, newline_before_error=streamed)
    if isinstance(terminal, int):
        return terminal
    answer = terminal.payload
    if answer.index.model_gone:  # said once: the choice is forgotten, as the Models page now shows it
        print(answer.index.gone_note(), file=sys.stderr)
        if settings.models.get("documents") == answer.index.model_gone:
            del settings.models["documents"]
            try:
                settings.save(paths.settings_file)
            except OSError as exc:
                print(f"The settings file {paths.settings_file} could not be written ({exc.strerror or exc}).", file=sys.stderr)
    sources = [_source_dict(s) for s in answer.sources]
    if args.json:
        result = {
            "answer": answer.text,
            "reader": answer.reader,
            "sources": sources,
            "span_score": answer.span_score,
            "span_source": answer.span_source,
            "note": answer.index.gone_note(),
            "index": {"files": len(answer.index.files), "indexed": answer.index.indexed, "unchanged": answer.index.unchanged,
                      "passages": answer.index.passages, "failed": [list(f) for f in answer.index.failed]},
        }
        print(json.dumps({"command": "ask", "result": result, "stats": _stats(terminal.stats)}, ensure_ascii=False, indent=2))
    else:
        if streamed:
            print()
        else:
            print(answer.text)
        if answer.span_score is not None:
            print(f"(extractive answer from [{answer.span_source + 1}], score {answer.span_score:.2f})")
        _print_sources(sources)
        for path, why in answer.index.failed:
            print(f"not read: {path}: {why}", file=sys.stderr)
    return 0
