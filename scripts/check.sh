#!/usr/bin/env bash
# Every check CI runs, in order of speed: lint (ruff), layers (import-linter), types of
# the core (mypy), then the whole test suite (pytest's summary is the last line).
#   scripts/check.sh            everything
#   scripts/check.sh --quick    lint, layers, then only the unit and Qt tests (a couple of minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.venv/bin
"$bin/ruff" check .
"$bin/lint-imports" --no-cache
if [ "${1:-}" = "--quick" ]; then
  exec "$bin/python" -m pytest tests/unit tests/qt
fi
"$bin/mypy"
exec "$bin/python" -m pytest
