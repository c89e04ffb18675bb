"""The build-only package knowledge: tables, base-image families and build steps."""

from __future__ import annotations

import pytest

from dockslim.optimizer import packages as pk
from dockslim.optimizer.shell import parse_shell


@pytest.mark.parametrize(
    "pkg, runtime",
    [
        ("libpq-dev", ("libpq5",)),
        ("libffi-dev", ("libffi8",)),
        ("libssl-dev", ("libssl3",)),
        ("libjpeg-dev", ("libjpeg62-turbo",)),
        ("libjpeg62-turbo-dev", ("libjpeg62-turbo",)),
        ("default-libmysqlclient-dev", ("libmariadb3",)),
        ("libxml2-dev", ("libxml2",)),
        ("libxslt1-dev", ("libxslt1.1",)),
        ("zlib1g-dev", ("zlib1g",)),
        ("libpng-dev", ("libpng16-16",)),
        ("libyaml-dev", ("libyaml-0-2",)),
        ("libcurl4-openssl-dev", ("libcurl4",)),
        ("libsqlite3-dev", ("libsqlite3-0",)),
        ("libpq-dev=15.6-0+deb12u1", ("libpq5",)),
        ("libpq-dev:amd64", ("libpq5",)),
    ],
)
def test_debian_runtime(pkg, runtime):
    assert pk.is_build_only(pkg, "debian")
    assert pk.runtime_for(pkg, "debian") == runtime


@pytest.mark.parametrize(
    "pkg, runtime",
    [
        ("postgresql-dev", ("libpq",)),
        ("postgresql16-dev", ("libpq",)),
        ("libpq-dev", ("libpq",)),
        ("libffi-dev", ("libffi",)),
        ("openssl-dev", ("libssl3", "libcrypto3")),
        ("jpeg-dev", ("libjpeg-turbo",)),
        ("libjpeg-turbo-dev", ("libjpeg-turbo",)),
        ("zlib-dev", ("zlib",)),
        ("libxml2-dev", ("libxml2",)),
        ("libxslt-dev", ("libxslt",)),
        ("mariadb-dev", ("mariadb-connector-c",)),
        ("mariadb-connector-c-dev", ("mariadb-connector-c",)),
        ("postgresql-dev=16.2-r0", ("libpq",)),
    ],
)
def test_alpine_runtime(pkg, runtime):
    assert pk.is_build_only(pkg, "alpine")
    assert pk.runtime_for(pkg, "alpine") == runtime


@pytest.mark.parametrize(
    "family, pkg",
    [
        *[("debian", p) for p in ("gcc", "g++", "make", "build-essential", "python3-dev", "pkg-config",
                                  "cmake", "autoconf", "libtool", "cargo", "rustc", "gcc-12", "python3.11-dev")],
        *[("alpine", p) for p in ("gcc", "g++", "make", "build-base", "musl-dev", "linux-headers",
                                  "python3-dev", "cargo", "rust")],
    ],
)
def test_toolchain_is_build_only_without_runtime(family, pkg):
    assert pk.is_build_only(pkg, family)
    assert pk.runtime_for(pkg, family) == ()


@pytest.mark.parametrize(
    "family, pkg",
    [
        ("debian", "git"), ("debian", "curl"), ("debian", "libpq5"), ("debian", "libgdal-dev"),
        ("debian", "ca-certificates"), ("alpine", "git"), ("alpine", "libpq"), ("alpine", "bash"),
        ("alpine", "libpq-dev-extra"), (None, "gcc"), ("debian", "musl-dev"), ("alpine", "build-essential"),
    ],
)
def test_not_build_only(family, pkg):
    assert not pk.is_build_only(pkg, family)
    assert pk.runtime_for(pkg, family) == ()


def test_tables_are_data():
    for table in (pk.DEBIAN_RUNTIME, pk.ALPINE_RUNTIME):
        for dev, runtime in table.items():
            assert dev not in runtime and runtime and all(isinstance(r, str) for r in runtime)
            assert not set(runtime) & set(table), "a runtime library is not itself build-only"
    assert not pk.DEBIAN_TOOLCHAIN & set(pk.DEBIAN_RUNTIME)
    assert not pk.ALPINE_TOOLCHAIN & set(pk.ALPINE_RUNTIME)
    assert "git" not in pk.DEBIAN_TOOLCHAIN | pk.ALPINE_TOOLCHAIN  # git may be used at run time


@pytest.mark.parametrize(
    "image, family",
    [
        ("python:3.11-alpine", "alpine"),
        ("python:3.11-slim", "debian"),
        ("python:3.11", "debian"),
        ("python", "debian"),
        ("docker.io/library/python:3.12-slim-bookworm", "debian"),
        ("python:3.12-slim@sha256:0123abcd", "debian"),
        ("node:20-alpine3.19", "alpine"),
        ("node:20-bookworm-slim", "debian"),
        ("alpine", "alpine"),
        ("alpine:3.20", "alpine"),
        ("debian:bookworm-slim", "debian"),
        ("ubuntu:22.04", "debian"),
        ("php:8.3-fpm-alpine", "alpine"),
        ("php:8.3-fpm", "debian"),
        ("nginx:1.25", "debian"),
        ("myregistry.example.com/team/base:1.0", None),
        ("myorg/python:3.11", None),
        ("python:3.11-windowsservercore-ltsc2022", None),
        ("registry.access.redhat.com/ubi9/python-311", None),
        ("fedora:40", None),
        ("scratch", None),
        ("${BASE_IMAGE}", None),
        ("", None),
    ],
)
def test_family_of(image, family):
    assert pk.family_of(image) == family


@pytest.mark.parametrize(
    "image, holds",
    [
        ("python:3.12-slim", True), ("python:3.12-slim-bookworm", True), ("python:3.13-slim-trixie", True),
        ("debian:12", True), ("debian:bookworm", True), ("python:3.8-slim-buster", False),
        ("debian:bullseye-slim", False), ("debian:11", False), ("ubuntu:24.04", False),
        ("python:3.12-alpine", True), ("alpine:3.17", True), ("alpine:3.20", True),
        ("python:3.8-alpine3.12", False), ("alpine:3.16", False), ("myorg/base", False),
    ],
)
def test_names_hold(image, holds):
    assert pk.names_hold(image) == holds


def test_base_image_questions():
    assert pk.ships_toolchain("python:3.12") and pk.ships_toolchain("node:20-bookworm")
    assert not pk.ships_toolchain("python:3.12-slim") and not pk.ships_toolchain("python:3.12-alpine")
    assert not pk.ships_toolchain("debian:bookworm")
    assert pk.brings_python("python:3.12-alpine") and not pk.brings_python("alpine:3.20")
    assert pk.interpreter_for("python3-dev", "debian") == "python3"
    assert pk.interpreter_for("python3.11-dev", "debian") == "python3.11"
    assert pk.interpreter_for("python3-dev", "alpine") == "python3"
    assert pk.interpreter_for("libpq-dev", "debian") is None


@pytest.mark.parametrize(
    "script, builds",
    [
        ("pip install -r requirements.txt", True),
        ("pip3.11 install psycopg2", True),
        ("python3 -m pip install .", True),
        ("pip wheel --wheel-dir /wheels .", True),
        ("pip download x", False),
        ("npm ci --omit=dev", True),
        ("npm run build", False),
        ("yarn", True),
        ("make -j4", True),
        ("cargo build --release", True),
        ("python setup.py build_ext --inplace", True),
        ("docker-php-ext-install pdo_pgsql", True),
        ("./build.sh", True),
        ("sh scripts/compile.sh", True),
        ("sh -c 'echo hi'", False),
        ("python manage.py collectstatic --noinput", False),
        ("echo done", False),
        ("/usr/bin/env true", False),
    ],
)
def test_is_build_step(script, builds):
    cmd = parse_shell(script).commands[0]
    assert pk.is_build_step(cmd) == builds


@pytest.mark.parametrize(
    "script, cleanup",
    [
        ("rm -rf /var/lib/apt/lists/*", True),
        ("apt-get clean", True),
        ("apt-get autoremove -y", True),
        ("find /usr/local -name '*.pyc' -delete", True),
        ("pip cache purge", True),
        ("apt-get install -y curl", False),
        ("pip install x", False),
    ],
)
def test_is_cleanup(script, cleanup):
    assert pk.is_cleanup(parse_shell(script).commands[0]) == cleanup
