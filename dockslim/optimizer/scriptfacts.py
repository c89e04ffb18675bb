"""Questions about a parsed RUN script that several passes ask: its statements (the
pipelines its own list joins), whether `set -e` is in effect, whether it starts background
jobs or ends the shell."""


import re
from typing import NamedTuple

from .shell import Command, Script

# contexts that run in a child process: nothing done there reaches the rest of the script
CHILD = frozenset({"subshell", "command_substitution", "process_substitution", "pipeline"})
COMPOUND = frozenset({"if", "while", "until", "for", "select", "case", "group", "subshell", "function"})
_SHORT_E = re.compile(r"[-+][a-zA-Z]*e[a-zA-Z]*")


# --------------------------------------------------------------------------- shells


def shell_errexit(shell: tuple[str, ...]) -> bool:
    """A shell command line that runs with `-e`: SHELL ["/bin/bash", "-eo", "pipefail", "-c"],
    `bash -e`, `#!/bin/sh -e`."""
    args = list(shell[1:])
    for i, arg in enumerate(args):
        if arg.startswith("-") and _SHORT_E.fullmatch(arg):
            return True
        if arg == "-o" and i + 1 < len(args) and args[i + 1] == "errexit":
            return True
    return False


def _errexit_change(cmd: Command) -> bool | None:
    """True for `set -e`/`set -eux`/`set -o errexit`, False for `set +e`/`set +o errexit`,
    None for anything else."""
    if cmd.program != "set":
        return None
    values = [w.value or "" for w in cmd.args]
    found = None
    for i, v in enumerate(values):
        if v == "--":
            break  # positional parameters follow
        if _SHORT_E.fullmatch(v) or (v in ("-o", "+o") and values[i + 1 : i + 2] == ["errexit"]):
            found = v[0] == "-"
    return found


def sets_errexit(cmd: Command) -> bool:
    """`set -e`, `set -eux`, `set -o errexit`."""
    return _errexit_change(cmd) is True


def errexit_at_end(script: Script, shell: tuple[str, ...] = ()) -> bool:
    """`-e` is in effect after the script's own list: from the shell's flags or a top-level
    `set -e` not undone by a later top-level `set +e`."""
    on = shell_errexit(shell)
    for cmd in script.commands:
        if not cmd.context:
            change = _errexit_change(cmd)
            on = on if change is None else change
    return on


def may_set_errexit(script: Script) -> bool:
    """A `set -e` anywhere that reaches the script's own shell (not in a subshell)."""
    return any(sets_errexit(c) and not CHILD.intersection(c.context) for c in script.commands)


# --------------------------------------------------------------------------- statements


class Pipeline(NamedTuple):
    """A pipeline of the script's own list (what `&&`, `||`, `;`, `&` and newlines join),
    a simple command or a compound one (`if ... fi`, `( ... )`, `{ ...; }`, loops)."""

    start: int  # script offsets
    end: int
    op_before: str | None
    op_after: str | None
    commands: tuple[Command, ...]

    @property
    def compound(self) -> bool:
        return any(COMPOUND.intersection(c.context) for c in self.commands)

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
        out[-1] = out[-1]._replace(op_after=None)
    return out


def last_list(pipes: list[Pipeline]) -> list[Pipeline]:
    """The pipelines of the script's last and-or list (`a; b && c` -> [b, c])."""
    k = len(pipes) - 1
    while k > 0 and pipes[k].op_before in ("&&", "||"):
        k -= 1
    return pipes[k:]


def list_ops(script: Script) -> set[str]:
    """The operators joining the script's own list (a trailing `;` or `&` not counted)."""
    last = script.end_of_last_command
    return {o.kind for o in script.operators if o.depth == 0 and o.start < last and o.kind not in ("|", "|&")}


def has_background(script: Script) -> bool:
    return any(op.kind == "&" for op in script.operators)


def ends_shell(pipe: Pipeline) -> bool:
    """`exit ...` or `exec program ...`: nothing after it runs (`exec >log` goes on)."""
    if len(pipe.commands) != 1 or pipe.commands[0].context:
        return False
    argv = [w.value for w in pipe.commands[0].argv]
    return bool(argv) and (argv[0] == "exit" or (argv[0] == "exec" and len(argv) > 1))


def command_text(script: Script, cmd: Command) -> str:
    """A command on one line: its words and redirections joined by single spaces."""
    parts = sorted([(w.start, w.text) for w in cmd.words] + [(r.start, r.text) for r in cmd.redirects])
    return " ".join(t for _, t in parts)


def follow_operators(script: Script, shell: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The operators that may join a new command after the end of the script such that a
    failure of the script still fails it: `&&` keeps any failure of the last list; `;` (or
    a newline) only does under `set -e` when the last list is one pipeline, not negated.
    Under `set -e`, `&&` after a compound statement would switch `-e` off inside it. Empty
    when nothing can follow (background jobs, `exit`, `exec`, nothing to follow)."""
    pipes = pipelines(script)
    if not script.ok or not pipes or has_background(script) or ends_shell(pipes[-1]):
        return ()
    if not errexit_at_end(script, shell):
        return ("&&",)
    tail = last_list(pipes)
    out = []
    if not any(p.compound for p in tail):
        out.append("&&")
    if len(tail) == 1 and not tail[0].negated:
        out.append(";")
    return tuple(out)
