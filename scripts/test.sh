#!/usr/bin/env bash
# The whole test suite, as CI runs it: install dockslim and its test dependencies into
# .venv, bring up the container engine the build tests use (scripts/engine.sh: Docker with
# BuildKit, no bridge, local stand-in base images; needs root) and Chromium, then run pytest,
# build and browser tests included.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
# bytecode now, as a regular install would: even where PYTHONDONTWRITEBYTECODE is set
.venv/bin/python -m compileall -q dockslim
bash scripts/engine.sh all
# headless Chromium for the test that opens verify's HTML report (Debian's package)
if ! command -v chromium >/dev/null; then
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium
fi
if [ -f /var/lib/dockslim-engine/env ]; then
  set -a; . /var/lib/dockslim-engine/env; set +a
fi
export DOCKSLIM_REQUIRE_ENGINE=1
exec .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
