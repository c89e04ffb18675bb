"""DS301's Python planner: wheels built in a builder stage, installed from a bind mount of it."""

from __future__ import annotations

from ..optimizer.context import context_of
from ..optimizer.findings import Edit
from ..optimizer.model import Model, Stage
from ..optimizer.packages import family_of, is_build_step, release_of, ships_toolchain
from ..optimizer.python_libraries import Need, UnknownRuntime, runtime_needs
from ..optimizer.requirements import Files, Reader, Reading
from ..optimizer.rules import Options
from ..optimizer.shell import Command
from ..optimizer.syntax import Instruction
from . import _stages as st
from ._runtime_install import add_runtime_packages
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
    kept = {p for r in runs.values() if not r.deleted for p in r.kept}
    needs, notes = runtime_libraries(stage, mains, options, frozenset(kept))
    wanted = tuple(dict.fromkeys(p for n in needs for p in n.packages if p not in kept))
    name = st.unused_name(model, BUILDER, "build")
    dirs = {id(cmd): "/wheels" if len(mains) == 1 else f"/wheels/{n}" for n, (_, _, cmd, _) in enumerate(mains, 1)}
    cache_mount = options.strategy == "cache-mounts"
    rewrite: dict[int, list[Edit]] = {}
    edits: list[Edit] = runtime_package_edits(model, stage, runs, wanted)
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
    keeps = " and ".join(f"{', '.join(n.packages)} for {n.requirement.name} ({n.requirement.origin})" for n in needs)
    keeps = f"; the runtime stage keeps {keeps}" if keeps else ""
    return Plan(
        "python", builder, tuple(edits),
        title=f"Build wheels in a `{name}` stage and install them in the runtime stage{what}",
        message=f"the stage builds Python packages and keeps what built them{what and ' (' + ', '.join(removed) + ')'}; "
        f"build the wheels in a `{name}` stage{keeps}",
        notes=notes,
    )


NOT_READ = "the runtime libraries of the Python requirements"


def runtime_libraries(stage: Stage, mains: list, options: Options, kept: frozenset[str]) -> tuple[list[Need], tuple[str, ...]]:
    """The runtime packages the distributions the main installs name need (the full base
    image's -dev packages link them without the Dockerfile saying so), and notes on the
    requirement sources that could not be read."""
    context = context_of(options.extra)
    full = ships_toolchain(stage.base)
    if context is None:
        return [], (f"{NOT_READ}, since the build context is not known and the requirement files were not read",) if full else ()
    reading = Reading()
    for inst, part, cmd, _ in mains:
        args = [(st.long_name(a.option), a.value) for a in st.pip_args(cmd) or []]
        files = Files(stage, inst, context)
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


def exported(files: Files, inst: Instruction, pip: Command) -> dict[str, str]:
    """Requirement files the RUN writes from a lock file before `pip`: container path ->
    "poetry" (`poetry export -o FILE`) or "pipenv" (`pipenv requirements > FILE`)."""
    out = {}
    for _, cmd in inst.shell.commands():
        if cmd.start >= pip.start:
            break
        kind = {("poetry", "export"): "poetry", ("pipenv", "requirements"): "pipenv"}.get((cmd.program, st.sub_of(cmd)))
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


def runtime_package_edits(model: Model, stage: Stage, runs: dict[int, st.RunEdit], wanted: tuple[str, ...]) -> list[Edit]:
    """`wanted` runtime packages added to the stage's last install of its package manager,
    which the split already edits (one edit per word), or in a RUN of their own."""
    if not wanted:
        return []
    family = family_of(stage.base)
    last = max((i for i, r in runs.items() if any(x.manager == family for x in st.package_installs(model.instructions[i]))), default=None)
    if last is None:
        added = add_runtime_packages(model, stage, wanted)
        if isinstance(added, str):
            raise Refused(added)
        return added
    change = st.runtime_install_run(model.instructions[last], stage.base, wanted)
    if isinstance(change, str):
        raise Refused(change)
    runs[last] = change
    return []
