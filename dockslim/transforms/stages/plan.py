"""What the builder/runtime split planners share: how a stage's build steps are recognised,
the builder stage's text (each instruction it copies with its comments, which leave the
runtime's copy when the runtime edits it), the runtime edits of the RUNs that install
packages, and the two outcomes of a planner (a `Plan`, or `Refused` with the reason the stage
is left alone)."""


from typing import NamedTuple

from ...optimizer.findings import Edit
from ...optimizer.model import Model, Stage
from ...optimizer.packages import TOOLCHAIN_PROGRAMS, family_of, ships_toolchain
from ...optimizer.pragmas import GLOBAL_PRAGMA, HADOLINT_PRAGMA, PRAGMA
from ...optimizer.shell import Command
from ...optimizer.syntax import Instruction
from .._apt import HIDDEN, official_image, update_only
from .build_only import RunEdit, runtime_install_run
from .commands import package_installs, sub_of
from .pip import pip_installs, pip_kind
from .runtime_install import add_runtime_packages
from .stage_text import CONFIG_ONLY, from_line, instruction_copy, newline

BUILDER = "builder"
# the subcommands that install package.json's dependencies
INSTALLS = {"npm": ("ci", "install", "i"), "yarn": (None, "install"), "pnpm": ("install", "i")}
# programs that build when the container starts: the runtime needs the toolchain then
BUILDS_AT_START = TOOLCHAIN_PROGRAMS | {"go"}


class Refused(Exception):
    """Why the stage is left alone."""


class Builder(NamedTuple):  # a named tuple: a dataclass costs every start a millisecond
    text: str  # the builder stage, inserted before the FROM
    copied: tuple[Instruction, ...]  # the stage's instructions it copies, each with its comments


class Plan(NamedTuple):  # a named tuple: a dataclass costs every start a millisecond
    shape: str
    builder: Builder
    edits: tuple[Edit, ...]  # the runtime stage's edits
    title: str
    message: str
    notes: tuple[str, ...] = ()  # what the split could not check ("left alone: ..." notes beside the fix)
    at: int | None = None  # where the builder goes (None: right before the FROM, after its comments)


def compile_commands(stage: Stage) -> list[tuple[Instruction, object, Command]]:
    out = []
    for inst in stage.runs():
        view = stage.run(inst).view
        if view is None:
            continue
        for part, cmd in view.commands():
            if is_compile(cmd):
                out.append((inst, part, cmd))
    return out


def is_compile(cmd: Command) -> bool:
    """`go build`, `go install`, `cargo build`, `make`, a C compiler."""
    if cmd.program == "go":
        return sub_of(cmd) in ("build", "install")
    if cmd.program == "cargo":
        return sub_of(cmd) == "build"
    return cmd.program in ("make", "gcc", "g++", "cc", "c++", "clang", "clang++")


# build tools `npx` runs from the devDependencies: those that build only with `build`, and those
# whose every run builds
NPX_BUILDS = {"nest": "build", "vite": "build", "next": "build", "ng": "build", "parcel": "build", "tsc": None,
              "webpack": None, "rollup": None, "esbuild": None}


def is_npx_build(cmd) -> bool:
    """`npx nest build`, `npx tsc`, `npx vite build`: a build, as `npm run build` runs it."""
    words = [w.value for w in cmd.argv[1:] if not (w.value or "-").startswith("-")]
    if cmd.program != "npx" or not words or words[0] not in NPX_BUILDS:
        return False
    wanted = NPX_BUILDS[words[0]]
    return wanted is None or words[1:2] == [wanted]


def npm_commands(stage: Stage) -> tuple[list, list]:
    """(installs, builds): `npm ci`/`npm install` of package.json, and `npm run build*` or an
    `npx` build tool."""
    installs, builds = [], []
    for inst in stage.runs():
        view = stage.run(inst).view
        if view is None:
            continue
        for part, cmd in view.commands():
            if is_npx_build(cmd):
                builds.append((inst, part, cmd))
            if cmd.program != "npm":
                continue
            sub = sub_of(cmd)
            if sub in ("ci", "install", "i"):
                installs.append((inst, part, cmd))
            elif sub in ("run", "run-script") and any((w.value or "").startswith("build") for w in cmd.operands()[:1]):
                builds.append((inst, part, cmd))
    return installs, builds


def installs_without_build(stage: Stage, build_pkgs: list[str]) -> bool:
    """A Node service without a build step: package.json's dependencies installed on a full
    `node` image (or with build-only packages), with nothing built from them."""
    image = official_image(stage.base)
    if image is None or image[0] != "node" or not (ships_toolchain(stage.base) or build_pkgs):
        return False
    installs, builds = npm_commands(stage)
    return not builds and bool(installs or other_installs(stage, ("yarn", "pnpm")))


def other_installs(stage: Stage, programs: tuple[str, ...]) -> list:
    """(inst, part, cmd) of each `yarn` / `yarn install` / `pnpm install` of package.json."""
    out = []
    for inst in stage.runs():
        for part, cmd in stage.run(inst).view.commands() if stage.run(inst).view else ():
            if cmd.program in programs and sub_of(cmd) in INSTALLS[cmd.program]:
                out.append((inst, part, cmd))
    return out


def main_pips(stage: Stage) -> list[tuple[Instruction, object, Command, str]]:
    out = []
    for inst in stage.runs():
        view = stage.run(inst).view
        if view is None:
            continue
        for part, cmd in pip_installs(view):
            out.append((inst, part, cmd, pip_kind(cmd)))
    return out


def step_name(cmd: Command) -> str:
    sub = sub_of(cmd)
    return f"{cmd.tool} {sub}" if sub and not sub.startswith("-") else str(cmd.tool)


def package_runs(stage: Stage, base: str) -> dict[int, RunEdit]:
    """The runtime edit of every RUN that installs packages."""
    out = {}
    for inst in stage.runs():
        if not package_installs(stage.run(inst)):
            continue
        change = runtime_install_run(stage.run(inst), base)
        if isinstance(change, str):
            raise Refused(change)
        out[inst.index] = change
    return out


def leftover_updates(stage: Stage, runs: dict[int, RunEdit]) -> list[Edit]:
    """RUNs that only update the package index, once no install is left in the runtime."""
    if any(not r.deleted and r.kept for r in runs.values()):
        return []
    if not any(r.deleted for r in runs.values()):
        return []
    return [Edit.delete(i.leading_start, i.end) for i in stage.runs() if update_only(stage.run(i)) is not None]


def builder_text(model: Model, stage: Stage, last: int, name: str, rewrite: dict[int, list[Edit]],
                 extra: list[str], skip: frozenset[int] = frozenset()) -> Builder:
    """The builder stage: the stage's FROM renamed, its instructions up to `last` (USER and
    image configuration left out, and those in `skip`) with the comments above them, RUNs
    rewritten by `rewrite`, and `extra` lines."""
    nl = newline(model)
    out = [from_line(model, stage, name)]
    copied = tuple(i for i in stage.body if i.index <= last and i.kind not in CONFIG_ONLY and i.index not in skip)
    out.extend(instruction_copy(inst, True, rewrite.get(inst.index)) for inst in copied)
    out.extend(line + nl for line in extra)
    return Builder("".join(out) + nl, copied)


def misleading_comments(copied: tuple[Instruction, ...], edits: tuple[Edit, ...]) -> list[Edit]:
    """The comment lines above each instruction the builder copies that the runtime stage
    keeps but edits (`edits`): they describe the builder's copy, which carries them, and above
    the edited one they would mislead (build tools named above an install left without them).
    An instruction the runtime deletes with its comments, or leaves as it is, keeps its own;
    pragmas (`# dockslim: ignore=DS130`) stay with both copies: they say what the user wants."""
    out = []
    for inst in copied:
        if any(e.start <= inst.leading_start and e.end >= inst.end for e in edits):
            continue
        if not any(e.start < inst.end and inst.start < e.end or inst.start <= e.start < inst.end for e in edits):
            continue
        lines = inst.leading.splitlines(keepends=True)
        kept = "".join(ln for ln in lines if not ln.lstrip().startswith("#") or _pragma(ln))
        if kept != inst.leading:
            out.append(Edit(inst.leading_start, inst.start, kept))
    return out


def _pragma(line: str) -> bool:
    return any(p.match(line.rstrip("\r\n")) for p in (PRAGMA, HADOLINT_PRAGMA, GLOBAL_PRAGMA))


def hidden(cmd: Command) -> bool:
    return bool(HIDDEN.intersection(cmd.context)) or any(c in cmd.context for c in ("if", "while", "until", "for", "case"))


def runtime_package_edits(model: Model, stage: Stage, runs: dict[int, RunEdit], wanted: tuple[str, ...],
                          drop: frozenset[str] = frozenset()) -> list[Edit]:
    """`wanted` runtime packages added to the stage's last install of its package manager,
    which the split already edits (one edit per word), or in a RUN of their own; the
    packages in `drop` taken out like build-only ones (`runs` is updated)."""
    family = family_of(stage.base)
    last = max((i for i, r in runs.items() if any(x.manager == family for x in package_installs(stage.run(model.instructions[i])))), default=None)
    for index in runs:
        extra = wanted if index == last else ()
        if extra or any(drop.intersection(x.names) for x in package_installs(stage.run(model.instructions[index]))):
            change = runtime_install_run(stage.run(model.instructions[index]), stage.base, extra, drop)
            if isinstance(change, str):
                raise Refused(change)
            runs[index] = change
    if last is None and wanted:
        added = add_runtime_packages(model, stage, wanted)
        if isinstance(added, str):
            raise Refused(added)
        return added
    return []
