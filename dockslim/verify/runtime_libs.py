"""The runtime packages built files really need, measured on a built image.

The package tables (`packages.runtime_for`) say what a `-dev` package stands for at run time;
this module measures it. A runtime stage takes files from a builder stage (`dockerfile.taken_from_stages`:
`COPY --from=builder` sources such as a venv, `node_modules` or a compiled binary, and `RUN
--mount=type=bind,from=builder` sources such as `/wheels`). Given the builder's image, `scan`
reads the ELF files there (inside wheels too), collects the shared libraries they link
directly (DT_NEEDED), finds each library in the image the way the dynamic loader would
(`ldconfig -p`, then the usual directories) and asks the package manager who owns it (`dpkg
-S` on Debian and Ubuntu, `apk info --who-owns` on Alpine).

Direct dependencies count for packaged libraries: `libpq.so.5` is needed by psycopg2, and the
package that owns it (`libpq5`) brings its own dependencies when installed. A library no
package owns (one built into `/usr/local/lib`) is read in turn, and what it links joins the
closure. Libraries the scanned files carry themselves (auditwheel's `<pkg>.libs/`) are not
packages to install.

    runtime_packages(engine, "myapp-builder")                                  # {"libc6", "libpq5"}
    runtime_packages(engine, "myapp-builder", present_in="python:3.11-slim")  # {"libpq5"}

Every container it reads goes through `dockslim.verify.engine.Engine`; nothing in the core
imports this module.
"""

from __future__ import annotations

import fnmatch
import io
import re
import struct
import zipfile
from dataclasses import dataclass, field

from .engine import Engine

DEFAULT_PATHS = ("/wheels",)
ELF_MAGIC = b"\x7fELF"
DT_NEEDED, DT_SONAME = 1, 14
SHT_DYNAMIC = 6
TIMEOUT = 600.0  # seconds to stream one image's files out
# A library no package owns is read for what it links, to this depth (a chain of libraries
# built from source is short; the bound keeps a loop of links from running on).
CLOSURE_DEPTH = 4


class RuntimeLibsError(RuntimeError):
    """The engine failed, or the image has neither dpkg nor apk."""


@dataclass
class Scan:
    """What the built files of an image link against."""

    files: dict[str, tuple[str, ...]] = field(default_factory=dict)  # ELF file -> DT_NEEDED
    needed: dict[str, str | None] = field(default_factory=dict)  # soname -> path in the image (None: not found)
    owners: dict[str, str | None] = field(default_factory=dict)  # soname -> owning package (None: no package)

    @property
    def packages(self) -> set[str]:
        return {p for p in self.owners.values() if p}

    @property
    def missing(self) -> set[str]:
        """Sonames the image does not have at all: the built files could not load."""
        return {s for s, path in self.needed.items() if path is None}


# --------------------------------------------------------------------------- ELF


def elf_needed(data: bytes) -> tuple[tuple[str, ...], str | None] | None:
    """(DT_NEEDED entries, DT_SONAME) of an ELF file, or None when it is not one."""
    if not data.startswith(ELF_MAGIC) or len(data) < 64:
        return None
    cls, order = data[4], data[5]
    if cls not in (1, 2) or order not in (1, 2):
        return None
    e = "<" if order == 1 else ">"
    is64 = cls == 2
    try:
        if is64:
            shoff, = struct.unpack_from(e + "Q", data, 0x28)
            shentsize, shnum = struct.unpack_from(e + "HH", data, 0x3A)
        else:
            shoff, = struct.unpack_from(e + "I", data, 0x20)
            shentsize, shnum = struct.unpack_from(e + "HH", data, 0x2E)
        sections = []
        for i in range(shnum):
            at = shoff + i * shentsize
            if is64:
                _, stype, _, _, off, size, link, _, _, entsize = struct.unpack_from(e + "IIQQQQIIQQ", data, at)
            else:
                _, stype, _, _, off, size, link, _, _, entsize = struct.unpack_from(e + "IIIIIIIIII", data, at)
            sections.append((stype, off, size, link, entsize))
        needed: list[str] = []
        soname = None
        for stype, off, size, link, entsize in sections:
            if stype != SHT_DYNAMIC or link >= len(sections):
                continue
            _, stroff, strsize, _, _ = sections[link]
            strtab = data[stroff : stroff + strsize]
            step = entsize or (16 if is64 else 8)
            for at in range(off, off + size, step):
                tag, val = struct.unpack_from(e + ("qQ" if is64 else "iI"), data, at)
                if tag == 0:
                    break
                if tag in (DT_NEEDED, DT_SONAME):
                    end = strtab.find(b"\0", val)
                    name = strtab[val : end if end != -1 else None].decode("utf-8", "replace")
                    if tag == DT_NEEDED:
                        needed.append(name)
                    else:
                        soname = name
        return tuple(needed), soname
    except struct.error:
        return None


def _elf_members(name: str, data: bytes, out: dict[str, tuple[tuple[str, ...], str | None]]) -> None:
    if name.endswith(".whl") and data[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as whl:
                for member in whl.namelist():
                    if member.endswith("/"):
                        continue
                    _elf_members(f"{name}!{member}", whl.read(member), out)
        except zipfile.BadZipFile:
            return
        return
    found = elf_needed(data)
    if found is not None:
        out[name] = found


# --------------------------------------------------------------------------- engine


def read_files(engine: Engine, image_ref: str, paths=DEFAULT_PATHS, timeout: float = TIMEOUT) -> dict[str, tuple[tuple[str, ...], str | None]]:
    """The ELF files under `paths` of the image (wheels opened; a path may be a glob
    pattern), each with what it links and its own soname."""
    out: dict[str, tuple[tuple[str, ...], str | None]] = {}
    with engine.container(image_ref) as container:
        for path in paths:
            folder = _literal_prefix(path)

            def take(name: str, reader, pattern: str = path if folder != path else "") -> None:
                if pattern and not fnmatch.fnmatchcase(name, pattern):
                    return
                head = reader.read(4)
                if head == ELF_MAGIC or (head[:2] == b"PK" and name.endswith(".whl")):
                    _elf_members(name, head + reader.read(), out)

            engine.copy_out(container, folder, take, timeout)
    return out


def _literal_prefix(path: str) -> str:
    """`/app/*.whl` -> `/app`: the part of a path before its first glob character."""
    parts = path.split("/")
    for i, part in enumerate(parts):
        if any(c in part for c in "*?["):
            return "/".join(parts[:i]) or "/"
    return path


# In the image: where the loader finds each soname, and which package owns that file.
# run as `sh -c RESOLVE sh SONAME...`; answers "soname|path|owner" lines
RESOLVE = r"""
owner() {
    if command -v dpkg >/dev/null 2>&1; then
        for c in "$1" "$(readlink -f "$1")" "/usr$1" "${1#/usr}"; do
            o=$(dpkg -S "$c" 2>/dev/null | grep -v '^diversion' | head -n1 | cut -d: -f1)
            [ -n "$o" ] && { echo "$o"; return; }
        done
    elif command -v apk >/dev/null 2>&1; then
        for c in "$1" "$(readlink -f "$1")"; do
            o=$(apk info --who-owns "$c" 2>/dev/null | sed -n 's/.* is owned by //p' | head -n1)
            [ -n "$o" ] && { echo "apk:$o"; return; }
        done
    else
        echo "?"
    fi
}
for s in "$@"; do
    p=$(ldconfig -p 2>/dev/null | awk -v s="$s" '$1 == s { print $NF; exit }')
    if [ -z "$p" ]; then
        for d in /lib /usr/lib /lib64 /usr/lib64 /lib/*-linux-gnu /usr/lib/*-linux-gnu /usr/local/lib; do
            if [ -e "$d/$s" ]; then p="$d/$s"; break; fi
        done
    fi
    if [ -n "$p" ]; then echo "$s|$p|$(owner "$p")"; else echo "$s||"; fi
done
"""
_APK_VERSION = re.compile(r"^(.+?)-\d[^-]*-r\d+$")


def scan(engine: Engine, image_ref: str, paths=DEFAULT_PATHS, timeout: float = TIMEOUT) -> Scan:
    """Read the built files under `paths` and resolve what they link, in the image itself:
    the closure, for a library that no package owns (built into /usr/local/lib) brings in
    what it links in turn."""
    files = read_files(engine, image_ref, paths, timeout)
    result = Scan(files={name: needed for name, (needed, _) in files.items()})
    own = {so for _, so in files.values() if so} | {name.rsplit("/", 1)[-1] for name in files}
    todo = {n for needed, _ in files.values() for n in needed} - own
    for _ in range(CLOSURE_DEPTH):
        if not todo:
            break
        unowned = resolve(engine, image_ref, sorted(todo), result)
        linked = read_files(engine, image_ref, unowned, timeout) if unowned else {}
        result.files.update({name: needed for name, (needed, _) in linked.items()})
        todo = {n for needed, _ in linked.values() for n in needed} - own - set(result.needed)
    return result


def resolve(engine: Engine, image_ref: str, sonames: list[str], into: Scan) -> list[str]:
    """Where each soname is in the image and who owns it, recorded in `into`; the paths of
    those no package owns."""
    answer = engine.shell_output(image_ref, RESOLVE, sonames)
    if answer.exit_code != 0:
        raise RuntimeLibsError(f"cannot resolve libraries in {image_ref}: {answer.last_line()}")
    return record(answer.output, into, image_ref)


def record(output: str, into: Scan, image_ref: str = "the image") -> list[str]:
    """Put RESOLVE's answers into `into`; the paths of the libraries found that no package
    owns, in the order answered: the next files of the closure to read."""
    unowned = []
    for soname, path, owner in answers(output):
        if owner == "?":
            raise RuntimeLibsError(f"{image_ref} has neither dpkg nor apk: cannot tell which package owns {path}")
        into.needed[soname] = path or None
        into.owners[soname] = owner or None
        if path and not owner:
            unowned.append(path)
    return unowned


def answers(output: str) -> list[tuple[str, str, str]]:
    """(soname, path, owner) from the output of RESOLVE: the owner without an Alpine
    package's version, "" when no package owns the file, "?" when the image has no package
    manager dockslim knows; lines that are not answers are skipped."""
    out = []
    for line in output.splitlines():
        if line.count("|") != 2:
            continue
        soname, path, owner = line.split("|")
        if owner.startswith("apk:"):
            m = _APK_VERSION.match(owner[4:])
            owner = m.group(1) if m else owner[4:]
        out.append((soname, path, owner))
    return out


def owners_from(output: str) -> dict[str, str | None]:
    """soname -> owning package, from the output of RESOLVE (run with the sonames as
    arguments); None for a soname the image has no package for."""
    return {so: owner if path and owner not in ("", "?") else None for so, path, owner in answers(output)}


def installed_packages(engine: Engine, image_ref: str) -> set[str]:
    """Every package installed in the image (dpkg or apk)."""
    script = "if command -v dpkg-query >/dev/null 2>&1; then dpkg-query -W -f '${Package}\\n'; else apk info -q; fi"
    answer = engine.shell_output(image_ref, script, [])
    if answer.exit_code != 0:
        raise RuntimeLibsError(f"cannot list the packages of {image_ref}: {answer.last_line()}")
    return {line.strip().split(":")[0] for line in answer.output.splitlines() if line.strip()}


def runtime_packages(
    engine: Engine, image_ref: str, *, paths=DEFAULT_PATHS, present_in: str | None = None, timeout: float = TIMEOUT
) -> set[str]:
    """The packages owning the shared libraries that the files built in `image_ref` link
    (under `paths`: `/wheels` by default; a venv, `node_modules` or a binary's path).
    With `present_in`, the packages that image already has are left out: what a runtime stage
    on that base must install."""
    found = scan(engine, image_ref, paths, timeout).packages
    if present_in:
        found -= installed_packages(engine, present_in)
    return found
