"""Statements and words taken out of a script, keeping every comment line and the operator
that decides which failure stops the build."""

from __future__ import annotations

from ..findings import Edit
from ..scriptfacts import Pipeline
from ..shell import Command
from ..shellview import ShellPart
from ..syntax import Instruction
from .result import Edits, Refusal


def has_comment_line(text: str) -> bool:
    """A comment line among the continuation lines of a piece of source."""
    return any(line.lstrip().startswith("#") for line in text.split("\n")[1:])


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


def remove_words(part: ShellPart, words) -> Edits | Refusal:
    """remove_word for each of `words`: all of them (none for no words), or the first refusal."""
    out: list[Edit] = []
    for word in words:
        removed = remove_word(part, word)
        if not removed:
            return removed
        out.extend(removed)
    return tuple(out)
