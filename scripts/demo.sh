#!/usr/bin/env bash
# Install dockslim into .venv and show what it would change in the example Dockerfile.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install -q -e .
# bytecode now, as a regular install would: even where PYTHONDONTWRITEBYTECODE is set
.venv/bin/python -m compileall -q dockslim
status=0
.venv/bin/dockslim fix --diff "${1:-examples/django/Dockerfile.naive}" || status=$?
# exit 1 only means "there is a diff"
[ "$status" -le 1 ]
