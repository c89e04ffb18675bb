"""Archives a RUN downloads and unpacks: the archive a tar/unzip/7z extracts, the file an
`ADD <url>` writes, and whether a RUN can fetch a URL itself (a tool and, for HTTPS,
certificates it can trust). The file a curl/wget writes is _downloads.download."""

from __future__ import annotations

import posixpath
import re
from typing import Iterator

from ..optimizer.model import Model, Stage
from ..optimizer.packages import brings_python, knows_release, ships_toolchain
from ..optimizer.shell import Command
from ..optimizer.syntax import Instruction
from ._common import lineage, root_of, sub
from ._layers import absolute_in
from .stages.commands import removes_packages


def extracted(cmd: Command, cwd: str | None = None) -> str | None:
    """The archive a tar/unzip/7z command extracts (absolute, literal; a relative path from
    `cwd`), else None."""
    prog, args = cmd.program, [w.value for w in cmd.args]
    if None in args or not args:
        return None
    path = None
    if prog in ("tar", "bsdtar", "gtar"):
        old = not args[0].startswith("-")
        modes = "".join(a.lstrip("-") for a in args if a.startswith("-") and not a.startswith("--"))
        if not ("x" in (args[0] if old else modes) or "--extract" in args or "--get" in args):
            return None
        for i, a in enumerate(args):
            if a.startswith("--file="):
                path = a.split("=", 1)[1]
            elif a == "--file" or (re.fullmatch(r"-?[a-zA-Z]*f", a) and (i == 0 or a.startswith("-"))):
                path = args[i + 1] if i + 1 < len(args) else None
    elif prog == "unzip":
        skip = False
        for a in args:
            if skip:
                skip = False
            elif a in ("-d", "-P"):
                skip = True
            elif a == "-x":
                break
            elif not a.startswith("-"):
                path = a
                break
    elif prog == "7z" and args[0] == "x":
        path = next((a for a in args[1:] if not a.startswith("-")), None)
    if path is None or path == "-" or any(ch in path for ch in "*?["):
        return None
    return absolute_in(path, cwd)


def add_target(inst: Instruction, cwd: str | None = None) -> str | None:
    """The file `ADD https://host/x.tgz /tmp/` writes (`/tmp/x.tgz`; `ADD URL .` writes into
    `cwd`, the WORKDIR)."""
    if inst.kind != "ADD" or inst.is_json or len(inst.value) != 2:
        return None
    url, dest = inst.value
    if not re.match(r"https?://", url) or "$" in url or "$" in dest:
        return None
    name = url.split("?", 1)[0].split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    if not name:
        return None
    folder = dest.endswith("/") or dest == "."
    return absolute_in(posixpath.join(dest, name) if folder else dest, cwd)


def _earlier_commands(model: Model, stage: Stage, before: Instruction) -> Iterator[Command]:
    """The commands of the RUNs of the stage (and its parents) before an instruction."""
    for st in lineage(stage):
        for inst in st.runs():
            view = model.run(inst).view if inst.index < before.index else None
            if view is not None:
                yield from (cmd for _, cmd in view.commands())


def _installed(cmd: Command) -> set[str]:
    sub = cmd.subcommand
    if cmd.program in ("apt-get", "apt", "apk", "yum", "dnf", "microdnf") and sub is not None \
            and sub.value in ("install", "add"):
        return {w.value or "" for w in cmd.operands()}
    return set()


def removes_tool(cmd: Command, tool: str) -> bool:
    """A package removal that may take `tool` away: it names it, a pattern (`apt-mark auto
    '.*'` before `apt-get purge --auto-remove`), a variable (`apk del $BUILD_DEPS`) or an apk
    virtual package (`apk add --virtual .fetch-deps curl`, then `apk del .fetch-deps`)."""
    if not (removes_packages(cmd) or (cmd.program in ("yum", "dnf", "microdnf")
                                      and sub(cmd) in ("remove", "erase", "autoremove"))):
        return False
    return any(w.value is None or w.value == tool or any(ch in w.value for ch in "*?[")
               or (cmd.program == "apk" and w.value.startswith("."))
               for w in cmd.args if not (w.value or "").startswith("-"))


def fetch_tool(model: Model, stage: Stage, before: Instruction) -> str | None:
    """curl or wget, when an earlier RUN of the stage (or its parents) installs or runs it, or
    the base is an official image built on buildpack-deps (which has both), and no later
    removal of packages may have taken it away."""
    found = {"curl"} if ships_toolchain(root_of(stage).base) else set()
    for cmd in _earlier_commands(model, stage, before):
        if cmd.program in ("curl", "wget"):
            found.add(cmd.program)
        found |= _installed(cmd) & {"curl", "wget"}
        found -= {tool for tool in found if removes_tool(cmd, tool)}
    return "curl" if "curl" in found else ("wget" if "wget" in found else None)


def https_problem(model: Model, stage: Stage, before: Instruction, tool: str) -> str | None:
    """Why `tool` may fail on an https:// URL that ADD fetches with BuildKit's own TLS and
    certificates, or None: it already fetched one in an earlier RUN, or the image's release is
    placed (an old tag such as `php:5.6` or a tag dockslim cannot place may have a CA list or
    TLS library too old for today's servers) and has a CA bundle (`ca-certificates` installed,
    or an official image that ships it)."""
    cmds = list(_earlier_commands(model, stage, before))
    if any(c.program == tool and any((w.value or "").startswith("https://") for w in c.args) for c in cmds):
        return None
    base = root_of(stage).base
    if not knows_release(base):
        return f"the release of `{base}` is not known, and an old release's {tool} may not reach HTTPS servers"
    named = set().union(*(_installed(c) for c in cmds))
    if not ({"ca-certificates", "ca-certificates-bundle"} & named or brings_python(base) or ships_toolchain(base)):
        return f"no CA certificates are known to be in the image for {tool} (`ca-certificates`)"
    return None
