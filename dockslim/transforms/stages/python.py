"""DS301's Python planner: wheels built in a builder stage and installed from a bind mount of it, or a
virtual environment the stage creates built there and copied whole; the runtime libraries the
requirements need (read from the build context) added to the runtime stage."""

from __future__ import annotations

import posixpath
import re
from typing import TYPE_CHECKING

from ...optimizer.context import context_of
from ...optimizer.findings import Edit
from ...optimizer.model import Model, Stage
from ...optimizer.packages import brings_python, family_of, is_build_step, release_of, ships_toolchain
from ...optimizer.rules import Options
from ...optimizer.scriptfacts import pipelines
from ...optimizer.shell import Command
from ...optimizer.syntax import Instruction
from ...optimizer.words import parse_words, unquote
from .._layers import workdir_before
from .build_only import RunEdit
from .commands import build_packages, is_housekeeping, package_installs, sub_of
from .cuts import remove_pipelines
from .pip import is_pip, long_name, pip_args, runtime_pip_edits, wheel_command
from .plan import (
    BUILDER, Plan, Refused, builder_text, hidden, is_compile, leftover_updates, main_pips, package_runs,
    runtime_package_edits, step_name,
)
from .stage_text import keyword, newline, unused_name

if TYPE_CHECKING:
    from ...optimizer.python_libraries import Need
    from ...optimizer.requirements import Files

MOUNT = "--mount=type=bind,from={name},source=/wheels,target=/wheels"


def python_split(model: Model, stage: Stage, options: Options) -> Plan:
    pips = main_pips(stage)
    mains = [p for p in pips if p[3] == "main"]
    _pip_guards(pips)
    if not mains:
        return None
    last = max(inst.index for inst, *_ in mains)
    main_runs = {inst.index for inst, *_ in mains}
    _other_build_guards(stage)
    runs = package_runs(stage, stage.base)
    kept = {p for r in runs.values() if not r.deleted for p in r.kept}
    needs, notes = runtime_libraries(stage, mains, options, frozenset(kept))
    wanted = tuple(dict.fromkeys(p for n in needs for p in n.packages if p not in kept))
    name = unused_name(model, BUILDER, "build")
    removed = build_packages(stage)
    keeps = " and ".join(f"{', '.join(n.packages)} for {n.requirement.name} ({n.requirement.origin})" for n in needs)
    keeps = f"; the runtime stage keeps {keeps}" if keeps else ""
    found = venv_of(model, stage, pips)
    plan = venv_split(model, stage, found, pips, runs, wanted, name) if found else None
    if plan is not None:
        builder, edits, venv = plan
        return _plan(builder, edits, removed, keeps, notes,
                     f"Build the virtual environment {venv} in a `{name}` stage and copy it into the runtime stage",
                     f"build the virtual environment {venv} in a `{name}` stage and copy it")
    dirs = {id(cmd): "/wheels" if len(mains) == 1 else f"/wheels/{n}" for n, (_, _, cmd, _) in enumerate(mains, 1)}
    cache_mount = options.strategy == "cache-mounts"
    rewrite: dict[int, list[Edit]] = {}
    edits: list[Edit] = runtime_package_edits(model, stage, runs, wanted)
    for inst, part, cmd, _ in mains:
        wheel = wheel_command(part, cmd, dirs[id(cmd)], not cache_mount)
        rewrite.setdefault(inst.index, []).append(Edit(part.src(cmd.start), part.src_end(cmd.end), wheel))
        change = runtime_pip_edits(part, cmd, dirs[id(cmd)], part.src_end(cmd.subcommand.end))
        if change is None:
            raise Refused(f"line {inst.start_line}: a `pip install` dockslim cannot rewrite")
        edits.extend(change)
    mount = MOUNT.format(name=name)
    for index in sorted(main_runs):
        inst = model.instructions[index]
        edits.append(Edit.insert(inst.keyword_end, f" {mount}"))
        if cache_mount:
            rewrite[index].append(Edit.insert(inst.keyword_end, " --mount=type=cache,target=/root/.cache/pip"))
    for index, change in runs.items():
        if index in main_runs and change.deleted:
            raise Refused(f"line {model.instructions[index].start_line}: cannot separate the install from pip")
        edits.extend(change.edits)
    edits.extend(leftover_updates(stage, runs))
    moved = {i for i, r in runs.items() if r.deleted}
    builder = builder_text(model, stage, last, name, rewrite, moved, [])
    return _plan(builder, edits, removed, keeps, notes,
                 f"Build wheels in a `{name}` stage and install them in the runtime stage", f"build the wheels in a `{name}` stage")


def _plan(builder: str, edits: list[Edit], removed: list[str], keeps: str, notes, title: str, how: str) -> Plan:
    """The Python split's plan: its title and message name the build-only packages left out
    (`removed`) and the runtime packages kept (`keeps`)."""
    what = f" without {', '.join(removed)}" if removed else ""
    return Plan(
        "python", builder, tuple(edits), title=f"{title}{what}",
        message=f"the stage builds Python packages and keeps what built them{what and ' (' + ', '.join(removed) + ')'}; "
        f"{how}{keeps}",
        notes=notes,
    )


def _pip_guards(pips) -> None:
    """Refuses pip installs that cannot move to a builder stage."""
    for inst, _part, cmd, kind in pips:
        if kind == "editable":
            raise Refused(f"line {inst.start_line}: an editable install (`pip install -e`) needs the source in place")
        if kind == "opaque":
            raise Refused(f"line {inst.start_line}: `pip install` arguments dockslim cannot read")
        if hidden(cmd) or "pipeline" in cmd.context:
            raise Refused(f"line {inst.start_line}: a `pip install` inside a compound command")


def _other_build_guards(stage: Stage) -> None:
    """Refuses a stage that builds with more than pip: that build may need the build-only packages."""
    for inst in stage.runs():
        for _part, cmd in inst.shell.commands():
            if (is_build_step(cmd) or is_compile(cmd)) and not is_pip(cmd):
                raise Refused(f"line {inst.start_line}: `{step_name(cmd)}` builds too, and may need the build-only packages")


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
        files.cwd = cd_before(files.cwd, inst, cmd)
        found = Reader(files).command_line(args, exported(files, inst, cmd))
        reading.requirements.extend(found.requirements)
        reading.problems.extend(p for p in found.problems if p not in reading.problems)
    try:
        needs = runtime_needs(reading.requirements, family_of(stage.base), release_of(stage.base), full, kept)
    except UnknownRuntime as why:
        raise Refused(str(why)) from None
    unique = {(n.requirement.name, n.packages): n for n in needs}
    notes = (f"{NOT_READ}, since {' and '.join(reading.problems)}",) if reading.problems else ()
    return list(unique.values()), notes


def cd_before(cwd: str, inst: Instruction, cmd: Command) -> str:
    """The folder `cmd` runs in after the `cd`s of its RUN before it (`cd /src && pip install
    -r requirements.txt`); a `cd` that is not a literal folder leaves it unknown ("")."""
    for _, other in inst.shell.commands():
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


def exported(files: Files, inst: Instruction, pip: Command) -> dict[str, str]:
    """Requirement files the RUN writes from a lock file before `pip`: container path ->
    "poetry" (`poetry export -o FILE`) or "pipenv" (`pipenv requirements > FILE`)."""
    out = {}
    for _, cmd in inst.shell.commands():
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


# packages that only create virtual environments or install into them: a copied venv needs
# none of them at run time, only the interpreter its pyvenv.cfg points to
VENV_TOOLS = frozenset({"python3-venv", "python3-pip", "python3-virtualenv", "virtualenv"})
_VENV_TOOL = re.compile(r"python3\.\d+-venv")


def venv_of(model: Model, stage: Stage, pips: list) -> str | None:
    """The virtual environment the stage creates (`python3 -m venv /opt/venv`, `virtualenv
    /opt/venv`) when every `pip install` installs into it (its own pip, an `ENV PATH` with
    its bin folder first, or its `activate` sourced in the same RUN) and no USER comes before
    them (the builder runs as root: the copy would change the files' owner)."""
    made = set()
    for inst in stage.runs():
        for _, cmd in inst.shell.commands():
            if cmd.python_module == "venv" or cmd.program == "virtualenv":
                ops = cmd.operands(after_subcommand=False)
                if hidden(cmd) or not ops or ops[-1].value is None:
                    return None
                made.add(posixpath.normpath(posixpath.join(workdir_before(model, stage, inst), ops[-1].value)))
    if len(made) != 1 or not pips:
        return None
    venv = made.pop()
    last = max(inst.index for inst, *_ in pips)
    if any(i.kind == "USER" for i in stage.body if i.index < last):
        return None
    return venv if all(_into(model, stage, inst, cmd, venv) for inst, _, cmd, _ in pips) else None


def _into(model: Model, stage: Stage, inst: Instruction, cmd: Command, venv: str) -> bool:
    word = cmd.program_word.value if cmd.program_word is not None else None
    if word and "/" in word:
        return posixpath.normpath(posixpath.join(workdir_before(model, stage, inst), word)).startswith(venv + "/bin/")
    bin_dir = venv + "/bin"
    if any(i.kind == "ENV" and "PATH" in i.rest and bin_dir in i.rest for i in stage.body if i.index < inst.index):
        return True
    return any(
        c.program in (".", "source") and any(w.value == bin_dir + "/activate" for w in c.operands(after_subcommand=False))
        for _, c in inst.shell.commands() if c.start < cmd.start
    )


def venv_split(model: Model, stage: Stage, venv: str, pips: list, runs: dict[int, RunEdit],
               wanted: tuple[str, ...], name: str) -> tuple[str, list[Edit], str] | None:
    """(builder, runtime edits, venv) of a split whose builder creates the virtual environment
    and installs into it, and whose runtime copies it whole (COPY --from) instead of
    creating it again; None when the commands cannot be cut out of their RUNs (the wheels
    plan is used then)."""
    nl = newline(model)
    runs = dict(runs)  # the wheels plan keeps the caller's
    interpreter = () if brings_python(stage.base) else ("python3",)
    package_edits = runtime_package_edits(model, stage, runs, (*interpreter, *wanted), _venv_tools(stage))
    dropped: dict[int, list[Command]] = {}
    for inst in stage.runs():
        for _, cmd in inst.shell.commands():
            creates = cmd.python_module == "venv" or cmd.program == "virtualenv"
            activates = cmd.program in (".", "source") and any((w.value or "").endswith("/bin/activate") for w in cmd.args)
            if creates or activates or any(cmd is p[2] for p in pips):
                dropped.setdefault(inst.index, []).append(cmd)
    edits: list[Edit] = []
    deleted: set[int] = set()
    for index, cmds in dropped.items():
        inst = model.instructions[index]
        view = inst.shell
        if len(view.parts) != 1:
            return None
        part = view.parts[0]
        pipes = pipelines(part.script)

        def gone(c: Command) -> bool:
            return any(c is d for d in cmds)

        if all(gone(c) or is_housekeeping(c) for p in pipes for c in p.commands):
            deleted.add(index)
            continue
        drop = [k for k, p in enumerate(pipes) if all(gone(c) for c in p.commands)]
        if any(gone(c) for k, p in enumerate(pipes) if k not in drop for c in p.commands):
            return None
        edit = remove_pipelines(part, pipes, drop)
        if edit is None or any(edit.start < e.end and e.start < edit.end for e in runs.get(index, RunEdit((), False, ())).edits):
            return None  # the RUN's install is edited too, next to the commands that go
        edits.append(edit)
    target = model.instructions[max(inst.index for inst, *_ in pips)]
    copy = f"{keyword(model, 'COPY')} --from={name} {venv} {venv}{nl}"
    ends = target.source[target.end - 1 : target.end] == "\n"
    for index in deleted:
        inst = model.instructions[index]
        if inst is target:
            edits.append(Edit(inst.start, inst.end, copy if ends else copy.rstrip("\r\n")))
        else:
            edits.append(Edit.delete(inst.leading_start, inst.end))
    if target.index not in deleted:
        edits.append(Edit.insert(target.end, ("" if ends else nl) + copy))
    edits.extend(package_edits)
    for change in runs.values():
        edits.extend(change.edits)
    edits.extend(leftover_updates(stage, runs))
    moved = {i for i, r in runs.items() if r.deleted}
    builder = builder_text(model, stage, target.index, name, {}, moved, [])
    return builder, edits, venv


def _venv_tools(stage: Stage) -> frozenset[str]:
    names = {n for inst in stage.runs() for x in package_installs(inst) for n in x.names}
    return VENV_TOOLS | {n for n in names if _VENV_TOOL.fullmatch(n)}
