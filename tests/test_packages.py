"""The build-only package knowledge: tables, base-image families and build steps."""

from __future__ import annotations

import pytest

from dockslim.optimizer import packages as pk
from dockslim.optimizer.shell import parse_shell


# the names of release=None are bookworm's, as the tables this data replaced had them
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
        ("libgdal-dev", ("libgdal32",)),
    ],
)
def test_debian_runtime(pkg, runtime):
    assert pk.is_build_only(pkg, "debian")
    assert pk.runtime_for(pkg, "debian") == runtime
    assert pk.runtime_for(pkg, "debian", release="bookworm") == runtime


@pytest.mark.parametrize(
    "release, pkg, runtime",
    [
        ("bullseye", "libffi-dev", ("libffi7",)),
        ("bullseye", "libssl-dev", ("libssl1.1",)),
        ("bullseye", "libtiff-dev", ("libtiff5", "libtiffxx5")),
        ("bullseye", "unixodbc-dev", ("libodbc1", "odbcinst1debian2")),
        ("trixie", "libssl-dev", ("libssl3t64",)),
        ("trixie", "libcurl4-openssl-dev", ("libcurl4t64",)),
        ("trixie", "libffi-dev", ("libffi8",)),
        ("trixie", "libfreetype6-dev", ("libfreetype6",)),  # a name trixie only provides
        ("trixie", "default-libmysqlclient-dev", ("libmariadb3",)),
        ("buster", "libffi-dev", ("libffi6",)),
        ("buster", "libssl-dev", ("libssl1.1",)),
        ("buster", "libreadline-dev", ("libreadline7",)),
        ("focal", "libffi-dev", ("libffi7",)),
        ("focal", "libssl-dev", ("libssl1.1",)),
        ("focal", "libjpeg-dev", ("libjpeg-turbo8",)),
        ("focal", "default-libmysqlclient-dev", ("libmysqlclient21",)),
        ("jammy", "libffi-dev", ("libffi8",)),
        ("jammy", "libssl-dev", ("libssl3",)),
        ("jammy", "libpq-dev", ("libpq5",)),
        ("jammy", "libtiff-dev", ("libtiff5", "libtiffxx5")),
        ("jammy", "libmariadb-dev", ("libmariadb3",)),
        ("jammy", "default-libmysqlclient-dev", ("libmysqlclient21",)),
        ("noble", "libssl-dev", ("libssl3t64",)),
        ("noble", "libjpeg-dev", ("libjpeg-turbo8",)),
        ("noble", "libpcre3-dev", ("libpcre16-3", "libpcre3", "libpcre32-3", "libpcrecpp0v5")),
    ],
)
def test_debian_runtime_per_release(release, pkg, runtime):
    assert pk.is_build_only(pkg, "debian", release)
    assert pk.runtime_for(pkg, "debian", release=release) == runtime


@pytest.mark.parametrize(
    "release, pkg",
    [
        ("trixie", "libpcre3-dev"),  # gone from trixie
        ("jammy", "libgdal-dev"),  # known on Debian, not reviewed for Ubuntu
        ("buster", "libfreetype-dev"),  # buster's freetype had only libfreetype6-dev
        ("sid", "libpq-dev"),  # no data for sid
    ],
)
def test_dev_package_not_known_on_release(release, pkg):
    assert not pk.is_build_only(pkg, "debian", release)
    assert pk.runtime_for(pkg, "debian", release=release) == ()


def test_resolve_follows_provides():
    assert pk.resolve("libssl3", "trixie") == "libssl3t64"
    assert pk.resolve("libssl3", "bookworm") == "libssl3"
    assert pk.resolve("libfreetype6-dev", "trixie") == "libfreetype-dev"
    assert pk.resolve("no-such-package", "trixie") == "no-such-package"


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
    assert pk.runtime_for(pkg, "alpine", release="alpine3.19") == runtime


@pytest.mark.parametrize(
    "release, runtime",
    [
        ("alpine3.12", ("libssl1.1", "libcrypto1.1")),
        ("alpine3.16", ("libssl1.1", "libcrypto1.1")),
        ("alpine3.17", ("libssl3", "libcrypto3")),
        ("alpine3.21", ("libssl3", "libcrypto3")),
        ("alpine", ("libssl3", "libcrypto3")),
        ("alpine3.11", ()),  # before the reviewed range
    ],
)
def test_alpine_openssl_by_release(release, runtime):
    assert pk.runtime_for("openssl-dev", "alpine", release=release) == runtime
    assert pk.runtime_for("libffi-dev", "alpine", release=release) == (("libffi",) if runtime else ())


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
        ("debian", "git"), ("debian", "curl"), ("debian", "libpq5"), ("debian", "libpq-dev-extra"),
        ("debian", "ca-certificates"), ("alpine", "git"), ("alpine", "libpq"), ("alpine", "bash"),
        ("alpine", "libpq-dev-extra"), (None, "gcc"), (None, "libpq-dev"), ("alpine", "build-essential"),
    ],
)
def test_not_build_only(family, pkg):
    assert not pk.is_build_only(pkg, family)
    assert pk.runtime_for(pkg, family) == ()


def test_tables_are_data():
    for dev, runtime in pk.ALPINE_RUNTIME.items():
        assert dev not in runtime and runtime and all(isinstance(r, str) for r in runtime)
        assert not set(runtime) & set(pk.ALPINE_RUNTIME), "a runtime library is not itself build-only"
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
    "image, release",
    [
        ("python:3.9-bullseye", "bullseye"),
        ("python:3.12-slim-bookworm", "bookworm"),
        ("node:20-bookworm-slim", "bookworm"),
        ("docker.io/library/python:3.13-slim-trixie", "trixie"),
        ("ubuntu:jammy", "jammy"),
        ("ubuntu:22.04", "jammy"),
        ("ubuntu:20.04", "focal"),
        ("ubuntu:24.04", "noble"),
        ("ubuntu:jammy-20240227", "jammy"),
        ("buildpack-deps:jammy-curl", "jammy"),
        ("debian:12", "bookworm"),
        ("debian:12.5-slim", "bookworm"),
        ("debian:11", "bullseye"),
        ("debian:bullseye-slim", "bullseye"),
        ("debian:stable-slim", "trixie"),
        ("debian:oldstable", "bookworm"),
        ("debian", "trixie"),
        ("debian:sid", "sid"),
        ("alpine:3.16", "alpine3.16"),
        ("alpine", "alpine"),
        ("python:3.11-alpine3.19", "alpine3.19"),
        ("python:3.12-alpine", "alpine"),
        # tags without codename: the release that version is (or was last) built on
        ("python:3.12", "trixie"),
        ("python:3.9-slim", "trixie"),
        ("python:3.14.0rc2-slim", "trixie"),
        ("python:3", "trixie"),
        ("python", "trixie"),
        ("python:3.8", "bookworm"),
        ("python:3.6-slim", "bullseye"),
        ("python:3.7", None),
        ("node:22-slim", "trixie"),
        ("node:20", "bookworm"),  # ended in April 2026, before docker-node moved to trixie
        ("node:18", "bookworm"),
        ("node:16", "bookworm"),
        ("node:17", None),
        ("node:14", "buster"),
        ("ruby:3.3", "trixie"),
        ("ruby:3.1-slim", "bookworm"),
        ("php:8.3-apache", "trixie"),
        ("php:8.1-fpm", None),
        ("golang:1.24", "trixie"),
        ("golang:1.22", "bookworm"),
        ("golang:1.18", "bullseye"),
        ("golang:1.19", None),
        ("golang:1.16.3", None),
        ("golang:1.14.4", "buster"),
        ("golang:1.13-stretch", "stretch"),
        ("golang:1.12", None),
        ("golang:tip", None),
        ("rust:1.80-slim", "bookworm"),
        ("gcc:14", "bookworm"),
        ("nginx:1.27", None),
        ("ubuntu", None),
        ("myorg/python:3.11", None),
        ("${BASE}", None),
    ],
)
def test_release_of(image, release):
    assert pk.release_of(image) == release


@pytest.mark.parametrize(
    "image, known",
    [
        ("python:3.12-slim", True), ("python:3.12-slim-bookworm", True), ("python:3.13-slim-trixie", True),
        ("debian:12", True), ("debian:bookworm", True), ("python:3.8-slim-buster", True),
        ("debian:bullseye-slim", True), ("debian:11", True), ("ubuntu:24.04", True), ("ubuntu:focal", True),
        ("ubuntu:18.04", False), ("debian:sid", False), ("debian:testing", False), ("python:3.7", False),
        ("python:3.12-alpine", True), ("alpine:3.17", True), ("alpine:3.20", True),
        ("python:3.8-alpine3.12", True), ("alpine:3.16", True), ("alpine:3.11", False), ("myorg/base", False),
    ],
)
def test_knows_release(image, known):
    assert pk.knows_release(image) == known


def test_data_is_read_on_first_lookup_only():
    pk.debian_data.cache_clear()
    pk.release_of("python:3.12")
    pk.family_of("python:3.12")
    assert pk.knows_release("python:3.12") and pk.knows_release("ubuntu:22.04")
    assert pk.debian_data.cache_info().currsize == 0
    pk.runtime_for("libpq-dev", "debian", release="bullseye")
    assert pk.debian_data.cache_info().currsize == 1


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
