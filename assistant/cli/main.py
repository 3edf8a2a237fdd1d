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
    assistant servers add NAME URL|list|models NAME|remove NAME;  chat --model NAME/MODEL-ID
    assistant serve [--port N]               the installed models as a local OpenAI-compatible API
    assistant chat --new | --conversation ID "QUESTION";  assistant history list|export|import;
    assistant ask --docs PATH... "QUESTION"      (see cli/conversations.py)

This module parses the arguments and hands each command to its module: cli/chat.py,
cli/translate.py, cli/sentiment.py, cli/classify.py, cli/conversations.py, cli/models.py,
cli/servers.py.
Every command takes --json and --model.  Answers go to stdout, progress and errors
to stderr; the exit code says how it ended (0 done, 2 bad input, 3 model missing,
4 out of memory, 1 other error, 130 stopped).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

# The command modules (and argparse) are imported when a command is given: opening the
# window needs none of them, and each import is time before the window is painted.


def build_parser() -> argparse.ArgumentParser:
    import argparse

    from assistant.cli import chat as cli_chat
    from assistant.cli import conversations as cli_conversations
    from assistant.cli import sentiment as cli_sentiment
    from assistant.cli import translate as cli_translate

    parser = argparse.ArgumentParser(prog="assistant", description="A local AI assistant. With no command, opens the window.")
    parser.add_argument("--device", choices=("auto", "cpu", "cuda", "mps"), help="where models run (default: the saved setting)")
    parser.add_argument(
        "--dtype", choices=("auto", "float32", "bfloat16", "float16", "int8"),
        help="precision of the weights; auto (the default setting) = int8 for chat models on the CPU when it keeps their quality; int8 = dynamic quantization, CPU only"
    )
    commands = parser.add_subparsers(dest="command")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument("--json", action="store_true", help="print machine-readable JSON")
        sub.add_argument("--model", help="a model folder to use instead of the chosen one, or SERVER/MODEL-ID for a server added with `assistant servers add`")
        return sub

    chat = command("chat", "ask the chat model")
    cli_chat.add_arguments(chat)
    cli_conversations.extend_chat_parser(chat)  # --conversation, --new, --top-p, --repetition-penalty, --seed

    cli_translate.add_arguments(command("translate", "translate text or a file (txt, md, docx)"))
    cli_sentiment.add_arguments(command("sentiment", "the sentiment of a text, or of each line or CSV row of a file"))

    from assistant.cli.classify import add_arguments as add_classify_arguments

    add_classify_arguments(command("classify", "sort texts or files into labels; train, organize, undo"))

    cli_conversations.add_parsers(commands, command)  # history list|export|import, ask --docs

    models = commands.add_parser("models", help="the models on this computer")
    from assistant.cli.models import add_model_commands

    add_model_commands(models.add_subparsers(dest="models_command", required=True))

    from assistant.cli import serve as cli_serve

    cli_serve.add_arguments(commands.add_parser("serve", help="serve the installed models as a local OpenAI-compatible API"))

    servers = commands.add_parser("servers", help="OpenAI-compatible servers whose models chat can use (NAME/MODEL-ID)")
    from assistant.cli.servers import add_server_commands

    add_server_commands(servers.add_subparsers(dest="servers_command", required=True))
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
    from assistant.logs import setup_logging  # not on the way to the window (nor what follows)
    from assistant.paths import app_paths

    paths = app_paths()
    setup_logging(paths)
    try:
        return _run(args, paths)
    except Exception as exc:  # a bug: its traceback goes to the log, the person gets a sentence and a non-zero code
        import logging

        logging.getLogger(__name__).exception("command %s failed unexpectedly", args.command)
        print(f"Error: {UNEXPECTED} ({type(exc).__name__}: {exc}). The details are in {paths.log_file}.", file=sys.stderr)
        return 70


UNEXPECTED = "something unexpected went wrong"  # the tests look for it: every known fault has its own sentence


def _run(args, paths) -> int:
    from assistant.cli import conversations as cli_conversations
    from assistant.settings import Settings

    settings = Settings.load(paths.settings_file)
    if settings.load_notice:  # said once: the file was corrected, or kept aside
        print(settings.load_notice, file=sys.stderr)
    if args.device:
        settings.device = args.device
    if args.dtype:
        settings.dtype = args.dtype
    if args.command == "models":
        from assistant.cli.models import run_models_command

        return run_models_command(args, settings, paths)
    if args.command == "serve":
        from assistant.cli.serve import run as serve

        return serve(args, settings, paths)
    if args.command == "servers":
        from assistant.cli.servers import run_servers_command

        return run_servers_command(args, paths)
    if cli_conversations.wants(args):
        return cli_conversations.main(args, settings, paths)
    if args.command == "classify":
        from assistant.cli.classify import run as run_classify

        return run_classify(args, settings, paths)
    if args.command == "translate":
        from assistant.cli import translate as cli_translate

        return cli_translate.run(args, settings, paths)
    if args.command == "sentiment":
        from assistant.cli import sentiment as cli_sentiment

        return cli_sentiment.run(args, settings, paths)
    from assistant.cli import chat as cli_chat

    return cli_chat.run(args, settings, paths)
