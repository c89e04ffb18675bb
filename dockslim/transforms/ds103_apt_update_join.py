"""DS103 apt-update-join: `apt-get update` in a RUN of its own, apart from the install.

## What it does
Finds a RUN whose only job is `apt-get update` (or `apt update`, with `-q`/`-qq`/`-y`, `sudo`
or a `DEBIAN_FRONTEND=...` prefix) and joins it to the RUN that installs: the update RUN is
deleted and its command put in front of the install RUN's script, which keeps its own
formatting. Comment lines that stood above or between the two RUNs are kept, above the joined
RUN.

    RUN apt-get update -qq && apt-get install -y curl

The update goes in front as `apt-get update &&` when the install RUN is a chain of `&&`, as
a statement of its own right after a leading `set -eux;` (or `set -e` line of a heredoc) or
under a SHELL with `-e`, and otherwise as `apt-get update && { ...; }` around the install
RUN's script (`a; b` or `a || b`), so that a failing update still fails the build and the
script runs as before. When the install RUN already starts with its own
`apt-get update`, the update RUN is only deleted.

## Why it makes the image smaller
The lists the lone update downloads (20–50 MB) stay in its layer for good: no later RUN can
remove them from it. Joined, the install RUN holds the lists, and DS102 removes them in that
same layer. It also fixes a real bug: the build cache reuses the `RUN apt-get update` layer
when the install line changes, so the install runs on stale lists and fails with "Unable to
locate package" or installs old versions.

## Example
    RUN apt-get update
    RUN apt-get install -y curl
becomes
    RUN apt-get update && apt-get install -y curl

## Fix safety
Safe when the install RUN is the next RUN of the stage with the same flags (`--mount`,
`--network`, ...) and the same SHELL, and only comment lines, blank lines or instructions that
only set image metadata (LABEL, EXPOSE, STOPSIGNAL, HEALTHCHECK, CMD, ENTRYPOINT, MAINTAINER,
ONBUILD) stand between them: the same commands then run in the same order and environment.
Unsafe when ENV, ARG, WORKDIR, COPY, ADD or VOLUME stand between: the update then runs after
them, and they may change what it does (a proxy variable, a sources list, an apt
configuration). Deleting an update RUN whose next RUN updates again first is safe: that update
rewrites the lists anyway (unless it is pointed at some sources only, `-o
Dir::Etc::sourcelist=...`: then the update is joined in front of it).

No fix, only the finding, when the next RUN does not install, has other flags or another
SHELL, a USER or SHELL instruction stands between them, the update is the last RUN of its
stage, or the install RUN's script cannot take a command in front (it starts a background
job with `&`). Add `apt-get update &&` to the install RUN yourself.

## How verify shows it
The image has one layer fewer; the size of /var/lib/apt/lists disappears from the layer list
once DS102 has cleaned the joined RUN.

## Related hadolint rule
DL3059 (Multiple consecutive RUN instructions); the lone update is also what DL3009 reports.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..optimizer.edits import delete_instruction, delete_lines, prepend
from ..optimizer.findings import Applicability, Edit, Finding
from ..optimizer.model import Model
from ..optimizer.rules import Options, PassSpec, Phase
from ..optimizer.shell import Command
from ..optimizer.shellview import ShellPart
from ..optimizer.syntax import Instruction
from ._apt import (
    LISTS,
    mounted,
    reads_lists,
    unconditional,
    update_only,
    updates_every_list,
    visible,
)

SPEC = PassSpec(
    code="DS103",
    name="apt-update-join",
    phase=Phase.STRUCTURE,
    summary="Join a RUN that only runs apt-get update to the RUN that installs",
    applicability=Applicability.UNSAFE,
    hadolint=("DL3059",),
)

# instructions that only set image metadata: a RUN does not see them
METADATA = frozenset({"LABEL", "EXPOSE", "STOPSIGNAL", "HEALTHCHECK", "CMD", "ENTRYPOINT", "MAINTAINER", "ONBUILD"})
# instructions that change how the next RUN runs its commands
BLOCKING = frozenset({"USER", "SHELL"})


def check(model: Model, options: Options) -> Iterator[Finding]:
    for stage in model.stages:
        for i, inst in enumerate(stage.body):
            update = update_only(stage.run(inst)) if inst.kind == "RUN" else None
            if update is None:
                continue
            between, target = [], None
            for other in stage.body[i + 1 :]:
                if other.kind == "RUN":
                    target = other
                    break
                between.append(other)
            yield judge(model, inst, update, between, target)


def judge(model: Model, inst: Instruction, update: Command, between: list, target: Instruction | None) -> Finding:
    part = model.run(inst).view.parts[0]
    start, end = part.span(update)
    message = (
        f"`{update.program} update` runs alone in its RUN: its lists stay in that layer, and the build cache "
        "can reuse the layer when the install changes, so the install sees stale lists"
    )

    def no_fix(why: str) -> Finding:
        return SPEC.report((start, end), f"{message}; not joined: {why}")

    if target is None:
        return no_fix("no later RUN in the stage")
    view = model.run(target).readable
    if view is None or len(view.parts) != 1:
        return no_fix(f"the RUN at line {target.start_line} cannot be read")
    first = next(
        (cmd for _, cmd in view.commands() if (updates_every_list(cmd) and unconditional(cmd)) or (reads_lists(cmd) and visible(cmd))),
        None,
    )
    if first is None:
        return no_fix(f"the next RUN (line {target.start_line}) does not install")
    if has_comments(inst, part, part.script.text[update.start : update.end]):
        return no_fix("the update RUN carries comments that joining would drop")
    moved = move_update_run(inst, target, between)
    if updates_every_list(first) and not mounted(target, LISTS):
        fix = SPEC.fix("Delete the redundant update RUN", *moved, applicability=Applicability.SAFE)
        return SPEC.report((start, end), f"{message}; the next RUN updates again first", fix)
    if tuple(f.text for f in inst.flags) != tuple(f.text for f in target.flags):
        return no_fix(f"the RUN at line {target.start_line} has other flags")
    if model.run(inst).shell != model.run(target).shell or any(b.kind in BLOCKING for b in between):
        return no_fix(f"USER or SHELL changes before the RUN at line {target.start_line}")
    edits = prepend(view.parts[0], command_text(part.script.text[update.start : update.end]), model.run(target).shell)
    if not edits:
        return no_fix(f"the RUN at line {target.start_line} cannot take a command in front: {edits.why}")
    safe = all(b.kind in METADATA for b in between)
    fix = SPEC.fix(f"Join it to the RUN at line {target.start_line}", *moved, *edits,
                   applicability=Applicability.SAFE if safe else None)
    return SPEC.report((start, end), message, fix)


def has_comments(inst: Instruction, part: ShellPart, command: str) -> bool:
    """Comment lines inside the RUN's continuations, or a shell comment after the command."""
    lines = inst.text.splitlines()[1:]
    return any(ln.lstrip().startswith("#") for ln in lines) or "#" in part.script.text.replace(command, "")


def command_text(text: str) -> str:
    """The update command on one line (continuations already gone from the script)."""
    return text if any(q in text for q in "'\"\\") else " ".join(text.split())


def move_update_run(inst: Instruction, target: Instruction, between: list) -> tuple[Edit, ...]:
    """Delete the update RUN; its comment lines stay where they are when the target follows it
    directly, else they move down to the top of the target's own comment lines."""
    if not between:
        return delete_instruction(inst, keep_leading=True)
    block = comment_block(inst)
    edits = [delete_lines(inst, block)]
    if block < inst.start:
        edits.append(Edit.insert(comment_block(target), inst.source[block : inst.start]))
    return tuple(edits)


def comment_block(inst: Instruction) -> int:
    """Where the comment lines right above the instruction (no blank line between) begin."""
    at = inst.start
    for line in reversed(inst.leading.splitlines(keepends=True)):
        if not line.lstrip().startswith("#"):
            break
        at -= len(line)
    return at
