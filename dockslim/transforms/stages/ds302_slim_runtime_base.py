"""DS302 slim-runtime-base: the runtime stage starts from a full image although a builder stage does the building.

## What it does
In a file with several stages, when the final image's stages (the final stage and the stages
it is built FROM) only install and run things while another stage does the building (they
copy from it or bind-mount it), moves the first of them to the slim variant of its base
image:

- `python:3.11` -> `python:3.11-slim`, `python:3.11-bookworm` -> `python:3.11-slim-bookworm`
- `node:20` -> `node:20-slim`, `node:20-bookworm` -> `node:20-bookworm-slim`
- `ruby:3.3` -> `ruby:3.3-slim`, `ruby:3.3-bookworm` -> `ruby:3.3-slim-bookworm`
- `debian:bookworm` -> `debian:bookworm-slim`, `debian:12` -> `debian:12-slim`

`debian:bookworm` and `debian:bookworm-slim` hold the same packages (the slim one drops
documentation, man pages and locales): that move installs nothing. The full `python`, `node`
and `ruby` images carry buildpack-deps' libraries, which their slim variants lack, so the
runtime stage installs those of them that what the builder stages built may link: the runtime
packages of the -dev packages a builder installs (`libpq-dev` -> `libpq5`), and, for a builder
on a full image, those of the Python requirements it builds from source (psycopg2, which has
no wheel) and of the npm addons it compiles (`pg-native`, `canvas`): DS301's tables, read from
the build context, with a note when the requirement files or package.json were not read. A
library the full image did not carry (Boost's, for `libboost-all-dev`) is not added: the
runtime stage, which ran without it, installs what it needs itself; nor are GCC's own
runtime libraries that a -dev package depending on libstdc++-N-dev brings along (libasan,
libtsan, libgomp ...), which a program links only when built to. Gems compiled on a full image
(`bundle install` on `ruby:3.3`) may link any of its libraries and no table says which: the
stage is left alone then, and so is a full image of a release whose package data dockslim
lacks (`python:3.7-stretch`).

Only these four images are moved, and only tags spelled as they publish them (a version, a
version and a Debian release, a release alone, `latest`): their slim variant exists. Any
other image (`alpine`, `nginx`, `scratch`, ...) or tag (`3.11-onbuild`) is left alone, as no
`-slim` variant is known for it. `golang`, `rust` and `gcc` images are not moved here either:
DS301 gives a compiled program a `debian:*-slim` runtime of its own.

## Why it makes the image smaller
The full official images are built on `buildpack-deps`: compilers, headers of dozens of
libraries, git, curl and version-control tools, 800 MB or more. The slim variants hold the
same language runtime on a minimal Debian (150 MB for Python). Once the compiling happens
in a builder stage, the runtime stage no longer needs any of it.

## Example
    FROM python:3.11 AS builder
    RUN pip wheel --wheel-dir /wheels -r requirements.txt

    FROM python:3.11
    RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels pip install --no-index /wheels/*.whl
becomes
    FROM python:3.11 AS builder
    RUN pip wheel --wheel-dir /wheels -r requirements.txt

    FROM python:3.11-slim
    RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels pip install --no-index /wheels/*.whl

## Fix safety
Unsafe: the slim image lacks what the full one carried, and the application may have used it
without the Dockerfile saying so: shared libraries that wheels built in the builder link
against (the full image has `libpq5`, `libxml2`, ...; the move installs those of them that
the `-dev` packages the builders install stand for, and those their requirements and addons
need as far as the build context and DS301's tables tell), or programs such as `curl`
in a script. Left alone, with a note saying why, when
the runtime stages install build-only packages, compile (`make`, `gcc`, `go build`, `npm ci`,
`pip install` of anything but local wheels), or run `curl`, `wget`, `git`, `make`, `gcc`,
`ps` ... (in a RUN, CMD, ENTRYPOINT or HEALTHCHECK) without installing them; silently when no
other stage is copied from, and for images pinned by digest, given by a variable, or already
slim or Alpine.
`dockslim.verify.runtime_libs.runtime_packages` lists the libraries the built files link.
With a company policy (`[tool.dockslim.policy]`), left alone with a note when the slim image
is outside `allowed-bases` / inside `forbidden-bases`, or when a `required-packages` entry is
not installed by the runtime stages' own RUNs (the full image may have carried it).

## How verify shows it
The base image's own layers shrink (the per-layer table shows a smaller base); the smoke
command shows whether native modules still find their libraries.

## Related hadolint rule
None: hadolint has no rule about base image variants.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...optimizer.findings import Applicability, Edit, Finding
from ...optimizer.model import Model, Stage
from ...optimizer.packages import (
    TOOLCHAIN_PROGRAMS, family_of, is_build_only, is_build_step, release_of, runtime_for, ships_toolchain,
)
from ...optimizer.policy import move_refused, policy_of
from ...optimizer.rules import Options, PassSpec, Phase
from ...optimizer.run import Run
from .._apt import official_image
from .._common import lineage as chain
from .._layers import workdir_before
from .commands import build_packages, missing_programs, package_installs, sub_of
from .full_variant import carried_only_by_full, lost_in_move
from .pip import is_pip, pip_kind
from .plan import INSTALLS, Refused
from .runtime_install import add_runtime_packages
from .stage_text import image_word, stage_names

SPEC = PassSpec(
    code="DS302",
    name="slim-runtime-base",
    phase=Phase.STAGES,
    summary="Start the runtime stage from the slim variant of its base image when a builder stage does the building",
    applicability=Applicability.UNSAFE,
    kinds=("FROM", "RUN"),
)

# The images known to publish `-slim` variants, and how their tags spell them. Only tags
# spelled exactly so are moved: any other image (alpine, nginx, scratch, ...) or tag has no
# slim variant dockslim knows of.
_RELEASES = "bookworm|bullseye|buster|stretch|trixie"
_RELEASE = f"(?:-(?P<rel>{_RELEASES}))?"
_TAGS = {
    "python": re.compile(r"(?P<ver>\d+(\.\d+){0,2}((a|b|rc)\d+|-rc)?)" + _RELEASE),
    "ruby": re.compile(r"(?P<ver>\d+(\.\d+){0,2}(-rc)?)" + _RELEASE),
    "node": re.compile(r"(?P<ver>\d+(\.\d+){0,2}|lts|current|hydrogen|iron|jod|krypton)" + _RELEASE),
}
# (version alone, version and release)
_SPELLING = {
    "python": ("{ver}-slim", "{ver}-slim-{rel}"),  # 3.11-slim, 3.11-slim-bookworm
    "ruby": ("{ver}-slim", "{ver}-slim-{rel}"),
    "node": ("{ver}-slim", "{ver}-{rel}-slim"),  # 20-slim, 20-bookworm-slim
}
_RELEASE_ALONE = {"python": "slim-{rel}", "ruby": "slim-{rel}", "node": "{rel}-slim"}
# debian:bookworm -> bookworm-slim, 12 -> 12-slim, bookworm-20240110 -> bookworm-20240110-slim
_DEBIAN_TAG = re.compile(
    r"(bookworm|bullseye|buster|stretch|trixie|forky|sid|stable|oldstable|oldoldstable|testing|unstable"
    r"|\d+(\.\d+)?)(-\d{8})?"
)


def slim_variant(ref: str) -> str | None:
    """The slim variant of an official full image reference, or None when the image is not
    known to publish one for that tag."""
    if "@" in ref or "$" in ref or official_image(ref) is None:
        return None
    name, tag = official_image(ref)
    last = ref.rsplit("/", 1)[-1]
    head = ref[: ref.rfind(":") + 1] if ":" in last else ref + ":"
    if name == "debian":
        if tag in ("", "latest"):
            return head + "stable-slim"
        return head + f"{tag}-slim" if _DEBIAN_TAG.fullmatch(tag) else None
    if name not in _TAGS:
        return None
    if tag in ("", "latest"):
        return head + "slim"
    if re.fullmatch(_RELEASES, tag):
        return head + _RELEASE_ALONE[name].format(rel=tag)
    m = _TAGS[name].fullmatch(tag)
    if m is None:
        return None
    ver, rel = m.group("ver"), m.group("rel")
    version, both = _SPELLING[name]
    return head + (both.format(ver=ver, rel=rel) if rel else version.format(ver=ver))


def check(model: Model, options: Options) -> Iterator[Finding]:
    if len(model.stages) < 2:
        return
    stages = chain(model.final)
    root = stages[0]
    slim = _movable(model, root)
    if slim is None or not copies_from_builder(model, stages):
        return
    start, end, _ = image_word(root.from_)
    span = (root.from_.start, root.from_.end)
    reason = builds(stages) or move_refused(policy_of(options.extra), slim, installed_by(stages))
    gap = carried_only_by_full(root.base, slim)
    if gap is None:
        reason = reason or f"what {root.base} carries beyond {slim} is not known: dockslim has no package data for its release"
    libraries, notes = (), ()
    if not reason and gap[0]:  # debian:bookworm and its slim variant hold the same packages: nothing to add
        try:
            libraries, notes = builders_link(model, stages, options)
        except Refused as why:
            reason = str(why)
        libraries = lost_in_move(libraries, *gap)
    added = [] if reason else add_runtime_packages(model, root, libraries)
    if isinstance(added, str):
        reason = f"the runtime stage needs {', '.join(libraries)}, and {added}"
    if reason:
        yield SPEC.left_alone(span, reason)
        return
    keeps = (f"; it installs {', '.join(libraries)}, which {root.base} carries, {slim} lacks"
             " and what the builder built may link") if added else ""
    title = f"Use `{slim}`" + (f" and install {', '.join(libraries)}" if added else "")
    yield SPEC.report(span, f"the runtime stage starts from {root.base} although a builder stage builds; use {slim}{keeps}",
                      SPEC.fix(title, Edit(start, end, slim), *added))
    for note in notes:
        yield SPEC.left_alone(span, note)


def _movable(model: Model, root: Stage) -> str | None:
    """The slim variant the final image's root stage may move to; None when it is built FROM
    another stage, has no slim variant dockslim knows or takes its image from an ARG."""
    if root.parent is not None or root.base.lower() in stage_names(model):
        return None
    slim = slim_variant(root.base)
    return slim if slim is not None and image_word(root.from_)[2] == root.base else None


def stays_full(model: Model, options: Options) -> str | None:
    """Why the final image keeps its full base image for good, as far as its own instructions
    tell (no package data read); None when DS302 may move it. The packages the policy requires
    do not keep it: DS101 names them in the runtime stage's install."""
    stages = chain(model.final)
    root = stages[0]
    slim = _movable(model, root)
    if slim is None:
        word = image_word(root.from_)[2]
        return f"its image {word} comes from an ARG" if word != root.base else f"no slim variant of {root.base} is known"
    return builds(stages) or move_refused(policy_of(options.extra)._replace(required_packages=()), slim, set())


def builders_link(model: Model, stages: list[Stage], options: Options) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The runtime libraries what the builder stages built may link (the move installs those
    the full image carried): the runtime packages of the -dev packages they install (`libpq-dev`
    -> `libpq5`) and, for a builder on a full image, of the Python requirements it builds from
    source (psycopg2 has no wheel) and the npm addons it compiles (canvas); notes on the files
    not read. Refused for gems compiled on a full image: no table says what they link."""
    family = family_of(stages[0].base)
    inside = {id(s) for s in stages}
    builders = {id(b): b for s in stages for ref in s.copies_from if (stage := model.stage_named(ref)) is not None
                and id(stage) not in inside for b in chain(stage)}
    packages: list[str] = []
    notes: list[str] = []
    for b in builders.values():
        if family_of(b.base) != family or not all(b.run(i).view for i in b.runs()):
            continue
        packages += [p for dev in build_packages(b) for p in runtime_for(dev, family, release_of(b.base)) if p.startswith("lib")]
        found, why = _python_libraries(b, options, frozenset(packages))
        packages += found
        notes += why
        if ships_toolchain(b.base):
            found, why = _addon_libraries(model, b, options)
            packages += found
            notes += why
            _refuse_gems(b)
    return tuple(dict.fromkeys(packages)), tuple(dict.fromkeys(notes))


def _python_libraries(builder: Stage, options: Options, kept: frozenset[str]) -> tuple[list[str], tuple[str, ...]]:
    """The runtime packages the requirements a builder's `pip install` / `pip wheel` reads need."""
    mains = [(i, part, cmd, "main") for i in builder.runs() for part, cmd in builder.run(i).view.commands()
             if is_pip(cmd) and sub_of(cmd) in ("install", "wheel") and pip_kind(cmd) == "main"]
    if not mains:
        return [], ()
    from .python_requirements import runtime_libraries  # the requirement parsers: only when needed

    needs, notes = runtime_libraries(builder, mains, options, kept)
    return [p for n in needs for p in n.packages], notes


def _addon_libraries(model: Model, builder: Stage, options: Options) -> tuple[list[str], tuple[str, ...]]:
    """The runtime packages the native addons a builder's npm/yarn/pnpm install compiles link."""
    installs = [i for i in builder.runs() for _, c in builder.run(i).view.commands()
                if c.program in INSTALLS and sub_of(c) in INSTALLS[c.program]]
    if not installs:
        return [], ()
    from ...optimizer.context import context_of  # package.json's readers: only when needed
    from .node_manifest import addon_libraries, manifest_at

    context = context_of(options.extra)
    if context is None:
        return [], ("the system libraries of the native npm addons, since the build context is not known and"
                    " package.json was not read",)
    out: list[str] = []
    for inst in dict.fromkeys(installs):
        manifest = manifest_at(context, builder, inst, workdir_before(model, builder, inst))
        out += [p for found in addon_libraries(builder, manifest).values() for p in found]
    return out, ()


def _refuse_gems(builder: Stage) -> None:
    for inst in builder.runs():
        for _, cmd in builder.run(inst).view.commands():
            if (cmd.program, sub_of(cmd)) in (("bundle", "install"), ("bundle", None), ("gem", "install")):
                raise Refused(f"line {inst.start_line}: the gems {cmd.program} compiles on {builder.base} may link its"
                              " libraries (pg links libpq), and dockslim has no table of what they need")


def copies_from_builder(model: Model, stages: list[Stage]) -> bool:
    """A stage outside the final image's chain is copied or mounted into it."""
    inside = {id(s) for s in stages}
    for stage in stages:
        for ref in stage.copies_from:
            other = model.stage_named(ref)
            if other is not None and id(other) not in inside:
                return True
    return False


def installed_by(stages: list[Stage]) -> set[str]:
    """The packages the stages' RUNs install."""
    return {n for stage in stages for inst in stage.runs() for ins in package_installs(stage.run(inst)) for n in ins.names}


def builds(stages: list[Stage]) -> str | None:
    """Why the runtime stages need the full image, or None."""
    installed = installed_by(stages)
    for stage in stages:
        for inst in stage.body:
            why = _run_builds(stage.run(inst)) if inst.kind == "RUN" else None
            if why:
                return f"line {inst.start_line}: {why}"
            if inst.kind in ("RUN", "CMD", "ENTRYPOINT", "HEALTHCHECK"):
                used = missing_programs(stage, inst, installed, TOOLCHAIN_PROGRAMS)
                if used:
                    return f"line {inst.start_line}: {inst.kind} runs {min(used)}, which the slim image lacks"
    return None


def _run_builds(run: Run) -> str | None:
    """Why a RUN needs the full image (it compiles or installs a build-only package), or None."""
    view = run.view
    if view is None or not view.ok:
        return "a RUN dockslim cannot read"
    for ins in package_installs(run):
        bad = [n for n in ins.names if is_build_only(n, ins.manager)]
        if bad:
            return f"the runtime stage installs {bad[0]}, a build-only package"
    for _, cmd in view.commands():
        if is_pip(cmd) and sub_of(cmd) == "install":
            if cmd.has_option("--no-index") or pip_kind(cmd) == "tooling":
                continue
            return "`pip install` in the runtime stage may compile"
        if is_build_step(cmd) or cmd.program in TOOLCHAIN_PROGRAMS:
            return f"the runtime stage builds (`{cmd.program}`)"
    return None
