"""DS301's planner for compiled programs: the toolchain stays in the builder; the runtime starts
from the slim image of the same release and copies the binary."""

from __future__ import annotations

import posixpath
import re

from ..optimizer.findings import Edit
from ..optimizer.model import Model, Stage
from ..optimizer.packages import ALPINE, family_of, is_build_step, is_cleanup, release_of
from ..optimizer.rules import Options
from ..optimizer.shell import Command
from ..optimizer.syntax import Instruction
from . import _stages as st
from ._apt import official_image
from ._layers import workdir_before
from ._split import (
    BUILDER, BUILDS_AT_START, Plan, Refused, builder_text, compile_commands, hidden, is_compile, package_runs, step_name,
)

# RUNs of these only set the image up (users, directories): a compiled runtime keeps them
SETUP = frozenset(
    ("useradd", "adduser", "groupadd", "addgroup", "usermod", "mkdir", "chown", "chmod", "ln", "echo", "true", ":", "set")
)
GO_PREP = {("go", "mod"), ("go", "get"), ("cargo", "fetch")}


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
        if hidden(cmd):
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
                        raise Refused(f"line {inst.start_line}: `{step_name(cmd)}` runs after the build and needs the toolchain")
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
