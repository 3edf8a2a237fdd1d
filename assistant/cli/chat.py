"""`assistant chat "QUESTION"`: one question to the chat model, the answer streamed to stdout.

Conversations kept in the history (--new, --conversation) are cli/conversations.py's.
"""

from __future__ import annotations

import argparse
import json
import sys

from assistant.cli.common import jsonable, print_stats, read_stdin_if_dash, run_request


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("question", nargs="?", help='the question, or - to read it from standard input')
    parser.add_argument("--system", default="", help="a system prompt")
    parser.add_argument("--max-new-tokens", type=int, default=256)
    parser.add_argument("--temperature", type=float, default=0.0, help="0 = greedy (default)")


def build_request(args, settings):
    from assistant.core.chat.messages import ChatMessage, ChatRequest

    model = args.model or settings.models.get("chat") or None
    args.question = read_stdin_if_dash(args.question)
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


def run(args, settings, paths) -> int:
    streaming = not args.json
    terminal, _notes = run_request(settings, paths, build_request(args, settings), streaming=streaming)
    if isinstance(terminal, int):
        return terminal
    if args.json:
        print(json.dumps({"command": "chat", "result": jsonable(terminal.payload), "stats": jsonable(terminal.stats)}, ensure_ascii=False, indent=2))
    else:
        print()
    print_stats(terminal)
    return 0
