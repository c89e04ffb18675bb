#!/usr/bin/env bash
# The whole test suite, as CI runs it: install dockslim and its test dependencies into
# .venv, bring up the container engine the build tests use (scripts/engine.sh), run pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
exec .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
