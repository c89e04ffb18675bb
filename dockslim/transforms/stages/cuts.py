"""Cutting words and pipelines out of a RUN with the space, continuation and operator that go
with them; None when the cut would take a comment line or another operator along."""

from __future__ import annotations

from ...optimizer.edits import has_comment_line
from ...optimizer.findings import Edit
from ...optimizer.scriptfacts import Pipeline
from ...optimizer.shellview import ShellPart
from ...optimizer.words import SPACE


def _line_bounds(source: str, start: int, end: int) -> tuple[int, int]:
    line_start = source.rfind("\n", 0, start) + 1
    line_end = source.find("\n", end)
    return line_start, len(source) if line_end == -1 else line_end


def delete_span(source: str, start: int, end: int, prev_end: int, escape: str) -> tuple[int, int] | None:
    """The span to delete so that the word at [start, end) goes with the space around it:
    a line of its own (word and continuation) goes whole; a word last on the last line, or
    alone before an operator, goes with the continuation before it (back to `prev_end`, the
    end of the word before)."""
    line_start, line_end = _line_bounds(source, start, end)
    before = source[line_start:start]
    after = source[end:line_end].rstrip("\r")
    alone = not before.strip(SPACE)
    if alone and after.strip(SPACE) == escape:
        return line_start, min(line_end + 1, len(source))
    if alone and not after.strip(SPACE):
        if has_comment_line(source[prev_end:start]) or "\n" in source[end:line_end]:
            return None
        return prev_end, end
    if alone and after[:1] in ";&|)" and not has_comment_line(source[prev_end:start]):
        return prev_end, end  # `word; \` on a line of its own: the operator joins the word before
    if before and before[-1] in " \t":
        return start - (len(before) - len(before.rstrip(" \t"))), end
    trail = len(after) - len(after.lstrip(" \t"))
    return start, end + trail


def merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]



def remove_pipelines(part: ShellPart, pipes: list[Pipeline], drop: list[int]) -> Edit | None:
    """Delete the contiguous pipelines `drop` of a script joined by `&&`, `;` or newlines,
    with the operator after them (or before them, at the end). None when they are not
    contiguous, another operator joins them, or a comment line stands inside."""
    if not drop or drop != list(range(drop[0], drop[-1] + 1)) or len(drop) == len(pipes):
        return None
    i, j = drop[0], drop[-1] + 1
    ok = ("&&", ";", "\n")
    if any(pipes[k].op_after not in ok for k in range(i, j) if k < len(pipes) - 1):
        return None
    if j < len(pipes):
        start, end = part.src(pipes[i].start), part.src(pipes[j].start)
    else:
        if pipes[i].op_before not in ok:
            return None
        start, end = part.src_end(pipes[i - 1].end), part.src_end(pipes[j - 1].end)
    source = part.instruction.source
    if has_comment_line(source[start:end]) or source[start:end].lstrip().startswith("#"):
        return None
    return Edit.delete(start, end)
