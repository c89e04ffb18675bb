"""DS301's Node planner. With a build step (`npm run build`), npm installs and builds in a
builder stage and the runtime copies the production node_modules and the build output. Without
one, the builder installs the production dependencies only and the runtime copies
node_modules: the full `node` image's compilers stay in the builder, and native addons built
there get the runtime libraries they link (`dockslim.optimizer.node_addons`) installed in the
runtime stage. What package.json says (scripts, workspaces, dependencies) is read from the build
context when it is known."""

from __future__ import annotations

import posixpath
import re

from ...optimizer.context import BuildContext, context_of
from ...optimizer.findings import Edit
from ...optimizer.model import Model, Stage
from ...optimizer.node_addons import ADDONS, runtime_packages
from ...optimizer.packages import DEBIAN, family_of, is_build_step, knows_release, release_of, ships_toolchain
from ...optimizer.rules import Options
from ...optimizer.shell import Command
from ...optimizer.syntax import Instruction
from .._apt import official_image
from .._common import env_in_stage
from .._layers import workdir_before
from .commands import build_packages, exec_words, is_housekeeping, sub_of
from .package_json import INSTALL_SCRIPTS, Manifest, Unreadable, context_path, read_manifest
from .plan import (
    BUILDER, Plan, Refused, builder_text, hidden, leftover_updates, npm_commands, package_runs, runtime_package_edits,
    step_name,
)
from .stage_text import keyword, newline, unused_name

LOCKS = ("package-lock.json", "npm-shrinkwrap.json")
# options that already leave devDependencies out, or ask for them on purpose
_DEV_CHOSEN = ("--production", "--omit", "--only", "--include", "--dev")
# programs whose package has another name (the others share their package's name)
_BIN_PACKAGES = {"tsc": "typescript", "tsserver": "typescript", "babel": "@babel/cli", "babel-node": "@babel/node",
                 "nest": "@nestjs/cli"}
_INSTALLS = {"npm": ("ci", "install", "i"), "yarn": (None, "install"), "pnpm": ("install", "i")}
# what else the install's RUN may run with the package manager
_ALSO = {"npm": ("run", "run-script", "cache"), "yarn": ("cache",)}
_SCRIPT_CALL = re.compile(r"\b(?:npm run(?:-script)?|yarn(?: run)?|pnpm(?: run)?)\s+([\w:.-]+)")


def installs_without_build(stage: Stage, build_pkgs: list[str]) -> bool:
    """A Node service without a build step: package.json's dependencies installed on a full
    `node` image (or with build-only packages), with nothing built from them."""
    image = official_image(stage.base)
    if image is None or image[0] != "node" or not (ships_toolchain(stage.base) or build_pkgs):
        return False
    installs, builds = npm_commands(stage)
    return not builds and bool(installs or _other_installs(stage, ("yarn", "pnpm")))


def _other_installs(stage: Stage, programs: tuple[str, ...]) -> list:
    """(inst, part, cmd) of each `yarn` / `yarn install` / `pnpm install` of package.json."""
    out = []
    for inst in stage.runs():
        for part, cmd in inst.shell.commands() if inst.shell else ():
            if cmd.program in programs and sub_of(cmd) in _INSTALLS[cmd.program]:
                out.append((inst, part, cmd))
    return out


def node_split(model: Model, stage: Stage, options: Options) -> Plan:
    manager, (ainst, apart, acmd), (binst, bcmd) = _install_and_build(stage)
    if acmd.operands() or hidden(acmd) or (bcmd and hidden(bcmd)):
        raise Refused(f"line {ainst.start_line}: an {manager} install of named packages or inside a compound command")
    wd = _app_folder(model, stage, manager, (ainst, acmd), (binst, bcmd))
    _run_guards(stage, manager, ainst, binst)
    out = output_dir(model, stage, wd) if binst else None
    context = context_of(options.extra)
    manifest = _manifest(context, stage, ainst, wd)
    notes = _manifest_notes(context, manifest, manager)
    if binst is None:
        _start_guards(stage, manifest)
    libs = _addon_libraries(stage, manifest)
    runs = package_runs(stage, stage.base)
    for index, change in runs.items():
        if index in (ainst.index, binst and binst.index):
            raise Refused(f"line {model.instructions[index].start_line}: packages are installed in the {manager} RUN")
    name = unused_name(model, BUILDER, "build")
    packages = [p for found in libs.values() for p in found]
    edits = runtime_package_edits(model, stage, runs, tuple(packages))
    edits.extend(_copies(model, stage, name, wd, out, ainst, binst))
    for change in runs.values():
        edits.extend(change.edits)
    edits.extend(leftover_updates(stage, runs))
    moved = {i for i, r in runs.items() if r.deleted}
    why = f"; the runtime stage installs {', '.join(packages)} for {', '.join(libs)}" if packages else ""
    if binst is None:
        removed = build_packages(stage)
        kept = f"the build-only packages ({', '.join(removed)})" if removed else f"the compilers and headers of {stage.base}"
        install = _production_yarn if manager == "yarn" else _production_install
        rewrite = {ainst.index: install(model, stage, ainst, apart, acmd, context, wd)}
        return Plan(
            "node", builder_text(model, stage, ainst.index, name, rewrite, moved, []), tuple(edits),
            title=f"Install production dependencies in a `{name}` stage; copy node_modules into the runtime stage",
            message=f"the image that runs the app keeps {kept}; install the production dependencies in a `{name}` stage{why}",
            notes=notes,
        )
    prune = f"{keyword(model, 'RUN')} npm prune --omit=dev"
    return Plan(
        "node", builder_text(model, stage, binst.index, name, {}, moved, [prune]), tuple(edits),
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


def _manifest_notes(context, manifest, manager: str) -> tuple[str, ...]:
    """Refuses a package.json the split cannot handle; notes what goes unchecked without one."""
    if manifest is None and manager == "yarn":
        raise Refused("yarn: without the build context, yarn 1 and yarn 2+ (whose production installs differ) cannot be told apart")
    if manifest is None:
        return ("package.json was not read (the build context is not known): its install scripts, "
                "workspaces and native addons' runtime libraries are not checked",)
    _manifest_guards(manifest)
    if manager == "yarn" and _yarn_berry(context, manifest):
        raise Refused(f"yarn 2+ ({_yarn_berry(context, manifest)}): its production install is not handled")
    return ()


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
    yarns = [] if builds else _other_installs(stage, ("yarn",))
    for inst in stage.runs():
        for part, cmd in inst.shell.commands():
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
        for part, cmd in inst.shell.commands():
            if is_build_step(cmd) and cmd.program not in ("npm", "yarn"):
                raise Refused(f"line {inst.start_line}: `{step_name(cmd)}` builds too, and may need the build-only packages")
            if cmd.program == "npm" and sub_of(cmd) == "link":
                raise Refused(f"line {inst.start_line}: `npm link` makes links outside node_modules, which the runtime stage would not get")
            if not binst and inst.index > ainst.index and _uses_node_modules(cmd):
                raise Refused(f"line {inst.start_line}: `{step_name(cmd)}` runs after the install and may need devDependencies")
        if inst is ainst or inst is binst:
            for part, cmd in inst.shell.commands():
                if cmd.program != manager and not is_housekeeping(cmd):
                    raise Refused(f"line {inst.start_line}: the {manager} RUN also runs `{cmd.program}`")
                if cmd.program == manager and sub_of(cmd) not in _INSTALLS[manager] + also:
                    raise Refused(f"line {inst.start_line}: `{manager} {sub_of(cmd)}`")


def _uses_node_modules(cmd: Command) -> bool:
    """node, npx or an npm script: they may call what only the devDependencies bring."""
    return cmd.program in ("node", "nodejs", "npx") or (cmd.program == "npm" and sub_of(cmd) not in ("cache", None))


def _manifest(context: BuildContext | None, stage: Stage, inst: Instruction, wd: str) -> Manifest | None:
    """package.json as npm reads it at `inst`; None when the context is not known."""
    if context is None:
        return None
    path = context_path(context, stage, inst, posixpath.join(wd, "package.json"))
    if path is None:
        raise Refused(f"no COPY before line {inst.start_line} brings package.json into {wd}")
    try:
        return read_manifest(context, path)
    except Unreadable as why:
        raise Refused(str(why)) from None


def _manifest_guards(manifest: Manifest) -> None:
    if manifest.workspaces:
        raise Refused(f"{manifest.path} declares workspaces, which npm links into node_modules from their own folders")
    for script in INSTALL_SCRIPTS:
        if script in manifest.scripts:
            raise Refused(f"the `{script}` script of {manifest.path} runs at install "
                          f"(`{manifest.scripts[script]}`) and may need the source or devDependencies")


def _start_guards(stage: Stage, manifest: Manifest | None) -> None:
    """A CMD/ENTRYPOINT that calls devDependencies, through package.json's scripts; without
    package.json, one that runs npx or a package script other than `start`."""
    for kind in ("ENTRYPOINT", "CMD"):
        found = [i for i in stage.body if i.kind == kind]
        words = exec_words(found[-1]) if found else []
        if not words:
            continue
        if manifest is not None:
            needed = _dev_needed(words, manifest)
            if needed:
                raise Refused(f"line {found[-1].start_line}: {kind} needs devDependencies ({', '.join(needed)})")
            continue
        text = " ".join(words)
        called = set(_SCRIPT_CALL.findall(text)) | set(re.findall(r"\bnpm\s+(?!run\b|run-script\b)([\w:.-]+)", text))
        if re.search(r"\bnpx\b", text) or called - {"start"}:
            raise Refused(f"line {found[-1].start_line}: {kind} runs `{' '.join(words[:3])}`, which may call "
                          "devDependencies, and package.json was not read (the build context is not known)")


def _dev_needed(words: list[str], manifest: Manifest) -> list[str]:
    """The devDependencies a CMD calls, directly or through package.json's scripts."""
    texts = [" ".join(words)]
    seen: set[str] = set()
    used: set[str] = set()
    while texts:
        text = texts.pop()
        used.update(posixpath.basename(w) for w in re.split(r"[\s;&|()'\"]+", text) if w)
        called = _SCRIPT_CALL.findall(text) + (["start"] if re.search(r"\bnpm start\b", text) else [])
        for script in called:
            if script not in seen:
                seen.add(script)
                texts.extend(manifest.scripts.get(f"{p}{script}", "") for p in ("pre", "", "post"))
    return sorted({_BIN_PACKAGES.get(w, w) for w in used} & set(manifest.dev_dependencies))


def _addon_libraries(stage: Stage, manifest: Manifest | None) -> dict[str, tuple[str, ...]]:
    """addon -> the runtime packages its build links, for the dependencies the table knows."""
    if manifest is None:
        return {}
    family = family_of(stage.base)
    needy = [d for d in manifest.dependencies if d in ADDONS and ADDONS[d].dev]
    if needy and family == DEBIAN and not knows_release(stage.base):
        raise Refused(f"{needy[0]} links system libraries, and the Debian release of {stage.base} is not known")
    return runtime_packages(manifest.dependencies, family, release_of(stage.base))


def _production_install(model: Model, stage: Stage, inst: Instruction, part, cmd: Command,
                        context: BuildContext | None, wd: str) -> list[Edit]:
    """The builder's install of the production dependencies only: `npm ci` when the lock file
    is there, with `--omit=dev` (`--production` for npm 6, node 14 and older) unless the
    install or NODE_ENV already chooses."""
    sub = cmd.subcommand
    word = sub.value
    if word != "ci" and context is not None:
        locks = (context_path(context, stage, inst, posixpath.join(wd, name)) for name in LOCKS)
        if any(path is not None and context.has(path) for path in locks):
            word = "ci"
    chosen = cmd.has_option(*_DEV_CHOSEN) or _node_env(model, stage, inst, cmd)
    if not chosen:
        word += " " + _omit_dev(stage.base)
    if word == sub.value:
        return []
    return [Edit(part.src(sub.start), part.src_end(sub.end), word)]


def _production_yarn(model: Model, stage: Stage, inst: Instruction, part, cmd: Command,
                     context: BuildContext | None, wd: str) -> list[Edit]:
    """yarn 1's install of the production dependencies: `--production` unless the install or
    NODE_ENV already chooses, `--frozen-lockfile` when yarn.lock is copied in."""
    flags = []
    if not (cmd.has_option("--production", "--prod") or _node_env(model, stage, inst, cmd)):
        flags.append("--production")
    lock = context_path(context, stage, inst, posixpath.join(wd, "yarn.lock")) if context else None
    if lock and context.has(lock) and not cmd.has_option("--frozen-lockfile", "--pure-lockfile"):
        flags.append("--frozen-lockfile")
    if not flags:
        return []
    word = cmd.subcommand or cmd.program_word  # `yarn install` or a bare `yarn`
    return [Edit.insert(part.src_end(word.end), " " + " ".join(flags))]


def _yarn_berry(context: BuildContext, manifest: Manifest) -> str | None:
    """What shows yarn 2 or later: package.json's packageManager, or a .yarnrc.yml beside it."""
    if re.match(r"yarn@([2-9]|\d\d)", manifest.package_manager or ""):
        return f"packageManager {manifest.package_manager}"
    rc = posixpath.join(posixpath.dirname(manifest.path), ".yarnrc.yml")
    return rc if context.has(rc) else None


def _node_env(model: Model, stage: Stage, inst: Instruction, cmd: Command) -> bool:
    """NODE_ENV is set for the install (an ENV or ARG before it, or an assignment on it)."""
    return any((w.value or "").startswith("NODE_ENV=") for w in cmd.assignments) or (
        env_in_stage(model, stage, "NODE_ENV", inst) is not None
    )


def _omit_dev(base: str) -> str:
    tag = (official_image(base) or ("", ""))[1]
    major = re.match(r"(\d+)", tag)
    return "--production" if major and int(major.group(1)) < 15 else "--omit=dev"


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
