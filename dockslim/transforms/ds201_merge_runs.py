"""DS201 merge-runs: consecutive RUN instructions each add a layer; merge them into one.

## What it does
Finds a RUN that directly follows another RUN (only comment or blank lines between them) and
joins it to the one above: its `RUN` keyword becomes a continuation (`&& \\` then the
commands, or `\\` then `&& commands` when the RUN above uses leading operators). Comment
lines that stood between the two, or between the second `RUN [flags] \\` and its first
command, move into the continuation exactly as written (BuildKit skips a comment line at any
indentation there). A chain of three or more RUNs is merged pair by pair until one RUN
remains; every merge of a chain writes its new lines in the style of the chain's first RUN
that spans several lines (leading or trailing `&&`, its statement indentation, tabs or
spaces), else with the indentation the file's other RUNs use.

## Why it makes the image smaller
Every RUN commits a layer holding every file it changed. Files that one RUN writes and a
later RUN deletes or rewrites (package lists, caches, build trees, archives) stay in the
earlier layer; only in one RUN can the cleanup actually remove them. Merging is also what
lets the cleanup passes (DS1xx, DS202, DS203) put the cleanup where it counts.

## Example
    RUN apt-get update
    # the compiler
    RUN apt-get install -y gcc
becomes
    RUN apt-get update && \\
    # the compiler
        apt-get install -y gcc

## Fix safety
Safe: the merged RUN runs the same commands, in the same order, and fails when either RUN
would have failed.
- The second RUN is grouped (`{ ...; }`) when it has a top-level `;`, `||`, `&` or newline
  list, so that `a && b || c` cannot run `c` after the first RUN failed. The first RUN needs
  no group: `x; y && next` already runs `next` only when `y`, its last command, succeeded.
- When the first RUN changes the shell itself (`cd`, `export`, `set`, `source`/`.`, `umask`,
  `shopt`, `alias`, `unset`, `pushd`/`popd`, `trap`, `ulimit`, `declare`/`typeset`, `exec`,
  `exit`, a function definition or a bare `VAR=value`), it runs in a subshell
  `( ... ) && next`, so nothing of it reaches the second RUN's commands.
- Under `set -e` (a `set -e` in the first RUN or `-e` in SHELL) a group or subshell on the
  left of `&&` would switch `-e` off inside it. Then the RUNs are joined with `;` when the
  first RUN's last command stands alone (its failure stops the script), or with `&&` when
  it ends in a plain `&&` list and the second RUN is one `&&`/`||` list. A first RUN whose
  only state change is `set -eux` (the official images' style) is joined when the second
  RUN starts with the same `set`, or when the options cannot change it (`-e`: one
  `&&`/`||` list of simple commands; `-u`: no parameters; `pipefail`: no pipes; `-x`
  only traces). Otherwise the finding has no fix.

Left alone (no finding): different flags (`--mount`, `--network`, `--security`; hadolint's
DL3059 is quiet then too), exec-form (JSON) RUNs, heredoc RUNs, a SHELL that is not a POSIX
shell, shell syntax that cannot be parsed, and a `# dockslim: ignore=DS201` (or
`# hadolint ignore=DL3059`) above either RUN, the way to keep layers apart on purpose.
Reported without a fix: a first RUN that starts a background job (`&`), text after its last
command (a trailing shell comment), and different pragmas above the two RUNs (merging would
change what they cover).

## How verify shows it
The image has one layer fewer per merge; the size drops when the second RUN deleted or
rewrote files of the first (the deleted files no longer sit in the earlier layer).

## Related hadolint rule
DL3059 (Multiple consecutive `RUN` instructions. Consider consolidation.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Callable, Iterator

from ..optimizer.findings import Applicability, Edit, Finding, Fix
from ..optimizer.model import Model, Stage
from ..optimizer.pipeline import suppressed_codes
from ..optimizer.rules import Options, PassSpec, Phase
from ..optimizer.scriptfacts import (
    has_background,
    last_list,
    list_ops,
    may_set_errexit,
    pipelines,
    posix_shell,
    shell_errexit,
)
from ..optimizer.shellview import ShellPart
from ..optimizer.style import chain_style, house_indent, statement_indent
from ..optimizer.syntax import Instruction
from ._layers import state_commands

SPEC = PassSpec(
    code="DS201",
    name="merge-runs",
    phase=Phase.STRUCTURE,
    summary="Merge consecutive RUN instructions into one layer",
    applicability=Applicability.SAFE,
    hadolint=("DL3059",),
)

OWN = {"DS201", "DL3059", "ALL"}
_TAIL = re.compile(r"[ \t]*;?[ \t]*(\r?\n)?")


def check(model: Model, options: Options) -> Iterator[Finding]:
    house = cache(lambda: house_indent(i for st in model.stages for i in st.body))
    for stage in model.stages:
        judged = [
            _judge(stage, a, b) for a, b in zip(stage.body, stage.body[1:]) if a.kind == "RUN" and b.kind == "RUN"
        ]
        judged = [j for j in judged if j is not None]
        for chain in _chains(judged):
            look = _chain_look(chain, house)
            for j in chain:
                yield _finding(j, look)


@dataclass(frozen=True)
class _Pair:
    """Two consecutive RUNs and how they merge: `plan` is (operator, group the second RUN,
    script offset where a subshell opens) or why they are not merged automatically."""

    a: Instruction
    b: Instruction
    pa: ShellPart
    pb: ShellPart
    plan: tuple[str, bool, int | None] | str
    links: bool  # gets a fix that counts: part of a chain of RUNs that become one


def _judge(stage: Stage, a: Instruction, b: Instruction) -> _Pair | None:
    shell = stage.shell_for(a)
    if not posix_shell(shell) or a.is_json or b.is_json or a.heredocs or b.heredocs:
        return None
    if sorted(f.text for f in a.flags) != sorted(f.text for f in b.flags):
        return None
    va, vb = a.shell, b.shell
    if va is None or vb is None or not va.ok or not vb.ok:
        return None
    pa, pb = va.main, vb.main
    if pa is None or pb is None or not pa.script.commands or not pb.script.commands:
        return None
    codes_a, codes_b = suppressed_codes(a), suppressed_codes(b)
    if codes_a & OWN:
        return None  # the pipeline checks the pragma above `b`, where the finding starts
    plan = _plan(shell, a, pa, pb) if codes_a == codes_b else "different pragmas stand above the two RUNs"
    if not isinstance(plan, str) and not _TAIL.fullmatch(a.source, pa.src_end(pa.script.end_of_last_command), a.end):
        plan = "text follows the last command"  # e.g. a trailing shell comment: joining would comment out the rest
    return _Pair(a, b, pa, pb, plan, not isinstance(plan, str) and not codes_b & OWN)


def _chains(judged: list[_Pair]) -> Iterator[list[_Pair]]:
    """The pairs grouped into chains of RUNs that merge into one (a pair without a fix alone)."""
    chain: list[_Pair] = []
    for j in judged:
        if chain and not (j.links and chain[-1].links and chain[-1].b is j.a):
            yield chain
            chain = []
        chain.append(j)
    if chain:
        yield chain


def _chain_look(chain: list[_Pair], house: Callable[[], str | None]) -> tuple[bool, str]:
    """(leading operators, indentation) of the continuation lines every merge of a chain writes,
    so that the RUN it becomes reads in one style: that of its first RUN spanning several lines;
    when none does, trailing `&& \\` with the file's usual statement indentation."""
    runs = [(chain[0].a, chain[0].pa)] + [(j.b, j.pb) for j in chain]
    for inst, part in runs:
        style = chain_style(inst, part)
        if style.multiline:
            return style.leading_operator, statement_indent(inst, part) or house() or style.indent
    first = chain[0].a
    return False, house() or re.match(r"[ \t]*", first.source[first.start :]).group(0) + "    "


def _finding(j: _Pair, look: tuple[bool, str]) -> Finding:
    a, b = j.a, j.b
    message = f"RUN at line {b.start_line} adds a layer of its own: merge it into the RUN above"
    start, end = b.start, b.rest_span[1]
    if isinstance(j.plan, str):
        return Finding(SPEC.code, f"{message} (not merged automatically: {j.plan})", start, end)
    edits = _edits(a, j.pa, b, j.pb, *j.plan, *look)
    return Finding(SPEC.code, message, start, end, Fix("Merge into the RUN above", Applicability.SAFE, edits))


def _plan(shell, a: Instruction, pa: ShellPart, pb: ShellPart) -> tuple[str, bool, int | None] | str:
    """(operator, group the second RUN, script offset where a subshell must open), or why not."""
    sa, sb = pa.script, pb.script
    if has_background(sa):
        return "the RUN above starts a background job, which would keep running"
    state = state_commands(sa)
    errexit = shell_errexit(shell) or may_set_errexit(sa)
    if state and (_same_set(state, sb) or _options_harmless(state, sb)):
        state = []  # the second RUN sets the same options, or they change nothing in it
    b_ops = list_ops(sb)
    brace = bool(b_ops & {";", "\n", "||", "&"})
    if not errexit:
        return "&&", brace, _subshell_from(sa, state) if state else None
    if state:
        what = " ".join(w.text for w in state[0].words)
        return f"the RUN above changes shell state (`{what}`) and `set -e` is in effect"
    tail = last_list(pipelines(sa))
    semi_ok = len(tail) == 1 and not tail[0].negated
    and_ok = not any(p.compound for p in tail) and not b_ops & {";", "\n", "&"}
    prefer = chain_style(a, pa).separator
    for op, ok in sorted((("&&", and_ok), (";", semi_ok)), key=lambda x: x[0] != prefer):
        if ok:
            return op, brace and op == "&&", None
    return "under `set -e` the RUN above cannot be joined without changing which failures stop the build"


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


def _edits(
    a: Instruction, pa: ShellPart, b: Instruction, pb: ShellPart, op: str, brace: bool, subshell: int | None,
    leading: bool, indent: str,
):
    src = a.source
    p = pa.src_end(pa.script.end_of_last_command)
    leading = leading and op == "&&"
    nl, esc = a.line_ending or "\n", a.escape
    comments = "".join(_comment_lines(b))
    if leading:
        join = f" {esc}{nl}{comments}{indent}{op} "
    else:
        join = f"{' ' if op == '&&' else ''}{op} {esc}{nl}{comments}{indent}"
    edits = [Edit(p, b.rest_span[0], (" )" if subshell is not None else "") + join + ("{ " if brace else ""))]
    if subshell is not None:
        edits.append(Edit.insert(pa.src(subshell), "( "))
    q = pb.src_end(pb.script.end_of_last_command)
    semi = re.match(r"[ \t]*;", src[q : b.end])
    if brace:
        edits.append(Edit.insert(q + semi.end(), " }") if semi else Edit.insert(q, "; }"))
    else:
        # an empty edit that claims the end of the second RUN: the merge of the next pair
        # starts there, so a chain merges top-down, one pair per round, and groups never nest
        edits.append(Edit.insert(q, ""))
    return tuple(edits)


def _comment_lines(b: Instruction) -> list[str]:
    """The comment lines the merge moves into the continuation, byte for byte with their line
    endings (BuildKit skips a comment line at any indentation there): those above the second
    RUN and those between its `RUN [flags] \\` and its first command. Blank lines are dropped
    (an empty continuation line draws a BuildKit warning)."""
    lines = b.source[b.leading_start : b.rest_span[0]].splitlines(keepends=True)
    return [ln for ln in lines if ln.lstrip().startswith("#") and ln.endswith("\n")]
