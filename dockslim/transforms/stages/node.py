"""DS301's Node planner. With a build step (`npm run build`), npm installs and builds in a
builder stage and the runtime copies the production node_modules and the build output. Without
one, the builder installs the production dependencies only and the runtime copies
node_modules: the full `node` image's compilers stay in the builder, and native addons built
there get the runtime libraries they link (`dockslim.optimizer.node_addons`) installed in the
runtime stage. What package.json says (scripts, workspaces, dependencies) is read from the build
context when it is known."""

from __future__ import annotations

import posixpath

from ...optimizer.context import context_of
from ...optimizer.findings import Edit
from ...optimizer.model import Model, Stage
from ...optimizer.packages import is_build_step
from ...optimizer.rules import Options
from ...optimizer.shell import Command
from ...optimizer.syntax import Instruction
from .._layers import workdir_before
from .commands import build_packages, exec_words, is_housekeeping, sub_of
from .node_gyp import gyp_python
from .node_install import production_install, production_yarn
from .node_manifest import addon_libraries, manifest_at, manifest_notes, start_guards
from .plan import (
    BUILDER, INSTALLS, Plan, Refused, builder_text, hidden, is_npx_build, leftover_updates, npm_commands, other_installs,
    package_runs, runtime_package_edits, step_name,
)
from .stage_text import keyword, newline, unused_name

# what else the install's RUN may run with the package manager
_ALSO = {"npm": ("run", "run-script", "cache"), "yarn": ("cache",)}


def plan(model: Model, stage: Stage, options: Options) -> Plan:
    manager, (ainst, apart, acmd), (binst, bcmd) = _install_and_build(stage)
    if acmd.operands() or hidden(acmd) or (bcmd and hidden(bcmd)):
        raise Refused(f"line {ainst.start_line}: an {manager} install of named packages or inside a compound command")
    wd = _app_folder(model, stage, manager, (ainst, acmd), (binst, bcmd))
    _run_guards(stage, manager, ainst, binst)
    out = output_dir(model, stage, wd) if binst else None
    context = context_of(options.extra)
    manifest = manifest_at(context, stage, ainst, wd)
    notes = manifest_notes(context, manifest, manager)
    if binst is None:
        start_guards(stage, manifest, context, wd)
    libs = addon_libraries(stage, manifest)
    runs = package_runs(stage, stage.base)
    for index, change in runs.items():
        if index in (ainst.index, binst and binst.index):
            raise Refused(f"line {model.instructions[index].start_line}: packages are installed in the {manager} RUN")
    name = unused_name(model, BUILDER, "build")
    packages = [p for found in libs.values() for p in found]
    python = gyp_python(model, stage, options, manifest, tuple(i for i in (ainst, binst) if i))
    edits = runtime_package_edits(model, stage, runs, tuple(packages), frozenset(python))
    edits.extend(_copies(model, stage, name, wd, out, ainst, binst))
    for change in runs.values():
        edits.extend(change.edits)
    edits.extend(leftover_updates(stage, runs))
    why = f"; the runtime stage installs {', '.join(packages)} for {', '.join(libs)}" if packages else ""
    if python:
        why += f"; only the `{name}` stage installs {' and '.join(python)}, which only node-gyp runs"
    if binst is None:
        removed = build_packages(stage)
        kept = f"the build-only packages ({', '.join(removed)})" if removed else f"the compilers and headers of {stage.base}"
        install = production_yarn if manager == "yarn" else production_install
        rewrite = {ainst.index: install(model, stage, ainst, apart, acmd, context, wd)}
        return Plan(
            "node", builder_text(model, stage, ainst.index, name, rewrite, []), tuple(edits),
            title=f"Install production dependencies in a `{name}` stage; copy node_modules into the runtime stage",
            message=f"the image that runs the app keeps {kept}; install the production dependencies in a `{name}` stage{why}",
            notes=notes,
        )
    prune = f"{keyword(model, 'RUN')} npm prune --omit=dev"
    return Plan(
        "node", builder_text(model, stage, binst.index, name, {}, [prune]), tuple(edits),
        title=f"Build in a `{name}` stage; copy production node_modules and {out}/ into the runtime stage",
        message=f"the stage keeps devDependencies and the build tree; build in a `{name}` stage{why}",
        notes=notes,
    )


def _app_folder(model: Model, stage: Stage, manager: str, install, build) -> str:
    """The WORKDIR the install (and the build after it) run in: the application folder."""
    (ainst, acmd), (binst, bcmd) = install, build
    if binst and (ainst.index, acmd.start) > (binst.index, bcmd.start):
        raise Refused("the build runs before the install")
    wd = workdir_before(model, stage, ainst)
    if binst and (workdir_before(model, stage, binst) != wd or wd == "/"):
        raise Refused("the install and the build do not run in the same WORKDIR")
    if wd == "/":
        raise Refused(f"{manager} installs into /, not into an application folder (WORKDIR)")
    return wd


def _copies(model: Model, stage: Stage, name: str, wd: str, out: str | None, ainst, binst) -> list[Edit]:
    """The install (and the build) become COPYs of node_modules (and the build output)
    from the builder stage ``name``."""
    nl = newline(model)
    copy = keyword(model, "COPY")
    users = [i.value[0] for i in stage.body if i.kind == "USER" and i.index < ainst.index and i.value]
    if users and users[-1] not in ("root", "0", "0:0"):
        copy += f" --chown={users[-1]}"  # npm ran as that user: its files were the user's
    modules = f"{copy} --from={name} {wd}/node_modules ./node_modules"
    if binst is None:
        return [Edit(ainst.start, ainst.end, modules + nl)]
    output = f"{copy} --from={name} {wd}/{out} ./{out}"
    if ainst is binst:
        return [Edit(ainst.start, ainst.end, modules + nl + output + nl)]
    return [Edit(ainst.start, ainst.end, modules + nl), Edit(binst.start, binst.end, output + nl)]


def _install_and_build(stage: Stage):
    """(package manager, the install's (inst, part, cmd), the build's (inst, cmd) or Nones)."""
    installs, builds = npm_commands(stage)
    yarns = [] if builds else other_installs(stage, ("yarn",))
    for inst in stage.runs():
        for part, cmd in stage.run(inst).view.commands():
            if cmd.program == "pnpm" or (cmd.program == "yarn" and not any(cmd is y[2] for y in yarns)
                                         and sub_of(cmd) != "cache"):
                raise Refused(f"line {inst.start_line}: {cmd.program}: only npm, and yarn 1 without a build step, are handled")
    for inst, _, cmd in installs:
        if cmd.has_option("-g", "--global"):
            raise Refused(f"line {inst.start_line}: `npm install -g` installs a tool globally, which the runtime stage would still install with npm")
    if yarns and installs:
        raise Refused("both npm and yarn install packages")
    if len(yarns or installs) != 1 or len(builds) > 1:
        raise Refused("more than one `yarn install`" if yarns else "more than one `npm ci`/`npm install` or `npm run build`")
    build = (builds[0][0], builds[0][2]) if builds else (None, None)
    return "yarn" if yarns else "npm", (yarns or installs)[0], build


def _run_guards(stage: Stage, manager: str, ainst: Instruction, binst: Instruction | None) -> None:
    """Other build steps, `npm link`, what runs after a production install, and a RUN of the
    install or the build that does more than that."""
    also = _ALSO[manager] if binst else ("cache",)  # without a build, an `npm run` there would be lost
    for inst in stage.runs():
        for part, cmd in stage.run(inst).view.commands():
            if is_build_step(cmd) and cmd.program not in ("npm", "yarn"):
                raise Refused(f"line {inst.start_line}: `{step_name(cmd)}` builds too, and may need the build-only packages")
            if cmd.program == "npm" and sub_of(cmd) == "link":
                raise Refused(f"line {inst.start_line}: `npm link` makes links outside node_modules, which the runtime stage would not get")
            if not binst and inst.index > ainst.index and _uses_node_modules(cmd):
                raise Refused(f"line {inst.start_line}: `{step_name(cmd)}` runs after the install and may need devDependencies")
            if binst and ainst.index < inst.index < binst.index and _uses_node_modules(cmd):
                # the runtime stage would run it again, on the pruned node_modules (npx prisma generate)
                raise Refused(f"line {inst.start_line}: `{step_name(cmd)}` runs between the install and the build, "
                              "and the runtime stage would run it again without the devDependencies")
        if inst is ainst or inst is binst:
            for part, cmd in stage.run(inst).view.commands():
                if inst is binst and is_npx_build(cmd):
                    continue
                if cmd.program != manager and not is_housekeeping(cmd):
                    raise Refused(f"line {inst.start_line}: the {manager} RUN also runs `{cmd.program}`")
                if cmd.program == manager and sub_of(cmd) not in INSTALLS[manager] + also:
                    raise Refused(f"line {inst.start_line}: `{manager} {sub_of(cmd)}`")


def _uses_node_modules(cmd: Command) -> bool:
    """node, npx or an npm script: they may call what only the devDependencies bring."""
    return cmd.program in ("node", "nodejs", "npx") or (cmd.program == "npm" and sub_of(cmd) not in ("cache", None))


def output_dir(model: Model, stage: Stage, wd: str) -> str:
    """The directory the build writes, from the file CMD/ENTRYPOINT runs with node."""
    words: list[str] = []
    for kind in ("ENTRYPOINT", "CMD"):
        found = [i for i in stage.body if i.kind == kind]
        if found:
            words.extend(exec_words(found[-1]))
    if not words or posixpath.basename(words[0]) not in ("node", "nodejs"):
        raise Refused("CMD/ENTRYPOINT does not run node on a file, so the build output directory is not shown")
    script = next((w for w in words[1:] if not w.startswith("-")), None)
    if not script:
        raise Refused("CMD/ENTRYPOINT does not name the script node runs")
    path = posixpath.normpath(posixpath.join(wd, script))
    rel = posixpath.relpath(path, wd)
    if rel.startswith("..") or "/" not in rel:
        raise Refused(f"node runs {script}, which is not in a build output directory under {wd}")
    return rel.split("/", 1)[0]
