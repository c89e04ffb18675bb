"""DS201 merge-runs: merge RUNs where a layer that holds bytes is saved.

## What it does
Finds consecutive RUNs where merging saves bytes or costs nothing:
- a later RUN deletes files an earlier one made (`rm`, `find -delete`, a cache cleanup such
  as `apt-get clean` or `pip cache purge`), changes them (`chmod`, `chown`, `mv`, `sed -i`,
  `strip`, `>`/`>>`: a changed file is stored again), removes the packages it installed
  (`apt-get purge`, `apk del`, `pip uninstall`), or installs from the package lists an
  `apt-get update` above it downloaded;
- RUNs that each install or remove packages with the same OS package manager (apt-get/apt/
  dpkg, apk, dnf/yum/microdnf/rpm, zypper) and do nothing else but cheap commands: every such
  layer stores the package database again (`/var/lib/dpkg/status`, apt's and dpkg's logs,
  `/var/cache/debconf`, `/etc/ld.so.cache`; `/lib/apk/db`; `/var/lib/rpm`);
- RUNs of cheap configuration commands only (`mkdir`, `ln`, `touch`, `chmod`/`chown`,
  `useradd`/`groupadd`/`adduser`..., `echo`/`printf` into a file, `sed`, `rm`, `locale-gen`,
  `update-alternatives`, `ldconfig`, `debconf-set-selections`...), with each other or with
  the package manager's RUN right after them: they take a moment, so merging loses no build
  cache (the install after them runs again whenever they change anyway);
- a cheap RUN right after an install that rewrites files the install stored (`ldconfig`:
  `/etc/ld.so.cache`; `update-alternatives`: `/var/lib/dpkg/alternatives`; debconf's cache).

The RUNs from the nearest one it joins to the later one become one RUN, all at once: the
`RUN` keywords become continuations (`&& \\` then the commands, or `\\` then `&& commands`
when the first RUN uses leading operators), written in the style of the group's first RUN
that spans several lines (else with the file's usual indentation).

Not merged: two RUNs that each build or install something of their own with other tools
(`pip install` then `npm ci`, two `pip install -r`): each layer holds its bytes either way,
and apart they cache apart; a cheap RUN after an install whose files it does not touch
(merged, every change to it would install again). Nor RUNs with a blank line or a comment
between them: that marks a split the user wants, and a comment (a region tag such as
`# [START install]`, a commented-out `#RUN`) never goes inside a live RUN. Comment lines
inside the later RUN's continuation (after `RUN \\`) stay inside it.

## Why it makes the image smaller
Every RUN commits a layer holding every file it changed. Files that one RUN writes and a
later RUN deletes or changes (package lists, caches, build trees, archives, a binary made
executable, the package database, `/etc/passwd`) stay in the earlier layer; only in one RUN
can the cleanup actually remove them, and a file rewritten in one RUN is stored once.
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
  `&&` when they end in a plain `&&` list (a next RUN with a `;` or newline list is grouped:
  last in the `&&` list, the group keeps `-e` inside). A RUN whose only state change is
  `set -eux` (the official images' style) is joined when the next RUN starts with the same
  `set`, or when the options cannot change it (`-e`: one `&&`/`||` list of simple commands;
  `-u`: no parameters; `pipefail`: no pipes; `-x` only traces).
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

import posixpath
from collections.abc import Callable, Iterator
from functools import cache
from typing import NamedTuple

from ..optimizer.edits import merge_runs
from ..optimizer.findings import Applicability, Finding
from ..optimizer.model import Model, Stage
from ..optimizer.rules import Options, PassSpec, Phase
from ..optimizer.shell import Command
from ..optimizer.style import house_indent
from ..optimizer.syntax import Instruction
from . import _merge
from ._apt import docker_clean_active, done_after, is_update, reads_lists, removes_lists
from ._common import is_pip, sub
from ._deletions import creates, deletes_after, deletes_files, deletion
from ._layers import removes_path, under, word_paths
from ._merge import Member
from ._run_kinds import cheap, database_rewrites, manager_of, writes_database

SPEC = PassSpec(
    code="DS201",
    name="merge-runs",
    phase=Phase.STRUCTURE,
    summary="Merge a RUN into the RUN above when a layer holding bytes is saved",
    applicability=Applicability.SAFE,
    hadolint=("DL3059",),
)

OWN = {"DS201", "DL3059", "ALL"}
CHANGES = frozenset({"chmod", "chown", "chgrp", "mv", "strip"})  # a changed file is stored again
NOT_FILES = ("/dev", "/proc", "/sys")
ACCOUNTS = frozenset({"useradd", "groupadd", "adduser", "addgroup", "usermod", "groupmod", "userdel", "groupdel",
                      "deluser", "delgroup", "chpasswd"})
# (package managers, subcommands that remove, subcommands that install)
PACKAGES = (
    (frozenset({"apt-get", "apt", "aptitude"}), {"purge", "remove", "autoremove"}, {"install", "build-dep"}),
    (frozenset({"apk"}), {"del"}, {"add"}),
    (frozenset({"yum", "dnf", "microdnf"}), {"remove", "erase", "autoremove"}, {"install", "groupinstall"}),
)


def check(model: Model, options: Options) -> Iterator[Finding]:
    house = cache(lambda: house_indent(model.runs()))
    for stage in model.stages:
        for block in _blocks(model, stage):
            for first, last, why in _groups(stage, block):
                yield _finding(model, block[first : last + 1], why, house)


# --------------------------------------------------------------------------- which RUNs


def _member(model: Model, inst: Instruction) -> Member | None:
    if inst.kind != "RUN" or inst.heredocs:
        return None
    view = model.run(inst).readable  # None: exec form, a SHELL that is not POSIX, unreadable syntax
    if view is None or view.main is None or not view.main.script.commands:
        return None
    return Member(inst, view.main, view)


def _blocks(model: Model, stage: Stage) -> Iterator[list[Member]]:
    """Runs of readable RUNs with nothing between them: no other instruction, no blank line,
    no comment (either marks a split the user wants), the same flags, no pragma of this pass."""
    block: list[Member] = []
    for inst in stage.body:
        run = _member(model, inst)
        if block and (run is None or not _touch(model, block[-1].inst, inst)):
            if len(block) > 1:
                yield block
            block = []
        if run is not None:
            block.append(run)
    if len(block) > 1:
        yield block


def _touch(model: Model, a: Instruction, b: Instruction) -> bool:
    return not b.leading and sorted(f.text for f in a.flags) == sorted(f.text for f in b.flags) \
        and not model.run(a).suppressed & OWN


class _Files(NamedTuple):
    """What a RUN does to files: its commands, the absolute paths they may have made, the
    package tools it installs with, and for each command what it deletes (deletion targets;
    whether it deletes files at all) and the paths it rewrites."""

    commands: list[Command]
    made: set[str]
    installs_with: set[str]  # package tools (see _package_tool)
    acts: list[tuple[Command, list, bool, list[str]]]

    @classmethod
    def of(cls, run: Member) -> "_Files":
        cmds = [c for _, c in run.view.commands()]
        installs_with = {t for c in cmds if (t := _package_tool(c, removing=False))}
        return cls(cmds, _made_paths(cmds), installs_with, [(c, deletion(c) or [], deletes_files(c), _changed_paths(c)) for c in cmds])


def _groups(stage: Stage, block: list[Member]) -> Iterator[tuple[int, int, str]]:
    """(first, last, why) of each group: a RUN joins the nearest RUN above it that it has a
    reason to join (with every RUN between); groups that share a RUN become one."""
    spans: list[tuple[int, int, str]] = []
    files = [_Files.of(m) for m in block]  # once per RUN: every RUN is compared with each RUN above
    for j in range(1, len(block)):
        found = _joins(stage, block, files, j)
        if found is not None:
            k, why = found
            spans.append((k, j, f"RUN at line {block[j].inst.start_line} {why}"))
            while len(spans) > 1 and spans[-1][0] <= spans[-2][1]:
                last = spans.pop()
                spans[-1] = (min(spans[-1][0], last[0]), last[1], spans[-1][2])
    yield from spans


def _joins(stage: Stage, block: list[Member], files: list[_Files], j: int) -> tuple[int, str] | None:
    """The RUN above that block[j] joins (with every RUN between), and why: it deletes or
    changes that RUN's files, stores the same package database, or one of the two is cheap."""
    for k in range(j - 1, -1, -1):
        if why := _undoes(stage, block[k], files[k], files[j]):
            return k, why
    return _same_database(block, j) or _cheap_neighbour(block, j)


def _same_database(block: list[Member], j: int) -> tuple[int, str] | None:
    """The nearest RUN above that installs or removes packages with block[j]'s manager, when
    only that manager's work and cheap commands stand between."""
    manager = manager_of(block[j].view)
    if manager is None or not writes_database(block[j].view, manager):
        return None
    for k in range(j - 1, -1, -1):
        above = block[k].view
        if manager_of(above) == manager and writes_database(above, manager):
            return k, (f"installs or removes packages with {manager.name} like the RUN at line {block[k].inst.start_line}: "
                       f"every such layer stores the package database again ({manager.database}); merged, it is stored once")
        if manager_of(above) != manager and not cheap(above):
            return None
    return None


def _cheap_neighbour(block: list[Member], j: int) -> tuple[int, str] | None:
    """Two cheap RUNs; a cheap RUN and the package manager's RUN after it (which runs again
    whenever the cheap one changes); a cheap RUN that rewrites files the install above stored."""
    a, b, line = block[j - 1].view, block[j].view, block[j - 1].inst.start_line
    names, manager, above = cheap(a), manager_of(b), manager_of(a)
    if names and cheap(b):
        accounts = " (an account command rewrites /etc/passwd, /etc/group and /etc/shadow)" if ACCOUNTS & {*names, *cheap(b)} else ""
        return j - 1, (f"only runs cheap configuration commands ({', '.join(cheap(b))}), like the RUN at line {line}: "
                       f"merging costs no build cache, and each layer stores again the files its commands touch{accounts}")
    if names and manager is not None:
        return j - 1, (f"does {manager.name}'s work right after the RUN at line {line}, which only runs cheap "
                       f"configuration commands ({', '.join(names)}): merging saves that layer and costs no build "
                       "cache (this RUN runs again whenever that one changes)")
    if cheap(b) and above is not None and writes_database(a, above) and (files := database_rewrites(b, above)):
        return j - 1, f"rewrites {', '.join(files)}, which the install of the RUN at line {line} stored: the image stores them twice"
    return None


def _undoes(stage: Stage, above: Member, before: _Files, after: _Files) -> str | None:
    """What a RUN (`after`: its files) does to the files `above` (`before`) made, in words, or
    None when it leaves them alone."""
    made_by, line = before.commands, above.inst.start_line
    for c, targets, deletes, changed in after.acts:
        for t in targets:
            if t.kind != "path" and any(creates(x, t) for x in made_by) and not deletes_after(above.view, t) \
                    and not (t.kind == "apt-cache" and docker_clean_active(stage, above.inst)):
                return f"deletes files that the RUN at line {line} made: they stay in its layer"
        if deletes and any(
            removes_path(c, p, None) or any(t.kind == "path" and p != "/" and under(t.path, p) for t in targets)
            for p in before.made
        ):
            return f"deletes files that the RUN at line {line} made: they stay in its layer"
        if any(under(p, o) or (p != "/" and under(o, p)) for o in changed for p in before.made):
            return f"changes files that the RUN at line {line} made: the image stores them twice"
        if _package_tool(c, removing=True) in before.installs_with:
            return f"removes packages that the RUN at line {line} installed: they stay in its layer"
    if any(is_update(x) for x in made_by) and not done_after(above.view, is_update, removes_lists):
        for c in after.commands:
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


def _package_tool(c: Command, *, removing: bool) -> str | None:
    """The package tool (pip, or a family of PACKAGES) that `c` installs packages with, or
    removes them with when `removing`."""
    act = sub(c)
    if is_pip(c):
        return "pip" if act == ("uninstall" if removing else "install") else None
    return next((min(tools) for tools, removes, installs in PACKAGES
                 if c.program in tools and act in (removes if removing else installs)), None)


# --------------------------------------------------------------------------- the finding


def _finding(model: Model, runs: list[Member], why: str, house: Callable[[], str | None]) -> Finding:
    first, last = runs[0].inst, runs[-1].inst
    target = "it into the RUN above" if len(runs) == 2 else f"the RUNs at lines {first.start_line}-{last.start_line} into one"
    message = f"{why}; merge {target}"
    span = (runs[1].inst.start, last.rest_span[1])
    run = model.run(first)
    plans = "a pragma stands above the first RUN: merging would put the others under it" if run.suppressed \
        else _merge.plan(runs, run.errexit)
    if isinstance(plans, str):
        return SPEC.report(span, f"{message} (not merged automatically: {plans})")
    leading, indent = _merge.look(runs, house)
    edits = merge_runs([r.part for r in runs], plans, leading=leading, indent=indent)
    return SPEC.report(span, message, SPEC.fix("Merge into one RUN", *edits))
