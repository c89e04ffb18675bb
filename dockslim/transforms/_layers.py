"""Shared helpers of the layer passes (DS201-DS205): the shell state a script leaves behind,
and paths and the instructions that mention them. (Statements of a script and `set -e` are
optimizer.scriptfacts questions; moving commands and comments is optimizer.edits.)"""

from __future__ import annotations

import fnmatch
import posixpath
import re

from ..optimizer.model import Model, Stage
from ..optimizer.scriptfacts import CHILD, Pipeline
from ..optimizer.shell import Command, Script
from ..optimizer.shellview import ShellPart
from ..optimizer.syntax import Instruction
from ._common import ran_before

# builtins whose effect outlives the command: merging RUNs would carry it into later commands
STATE_BUILTINS = frozenset(
    "cd pushd popd export set source . umask shopt alias unalias unset trap ulimit declare typeset "
    "readonly local eval exec exit return read readarray mapfile getopts let shift hash enable".split()
)


def leaks_state(cmd: Command) -> bool:
    """True when the command changes the shell running the script (cwd, variables, options,
    traps, functions) or may do so (a program that is not a literal word)."""
    if CHILD.intersection(cmd.context):
        return False
    if "function" in cmd.context:
        return True  # the function definition itself outlives it
    if not cmd.argv:
        return bool(cmd.assignments)  # `VAR=value` alone sets a shell variable
    if any(w.value == "exec" for w in cmd.wrappers):
        return True
    return cmd.program is None or cmd.program in STATE_BUILTINS


def state_commands(script: Script) -> list[Command]:
    return [c for c in script.commands if leaks_state(c)]


def line_script(model: Model, inst: Instruction) -> ShellPart | None:
    """The script of a RUN that a POSIX shell runs, all on its argument line (no heredoc),
    or None: what the layer passes move commands into and out of."""
    view = model.run(inst).readable
    if view is None or inst.heredocs or view.main is None:
        return None
    return view.main


def is_set(pipe: Pipeline) -> bool:
    """A pipeline that is only a top-level `set ...`."""
    return len(pipe.commands) == 1 and pipe.commands[0].program == "set" and not pipe.commands[0].context


def is_cd(pipe: Pipeline) -> bool:
    """A pipeline that is only a top-level `cd ...`: alone in a RUN, it does nothing."""
    return len(pipe.commands) == 1 and pipe.commands[0].program == "cd" and not pipe.commands[0].context


# --------------------------------------------------------------------------- paths


def workdir_before(model: Model, stage: Stage, inst: Instruction) -> str:
    """The working directory an instruction runs in (WORKDIRs of the stage and its parents)."""
    cwd = "/"
    for i in ran_before(stage, inst):
        if i.kind == "WORKDIR" and i.value:
            cwd = posixpath.normpath(posixpath.join(cwd, i.value[0]))
    return cwd


def literal_workdir(model: Model, stage: Stage, inst: Instruction) -> str | None:
    """The working directory an instruction runs in, or None when it comes from a WORKDIR
    with a variable (`WORKDIR $HOME/src`)."""
    cwd: str | None = "/"
    for i in ran_before(stage, inst):
        if i.kind == "WORKDIR" and i.value:
            path = i.value[0]
            cwd = None if "$" in path else absolute_in(path, cwd)
    return cwd


def cwd_at(model: Model, stage: Stage, inst: Instruction, script: Script, cmd: Command | None = None) -> str | None:
    """Where a command of the RUN runs (None: after the whole script): the WORKDIR, moved by
    each `cd DIR` before it that surely ran: in the script's own list, starting a statement or
    joined to the command by `&&` alone. None when that is not known: a WORKDIR with a
    variable, a `cd` to a word that is not literal, inside a construct (`if`, a subshell) or
    that may be skipped (`test -d X && cd X; ...`, `cd X || true`)."""
    return cwd_from(literal_workdir(model, stage, inst), script, cmd)


def cwd_from(workdir: str | None, script: Script, cmd: Command | None = None) -> str | None:
    """cwd_at from the RUN's WORKDIR, worked out once by a caller that asks for many commands."""
    cwd = workdir
    end = cmd.start if cmd is not None else len(script.text)
    for c in script.commands:
        if c.start >= end:
            break
        if c.program in ("cd", "pushd", "popd"):
            args = [w.value for w in c.args]
            if c.context or c.program != "cd" or len(args) != 1 or args[0] in (None, "-") \
                    or c.op_after == "||" or not _surely_runs(script, c, end):
                return None
            cwd = absolute_in(args[0], cwd)
    return cwd


def _surely_runs(script: Script, cd: Command, end: int) -> bool:
    """The `cd` starts its statement, or only `&&` stands between it and the offset `end`
    (whatever skips it skips what comes there too)."""
    return cd.op_before in (None, ";", "\n") or all(
        c.op_before in ("&&", "|") for c in script.commands if cd.start < c.start <= end)


def absolute(path: str, cwd: str) -> str:
    return posixpath.normpath(posixpath.join(cwd, path))


def under(path: str, root: str) -> bool:
    """`path` is `root` or inside it."""
    root = root.rstrip("/") or "/"
    return path == root or path.startswith(root.rstrip("/") + "/")


def word_paths(cmd: Command) -> list[str]:
    """Literal words and redirection targets of a command, with `--opt=` prefixes split off."""
    out = []
    for w in cmd.words:
        if w.value is not None:
            out.append(w.value)
            if w.value.startswith("-") and "=" in w.value:
                out.append(w.value.split("=", 1)[1])
    for r in cmd.redirects:
        if r.target is not None and r.target.value is not None:
            out.append(r.target.value)
    return out


def mentions(text: str, path: str) -> bool:
    """True when `path` (or a path inside it) appears in the text as a whole path."""
    p = re.escape(path.rstrip("/") or "/")
    return re.search(rf"(?<![\w./-]){p}(?![\w.-])", text) is not None


def removes_path(cmd: Command, path: str, cwd: str | None) -> bool:
    """True when the command deletes the file `path` (absolute, normalized): an `rm` of it, of
    a folder it is in (recursive), or of a glob matching either (`/tmp/*`, `/tmp/*.tgz`, `*`
    after `cd /tmp`); a `find DIR ... -delete` (or `-exec rm`) whose tests all hold for a file
    there. Relative words count from `cwd` (None: not known, they count for nothing)."""
    if cmd.program == "rm":
        recursive = cmd.has_option("-r", "-R", "--recursive")
        for w in cmd.operands(after_subcommand=False):
            pattern = _pattern(w, cwd)
            if pattern is not None and _glob_covers(pattern, path, recursive):
                return True
        return False
    return cmd.program == "find" and _find_deletes(cmd, path, cwd)


def _pattern(word, cwd: str | None) -> str | None:
    """A word as an absolute path or glob; None when it is not literal (a quoted `*` is no glob)."""
    v = word.value
    if not v or v.startswith("-") or (any(c in v for c in "*?[") and any(q in word.text for q in "'\"\\")):
        return None
    return absolute_in(v, cwd)


def absolute_in(value: str, cwd: str | None) -> str | None:
    """The path absolute and normalized; a relative one from `cwd` (None: not known)."""
    if value.startswith("/"):
        return posixpath.normpath(value)
    return None if cwd is None else posixpath.normpath(posixpath.join(cwd, value))


def _glob_covers(pattern: str, path: str, recursive: bool) -> bool:
    """The glob names the path, or (recursive) a folder above it; shell rules: `*` stays within
    one name and does not match a leading dot."""
    want, have = pattern.strip("/").split("/"), path.strip("/").split("/")
    if pattern == "/":
        return recursive
    if len(want) > len(have) or (len(want) < len(have) and not recursive):
        return False
    return all(p == n or (fnmatch.fnmatchcase(n, p) and not (n.startswith(".") and not p.startswith(".")))
               for p, n in zip(want, have))


def _find_deletes(cmd: Command, path: str, cwd: str | None) -> bool:
    """`find ROOT... [-type f] [-name P] [-mindepth N] [-maxdepth N] -delete|-exec rm ...`:
    any other test (times, sizes, `!`, `-o`) and it is not known to delete the file."""
    args = [w.value for w in cmd.args]
    if None in args:
        return False
    roots = []
    while args and not args[0].startswith(("-", "(", "!")):
        roots.append(args.pop(0))
    deletes, mindepth, maxdepth, names = False, 0, None, []
    i = 0
    while i < len(args):
        a, nxt = args[i], args[i + 1] if i + 1 < len(args) else None
        if a == "-delete":
            deletes = True
        elif a in ("-exec", "-execdir") and nxt is not None and posixpath.basename(nxt) == "rm":
            end = next((k for k in range(i + 1, len(args)) if args[k] in (";", "+")), None)
            if end is None:
                return False
            deletes, i = True, end
        elif a == "-type" and nxt == "f" or a in ("-name", "-iname") and nxt is not None:
            if a != "-type":
                names.append((a, nxt))
            i += 1
        elif a in ("-mindepth", "-maxdepth") and nxt is not None and nxt.isdigit():
            mindepth, maxdepth = (int(nxt), maxdepth) if a == "-mindepth" else (mindepth, int(nxt))
            i += 1
        elif a not in ("-print", "-depth", "-xdev", "-mount", "-ignore_readdir_race", "-noleaf"):
            return False
        i += 1
    name = posixpath.basename(path)
    fold = lambda t, text: text.lower() if t == "-iname" else text
    if not deletes or not all(fnmatch.fnmatchcase(fold(t, name), fold(t, p)) for t, p in names):
        return False
    for root in roots:
        root = None if any(c in root for c in "*?[$") else absolute_in(root, cwd)
        if root is not None and under(path, root) and path != root:
            depth = len(path[len(root.rstrip("/")) + 1 :].split("/"))
            if depth >= mindepth and (maxdepth is None or depth <= maxdepth):
                return True
    return False


def later_instructions(model: Model, stage: Stage, inst: Instruction) -> list[Instruction]:
    """Instructions after `inst` that can see its files: the rest of the stage and every
    stage built FROM it or copying from it."""
    out = [i for i in stage.body if i.index > inst.index]
    children = set(id(s) for s in model.children(stage))
    for other in model.stages:
        if id(other) in children or (other is not stage and _copies_from(other, stage)):
            out.extend(other.body)
    return out


def _copies_from(other: Stage, stage: Stage) -> bool:
    names = {str(stage.index)} | ({stage.alias.lower()} if stage.alias else set())
    return any(ref.lower() in names for ref in other.copies_from)
