"""How consecutive RUNs become one RUN without changing what runs: the operator at each
junction, the groups and subshells that keep the meaning, and the style the merged RUN is
written in (DS201 decides which RUNs and why; optimizer.edits.merge_runs writes it)."""


import re
from collections.abc import Callable
from typing import NamedTuple

from ..optimizer.edits import Join
from ..optimizer.scriptfacts import (
    has_background,
    last_list,
    list_ops,
    may_set_errexit,
    pipelines,
)
from ..optimizer.shell import Command, Script
from ..optimizer.shellview import ShellPart, ShellView
from ..optimizer.style import chain_style, statement_indent
from ..optimizer.syntax import Instruction
from ._layers import state_commands

_TAIL = re.compile(r"[ \t]*;?[ \t]*(\r?\n)?")


class Member(NamedTuple):  # a named tuple: a dataclass costs every start a millisecond
    """A RUN of a group: its instruction, its argument-line script and its shell view."""

    inst: Instruction
    part: ShellPart
    view: ShellView


class _Tail(NamedTuple):  # a named tuple: a dataclass costs every start a millisecond
    """The last and-or list of the RUNs joined so far: its length, whether a compound
    statement is in it, whether its only pipeline is negated."""

    length: int
    compound: bool
    negated: bool

    @classmethod
    def of(cls, pipes) -> "_Tail":
        return cls(len(pipes), any(p.compound for p in pipes), bool(pipes) and pipes[0].negated)


def plan(runs: list[Member], errexit: bool) -> list[Join] | str:
    """How each RUN after the first joins the RUN above (operator, grouped or not, where a
    subshell opens in the RUN above), or why the group is not merged automatically.
    `errexit`: the SHELL runs with `-e`."""
    pending: list[Command] = []  # `set` options of earlier RUNs, still in effect
    tail = _Tail.of(last_list(pipelines(runs[0].part.script)))
    plans: list[Join] = []
    for left, right in zip(runs, runs[1:]):
        a, pa, sa, sb = left.inst, left.part, left.part.script, right.part.script
        where = f"the RUN at line {a.start_line}"
        if has_background(sa):  # before the text after the last command, which a trailing `&` is
            return f"{where} starts a background job, which would keep running"
        if not _TAIL.fullmatch(a.source, pa.src_end(sa.end_of_last_command), a.end):
            return f"text follows the last command of {where}"  # a trailing shell comment would swallow the rest
        errexit = errexit or may_set_errexit(sa)
        own = state_commands(sa)
        state = pending + own
        b_ops = list_ops(sb)
        brace = bool(b_ops & {";", "\n", "||", "&"})
        subshell = None
        if state and (_same_set(state, sb) or _options_harmless(state, sb)):
            pending, state = state, []  # the next RUN sets the same options, or they change nothing in it
        elif pending and not (_same_set(pending, sb) or _options_harmless(pending, sb)):
            what = " ".join(w.text for w in pending[0].words)
            return f"shell options set above (`{what}`) would change the RUN at line {right.inst.start_line}"
        else:
            state = own
        if state:
            if errexit:
                blame = next((c for c in state if c.program != "set"), state[0])  # `set -eux; cd x`: the cd
                what = " ".join(w.text for w in blame.words)
                return f"{where} changes shell state (`{what}`) and `set -e` is in effect"
            subshell = _subshell_from(sa, own)
        if errexit:
            semi_ok = tail.length == 1 and not tail.negated
            and_ok = not tail.compound and "&" not in b_ops  # a group last in the list keeps -e inside
            prefer = chain_style(a, pa).separator
            choice = next((op for op, ok in sorted((("&&", and_ok), (";", semi_ok)), key=lambda x: x[0] != prefer) if ok), None)
            if choice is None:
                return f"under `set -e` {where} cannot be joined without changing which failures stop the build"
            step = Join(choice, brace and choice == "&&")
        else:
            step = Join("&&", brace, subshell)
        plans.append(step)
        tail = _then(tail, step, sb)
    return plans


def _then(tail: _Tail, step: Join, sb: Script) -> _Tail:
    """The last and-or list once the next RUN joins as planned."""
    op, brace, subshell = step
    if op == ";":
        return _Tail.of(last_list(pipelines(sb)))
    right = _Tail(1, True, False) if brace else _Tail.of(pipelines(sb))
    left = _Tail(2, True, False) if subshell is not None else tail  # `( ... )` after other commands
    return _Tail(left.length + right.length, left.compound or right.compound, False)


def _subshell_from(sa, state) -> int:
    """Where `( ... )` opens: before the first pipeline that changes state, or earlier when
    only that keeps the meaning (`a || ( b && cd x )` differs from `a || b && cd x`)."""
    pipes = pipelines(sa)
    k = next(i for i, p in enumerate(pipes) if any(c in p.commands for c in state))
    while k > 0:
        ops_after = {p.op_before for p in pipes[k + 1 :]}
        if pipes[k].op_before in (";", "\n") or (pipes[k].op_before == "&&" and ops_after <= {"&&"}):
            break
        k -= 1
    return pipes[k].start


def _same_set(state, sb) -> bool:
    """Every state change of the first RUN is a top-level `set` identical to the second
    RUN's first command."""
    pipes = pipelines(sb)
    if not pipes or len(pipes[0].commands) != 1:
        return False
    first = pipes[0].commands[0]
    words = [w.text for w in first.words]
    return first.program == "set" and all(
        c.program == "set" and not c.context and [w.text for w in c.words] == words for c in state
    )


def _options_harmless(state, sb) -> bool:
    """The first RUN only sets shell options (`set -eux -o pipefail`) that cannot change what
    the second RUN does: `-x`/`-v` only trace; `-e` changes nothing in one `&&`/`||` list of
    simple commands; `-u` nothing without parameters; `pipefail` nothing without pipes."""
    flags: set[str] = set()
    for c in state:
        if c.program != "set" or c.context:
            return False
        words = [w.value for w in c.args]
        for i, v in enumerate(words):
            if v is None:
                return False
            if re.fullmatch(r"-[euxv]*o?", v) and v != "-":
                flags |= set(v[1:]) - {"o"}
                if v.endswith("o"):
                    nxt = words[i + 1] if i + 1 < len(words) else None
                    if nxt not in ("pipefail", "errexit", "nounset", "xtrace", "verbose"):
                        return False
                    flags.add(nxt)
            elif not (i > 0 and words[i - 1] and words[i - 1].endswith("o")):
                return False
    text = sb.text
    if flags & {"u", "nounset"} and ("$" in text or "`" in text):
        return False
    if "pipefail" in flags and any(o.kind in ("|", "|&") for o in sb.operators):
        return False
    if flags & {"e", "errexit"} and (list_ops(sb) & {";", "\n", "&"} or any(c.context not in ((), ("pipeline",)) for c in sb.commands)):
        return False
    return True


def look(runs: list[Member], house: Callable[[], str | None]) -> tuple[bool, str]:
    """(leading operators, indentation) of the continuation lines the merge writes, so that
    the RUN it becomes reads in one style: that of its first RUN spanning several lines; when
    none does, trailing `&& \\` with the file's usual statement indentation."""
    for run in runs:
        style = chain_style(run.inst, run.part)
        if style.multiline:
            return style.leading_operator, statement_indent(run.inst, run.part) or house() or style.indent
    first = runs[0].inst
    return False, house() or re.match(r"[ \t]*", first.source[first.start :]).group(0) + "    "
