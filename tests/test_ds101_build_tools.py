"""DS101 built for real: `--no-install-recommends` must not take from a build tool what it builds
with.

cmake only recommends gcc and make (its Makefile generator needs make), and gcc only recommends
the C library's headers (libc6-dev); g++ depends on gcc and, through libstdc++'s headers, on
libc6-dev. The Dockerfile installs cmake and g++ on debian:bookworm-slim and builds a C++
program of the build context with cmake and make. The original builds; the flag alone breaks
the build (CMake finds no make); DS101's rewrite names make alone (what g++ depends on it
does not name again), builds, and its program runs. Needs the engine and the local
debian:bookworm-slim; apt reaches Debian's archive.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from _builds import built, docker, require_engine

import dockslim

pytestmark = pytest.mark.build

BASE = "debian:bookworm-slim"
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


@pytest.fixture(scope="module")
def engine():
    return require_engine([BASE])


def test_cmake_keeps_make_and_the_c_library_headers(engine, tmp_path: Path):
    (tmp_path / "CMakeLists.txt").write_text(CMAKELISTS)
    (tmp_path / "main.cpp").write_text(MAIN)
    fixed = dockslim.fix(DOCKERFILE, unsafe_fixes=True, select=["DS101"]).text
    naive = DOCKERFILE.replace("install -y cmake g++", "install --no-install-recommends -y cmake g++")
    assert "install --no-install-recommends -y cmake g++ make &&" in fixed

    texts = {"original": DOCKERFILE, "naive": naive, "fixed": fixed}
    with built(texts, tmp_path, "dockslim-test-ds101-tools") as made:
        assert made["original"].returncode == 0, made["original"].stderr[-2000:]
        assert made["naive"].returncode != 0, "without make the cmake build should have failed"
        # the build step fails (CMake finds no make), not the install
        assert 'process "/bin/sh -c cmake -B build' in made["naive"].stderr, made["naive"].stderr[-2000:]
        assert made["fixed"].returncode == 0, made["fixed"].stderr[-2000:]
        for name in ("original", "fixed"):
            out = docker("run", "--rm", "--network", "none", f"dockslim-test-ds101-tools-{name}")
            assert out.stdout.strip() == "built with cmake", name
