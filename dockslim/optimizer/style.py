"""Edits that follow the user's formatting: how their RUN chains commands, where they put
`&&`, how deep they indent continuation lines, which escape character and line ending."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .findings import Edit
from .shellview import ShellPart
from .syntax import Instruction

_LEADING_OP = re.compile(r"^[ \t]*(&&|\|\||;)")


@dataclass(frozen=True)
class ChainStyle:
    multiline: bool
    leading_operator: bool  # `\` newline `    && next` rather than `cmd && \` newline
    indent: str
    separator: str  # "&&" or ";"
    newline: str
    escape: str

    def join(self, commands: list[str]) -> str:
        """Text to put after the last command so that `commands` run after it."""
        sep, out = self.separator, []
        for cmd in commands:
            if not self.multiline:
                out.append(f" {sep} {cmd}")
            elif self.leading_operator:
                out.append(f" {self.escape}{self.newline}{self.indent}{sep} {cmd}")
            else:
                out.append(f" {sep} {self.escape}{self.newline}{self.indent}{cmd}")
        return "".join(out)


def chain_style(inst: Instruction, part: ShellPart) -> ChainStyle:
    """How this RUN's script chains its commands."""
    script = part.script
    top_ops = [op.kind for op in script.operators if op.depth == 0 and op.kind in ("&&", ";", "\n")]
    separator = ";" if top_ops and top_ops[-1] in (";", "\n") and "&&" not in top_ops[-1:] else "&&"
    source = inst.source
    first_line_end = source.find("\n", inst.start)
    multiline = any(
        seg.source > first_line_end >= 0 for seg in inst.logical.segments[1:]
    ) and part.heredoc is None
    indent, leading = "    ", False
    if multiline:
        lines = source[inst.start : _main_end(inst)].split("\n")[1:]
        bodies = [ln.rstrip("\r") for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
        if bodies:
            indent = re.match(r"[ \t]*", bodies[-1]).group(0)
            leading = sum(bool(_LEADING_OP.match(b)) for b in bodies) * 2 >= len(bodies)
            if leading:
                # indent of the text after the operator is what lines up; keep the operator's
                m = _LEADING_OP.match(bodies[-1])
                indent = bodies[-1][: m.start(1)] if m else indent
    return ChainStyle(multiline, leading, indent, separator, inst.line_ending or "\n", inst.escape)


def _main_end(inst: Instruction) -> int:
    return inst.heredocs[0].body_start if inst.heredocs else inst.end


def append_commands(inst: Instruction, part: ShellPart, commands: list[str]) -> Edit | None:
    """An edit that runs `commands` after the script's last command, in the user's style.

    None when the script ends in a way a command cannot simply follow (`&`, a trailing
    operator) — the caller then leaves the RUN alone.
    """
    script = part.script
    if not script.ok or not script.top_level:
        return None
    last = script.top_level[-1]
    if last.op_after in ("&", "|") or last.op_before == "&":
        return None
    at = part.src_end(script.end_of_last_command)
    if part.heredoc is not None:
        line_start = inst.source.rfind("\n", 0, part.src(last.start)) + 1
        indent = re.match(r"[ \t]*", inst.source[line_start:]).group(0)
        nl = "\r\n" if inst.source[at : at + 2] == "\r\n" else "\n"
        return Edit.insert(at, "".join(f"{nl}{indent}{cmd}" for cmd in commands))
    return Edit.insert(at, chain_style(inst, part).join(commands))


def insert_after(part: ShellPart, word, text: str) -> Edit:
    """Insert `text` right after a word of the script (e.g. a flag after `install`)."""
    return Edit.insert(part.src_end(word.end), text)
