"""Where a compiled build writes its program: the folder and environment each build command
runs in, Go's naming rules applied to the module it builds in (`go.py`), `-o` of a C
compiler, the program CMD/ENTRYPOINT names for cargo and make; whether it is statically
linked, and where the runtime keeps it."""

from __future__ import annotations

import posixpath

from ...optimizer.context import BuildContext
from ...optimizer.model import Model, Stage
from ...optimizer.requirements import Files
from ...optimizer.shell import Command
from ...optimizer.syntax import Instruction
from .._common import env_in_stage, root_home
from .._layers import absolute, mentions, under, workdir_before
from . import go
from .commands import exec_words, sub_of
from .plan import Refused

# the compilers that run nothing but themselves: a RUN installing only other packages before
# such a build is the runtime's business (cargo runs build scripts, make anything)
PLAIN_COMPILERS = frozenset(("go", "gcc", "g++", "cc", "c++", "clang", "clang++"))
# the PATH of the slim images (Debian's default): a program there is found by name
DEFAULT_PATH = ("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin")


def command_cwd(model: Model, stage: Stage, inst: Instruction, cmd: Command) -> str:
    """The directory a command of a RUN runs in: the WORKDIR, then the `cd`s before it."""
    cwd = workdir_before(model, stage, inst)
    for part, c in model.run(inst).view.commands():
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
    for part, c in model.run(inst).view.commands():
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
    entry = container_entry(stage)
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
    found = nearest_file(Files(stage, inst, context), cwd, "go.mod")
    if found is not None:
        rel, folder = found
        text = context.text(rel)
        path = go.module_path(text) if text is not None else None
        if path is None:
            return None, f"{rel} in the build context was not read"
        return go.Module(path, folder), ""
    if src and under(cwd, src):
        return gopath_mode, ""
    return None, "go.mod is not in the build context"


def nearest_file(files: Files, folder: str, name: str) -> tuple[str, str] | None:
    """(context path, folder in the image) of the file `name` that the COPYs put in `folder` or
    the nearest folder above it (go.mod at a module's root, Cargo.lock at a workspace's)."""
    while True:
        try:
            rel = files.context_path(posixpath.join(folder, name))
        except ValueError:  # no COPY from the context puts such a file there
            rel = None
        if rel is not None and files.context.has(rel):
            return rel, folder
        if folder == "/":
            return None
        folder = posixpath.dirname(folder)


def _module_init(model: Model, stage: Stage, inst: Instruction, cmd: Command, cwd: str, src: str | None) -> go.Module | None:
    """The module a `go mod init` before the command made in `cwd` or a folder above it."""
    found = None
    for run in stage.runs():
        if run.index > inst.index:
            break
        for part, c in model.run(run).view.commands():
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


def container_entry(stage: Stage) -> Instruction | None:
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



def placed(path: str, kept: list[Instruction]) -> str:
    """Where the runtime keeps a program `go install` wrote: in the same place when that folder
    is on the slim images' PATH or the file names it, else in /usr/local/bin (the toolchain
    image's PATH entry for $GOPATH/bin goes with the toolchain)."""
    folder = path if path.endswith("/") else posixpath.dirname(path)
    if folder.rstrip("/") in DEFAULT_PATH or any(mentions(i.text, folder.rstrip("/")) for i in kept):
        return path
    return "/usr/local/bin/" + ("" if path.endswith("/") else posixpath.basename(path))
