"""The edits passes make, each written once: run commands before, after or instead of others,
group a script, remove a statement or a word, delete or merge instructions, add a flag or a
mount. Every function keeps which failure stops the build and follows the user's layout
(style.py reads it); it returns the edits, or a `Refusal` saying why it cannot be done, so a
pass reports the finding without a fix rather than guessing."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import NamedTuple

from .findings import Edit
from .scriptfacts import Pipeline, follow_operators, has_background, list_ops, pipelines, sets_errexit, shell_errexit
from .shell import Command
from .shellview import ShellPart
from .style import chain_style
from .syntax import Instruction

Edits = tuple[Edit, ...]


@dataclass(frozen=True)
class Refusal:
    """Why an edit cannot be made; false in a test, like an empty result."""

    why: str

    def __bool__(self) -> bool:
        return False


def _runner(part: ShellPart, shell: tuple[str, ...]) -> tuple[str, ...]:
    """The command that runs the script: a heredoc body's own runner, else the RUN's SHELL."""
    return part.runner if part.is_heredoc else shell


def has_comment_line(text: str) -> bool:
    """A comment line among the continuation lines of a piece of source."""
    return any(line.lstrip().startswith("#") for line in text.split("\n")[1:])


# --------------------------------------------------------------------------- after the script


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
        style = replace(style, separator=allowed[0])
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
    else `text && { ...; }`. `own_line` puts a long command on a line of its own."""
    script = part.script
    pipes = pipelines(script) if script.ok else []
    if not pipes:
        return Refusal("the script has no command")
    if len(pipes) > 1 and pipes[0].op_after in (";", "\n") and _only_set_e(pipes[0]):
        return _after_set_e(part, pipes[1], text, own_line)
    gap = _line_break(part, pipes[0], text) if own_line else " "
    at = part.src(max(pipes[0].start, first_statement(script.text)))
    if shell_errexit(_runner(part, shell)) or not can_fail and list_ops(script) - {"&&"}:
        return (Edit.insert(at, f"{text};{gap}"),)  # `-e` from SHELL: `;` keeps it on
    style, inst = chain_style(part.instruction, part), part.instruction
    if own_line and style.multiline and style.leading_operator:
        join = f" {inst.escape}{style.newline}{style.indent}&& "  # `cmd \` then `&& next`
    else:
        join = f" &&{gap}"
    if has_background(script):
        return Refusal("the script starts a background job")
    if list_ops(script) <= {"&&"}:
        return (Edit.insert(at, f"{text}{join}"),)
    return Edit.insert(at, f"{text}{join}{{ "), close_group(part)


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


# --------------------------------------------------------------------------- removing statements

_SEPARATORS = (None, "&&", ";", "\n")


def remove_statement(part: ShellPart, cmd: Command) -> Edits | Refusal:
    """Take `cmd` out of its `&&`/`;` list, keeping every comment line: with the operator that
    does not change which failure stops the build when the two around it differ."""
    if cmd.context or cmd.op_before not in _SEPARATORS or cmd.op_after not in _SEPARATORS:
        return Refusal("the command is not a statement of the script's own `&&`/`;` list")
    text = part.script.text
    ops = [o for o in part.script.operators if o.depth == 0]
    before = max((o for o in ops if o.end <= cmd.start), key=lambda o: o.start, default=None)
    after = min((o for o in ops if o.start >= cmd.end), key=lambda o: o.start, default=None)
    nxt = None
    if after is not None:
        nxt = after.end
        while nxt < len(text) and text[nxt] in " \t\n":
            nxt += 1
        if nxt >= len(text) or text[nxt] == "#":
            nxt = None
    prev_end = None
    if before is not None:
        prev_end = before.start
        while prev_end > 0 and text[prev_end - 1] in " \t":
            prev_end -= 1
    forward, backward = _directions(before, after if nxt is not None else None, nxt, prev_end)
    remove = _heredoc_removal if part.is_heredoc else _argument_removal
    found = remove(part, cmd, nxt if forward else None, prev_end if backward else None)
    return found or Refusal("a comment line or the operators around the command stand in the way")


def _argument_removal(part: ShellPart, cmd: Command, nxt, prev_end) -> Edits | None:
    source = part.instruction.source
    if nxt is not None:
        s, e = part.src(cmd.start), part.src(nxt)
        if not has_comment_line(source[s:e]):
            return (Edit.delete(s, e),)
    if prev_end is not None:
        s, e = part.src_end(prev_end), part.src_end(cmd.end)
        if not has_comment_line(source[s:e]):
            return (Edit.delete(s, e),)
    if nxt is not None:
        return _piecewise(part.instruction, part.base + cmd.start, part.base + nxt)
    return None


def _heredoc_removal(part: ShellPart, cmd: Command, nxt, prev_end) -> Edits | None:
    text = part.script.text
    line_start = text.rfind("\n", 0, cmd.start) + 1
    line_end = text.find("\n", cmd.end)
    line_end = len(text) if line_end == -1 else line_end
    if text[line_start : cmd.start].strip() == "" and text[cmd.end : line_end].strip() == "":
        if cmd.op_before in (None, "\n") and cmd.op_after in (None, "\n"):
            return (Edit.delete(part.src(line_start), part.src(min(line_end + 1, len(text)))),)
        return None
    if nxt is not None and "\n" not in text[cmd.start : nxt]:
        return (Edit.delete(part.src(cmd.start), part.src(nxt)),)
    if prev_end is not None and "\n" not in text[prev_end : cmd.end]:
        return (Edit.delete(part.src(prev_end), part.src(cmd.end)),)
    return None


def _directions(before, after, nxt, prev_end) -> tuple[bool, bool]:
    """Whether the command may go with the operator after it (forward) or before it
    (backward): the operator that stays must be the one that lets a failure pass (`;`, a
    newline) when the two differ."""
    kinds = [None if o is None else (";" if o.kind == "\n" else o.kind) for o in (before, after)]
    forward = nxt is not None and (kinds[0] is None or kinds[0] == kinds[1] or kinds[0] == ";")
    backward = prev_end is not None and (kinds[1] is None or kinds[0] == kinds[1] or kinds[1] == ";")
    return forward, backward


def _piecewise(inst: Instruction, lo: int, hi: int) -> Edits:
    """Delete logical text [lo, hi) line by line, leaving comment lines, continuation
    markers and the indentation of continued lines where they are."""
    logical = inst.logical
    edits = []
    for n, seg in enumerate(logical.segments):
        a, b = max(lo, seg.logical), min(hi, seg.logical + seg.length)
        if a >= b:
            continue
        if a == seg.logical and n > 0:
            while a < b and logical.text[a] in " \t":
                a += 1
        if a < b:
            edits.append(Edit.delete(seg.source + a - seg.logical, seg.source + b - seg.logical))
    return tuple(edits)


def remove_trailing(part: ShellPart, pipes: list[Pipeline], k: int) -> Edits | Refusal:
    """Delete pipelines k.. (k >= 1) with the operator before them."""
    if k < 1 or k >= len(pipes):
        return Refusal("nothing would be left before them")
    start, end = part.src_end(pipes[k - 1].end), part.src_end(pipes[-1].end)
    if has_comment_line(part.instruction.source[start:end]):
        return Refusal("a comment line stands among them")
    return (Edit.delete(start, end),)


def remove_leading(part: ShellPart, pipes: list[Pipeline], k: int) -> Edits | Refusal:
    """Delete pipelines ..k-1 (k < len) with the operator after them."""
    if k < 1 or k >= len(pipes):
        return Refusal("nothing would be left after them")
    start, end = part.src(pipes[0].start), part.src(pipes[k].start)
    if has_comment_line(part.instruction.source[start:end]):
        return Refusal("a comment line stands among them")
    return (Edit.delete(start, end),)


def cut_pipeline(part: ShellPart, pipes: list[Pipeline], k: int) -> tuple[Edits, list[str]] | Refusal:
    """Delete pipeline k from an `&&` chain (`a && k && b` -> `a && b`): the edits and the
    comment lines that stood directly above it or inside it, for the caller to move along."""
    if len(pipes) < 2 or (k > 0 and pipes[k].op_before != "&&"):
        return Refusal("it is not joined to the other commands by `&&`")
    src = part.instruction.source
    if k == len(pipes) - 1:
        start, end = part.src_end(pipes[k - 1].end), part.src_end(pipes[k].end)
    else:
        if pipes[k].op_after != "&&":
            return Refusal("it is not joined to the other commands by `&&`")
        start, end = part.src(pipes[k].start), part.src(pipes[k + 1].start)
        start = _with_comments_above(part, start)
    # whole lines, so that each comment line moves as written
    region = src[src.rfind("\n", 0, start) + 1 : end]
    comments = [ln for ln in region.splitlines() if ln.lstrip().startswith("#")]
    return (Edit.delete(start, end),), comments


def _with_comments_above(part: ShellPart, start: int) -> int:
    """`start`, moved up over the comment lines right above it when it begins its line."""
    src = part.instruction.source
    line_start = src.rfind("\n", 0, start) + 1
    if src[line_start:start].strip():
        return start
    while line_start > part.instruction.start:
        above = src.rfind("\n", 0, line_start - 1) + 1
        text = src[above:line_start]
        if not text.strip().startswith("#"):
            break
        start, line_start = above + len(text) - len(text.lstrip()), above
    return start


# --------------------------------------------------------------------------- words and flags


def add_flag(part: ShellPart, word, text: str) -> Edits:
    """Insert `text` (with its leading space) right after a word of the script, e.g. a flag
    after `install`."""
    return (Edit.insert(part.src_end(word.end), text),)


def remove_word(part: ShellPart, word) -> Edits | Refusal:
    """Delete one word of a command and the space that separates it, keeping every comment
    and continuation line."""
    inst = part.instruction
    src = inst.source
    s, e = part.src(word.start), part.src_end(word.end)
    line_start = src.rfind("\n", 0, s) + 1
    line_end = src.find("\n", e)
    line_end = len(src) if line_end == -1 else line_end
    before, after = src[line_start:s], src[e:line_end].rstrip("\r")
    esc = "\\" if part.is_heredoc else inst.escape
    if not before.strip() and after.strip() == esc:
        return (Edit.delete(line_start, min(line_end + 1, len(src))),)  # alone on its line
    if before and before[-1] in " \t":
        return (Edit.delete(s - (len(before) - len(before.rstrip(" \t"))), e),)
    if not before.strip() and after[:1] in (" ", "\t"):
        return (Edit.delete(s, e + len(after) - len(after.lstrip(" \t"))),)
    return Refusal(f"`{word.text}` is not separated from its neighbours by blanks")


def add_mount(inst: Instruction, mounts: list[str]) -> Edits:
    """Insert `--mount=...` flags after the RUN's flags: on lines of their own when the RUN
    already spans several lines (indented like its second line), else on its line."""
    at = inst.rest_span[0]
    head_end = inst.heredocs[0].body_start if inst.heredocs else inst.end
    lines = inst.source[inst.start : head_end].splitlines()[1:]
    body = [ln for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    if not body:
        return (Edit.insert(at, " ".join(mounts) + " "),)
    indent = body[0][: len(body[0]) - len(body[0].lstrip())]
    newline = inst.line_ending or "\n"
    return (Edit.insert(at, "".join(f"{m} {inst.escape}{newline}{indent}" for m in mounts)),)


def add_cache_mount(inst: Instruction, target: str) -> Edits:
    """A BuildKit cache mount on `target` (see add_mount)."""
    return add_mount(inst, [f"--mount=type=cache,target={target}"])


# --------------------------------------------------------------------------- instructions


def comment_lines(leading: str) -> list[str]:
    """The comment lines of an instruction's leading block, as written (indentation kept),
    without their line endings."""
    return [ln for ln in leading.splitlines() if ln.lstrip().startswith("#")]


def comments_of(inst: Instruction) -> list[str]:
    """Every Dockerfile comment line an instruction owns, as written: its leading block and
    the comment lines inside its continuation lines (heredoc bodies are not comments)."""
    head_end = inst.heredocs[0].body_start if inst.heredocs else inst.end
    inner = inst.source[inst.start : head_end].splitlines()[1:]
    return comment_lines(inst.leading) + [ln for ln in inner if ln.lstrip().startswith("#")]


def move_comments_above(target: Instruction, comments: list[str]) -> Edits:
    """Insert comment lines, unchanged, as the last lines of the target instruction's comment
    block (nothing when there are none)."""
    if not comments:
        return ()
    nl = target.line_ending or "\n"
    return (Edit.insert(target.start, "".join(f"{c}{nl}" for c in comments)),)


def delete_instruction(inst: Instruction, comments_to: Instruction | None = None) -> Edits:
    """Remove an instruction with its leading block; with `comments_to`, its comment lines
    (see comments_of) move above that instruction."""
    edits = (Edit.delete(inst.leading_start, inst.end),)
    if comments_to is not None:
        edits += move_comments_above(comments_to, comments_of(inst))
    return edits


class Join(NamedTuple):
    """How a RUN joins the RUN above it in a merge: the operator, whether its script is grouped
    `{ ...; }`, and the script offset in the RUN above where a subshell `( ... )` opens."""

    op: str
    brace: bool
    subshell: int | None = None


def merge_runs(parts: list[ShellPart], joins: list[Join], *, leading: bool, indent: str) -> Edits:
    """Merge RUNs into the first: one edit per junction (from the end of a RUN's last command
    to the next RUN's first command, keeping the comment lines there) and the openings of
    subshells, written with leading (`\\` newline `&& next`) or trailing operators and
    `indent`. The whole group at once, so groups never nest."""
    edits = []
    for i, (pa, b, join) in enumerate(zip(parts, [p.instruction for p in parts[1:]], joins)):
        a = pa.instruction
        nl, esc = a.line_ending or "\n", a.escape
        comments = "".join(_junction_comments(b))
        if leading and join.op == "&&":
            text = f" {esc}{nl}{comments}{indent}{join.op} "
        else:
            text = f"{' ' if join.op == '&&' else ''}{join.op} {esc}{nl}{comments}{indent}"
        close = (" )" if join.subshell is not None else "") + ("; }" if i > 0 and joins[i - 1].brace else "")
        edits.append(Edit(pa.src_end(pa.script.end_of_last_command), b.rest_span[0], close + text + ("{ " if join.brace else "")))
        if join.subshell is not None:
            edits.append(Edit.insert(pa.src(join.subshell), "( "))
    last = parts[-1]
    if joins[-1].brace:
        edits.append(close_group(last))
    else:  # claims the end of the group, so no other fix joins it this round
        edits.append(Edit.insert(last.src_end(last.script.end_of_last_command), ""))
    return tuple(edits)


def _junction_comments(b: Instruction) -> list[str]:
    """The comment lines between a later RUN's `RUN [flags] \\` and its first command, which
    stay inside the merged RUN byte for byte with their line endings (BuildKit skips a comment
    line at any indentation there). Blank lines are dropped (an empty continuation line draws
    a BuildKit warning)."""
    lines = b.source[b.leading_start : b.rest_span[0]].splitlines(keepends=True)
    return [ln for ln in lines if ln.lstrip().startswith("#") and ln.endswith("\n")]
