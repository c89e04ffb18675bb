"""Which distribution packages are only needed to build, and what they leave behind for run time.

A `-dev` package carries headers and link-time files; what compiled code needs when it runs is
the library package it depends on (`libpq-dev` -> `libpq5`). Removing the `-dev` package
together with the packages it pulled in removes that library too unless it is kept on purpose
(`import psycopg2` then fails: libpq.so.5 is gone). That knowledge is data, per release:

- Debian bullseye, bookworm and trixie: `dockslim/data/debian/<release>.json`, generated from
  Debian's own package indexes by `scripts/gen_package_data.py` (every -dev package and the
  runtime packages of its source it depends on; `Provides`, so that old names such as
  trixie's `libssl3` -> `libssl3t64` resolve).
- Debian buster and Ubuntu focal, jammy, noble: derived in the same script from the nearest
  Debian release and a reviewed table of their differences (`"derived_from"` in the data);
  only the reviewed -dev packages are known there.
- Recommends (`recommends`, `left_out`, for `--no-install-recommends`): generated the same way
  into `recommends/<suite>.json`, read only when asked; derived releases use their suite's.
- Alpine 3.12 and later: the reviewed table below (OpenSSL 3's `libssl3`/`libcrypto3` from
  3.17 on, 1.1's before).

Toolchain packages (compilers, make, headers of the C library) stand for nothing at run time.
`release_of(image)` places a base image on its release (`python:3.9-bullseye` -> bullseye,
`ubuntu:22.04` -> jammy, a tag without codename -> the release that image is built on);
`knows_release(image)` says whether the data has it. Anything not known counts as "not known to
be build-only" and is kept.
"""

from __future__ import annotations

import functools
import json
import os
import re

from .policy import required
from .shell import Command
from .shellview import posix_program

DEBIAN = "debian"
ALPINE = "alpine"

# --------------------------------------------------------------------------- Debian, Ubuntu

DEBIAN_DATA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "debian")
DEFAULT_DEBIAN_RELEASE = "bookworm"  # the names of `runtime_for(..., release=None)`


def _read_json(path: str) -> dict:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


@functools.cache
def debian_releases() -> frozenset[str]:
    """The Debian and Ubuntu releases dockslim has data for (the files, not read)."""
    return frozenset(name.removesuffix(".json") for name in os.listdir(DEBIAN_DATA) if name.endswith(".json"))


@functools.cache
def debian_data(release: str) -> dict | None:
    """The generated data of one Debian or Ubuntu release, read on first use; None when
    dockslim has none for it."""
    if release not in debian_releases():
        return None
    return _read_json(os.path.join(DEBIAN_DATA, f"{release}.json"))


def _debian_runtime(name: str, release: str) -> tuple[str, ...] | None:
    """The runtime packages of a -dev package on a release; None when it is not one there."""
    data = debian_data(release)
    if data is None:
        return None
    found = data["dev"].get(data["provides"].get(name, name))
    return None if found is None else tuple(found.split())


def resolve(pkg: str, release: str) -> str:
    """The real package apt installs for a name on a release (`libssl3` -> `libssl3t64` on
    trixie); the name itself when it is real or not known."""
    name = package_name(pkg)
    data = debian_data(release)
    return data["provides"].get(name, name) if data else name


@functools.cache
def debian_recommends(release: str) -> dict | None:
    """The Recommends data of a release (recommends/<suite>.json; a derived release reads its
    Debian suite's), read on first use; None when dockslim has none for it."""
    data = debian_data(release)
    if data is None:
        return None
    suite = data.get("derived_from", release)
    return _read_json(os.path.join(DEBIAN_DATA, "recommends", f"{suite}.json"))


def recommends(pkg: str, release: str) -> tuple[str, ...] | None:
    """What a package recommends on a release (not what every image of it already has);
    None when the release is not known."""
    data = debian_recommends(release)
    if data is None:
        return None
    return tuple(data["recommends"].get(resolve(pkg, release), "").split())


# text that adds an apt repository: its packages (NodeSource's nodejs) and their relations are
# not in the distribution's metadata
_ADDS_APT_SOURCE = re.compile(r"sources\.list|add-apt-repository|deb\.nodesource\.com|/setup_\d|packagecloud\.io")


def adds_apt_source(text: str) -> bool:
    """The text (of instructions that run before an install) adds an apt repository."""
    return bool(_ADDS_APT_SOURCE.search(text))


def functional_recommends(release: str) -> dict[str, str]:
    """The Recommends that carry what the packages recommending them are installed for
    (ghostscript: ImageMagick's PDF), each with what it does; empty when the release is not
    known. Whether an install leaves one out: `left_out`."""
    data = debian_recommends(release)
    return data.get("functional", {}) if data is not None else {}


def brought_by_depends(tool: str, pkgs, release: str) -> bool:
    """Installing `pkgs` brings the build tool through Depends (build-essential brings gcc and
    make, g++ libc6-dev): from the metadata, for the build tools a build tool recommends."""
    data = debian_recommends(release)
    bringers = _depended_on(tool, release) if data is not None else frozenset()
    return not bringers.isdisjoint(resolve(p, release) for p in pkgs)


@functools.cache
def _depended_on(tool: str, release: str) -> frozenset[str]:
    return frozenset(debian_recommends(release).get("depended_on", {}).get(tool, "").split())


def left_out(needed: str, pkgs, release: str) -> bool | None:
    """True when installing `pkgs` brings `needed` (`ca-certificates`, `dirmngr`) only through
    Recommends, so `--no-install-recommends` leaves it out; None when the release or `needed`
    is not known. A package named in `pkgs` is never left out."""
    bringers = _recommended_only(needed, release)
    if bringers is None:
        return None
    named = {resolve(p, release) for p in pkgs}
    return needed not in named and not named.isdisjoint(bringers)


@functools.cache
def _recommended_only(needed: str, release: str) -> frozenset[str] | None:
    """The packages that bring `needed` only through Recommends (split once: the list is long)."""
    data = debian_recommends(release)
    if data is None or needed not in data["leaves_out"]:
        return None
    return frozenset(data["leaves_out"][needed].split())


DEBIAN_TOOLCHAIN = frozenset(
    {
        "build-essential", "gcc", "g++", "cpp", "make", "cmake", "ninja-build", "meson",
        "autoconf", "automake", "libtool", "pkg-config", "pkgconf", "libc6-dev", "linux-libc-dev",
        "dpkg-dev", "gfortran", "swig", "python3-dev", "python-dev", "cargo", "rustc",
    }
)

# --------------------------------------------------------------------------- Alpine

# Alpine 3.12 and later: each -dev package and the package that holds the shared library it
# links against, from the aport that builds both (aports' APKBUILD `subpackages`, the
# depends shown on pkgs.alpinelinux.org); what differs before 3.17 is in ALPINE_BEFORE_3_17.
# The package names hold from 3.12 on (a library's new soname kept its package: libffi, tiff).

ALPINE_RUNTIME: dict[str, tuple[str, ...]] = {
    "postgresql-dev": ("libpq",),  # postgresql (postgresqlNN, 3.15+): libpq.so.5 in libpq
    "libpq-dev": ("libpq",),  # postgresql's libpq (3.15 and later): libpq.so.5 in libpq
    "libffi-dev": ("libffi",),  # libffi: libffi.so.7, later .so.8
    "openssl-dev": ("libssl3", "libcrypto3"),  # openssl 3 (3.17 and later): libssl.so.3, libcrypto.so.3
    "jpeg-dev": ("libjpeg-turbo",),  # libjpeg-turbo (provides jpeg-dev): libjpeg.so.8
    "libjpeg-turbo-dev": ("libjpeg-turbo",),  # libjpeg-turbo: libjpeg.so.8, libturbojpeg.so.0
    "zlib-dev": ("zlib",),  # zlib: libz.so.1
    "libxml2-dev": ("libxml2",),  # libxml2: libxml2.so.2
    "libxslt-dev": ("libxslt",),  # libxslt: libxslt.so.1, libexslt.so.0
    "mariadb-dev": ("mariadb-connector-c",),  # mariadb: clients link libmariadb.so.3
    "mariadb-connector-c-dev": ("mariadb-connector-c",),  # mariadb-connector-c: libmariadb.so.3
    "libpng-dev": ("libpng",),  # libpng: libpng16.so.16
    "freetype-dev": ("freetype",),  # freetype: libfreetype.so.6
    "lcms2-dev": ("lcms2",),  # lcms2: liblcms2.so.2
    "openjpeg-dev": ("openjpeg",),  # openjpeg: libopenjp2.so.7
    "tiff-dev": ("tiff",),  # tiff: libtiff.so.5, later .so.6
    "yaml-dev": ("yaml",),  # yaml: libyaml-0.so.2
    "sqlite-dev": ("sqlite-libs",),  # sqlite: libsqlite3.so.0 in sqlite-libs
    "curl-dev": ("libcurl",),  # curl: libcurl.so.4 in libcurl
    "bzip2-dev": ("libbz2",),  # bzip2: libbz2.so.1 in libbz2
    "xz-dev": ("xz-libs",),  # xz: liblzma.so.5 in xz-libs
    "zstd-dev": ("zstd-libs",),  # zstd: libzstd.so.1 in zstd-libs
    "readline-dev": ("readline",),  # readline: libreadline.so.8
    "ncurses-dev": ("ncurses-libs",),  # ncurses: libncursesw.so.6, libpanelw.so.6, ... (still in 3.20)
    "gmp-dev": ("gmp",),  # gmp: libgmp.so.10
    "pcre-dev": ("pcre",),  # pcre: libpcre.so.1
    "pcre2-dev": ("pcre2",),  # pcre2: libpcre2-8.so.0
    "libsodium-dev": ("libsodium",),  # libsodium: libsodium.so.23
    "libzip-dev": ("libzip",),  # libzip: libzip.so.5
    "icu-dev": ("icu-libs",),  # icu: libicuuc.so, libicui18n.so in icu-libs
    "oniguruma-dev": ("oniguruma",),  # oniguruma: libonig.so.5
    "cairo-dev": ("cairo",),  # cairo: libcairo.so.2
    "glib-dev": ("glib",),  # glib: libglib-2.0.so.0, libgobject-2.0.so.0
    "unixodbc-dev": ("unixodbc",),  # unixodbc: libodbc.so.2
    "krb5-dev": ("krb5-libs",),  # krb5: libgssapi_krb5.so.2, libkrb5.so.3 in krb5-libs
    "libevent-dev": ("libevent",),  # libevent: libevent-2.1.so.7
    "file-dev": ("libmagic",),  # file: libmagic.so.1 in libmagic
    "openldap-dev": ("libldap",),  # openldap: libldap.so.2 (libldap-2.4.so.2 before 3.17) in libldap
    "cyrus-sasl-dev": ("libsasl",),  # cyrus-sasl: libsasl2.so.3 in libsasl
}

# Alpine 3.12-3.16 shipped OpenSSL 1.1; 3.17 made OpenSSL 3 the default
ALPINE_BEFORE_3_17: dict[str, tuple[str, ...]] = {"openssl-dev": ("libssl1.1", "libcrypto1.1")}
ALPINE_OLDEST = (3, 12)
ALPINE_LATEST = "alpine"  # the release of an Alpine tag without a version: the current one


def alpine_version(release: str) -> tuple[int, int] | None:
    m = re.fullmatch(r"alpine(\d+)\.(\d+)", release)
    return (int(m.group(1)), int(m.group(2))) if m else None


def _alpine_runtime(name: str, release: str) -> tuple[str, ...] | None:
    version = alpine_version(release)
    if release != ALPINE_LATEST and (version is None or version < ALPINE_OLDEST):
        return None
    if version is not None and version < (3, 17) and name in ALPINE_BEFORE_3_17:
        return ALPINE_BEFORE_3_17[name]
    return ALPINE_RUNTIME.get(name)


ALPINE_TOOLCHAIN = frozenset(
    {
        "build-base", "gcc", "g++", "make", "musl-dev", "libc-dev", "linux-headers", "binutils",
        "cmake", "samurai", "autoconf", "automake", "libtool", "pkgconf", "pkgconfig",
        "python3-dev", "cargo", "rust",
    }
)

# Headers of an interpreter: build-only, but installing them pulls in the interpreter, which
# the image still needs unless the base image brings its own (python:* keeps it in /usr/local).
INTERPRETER: dict[str, dict[str, str]] = {
    DEBIAN: {"python3-dev": "python3", "python-dev": "python"},
    ALPINE: {"python3-dev": "python3"},
}

# What code an Alpine compiler built links at run time, which leaves with the compiler when
# `apk del` removes it (aports gcc: libstdc++.so.6 is in `libstdc++`, libgcc_s.so.1 in `libgcc`;
# `g++` depends on libstdc++ and gcc, `build-base` on g++; rust: Alpine's rustc links what it
# builds against libgcc_s). C++ code (a gem's eventmachine, a Python C++ extension, a node-gyp
# addon, PHP's intl) needs both; Rust code (a Python extension built with maturin) libgcc.
# Alpine 3.12 and later.
ALPINE_COMPILED_RUNTIME: dict[str, tuple[str, ...]] = {
    "g++": ("libstdc++", "libgcc"),
    "build-base": ("libstdc++", "libgcc"),
    "rust": ("libgcc",),
    "cargo": ("libgcc",),
}


# The same for Debian and Ubuntu, where libstdc++6 and libgcc-s1 stay (apt itself depends on
# them): Fortran code links libgfortran.so.5, which gfortran brings through gfortran-N and
# libgfortran-N-dev (bullseye, bookworm and trixie's Depends; focal to noble name it alike).
DEBIAN_COMPILED_RUNTIME: dict[str, tuple[str, ...]] = {
    "gfortran": ("libgfortran5",),
}
_COMPILED_RUNTIME = {ALPINE: ALPINE_COMPILED_RUNTIME, DEBIAN: DEBIAN_COMPILED_RUNTIME}


def compiled_runtime(pkg: str, family: str | None) -> tuple[str, ...]:
    """The runtime libraries of what a compiler package builds (`g++` -> libstdc++, libgcc on
    Alpine; `gfortran` -> libgfortran5 on Debian)."""
    return _COMPILED_RUNTIME.get(family or "", {}).get(package_name(pkg), ())


_TOOLCHAIN = {DEBIAN: DEBIAN_TOOLCHAIN, ALPINE: ALPINE_TOOLCHAIN}
_DEFAULT_RELEASE = {DEBIAN: DEFAULT_DEBIAN_RELEASE, ALPINE: ALPINE_LATEST}
# versioned names: postgresql15-dev (Alpine), gcc-12 / g++-12 / python3.11-dev (Debian)
_VERSIONED = {
    ALPINE: ((re.compile(r"postgresql\d+-dev"), ("libpq",)),),
    DEBIAN: (
        (re.compile(r"(gcc|g\+\+|cpp|clang)-\d+"), ()),
        (re.compile(r"python3\.\d+-dev"), ()),
    ),
}


def package_name(word: str) -> str:
    """`libpq-dev=15.4-r0`, `gcc~12`, `libpq-dev:amd64` -> the bare package name."""
    return re.split(r"[=<>~:]", word, maxsplit=1)[0]


def _lookup(name: str, family: str | None, release: str | None) -> tuple[str, ...] | None:
    """What the data says a build-only package stands for; None when it says nothing."""
    if name in _TOOLCHAIN.get(family or "", ()):
        return ()
    for pattern, runtime in _VERSIONED.get(family or "", ()):
        if pattern.fullmatch(name):
            return runtime
    release = release or _DEFAULT_RELEASE.get(family or "")
    if release is None:
        return None
    if family == DEBIAN:
        return _debian_runtime(name, release)
    if family == ALPINE:
        return _alpine_runtime(name, release)
    return None


def runtime_for(pkg: str, family: str | None, release: str | None = None) -> tuple[str, ...]:
    """The runtime packages a build-only package stands for (empty for toolchain or unknown),
    in the names of `release` ("bullseye", "jammy", "alpine3.16", ...; None: bookworm's or
    current Alpine's)."""
    return _lookup(package_name(pkg), family, release) or ()


def is_build_only(pkg: str, family: str | None, release: str | None = None) -> bool:
    """True when the package is known to be needed only to build (a -dev package of that
    release or toolchain). A package the company's policy requires never is: the runtime keeps it."""
    name = package_name(pkg)
    return name not in required() and _lookup(name, family, release) is not None


def interpreter_for(pkg: str, family: str | None) -> str | None:
    """`python3-dev` -> `python3`: the interpreter its removal would take away."""
    name = package_name(pkg)
    found = INTERPRETER.get(family or "", {}).get(name)
    if found is None and family == DEBIAN and re.fullmatch(r"python3\.\d+-dev", name):
        found = name[: -len("-dev")]
    return found


# --------------------------------------------------------------------------- base images

# official images whose default variants are Debian (their -alpine variants are Alpine)
_DEBIAN_IMAGES = frozenset(
    {
        "debian", "python", "node", "ruby", "golang", "php", "perl", "rust", "gcc", "buildpack-deps",
        "erlang", "elixir", "haskell", "julia", "pypy", "nginx", "httpd", "postgres", "redis",
        "wordpress", "minideb",
    }
)
_DEBIAN_NUMBERS = {"13": "trixie", "12": "bookworm", "11": "bullseye", "10": "buster", "9": "stretch"}
_DEBIAN_CODENAMES = ("bookworm", "trixie", "bullseye", "buster", "stretch", "jessie", "forky", "sid")
_UBUNTU_CODENAMES = (
    "noble", "jammy", "focal", "bionic", "xenial", "mantic", "lunar", "oracular", "plucky", "questing", "resolute"
)
# debian:stable and friends, as of trixie's release (August 2025)
_DEBIAN_ALIASES = {"stable": "trixie", "latest": "trixie", "": "trixie", "oldstable": "bookworm", "oldoldstable": "bullseye"}
_UBUNTU_NUMBERS = {
    "16.04": "xenial", "18.04": "bionic", "20.04": "focal", "22.04": "jammy", "24.04": "noble", "26.04": "resolute"
}
_OTHER_SYSTEMS = re.compile(
    r"(windowsservercore|nanoserver|ubi\d*|centos\d*|fedora|rocky|alma|oracle|amazon|opensuse|distroless|wolfi)"
)
# official images built FROM buildpack-deps: gcc, make and the common -dev packages are there
_FULL_TOOLCHAIN_IMAGES = frozenset(
    {"python", "node", "ruby", "perl", "rust", "gcc", "golang", "buildpack-deps", "erlang", "elixir", "haskell"}
)


@functools.cache  # pure, and asked for the same few images again and again
def _split(image: str) -> tuple[str, str, str]:
    """(repository path, last path component, tag) in lower case."""
    ref = image.split("@", 1)[0].lower()
    ref = re.sub(r"^(docker\.io/|index\.docker\.io/|registry-1\.docker\.io/)?(library/)?", "", ref)
    if ":" in ref.rsplit("/", 1)[-1]:
        path, _, tag = ref.rpartition(":")
    else:
        path, tag = ref, ""
    return path, path.rsplit("/", 1)[-1], tag


def _official(path: str) -> bool:
    return "/" not in path or path == "bitnami/minideb"


@functools.cache
def family_of(base_image: str) -> str | None:
    """"debian", "alpine" or None (unknown) from an image reference such as `python:3.11-slim`."""
    if not base_image or "$" in base_image:
        return None
    path, name, tag = _split(base_image)
    if name == "scratch" or any(_OTHER_SYSTEMS.fullmatch(t) for t in re.split(r"[-._]", tag)):
        return None
    if name == "alpine" or "alpine" in tag:
        return ALPINE
    if name in ("debian", "ubuntu") or any(c in tag for c in _DEBIAN_CODENAMES + _UBUNTU_CODENAMES):
        return DEBIAN
    if name in _DEBIAN_IMAGES and _official(path):
        return DEBIAN
    return None


@functools.cache
def release_of(base_image: str) -> str | None:
    """The distribution release of a base image: "bookworm", "jammy", "alpine3.16", "alpine"
    (an Alpine tag without version: the current one), or None when dockslim cannot place it.
    A tag without codename is placed by `default_release`."""
    path, name, tag = _split(base_image)
    family = family_of(base_image)
    words = re.split(r"[-_]", tag)
    for word in words:
        if word in _DEBIAN_CODENAMES or word in _UBUNTU_CODENAMES:
            return word
    if family == ALPINE:
        m = re.search(r"alpine(\d+\.\d+)", tag) or (re.match(r"(\d+\.\d+)", tag) if name == "alpine" else None)
        if m:
            return "alpine" + m.group(1)
        return ALPINE_LATEST if name != "alpine" or tag in ("", "latest") else None
    if family != DEBIAN or not _official(path):
        return None
    if name == "ubuntu":
        m = re.match(r"(\d\d\.\d\d)", tag)
        return _UBUNTU_NUMBERS.get(m.group(1)) if m else None
    return default_release(name, tag)


# The Debian release of official images whose tag names none. The official images moved their
# default from bookworm to trixie when trixie came out (August 2025), for every version then
# maintained; versions no longer maintained stayed on the release they were last built on
# (docker-library/python, ruby, golang, gcc and rust-lang/docker-rust: the default Debian
# variant of generate-stackbrew-library.sh / x.py). version -> release, first match wins;
# versions older than the last entry are not placed.
_IMAGE_RELEASES: dict[str, tuple[tuple[tuple[int, ...], str], ...]] = {
    "python": (((3, 9), "trixie"), ((3, 8), "bookworm"), ((3, 7), ""), ((3, 6), "bullseye")),
    # nodejs/docker-node picks its own default (`default_variant` in its config): bookworm
    # from June 2023 until July 2026 (docker-node#2365, #2558: then trixie, for the versions
    # still maintained); buster for 14 and older (docker-node#1785). Node 20 ended in April 2026.
    "node": (((22,), "trixie"), ((18,), "bookworm"), ((17,), ""), ((16,), "bookworm"), ((15,), ""), ((10,), "buster")),
    "ruby": (((3, 2), "trixie"), ((3, 0), "bookworm")),
    # golang 1.19 and 1.16 moved release during their life (to bookworm in June 2023, to
    # bullseye in August 2021), so their tags are not placed
    "golang": (((1, 24), "trixie"), ((1, 20), "bookworm"), ((1, 19), ""), ((1, 17), "bullseye"), ((1, 16), ""),
               ((1, 13), "buster")),
    "rust": (((1, 89), "trixie"), ((1, 71), "bookworm")),
    "gcc": (((15,), "trixie"), ((13,), "bookworm")),
    "php": (((8, 2), "trixie"),),
}
# words after the version that pick a flavour, not a release (`8.3-fpm`, `3.12-slim`)
_FLAVOURS = frozenset({"slim", "apache", "fpm", "cli", "zts", "rc"})
# images whose tags without version are the newest version, now on trixie
_LATEST_ON_TRIXIE = frozenset(_IMAGE_RELEASES) | {"buildpack-deps"}


def default_release(name: str, tag: str) -> str | None:
    """The Debian release an official image's tag without a codename is built on, None when
    dockslim cannot tell (`golang:1.19`, `gcc:11`, `golang:tip`, `python:3.7`)."""
    version_word, *flavours = tag.split("-")
    if any(f not in _FLAVOURS for f in flavours):
        return None
    variant = "" if version_word == "slim" else version_word
    if name == "debian":
        m = re.match(r"(\d+)", tag)
        if m:
            return _DEBIAN_NUMBERS.get(m.group(1))
        return _DEBIAN_ALIASES.get(variant, variant if variant in ("testing", "unstable") else None)
    if name in _LATEST_ON_TRIXIE and variant in ("", "latest", "slim"):
        return "trixie"
    if (name in ("golang", "rust") and variant == "1") or (name == "buildpack-deps" and variant in ("scm", "curl")):
        return "trixie"
    m = re.fullmatch(r"(\d+)(?:\.(\d+))?(?:\.\d+)?(?:(?:a|b|rc)\d*)?", variant)
    if name not in _IMAGE_RELEASES or not m:
        return None
    version = tuple(int(g) for g in m.groups() if g is not None)
    newest = _IMAGE_RELEASES[name][0]
    if len(version) < len(newest[0]):  # `python:3`: the newest 3.x
        return newest[1] if version == newest[0][: len(version)] else None
    for first, release in _IMAGE_RELEASES[name]:
        if version[: len(first)] >= first:
            return release or None
    return None


def knows_release(base_image: str) -> bool:
    """True when dockslim has the package names of the image's release (generated from the
    distribution's indexes or derived from them): Debian bullseye, bookworm, trixie, buster,
    Ubuntu focal, jammy, noble, Alpine 3.12 or later."""
    release = release_of(base_image)
    family = family_of(base_image)
    if release is None:
        return False
    if family == ALPINE:
        version = alpine_version(release)
        return release == ALPINE_LATEST or (version is not None and version >= ALPINE_OLDEST)
    return family == DEBIAN and release in debian_releases()


def ships_toolchain(base_image: str) -> bool:
    """True for official images built on buildpack-deps (`python:3.11`, `node:20-bookworm`):
    compilers and -dev packages are already in the base layers."""
    path, name, tag = _split(base_image)
    return _official(path) and name in _FULL_TOOLCHAIN_IMAGES and family_of(base_image) == DEBIAN and not any(
        x in tag for x in ("slim", "alpine")
    )


def brings_libstdcxx(base_image: str) -> bool:
    """True for node:*-alpine, whose Dockerfile installs libstdc++ (and with it libgcc) for
    node itself (docker-library/node)."""
    path, name, _ = _split(base_image)
    return _official(path) and name == "node" and family_of(base_image) == ALPINE


def brings_python(base_image: str) -> bool:
    """True when the base image has its own Python (python:*, pypy:*)."""
    path, name, _ = _split(base_image)
    return _official(path) and name in ("python", "pypy")


# --------------------------------------------------------------------------- build steps

# programs (or `python -m` modules) that compile, or install packages that may compile: None
# means any use of the program, else the subcommands that do
BUILD_TOOLS: dict[str, frozenset[str] | None] = {
    "pip": frozenset({"install", "wheel"}),
    "pipenv": frozenset({"install", "sync"}),
    "poetry": frozenset({"install"}),
    "pdm": frozenset({"install", "sync"}),
    "uv": frozenset({"pip", "sync"}),
    "build": None,  # python -m build
    "npm": frozenset({"ci", "install", "i", "rebuild", "add"}),
    "yarn": None,
    "pnpm": frozenset({"install", "i", "add", "rebuild"}),
    "node-gyp": None,
    "bundle": frozenset({"install"}),
    "gem": frozenset({"install"}),
    "cargo": frozenset({"build", "install"}),
    "go": frozenset({"build", "install"}),
    "make": None, "cmake": None, "ninja": None, "meson": None, "configure": None,
    "gcc": None, "g++": None, "cc": None, "c++": None, "clang": None, "rustc": None,
    "docker-php-ext-install": None, "docker-php-ext-configure": None, "pecl": frozenset({"install"}),
    "cpanm": None, "cpan": None, "R": None, "Rscript": None,
}
# programs that call compilers when something runs them at container start (`CMD make run`)
TOOLCHAIN_PROGRAMS = frozenset({"make", "cmake", "gcc", "g++", "cc", "c++", "clang", "cargo", "rustc", "ld"})
_PIP = re.compile(r"pip(\d+(\.\d+)?)?$")
_SYSTEM_BIN = ("/bin/", "/sbin/", "/usr/bin/", "/usr/sbin/")


def _tool(cmd: Command) -> str | None:
    tool = cmd.tool
    return "pip" if tool and _PIP.match(tool) else tool


def is_build_step(cmd: Command) -> bool:
    """True when the command builds (or may build) something that needs build-only packages:
    pip/npm/gem installs, make, compilers, `python setup.py`, a project script (`./build.sh`)."""
    tool = _tool(cmd)
    if tool is None:
        return False
    if tool in BUILD_TOOLS:
        subs = BUILD_TOOLS[tool]
        sub = cmd.subcommand
        return subs is None or (sub is not None and sub.value in subs)
    args = [w.value for w in cmd.tool_args]
    if tool.startswith("python") and args and args[0] and args[0].endswith("setup.py"):
        return True
    word = cmd.program_word.value if cmd.program_word is not None else None
    if word and "/" in word and not word.startswith(_SYSTEM_BIN):
        return True  # a project's own script
    # `sh build.sh`
    return bool(posix_program(tool) and args and args[0] and not args[0].startswith("-"))


# commands that only clean up: a removal of build-only packages goes before them, so that the
# usual final `rm -rf /var/lib/apt/lists/*` stays last
_CLEANUP_SUBCOMMANDS = {
    "apt-get": frozenset({"clean", "autoclean", "autoremove"}),
    "apt": frozenset({"clean", "autoclean", "autoremove"}),
    "apk": frozenset({"cache"}),
    "pip": frozenset({"cache"}),
    "npm": frozenset({"cache"}),
    "yarn": frozenset({"cache"}),
}


def is_cleanup(cmd: Command) -> bool:
    tool = _tool(cmd)
    if tool in ("rm", "rmdir", "true", ":"):
        return True
    if tool == "find":
        return any(w.value in ("-delete", "rm") for w in cmd.args)
    sub = cmd.subcommand
    return sub is not None and sub.value in _CLEANUP_SUBCOMMANDS.get(tool or "", ())
