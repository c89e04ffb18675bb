"""DS301's Python planner: wheels built in a builder stage, installed from a bind mount of it."""

from __future__ import annotations

from ..optimizer.findings import Edit
from ..optimizer.model import Model, Stage
from ..optimizer.packages import is_build_step
from ..optimizer.rules import Options
from . import _stages as st
from ._split import BUILDER, Plan, Refused, builder_text, hidden, is_compile, leftover_updates, main_pips, package_runs, step_name

MOUNT = "--mount=type=bind,from={name},source=/wheels,target=/wheels"


def python_split(model: Model, stage: Stage, options: Options) -> Plan:
    pips = main_pips(stage)
    mains = [p for p in pips if p[3] == "main"]
    for inst, part, cmd, kind in pips:
        if kind == "editable":
            raise Refused(f"line {inst.start_line}: an editable install (`pip install -e`) needs the source in place")
        if kind == "opaque":
            raise Refused(f"line {inst.start_line}: `pip install` arguments dockslim cannot read")
        if hidden(cmd) or "pipeline" in cmd.context:
            raise Refused(f"line {inst.start_line}: a `pip install` inside a compound command")
    if not mains:
        return None
    last = max(inst.index for inst, *_ in mains)
    main_runs = {inst.index for inst, *_ in mains}
    for inst in stage.runs():
        for part, cmd in inst.shell.commands():
            if (is_build_step(cmd) or is_compile(cmd)) and not st.is_pip(cmd):
                raise Refused(f"line {inst.start_line}: `{step_name(cmd)}` builds too, and may need the build-only packages")
    runs = package_runs(stage, stage.base)
    name = st.unused_name(model, BUILDER, "build")
    dirs = {id(cmd): "/wheels" if len(mains) == 1 else f"/wheels/{n}" for n, (_, _, cmd, _) in enumerate(mains, 1)}
    cache_mount = options.strategy == "cache-mounts"
    rewrite: dict[int, list[Edit]] = {}
    edits: list[Edit] = []
    for inst, part, cmd, _ in mains:
        wheel = st.wheel_command(part, cmd, dirs[id(cmd)], not cache_mount)
        rewrite.setdefault(inst.index, []).append(Edit(part.src(cmd.start), part.src_end(cmd.end), wheel))
        change = st.runtime_pip_edits(part, cmd, dirs[id(cmd)], part.src_end(cmd.subcommand.end))
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
    removed = st.build_packages(stage)
    what = f" without {', '.join(removed)}" if removed else ""
    return Plan(
        "python", builder, tuple(edits),
        title=f"Build wheels in a `{name}` stage and install them in the runtime stage{what}",
        message=f"the stage builds Python packages and keeps what built them{what and ' (' + ', '.join(removed) + ')'}; "
        f"build the wheels in a `{name}` stage",
    )
