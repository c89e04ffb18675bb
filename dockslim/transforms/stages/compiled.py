"""DS301's planner for compiled programs: the toolchain stays in the builder; the runtime starts
from the slim image of the same release (or `scratch` for a static program) and copies the
program and the files of the build context it reads at run time."""

from __future__ import annotations

import fnmatch
import posixpath
import re

from ...optimizer.context import BuildContext, context_of, normalize
from ...optimizer.findings import Edit
from ...optimizer.model import Model, Stage
from ...optimizer.packages import ALPINE, family_of, is_build_step, is_cleanup, release_of
from ...optimizer.policy import Policy, move_refused, policy_of
from ...optimizer.requirements import Files
from ...optimizer.rules import Options
from ...optimizer.shell import Command
from ...optimizer.syntax import Instruction
from .._apt import official_image
from .._common import env_in_stage, root_home
from .._layers import absolute, mentions, under, workdir_before
from ..ds205_dockerignore import excluded
from . import go
from .build_only import RunEdit
from .commands import exec_words, is_housekeeping, is_install, missing_programs, package_installs, sub_of
from .plan import (
    BUILDER, BUILDS_AT_START, Plan, Refused, builder_text, compile_commands, hidden, is_compile, package_runs,
    step_name,
)
from .stage_text import image_word, insertion_point, keyword, newline, unused_name

# RUNs of these only set the image up (users, directories): a compiled runtime keeps them
SETUP = frozenset(
    ("useradd", "adduser", "groupadd", "addgroup", "usermod", "mkdir", "chown", "chmod", "ln", "echo", "true", ":", "set")
)
# downloads and toolchain set-up a build RUN may start with; they stay in the builder
PREP = {("go", "mod"), ("go", "get"), ("cargo", "fetch"), ("rustup", "target"), ("rustup", "component")}
# the compilers that run nothing but themselves: a RUN installing only other packages before
# such a build is the runtime's business (cargo runs build scripts, make anything)
PLAIN_COMPILERS = frozenset(("go", "gcc", "g++", "cc", "c++", "clang", "clang++"))
# packages a Go or C build may use although they are not build-only: fetching modules
BUILD_USES = frozenset(
    ("git", "mercurial", "subversion", "bzr", "fossil", "openssh-client", "ca-certificates", "curl", "wget", "gnupg")
)
# images whose system trusts the usual certificate authorities (buildpack-deps underneath;
# the alpine and slim variants install ca-certificates too)
CA_BUNDLE_IMAGES = frozenset(("golang", "rust", "gcc", "buildpack-deps"))
CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt"
DEFAULT_PATH = ("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin")
# `[tool.dockslim] static-runtime`: where a statically linked program runs
STATIC_RUNTIMES = {"scratch": "scratch", "distroless": "gcr.io/distroless/static", "slim": None}
DISTROLESS_USERS = frozenset(("root", "nobody", "nonroot"))
DISTROLESS_PACKAGES = frozenset(("ca-certificates", "tzdata"))

# What a program reads at run time from its build directory: folders of these names and
# configuration files at the top of what was copied there. Sources, manifests and the
# configuration of development tools stay in the builder.
ASSET_DIRS = frozenset((
    "templates", "template", "tmpl", "views", "layouts", "static", "public", "assets", "web", "www", "html", "ui",
    "migrations", "db", "sql", "schema", "schemas", "locales", "locale", "i18n", "translations", "lang",
    "config", "configs", "conf", "etc", "resources",
))
ASSET_FILES = ("*.yaml", "*.yml", "*.toml", "*.json", "*.ini", "*.conf", "*.cfg", "*.properties", "*.env", ".env")
NOT_ASSETS = (
    "Cargo.toml", "rust-toolchain.toml", "rustfmt.toml", "clippy.toml", "deny.toml", "Cross.toml", "package.json",
    "package-lock.json", "tsconfig*.json", "composer.json", "docker-compose*", "compose.y*ml", "compose.*.y*ml",
    "codecov.y*ml", "renovate.json", "mkdocs.y*ml", "buf*.yaml", "sonar-project.properties", "vcpkg.json",
)
SOURCE_FILES = ("*.go", "*.c", "*.h", "*.cc", "*.cpp", "*.hpp", "*.rs", "go.mod", "go.sum", "Cargo.lock", "Makefile",
                "makefile", "GNUmakefile", "CMakeLists.txt")


def runtime_base(base: str, policy: Policy | None = None) -> str:
    """The slim image of the same family for a compiled program, inside the policy."""
    slim = _slim_runtime(base)
    if policy is not None and not policy.allows(slim):
        raise Refused(f"the runtime image {slim} is outside the base image policy ({policy.why_not(slim)})")
    return slim


def _slim_runtime(base: str) -> str:
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


# --------------------------------------------------------------------------- where the program is


def command_cwd(model: Model, stage: Stage, inst: Instruction, cmd: Command) -> str:
    """The directory a command of a RUN runs in: the WORKDIR, then the `cd`s before it."""
    cwd = workdir_before(model, stage, inst)
    for part, c in inst.shell.commands():
        if c is cmd:
            return cwd
        if c.program == "cd":
            ops = [w.value for w in c.args]
            if c.context or len(ops) != 1 or ops[0] is None or ops[0] == "-":
                raise Refused(f"line {inst.start_line}: a `cd` dockslim cannot follow")
            cwd = absolute(ops[0], cwd)
    return cwd


def command_env(model: Model, stage: Stage, inst: Instruction, cmd: Command, name: str) -> str | None:
    """The value of an environment variable for a command: ENV and ARG, then `export` before
    it in the RUN, then its own assignments (`CGO_ENABLED=0 go build`, `env GOOS=linux ...`).
    A value that is not a literal keeps its `$`."""
    value = env_in_stage(model, stage, name, before=inst)
    for part, c in inst.shell.commands():
        if c is cmd:
            words = [*c.assignments, *(w for w in c.wrappers if "=" in w.text)]
        elif c.program == "export" and not c.context:
            words = list(c.args)
        else:
            continue
        for w in words:
            key, eq, val = (w.value or w.text).partition("=")
            if key == name and eq:
                value = val if w.value is not None else "$"
        if c is cmd:
            break
    return value


def artifacts(model: Model, stage: Stage, inst: Instruction, cmd: Command, context: BuildContext | None) -> list[str]:
    """Absolute paths of what the build command writes (a folder ends with "/")."""
    prog = cmd.program
    cwd = command_cwd(model, stage, inst, cmd)
    if prog == "go":
        return go_artifacts(model, stage, inst, cmd, cwd, context)
    if prog in ("gcc", "g++", "cc", "c++", "clang", "clang++"):
        out = _output(cmd)
        if not out:
            raise Refused(f"line {inst.start_line}: `{prog}` without `-o`: the program's name is not shown")
        return [absolute(out, cwd)]
    if prog == "cargo" and "--release" not in [w.value for w in cmd.args]:
        raise Refused(f"line {inst.start_line}: `cargo build` without --release")
    if prog == "make" and any(w.value == "install" for w in cmd.operands(after_subcommand=False)):
        raise Refused(f"line {inst.start_line}: `make install` puts files where the Dockerfile does not show")
    entry = _entry(stage)
    words = exec_words(entry) if entry else []
    if not words or "/" not in words[0]:
        raise Refused(f"line {inst.start_line}: the program `{prog}` builds is not named by CMD/ENTRYPOINT")
    return [absolute(words[0], workdir_before(model, stage, entry))]


def go_artifacts(model: Model, stage: Stage, inst: Instruction, cmd: Command, cwd: str,
                 context: BuildContext | None) -> list[str]:
    def env(name: str) -> str | None:
        return command_env(model, stage, inst, cmd, name)

    line = f"line {inst.start_line}: "
    try:
        args = list(cmd.args)
        gocmd = go.read_command(sub_of(cmd), [w.text if w.value is None else w.value
                                                  for w in args[args.index(cmd.subcommand) + 1:]])
        if env("GOOS") not in (None, "linux"):
            raise go.NotShown(f"`GOOS={env('GOOS')}` builds for another system")
        if gocmd.sub == "install" and env("GOARCH") is not None:
            raise go.NotShown("a `go install` with GOARCH writes into a folder named after the platform")
        gopath = _gopath(model, stage, inst, env("GOPATH"))
        gobin = env("GOBIN") or (gopath and posixpath.join(gopath, "bin"))
        pkg_dir = absolute(gocmd.chdir or ".", cwd)
        module, why = _module(model, stage, inst, cmd, pkg_dir, context, gopath, env("GO111MODULE"))
        workdirs = frozenset(absolute(i.value[0], workdir_before(model, stage, i)) for i in stage.body
                             if i.kind == "WORKDIR" and i.value and i.index < inst.index)
        return go.outputs(gocmd, cwd, module, None if gobin is None or "$" in gobin else gobin, workdirs)
    except go.NotShown as reason:
        text = str(reason)
        if text.endswith("module path"):
            text += f", and {why}"
        raise Refused(line + text) from None


def _gopath(model: Model, stage: Stage, inst: Instruction, value: str | None) -> str | None:
    """The first GOPATH entry: set in the file, /go in the golang images, else Go's $HOME/go."""
    if value is not None:
        first = value.split(":", 1)[0]
        return None if "$" in first or not first.startswith("/") else first
    if stage.base_name == "golang":
        return "/go"
    return "/root/go" if root_home(model, stage, inst) else None


def _module(model: Model, stage: Stage, inst: Instruction, cmd: Command, cwd: str, context: BuildContext | None,
            gopath: str | None, mode: str | None) -> tuple[go.Module | None, str]:
    """The module the command builds in (None: not known, with the reason)."""
    src = posixpath.join(gopath, "src") if gopath else None
    gopath_mode = go.Module(None, src or "/")
    if mode == "off":
        return gopath_mode, ""
    found = _module_init(model, stage, inst, cmd, cwd, src)
    if found is not None:
        return found, ""
    if context is None:
        return None, "the build context is not known"
    files = Files(stage, inst, context)
    folder = cwd
    while True:
        try:
            rel = files.context_path(posixpath.join(folder, "go.mod"))
        except ValueError:  # no COPY from the context puts a go.mod there
            rel = None
        if rel is not None and context.has(rel):
            text = context.text(rel)
            path = go.module_path(text) if text is not None else None
            if path is None:
                return None, f"{rel} in the build context was not read"
            return go.Module(path, folder), ""
        if folder == "/":
            break
        folder = posixpath.dirname(folder)
    if src and under(cwd, src):
        return gopath_mode, ""
    return None, "go.mod is not in the build context"


def _module_init(model: Model, stage: Stage, inst: Instruction, cmd: Command, cwd: str, src: str | None) -> go.Module | None:
    """The module a `go mod init` before the command made in `cwd` or a folder above it."""
    found = None
    for run in stage.runs():
        if run.index > inst.index:
            break
        for part, c in run.shell.commands():
            if c is cmd:
                return found
            if c.program != "go" or sub_of(c) != "mod" or [w.value for w in c.operands()[:1]] != ["init"]:
                continue
            folder = command_cwd(model, stage, run, c)
            if not under(cwd, folder):
                continue
            args = c.operands()[1:]
            if args and args[0].value:
                found = go.Module(args[0].value, folder)
            elif src and under(folder, src) and folder != src:
                found = go.Module(posixpath.relpath(folder, src), folder)
    return found


def _output(cmd: Command) -> str | None:
    """The file `-o FILE` (`-o=FILE`, `-oFILE`) names."""
    values = [w.value or "" for w in cmd.args]
    for i, v in enumerate(values):
        if v == "-o" and i + 1 < len(values):
            return values[i + 1] or None
        if v.startswith("-o") and len(v) > 2:
            return v[2:].removeprefix("=") or None
    return None


def _entry(stage: Stage) -> Instruction | None:
    """The ENTRYPOINT, else the CMD, that starts the container."""
    for kind in ("ENTRYPOINT", "CMD"):
        found = [i for i in stage.body if i.kind == kind]
        if found:
            return found[-1]
    return None


def is_static(model: Model, stage: Stage, inst: Instruction, cmd: Command) -> bool:
    """A statically linked program: Go without cgo, Rust for a musl target, `cc -static`."""
    if cmd.program == "go":
        return command_env(model, stage, inst, cmd, "CGO_ENABLED") == "0"
    values = [w.value or "" for w in cmd.args]
    if cmd.program == "cargo":
        targets = [v.split("=", 1)[1] for v in values if v.startswith("--target=")]
        targets += [b for a, b in zip(values, values[1:]) if a == "--target"]
        return bool(targets) and all(t.endswith("-linux-musl") for t in targets)
    return cmd.program in PLAIN_COMPILERS and "-static" in values


# --------------------------------------------------------------------------- what the runtime copies


def placed(path: str, kept: list[Instruction]) -> str:
    """Where the runtime keeps a program `go install` wrote: in the same place when that folder
    is on the slim images' PATH or the file names it, else in /usr/local/bin (the toolchain
    image's PATH entry for $GOPATH/bin goes with the toolchain)."""
    folder = path if path.endswith("/") else posixpath.dirname(path)
    if folder.rstrip("/") in DEFAULT_PATH or any(mentions(i.text, folder.rstrip("/")) for i in kept):
        return path
    return "/usr/local/bin/" + ("" if path.endswith("/") else posixpath.basename(path))


def is_asset(name: str, folder: bool) -> bool:
    if folder:
        return name in ASSET_DIRS
    if name.startswith(".") and name != ".env":
        return False
    matches = lambda patterns: any(fnmatch.fnmatchcase(name, p) for p in patterns)  # noqa: E731
    return matches(ASSET_FILES) and not matches(NOT_ASSETS)


def assets(model: Model, stage: Stage, copies: list[Instruction], context: BuildContext | None,
           dockerignore: str | None) -> list[str]:
    """The files and folders of the build context that `copies` (moved to the builder) put in
    the image and the program may read at run time, as paths in the image. Refused when the
    context is not known and a copy may hold such files."""
    out: set[str] = set()
    for inst in copies:
        *sources, dest = inst.value
        dest_abs = absolute(dest, workdir_before(model, stage, inst))
        into = dest.endswith("/") or dest in (".", "./") or len(sources) > 1
        for src in sources:
            rel = normalize(src)
            if context is None:
                if not any(fnmatch.fnmatchcase(posixpath.basename(rel), p) for p in SOURCE_FILES):
                    raise Refused(
                        f"line {inst.start_line}: the build context is not known, so the files the program may read"
                        f" at run time (templates, configuration) cannot be told from its sources"
                    )
                continue
            glob = any(c in rel for c in "*?[")
            folder = not glob and (rel == "" or src.endswith("/") or rel + "/" in context.entries)
            if folder and rel and is_asset(posixpath.basename(rel), True):  # `COPY templates ./templates`
                found = [(rel + "/", dest_abs)]
            elif folder or glob:  # what the folder holds, or what the pattern matches
                parent = rel if folder else posixpath.dirname(rel)
                found = [(e, posixpath.join(dest_abs, posixpath.basename(e.rstrip("/")))) for e in context.entries
                         if posixpath.dirname(e.rstrip("/")) == parent
                         and (folder or fnmatch.fnmatchcase(e.rstrip("/"), rel))]
            else:
                found = [(rel, posixpath.join(dest_abs, posixpath.basename(rel)) if into else dest_abs)]
            for entry, target in found:
                name = entry.rstrip("/")
                if is_asset(posixpath.basename(name), entry.endswith("/")) and not excluded(dockerignore, name):
                    out.add(target)
    return sorted(out)


# --------------------------------------------------------------------------- the plan


def compiled_split(model: Model, stage: Stage, options: Options) -> Plan | None:
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
    _refuse_other_steps(binst)
    change = runs.pop(binst.index, None)
    if change is not None and change.kept:
        raise Refused(f"line {binst.start_line}: the build RUN installs packages the runtime needs")
    gone = moved | {binst.index}
    kept_insts = [i for i in stage.body if i.index not in gone]
    targets = {p: placed(p, kept_insts) if installed[p] else p for p in paths}
    base, cert = _static_base(model, stage, runs, kept_insts, targets, options) if static else (None, False)
    if base is None:
        base = _slim_base(stage, slim, unknown, gone, runs)
    else:
        runs = _without_packages(model, runs)
    _refuse_lost_packages(stage, base, runs, options)
    removed = (change is not None) or any(r.edits for r in runs.values())
    if base == stage.base and not removed:
        return None  # the same image without the toolchain's packages removed: nothing saved
    copies = [model.instructions[i] for i in sorted(moved) if model.instructions[i].kind in ("COPY", "ADD")]
    files = assets(model, stage, [c for c in copies if c.flag("from") is None], context, options.extra.get("dockerignore"))
    _refuse_variables(stage, [*paths, *files])
    name = unused_name(model, BUILDER, "build")
    pairs = ([(CA_BUNDLE, CA_BUNDLE)] if cert else []) + [(f, f) for f in files] + [(p, targets[p]) for p in paths]
    edits = _runtime_edits(model, stage, binst, runs, moved, base, _copy_lines(model, name, pairs))
    skip = _runtime_only(stage, runs, builds, binst)
    builder = builder_text(model, stage, binst.index, name, {}, gone, [], skip)
    title, message = _describe(name, base, paths, targets, files, copies)
    return Plan("compiled", builder, tuple(edits), title=title, message=message, at=stage_comments(model, stage))


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
            _refuse_toolchain_after(inst)
        elif inst.kind in ("COPY", "ADD"):
            if _copies_build_input(model, stage, inst, build_dir):
                moved.add(inst.index)
        elif inst.kind == "RUN" and inst is not binst and _feeds_build(inst, runs):
            moved.add(inst.index)
    return moved


def _refuse_toolchain_after(inst: Instruction) -> None:
    if inst.kind != "RUN":
        return
    for part, cmd in inst.shell.commands():
        if is_build_step(cmd) or is_compile(cmd) or cmd.program in BUILDS_AT_START:
            raise Refused(f"line {inst.start_line}: `{step_name(cmd)}` runs after the build and needs the toolchain")


def _copies_build_input(model: Model, stage: Stage, inst: Instruction, build_dir: str) -> bool:
    """Files copied into the build directory are the build's input; others (configuration
    under /etc, ...) stay. Building in / itself: relative destinations are input."""
    dest = inst.value[-1] if inst.value else ""
    if build_dir == "/":
        return not posixpath.isabs(dest)
    return under(absolute(dest, workdir_before(model, stage, inst)), build_dir)


def _feeds_build(inst: Instruction, runs: dict[int, RunEdit]) -> bool:
    """A RUN before the build that only downloads or cleans up (it moves to the builder); a
    RUN that installs packages or sets the image up stays."""
    cmds = [c for _, c in inst.shell.commands()]
    if inst.index in runs:
        others = [c for c in cmds if not is_install(c) and not is_housekeeping(c)]
        if others:
            raise Refused(f"line {inst.start_line}: the RUN that installs packages also runs `{others[0].program}`")
        return False
    if all(_prep(c) or _cleanup(c) for c in cmds):
        return True
    if all(c.program in SETUP for c in cmds):
        return False
    raise Refused(f"line {inst.start_line}: dockslim cannot tell whether the runtime needs what `{cmds[0].program}` does")


def _refuse_other_steps(binst: Instruction) -> None:
    """The build RUN holds build commands, downloads and housekeeping only."""
    for part, cmd in binst.shell.commands():
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


def _copy_lines(model: Model, name: str, pairs: list[tuple[str, str]]) -> str:
    """`COPY --from=<builder> SRC DEST` lines, in the file's keyword case and newlines."""
    nl = newline(model)
    copy = keyword(model, "COPY")
    return "".join(f"{copy} --from={name} {a} {b}{nl}" for a, b in pairs)


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


def _static_base(model: Model, stage: Stage, runs: dict[int, RunEdit], kept: list[Instruction],
                 targets: dict[str, str], options: Options) -> tuple[str | None, bool]:
    """The runtime image of a static program, and whether it needs the CA bundle copied; None
    when something in the runtime stage needs a shell, a package or a user database."""
    choice = options.extra.get("static-runtime", "scratch")
    image = STATIC_RUNTIMES.get(choice)
    policy = policy_of(options.extra)
    if image is None or not policy.allows(image) or policy.required_packages:
        return None, False  # a required package needs a package manager: the slim runtime
    distroless = choice == "distroless"
    allowed = DISTROLESS_PACKAGES if distroless else frozenset(("ca-certificates",))
    programs = set(targets.values())
    entry = _entry(stage)
    if entry is None or not _runs_program(model, stage, entry, programs):
        return None, False
    for inst in kept:
        kind = inst.kind
        if kind == "RUN" and not (inst.index in runs and allowed.issuperset(runs[inst.index].kept)):
            return None, False
        if kind in ("CMD", "ENTRYPOINT") and not inst.is_json:
            return None, False
        if kind == "HEALTHCHECK" and not inst.rest.upper().startswith("NONE"):
            if not _runs_program(model, stage, inst, programs):
                return None, False
        if kind == "USER" and not all(p.isdigit() or (distroless and p in DISTROLESS_USERS) for p in inst.rest.strip().split(":")):
            return None, False
        if kind in ("COPY", "ADD") and any(f.name == "chown" and not re.fullmatch(r"[0-9]+(:[0-9]+)?", f.value or "")
                                           for f in inst.flags):
            return None, False
        if kind == "SHELL":
            return None, False
    has_ca = stage.base_name in CA_BUNDLE_IMAGES or any(
        "ca-certificates" in ins.names for i in stage.runs() for ins in package_installs(i))
    return image, has_ca and not distroless


def _runs_program(model: Model, stage: Stage, inst: Instruction, programs: set[str]) -> bool:
    """The exec-form CMD, ENTRYPOINT or HEALTHCHECK starts one of the copied programs."""
    if inst.kind == "HEALTHCHECK":
        m = re.match(r"(?is).*?\bCMD\s+(\[.*\])\s*$", inst.rest)
        words = re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1)) if m else []
    else:
        words = list(inst.value) if inst.is_json else []
    if not words:
        return False
    first = words[0]
    if "/" not in first:
        return any(posixpath.basename(p) == first and posixpath.dirname(p) in DEFAULT_PATH for p in programs)
    return absolute(first, workdir_before(model, stage, inst)) in programs


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


def needs_full(stage: Stage, base: str, gone: set[int], installed: set[str]) -> None:
    """Refuse when a kept RUN, CMD, ENTRYPOINT or HEALTHCHECK runs a program the slim base
    lacks and the runtime does not install (`gone`: instructions left out of the runtime)."""
    if base == stage.base:
        return
    for inst in stage.body:
        if inst.index in gone:
            continue
        used = missing_programs(inst, installed)
        if used:
            raise Refused(f"line {inst.start_line}: {inst.kind} runs {min(used)}, which {base} lacks")
