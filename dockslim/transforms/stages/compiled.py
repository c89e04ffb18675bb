"""DS301's planner for compiled programs: the toolchain stays in the builder; the runtime starts
from the slim image of the same release (or `scratch` for a static program) and copies the
program and the files of the build context it reads at run time."""

from __future__ import annotations

import posixpath
import re

from ...optimizer.context import BuildContext, context_of
from ...optimizer.findings import Edit
from ...optimizer.model import Model, Stage
from ...optimizer.packages import is_build_step, is_cleanup
from ...optimizer.policy import move_refused, policy_of
from ...optimizer.rules import Options
from ...optimizer.shell import Command
from ...optimizer.syntax import Instruction
from .._apt import update_only
from .._layers import absolute, under, workdir_before
from .assets import assets
from .build_only import RunEdit
from .commands import is_housekeeping, is_install, package_installs, sub_of
from .linked_libraries import linked_packages
from .plan import (
    BUILDER, BUILDS_AT_START, Plan, Refused, builder_text, compile_commands, hidden, is_compile, package_runs,
    runtime_package_edits, step_name,
)
from .program_paths import PLAIN_COMPILERS, artifacts, is_static, placed
from .runtime_image import CA_BUNDLE, CA_BUNDLE_IMAGES, needs_full, runtime_base, static_base
from .stage_text import image_word, insertion_point, keyword, newline, unused_name

# RUNs of these only set the image up (users, directories): a compiled runtime keeps them
SETUP = frozenset(
    ("useradd", "adduser", "groupadd", "addgroup", "usermod", "mkdir", "chown", "chmod", "ln", "echo", "true", ":", "set")
)
# downloads and toolchain set-up a build RUN may start with; they stay in the builder
PREP = {("go", "mod"), ("go", "get"), ("cargo", "fetch"), ("rustup", "target"), ("rustup", "component")}
# packages a Go or C build may use although they are not build-only: fetching modules
BUILD_USES = frozenset(
    ("git", "mercurial", "subversion", "bzr", "fossil", "openssh-client", "ca-certificates", "curl", "wget", "gnupg")
)


def plan(model: Model, stage: Stage, options: Options) -> Plan | None:
    binst, builds = _build_run(stage)
    context = context_of(options.extra)
    installed = _built_programs(model, stage, builds, context)
    paths = sorted(installed)
    static = all(is_static(model, stage, i, c) for i, c in builds)
    try:
        slim, unknown = runtime_base(stage.base, policy_of(options.extra)), None
    except Refused as why:
        slim, unknown = None, why
    runs = package_runs(stage, slim or stage.base)
    moved = _builder_inputs(model, stage, binst, runs)
    _refuse_other_steps(model, binst)
    change = runs.pop(binst.index, None)
    if change is not None and change.kept:
        raise Refused(f"line {binst.start_line}: the build RUN installs packages the runtime needs")
    gone = moved | {binst.index}
    kept_insts = [i for i in stage.body if i.index not in gone]
    targets = {p: placed(p, kept_insts) if installed[p] else p for p in paths}
    copies = [model.instructions[i] for i in sorted(moved) if model.instructions[i].kind in ("COPY", "ADD")]
    owners = {c.flag("chown").value or "" for c in copies if c.flag("chown") is not None}  # the assets' copies keep them
    base, cert = static_base(model, stage, runs, kept_insts, targets, owners, options) if static else (None, False)
    skip = _runtime_only(stage, runs, builds, binst)  # before the libraries join a RUN's install
    libraries: tuple[str, ...] = ()
    if base is None:
        base = _slim_base(stage, slim, unknown, gone, runs)
        cert = _loses_ca_bundle(stage, kept_insts)
        libraries = linked_packages(model, stage, builds, context)
        _refuse_own_libstdcxx(stage)
        libraries = tuple(p for p in libraries if p not in _kept_packages(runs))
    else:
        runs = _without_packages(model, runs)
    added = runtime_package_edits(model, stage, runs, libraries)
    if any(binst.start <= e.start < binst.end for e in added):
        raise Refused(f"line {binst.start_line}: the runtime libraries would go into the build RUN's install")
    _refuse_lost_packages(stage, base, runs, options)
    removed = (change is not None) or any(r.edits for r in runs.values())
    if base == stage.base and not removed:
        return None  # the same image without the toolchain's packages removed: nothing saved
    files = assets(model, stage, [c for c in copies if c.flag("from") is None], context, options.extra.get("dockerignore"))
    _refuse_variables(stage, [*paths, *files])
    name = unused_name(model, BUILDER, "build")
    pairs = ([(CA_BUNDLE, CA_BUNDLE, None)] if cert else []) + [(f, f, o) for f, o in files.items()] + [
        (p, targets[p], None) for p in paths]
    edits = _runtime_edits(model, stage, binst, runs, moved, base, _copy_lines(model, name, pairs)) + added
    builder = builder_text(model, stage, binst.index, name, {}, [], skip)
    title, message = _describe(name, base, paths, targets, files, copies)
    if libraries:
        message += f"; the runtime stage installs {', '.join(libraries)}, which the program links"
    return Plan("compiled", builder, tuple(edits), title=title, message=message,
                at=stage_comments(model, stage))


# The official gcc image builds GCC into /usr/local, and its g++ links that GCC's libstdc++
# (/usr/local/lib64), newer than the one of the Debian release the slim runtime has: a C++
# program stops at start there (`GLIBCXX_3.4.32' not found` for gcc:13 on bookworm-slim).
_CXX_DRIVER = re.compile(r"(g|c|clang)\+\+(-\d+)?")
_CXX_SOURCE = re.compile(r".*\.(cc|cp|cxx|cpp|CPP|c\+\+|C|ii)")  # gcc compiles them as C++ too


def _refuse_own_libstdcxx(stage: Stage) -> None:
    """Refused when a build on the gcc image may be C++: its program needs the image's libstdc++."""
    if stage.base_name != "gcc":
        return
    for inst, _, cmd in compile_commands(stage):
        sign = _cxx_sign(cmd)
        if sign:
            raise Refused(f"line {inst.start_line}: {sign} may build C++, and a C++ program built on {stage.base} links"
                          " its own libstdc++ (/usr/local/lib64), newer than the slim runtime's: it would stop at start"
                          " (`GLIBCXX_... not found`)")


def _cxx_sign(cmd: Command) -> str | None:
    """What says a compile command may be C++: a C++ compiler, `make` (its rules are not shown),
    C++ sources, libstdc++ or words dockslim cannot read; None for a C build."""
    if cmd.program == "make" or _CXX_DRIVER.fullmatch(cmd.program or ""):
        return f"`{cmd.program}`"
    words = [w.value for w in cmd.args]
    for before, w in zip([None, *words], words):
        if w is None:
            return f"`{cmd.program}` with words dockslim cannot read"
        if _CXX_SOURCE.fullmatch(w) or w == "-lstdc++" or (before, w) == ("-x", "c++"):
            return f"`{cmd.program} {'-x ' if before == '-x' else ''}{w}`"
    return None


def _build_run(stage: Stage) -> tuple[Instruction, list[tuple[Instruction, Command]]]:
    """The RUN of the last build command, with its build commands; refused when a build
    command hides inside a compound command."""
    compiles = compile_commands(stage)
    binst = max(compiles, key=lambda c: (c[0].index, c[2].start))[0]
    for inst, part, cmd in compiles:
        if hidden(cmd):
            raise Refused(f"line {inst.start_line}: a build command inside a compound command")
    return binst, [(i, c) for i, _, c in compiles if i is binst]


def _built_programs(model: Model, stage: Stage, builds, context: BuildContext | None) -> dict[str, bool]:
    """What the build RUN writes -> whether `go install` wrote it (it goes where GOBIN says)."""
    installed: dict[str, bool] = {}
    for i, c in builds:
        for p in artifacts(model, stage, i, c, context):
            installed[p] = installed.get(p, False) or (c.program == "go" and sub_of(c) == "install")
    return installed


def _builder_inputs(model: Model, stage: Stage, binst: Instruction, runs: dict[int, RunEdit]) -> set[int]:
    """The instructions before the build RUN that only feed it (what is copied into the build
    directory, downloads, cleanup): they move to the builder. Refused when the runtime may need
    what a RUN does, or a RUN after the build needs the toolchain."""
    build_dir = workdir_before(model, stage, binst)
    moved: set[int] = set()
    for inst in stage.body:
        if inst.index > binst.index:
            _refuse_toolchain_after(model, inst)
        elif inst.kind in ("COPY", "ADD"):
            if _copies_build_input(model, stage, inst, build_dir):
                moved.add(inst.index)
        elif inst.kind == "RUN" and inst is not binst and _feeds_build(model, inst, runs):
            moved.add(inst.index)
    return moved


def _refuse_toolchain_after(model: Model, inst: Instruction) -> None:
    if inst.kind != "RUN":
        return
    for part, cmd in model.run(inst).view.commands():
        if is_build_step(cmd) or is_compile(cmd) or cmd.program in BUILDS_AT_START:
            raise Refused(f"line {inst.start_line}: `{step_name(cmd)}` runs after the build and needs the toolchain")


def _copies_build_input(model: Model, stage: Stage, inst: Instruction, build_dir: str) -> bool:
    """Files copied into the build directory are the build's input; others (configuration
    under /etc, ...) stay. Building in / itself: relative destinations are input."""
    dest = inst.value[-1] if inst.value else ""
    if build_dir == "/":
        return not posixpath.isabs(dest)
    return under(absolute(dest, workdir_before(model, stage, inst)), build_dir)


def _feeds_build(model: Model, inst: Instruction, runs: dict[int, RunEdit]) -> bool:
    """A RUN before the build that only downloads or cleans up (it moves to the builder); a
    RUN that installs packages or sets the image up stays."""
    cmds = [c for _, c in model.run(inst).view.commands()]
    if inst.index in runs:
        others = [c for c in cmds if not is_install(c) and not is_housekeeping(c)]
        if others:
            raise Refused(f"line {inst.start_line}: the RUN that installs packages also runs `{others[0].program}`")
        return False
    if all(_prep(c) or _cleanup(c) for c in cmds):
        # a lone `apt-get update` stays for the installs the runtime keeps: they need its index
        return update_only(model.run(inst)) is None or not _kept_packages(runs)
    if all(c.program in SETUP for c in cmds):
        return False
    raise Refused(f"line {inst.start_line}: dockslim cannot tell whether the runtime needs what `{cmds[0].program}` does")


def _refuse_other_steps(model: Model, binst: Instruction) -> None:
    """The build RUN holds build commands, downloads and housekeeping only."""
    for part, cmd in model.run(binst).view.commands():
        if not (is_compile(cmd) or _prep(cmd) or _cleanup(cmd) or is_install(cmd) or cmd.program in ("strip", "mkdir", "cd")):
            raise Refused(f"line {binst.start_line}: the build RUN also runs `{cmd.program}`")


def _slim_base(stage: Stage, slim: str | None, unknown: Refused | None, gone: set[int],
               runs: dict[int, RunEdit]) -> str:
    """The slim runtime image, refused when there is none or a kept instruction runs a
    program it lacks."""
    if slim is None:
        raise unknown
    needs_full(stage, slim, gone, _kept_packages(runs))
    return slim


def _loses_ca_bundle(stage: Stage, kept: list[Instruction]) -> bool:
    """The build image trusts the usual certificate authorities (golang, rust) and the slim
    runtime installs no ca-certificates: the program's HTTPS calls need the bundle copied."""
    return stage.base_name in CA_BUNDLE_IMAGES and not any(
        "ca-certificates" in ins.names for i in kept if i.kind == "RUN" for ins in package_installs(stage.run(i)))


def _without_packages(model: Model, runs: dict[int, RunEdit]) -> dict[int, RunEdit]:
    """A static runtime has no package manager: the RUNs that install packages go."""
    return {i: RunEdit((Edit.delete(model.instructions[i].leading_start, model.instructions[i].end),), True, ())
            for i in runs}


def _kept_packages(runs: dict[int, RunEdit]) -> set[str]:
    return {p for r in runs.values() if not r.deleted for p in r.kept}


def _refuse_lost_packages(stage: Stage, base: str, runs: dict[int, RunEdit], options: Options) -> None:
    """A new runtime image must still give what the policy requires."""
    if base != stage.base:
        lost = move_refused(policy_of(options.extra), base, _kept_packages(runs))
        if lost:
            raise Refused(lost)


def _refuse_variables(stage: Stage, copied: list[str]) -> None:
    """A variable the base image sets (`WORKDIR $GOPATH/src/app`) is not set in the runtime."""
    unresolved = [p for p in copied if "$" in p]
    if unresolved:
        where = next((f"line {i.start_line}: the {i.kind} {i.rest.strip()}" for i in stage.body
                      if i.kind in ("WORKDIR", "COPY", "ADD") and "$" in i.rest), f"the path {unresolved[0]}")
        raise Refused(f"{where} holds a variable the runtime image may not set")


def _copy_lines(model: Model, name: str, pairs: list[tuple[str, str, str | None]]) -> str:
    """`COPY --from=<builder> [--chown=OWNER] SRC DEST` lines, in the file's keyword case and
    newlines (a copy from another stage gives root the files unless it says otherwise)."""
    nl = newline(model)
    copy = keyword(model, "COPY")
    return "".join(f"{copy} --from={name}{f' --chown={o}' if o else ''} {a} {b}{nl}" for a, b, o in pairs)


def _runtime_edits(model: Model, stage: Stage, binst: Instruction, runs: dict[int, RunEdit], moved: set[int],
                   base: str, lines: str) -> list[Edit]:
    """The runtime stage's edits: the package RUNs', the new image, the instructions that
    moved to the builder deleted, and the build RUN replaced by the copies (its comments go
    with it)."""
    edits: list[Edit] = [e for r in runs.values() for e in r.edits]
    deleted = moved | {i for i, r in runs.items() if r.deleted}
    s, e, word = image_word(stage.from_)
    if base != word:
        edits.append(Edit(s, e, base))
    for index in sorted(deleted):
        inst = model.instructions[index]
        if not any(x.start == inst.leading_start and x.end == inst.end for x in edits):
            edits.append(Edit.delete(inst.leading_start, inst.end))
    leading = "".join(ln for ln in binst.leading.splitlines(keepends=True) if not ln.strip().startswith("#"))
    edits.append(Edit(binst.leading_start, binst.end, leading + lines))
    return edits


def _describe(name: str, base: str, paths: list[str], targets: dict[str, str], files: list[str],
              copies: list[Instruction]) -> tuple[str, str]:
    """The fix's title and the finding's message."""
    them = "them" if len(paths) > 1 or paths[0].endswith("/") else "the program"
    built = ", ".join(f"the programs in {p}" if p.endswith("/") else p for p in paths)
    shown = ", ".join(targets[p] for p in paths)
    if files:
        read = f"with {', '.join(files)}, which the program may read at run time"
    elif copies:
        read = "alone: nothing copied beside the sources looks read at run time (templates, static files, configuration)"
    else:
        read = "alone"
    return (f"Build in a `{name}` stage; copy {shown} into a {base} runtime stage",
            f"the image keeps the toolchain that built {built}; build in a `{name}` stage and copy {them} {read}")


def _prep(cmd: Command) -> bool:
    return (cmd.program, sub_of(cmd)) in PREP


def _cleanup(cmd: Command) -> bool:
    """Index updates, cache removal (`go clean -cache`, as DS133 adds it)."""
    return is_housekeeping(cmd) or is_cleanup(cmd) or (cmd.program == "go" and sub_of(cmd) == "clean")


def _runtime_only(stage: Stage, runs: dict[int, RunEdit], builds, binst: Instruction) -> frozenset[int]:
    """RUNs before the build that install only packages a Go or C compiler does not use (an
    image tool, a database client): the runtime keeps them, the builder needs them not."""
    if not all(c.program in PLAIN_COMPILERS for _, c in builds):
        return frozenset()
    return frozenset(
        i for i, r in runs.items()
        if i < binst.index and not r.edits and not r.deleted and r.kept and BUILD_USES.isdisjoint(r.kept)
    )


def stage_comments(model: Model, stage: Stage) -> int:
    """Where the builder goes: before the comment lines right above the FROM, which describe
    the stage the runtime carries on (after the parser directives, which stay first)."""
    frm = stage.from_
    lines = frm.leading.splitlines(keepends=True)
    at = frm.start
    floor = max((d.end for d in model.dockerfile.directives), default=-1)
    for line in reversed(lines):
        if not line.strip().lstrip("\ufeff").startswith("#") or at - len(line) <= floor:
            break
        at -= len(line)
    return insertion_point(model, at)


