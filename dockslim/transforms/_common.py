"""Small questions several passes ask of a stage or a RUN."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from ..optimizer.edits import append
from ..optimizer.findings import Applicability, Finding
from ..optimizer.model import Model, Stage
from ..optimizer.rules import PassSpec
from ..optimizer.shell import Command
from ..optimizer.shellview import ShellPart, ShellView
from ..optimizer.syntax import Flag, Instruction
from ..optimizer.words import parse_words, unquote

TOP = ((), ("pipeline",))  # the contexts of a command of the script's own list
PIP = re.compile(r"pip(\d+(\.\d+)?)?")

# --------------------------------------------------------------------------- stages


def lineage(stage: Stage) -> list[Stage]:
    """The stage and the stages it is built FROM, root first."""
    out = []
    while stage is not None:
        out.append(stage)
        stage = stage.parent
    return out[::-1]


def root_of(stage: Stage) -> Stage:
    return lineage(stage)[0]


def ran_before(stage: Stage, inst: Instruction | None = None) -> Iterator[Instruction]:
    """Every instruction that ran before `inst` in its image: the bodies of the stages it is
    built FROM, then its own stage's (all of them when `inst` is None)."""
    for st in lineage(stage):
        for other in st.body:
            if inst is not None and other.index >= inst.index:
                return
            yield other


def readable_runs(model: Model) -> Iterator[tuple[Stage, Instruction, ShellView]]:
    """(stage, RUN, shell view) for every RUN whose shell syntax dockslim can read."""
    for run in model.runs():
        if run.readable is not None:
            yield run.stage, run.inst, run.readable


def later_runs(model: Model, stage: Stage, inst: Instruction) -> list[Instruction]:
    """RUNs after `inst` in its stage and in every stage built FROM it."""
    out = [r for r in stage.runs() if r.index > inst.index]
    for child in model.children(stage):
        out.extend(child.runs())
    return out


def later_uses(
    model: Model, stage: Stage, inst: Instruction, test: Callable[[Command], bool],
    unreadable: bool | Callable[[Instruction], bool] = True,
) -> bool:
    """A later RUN (see later_runs) runs a command for which `test` holds; `unreadable` says
    what to assume of a RUN whose commands cannot be read (exec form, broken syntax)."""
    for run in later_runs(model, stage, inst):
        view = model.run(run).view
        if view is None or not view.ok:
            if unreadable(run) if callable(unreadable) else unreadable:
                return True
        elif any(test(c) for _, c in view.commands()):
            return True
    return False


def env_in_stage(model: Model, stage: Stage, name: str, before: Instruction | None = None) -> str | None:
    """The value an ENV or ARG default gives `name` in the stage (or a parent) before `before`."""
    value = None
    for inst in ran_before(stage, before):
        if inst.kind == "ENV":
            vals = inst.value
            for k, v in zip(vals[::2], vals[1::2]):
                if k == name:
                    value = unquote(v)
        elif inst.kind == "ARG":
            for word, _, _ in parse_words(inst.rest, inst.escape):
                k, eq, v = word.partition("=")
                if k == name and eq:
                    value = unquote(v)
    return value


def root_home(model: Model, stage: Stage, inst: Instruction) -> str | None:
    """'/root' when the RUN runs as root with the default HOME, else None (home unknown)."""
    user = None
    for i in ran_before(stage, inst):
        if i.kind == "USER":
            user = i.rest.split(":", 1)[0].strip()
    if user not in (None, "root", "0"):
        return None
    home = env_in_stage(model, stage, "HOME", before=inst)
    return "/root" if home in (None, "/root", "/root/") else None


# --------------------------------------------------------------------------- mounts


def mount_over(inst: Instruction, path: str, types: tuple[str, ...] | None = ("cache", "tmpfs")) -> Flag | None:
    """The `--mount` of one of `types` (None: any type) on `path` or a parent of it."""
    path = path.rstrip("/")
    for flag in inst.flags_named("mount"):
        if types is not None and flag.options.get("type") not in types:
            continue
        target = _target(flag)
        if target and (path == target or path.startswith(target + "/")):
            return flag
    return None


def _target(flag: Flag) -> str:
    opts = flag.options
    return (opts.get("target") or opts.get("dst") or opts.get("destination") or "").rstrip("/")


def cache_mount_targets(inst: Instruction) -> list[str]:
    """Targets of `RUN --mount=type=cache,...` on this RUN."""
    return [_target(f) for f in inst.flags_named("mount") if f.options.get("type") == "cache"]


def under_cache_mount(inst: Instruction, path: str) -> bool:
    return mount_over(inst, path, ("cache",)) is not None


# --------------------------------------------------------------------------- commands


def sub(cmd: Command) -> str | None:
    """The subcommand's value (`install` of `apt-get install`), or None."""
    word = cmd.subcommand
    return word.value if word is not None else None


def is_pip(cmd: Command) -> bool:
    """`pip`, `pip3`, `pip3.12`, `python -m pip` (with sudo, env, ... in front)."""
    return bool(PIP.fullmatch(cmd.program or "")) or cmd.python_module == "pip"


def at_top(cmd: Command) -> bool:
    """The command runs in the script's own list (not inside `if`, a loop, a subshell...)."""
    return cmd.context in TOP


def privilege_prefix(cmd: Command) -> str | None:
    """`sudo ...`/`doas ...` words in front of the command (assignments left out), so that a
    follow-up runs as the same user: "" when there are none, None when they are not literal."""
    words = cmd.wrappers
    if not words or words[0].value not in ("sudo", "doas"):
        return ""
    if any(w.value is None for w in words):
        return None
    return " ".join(w.text for w in words if w.value.startswith("-") or "=" not in w.value) + " "


def assigns(cmd: Command, names: tuple[str, ...]) -> bool:
    """True when a `NAME=value` prefix (or one given to sudo/env) sets one of `names`."""
    words = list(cmd.assignments) + [w for w in cmd.wrappers if w.value and "=" in w.value]
    return any((w.value or w.text).split("=", 1)[0] in names for w in words)


def rm_targets(view: ShellView) -> list[str]:
    """The operand texts of every `rm` the RUN runs."""
    return [w.text for _, c in view.commands() if c.program == "rm" for w in c.operands(after_subcommand=False)]


# --------------------------------------------------------------------------- appending


def append_finding(
    spec: PassSpec, stage: Stage, inst: Instruction, found: list[tuple[ShellPart, Command]], commands: list[str],
    message: str, title: str, applicability: Applicability | None = None,
) -> Finding | None:
    """A finding on the first command `found` whose fix appends `commands` (edits.append) to
    the script that runs them; None when they run in several scripts (heredocs) or nothing can
    follow the script's end."""
    part, cmd = found[0]
    if any(p is not part for p, _ in found):
        return None
    edits = append(part, commands, stage.shell_for(inst))
    if not edits:
        return None
    return spec.report(part.span(cmd), message, spec.fix(title, *edits, applicability=applicability))
