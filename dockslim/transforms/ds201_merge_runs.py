"""DS201 merge-runs: a RUN that deletes or changes what the RUN right above it made.

## What it does
Finds consecutive RUNs where merging saves bytes: a later RUN deletes files an earlier one
made (`rm`, `find -delete`, a cache cleanup such as `apt-get clean` or `pip cache purge`),
changes them (`chmod`, `chown`, `mv`, `sed -i`, `strip`, `>`/`>>`: a changed file is stored
again), removes the packages it installed (`apt-get purge`, `apk del`, `pip uninstall`), or
installs from the package lists an `apt-get update` above it downloaded. The RUNs from the
nearest one that made the files to the one that undoes them become one RUN, all at once:
the `RUN` keywords become continuations (`&& \\` then the commands, or `\\` then
`&& commands` when the first RUN uses leading operators), written in the style of the
group's first RUN that spans several lines (else with the file's usual indentation).

Two RUNs that each install or build something of their own are not merged: each layer holds
its bytes either way, and apart they cache apart. Nor are RUNs with a blank line or a comment
between them: that marks a split the user wants, and a comment (a region tag such as
`# [START install]`, a commented-out `#RUN`) never goes inside a live RUN. Comment lines
inside the later RUN's continuation (after `RUN \\`) stay inside it.

## Why it makes the image smaller
Every RUN commits a layer holding every file it changed. Files that one RUN writes and a
later RUN deletes or changes (package lists, caches, build trees, archives, a binary made
executable) stay in the earlier layer; only in one RUN can the cleanup actually remove them.
Merging is also what lets the cleanup passes (DS1xx, DS202, DS203) put the cleanup where it
counts.

## Example
    RUN apt-get update && apt-get install -y gcc && make -C /usr/src/app
    RUN apt-get purge -y --auto-remove gcc && rm -rf /usr/src/app
becomes
    RUN apt-get update && apt-get install -y gcc && make -C /usr/src/app && \\
        apt-get purge -y --auto-remove gcc && rm -rf /usr/src/app

## Fix safety
Safe: the merged RUN runs the same commands, in the same order, and fails when any RUN
would have failed.
- A later RUN is grouped (`{ ...; }`) when it has a top-level `;`, `||`, `&` or newline
  list, so that `a && b || c` cannot run `c` after an earlier RUN failed. Groups never nest:
  the whole group is written in one edit.
- When a RUN changes the shell itself (`cd`, `export`, `set`, `source`/`.`, `umask`,
  `shopt`, `alias`, `unset`, `pushd`/`popd`, `trap`, `ulimit`, `declare`/`typeset`, `exec`,
  `exit`, a function definition or a bare `VAR=value`), it runs in a subshell
  `( ... ) && next`, so nothing of it reaches the later RUNs' commands.
- Under `set -e` (a `set -e` in an earlier RUN or `-e` in SHELL) a group or subshell on the
  left of `&&` would switch `-e` off inside it. Then the RUNs are joined with `;` when the
  commands before end in a command standing alone (its failure stops the script), or with
  `&&` when they end in a plain `&&` list and the next RUN is one `&&`/`||` list. A RUN whose
  only state change is `set -eux` (the official images' style) is joined when the next RUN
  starts with the same `set`, or when the options cannot change it (`-e`: one `&&`/`||`
  list of simple commands; `-u`: no parameters; `pipefail`: no pipes; `-x` only traces).
  Otherwise the finding has no fix.

Left alone (no finding): RUNs with a blank line, a comment or another instruction between
them, different flags (`--mount`, `--network`, `--security`; hadolint's DL3059 is quiet then
too), exec-form (JSON) RUNs, heredoc RUNs, a SHELL that is not a POSIX shell, shell syntax
that cannot be parsed, stages whose layers do not reach the image (a builder only copied
from), and a `# dockslim: ignore=DS201` (or `# hadolint ignore=DL3059`) above the first RUN.
Reported without a fix: a RUN that starts a background job (`&`), text after a RUN's last
command (a trailing shell comment), and another pragma above the first RUN (merging would
put the others under it).

## How verify shows it
The image has one layer fewer per merged RUN; the size drops by the files the later RUN
deleted (no longer in the earlier layer) or the copies of the files it changed.

## Related hadolint rule
DL3059 (Multiple consecutive `RUN` instructions. Consider consolidation.)
"""

from __future__ import annotations

import posixpath
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
from ..optimizer.shell import Command, Script
from ..optimizer.shellview import ShellPart
from ..optimizer.style import chain_style, house_indent, statement_indent
from ..optimizer.syntax import Instruction
from ._apt import docker_clean_active, done_after, is_update, reads_lists, removes_lists
from ._common import is_pip, sub
from ._deletions import creates, deletes_after, deletes_files, deletion
from ._layers import removes_path, state_commands, under, word_paths

SPEC = PassSpec(
    code="DS201",
    name="merge-runs",
    phase=Phase.STRUCTURE,
    summary="Merge a RUN into the RUN above whose files it deletes or changes",
    applicability=Applicability.SAFE,
    hadolint=("DL3059",),
)

OWN = {"DS201", "DL3059", "ALL"}
_TAIL = re.compile(r"[ \t]*;?[ \t]*(\r?\n)?")
CHANGES = frozenset({"chmod", "chown", "chgrp", "mv", "strip"})  # a changed file is stored again
NOT_FILES = ("/dev", "/proc", "/sys")
# (package managers, subcommands that remove, subcommands that install)
PACKAGES = (
    (frozenset({"apt-get", "apt", "aptitude"}), {"purge", "remove", "autoremove"}, {"install", "build-dep"}),
    (frozenset({"apk"}), {"del"}, {"add"}),
    (frozenset({"yum", "dnf", "microdnf"}), {"remove", "erase", "autoremove"}, {"install", "groupinstall"}),
)


@dataclass(frozen=True)
class _Run:
    inst: Instruction
    part: ShellPart


@dataclass(frozen=True)
class _Group:
    """Consecutive RUNs that become one: files made in one are deleted or changed in a later one."""

    runs: list[_Run]
    why: str  # what a RUN of the group does to the files of one above it


def check(model: Model, options: Options) -> Iterator[Finding]:
    house = cache(lambda: house_indent(i for st in model.stages for i in st.body))
    for stage in model.stages:
        for block in _blocks(stage):
            for group in _groups(stage, block):
                yield _finding(stage, group, house)


# --------------------------------------------------------------------------- which RUNs


def _readable(stage: Stage, inst: Instruction) -> _Run | None:
    if inst.kind != "RUN" or inst.is_json or inst.heredocs or not posix_shell(stage.shell_for(inst)):
        return None
    view = inst.shell
    if view is None or not view.ok or view.main is None or not view.main.script.commands:
        return None
    return _Run(inst, view.main)


def _blocks(stage: Stage) -> Iterator[list[_Run]]:
    """Runs of readable RUNs with nothing between them: no other instruction, no blank line,
    no comment (either marks a split the user wants), the same flags, no pragma of this pass."""
    block: list[_Run] = []
    for inst in stage.body:
        run = _readable(stage, inst)
        if block and (run is None or not _touch(block[-1].inst, inst)):
            if len(block) > 1:
                yield block
            block = []
        if run is not None:
            block.append(run)
    if len(block) > 1:
        yield block


def _touch(a: Instruction, b: Instruction) -> bool:
    return not b.leading and sorted(f.text for f in a.flags) == sorted(f.text for f in b.flags) \
        and not suppressed_codes(a) & OWN


def _groups(stage: Stage, block: list[_Run]) -> Iterator[_Group]:
    """Each RUN that deletes or changes files of an earlier RUN of the block joins the nearest
    such RUN with every RUN between; groups that share a RUN become one."""
    spans: list[tuple[int, int, str]] = []
    for j in range(1, len(block)):
        found = next(((k, why) for k in range(j - 1, -1, -1) if (why := _undoes(stage, block[k].inst, block[j].inst))), None)
        if found is not None:
            k, why = found
            spans.append((k, j, f"RUN at line {block[j].inst.start_line} {why}"))
            while len(spans) > 1 and spans[-1][0] <= spans[-2][1]:
                last = spans.pop()
                spans[-1] = (min(spans[-1][0], last[0]), last[1], spans[-1][2])
    for s, e, why in spans:
        yield _Group(block[s : e + 1], why)


def _undoes(stage: Stage, a: Instruction, b: Instruction) -> str | None:
    """What `b` does to the files `a` made, in words, or None when it leaves them alone."""
    made_by = [c for _, c in a.shell.commands()]
    made = _made_paths(made_by)
    line = a.start_line
    for _, c in b.shell.commands():
        targets = deletion(c) or []
        for t in targets:
            if t.kind != "path" and any(creates(x, t) for x in made_by) and not deletes_after(a.shell, t) \
                    and not (t.kind == "apt-cache" and docker_clean_active(stage, a)):
                return f"deletes files that the RUN at line {line} made: they stay in its layer"
        if deletes_files(c) and any(
            removes_path(c, p, None) or any(t.kind == "path" and p != "/" and under(t.path, p) for t in targets)
            for p in made
        ):
            return f"deletes files that the RUN at line {line} made: they stay in its layer"
        if any(under(p, o) or (p != "/" and under(o, p)) for o in _changed_paths(c) for p in made):
            return f"changes files that the RUN at line {line} made: the image stores them twice"
        if _removes_packages(c, made_by):
            return f"removes packages that the RUN at line {line} installed: they stay in its layer"
    if any(is_update(x) for x in made_by) and not done_after(a.shell, is_update, removes_lists):
        for _, c in b.shell.commands():
            if is_update(c):
                break
            if reads_lists(c):
                return f"installs from the package lists that the RUN at line {line} downloaded: they stay in its layer"
    return None


def _made_paths(cmds: list[Command]) -> set[str]:
    """Absolute paths the commands name (and do not delete again): what they may have made."""
    alive: set[str] = set()
    for c in cmds:
        alive = {p for p in alive if not removes_path(c, p, None)}
        if not deletes_files(c):
            alive |= {posixpath.normpath(v) for v in word_paths(c) if v.startswith("/")}
    return {p for p in alive if not any(under(p, root) for root in NOT_FILES)}


def _changed_paths(c: Command) -> list[str]:
    """Absolute paths the command rewrites: operands of chmod, chown, mv, strip, `sed -i`, and
    the files its output is redirected to."""
    values = [w.value or "" for w in c.args]
    out = [r.target.value for r in c.redirects if r.target is not None and r.target.value and r.op in (">", ">>", ">|", "&>", "&>>")]
    if c.program in CHANGES or (c.program == "sed" and any(v.startswith("-i") or v == "--in-place" for v in values)):
        out += [w.value for w in c.operands(after_subcommand=False) if w.value]
    return [posixpath.normpath(v) for v in out if v.startswith("/") and not any(under(v, root) for root in NOT_FILES)]


def _removes_packages(c: Command, made_by: list[Command]) -> bool:
    act = sub(c)
    if is_pip(c) and act == "uninstall":
        return any(is_pip(x) and sub(x) == "install" for x in made_by)
    return any(
        c.program in tools and act in removing and any(x.program in tools and sub(x) in installing for x in made_by)
        for tools, removing, installing in PACKAGES
    )


# --------------------------------------------------------------------------- how they join


@dataclass(frozen=True)
class _Tail:
    """The last and-or list of the RUNs joined so far: its length, whether a compound
    statement is in it, whether its only pipeline is negated."""

    length: int
    compound: bool
    negated: bool

    @classmethod
    def of(cls, pipes) -> "_Tail":
        return cls(len(pipes), any(p.compound for p in pipes), bool(pipes) and pipes[0].negated)


def _plan(stage: Stage, runs: list[_Run]) -> list[tuple[str, bool, int | None]] | str:
    """For each RUN after the first: (operator, group it, script offset where a subshell opens
    in the RUN before it), or why the group is not merged automatically."""
    shell = stage.shell_for(runs[0].inst)
    if suppressed_codes(runs[0].inst):
        return "a pragma stands above the first RUN: merging would put the others under it"
    errexit = shell_errexit(shell)
    pending: list[Command] = []  # `set` options of earlier RUNs, still in effect
    tail = _Tail.of(last_list(pipelines(runs[0].part.script)))
    plans: list[tuple[str, bool, int | None]] = []
    for left, right in zip(runs, runs[1:]):
        a, pa, sa, sb = left.inst, left.part, left.part.script, right.part.script
        where = f"the RUN at line {a.start_line}"
        if not _TAIL.fullmatch(a.source, pa.src_end(sa.end_of_last_command), a.end):
            return f"text follows the last command of {where}"  # a trailing shell comment would swallow the rest
        if has_background(sa):
            return f"{where} starts a background job, which would keep running"
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
                what = " ".join(w.text for w in state[0].words)
                return f"{where} changes shell state (`{what}`) and `set -e` is in effect"
            subshell = _subshell_from(sa, own)
        if errexit:
            semi_ok = tail.length == 1 and not tail.negated
            and_ok = not tail.compound and not b_ops & {";", "\n", "&"}
            prefer = chain_style(a, pa).separator
            choice = next((op for op, ok in sorted((("&&", and_ok), (";", semi_ok)), key=lambda x: x[0] != prefer) if ok), None)
            if choice is None:
                return f"under `set -e` {where} cannot be joined without changing which failures stop the build"
            plan = (choice, brace and choice == "&&", None)
        else:
            plan = ("&&", brace, subshell)
        plans.append(plan)
        tail = _then(tail, plan, sb)
    return plans


def _then(tail: _Tail, plan: tuple[str, bool, int | None], sb: Script) -> _Tail:
    """The last and-or list once the next RUN joins as planned."""
    op, brace, subshell = plan
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


# --------------------------------------------------------------------------- the edits


def _finding(stage: Stage, group: _Group, house: Callable[[], str | None]) -> Finding:
    runs = group.runs
    first, last = runs[0].inst, runs[-1].inst
    target = "it into the RUN above" if len(runs) == 2 else f"the RUNs at lines {first.start_line}-{last.start_line} into one"
    message = f"{group.why}; merge {target}"
    start, end = runs[1].inst.start, last.rest_span[1]
    plans = _plan(stage, runs)
    if isinstance(plans, str):
        return Finding(SPEC.code, f"{message} (not merged automatically: {plans})", start, end)
    edits = _edits(runs, plans, *_look(runs, house))
    return Finding(SPEC.code, message, start, end, Fix("Merge into one RUN", Applicability.SAFE, edits))


def _look(runs: list[_Run], house: Callable[[], str | None]) -> tuple[bool, str]:
    """(leading operators, indentation) of the continuation lines the merge writes, so that
    the RUN it becomes reads in one style: that of its first RUN spanning several lines; when
    none does, trailing `&& \\` with the file's usual statement indentation."""
    for run in runs:
        style = chain_style(run.inst, run.part)
        if style.multiline:
            return style.leading_operator, statement_indent(run.inst, run.part) or house() or style.indent
    first = runs[0].inst
    return False, house() or re.match(r"[ \t]*", first.source[first.start :]).group(0) + "    "


def _edits(runs: list[_Run], plans, leading: bool, indent: str) -> tuple[Edit, ...]:
    """One edit per junction (from the end of a RUN's last command to the next RUN's first
    command) and the openings of subshells: the whole group at once, so groups never nest."""
    edits = []
    for i, (left, right) in enumerate(zip(runs, runs[1:])):
        op, brace, subshell = plans[i]
        a, pa, b = left.inst, left.part, right.inst
        nl, esc = a.line_ending or "\n", a.escape
        comments = "".join(_comment_lines(b))
        if leading and op == "&&":
            join = f" {esc}{nl}{comments}{indent}{op} "
        else:
            join = f"{' ' if op == '&&' else ''}{op} {esc}{nl}{comments}{indent}"
        close = (" )" if subshell is not None else "") + ("; }" if i > 0 and plans[i - 1][1] else "")
        p = pa.src_end(pa.script.end_of_last_command)
        edits.append(Edit(p, b.rest_span[0], close + join + ("{ " if brace else "")))
        if subshell is not None:
            edits.append(Edit.insert(pa.src(subshell), "( "))
    last = runs[-1]
    q = last.part.src_end(last.part.script.end_of_last_command)
    if plans[-1][1]:
        semi = re.match(r"[ \t]*;", last.inst.source[q : last.inst.end])
        edits.append(Edit.insert(q + semi.end(), " }") if semi else Edit.insert(q, "; }"))
    else:
        edits.append(Edit.insert(q, ""))  # claims the end of the group, so no other fix joins it this round
    return tuple(edits)


def _comment_lines(b: Instruction) -> list[str]:
    """The comment lines between a later RUN's `RUN [flags] \\` and its first command, which
    stay inside the merged RUN byte for byte with their line endings (BuildKit skips a comment
    line at any indentation there). Blank lines are dropped (an empty continuation line draws
    a BuildKit warning)."""
    lines = b.source[b.leading_start : b.rest_span[0]].splitlines(keepends=True)
    return [ln for ln in lines if ln.lstrip().startswith("#") and ln.endswith("\n")]
