"""Commands run after the script, before it or before one of its statements, such that the
failure that stopped the build still stops it; written in the user's layout."""

from __future__ import annotations

import re

from ..findings import Edit
from ..scriptfacts import Pipeline, follow_operators, has_background, list_ops, pipelines, sets_errexit, shell_errexit
from ..shell import Command
from ..shellview import ShellPart
from ..style import chain_style
from .result import Edits, Refusal


def _runner(part: ShellPart, shell: tuple[str, ...]) -> tuple[str, ...]:
    """The command that runs the script: a heredoc body's own runner, else the RUN's SHELL."""
    return part.runner if part.is_heredoc else shell


def append(part: ShellPart, commands: list[str], shell: tuple[str, ...]) -> Edits | Refusal:
    """Run `commands` after the script's last statement, in the user's style, such that a
    failure of the script still fails the RUN: joined with `;` (a new line in a heredoc body)
    only where `set -e` makes that exact, else with `&&`. `shell` is the SHELL that runs the
    RUN (`stage.shell_for(inst)`); a heredoc body is judged by the command that runs it."""
    script, inst = part.script, part.instruction
    allowed = follow_operators(script, _runner(part, shell))
    if not allowed:
        return Refusal("nothing can follow the end of this script")
    source = inst.source
    at = part.src_end(script.end_of_last_command)
    if part.is_heredoc:
        if ";" not in allowed:
            return (Edit.insert(at, "".join(f" && {cmd}" for cmd in commands)),)
        line_start = source.rfind("\n", 0, part.src(pipelines(script)[-1].start)) + 1
        indent = re.match(r"[ \t]*", source[line_start:]).group(0)
        line_end = source.find("\n", at)
        if line_end > at and source[at:line_end].strip().startswith("#"):
            at = line_end - (source[line_end - 1] == "\r")  # after a comment that ends the line
        nl = "\r\n" if source[at : at + 2] == "\r\n" else "\n"
        return (Edit.insert(at, "".join(f"{nl}{indent}{cmd}" for cmd in commands)),)
    style = chain_style(inst, part)
    if style.separator not in allowed:
        style = style._replace(separator=allowed[0])
    text = style.join(commands)
    if style.multiline:
        # the line now ends in a continuation `\`: blanks the user left at its end would sit
        # before it, or after it (where bash no longer continues the line), or moved along at
        # the end of a line we wrote; they are dropped from this line, which changes anyway
        blank = re.match(r"[ \t]*(?=\r?\n|$)", source[at : inst.end])
        if blank:
            return (Edit(at, at + blank.end(), text),)
    return (Edit.insert(at, text),)


def close_group(part: ShellPart) -> Edit:
    """The end of a `{ ...; }` group around everything up to the script's last command (after
    a `;` the user already wrote there)."""
    src = part.instruction.source
    q = part.src_end(part.script.end_of_last_command)
    semi = re.match(r"[ \t]*;", src[q : part.instruction.end])
    return Edit.insert(q + semi.end(), " }") if semi else Edit.insert(q, "; }")


def group(part: ShellPart, before: str = "") -> Edits:
    """`{ ...; }` around the whole script (after blank space and comment lines), with `before`
    written in front of the group."""
    at = part.src(max(pipelines(part.script)[0].start, first_statement(part.script.text)))
    return Edit.insert(at, f"{before}{{ "), close_group(part)


# --------------------------------------------------------------------------- before a statement


def first_statement(text: str) -> int:
    """Offset of the first statement of a script: after blank space and comment lines."""
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
        elif text[i] == "#":
            nl = text.find("\n", i)
            i = n if nl == -1 else nl + 1
        else:
            break
    return i


def _on_own_line(part: ShellPart, at: int) -> tuple[str, str] | None:
    """(indent, line ending) when the source offset `at` is the first thing on its line."""
    source = part.instruction.source
    line_start = source.rfind("\n", 0, at) + 1
    indent = source[line_start:at]
    if indent.strip() or line_start == 0:
        return None
    nl = "\r\n" if source[line_start - 2 : line_start] == "\r\n" else "\n"
    return indent, nl


def _sequence(part: ShellPart, offset: int, text: str) -> Edit:
    """Run `text` as its own statement before the statement at script `offset`, separated by
    `;` or a new line (for scripts where that is how statements follow each other)."""
    at = part.src(offset)
    own = _on_own_line(part, at)
    if own is None:
        return Edit.insert(at, f"{text}; ")
    indent, nl = own
    if part.is_heredoc:
        return Edit.insert(at, f"{text}{nl}{indent}")
    return Edit.insert(at, f"{text}; {part.instruction.escape}{nl}{indent}")


def _line_break(part: ShellPart, pipe: Pipeline, text: str) -> str:
    """What follows a command put on a line of its own before `pipe`: a continuation and the
    indentation `pipe`'s line has (or continuation lines have); a space in a short one-line RUN."""
    inst = part.instruction
    src, style = inst.source, chain_style(inst, part)
    at = part.src(pipe.start)
    if not style.multiline and len(text) + len(src[inst.start : inst.end].rstrip()) < 100:
        return " "
    if at > src.find("\n", inst.start):
        return f" {inst.escape}{style.newline}" + src[src.rfind("\n", 0, at) + 1 : at]
    return f" {inst.escape}{style.newline}{style.indent}"


def prepend(
    part: ShellPart, text: str, shell: tuple[str, ...], *, own_line: bool = False, can_fail: bool = True
) -> Edits | Refusal:
    """Run `text` first in the script, such that its failure fails the RUN and the script runs
    as before: right after a leading `set -e...;`; `text && ...` before a chain of `&&` (and
    pipes); `text; ...` under a SHELL with `-e`, or when `text` cannot fail (`can_fail`);
    else `text && { ...; }` (not around a background job). `own_line` puts a long command on a
    line of its own."""
    script = part.script
    pipes = pipelines(script) if script.ok else []
    if not pipes:
        return Refusal("the script has no command")
    if len(pipes) > 1 and pipes[0].op_after in (";", "\n") and _only_set_e(pipes[0]):
        return _after_set_e(part, pipes[1], text, own_line)
    gap = _line_break(part, pipes[0], text) if own_line else " "
    at = part.src(max(pipes[0].start, first_statement(script.text)))
    style, inst = chain_style(part.instruction, part), part.instruction
    if own_line and style.multiline and style.leading_operator:
        join = f" {inst.escape}{style.newline}{style.indent}&& "  # `cmd \` then `&& next`
    else:
        join = f" &&{gap}"
    background = has_background(script)
    if list_ops(script) <= {"&&"} and not background:
        return (Edit.insert(at, f"{text}{join}"),)
    if shell_errexit(_runner(part, shell)) or not can_fail:
        return (Edit.insert(at, f"{text};{gap}"),)  # `-e` from SHELL keeps failing the RUN
    if background:
        return Refusal("the script starts a background job")
    return group(part, before=f"{text}{join}")


def _after_set_e(part: ShellPart, pipe: Pipeline, text: str, own_line: bool) -> Edits:
    """`text` as the statement after a leading `set -e`, before `pipe`."""
    offset = pipe.start + first_statement(part.script.text[pipe.start :])
    if own_line:
        return (Edit.insert(part.src(offset), f"{text};{_line_break(part, pipe, text)}"),)
    return (_sequence(part, offset, text),)


def _only_set_e(pipe: Pipeline) -> bool:
    """A pipeline that is only a top-level `set` switching `-e` on."""
    cmds = pipe.commands
    return len(cmds) == 1 and cmds[0].program == "set" and not cmds[0].context and sets_errexit(cmds[0])


def insert_before(part: ShellPart, cmd: Command, text: str) -> Edits | Refusal:
    """Run `text` right before `cmd` in the same list."""
    if "negated" in cmd.context:
        return Refusal("the command is negated with `!`")
    if cmd.op_before in (None, "&&"):
        return (Edit.insert(part.src(cmd.start), f"{text} && "),)
    if cmd.op_before in (";", "\n"):
        return (_sequence(part, cmd.start, text),)
    return Refusal(f"the command follows `{cmd.op_before}`: a command before it would regroup the list")
