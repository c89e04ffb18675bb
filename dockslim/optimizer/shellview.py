"""The shell view of a RUN instruction: its shell scripts, mapped back to the source.

A shell-form RUN runs its argument text (continuations joined, comment lines dropped); a
RUN that is only heredoc markers runs each heredoc body as a script; `RUN <<EOF bash` feeds
the body to a shell. Each such script is parsed once and every span it reports maps back to
an exact source offset, so passes can turn what they find into text edits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator

from .shell import Command, Script, parse_shell
from .words import heredoc_marker, shell_words

if TYPE_CHECKING:
    from .syntax import Heredoc, Instruction

SHELLS = frozenset({"sh", "bash", "dash", "ash", "zsh", "ksh", "busybox"})


@dataclass(frozen=True, eq=False)
class ShellPart:
    """One script of a RUN: its argument line or a heredoc body."""

    script: Script
    instruction: "Instruction"
    heredoc: "Heredoc | None" = None
    base: int = 0  # for the argument line: index into logical text; for a heredoc: source offset

    def src(self, offset: int) -> int:
        """Source offset of a script offset."""
        if self.heredoc is not None:
            return self.base + offset
        return self.instruction.logical.source_offset(self.base + offset)

    def src_end(self, offset: int) -> int:
        """Source offset just after script character offset-1 (exclusive ends)."""
        if self.heredoc is not None:
            return self.base + offset
        return self.instruction.logical.source_end(self.base + offset)

    def span(self, node) -> tuple[int, int]:
        return self.src(node.start), self.src_end(node.end)

    @property
    def is_heredoc(self) -> bool:
        return self.heredoc is not None


@dataclass(frozen=True, eq=False)
class ShellView:
    parts: tuple[ShellPart, ...]

    @property
    def ok(self) -> bool:
        return all(p.script.ok for p in self.parts)

    def commands(self) -> Iterator[tuple[ShellPart, Command]]:
        for part in self.parts:
            for cmd in part.script.commands:
                yield part, cmd

    def find(self, program: str | tuple[str, ...], subcommand: str | tuple[str, ...] | None = None):
        """(part, command) pairs running `program` (and `subcommand` when given)."""
        programs = (program,) if isinstance(program, str) else program
        subs = (subcommand,) if isinstance(subcommand, str) else subcommand
        out = []
        for part, cmd in self.commands():
            if cmd.program not in programs:
                continue
            if subs is not None:
                sub = cmd.subcommand
                if sub is None or sub.value not in subs:
                    continue
            out.append((part, cmd))
        return out

    @property
    def main(self) -> ShellPart | None:
        """The argument-line script, when the RUN runs one (not only heredocs)."""
        return next((p for p in self.parts if not p.is_heredoc), None)


def shell_view(inst: "Instruction") -> ShellView | None:
    if inst.kind != "RUN" or inst.is_json:
        return None
    rest_at = inst.rest_start
    line = inst.logical.text[rest_at:]
    parts: list[ShellPart] = []
    others = [w for w in shell_words(line) if not heredoc_marker(w[0])]
    if not inst.heredocs:
        return ShellView((ShellPart(parse_shell(line), inst, None, rest_at),))
    if others:
        parts.append(ShellPart(parse_shell(line), inst, None, rest_at))
    program = others[0][0].rsplit("/", 1)[-1] if others else None
    for doc in inst.heredocs:
        body = inst.source[doc.body_start : doc.body_end]
        if doc.fd != 0:
            continue
        if program is None:
            first = body.split("\n", 1)[0]
            if first.startswith("#!") and first.split("/")[-1].split()[0] not in SHELLS:
                continue  # a script for another interpreter
        elif program not in SHELLS:
            continue  # the body is data for the command (cat, python, ...)
        parts.append(ShellPart(parse_shell(body), inst, doc, doc.body_start))
    return ShellView(tuple(parts))
