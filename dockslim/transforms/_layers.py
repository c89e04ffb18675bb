"""Shared helpers of the layer passes (DS201-DS205): statements of a RUN script, the shell
state a script leaves behind, `set -e` in effect, moving comments and commands between
instructions, and paths and the instructions that mention them."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, replace

from ..optimizer.findings import Edit
from ..optimizer.model import Model, Stage
from ..optimizer.shell import Command, Script
from ..optimizer.shellview import ShellPart
from ..optimizer.style import chain_style
from ..optimizer.syntax import Instruction

POSIX_SHELLS = frozenset({"sh", "bash", "dash", "ash"})

# builtins whose effect outlives the command: merging RUNs would carry it into later commands
STATE_BUILTINS = frozenset(
    "cd pushd popd export set source . umask shopt alias unalias unset trap ulimit declare typeset "
    "readonly local eval exec exit read readarray mapfile getopts let shift hash enable".split()
)
# contexts that run in a child process: nothing done there reaches the rest of the script
_CHILD = frozenset({"subshell", "command_substitution", "process_substitution", "pipeline"})
_COMPOUND = frozenset({"if", "while", "until", "for", "select", "case", "group", "subshell", "function"})


# --------------------------------------------------------------------------- shells


def posix_shell(shell: tuple[str, ...]) -> bool:
    return bool(shell) and shell[0].rsplit("/", 1)[-1] in POSIX_SHELLS


def shell_errexit(shell: tuple[str, ...]) -> bool:
    """SHELL ["/bin/bash", "-eo", "pipefail", "-c"] runs every RUN with `-e`."""
    args = list(shell[1:])
    for i, arg in enumerate(args):
        if re.fullmatch(r"-[a-zA-Z]*e[a-zA-Z]*", arg):
            return True
        if arg == "-o" and i + 1 < len(args) and args[i + 1] == "errexit":
            return True
    return False


def sets_errexit(cmd: Command) -> bool:
    """`set -e`, `set -eux`, `set -o errexit`."""
    if cmd.program != "set":
        return False
    values = [w.value or "" for w in cmd.args]
    return any(re.fullmatch(r"-[a-zA-Z]*e[a-zA-Z]*", v) for v in values) or any(
        v == "-o" and nxt == "errexit" for v, nxt in zip(values, values[1:])
    )


def leaks_state(cmd: Command) -> bool:
    """True when the command changes the shell running the script (cwd, variables, options,
    traps, functions) or may do so (a program that is not a literal word)."""
    if _CHILD.intersection(cmd.context):
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


def has_background(script: Script) -> bool:
    return any(op.kind == "&" for op in script.operators)


# --------------------------------------------------------------------------- statements


@dataclass(frozen=True)
class Pipeline:
    """A pipeline of the script's own list (what `&&`, `||`, `;`, `&` and newlines join)."""

    start: int  # script offsets
    end: int
    op_before: str | None
    op_after: str | None
    commands: tuple[Command, ...]

    @property
    def compound(self) -> bool:
        return any(_COMPOUND.intersection(c.context) for c in self.commands)

    @property
    def negated(self) -> bool:
        return any("negated" in c.context for c in self.commands)


def pipelines(script: Script) -> list[Pipeline]:
    """The top-level pipelines of a script, in order (a trailing `;` opens no empty one)."""
    text, last = script.text, script.end_of_last_command
    ops = [o for o in script.operators if o.depth == 0 and o.kind not in ("|", "|&") and o.start < last]
    bounds, prev_end, prev_op = [], 0, None
    for op in ops + [None]:
        end = op.start if op else last
        bounds.append((prev_end, end, prev_op, op.kind if op else None))
        if op:
            prev_end, prev_op = op.end, op.kind
    out = []
    for start, end, before, after in bounds:
        while start < end and (text[start].isspace() or text.startswith("\\\n", start)):
            start += 2 if text.startswith("\\\n", start) else 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            continue
        cmds = tuple(c for c in script.commands if start <= c.start and c.end <= end)
        out.append(Pipeline(start, end, before, after, cmds))
    if out:
        out[-1] = replace(out[-1], op_after=None)
    return out


def list_ops(script: Script) -> set[str]:
    """The operators joining the script's own list (a trailing `;` or `&` not counted)."""
    last = script.end_of_last_command
    return {o.kind for o in script.operators if o.depth == 0 and o.start < last and o.kind not in ("|", "|&")}


def command_text(script: Script, cmd: Command) -> str:
    """A command on one line: its words and redirections joined by single spaces."""
    parts = sorted([(w.start, w.text) for w in cmd.words] + [(r.start, r.text) for r in cmd.redirects])
    return " ".join(t for _, t in parts)


def errexit_at_end(script: Script, shell: tuple[str, ...]) -> bool:
    """`-e` in effect after the script's own list (SHELL flag or a top-level `set -e`)."""
    return shell_errexit(shell) or any(sets_errexit(c) and not c.context for c in script.commands)


def may_set_errexit(script: Script) -> bool:
    """A `set -e` anywhere that reaches the script's own shell (not in a subshell)."""
    return any(sets_errexit(c) and not _CHILD.intersection(c.context) for c in script.commands)


# --------------------------------------------------------------------------- comments


def comment_lines(leading: str) -> list[str]:
    """The comment lines of an instruction's leading block, without indentation or line end."""
    return [ln.strip() for ln in leading.splitlines() if ln.strip().startswith("#")]


def move_comments_above(target: Instruction, comments: list[str]) -> Edit | None:
    """Insert comment lines as the last lines of the target instruction's comment block."""
    if not comments:
        return None
    src = target.source
    indent = re.match(r"[ \t]*", src[target.start :]).group(0)
    nl = target.line_ending or "\n"
    return Edit.insert(target.start, "".join(f"{indent}{c}{nl}" for c in comments))


def delete_instruction(inst: Instruction) -> Edit:
    """Remove an instruction with its leading block (move its comments elsewhere first)."""
    return Edit.delete(inst.leading_start, inst.end)


def _has_comment_line(text: str) -> bool:
    return any(ln.strip().startswith("#") for ln in text.splitlines()[1:])


# --------------------------------------------------------------------------- moving commands


def remove_trailing(part: ShellPart, pipes: list[Pipeline], k: int) -> Edit | None:
    """Delete pipelines k.. (k >= 1) with the operator before them; None when a comment line
    stands in the way."""
    if k < 1 or k >= len(pipes):
        return None
    start = part.src_end(pipes[k - 1].end)
    end = part.src_end(pipes[-1].end)
    if _has_comment_line(part.instruction.source[start:end]):
        return None
    return Edit.delete(start, end)


def cut_pipeline(part: ShellPart, pipes: list[Pipeline], k: int) -> tuple[Edit, list[str]] | None:
    """Delete pipeline k from an `&&` chain (`a && k && b` -> `a && b`): the edit and the
    comment lines that stood directly above it or inside it, for the caller to move along.
    None when k is not joined by `&&` on both sides (or is the only pipeline)."""
    if len(pipes) < 2 or (k > 0 and pipes[k].op_before != "&&"):
        return None
    src = part.instruction.source
    if k == len(pipes) - 1:
        start, end = part.src_end(pipes[k - 1].end), part.src_end(pipes[k].end)
    else:
        if pipes[k].op_after != "&&":
            return None
        start, end = part.src(pipes[k].start), part.src(pipes[k + 1].start)
        # take the comment lines right above it along
        line_start = src.rfind("\n", 0, start) + 1
        if not src[line_start:start].strip():
            while line_start > part.instruction.start:
                above = src.rfind("\n", 0, line_start - 1) + 1
                text = src[above:line_start]
                if not text.strip().startswith("#"):
                    break
                start, line_start = above + len(text) - len(text.lstrip()), above
    region = src[start:end]
    comments = [ln.strip() for ln in region.splitlines() if ln.strip().startswith("#")]
    return Edit.delete(start, end), comments


def remove_leading(part: ShellPart, pipes: list[Pipeline], k: int) -> Edit | None:
    """Delete pipelines ..k-1 (k < len) with the operator after them."""
    if k < 1 or k >= len(pipes):
        return None
    start, end = part.src(pipes[0].start), part.src(pipes[k].start)
    if _has_comment_line(part.instruction.source[start:end]):
        return None
    return Edit.delete(start, end)


def append(inst: Instruction, part: ShellPart, commands: list[str], errexit: bool) -> Edit | None:
    """Run `commands` after the script's last command, in the user's style, such that a
    failure of the former last command still fails the RUN: `;` and newlines only join
    when `-e` is in effect, `&&` otherwise."""
    script = part.script
    pipes = pipelines(script)
    if not script.ok or not pipes or has_background(script):
        return None
    at = part.src_end(script.end_of_last_command)
    if part.is_heredoc:
        if not errexit:
            return Edit.insert(at, "".join(f" && {c}" for c in commands))
        src = inst.source
        line_start = src.rfind("\n", 0, part.src(pipes[-1].start)) + 1
        indent = re.match(r"[ \t]*", src[line_start:]).group(0)
        nl = "\r\n" if src[at : at + 2] == "\r\n" else "\n"
        return Edit.insert(at, "".join(f"{nl}{indent}{c}" for c in commands))
    style = chain_style(inst, part)
    if style.separator != "&&" and not errexit:
        style = replace(style, separator="&&")
    if style.separator == ";" and style.multiline:
        # `cmd; \` as the user writes it (ChainStyle.join gives `cmd ; \`)
        return Edit.insert(at, "".join(f"; {style.escape}{style.newline}{style.indent}{c}" for c in commands))
    return Edit.insert(at, style.join(commands))


# --------------------------------------------------------------------------- paths


def workdir_before(model: Model, stage: Stage, inst: Instruction) -> str:
    """The working directory an instruction runs in (WORKDIRs of the stage and its parents)."""
    chain, s = [], stage
    while s is not None:
        chain.append(s)
        s = s.parent
    cwd = "/"
    for st in reversed(chain):
        for i in st.body:
            if i.index >= inst.index:
                break
            if i.kind == "WORKDIR" and i.value:
                cwd = posixpath.normpath(posixpath.join(cwd, i.value[0]))
    return cwd


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
