"""The runtime libraries the Python requirements need: the requirement files and lock-file
exports the main `pip install`s read, found in the build context through the stage's COPYs,
WORKDIR, `cd`s and PIP_* variables."""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from ...optimizer.context import context_of
from ...optimizer.model import Stage
from ...optimizer.packages import family_of, release_of, ships_toolchain
from ...optimizer.rules import Options
from ...optimizer.shell import Command
from ...optimizer.shellview import ShellView
from ...optimizer.syntax import Instruction
from ...optimizer.words import parse_words, unquote
from .commands import sub_of
from .pip import long_name, pip_args
from .plan import Refused

if TYPE_CHECKING:
    from ...optimizer.python_libraries import Need
    from ...optimizer.requirements import Files

NOT_READ = "the runtime libraries of the Python requirements"


def runtime_libraries(stage: Stage, mains: list, options: Options, kept: frozenset[str]) -> tuple[list[Need], tuple[str, ...]]:
    """The runtime packages the distributions the main installs name need (the full base
    image's -dev packages link them without the Dockerfile saying so), and notes on the
    requirement sources that could not be read."""
    # read only when a Python stage is split: most files never need the parsers (cold start)
    from ...optimizer.python_libraries import UnknownRuntime, runtime_needs
    from ...optimizer.requirements import Files, Reader, Reading

    context = context_of(options.extra)
    full = ships_toolchain(stage.base)
    if context is None:
        return [], (f"{NOT_READ}, since the build context is not known and the requirement files were not read",) if full else ()
    reading = Reading()
    for inst, part, cmd, _ in mains:
        args = [(long_name(a.option), a.value) for a in pip_args(cmd) or []]
        args += [("--no-binary", v) for v in pip_env(stage, inst, "PIP_NO_BINARY")]
        files = Files(stage, inst, context)
        view = stage.run(inst).view
        files.cwd = cd_before(files.cwd, view, cmd)
        found = Reader(files).command_line(args, exported(files, view, cmd))
        reading.requirements.extend(found.requirements)
        reading.problems.extend(p for p in found.problems if p not in reading.problems)
    try:
        needs = runtime_needs(reading.requirements, family_of(stage.base), release_of(stage.base), full, kept)
    except UnknownRuntime as why:
        raise Refused(str(why)) from None
    unique = {(n.requirement.name, n.packages): n for n in needs}
    notes = (f"{NOT_READ}, since {' and '.join(reading.problems)}",) if reading.problems else ()
    return list(unique.values()), notes


def cd_before(cwd: str, view: ShellView, cmd: Command) -> str:
    """The folder `cmd` runs in after the `cd`s of its RUN before it (`cd /src && pip install
    -r requirements.txt`); a `cd` that is not a literal folder leaves it unknown ("")."""
    for _, other in view.commands():
        if other.start >= cmd.start:
            break
        if other.program == "cd" and tuple(other.context) in ((), ("pipeline",)):
            ops = other.operands(after_subcommand=False)
            target = ops[0].value if ops else "/root"
            cwd = posixpath.normpath(posixpath.join(cwd, target)) if target and cwd else ""
    return cwd


def pip_env(stage: Stage, before: Instruction, name: str) -> list[str]:
    """Values the stage's ENV instructions give `name` before an instruction (pip reads its
    options from `PIP_<OPTION>` variables too: `ENV PIP_NO_BINARY=lxml`)."""
    out = []
    for inst in stage.body:
        if inst.index >= before.index:
            break
        if inst.kind != "ENV":
            continue
        words = [unquote(w) for w, _, _ in parse_words(inst.rest, inst.escape)]
        if len(words) == 2 and words[0] == name and "=" not in words[0]:
            out.append(words[1])  # the old `ENV NAME value` form
        out.extend(w.split("=", 1)[1] for w in words if w.startswith(name + "="))
    return out


def exported(files: Files, view: ShellView, pip: Command) -> dict[str, str]:
    """Requirement files the RUN writes from a lock file before `pip`: container path ->
    "poetry" (`poetry export -o FILE`) or "pipenv" (`pipenv requirements > FILE`)."""
    out = {}
    for _, cmd in view.commands():
        if cmd.start >= pip.start:
            break
        kind = {("poetry", "export"): "poetry", ("pipenv", "requirements"): "pipenv"}.get((cmd.program, sub_of(cmd)))
        if kind is None:
            continue
        target = _output(cmd) if kind == "poetry" else None
        target = target or next((r.target.value for r in cmd.redirects if r.op in (">", ">|") and r.target is not None and r.fd in (None, "1")), None)
        if target:
            out[files.absolute(target)] = kind
    return out


def _output(cmd: Command) -> str | None:
    """The file of `-o FILE` / `--output FILE` / `--output=FILE`."""
    words = [w.value for w in cmd.args]
    for i, word in enumerate(words):
        if word in ("-o", "--output") and i + 1 < len(words):
            return words[i + 1]
        if word and word.startswith("--output="):
            return word.split("=", 1)[1]
    return None
