"""The shell view of a RUN instruction: its shell scripts, mapped back to the source.

A shell-form RUN runs its argument text (continuations joined, comment lines dropped); a
RUN that is only heredoc markers runs each heredoc body as a script; `RUN <<EOF bash` feeds
the body to a shell. Each such script is parsed once and every span it reports maps back to
an exact source offset, so passes can turn what they find into text edits.

The argument line is parsed as bash reads it, with each heredoc body and its terminator after
it (`cat <<EOF > /f` alone is not a complete command); its commands and operators are those
of the line itself, the bodies being data of the command or scripts of their own. A line that
only starts a shell reading the body (`RUN <<EOF bash`) has no part of its own: the body is
the RUN's script, as for `RUN <<EOF`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from .shell import Command, Script, parse_shell
from .words import heredoc_marker, shell_words

if TYPE_CHECKING:
    from .syntax import Heredoc, Instruction

# The shells that read a script as the shell view does: POSIX shells (busybox's `sh` is ash).
# zsh is not one: its own mode does not split unquoted `$VAR`s and fails a command whose glob
# matches nothing, so a bash reading of a zsh script, and commands added to it, would mislead.
POSIX_SHELLS = frozenset({"sh", "bash", "dash", "ash", "ksh", "mksh", "busybox"})


def posix_program(word: str) -> bool:
    """`/bin/bash`, `sh`, `/bin/busybox`... name a POSIX shell."""
    return word.replace("\\", "/").rsplit("/", 1)[-1].lower() in POSIX_SHELLS


def is_posix(shell: tuple[str, ...]) -> bool:
    """The command line of a SHELL instruction (or a heredoc's runner) starts a POSIX shell."""
    return bool(shell) and posix_program(shell[0])


class ShellPart:
    """One script of a RUN: its argument line or a heredoc body. Read-only; two parts are two
    even when their texts are equal."""

    __slots__ = ("script", "instruction", "heredoc", "base", "runner")

    def __init__(self, script: Script, instruction: Instruction, heredoc: Heredoc | None = None,
                 base: int = 0, runner: tuple[str, ...] = ()) -> None:
        self.script = script
        self.instruction = instruction
        self.heredoc = heredoc
        # for the argument line: index into logical text; for a heredoc: source offset
        self.base = base
        # for a heredoc body: the command line that runs it (`bash -e` of `RUN <<EOF bash -e`,
        # the `#!` line's words), () when the RUN's SHELL runs it as a file
        self.runner = runner

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


class ShellView:
    """The scripts of one RUN (read-only)."""

    __slots__ = ("parts",)

    def __init__(self, parts: tuple[ShellPart, ...]) -> None:
        self.parts = parts

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
    if not inst.heredocs:
        return ShellView((ShellPart(parse_shell(line), inst, None, rest_at),))
    parts: list[ShellPart] = []
    words = [w[0] for w in shell_words(line) if not heredoc_marker(w[0])]
    runner = _shell_runner(words) if words else None
    if words and runner is None:
        # (a line that only starts the shell reading the body, `<<EOF bash`, has nothing else)
        parts.append(ShellPart(_line_script(line, inst.heredocs), inst, None, rest_at))
    for doc in inst.heredocs:
        if doc.fd != 0:
            continue
        body = inst.source[doc.body_start : doc.body_end]
        if words:
            if runner is None:
                continue  # the body is data for the command (cat, python, ...)
            found = runner
        else:
            first = body.split("\n", 1)[0]
            found = tuple(first[2:].split()) if first.startswith("#!") else ()
            if found and found[0].rsplit("/", 1)[-1] == "env":
                found = found[1:]
            if found and not posix_program(found[0]):
                continue  # a script for another interpreter
        parts.append(ShellPart(parse_shell(body), inst, doc, doc.body_start, found))
    return ShellView(tuple(parts))


def _shell_runner(words: list[str]) -> tuple[str, ...] | None:
    """The words of `RUN <<EOF bash -e` when they run a shell that reads the body from its
    standard input (no `-c` script, no script file), else None."""
    options = words[1:]
    if not posix_program(words[0]) or any(not w.startswith(("-", "+")) for w in options):
        return None
    if any(w.startswith("-") and not w.startswith("--") and "c" in w for w in options):
        return None
    return tuple(words)


def _line_script(line: str, heredocs) -> Script:
    """The argument line followed by each heredoc body and terminator, as bash reads it;
    only the line's own commands and operators are kept (spans map back through the line).

    tree-sitter-bash cannot read a heredoc that starts a command (`<<EOF bash`): such a
    marker is parsed as a same-length stdin redirection (`< EOF`, without its body) and the
    redirection is given back its heredoc form afterwards."""
    markers = [(w, at) for w, at, _ in shell_words(line) if heredoc_marker(w)]
    if len(markers) != len(heredocs):
        markers = []
    chars, bodies, leading = list(line), [], {}
    for (word, at), doc in zip(markers, heredocs):
        lt = word.find("<<")
        if _starts_command(line, at) and lt >= 0:
            chars[at + lt + 1] = " "
            leading[at] = (word, lt, doc)
        else:
            bodies.append(doc)
    if not markers:
        bodies = list(heredocs)
    text = "".join(chars) + "\n" + "".join(doc.content + doc.name + "\n" for doc in bodies)
    script = parse_shell(text)
    end = len(line)
    commands = tuple(_heredoc_back(c, leading) for c in script.commands if c.start < end)
    return script._replace(
        text=line + text[end:],
        commands=commands,
        top_level=tuple(c for c in commands if not c.context or c.context == ("pipeline",)),
        operators=tuple(o for o in script.operators if o.start < end),
    )


def _starts_command(line: str, at: int) -> bool:
    before = line[:at].rstrip(" \t")
    return not before or before[-1] in ";&|(){!"


def _heredoc_back(cmd: Command, leading: dict) -> Command:
    """The command with the stdin redirections `_line_script` put for heredocs made heredocs again."""
    found = [r for r in cmd.redirects if r.start in leading and r.op == "<" and r.target is not None]
    if not found:
        return cmd
    redirects = []
    for r in cmd.redirects:
        if r in found:
            word, lt, doc = leading[r.start]
            op = "<<-" if word.startswith("<<-", lt) else "<<"
            at = r.start + lt + len(op)
            target = r.target._replace(text=word[lt + len(op) :], value=doc.name, start=at, end=r.start + len(word))
            r = r._replace(text=word, op=op, target=target, end=r.start + len(word))
        redirects.append(r)
    return cmd._replace(redirects=tuple(redirects))
