"""The engine the benchmarks build on: the one scripts/engine.sh set up.

Its env file (DOCKSLIM_ENGINE_ENV, default /var/lib/dockslim-engine/env) names the client
(DOCKSLIM_DOCKER_CLI) and the socket (DOCKER_HOST); the environment wins. Every docker
process runs through dockslim's engine adapter, as in `dockslim verify`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dockslim.verify.engine import Engine, EngineError  # noqa: E402

DEFAULT_ENV_FILE = "/var/lib/dockslim-engine/env"
KEYS = ("DOCKER_HOST", "DOCKSLIM_DOCKER_CLI")

__all__ = ["Engine", "EngineError", "bench_engine"]


def bench_engine() -> Engine:
    """The engine of the env file (or of the environment), checked to answer."""
    try:
        text = Path(os.environ.get("DOCKSLIM_ENGINE_ENV", DEFAULT_ENV_FILE)).read_text()
    except OSError:
        text = ""
    for line in text.splitlines():
        key, sep, value = line.strip().partition("=")
        if sep and key in KEYS:
            os.environ.setdefault(key, value.strip())
    engine = Engine()
    engine.ping()
    return engine
