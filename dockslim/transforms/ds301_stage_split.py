"""DS301 stage-split: one stage both builds and runs the application; split it into a builder and a runtime stage.

## What it does
Recognises a single-stage Dockerfile that builds something and splits it into a `builder`
stage and the runtime stage (the original stage, edited as little as possible):

- **Python**: build-only packages (`gcc`, `build-essential`, `libpq-dev`, ...) and
  `pip install` of requirements (`-r requirements.txt`, `.`, named packages; also after a
  `poetry export` or `pipenv requirements` in the same RUN). The builder is `FROM <same base>
  AS builder` with the stage's instructions up to the last `pip install` (same packages,
  ENV, WORKDIR, COPYs), whose `pip install` becomes `pip wheel --wheel-dir /wheels`. In the
  runtime stage the build-only packages are replaced by the runtime libraries they stand for
  (`libpq-dev` -> `libpq5`; `gcc` goes), and `pip install` installs the built wheels from a
  bind mount of the builder: `RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels
  pip install --no-index --find-links=/wheels /wheels/*.whl`.
- **Node**: `npm ci` (or `npm install`) and `npm run build`, with the build output directory
  shown by CMD/ENTRYPOINT (`node dist/server.js`). The builder runs the stage up to the build,
  then `npm prune --omit=dev`; the runtime copies `node_modules` (production dependencies
  only) and the output directory from it instead of running npm (`--chown` to the USER npm
  ran as).
- **Compiled binaries**: `go build -o X`, `gcc ... -o X`, and `cargo build --release` or
  `make` when CMD/ENTRYPOINT names the binary. The builder is the stage up to the build; the
  runtime starts from the slim image of the same release (`golang:1.22` -> `debian:bookworm-slim`,
  `golang:1.25` -> `debian:trixie-slim`, `golang:1.22-alpine3.19` -> `alpine:3.19`), keeps the configuration instructions, user
  setup, packages other than build-only ones and files copied outside the build directory,
  and copies the binary: `COPY --from=builder /bin/server /bin/server`.

The builder keeps the stage's instructions as written (all its packages, ENV, ARG, WORKDIR,
COPY, other RUNs), without USER and image configuration, so the build sees what it saw
before; the runtime stage keeps every instruction that is not build work. The builder text
goes right before the FROM, after the comments above it.

Everything else is left alone, with a note that says why ("left alone: ..."): files with
several stages already, ONBUILD instructions or ONBUILD base images, RUNs dockslim cannot
read, build steps it does not know (`python setup.py install`, `poetry install`, `make
install`, yarn), editable installs, package lists with variables, stages that already remove
their build packages (DS120's fix), a CMD that runs a compiler, unknown base images, and
build packages on a release whose package names dockslim has no data for (`debian:sid`,
`python:3.7`; it knows Debian buster to trixie, Ubuntu focal, jammy, noble and Alpine 3.12+:
the runtime stage installs that release's library names, `libffi7` on bullseye, `libffi8` on
bookworm, `libssl3t64` on trixie).

## Why it makes the image smaller
Compilers and headers (150-300 MB on Debian), pip's build trees, devDependencies and Go or
Rust toolchains (500 MB-1 GB) are needed to build, never to run. In a builder stage they stay
out of the final image; only the wheels' installed files, the production `node_modules` or
the binary reach it. The runtime stage is then free to start from a slim base image (DS302).

## Example
    FROM python:3.11
    WORKDIR /app
    RUN apt-get update && apt-get install -y gcc libpq-dev postgresql-client
    COPY requirements.txt .
    RUN pip install -r requirements.txt
    COPY . .
    CMD ["python", "manage.py", "runserver"]
becomes
    FROM python:3.11 AS builder
    WORKDIR /app
    RUN apt-get update && apt-get install -y gcc libpq-dev postgresql-client
    COPY requirements.txt .
    RUN pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt

    FROM python:3.11
    WORKDIR /app
    RUN apt-get update && apt-get install -y libpq5 postgresql-client
    COPY requirements.txt .
    RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels pip install --no-index --find-links=/wheels /wheels/*.whl
    COPY . .
    CMD ["python", "manage.py", "runserver"]

## Fix safety
Unsafe. What the final image contains changes by design, and a Dockerfile does not show
everything the application needs at run time: a native module may link a library that only a
build-only package pulled in and that the package data does not name; code that compiles at
run time (cffi, numba, node-gyp at start) loses its compiler; a compiled program may read
files that were copied into the build directory (templates, migrations), which the runtime
of a compiled split does not copy, and loses the environment its toolchain image set
(`GOPATH`, `PATH` entries; ENV instructions of the file stay). `/wheels/*.whl` installs exactly the wheels the builder
resolved from the same requirements, which also works with hash-checking requirement files
(wheels built from source cannot match an sdist's hash; `--require-hashes` and `--no-binary`
are dropped from the runtime install for that reason). A compiled program's runtime is the
`debian:*-slim` of the release its builder is built on, since a binary linked against a newer
C library does not start on an older one. Tags that name no release are read by the images'
history: trixie for `golang` 1.24 and later, `rust` 1.89 and later, `gcc` 15 and later and
every `latest` (the images moved to trixie in August 2025), bookworm for `golang` 1.20-1.23,
`rust` 1.71-1.88 and `gcc` 13-14 (`packages.default_release`, which also places `python`,
`node` and `ruby` tags); other tags (`golang:1.18`, `golang:tip`) are left alone.
Run `dockslim verify` with a smoke command; `dockslim.optimizer.runtime_libs.runtime_packages` lists the libraries the
built files really link.

## How verify shows it
The final image loses the build packages' files (gcc, headers, `libpq-dev`), pip's and npm's
build trees and devDependencies, or the whole toolchain; the per-layer table shows the
builder's layers gone and a bind-mounted install in their place. The smoke command shows that
native modules still load (their runtime libraries stay).

## Related hadolint rule
None: hadolint has no rule about stages. Related: DL3059 (consolidate RUNs), DL3042 (pip cache).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..optimizer.findings import Applicability, Edit, Finding, Fix
from ..optimizer.model import Model, Stage
from ..optimizer.packages import (
    ALPINE,
    TOOLCHAIN_PROGRAMS,
    family_of,
    is_build_step,
    is_cleanup,
    knows_release,
    release_of,
    ships_toolchain,
)
from ..optimizer.rules import Options, PassSpec, Phase
from ..optimizer.scriptfacts import posix_shell
from ..optimizer.shell import Command
from ..optimizer.syntax import Instruction
from . import _stages as st
from ._apt import HIDDEN, official_image, update_only
from ._layers import workdir_before

SPEC = PassSpec(
    code="DS301",
    name="stage-split",
    phase=Phase.STAGES,
    summary="Split a single stage that builds into a builder stage and a runtime stage without the build tools",
    applicability=Applicability.UNSAFE,
    kinds=("FROM", "RUN", "COPY", "ADD"),
)

BUILDER = "builder"
MOUNT = "--mount=type=bind,from={name},source=/wheels,target=/wheels"
# RUNs of these only set the image up (users, directories): a compiled runtime keeps them
SETUP = frozenset(
    ("useradd", "adduser", "groupadd", "addgroup", "usermod", "mkdir", "chown", "chmod", "ln", "echo", "true", ":", "set")
)
# programs that build when the container starts: the runtime needs the toolchain then
BUILDS_AT_START = TOOLCHAIN_PROGRAMS | {"go"}
GO_PREP = {("go", "mod"), ("go", "get"), ("cargo", "fetch")}


class Refused(Exception):
    """Why the stage is left alone."""


@dataclass(frozen=True)
class Plan:
    shape: str
    builder: str  # the text of the builder stage, inserted before the FROM
    edits: tuple[Edit, ...]  # the runtime stage's edits
    title: str
    message: str


# --------------------------------------------------------------------------- check


def check(model: Model, options: Options) -> Iterator[Finding]:
    if not model.stages:
        return
    stage = model.final
    frm = stage.from_
    try:
        if len(model.stages) > 1:
            if shapes(stage, st.build_packages(stage)):
                raise Refused(f"the file already has {len(model.stages)} stages")
            return
        plan = split(model, stage, options)
    except Refused as why:
        yield Finding.left_alone(SPEC.code, str(why), frm.start, frm.end)
        return
    if plan is None:
        return
    edits = (Edit.insert(st.insertion_point(model, frm.start), plan.builder), *plan.edits)
    yield Finding(SPEC.code, plan.message, frm.start, frm.end, Fix(plan.title, Applicability.UNSAFE, edits))


# --------------------------------------------------------------------------- recognising


def compile_commands(stage: Stage) -> list[tuple[Instruction, object, Command]]:
    out = []
    for inst in stage.runs():
        view = inst.shell
        if view is None:
            continue
        for part, cmd in view.commands():
            if is_compile(cmd):
                out.append((inst, part, cmd))
    return out


def is_compile(cmd: Command) -> bool:
    """`go build`, `cargo build`, `make`, a C compiler."""
    if cmd.program in ("go", "cargo"):
        return st.sub_of(cmd) == "build"
    return cmd.program in ("make", "gcc", "g++", "cc", "c++", "clang", "clang++")


def npm_commands(stage: Stage) -> tuple[list, list]:
    """(installs, builds): `npm ci`/`npm install` of package.json, and `npm run build*`."""
    installs, builds = [], []
    for inst in stage.runs():
        view = inst.shell
        if view is None:
            continue
        for part, cmd in view.commands():
            if cmd.program != "npm":
                continue
            sub = st.sub_of(cmd)
            if sub in ("ci", "install", "i"):
                installs.append((inst, part, cmd))
            elif sub in ("run", "run-script") and any((w.value or "").startswith("build") for w in cmd.operands()[:1]):
                builds.append((inst, part, cmd))
    return installs, builds


def main_pips(stage: Stage) -> list[tuple[Instruction, object, Command, str]]:
    out = []
    for inst in stage.runs():
        view = inst.shell
        if view is None:
            continue
        for part, cmd in st.pip_installs(view):
            out.append((inst, part, cmd, st.pip_kind(cmd)))
    return out


def shapes(stage: Stage, build_pkgs: list[str]) -> list[str]:
    """The build shapes a stage shows."""
    found = []
    if compile_commands(stage):
        found.append("compiled")
    if npm_commands(stage)[1]:
        found.append("node")
    pips = [p for p in main_pips(stage) if p[3] != "tooling"]
    if pips and (build_pkgs or ships_toolchain(stage.base)):
        found.append("python")
    if not found and build_pkgs:
        found.append("unknown")
    return found


def split(model: Model, stage: Stage, options: Options) -> Plan | None:
    family = family_of(stage.base)
    build_pkgs = st.build_packages(stage)
    found = shapes(stage, build_pkgs)
    if not found:
        return None
    common_guards(model, stage, family, build_pkgs)
    if len(found) > 1:
        raise Refused(f"the stage builds in several ways ({', '.join(found)})")
    shape = found[0]
    if shape == "unknown":
        steps = [_name(c) for i in stage.runs() for _, c in i.shell.commands() if is_build_step(c) and not st.is_pip(c)]
        what = f"for `{steps[0]}`, a build step dockslim does not move" if steps else "but no build step is recognised"
        raise Refused(f"build-only packages ({', '.join(build_pkgs)}) are installed {what}")
    return {"python": python_split, "node": node_split, "compiled": compiled_split}[shape](model, stage, options)


def common_guards(model: Model, stage: Stage, family: str | None, build_pkgs: list[str]) -> None:
    frm = stage.from_
    if any(i.kind == "ONBUILD" for i in model.instructions):
        raise Refused("the file has ONBUILD instructions (images built FROM it would run them)")
    if "onbuild" in (stage.base_tag or "").lower():
        raise Refused(f"the base image {stage.base} runs ONBUILD triggers, in both stages")
    if any(f.name != "platform" for f in frm.flags):
        raise Refused("the FROM has flags dockslim does not copy")
    if build_pkgs and (family is None or not knows_release(stage.base)):
        raise Refused(f"the package names of {stage.base or 'the base image'} are not known to dockslim")
    for inst in stage.body:
        if inst.kind == "SHELL" and not posix_shell(inst.value):
            raise Refused(f"line {inst.start_line}: a SHELL that is not a POSIX shell")
        if inst.kind != "RUN":
            continue
        view = inst.shell
        if view is None or not view.ok:
            raise Refused(f"line {inst.start_line}: a RUN dockslim cannot read")
        for _, cmd in view.commands():
            if st.removes_packages(cmd):
                raise Refused(f"line {inst.start_line}: the stage already removes packages after the build")
    for inst in stage.body:
        if inst.kind in ("CMD", "ENTRYPOINT", "HEALTHCHECK"):
            used = BUILDS_AT_START.intersection(st.programs(inst))
            if used:
                raise Refused(f"line {inst.start_line}: {inst.kind} runs {min(used)}, a build tool")


def _name(cmd: Command) -> str:
    sub = st.sub_of(cmd)
    return f"{cmd.tool} {sub}" if sub and not sub.startswith("-") else str(cmd.tool)


def package_runs(stage: Stage, base: str) -> dict[int, st.RunEdit]:
    """The runtime edit of every RUN that installs packages."""
    out = {}
    for inst in stage.runs():
        if not st.package_installs(inst):
            continue
        change = st.runtime_install_run(inst, base)
        if isinstance(change, str):
            raise Refused(change)
        out[inst.index] = change
    return out


def leftover_updates(stage: Stage, runs: dict[int, st.RunEdit]) -> list[Edit]:
    """RUNs that only update the package index, once no install is left in the runtime."""
    if any(not r.deleted and r.kept for r in runs.values()):
        return []
    if not any(r.deleted for r in runs.values()):
        return []
    return [Edit.delete(i.leading_start, i.end) for i in stage.runs() if update_only(i) is not None]


def builder_text(model: Model, stage: Stage, last: int, name: str, rewrite: dict[int, list[Edit]],
                 moved: set[int], extra: list[str]) -> str:
    """The builder stage: the stage's FROM renamed, its instructions up to `last` (USER and
    image configuration left out), RUNs rewritten by `rewrite`, and `extra` lines."""
    nl = st.newline(model)
    out = [st.from_line(model, stage, name)]
    for inst in stage.body:
        if inst.index > last:
            break
        if inst.kind in st.CONFIG_ONLY:
            continue
        out.append(st.instruction_copy(inst, inst.index in moved, rewrite.get(inst.index)))
    out.extend(line + nl for line in extra)
    return "".join(out) + nl


def _hidden(cmd: Command) -> bool:
    return bool(HIDDEN.intersection(cmd.context)) or any(c in cmd.context for c in ("if", "while", "until", "for", "case"))


# --------------------------------------------------------------------------- Python


def python_split(model: Model, stage: Stage, options: Options) -> Plan:
    pips = main_pips(stage)
    mains = [p for p in pips if p[3] == "main"]
    for inst, part, cmd, kind in pips:
        if kind == "editable":
            raise Refused(f"line {inst.start_line}: an editable install (`pip install -e`) needs the source in place")
        if kind == "opaque":
            raise Refused(f"line {inst.start_line}: `pip install` arguments dockslim cannot read")
        if _hidden(cmd) or "pipeline" in cmd.context:
            raise Refused(f"line {inst.start_line}: a `pip install` inside a compound command")
    if not mains:
        return None
    last = max(inst.index for inst, *_ in mains)
    main_runs = {inst.index for inst, *_ in mains}
    for inst in stage.runs():
        for part, cmd in inst.shell.commands():
            if (is_build_step(cmd) or is_compile(cmd)) and not st.is_pip(cmd):
                raise Refused(f"line {inst.start_line}: `{_name(cmd)}` builds too, and may need the build-only packages")
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


# --------------------------------------------------------------------------- Node


def node_split(model: Model, stage: Stage, options: Options) -> Plan:
    for inst in stage.runs():
        for part, cmd in inst.shell.commands():
            if cmd.program in ("yarn", "pnpm"):
                raise Refused(f"line {inst.start_line}: {cmd.program}: only npm is handled")
    installs, builds = npm_commands(stage)
    if len(installs) != 1 or len(builds) != 1:
        raise Refused("more than one `npm ci`/`npm install` or `npm run build`")
    (ainst, _, acmd), (binst, _, bcmd) = installs[0], builds[0]
    if acmd.operands() or _hidden(acmd) or _hidden(bcmd):
        raise Refused(f"line {ainst.start_line}: an npm install of named packages or inside a compound command")
    if (ainst.index, acmd.start) > (binst.index, bcmd.start):
        raise Refused("the build runs before the install")
    wd = workdir_before(model, stage, ainst)
    if workdir_before(model, stage, binst) != wd or wd == "/":
        raise Refused("the install and the build do not run in the same WORKDIR")
    for inst in stage.runs():
        for part, cmd in inst.shell.commands():
            if is_build_step(cmd) and cmd.program != "npm":
                raise Refused(f"line {inst.start_line}: `{_name(cmd)}` builds too, and may need the build-only packages")
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


# --------------------------------------------------------------------------- compiled


def runtime_base(base: str) -> str:
    """The slim image of the same family for a compiled program."""
    if "@" in base or "$" in base:
        raise Refused(f"the base image {base} is pinned by digest or a variable")
    found = official_image(base)
    family = family_of(base)
    if found is None or family is None:
        raise Refused(f"no slim runtime image is known for {base}")
    name, tag = found
    release = release_of(base)
    if family == ALPINE:
        if name == "alpine":
            return base
        m = re.search(r"alpine(\d+\.\d+)", tag)
        if not m:
            raise Refused(f"{base} does not name its Alpine release")
        return f"alpine:{m.group(1)}"
    if name == "ubuntu" or release in ("noble", "jammy", "focal", "bionic", "xenial", "mantic", "lunar", "oracular"):
        return base if name == "ubuntu" else f"ubuntu:{release}"
    if name == "debian" and "slim" in tag:
        return base
    if name not in ("debian", "golang", "rust", "gcc", "buildpack-deps"):
        raise Refused(f"a compiled program on {base}: no slim runtime image is known")
    if release in _DEBIAN_SUITES:
        return f"debian:{release}-slim"
    raise Refused(f"the Debian release {base} is built on is not known to dockslim")


# Debian releases and suites with a `debian:<name>-slim` image
_DEBIAN_SUITES = frozenset(
    ("trixie", "bookworm", "bullseye", "buster", "stretch", "sid", "stable", "oldstable", "testing", "unstable")
)


def artifact(model: Model, stage: Stage, inst: Instruction, cmd: Command) -> str:
    """The absolute path of what the build command writes."""
    cwd = workdir_before(model, stage, inst)
    prog = cmd.program
    if prog in ("go", "gcc", "g++", "cc", "c++", "clang", "clang++"):
        out = _output(cmd)
        if not out:
            raise Refused(f"line {inst.start_line}: `{prog}` without `-o`: the binary's name is not shown")
        return posixpath.normpath(posixpath.join(cwd, out))
    if prog == "cargo" and "--release" not in [w.value for w in cmd.args]:
        raise Refused(f"line {inst.start_line}: `cargo build` without --release")
    if prog == "make" and any(w.value == "install" for w in cmd.operands(after_subcommand=False)):
        raise Refused(f"line {inst.start_line}: `make install` puts files where the Dockerfile does not show")
    words = []
    for kind in ("ENTRYPOINT", "CMD"):
        found = [i for i in stage.body if i.kind == kind]
        if found:
            words = st.exec_words(found[-1])
            break
    if not words or not (words[0].startswith("/") or words[0].startswith("./") or "/" in words[0]):
        raise Refused(f"line {inst.start_line}: the program `{prog}` builds is not named by CMD/ENTRYPOINT")
    return posixpath.normpath(posixpath.join(cwd, words[0]))


def _output(cmd: Command) -> str | None:
    """The file `-o FILE` (`-o=FILE`, `-oFILE`) names."""
    values = [w.value or "" for w in cmd.args]
    for i, v in enumerate(values):
        if v == "-o" and i + 1 < len(values):
            return values[i + 1] or None
        if v.startswith("-o") and len(v) > 2:
            return v[2:].removeprefix("=") or None
    return None


def compiled_split(model: Model, stage: Stage, options: Options) -> Plan:
    compiles = compile_commands(stage)
    build = max(compiles, key=lambda c: (c[0].index, c[2].start))
    binst = build[0]
    for inst, part, cmd in compiles:
        if _hidden(cmd):
            raise Refused(f"line {inst.start_line}: a build command inside a compound command")
    paths = sorted({artifact(model, stage, i, c) for i, _, c in compiles if i is binst})
    base = runtime_base(stage.base)
    build_dir = workdir_before(model, stage, binst)
    edits: list[Edit] = []
    moved: set[int] = set()
    runs = package_runs(stage, base)
    for inst in stage.body:
        if inst.index > binst.index:
            if inst.kind == "RUN":
                for part, cmd in inst.shell.commands():
                    if is_build_step(cmd) or is_compile(cmd) or cmd.program in BUILDS_AT_START:
                        raise Refused(f"line {inst.start_line}: `{_name(cmd)}` runs after the build and needs the toolchain")
            continue
        if inst.kind in ("COPY", "ADD"):
            dest = inst.value[-1] if inst.value else ""
            cwd = workdir_before(model, stage, inst)
            target = posixpath.normpath(posixpath.join(cwd, dest))
            # files copied into the build directory are the build's input; others (config
            # under /etc, ...) stay. Building in / itself: relative destinations are input.
            inside = not posixpath.isabs(dest) if build_dir == "/" else (target + "/").startswith(build_dir + "/")
            if inside:
                moved.add(inst.index)
            continue
        if inst.kind != "RUN":
            continue
        if inst is binst:
            continue
        cmds = [c for _, c in inst.shell.commands()]
        if inst.index in runs:
            others = [c for c in cmds if not st.is_install(c) and not st.is_housekeeping(c)]
            if others:
                raise Refused(f"line {inst.start_line}: the RUN that installs packages also runs `{others[0].program}`")
            continue
        if all(_prep(c) or _cleanup(c) for c in cmds):
            moved.add(inst.index)
        elif all(c.program in SETUP for c in cmds):
            continue
        else:
            raise Refused(f"line {inst.start_line}: dockslim cannot tell whether the runtime needs what `{cmds[0].program}` does")
    # the build RUN: build commands, downloads and housekeeping; its own installs must leave nothing
    for part, cmd in binst.shell.commands():
        if not (is_compile(cmd) or _prep(cmd) or _cleanup(cmd) or st.is_install(cmd) or cmd.program in ("strip", "mkdir")):
            raise Refused(f"line {binst.start_line}: the build RUN also runs `{cmd.program}`")
    change = runs.pop(binst.index, None)
    if change is not None and change.kept:
        raise Refused(f"line {binst.start_line}: the build RUN installs packages the runtime needs")
    for index, change in runs.items():
        edits.extend(change.edits)
        if change.deleted:
            moved.add(index)
    kept = {p for r in runs.values() if not r.deleted for p in r.kept}
    needs_full(stage, base, moved | {binst.index}, kept)
    name = st.unused_name(model, BUILDER, "build")
    s, e, word = st.image_word(stage.from_)
    if base != word:
        edits.append(Edit(s, e, base))
    for index in sorted(moved):
        inst = model.instructions[index]
        if not any(x.start == inst.leading_start and x.end == inst.end for x in edits):
            edits.append(Edit.delete(inst.leading_start, inst.end))
    nl = st.newline(model)
    copy = st.keyword(model, "COPY")
    lines = "".join(f"{copy} --from={name} {p} {p}{nl}" for p in paths)
    leading = "".join(ln for ln in binst.leading.splitlines(keepends=True) if not ln.strip().startswith("#"))
    edits.append(Edit(binst.leading_start, binst.end, leading + lines))
    builder = builder_text(model, stage, binst.index, name, {}, moved | {binst.index}, [])
    return Plan(
        "compiled", builder, tuple(edits),
        title=f"Build in a `{name}` stage; copy {', '.join(paths)} into a {base} runtime stage",
        message=f"the image keeps the toolchain that built {', '.join(paths)}; build in a `{name}` stage",
    )


def _prep(cmd: Command) -> bool:
    return (cmd.program, st.sub_of(cmd)) in GO_PREP


def _cleanup(cmd: Command) -> bool:
    """Index updates, cache removal (`go clean -cache`, as DS133 adds it)."""
    return st.is_housekeeping(cmd) or is_cleanup(cmd) or (cmd.program == "go" and st.sub_of(cmd) == "clean")


def needs_full(stage: Stage, base: str, gone: set[int], installed: set[str]) -> None:
    """Refuse when a kept RUN, CMD, ENTRYPOINT or HEALTHCHECK runs a program the slim base
    lacks and the runtime does not install (`gone`: instructions left out of the runtime)."""
    if base == stage.base:
        return
    for inst in stage.body:
        if inst.index in gone:
            continue
        used = st.missing_programs(inst, installed)
        if used:
            raise Refused(f"line {inst.start_line}: {inst.kind} runs {min(used)}, which {base} lacks")
