"""What a stage's commands do, as the stage passes read them: the subcommand, the package
installs and removals, the housekeeping around them, the build-only packages, and the
programs a RUN, CMD, ENTRYPOINT or HEALTHCHECK runs."""


import posixpath
import re
from typing import NamedTuple

from ...optimizer.model import Stage
from ...optimizer.run import Run
from ...optimizer.packages import ALPINE, DEBIAN, is_build_only, package_name, release_of
from ...optimizer.shell import Command, parse_shell
from ...optimizer.shellview import ShellPart
from ...optimizer.syntax import Instruction
from .._apt import LISTS

APT = frozenset({"apt-get", "apt", "aptitude"})


# --------------------------------------------------------------------------- package installs


class Install(NamedTuple):  # a named tuple: a dataclass costs every start a millisecond
    """One `apt-get install` / `apk add` of a RUN."""

    inst: Instruction
    part: ShellPart
    cmd: Command
    manager: str  # DEBIAN or ALPINE

    @property
    def names(self) -> list[str]:
        return [package_name(w.value or "") for w in self.cmd.operands()]


def is_install(cmd: Command) -> bool:
    """`apt-get install` or `apk add`."""
    sub = sub_of(cmd)
    return (cmd.program in APT and sub == "install") or (cmd.program == "apk" and sub == "add")


def sub_of(cmd: Command) -> str | None:
    word = cmd.subcommand
    return word.value if word is not None else None


def package_installs(run: Run) -> list[Install]:
    inst, view = run.inst, run.view
    if view is None:
        return []
    out = []
    for part, cmd in view.commands():
        if cmd.program in APT and sub_of(cmd) == "install":
            out.append(Install(inst, part, cmd, DEBIAN))
        elif cmd.program == "apk" and sub_of(cmd) == "add":
            out.append(Install(inst, part, cmd, ALPINE))
    return out


def removes_packages(cmd: Command) -> bool:
    """apt-get purge/remove/autoremove, apt-mark auto, dpkg -P/-r, apk del."""
    sub = sub_of(cmd)
    if cmd.program in APT and sub in ("purge", "remove", "autoremove"):
        return True
    if cmd.program == "apt-mark" and sub == "auto":
        return True
    if cmd.program == "dpkg" and cmd.has_option("-P", "-r", "--purge", "--remove"):
        return True
    return cmd.program == "apk" and sub == "del"


def is_housekeeping(cmd: Command) -> bool:
    """Commands around an install that serve only it: index updates, cache cleanup, `set`."""
    sub = sub_of(cmd)
    if cmd.program in APT and sub in ("update", "clean", "autoclean"):
        return True
    if cmd.program == "apk" and sub in ("update",):
        return True
    if cmd.program in ("set", "true", ":") or (not cmd.argv and cmd.assignments):
        return True
    if cmd.program == "export":
        return True
    if cmd.program == "rm":
        paths = [w.value or "" for w in cmd.operands(after_subcommand=False)]
        return bool(paths) and all(
            p.startswith((LISTS, "/var/cache/apt", "/var/cache/apk", "/tmp/")) for p in paths
        )
    return False


def build_packages(stage: Stage) -> list[str]:
    """The build-only packages the stage installs (apt-get or apk), in order."""
    out: list[str] = []
    for inst in stage.runs():
        for ins in package_installs(stage.run(inst)):
            for name in ins.names:
                if name and is_build_only(name, ins.manager, release_of(stage.base)) and name not in out:
                    out.append(name)
    return out


def is_index_update(cmd: Command) -> bool:
    return (cmd.program in APT or cmd.program == "apk") and sub_of(cmd) == "update"




# --------------------------------------------------------------------------- programs


def programs(stage: Stage, inst: Instruction) -> list[str]:
    """Programs a RUN, CMD, ENTRYPOINT or HEALTHCHECK of the stage runs (shell form parsed,
    exec form's first word)."""
    target = inst
    if inst.kind == "HEALTHCHECK":
        rest = inst.rest
        if rest.upper().startswith("NONE"):
            return []
        idx = rest.upper().find("CMD")
        if idx == -1:
            return []
        body = rest[idx + 3 :].strip()
        if body.startswith("["):
            words = re.findall(r'"((?:[^"\\]|\\.)*)"', body)
            return [posixpath.basename(words[0])] if words else []
        return [c.program for c in parse_shell(body).commands if c.program]
    if target.kind == "RUN":
        view = stage.run(target).view
        if view is None:
            return [posixpath.basename(target.value[0])] if target.value else []
        return [c.program for _, c in view.commands() if c.program]
    if target.kind in ("CMD", "ENTRYPOINT"):
        if target.is_json:
            return [posixpath.basename(target.value[0])] if target.value else []
        return [c.program for c in parse_shell(target.rest).commands if c.program]
    return []


# programs the full official images (buildpack-deps) have and the slim ones lack, with the
# package that brings each
FULL_ONLY = {
    "curl": "curl", "wget": "wget", "git": "git", "ssh": "openssh-client", "scp": "openssh-client",
    "svn": "subversion", "hg": "mercurial", "make": "make", "gcc": "gcc", "g++": "g++", "cc": "gcc",
    "c++": "g++", "ps": "procps", "file": "file", "unzip": "unzip", "bzip2": "bzip2", "xz": "xz-utils",
    "gpg": "gpg", "patch": "patch", "pkg-config": "pkg-config",
}


def missing_programs(stage: Stage, inst: Instruction, installed: set[str], also: frozenset[str] = frozenset()) -> list[str]:
    """Programs the instruction runs that a slim image lacks and no install of the stage brings."""
    out = []
    for prog in programs(stage, inst):
        known = prog in FULL_ONLY or prog in also
        if known and FULL_ONLY.get(prog, prog) not in installed and prog not in installed and prog not in out:
            out.append(prog)
    return sorted(out)


def exec_words(inst: Instruction) -> list[str]:
    """The words of a CMD or ENTRYPOINT (exec form as is; shell form split on spaces)."""
    if inst.is_json:
        return list(inst.value)
    script = parse_shell(inst.rest)
    return [w.value or "" for c in script.commands[:1] for w in c.argv]
