"""DS120 apt-build-deps-purge: Debian build-only packages stay in the image after the build.

## What it does
Finds an `apt-get install` (or `apt install`) of build-only packages (`gcc`, `build-essential`,
`python3-dev`, `-dev` packages such as `libpq-dev`) followed by a build (`pip install`,
`npm ci`, `make`, `docker-php-ext-install`, ...) in the same RUN, and:
- adds the runtime libraries those `-dev` packages stand for to the install, in the names of
  the image's release (`libpq-dev` -> `libpq5`, `libffi-dev` -> `libffi8` on bookworm and
  `libffi7` on bullseye, `default-libmysqlclient-dev` -> `libmariadb3` on Debian and
  `libmysqlclient21` on Ubuntu, ...), so they are installed on purpose and stay;
- adds the library that what a compiler builds links at run time (`gfortran` -> `libgfortran5`);
- names in the install the packages the build-only packages brought that a later RUN (of the
  stage or a stage built FROM it), CMD, ENTRYPOINT or HEALTHCHECK, or a shell script they
  run that the build context holds (`docker-entrypoint.sh`), runs a program of:
  build-essential brings `xz-utils` (`tar -xJ`), `bzip2`, `patch` and `perl`, gcc `binutils`
  (`strip`), autoconf `m4`, libtool `file`, cmake `procps` (`ps`, `pgrep`); autoremove would
  take them too;
- counts node-gyp's Python among the build-only packages (`python3`, `python-is-python3`
  installed beside `make` and `g++` or `build-essential`, for an `npm install`, `yarn` or
  `pnpm install` that builds native addons), unless a later RUN, CMD, ENTRYPOINT,
  HEALTHCHECK, a start script they run or a package.json script they call (`npm start`) runs
  Python, or package.json cannot be read;
- runs `apt-mark auto <build-only packages>` and `apt-get autoremove -y --purge` after the
  build, in the same RUN, in the RUN's own style (`&&` chains, `set -eux;` lists, heredocs),
  before a trailing `rm -rf /var/lib/apt/lists/*` when there is one.

## Why it makes the image smaller
A compiler and headers commonly take 150 MB or more on Debian and are needed only while
native extensions are built. A removal in a later RUN frees nothing, because the earlier layer keeps the files;
removing them in the RUN that used them keeps them out of the image.

The runtime libraries must stay: `libpq-dev` pulled in `libpq5`, and removing the `-dev`
package with its automatic dependencies also removes `libpq5`, after which `import psycopg2`
fails. Installing `libpq5` explicitly keeps it. `apt-mark auto` followed by `autoremove`
rather than `apt-get purge <packages>`: purge also removes every package that depends on the
purged ones, silently under `-y` (npm depends, through libnode-dev, on libssl-dev); autoremove
only removes what no installed package needs any more.

## Example
    FROM python:3.12-slim
    RUN apt-get update \
        && apt-get install -y --no-install-recommends gcc libpq-dev \
        && pip install --no-cache-dir psycopg2 \
        && rm -rf /var/lib/apt/lists/*
becomes
    FROM python:3.12-slim
    RUN apt-get update \
        && apt-get install -y --no-install-recommends gcc libpq-dev libpq5 \
        && pip install --no-cache-dir psycopg2 \
        && apt-mark auto gcc libpq-dev \
        && apt-get autoremove -y --purge \
        && rm -rf /var/lib/apt/lists/*

## Fix safety
Unsafe: packages that were in the image are gone from it, and nothing in a Dockerfile says
whether the application uses them at run time (cffi, numba or pyximport compile at run time;
a native module may link a library that only a known `-dev` package pulled in and that the
data does not name). `autoremove` also removes packages that earlier instructions left
unneeded. Packages that dockslim does not know stay, and so does everything they depend on;
apt also keeps build-only packages that a kept package recommends (python3-pip recommends
build-essential and python3-dev) when recommends were installed: DS101
(`--no-install-recommends`) gets the full saving. A package the company policy requires
(`required-packages`) is never marked automatic, and is named in the install so that
`autoremove` keeps it even when only a build-only package had brought it.

Left alone, with a note: an image to develop or test in (a devcontainer, `Dockerfile.dev`, a
CMD that runs the tests or a notebook server), whose compilers are what it is for.
Left alone: RUNs that already purge or remove packages (`apt-get purge/remove`,
`apt-mark auto`, `dpkg -P`); images whose release dockslim cannot place or has no package
data for (it has Debian buster to trixie and Ubuntu focal, jammy and noble: `debian:sid`,
`python:3.7` or an unknown base are left alone); official images built on buildpack-deps
(`python:3.12`, `node:20`), whose base layers already hold the compilers; stages that do not
end up in the final image; CMD/ENTRYPOINT/HEALTHCHECK that run a compiler or make, and
ONBUILD; package lists with variables or `.deb` files; a RUN whose build-only packages are
installed but nothing builds. Reported without a fix: when the build runs in a later RUN than
the install, when a later RUN (or a stage built FROM this one) may build again, and when an
earlier RUN installs the same packages on purpose. When the RUN runs `apt-get autoremove`
itself after the build, only `apt-mark auto` is added before it.

## How verify shows it
The RUN's layer shrinks by the size of the compilers and headers; `verify` lists them among
the removed files, and the smoke command shows whether the application still loads its native
modules (the runtime libraries stay).

## Related hadolint rule
None directly. Related: DL3009 (delete the apt-get lists after installing) and DL3015 (avoid
additional packages by specifying --no-install-recommends).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..optimizer.edits import add_operands
from ..optimizer.findings import Applicability, Edit, Finding, Fix
from ..optimizer.model import Model
from ..optimizer.packages import (
    DEBIAN,
    brings_python,
    compiled_runtime,
    family_of,
    interpreter_for,
    is_build_only,
    is_build_step,
    knows_release,
    package_name,
    release_of,
    runtime_for,
    ships_toolchain,
)
from ..optimizer.policy import required
from ..optimizer.rules import Options, PassSpec, Phase
from ..optimizer.shellview import ShellView
from ..optimizer.syntax import Instruction
from ._apt import APT
from ._build_deps import (
    builds_later,
    earlier_runs,
    kept_dependencies,
    later_programs,
    literal_packages,
    run_after_build,
    used_at_run_time,
)
from ._common import privilege_prefix, root_of, sub

SPEC = PassSpec(
    code="DS120",
    name="apt-build-deps-purge",
    phase=Phase.CLEANUP,
    summary="Remove Debian build-only packages after the build, keeping the runtime libraries",
    applicability=Applicability.UNSAFE,
    hadolint=(),
)


def check(model: Model, options: Options) -> Iterator[Finding]:
    for stage in model.stages:
        base = root_of(stage).base
        if family_of(base) != DEBIAN or not knows_release(base) or ships_toolchain(base):
            continue
        release = release_of(base)
        if used_at_run_time(model, stage, options):
            continue
        for inst in stage.runs():
            view = model.run(inst).readable
            if view is None or _removes_packages(view):
                continue
            installs = [(p, c) for p, c in view.find(APT, "install")
                        if any(is_build_only(w.value or "", DEBIAN, release) for w in c.operands())]
            if not installs or any(c.context != () or literal_packages(c) is None or privilege_prefix(c) is None
                                   for p, c in installs):
                continue
            ordered = [c for _, c in view.commands()]
            builds_here = any(is_build_step(c) for c in ordered[ordered.index(installs[-1][1]) + 1 :])
            later = builds_later(model, stage, inst)
            if not builds_here and not later:
                continue  # nothing builds: maybe the packages are what the image is for
            purpose = _development_purpose(model, stage, options)
            if purpose:
                yield SPEC.left_alone(installs[0][0].span(installs[0][1]), purpose)
                continue
            gyp = _gyp_python(model, stage, inst, options) if builds_here and not later else frozenset()
            build = _unique(package_name(w.value) for _, c in installs for w in c.operands()
                            if is_build_only(w.value, DEBIAN, release) or package_name(w.value) in gyp)
            fix = None
            if builds_here and not later and not _installed_before(model, stage, inst, build):
                fix = _fix(model, stage, inst, view, installs, build, base, options)
            part, cmd = installs[0]
            yield SPEC.report(part.span(cmd), f"build-only packages ({', '.join(build)}) stay in the image after the build", fix)


def _development_purpose(model: Model, stage, options: Options) -> str | None:
    from .stages.dev_image import development_purpose  # only once build tools are found

    return development_purpose(model, stage, options.extra.get("path"))


def _gyp_python(model: Model, stage, inst: Instruction, options: Options) -> frozenset[str]:
    from .stages.node_gyp import build_only_python  # package.json's readers: only for a Node build

    return build_only_python(model, stage, (inst,), options)


def _unique(items) -> list[str]:
    return list(dict.fromkeys(items))


def _removes_packages(view: ShellView) -> bool:
    for _, cmd in view.commands():
        if cmd.program in APT and sub(cmd) in ("purge", "remove"):
            return True
        if cmd.program == "apt-mark" and sub(cmd) == "auto":
            return True
        if cmd.program == "dpkg" and cmd.has_option("-P", "-r", "--purge", "--remove"):
            return True
    return False


def _installed_before(model: Model, stage, inst: Instruction, build: list[str]) -> bool:
    """True when an earlier RUN installs one of the packages: marking it automatic would take
    away what that RUN installed on purpose."""
    for run in earlier_runs(stage, inst):
        view = model.run(run).readable
        if view is None:
            return True
        for _, cmd in view.find(APT, "install"):
            if any(package_name(w.value or "") in build for w in cmd.operands()):
                return True
    return False


def _fix(model: Model, stage, inst: Instruction, view: ShellView, installs, build: list[str], base: str,
         options: Options) -> Fix | None:
    # packages installed on purpose already (here or in an earlier RUN) need no help to stay
    views = [model.run(run).view for run in earlier_runs(stage, inst) + [inst]]
    listed = {package_name(w.value or "") for v in views if v for _, c in v.find(APT, "install") for w in c.operands()}
    edits: list[Edit] = []
    kept: list[str] = []
    for part, cmd in installs:
        keep: list[str] = []
        for w in cmd.operands():
            extra = [*runtime_for(w.value, DEBIAN, release_of(base)), *compiled_runtime(w.value, DEBIAN)]
            interpreter = interpreter_for(w.value, DEBIAN)
            if interpreter and not brings_python(base):
                extra.append(interpreter)
            keep.extend(x for x in extra if x not in listed and x not in keep and x not in kept)
        if (part, cmd) == installs[-1]:  # autoremove takes what only a build-only package brought
            needed = kept_dependencies(DEBIAN, build, later_programs(model, stage, inst, options))
            keep.extend(x for x in [*needed, *sorted(required())] if x not in listed and x not in keep and x not in kept)
        if keep:
            edits.extend(add_operands(part, cmd, keep))
            kept.extend(keep)
    part, cmd = installs[-1]
    prefix = privilege_prefix(cmd)
    commands = [f"{prefix}apt-mark auto {' '.join(build)}", f"{prefix}{cmd.program_word.text} autoremove -y --purge"]
    remove = run_after_build(stage, inst, part, commands)
    # an `apt-get autoremove` of the user's that runs after the mark does the removal
    theirs = [c for c in part.script.top_level if c.program in APT and sub(c) == "autoremove"]
    if theirs:
        mark = run_after_build(stage, inst, part, commands[:1])
        if mark and mark[0].start <= part.src(theirs[-1].start):
            remove = mark
    if not remove:
        return None
    title = "Mark the build-only packages automatic and autoremove them after the build"
    if kept:
        title += f", keeping {', '.join(kept)}"
    return SPEC.fix(title, *edits, *remove)
