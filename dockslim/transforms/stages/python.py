"""DS301's Python planner: wheels built in a builder stage and installed from a bind mount of it, or a
virtual environment the stage creates built there and copied whole; the runtime libraries the
requirements need (read from the build context) added to the runtime stage."""

from __future__ import annotations

from ...optimizer.findings import Edit
from ...optimizer.model import Model, Stage
from ...optimizer.packages import is_build_step
from ...optimizer.rules import Options
from ...optimizer.scriptfacts import pipelines
from .commands import build_packages, is_housekeeping, is_install
from .pip import is_pip, runtime_pip_edits, wheel_command
from .plan import (
    BUILDER, Builder, Plan, Refused, builder_text, hidden, is_compile, leftover_updates, main_pips, package_runs,
    runtime_package_edits, step_name,
)
from .python_requirements import runtime_libraries
from .python_venv import venv_of, venv_split
from .stage_text import unused_name

MOUNT = "--mount=type=bind,from={name},source=/wheels,target=/wheels"
# commands that use nothing pip installs
NEUTRAL = frozenset(("cd", "echo", "printf", "mkdir", "rm", "ln", "cp", "mv", "touch", "chmod", "chown", "test", "[",
                     "useradd", "adduser", "groupadd", "addgroup"))


def plan(model: Model, stage: Stage, options: Options) -> Plan | None:
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
    whole = venv_split(model, stage, found, pips, runs, wanted, name) if found else None
    if whole is not None:
        builder, edits, venv = whole
        return _described(builder, edits, removed, keeps, notes,
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
    for index, cut in _builder_tail(stage, mains).items():
        rewrite.setdefault(index, []).extend(cut)
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
    builder = builder_text(model, stage, last, name, rewrite, [])
    return _described(builder, edits, removed, keeps, notes,
                 f"Build wheels in a `{name}` stage and install them in the runtime stage", f"build the wheels in a `{name}` stage")


def _described(builder: Builder, edits: list[Edit], removed: list[str], keeps: str, notes, title: str, how: str) -> Plan:
    """The Python split's plan: its title and message name the build-only packages left out
    (`removed`) and the runtime packages kept (`keeps`)."""
    what = f" without {', '.join(removed)}" if removed else ""
    return Plan(
        "python", builder, tuple(edits), title=f"{title}{what}",
        message=f"the stage builds Python packages and keeps what built them{what and ' (' + ', '.join(removed) + ')'}; "
        f"{how}{keeps}",
        notes=notes,
    )


def _builder_tail(stage: Stage, mains: list) -> dict[int, tuple[Edit, ...]]:
    """The builder builds wheels and installs nothing: a command after a main `pip install`
    that may use what it installed (`python -m spacy download`, `python manage.py ...`) fails
    there. After the last one, in its RUN, such commands are cut from the builder's copy (the
    runtime stage still runs them); elsewhere in the builder they are refused."""
    first = min((inst.index, cmd.start) for inst, _, cmd, _ in mains)
    last_inst, last_part, last_cmd, _ = max(mains, key=lambda m: (m[0].index, m[2].start))
    last = (last_inst.index, last_cmd.start)
    for inst in stage.runs():
        if not first[0] <= inst.index <= last[0]:
            continue
        for _, cmd in stage.run(inst).view.commands():
            if first < (inst.index, cmd.start) < last and _may_use_packages(cmd):
                raise Refused(f"line {inst.start_line}: `{cmd.program}` runs between the `pip install`s and may use"
                              " what they installed, which the builder stage only builds into wheels")
    pipes = pipelines(last_part.script)
    k = next(n for n, p in enumerate(pipes) if any(c is last_cmd for c in p.commands)) + 1
    if not any(_may_use_packages(c) for p in pipes[k:] for c in p.commands):
        return {}
    if pipes[k - 1].op_after not in ("&&", ";", "\n"):
        raise Refused(f"line {last_inst.start_line}: the commands after `pip install` may use what it installed,"
                      " and they run only if it fails")
    # the builder's copy only: the comments among them go too, the runtime keeps them all
    return {last_inst.index: (Edit.delete(last_part.src_end(pipes[k - 1].end), last_part.src_end(pipes[-1].end)),)}


def _may_use_packages(cmd) -> bool:
    return not (is_pip(cmd) or is_housekeeping(cmd) or is_install(cmd) or cmd.program in NEUTRAL)


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
        for _part, cmd in stage.run(inst).view.commands():
            if (is_build_step(cmd) or is_compile(cmd)) and not is_pip(cmd):
                raise Refused(f"line {inst.start_line}: `{step_name(cmd)}` builds too, and may need the build-only packages")
