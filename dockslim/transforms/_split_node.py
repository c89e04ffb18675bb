"""DS301's Node planner: npm install and build in a builder stage; the runtime copies the
production node_modules and the build output."""

from __future__ import annotations

import posixpath

from ..optimizer.findings import Edit
from ..optimizer.model import Model, Stage
from ..optimizer.packages import is_build_step
from ..optimizer.rules import Options
from . import _stages as st
from ._layers import workdir_before
from ._split import BUILDER, Plan, Refused, builder_text, hidden, leftover_updates, npm_commands, package_runs, step_name


def node_split(model: Model, stage: Stage, options: Options) -> Plan:
    for inst in stage.runs():
        for part, cmd in inst.shell.commands():
            if cmd.program in ("yarn", "pnpm"):
                raise Refused(f"line {inst.start_line}: {cmd.program}: only npm is handled")
    installs, builds = npm_commands(stage)
    if len(installs) != 1 or len(builds) != 1:
        raise Refused("more than one `npm ci`/`npm install` or `npm run build`")
    (ainst, _, acmd), (binst, _, bcmd) = installs[0], builds[0]
    if acmd.operands() or hidden(acmd) or hidden(bcmd):
        raise Refused(f"line {ainst.start_line}: an npm install of named packages or inside a compound command")
    if (ainst.index, acmd.start) > (binst.index, bcmd.start):
        raise Refused("the build runs before the install")
    wd = workdir_before(model, stage, ainst)
    if workdir_before(model, stage, binst) != wd or wd == "/":
        raise Refused("the install and the build do not run in the same WORKDIR")
    for inst in stage.runs():
        for part, cmd in inst.shell.commands():
            if is_build_step(cmd) and cmd.program != "npm":
                raise Refused(f"line {inst.start_line}: `{step_name(cmd)}` builds too, and may need the build-only packages")
        if inst is ainst or inst is binst:
            for part, cmd in inst.shell.commands():
                if cmd.program != "npm" and not st.is_housekeeping(cmd):
                    raise Refused(f"line {inst.start_line}: the npm RUN also runs `{cmd.program}`")
                if cmd.program == "npm" and st.sub_of(cmd) not in ("ci", "install", "i", "run", "run-script", "cache"):
                    raise Refused(f"line {inst.start_line}: `npm {st.sub_of(cmd)}`")
    out = output_dir(model, stage, wd)
    runs = package_runs(stage, stage.base)
    for index, change in runs.items():
        if index in (ainst.index, binst.index):
            raise Refused(f"line {model.instructions[index].start_line}: packages are installed in the npm RUN")
    name = st.unused_name(model, BUILDER, "build")
    nl = st.newline(model)
    copy = st.keyword(model, "COPY")
    users = [i.value[0] for i in stage.body if i.kind == "USER" and i.index < ainst.index and i.value]
    if users and users[-1] not in ("root", "0", "0:0"):
        copy += f" --chown={users[-1]}"  # npm ran as that user: its files were the user's
    modules = f"{copy} --from={name} {wd}/node_modules ./node_modules"
    output = f"{copy} --from={name} {wd}/{out} ./{out}"
    edits: list[Edit] = []
    if ainst is binst:
        edits.append(Edit(ainst.start, ainst.end, modules + nl + output + nl))
    else:
        edits.append(Edit(ainst.start, ainst.end, modules + nl))
        edits.append(Edit(binst.start, binst.end, output + nl))
    for change in runs.values():
        edits.extend(change.edits)
    edits.extend(leftover_updates(stage, runs))
    moved = {i for i, r in runs.items() if r.deleted}
    prune = f"{st.keyword(model, 'RUN')} npm prune --omit=dev"
    builder = builder_text(model, stage, binst.index, name, {}, moved, [prune])
    return Plan(
        "node", builder, tuple(edits),
        title=f"Build in a `{name}` stage; copy production node_modules and {out}/ into the runtime stage",
        message=f"the stage keeps devDependencies and the build tree; build in a `{name}` stage",
    )


def output_dir(model: Model, stage: Stage, wd: str) -> str:
    """The directory the build writes, from the file CMD/ENTRYPOINT runs with node."""
    words: list[str] = []
    for kind in ("ENTRYPOINT", "CMD"):
        found = [i for i in stage.body if i.kind == kind]
        if found:
            words.extend(st.exec_words(found[-1]))
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
