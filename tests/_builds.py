"""What the build tests share: the docker client, builds, smoke runs and the clean-up of
the images a test made.

The engine and its stand-in base images come from scripts/engine.sh (no registry is
reachable); builds run with `--network host`, smoke commands with `--network none`.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest


def _cli() -> str:
    return os.environ.get("DOCKSLIM_DOCKER_CLI") or shutil.which("docker") or "/usr/bin/docker"


CLI = _cli()


def docker(*args: str, check: bool = True, timeout: int = 1800, stdin: str | None = None) -> subprocess.CompletedProcess:
    proc = subprocess.run([CLI, *args], capture_output=True, text=True, timeout=timeout, input=stdin, check=False)
    if check and proc.returncode != 0:
        tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-25:])
        pytest.fail(f"docker {' '.join(args[:3])} ... failed:\n{tail}")
    return proc


@contextlib.contextmanager
def built(texts: dict[str, str], context, prefix: str):
    """{name: docker build result} of each Dockerfile text on the build context, tagged
    `prefix-name` (tests run the images by that tag); the images go afterwards."""
    tags = {name: f"{prefix}-{name}" for name in texts}
    try:
        yield {name: docker("build", "--network", "host", "-q", "-t", tags[name], "-f", "-", str(context),
                            stdin=text, check=False) for name, text in texts.items()}
    finally:
        docker("image", "rm", "-f", *tags.values(), check=False)


def exists(image: str) -> bool:
    return docker("image", "inspect", image, check=False).returncode == 0


def require_engine(bases) -> str:
    """The client, once the engine answers and has every base image; else skip (which
    DOCKSLIM_REQUIRE_ENGINE=1 turns into a failure)."""
    if not os.access(CLI, os.X_OK):
        pytest.skip("no docker client")
    info = docker("info", "--format", "{{.ServerVersion}}", check=False, timeout=60)
    if info.returncode != 0:
        pytest.skip(f"no container engine: {info.stderr.strip()[:200]}")
    missing = [b for b in bases if not exists(b)]
    if missing:
        pytest.skip(f"base images missing (run scripts/engine.sh): {', '.join(missing)}")
    return CLI


def python_engine():
    """dockslim's Engine, once it answers and has the python:3.11 stand-ins (the verify
    tests' fixture); skipped without an engine unless DOCKSLIM_REQUIRE_ENGINE is set."""
    from dockslim.verify.engine import Engine, EngineError

    try:
        eng = Engine()
        eng.ping()
    except EngineError as exc:
        if os.environ.get("DOCKSLIM_REQUIRE_ENGINE"):
            raise
        pytest.skip(f"no engine: {exc}")
    for base in ("python:3.11", "python:3.11-slim"):
        if not eng.image_exists(base):
            pytest.fail(f"base image {base} missing (run scripts/engine.sh)")
    return eng


def build(dockerfile: Path, context: Path, tag: str, target: str | None = None) -> dict:
    """Build and tag; the image's `docker image inspect` record."""
    args = ["build", "--network", "host", "-q", "-f", str(dockerfile), "-t", tag]
    if target:
        args += ["--target", target]
    docker(*args, str(context))
    return json.loads(docker("image", "inspect", tag).stdout)[0]


def smoke(image: str, command: str, timeout: int = 300) -> subprocess.CompletedProcess:
    """`sh -c COMMAND` in the image with no network, its entrypoint bypassed."""
    return docker("run", "--rm", "--network", "none", "--entrypoint", "sh", image, "-c", command,
                  check=False, timeout=timeout)


def remove_images(repository_prefix: str) -> None:
    """Untag every image whose repository starts with the prefix (the build cache stays)."""
    listed = docker("image", "ls", "--format", "{{.Repository}}:{{.Tag}}", check=False).stdout.split()
    mine = [name for name in listed if name.startswith(repository_prefix)]
    if mine:
        docker("image", "rm", "--force", *mine, check=False)
