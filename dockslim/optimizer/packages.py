"""Which distribution packages are only needed to build, and what they leave behind for run time.

A `-dev` package carries headers and link-time files; what compiled code needs when it runs is
the library package it depends on (`libpq-dev` -> `libpq5`). Removing the `-dev` package
together with the packages it pulled in removes that library too unless it is kept on purpose
(`import psycopg2` then fails: libpq.so.5 is gone). The tables below are that knowledge, as
data: each build-only package and the runtime packages that must stay when it goes. Toolchain
packages (compilers, make, headers of the C library) stand for nothing at run time.

Names are Debian bookworm's and Alpine 3.17+'s; `names_hold(image)` says whether a base image
uses those names. Anything not listed counts as "not known to be build-only" and is kept.
"""

from __future__ import annotations

import re

from .shell import Command

DEBIAN = "debian"
ALPINE = "alpine"

# --------------------------------------------------------------------------- Debian (bookworm)

DEBIAN_RUNTIME: dict[str, tuple[str, ...]] = {
    "libpq-dev": ("libpq5",),
    "libffi-dev": ("libffi8",),
    "libssl-dev": ("libssl3",),
    "libjpeg-dev": ("libjpeg62-turbo",),
    "libjpeg62-turbo-dev": ("libjpeg62-turbo",),
    "default-libmysqlclient-dev": ("libmariadb3",),
    "libmariadb-dev": ("libmariadb3",),
    "libmariadb-dev-compat": ("libmariadb3",),
    "libxml2-dev": ("libxml2",),
    "libxslt1-dev": ("libxslt1.1",),
    "zlib1g-dev": ("zlib1g",),
    "libpng-dev": ("libpng16-16",),
    "libyaml-dev": ("libyaml-0-2",),
    "libcurl4-openssl-dev": ("libcurl4",),
    "libsqlite3-dev": ("libsqlite3-0",),
    "libbz2-dev": ("libbz2-1.0",),
    "liblzma-dev": ("liblzma5",),
    "libzstd-dev": ("libzstd1",),
    "libreadline-dev": ("libreadline8",),
    "libgdbm-dev": ("libgdbm6",),
    "libncurses-dev": ("libncurses6", "libncursesw6"),
    "libncurses5-dev": ("libncurses6", "libncursesw6"),
    "libncursesw5-dev": ("libncurses6", "libncursesw6"),
    "libtiff-dev": ("libtiff6",),
    "libfreetype-dev": ("libfreetype6",),
    "libfreetype6-dev": ("libfreetype6",),
    "liblcms2-dev": ("liblcms2-2",),
    "libopenjp2-7-dev": ("libopenjp2-7",),
    "libwebp-dev": ("libwebp7", "libwebpdemux2", "libwebpmux3"),
    "libharfbuzz-dev": ("libharfbuzz0b",),
    "libfribidi-dev": ("libfribidi0",),
    "libcairo2-dev": ("libcairo2",),
    "libglib2.0-dev": ("libglib2.0-0",),
    "libmagic-dev": ("libmagic1",),
    "libgmp-dev": ("libgmp10",),
    "libsasl2-dev": ("libsasl2-2",),
    "libkrb5-dev": ("libkrb5-3", "libgssapi-krb5-2"),
    "libsodium-dev": ("libsodium23",),
    "libexpat1-dev": ("libexpat1",),
    "uuid-dev": ("libuuid1",),
    "libedit-dev": ("libedit2",),
    "libonig-dev": ("libonig5",),
    "libpcre2-dev": ("libpcre2-8-0",),
    "libpcre3-dev": ("libpcre3",),
    "libsnappy-dev": ("libsnappy1v5",),
    "libssh2-1-dev": ("libssh2-1",),
    "unixodbc-dev": ("libodbc2", "libodbcinst2"),
    "libxmlsec1-dev": ("libxmlsec1", "libxmlsec1-openssl"),
    "libblas-dev": ("libblas3",),
    "liblapack-dev": ("liblapack3",),
    "libopenblas-dev": ("libopenblas0",),
    "libcap-dev": ("libcap2",),
    "libusb-1.0-0-dev": ("libusb-1.0-0",),
}

DEBIAN_TOOLCHAIN = frozenset(
    {
        "build-essential", "gcc", "g++", "cpp", "make", "cmake", "ninja-build", "meson",
        "autoconf", "automake", "libtool", "pkg-config", "pkgconf", "libc6-dev", "linux-libc-dev",
        "dpkg-dev", "gfortran", "swig", "python3-dev", "python-dev", "cargo", "rustc",
    }
)

# --------------------------------------------------------------------------- Alpine (3.17+)

ALPINE_RUNTIME: dict[str, tuple[str, ...]] = {
    "postgresql-dev": ("libpq",),
    "libpq-dev": ("libpq",),
    "libffi-dev": ("libffi",),
    "openssl-dev": ("libssl3", "libcrypto3"),
    "jpeg-dev": ("libjpeg-turbo",),
    "libjpeg-turbo-dev": ("libjpeg-turbo",),
    "zlib-dev": ("zlib",),
    "libxml2-dev": ("libxml2",),
    "libxslt-dev": ("libxslt",),
    "mariadb-dev": ("mariadb-connector-c",),
    "mariadb-connector-c-dev": ("mariadb-connector-c",),
    "libpng-dev": ("libpng",),
    "freetype-dev": ("freetype",),
    "lcms2-dev": ("lcms2",),
    "openjpeg-dev": ("openjpeg",),
    "tiff-dev": ("tiff",),
    "yaml-dev": ("yaml",),
    "sqlite-dev": ("sqlite-libs",),
    "curl-dev": ("libcurl",),
    "bzip2-dev": ("libbz2",),
    "xz-dev": ("xz-libs",),
    "zstd-dev": ("zstd-libs",),
    "readline-dev": ("readline",),
    "ncurses-dev": ("ncurses-libs",),
    "gmp-dev": ("gmp",),
    "pcre-dev": ("pcre",),
    "pcre2-dev": ("pcre2",),
    "libsodium-dev": ("libsodium",),
    "libzip-dev": ("libzip",),
    "icu-dev": ("icu-libs",),
    "oniguruma-dev": ("oniguruma",),
    "cairo-dev": ("cairo",),
    "glib-dev": ("glib",),
    "unixodbc-dev": ("unixodbc",),
    "krb5-dev": ("krb5-libs",),
    "libevent-dev": ("libevent",),
    "file-dev": ("libmagic",),
}

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

_RUNTIME = {DEBIAN: DEBIAN_RUNTIME, ALPINE: ALPINE_RUNTIME}
_TOOLCHAIN = {DEBIAN: DEBIAN_TOOLCHAIN, ALPINE: ALPINE_TOOLCHAIN}
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


def runtime_for(pkg: str, family: str | None) -> tuple[str, ...]:
    """The runtime packages a build-only package stands for (empty for toolchain or unknown)."""
    name = package_name(pkg)
    found = _RUNTIME.get(family or "", {}).get(name)
    if found is not None:
        return found
    for pattern, runtime in _VERSIONED.get(family or "", ()):
        if pattern.fullmatch(name):
            return runtime
    return ()


def is_build_only(pkg: str, family: str | None) -> bool:
    """True when the package is known to be needed only to build (a -dev package or toolchain)."""
    name = package_name(pkg)
    if name in _RUNTIME.get(family or "", {}) or name in _TOOLCHAIN.get(family or "", ()):
        return True
    return any(p.fullmatch(name) for p, _ in _VERSIONED.get(family or "", ()))


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
_DEBIAN_CODENAMES = ("bookworm", "trixie", "bullseye", "buster", "stretch", "jessie", "sid")
_UBUNTU_CODENAMES = ("noble", "jammy", "focal", "bionic", "xenial", "mantic", "lunar", "oracular")
_OTHER_SYSTEMS = re.compile(
    r"(windowsservercore|nanoserver|ubi\d*|centos\d*|fedora|rocky|alma|oracle|amazon|opensuse|distroless|wolfi)"
)
# official images built FROM buildpack-deps: gcc, make and the common -dev packages are there
_FULL_TOOLCHAIN_IMAGES = frozenset(
    {"python", "node", "ruby", "perl", "rust", "gcc", "golang", "buildpack-deps", "erlang", "elixir", "haskell"}
)


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


def release_of(base_image: str) -> str | None:
    """The distribution release an image names: "bookworm", "jammy", "ubuntu", "alpine3.16", ...
    None when the tag names none (the image's current default)."""
    _, name, tag = _split(base_image)
    for codename in _DEBIAN_CODENAMES + _UBUNTU_CODENAMES:
        if codename in tag:
            return codename
    if name == "ubuntu":
        return "ubuntu"
    if name == "debian":
        m = re.match(r"(\d+)", tag)
        if m:
            return _DEBIAN_NUMBERS.get(m.group(1), "debian" + m.group(1))
    m = re.search(r"alpine(\d+\.\d+)", tag) or (re.match(r"(\d+\.\d+)", tag) if name == "alpine" else None)
    if m:
        return "alpine" + m.group(1)
    return None


def names_hold(base_image: str) -> bool:
    """True when the tables' package names are those of the image's release: Debian bookworm
    or trixie (whose t64 renames provide the old names), Alpine 3.17 or later; not Ubuntu."""
    family = family_of(base_image)
    release = release_of(base_image)
    if family == DEBIAN:
        _, name, _ = _split(base_image)
        return name != "ubuntu" and release in (None, "bookworm", "trixie")
    if family == ALPINE:
        if release is None:
            return True
        major, minor = (int(x) for x in release[len("alpine"):].split("."))
        return (major, minor) >= (3, 17)
    return False


def ships_toolchain(base_image: str) -> bool:
    """True for official images built on buildpack-deps (`python:3.11`, `node:20-bookworm`):
    compilers and -dev packages are already in the base layers."""
    path, name, tag = _split(base_image)
    return _official(path) and name in _FULL_TOOLCHAIN_IMAGES and family_of(base_image) == DEBIAN and not any(
        x in tag for x in ("slim", "alpine")
    )


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
_SHELLS = frozenset({"sh", "bash", "ash", "dash"})
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
    return bool(tool in _SHELLS and args and args[0] and not args[0].startswith("-"))


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
