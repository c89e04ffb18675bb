"""DS101 built for real: `--no-install-recommends` must not take from a build tool what it builds
with.

cmake only recommends gcc and make (its Makefile generator needs make), and gcc only recommends
the C library's headers (libc6-dev). The Dockerfile installs cmake and g++ on
debian:bookworm-slim and builds a C++ program of the build context with cmake and make. The
original builds; the flag alone breaks the build (CMake finds no make); DS101's rewrite names
gcc, make and libc6-dev, builds, and its program runs. Needs the engine and the local
debian:bookworm-slim; apt reaches Debian's archive.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

import dockslim

pytestmark = pytest.mark.build

BASE = "debian:bookworm-slim"
CLI = os.environ.get("DOCKSLIM_DOCKER_CLI") or shutil.which("docker") or "/usr/bin/docker"
DOCKERFILE = f"""\
FROM {BASE}
RUN apt-get update && apt-get install -y cmake g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cmake -B build && make -C build && make -C build install
CMD ["hello"]
"""
CMAKELISTS = """\
cmake_minimum_required(VERSION 3.10)
project(hello CXX)
add_executable(hello main.cpp)
install(TARGETS hello DESTINATION bin)
"""
MAIN = '#include <iostream>\nint main() { std::cout << "built with cmake" << std::endl; }\n'


def docker(*args: str, stdin: str | None = None, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run([CLI, *args], capture_output=True, text=True, input=stdin, timeout=900, check=False)
    if check and proc.returncode != 0:
        pytest.fail(f"docker {' '.join(args[:2])} failed: {proc.stderr.strip()[-2000:]}")
    return proc


@pytest.fixture(scope="module")
def engine():
    if not os.access(CLI, os.X_OK):
        pytest.skip("no docker client")
    if subprocess.run([CLI, "image", "inspect", BASE], capture_output=True, check=False).returncode != 0:
        pytest.skip(f"no engine or no {BASE} (run scripts/engine.sh)")


def test_cmake_keeps_make_and_the_c_library_headers(engine, tmp_path: Path):
    (tmp_path / "CMakeLists.txt").write_text(CMAKELISTS)
    (tmp_path / "main.cpp").write_text(MAIN)
    fixed = dockslim.fix(DOCKERFILE, unsafe_fixes=True, select=["DS101"]).text
    naive = DOCKERFILE.replace("install -y cmake g++", "install --no-install-recommends -y cmake g++")
    assert "install --no-install-recommends -y cmake g++ gcc make libc6-dev" in fixed

    tags = {name: f"dockslim-test-ds101-tools-{name}" for name in ("original", "naive", "fixed")}
    try:
        built = {name: docker("build", "--network", "host", "-q", "-t", tags[name], "-f", "-", str(tmp_path),
                              stdin=text, check=False)
                 for name, text in (("original", DOCKERFILE), ("naive", naive), ("fixed", fixed))}
        assert built["original"].returncode == 0, built["original"].stderr[-2000:]
        assert built["naive"].returncode != 0, "without make the cmake build should have failed"
        # the build step fails (CMake finds no make), not the install
        assert 'process "/bin/sh -c cmake -B build' in built["naive"].stderr, built["naive"].stderr[-2000:]
        assert built["fixed"].returncode == 0, built["fixed"].stderr[-2000:]
        for name in ("original", "fixed"):
            out = docker("run", "--rm", "--network", "none", tags[name])
            assert out.stdout.strip() == "built with cmake", name
    finally:
        subprocess.run([CLI, "image", "rm", "-f", *tags.values()], capture_output=True, check=False)
