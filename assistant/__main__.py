"""``python -m assistant``: the command line, which opens the window when given no command."""

from assistant.cli.main import main

raise SystemExit(main())
