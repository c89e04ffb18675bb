"""DS111 apk-virtual-build-deps: Alpine build-only packages stay in the image after the build.

## What it does
Finds an `apk add` of build-only packages (compilers, `musl-dev`, `linux-headers`, `-dev`
packages such as `postgresql-dev`) followed by a build (`pip install`, `npm ci`, `make`,
`cargo build`, `docker-php-ext-install`, ...) and rewrites the RUN so that:
- the build-only packages are installed as a virtual package, `apk add --virtual .build-deps ...`;
- the runtime libraries those `-dev` packages stand for (`postgresql-dev` -> `libpq`,
  `libffi-dev` -> `libffi`, `jpeg-dev` -> `libjpeg-turbo`, ...) and any other packages of the
  same `apk add` go into a plain `apk add` right after it, so they stay;
- so do the libraries of what the compilers build: `libstdc++` and `libgcc` with `g++` or
  `build-base` (a gem's eventmachine, a Python C++ extension, a node-gyp addon, PHP's intl
  link libstdc++.so.6), `libgcc` with `cargo`/`rust` (Rust extensions link libgcc_s.so.1),
  unless the build is only `go build` or the base image has them (`node:*-alpine`);
- and the packages the build-only packages brought that a later RUN (of the stage or a
  stage built FROM it), CMD, ENTRYPOINT, HEALTHCHECK or SHELL, or a shell script they run
  that the build context holds, runs a program of: `binutils`
  (`strip`) and `file` with `build-base`, `perl` and `m4` with autoconf, `bash` with libtool;
- node-gyp's Python (`python3` installed beside `make` and `g++` or `build-base`, for an
  `npm install`, `yarn` or `pnpm install` that builds native addons) goes into the virtual
  package too, unless a later RUN, CMD, ENTRYPOINT, HEALTHCHECK, a start script they run or
  a package.json script they call (`npm start`) runs Python, or package.json cannot be read;
- `apk del .build-deps` runs after the build, in the same RUN (before a trailing
  `rm -rf ...` cleanup when there is one).

When the build-only packages are installed in one RUN and the build runs in the next one
(`RUN apk add gcc musl-dev postgresql-dev` / `COPY requirements.txt .` / `RUN pip install -r
requirements.txt`), the install is moved into the build's RUN; that is, the `COPY` ends up
above it. The comment lines above the moved RUN go with it, right above the build RUN's own
comments (a heading set off by a blank line stays on top).

## Why it makes the image smaller
gcc, binutils, musl-dev and headers commonly take 100 MB or more on Alpine. They are needed
to compile native extensions, not to run them; a removal in a later RUN frees nothing, because
the earlier layer still holds the files. Removing them in the RUN that used them keeps them
out of the image. A virtual package makes the removal exact: `apk del .build-deps` removes
what was added for it and nothing that other installed packages still need.

## Example
    FROM python:3.12-alpine
    RUN apk update && apk add gcc musl-dev postgresql-dev
    COPY requirements.txt .
    RUN pip install -r requirements.txt
becomes
    FROM python:3.12-alpine
    COPY requirements.txt .
    RUN apk update && apk add --virtual .build-deps gcc musl-dev postgresql-dev && apk add libpq && pip install -r requirements.txt && apk del .build-deps

## Fix safety
Unsafe: packages that were in the image are gone from it, and nothing in a Dockerfile says
whether the application uses them at run time. Known cases where it does: `ctypes.util.
find_library` on musl calls `gcc` or `ld` to find shared libraries; cffi, pyximport or numba
compile at run time; a native extension may link a library whose `-dev` package is not in
dockslim's table (those packages are kept, as are all packages it does not know). Moving the
install into the later RUN also changes the order of instructions and the build cache (a change
to `requirements.txt` now reinstalls the build packages). A package the company policy
requires (`required-packages`) stays out of the virtual package and is named in the runtime
`apk add`, so `apk del` keeps it even when only a build-only package had brought it.

Left alone, with a note: an image to develop or test in (a devcontainer, `Dockerfile.dev`, a
CMD that runs the tests or a notebook server), whose compilers are what it is for.
Left alone: RUNs that already use `--virtual`/`-t` or `apk del`; images other than Alpine 3.12
or later (the runtime names are known from 3.12 on: OpenSSL 1.1's `libssl1.1 libcrypto1.1`
before 3.17, OpenSSL 3's `libssl3 libcrypto3` from 3.17); stages that do not end up in the
final image; CMD/ENTRYPOINT/HEALTHCHECK that run a compiler or make, and ONBUILD; package lists with
variables or files; a RUN whose build-only packages are installed but nothing builds.
Reported without a fix: when a later RUN (or a stage built FROM this one) may build again;
for the two-RUN form, when anything but COPY/ADD (without --chown)/WORKDIR/ENV/ARG/LABEL/
EXPOSE stands between the RUNs, when the first RUN runs anything but apk and `rm`-style
cleanup, when either RUN has flags or a heredoc, or when the build RUN has top-level `;`/`||`
lists (a failure of the moved install must still fail the build). When an earlier RUN
already uses the name `.build-deps`, the virtual package is called `.build-deps-2`.

## How verify shows it
The RUN's layer shrinks by the size of the compilers and headers; `verify` lists them among
the removed files, and the smoke command shows whether the application still imports its
native modules (the runtime libraries stay).

## Related hadolint rule
None directly. Related: DL3018 (pin versions in apk add) and DL3019 (use --no-cache with
apk add), which concern the same `apk add` commands.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..optimizer.edits import Refusal, add_flag, delete_instruction, remove_words
from ..optimizer.findings import Applicability, Edit, Finding, Fix, apply_edits
from ..optimizer.model import Model, Stage
from ..optimizer.packages import (
    ALPINE,
    brings_libstdcxx,
    brings_python,
    compiled_runtime,
    family_of,
    interpreter_for,
    is_build_only,
    is_build_step,
    is_cleanup,
    knows_release,
    package_name,
    release_of,
    runtime_for,
)
from ..optimizer.policy import required
from ..optimizer.rules import Options, PassSpec, Phase
from ..optimizer.shell import Command
from ..optimizer.shellview import ShellPart, ShellView
from ..optimizer.style import chain_style
from ..optimizer.syntax import Instruction
from ._build_deps import (
    and_joint,
    builds_later,
    default_joint,
    earlier_runs,
    joint_after,
    kept_dependencies,
    later_programs,
    literal_packages,
    run_after_build,
    used_at_run_time,
)
from ._common import privilege_prefix, root_of

SPEC = PassSpec(
    code="DS111",
    name="apk-virtual-build-deps",
    phase=Phase.CLEANUP,
    summary="Install Alpine build-only packages as a virtual package and delete it after the build",
    applicability=Applicability.UNSAFE,
    hadolint=(),
)

VIRTUAL = ".build-deps"
# what may stand between an install-only RUN and the RUN that builds, so that moving the
# install below them changes nothing the install sees
MOVABLE_OVER = frozenset({"COPY", "ADD", "WORKDIR", "ENV", "ARG", "LABEL", "EXPOSE"})
NO_UPDATE = frozenset({"-U", "--update", "--update-cache"})


# ------------------------------------------------------------------------------------ the pass


def check(model: Model, options: Options) -> Iterator[Finding]:
    for stage in model.stages:
        base = root_of(stage).base
        if family_of(base) != ALPINE or not knows_release(base):
            continue
        if used_at_run_time(model, stage, options):
            continue
        for inst in stage.runs():
            view = model.run(inst).readable
            found = _candidate(view)
            if found is None:
                continue
            part, add, builds_here = found
            later = builds_later(model, stage, inst)
            name = _virtual_name(stage, inst)
            if builds_here:
                fix = None if later else _fix_same_run(model, stage, inst, view, part, add, base, name, options)
            else:
                fix = _fix_split(model, stage, inst, view, part, add, base, name, options) if later else None
            if fix is None and not (builds_here or later):
                continue  # nothing builds: maybe the packages are what the image is for
            from .stages.dev_image import development_purpose  # only once build tools are found

            purpose = development_purpose(model, stage, options.extra.get("path"))
            if purpose:
                yield SPEC.left_alone(part.span(add), purpose)
                continue
            names = ", ".join(w.value for w in add.operands() if is_build_only(w.value, ALPINE))
            yield SPEC.report(part.span(add), f"build-only packages ({names}) installed by `apk add` stay in the image after the build", fix)


def _virtual_name(stage: Stage, inst: Instruction) -> str:
    """`.build-deps`, unless an earlier RUN uses that name: adding to a virtual package that
    still exists would redefine it, and deleting it would take the earlier one's packages."""
    texts = [r.text for r in earlier_runs(stage, inst)]
    name, n = VIRTUAL, 1
    while any(name in t for t in texts):
        n += 1
        name = f"{VIRTUAL}-{n}"
    return name


def _candidate(view: ShellView | None):
    """(part, the `apk add` of build-only packages, whether the RUN builds after it), or None."""
    if view is None:
        return None
    apks = view.find("apk")
    if any(c.has_option("--virtual", "-t") or (c.subcommand and c.subcommand.value == "del") for _, c in apks):
        return None
    adds = [(p, c) for p, c in apks if c.subcommand is not None and c.subcommand.value == "add"]
    with_build = [(p, c) for p, c in adds if any(is_build_only(w.value or "", ALPINE) for w in c.operands())]
    if len(with_build) != 1:
        return None
    part, add = with_build[0]
    if add.context != () or literal_packages(add) is None or privilege_prefix(add) is None:
        return None
    ordered = [c for _, c in view.commands()]
    builds = any(is_build_step(c) for c in ordered[ordered.index(add) + 1 :])
    return part, add, builds


def _compiles(view) -> bool:
    """The RUN builds something a compiler may have made native code for (anything but Go)."""
    return any(is_build_step(c) and c.tool != "go" for _, c in view.commands())


def _add_edits(
    inst: Instruction, own: ShellView, part: ShellPart, add: Command, base: str, name: str, compiles: bool,
    later: set[str], gyp: frozenset[str],
) -> tuple[list[Edit], str] | None:
    """Edits turning the `apk add` into the virtual install (with node-gyp's Python, `gyp`),
    and the runtime `apk add` to run right after it ("" when nothing stays). When the build
    `compiles`, the runtime libraries of what the compilers made stay too (`g++` -> libstdc++,
    libgcc); so do the packages they brought that hold a program of `later` (run after the
    build: `strip`, `perl`)."""
    words = literal_packages(add)
    build = [w for w in words if is_build_only(w.value, ALPINE) or package_name(w.value) in gyp]
    others = [w for w in words if not any(w is b for b in build)]
    installed = {package_name(w.value or "") for _, c in own.find("apk", "add") for w in c.operands()}
    keep: list[str] = []
    for w in build:
        extra = list(runtime_for(w.value, ALPINE, release_of(base)))
        interpreter = interpreter_for(w.value, ALPINE)
        if interpreter and not brings_python(base):
            extra.append(interpreter)
        if compiles and not brings_libstdcxx(base):
            extra.extend(compiled_runtime(w.value, ALPINE))
        keep.extend(x for x in extra if x not in installed and x not in keep)
    # `apk del` of the virtual package takes what only a build-only package brought
    needed = kept_dependencies(ALPINE, [package_name(w.value) for w in build], later)
    keep.extend(x for x in [*needed, *sorted(required())] if x not in installed and x not in keep)
    removed = remove_words(part, others)
    if isinstance(removed, Refusal):
        return None
    edits = list(removed)
    # the flag goes after the last word before the packages that stays (`add`, `--no-cache`)
    argv = list(add.argv)
    before = next(w for w in reversed(argv[: argv.index(build[0])]) if w not in others)
    edits.extend(add_flag(part, before, f" --virtual {name}"))
    runtime = ""
    if others or keep:
        prefix = privilege_prefix(add)
        sub = add.subcommand
        operands = {id(w) for w in add.operands(after_subcommand=False)}
        options = [w for w in add.tool_args if id(w) not in operands and w.value not in NO_UPDATE]
        runtime = " ".join(
            [prefix + add.program_word.text]
            + [w.text for w in options if w.start < sub.start]
            + [sub.text]
            + [w.text for w in options if w.start > sub.start]
            + [w.text for w in others]
            + keep
        )
    return edits, runtime


def _fix_same_run(
    model: Model, stage: Stage, inst: Instruction, own: ShellView, part: ShellPart, add: Command, base: str, name: str,
    options: Options,
) -> Fix | None:
    from .stages.node_gyp import build_only_python  # package.json's readers: only for a fix

    made = _add_edits(inst, own, part, add, base, name, _compiles(own), later_programs(model, stage, inst, options),
                      build_only_python(model, stage, (inst,), options))
    if made is None:
        return None
    edits, runtime = made
    if runtime:
        joint = joint_after(inst, part, add) or default_joint(inst, part)
        edits.append(Edit.insert(part.src_end(add.end), joint + runtime))
    delete = run_after_build(stage, inst, part, [f"{privilege_prefix(add)}{add.program_word.text} del {name}"])
    if not delete:
        return None
    return SPEC.fix(f"Install build-only packages as `{name}` and delete them after the build", *edits, *delete)


def _fix_split(
    model: Model, stage: Stage, inst: Instruction, own: ShellView, part: ShellPart, add: Command, base: str, name: str,
    options: Options,
) -> Fix | None:
    """The install-only RUN `inst` moves into the next RUN, which builds."""
    if inst.flags or inst.heredocs or part.is_heredoc:
        return None
    script = part.script
    if any(c.context != () or not (c.program == "apk" or is_cleanup(c)) for c in script.commands) \
            or script.top_level[-1].op_after:
        return None
    body = stage.body
    i = body.index(inst)
    between = []
    for nxt in body[i + 1 :]:
        if nxt.kind == "RUN":
            break
        if nxt.kind not in MOVABLE_OVER or nxt.flag("chown") is not None:
            return None
        between.append(nxt)
    else:
        return None
    if nxt.flags or nxt.heredocs or builds_later(model, stage, nxt):
        return None
    view = model.run(nxt).readable
    if view is None or len(view.parts) != 1 or not any(is_build_step(c) for _, c in view.commands()):
        return None
    target = view.parts[0]
    if any(o.depth == 0 and o.kind != "&&" for o in target.script.operators):
        return None  # `A && b1; b2` would run b2 even when the install failed
    from .stages.node_gyp import build_only_python  # package.json's readers: only for a fix

    made = _add_edits(inst, own, part, add, base, name, _compiles(view), later_programs(model, stage, nxt, options),
                      build_only_python(model, stage, (inst, nxt), options))
    if made is None:
        return None
    edits, runtime = made
    prefix = privilege_prefix(add)
    # the moved install must still fail the build: join it to the build with `&&`
    own = len(script.top_level) > 1 or chain_style(inst, part).multiline
    joint = and_joint(inst, part, default_joint(inst, part) if own else default_joint(nxt, target))
    if runtime:
        edits.append(Edit.insert(part.src_end(add.end), (joint_after(inst, part, add) or joint) + runtime))
    lo, hi = inst.rest_span
    moved = apply_edits(inst.source[lo:hi], [Edit(e.start - lo, e.end - lo, e.text) for e in edits])
    delete = run_after_build(stage, nxt, target, [f"{prefix}{add.program_word.text} del {name}"], joint)
    if not delete:
        return None
    out = [Edit.insert(nxt.rest_span[0], moved + joint), *delete]
    # the RUN's comments go with it, above the build RUN's own
    block = _merged_leading(inst, nxt)
    if between:
        out += [*delete_instruction(inst), Edit(nxt.leading_start, nxt.start, block)]
    else:
        out.append(Edit(inst.leading_start, nxt.start, block))
    return SPEC.fix(f"Move the install into the build's RUN as `{name}` and delete it after the build", *out)


def _merged_leading(moved: Instruction, build: Instruction) -> str:
    """The lines above the RUN both become: the moved RUN's comment lines just above the
    build RUN's own comment paragraph (a heading set off by a blank line stays on top), or
    the moved RUN's whole block when the build RUN has no comments."""
    lines = build.leading.splitlines(keepends=True)
    if not any(_is_comment(ln) for ln in lines):
        return moved.leading
    at = max((i + 1 for i, ln in enumerate(lines) if not ln.strip()), default=0)
    comments = [ln for ln in moved.leading.splitlines(keepends=True) if _is_comment(ln)]
    return "".join(lines[:at] + comments + lines[at:])


def _is_comment(line: str) -> bool:
    return line.lstrip().startswith("#")
