"""The runtime packages built files really need, measured on a built image.

The package tables (`packages.runtime_for`) say what a `-dev` package stands for at run time;
this module measures it. Given an image in which something was built (a builder stage: its
`/wheels`, a compiled binary), it reads the ELF files there (inside wheels too), collects the
shared libraries they link directly (DT_NEEDED), finds each library in the image the way the
dynamic loader would (`ldconfig -p`, then the usual directories) and asks the package manager
who owns it (`dpkg -S` on Debian and Ubuntu, `apk info --who-owns` on Alpine).

Only direct dependencies count: `libpq.so.5` is needed by psycopg2, and the package that
owns it (`libpq5`) brings its own dependencies when installed. Libraries the scanned files
carry themselves (auditwheel's `<pkg>.libs/`) and files no package owns (`/usr/local/lib`
of the python images) are not packages to install.

    runtime_packages("myapp-builder", "/usr/bin/docker")                   # {"libc6", "libpq5"}
    runtime_packages("myapp-builder", "/usr/bin/docker", present_in="python:3.11-slim")  # {"libpq5"}

This module runs the engine (subprocess); the core passes never import it.
"""

from __future__ import annotations

import io
import re
import struct
import subprocess
import tarfile
import zipfile
from dataclasses import dataclass, field

DEFAULT_PATHS = ("/wheels",)
ELF_MAGIC = b"\x7fELF"
DT_NEEDED, DT_SONAME = 1, 14
SHT_DYNAMIC = 6


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


def _run(cli: str, *args: str, env: dict[str, str] | None = None, check: bool = True, timeout: int = 600) -> subprocess.CompletedProcess:
    proc = subprocess.run([cli, *args], env=env, capture_output=True, timeout=timeout, check=False)
    if check and proc.returncode != 0:
        raise RuntimeLibsError(f"{' '.join(args[:2])} failed: {proc.stderr.decode(errors='replace').strip()[:300]}")
    return proc


def read_files(image_ref: str, engine_cli: str, paths=DEFAULT_PATHS, env: dict[str, str] | None = None) -> dict[str, tuple[tuple[str, ...], str | None]]:
    """The ELF files under `paths` of the image (wheels opened), with what they link."""
    cid = _run(engine_cli, "create", "--network", "none", image_ref, "/nonexistent", env=env).stdout.decode().strip()
    out: dict[str, tuple[tuple[str, ...], str | None]] = {}
    try:
        for path in paths:
            proc = _run(engine_cli, "cp", f"{cid}:{path}", "-", env=env, check=False)
            if proc.returncode != 0:
                continue  # not in this image
            with tarfile.open(fileobj=io.BytesIO(proc.stdout)) as tar:
                for member in tar:
                    if member.isfile():
                        handle = tar.extractfile(member)
                        if handle is not None:
                            _elf_members(member.name, handle.read(), out)
    finally:
        _run(engine_cli, "rm", "-f", cid, env=env, check=False)
    return out


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


def scan(image_ref: str, engine_cli: str, paths=DEFAULT_PATHS, env: dict[str, str] | None = None) -> Scan:
    """Read the built files under `paths` and resolve what they link, in the image itself.
    `env`: the client's environment (DOCKER_HOST ...), this process's when None."""
    files = read_files(image_ref, engine_cli, paths, env)
    result = Scan(files={name: needed for name, (needed, _) in files.items()})
    own = {so for _, so in files.values() if so} | {name.rsplit("/", 1)[-1] for name in files}
    sonames = sorted({n for needed, _ in files.values() for n in needed} - own)
    if not sonames:
        return result
    proc = _run(
        engine_cli, "run", "--rm", "--network", "none", "--entrypoint", "sh", image_ref, "-c", RESOLVE, "sh", *sonames,
        env=env,
    )
    for soname, path, owner in answers(proc.stdout.decode(errors="replace")):
        if owner == "?":
            raise RuntimeLibsError(f"{image_ref} has neither dpkg nor apk: cannot tell which package owns {path}")
        result.needed[soname] = path or None
        result.owners[soname] = owner or None
    return result


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


def installed_packages(image_ref: str, engine_cli: str, env: dict[str, str] | None = None) -> set[str]:
    """Every package installed in the image (dpkg or apk)."""
    script = "if command -v dpkg-query >/dev/null 2>&1; then dpkg-query -W -f '${Package}\\n'; else apk info -q; fi"
    proc = _run(engine_cli, "run", "--rm", "--network", "none", "--entrypoint", "sh", image_ref, "-c", script, env=env)
    return {line.strip().split(":")[0] for line in proc.stdout.decode().splitlines() if line.strip()}


def runtime_packages(
    image_ref: str, engine_cli: str, *, paths=DEFAULT_PATHS, present_in: str | None = None, env: dict[str, str] | None = None
) -> set[str]:
    """The packages owning the shared libraries that the files built in `image_ref` link
    (under `paths`: `/wheels` by default; give a binary's path for a compiled program).
    With `present_in`, the packages that image already has are left out: what a runtime stage
    on that base must install."""
    found = scan(image_ref, engine_cli, paths, env).packages
    if present_in:
        found -= installed_packages(present_in, engine_cli, env)
    return found
