"""The shared libraries a compiled program links that its full build image (`gcc`, `golang`,
`rust`: buildpack-deps underneath) carries without the Dockerfile naming them: libssl-dev,
libcurl4-openssl-dev, libpq-dev and the rest are in its base layers, so `gcc -lcurl` or a crate
that binds OpenSSL links them, and the slim runtime must install their runtime packages or the program does not start
(`libssl.so.3: cannot open shared object file`).

What the build links is read from a C compiler's `-l` options and from the `-sys` crates of
Cargo.lock (without it, from Cargo.toml's dependencies and their features); a library the table does not know, or a `make` whose link flags are not shown, is why the stage is left alone. Go programs link only the C library unless their cgo sources say
otherwise, which the Dockerfile does not show."""

from __future__ import annotations

import re

from ...optimizer.context import BuildContext
from ...optimizer.model import Model, Stage
from ...optimizer.packages import family_of, release_of, runtime_for, ships_toolchain
from ...optimizer.requirements import Files
from ...optimizer.shell import Command
from ...optimizer.syntax import Instruction
from .plan import Refused
from .program_paths import PLAIN_COMPILERS, command_cwd, nearest_file

# `-l` libraries every Debian image has (libc6, libgcc-s1, libstdc++6, zlib1g, libcrypt1)
IN_EVERY_IMAGE = frozenset(("c", "m", "pthread", "dl", "rt", "util", "resolv", "anl", "crypt", "z", "stdc++", "gcc_s"))
# `-l` libraries of buildpack-deps' -dev packages -> that package (its runtime packages come from
# the release's data, packages.runtime_for)
DEV_OF_LIBRARY = {
    "ssl": "libssl-dev", "crypto": "libssl-dev", "curl": "libcurl4-openssl-dev", "xml2": "libxml2-dev",
    "xslt": "libxslt1-dev", "exslt": "libxslt1-dev", "pq": "libpq-dev", "sqlite3": "libsqlite3-dev",
    "jpeg": "libjpeg-dev", "png": "libpng-dev", "png16": "libpng-dev", "ffi": "libffi-dev", "yaml": "libyaml-dev",
    "readline": "libreadline-dev", "gdbm": "libgdbm-dev", "mariadb": "default-libmysqlclient-dev",
    "mysqlclient": "default-libmysqlclient-dev", "magic": "libmagic-dev", "glib-2.0": "libglib2.0-dev",
    "ncurses": "libncurses-dev", "ncursesw": "libncurses-dev", "tinfo": "libncurses-dev", "gmp": "libgmp-dev",
    "uuid": "uuid-dev", "bz2": "libbz2-dev", "lzma": "liblzma-dev", "zstd": "libzstd-dev", "db": "libdb-dev",
    "maxminddb": "libmaxminddb-dev", "tiff": "libtiff-dev", "webp": "libwebp-dev", "freetype": "libfreetype6-dev",
    "krb5": "libkrb5-dev", "gssapi_krb5": "libkrb5-dev", "ldap": "libldap2-dev",
}
# crates that link a system library pkg-config finds (on a full image it always does) -> its
# -dev package, and the crate whose presence means the library is built from vendored sources
SYS_CRATES = {
    "openssl-sys": ("libssl-dev", "openssl-src"),
    "pq-sys": ("libpq-dev", "pq-src"),
    "mysqlclient-sys": ("default-libmysqlclient-dev", None),
    "curl-sys": ("libcurl4-openssl-dev", None),
    "libsqlite3-sys": ("libsqlite3-dev", None),  # its `bundled` feature does not show in Cargo.lock
}
_CRATE_NAME = re.compile(r'^name\s*=\s*"([^"]+)"', re.MULTILINE)


def linked_packages(model: Model, stage: Stage, builds: list[tuple[Instruction, Command]],
                    context: BuildContext | None) -> tuple[str, ...]:
    """The runtime packages of the libraries the build links from the full image; refused
    when the build links what dockslim cannot name or tell."""
    if not ships_toolchain(stage.base):
        return ()  # a slim or distribution image: its -dev packages are installed by name
    devs: list[str] = []
    for inst, cmd in builds:
        if cmd.program in PLAIN_COMPILERS and cmd.program != "go":
            devs += _compiler_libraries(inst, cmd)
        elif cmd.program == "make":
            raise Refused(f"line {inst.start_line}: `make` may link libraries of {stage.base} that the slim image lacks,"
                          " and its link flags are not shown")
        elif cmd.program == "cargo":
            devs += _crate_libraries(model, stage, inst, cmd, context)
    family, release = family_of(stage.base), release_of(stage.base)
    packages = (p for dev in dict.fromkeys(devs) for p in runtime_for(dev, family, release) if p.startswith("lib"))
    return tuple(dict.fromkeys(packages))


def _compiler_libraries(inst: Instruction, cmd: Command) -> list[str]:
    """The -dev packages of the `-lNAME` / `-l NAME` libraries a C compiler links."""
    words = [w.value for w in cmd.args]
    if None in words:
        raise Refused(f"line {inst.start_line}: `{cmd.program}` has arguments dockslim cannot read,"
                      " so the libraries it links are not known")
    names = [w[2:] or nxt for w, nxt in zip(words, [*words[1:], ""]) if w.startswith("-l")]
    devs = []
    for name in names:
        if name in IN_EVERY_IMAGE:
            continue
        if name not in DEV_OF_LIBRARY:
            raise Refused(f"line {inst.start_line}: the program links -l{name}, whose runtime package dockslim does not know")
        devs.append(DEV_OF_LIBRARY[name])
    return devs



def _crate_libraries(model: Model, stage: Stage, inst: Instruction, cmd: Command,
                     context: BuildContext | None) -> list[str]:
    """The -dev packages of the system libraries the crates link: those of Cargo.lock, else
    what Cargo.toml's dependencies link with their features; refused when neither tells."""
    why = "the system libraries the crates link (OpenSSL, libpq) cannot be told: "
    if context is None:
        raise Refused(why + "the build context is not known")
    files, cwd = Files(stage, inst, context), command_cwd(model, stage, inst, cmd)
    found = nearest_file(files, cwd, "Cargo.lock")  # a workspace keeps it at its root: looked for above too
    text = context.text(found[0]) if found is not None else None
    if text is not None:
        crates = set(_CRATE_NAME.findall(text))
        return [dev for crate, (dev, vendored) in SYS_CRATES.items() if crate in crates and vendored not in crates]
    manifest = nearest_file(files, cwd, "Cargo.toml")
    text = context.text(manifest[0]) if manifest is not None else None
    if text is None:
        raise Refused(why + "neither Cargo.lock nor Cargo.toml was read from the build context")
    # read only for a Rust build without Cargo.lock
    from .cargo_manifest import Unknown, manifest_libraries
    try:
        return manifest_libraries(text)
    except Unknown as unknown:
        raise Refused(why + f"Cargo.lock is not in the build context, and {unknown}") from None
