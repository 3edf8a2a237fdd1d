"""`assistant servers ...`: the OpenAI-compatible servers whose models chat can use.

    assistant servers add NAME URL [--key-stdin] [--ca-file FILE] [--allow-http]
    assistant servers list                   the servers, and where their keys are kept
    assistant servers models NAME            the models the server offers (asks it)
    assistant servers remove NAME

A server's model is then named "NAME/MODEL-ID": `assistant chat --model NAME/MODEL-ID "..."`.
The key is read from standard input (never from the command line, which shell history keeps).
"""

from __future__ import annotations

import json
import sys
import threading

from assistant.cli.common import EXIT_CODES


def add_server_commands(commands) -> None:
    add = commands.add_parser("add", help="add (or replace) a server")
    add.add_argument("name", help="a short name; its models are named NAME/MODEL-ID")
    add.add_argument("url", help="the base URL, e.g. https://llm.example.org/v1 or http://127.0.0.1:8000")
    add.add_argument("--key-stdin", action="store_true", help="read the API key from the first line of standard input")
    add.add_argument("--ca-file", default="", help="a CA bundle to verify the server's certificate")
    add.add_argument("--allow-http", action="store_true", help="confirm plain http to an address outside this computer and its network")
    add.add_argument("--json", action="store_true")
    listing = commands.add_parser("list", help="the servers added")
    listing.add_argument("--json", action="store_true")
    models = commands.add_parser("models", help="the models a server offers")
    models.add_argument("name")
    models.add_argument("--json", action="store_true")
    remove = commands.add_parser("remove", help="forget a server and its key")
    remove.add_argument("name")
    remove.add_argument("--json", action="store_true")


def run_servers_command(args, paths) -> int:
    from assistant.core.protocol import TaskError
    from assistant.core.say import message_of
    from assistant.core.servers.store import ServerStore

    store = ServerStore(paths.data)
    try:
        if args.servers_command == "add":
            key = sys.stdin.readline().strip() if args.key_stdin else ""
            server = store.add(args.name, args.url, key, args.ca_file, confirm_plain_http=args.allow_http)
            _say(args, {"added": server.name, "url": server.base_url, "key": bool(key)}, f"Added {server.name} ({server.base_url}).")
            if key:
                print(store.key_storage(), file=sys.stderr)
            return 0
        if args.servers_command == "list":
            servers = store.servers()
            if args.json:
                print(
                    json.dumps(
                        {"servers": [{"name": s.name, "url": s.base_url, "key": bool(store.key(s.name))} for s in servers], "keys": store.key_storage()},
                        indent=2,
                    )
                )
            else:
                for s in servers:
                    print(f"{s.name}\t{s.base_url}\t{'key' if store.key(s.name) else 'no key'}")
                if not servers:
                    print("No servers added: assistant servers add NAME URL", file=sys.stderr)
                print(store.key_storage(), file=sys.stderr)
            return 0
        if args.servers_command == "models":
            from assistant.core.servers.client import ServerClient

            server = store.get(args.name)
            if server is None:
                print(f"Error: no server named '{args.name}' was added.", file=sys.stderr)
                return EXIT_CODES["model missing"]
            ids = ServerClient(server, store.key(server.name)).models(threading.Event())
            _say(args, {"server": server.name, "models": [f"{server.name}/{i}" for i in ids]}, "\n".join(f"{server.name}/{i}" for i in ids))
            return 0
        if store.remove(args.name):
            _say(args, {"removed": args.name}, f"Removed {args.name}.")
            return 0
        print(f"Error: no server named '{args.name}' was added.", file=sys.stderr)
        return EXIT_CODES["bad input"]
    except TaskError as exc:
        print(f"Error: {message_of(exc)}", file=sys.stderr)
        return EXIT_CODES.get(exc.kind.value, 1)
    except KeyboardInterrupt:
        print("\nStopped.", file=sys.stderr)
        return 130


def _say(args, data: dict, text: str) -> None:
    print(json.dumps(data, indent=2) if args.json else text)
