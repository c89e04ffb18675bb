"""The user's formatting, read from a RUN: how it chains commands, where it puts `&&`, how
deep it indents continuation lines, which escape character and line ending (edits.py writes
in that style)."""


import re
from collections.abc import Iterable
from itertools import pairwise
from typing import TYPE_CHECKING, NamedTuple

from .scriptfacts import pipelines
from .shellview import ShellPart
from .syntax import Instruction

if TYPE_CHECKING:
    from .run import Run

_BOUNDARY_OPS = frozenset({"&&", "||", ";", "|"})


class ChainStyle(NamedTuple):
    multiline: bool
    leading_operator: bool  # `\` newline `    && next` rather than `cmd && \` newline
    indent: str
    separator: str  # "&&" or ";"
    newline: str
    escape: str

    def join(self, commands: list[str]) -> str:
        """Text to put after the last command so that `commands` run after it."""
        sep, out = self.separator, []
        before = " " if sep == "&&" else ""  # `a && b`, `a; b`
        for cmd in commands:
            if not self.multiline:
                out.append(f"{before}{sep} {cmd}")
            elif self.leading_operator:
                out.append(f" {self.escape}{self.newline}{self.indent}{sep} {cmd}")
            else:
                out.append(f"{before}{sep} {self.escape}{self.newline}{self.indent}{cmd}")
        return "".join(out)


def chain_style(inst: Instruction, part: ShellPart) -> ChainStyle:
    """How this RUN's script chains its commands."""
    script = part.script
    top_ops = [op.kind for op in script.operators if op.depth == 0 and op.kind in ("&&", ";", "\n")]
    separator = ";" if top_ops and top_ops[-1] in (";", "\n") else "&&"
    source = inst.source
    first_line_end = source.find("\n", inst.start)
    multiline = part.heredoc is None and any(
        seg.source > first_line_end >= 0 for seg in inst.logical.segments[1:]
    )
    indent, leading = re.match(r"[ \t]*", source[inst.start :]).group(0) + "    ", False
    if multiline:
        leading = _leading_operators(inst, part)
        indent = statement_indent(inst, part) or _continuation_indent(inst, indent)
    return ChainStyle(multiline, leading, indent, separator, inst.line_ending or "\n", inst.escape)


def statement_indent(inst: Instruction, part: ShellPart, last: bool = True) -> str | None:
    """The indentation of the continuation line on which the script's last (or first) statement
    that begins a line stands: what new statements line up with, rather than wrapped arguments
    such as a package list. None when every statement starts on the RUN's own line."""
    source = inst.source
    first_line_end = source.find("\n", inst.start)
    pipes = pipelines(part.script)
    for pipe in reversed(pipes) if last else pipes:
        at = part.src(pipe.start)
        line_start = source.rfind("\n", 0, at) + 1
        head = source[line_start:at]
        if at > first_line_end and head.strip() in ("", "&&", "||", ";", "|"):
            return re.match(r"[ \t]*", head).group(0)
    return None


def _continuation_indent(inst: Instruction, default: str) -> str:
    """For a RUN whose statements all start on its first line: the RUN's own indentation
    plus a tab when its continuation lines (wrapped arguments) are tab-indented, else `default`."""
    esc = inst.escape
    lines = inst.text.splitlines()
    for above, line in pairwise(lines):
        if above.rstrip(" \t").endswith(esc) and line.strip() and not line.lstrip().startswith("#"):
            if line.startswith("\t"):
                return re.match(r"[ \t]*", lines[0]).group(0) + "\t"
            break
    return default


def house_indent(runs: "Iterable[Run]") -> str | None:
    """The indentation most multi-line shell-form RUNs of the file (`model.runs()`) give the
    statements on their continuation lines (ties: the first seen); None when no RUN shows one."""
    counts: dict[str, int] = {}
    for run in runs:
        view = run.readable
        if view is None or run.inst.heredocs or view.main is None:
            continue
        indent = statement_indent(run.inst, view.main)
        if indent:
            counts[indent] = counts.get(indent, 0) + 1
    return max(counts, key=counts.get) if counts else None


def _leading_operators(inst: Instruction, part: ShellPart) -> bool:
    """The user breaks lines before the operators (`\\` newline `&& next`) rather than after
    them: judged by the operators that begin or end a line, the majority (ties: the last)."""
    source, esc = inst.source, inst.escape
    styles = []
    for op in part.script.operators:
        if op.kind not in _BOUNDARY_OPS or op.depth:
            continue  # inside `if`/loops/groups the user's own `; \` says nothing about the chain
        s, e = part.src(op.start), part.src_end(op.end)
        line_start = source.rfind("\n", 0, s) + 1
        line_end = source.find("\n", e)
        after = source[e : len(source) if line_end == -1 else line_end].strip()
        begins, ends = not source[line_start:s].strip(), after == esc
        if begins != ends:  # an operator alone on its line (`&& \\`) shows neither style
            styles.append(begins)
    if not styles:
        return False
    lead = sum(styles)
    return lead * 2 > len(styles) or (lead * 2 == len(styles) and styles[-1])
