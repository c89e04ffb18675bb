"""DS102 apt-lists-cleanup: `apt-get update` leaves the package lists in the layer.

## What it does
For a RUN that runs `apt-get update` (or `apt update`) and then installs, appends
`rm -rf /var/lib/apt/lists/*` to it, in the RUN's own style: ` && x` on one line, a trailing
`&& \\` or a leading `&&` continuation, `; x` after a `set -eux;` chain, a new line in a
heredoc, with `sudo` when the RUN's apt runs through sudo. `;` and new lines are used only
under `set -e` (else `&&`), so a failed install still fails the RUN. An update inside an `if`
block or a retry loop is fine: the removal runs after the whole script. A script that ends in
`exit`, `exec` or `&` (or, under `set -e`, in an `&&` list ending in an `if` block or a loop)
gets the finding without a fix.

With `strategy = "cache-mounts"` it adds BuildKit cache mounts instead:
`RUN --mount=type=cache,target=/var/cache/apt,sharing=locked
--mount=type=cache,target=/var/lib/apt/lists,sharing=locked ...`, so the lists and the
downloaded packages live in the builder's cache, outside the image, and the next build reuses
them. On an official Debian or Ubuntu based image (`debian`, `ubuntu`, `python`, `node`, ...)
a RUN with a cache mount on /var/cache/apt also gets a finding that the image's
`/etc/apt/apt.conf.d/docker-clean` deletes every downloaded package, so that mount stays
empty; its fix prepends `rm -f /etc/apt/apt.conf.d/docker-clean`.

Left alone: a RUN that already removes the lists after its update (any spelling: `rm -rf
/var/lib/apt/lists/*`, `rm -r /var/lib/apt/lists`, `find /var/lib/apt/lists -delete`,
`apt-get distclean`); a RUN with a cache or tmpfs mount on /var/lib/apt/lists; an update
inside a function or a `$(...)` (it may run later or not at all); a RUN whose only job is
`apt-get update` (DS103 joins it to the install that follows); a RUN whose shell syntax
cannot be parsed.

## Why it makes the image smaller
`apt-get update` downloads the package index of every configured repository into
/var/lib/apt/lists: 20–50 MB for Debian or Ubuntu, more with extra repositories. Nothing
needs them once the packages are installed; removing them in a later RUN does not help,
because the layer that wrote them keeps them.

## Example
    RUN apt-get update && apt-get install -y curl
becomes
    RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*

## Fix safety
Safe when nothing later reads the lists this RUN leaves: no later RUN in the stage, nor in a
stage built FROM it, runs `apt-get install` (or upgrade, build-dep, source, download,
`apt-cache`) without its own `apt-get update` first. Otherwise that RUN would fail with
"Unable to locate package"; the fix then also puts `apt-get update &&` (or `apt-get update;`
in a `;` chain) right before that RUN's first such command, and is unsafe: the later RUN now
gets a newer package index, so it may install newer versions. When such a RUN cannot be
edited (exec form, shell syntax that cannot be parsed, a command after `||` or `|`), or an
ONBUILD instruction of the stage mentions apt (it runs in images built FROM this one), the
finding has no fix. A RUN that runs a script which calls apt itself (`RUN ./setup.sh`) cannot
be seen and is assumed not to need the lists.

The cache mounts are safe: what the RUN writes under them is exactly the lists and the
package cache, and neither ends up in the image. They need BuildKit (the default builder).
Removing `docker-clean` is unsafe: it deletes a file the base image ships, and every later
`apt-get install` in this stage and in images built FROM it, without a cache mount, then
keeps its downloaded packages in its layer (DS104 adds `apt-get clean` to those). `apt
install` (not `apt-get`) deletes its downloads unless
`Binary::apt::APT::Keep-Downloaded-Packages "true"` is set; that is left to you.

## How verify shows it
The layer of the RUN shrinks by the size of /var/lib/apt/lists; `verify` lists that directory
among the files the rewrite removed. With cache mounts the second build's `apt-get update`
and downloads are faster.

## Related hadolint rule
DL3009 (Delete the apt-get lists after installing something); like hadolint it accepts a
cache mount on /var/lib/apt/lists and looks at later RUNs of the stage and its children.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..optimizer.edits import add_mount, append, insert_before, prepend
from ..optimizer.findings import Applicability, Finding
from ..optimizer.model import Model, Stage
from ..optimizer.rules import Options, PassSpec, Phase
from ..optimizer.shellview import ShellView
from ..optimizer.syntax import Instruction
from ._apt import (
    ARCHIVES,
    CACHE,
    DOCKER_CLEAN,
    DOWNLOADS,
    LISTS,
    apt_commands,
    docker_clean_active,
    done_after,
    is_update,
    list_readers,
    mounted,
    onbuild_apt,
    removes_lists,
    sudo_prefix,
    update_for,
    update_only,
    visible,
)
from ._common import later_runs, mount_over, readable_runs

SPEC = PassSpec(
    code="DS102",
    name="apt-lists-cleanup",
    phase=Phase.CLEANUP,
    summary="Remove /var/lib/apt/lists in the RUN that ran apt-get update (or cache-mount it)",
    applicability=Applicability.UNSAFE,
    hadolint=("DL3009",),
)

REMOVE = "rm -rf /var/lib/apt/lists/*"
MOUNT_CACHE = f"--mount=type=cache,target={CACHE},sharing=locked"
MOUNT_LISTS = f"--mount=type=cache,target={LISTS},sharing=locked"


def check(model: Model, options: Options) -> Iterator[Finding]:
    cache_mounts = options.strategy == "cache-mounts"
    for stage, inst, view in readable_runs(model):
        if len(view.parts) != 1 or update_only(model.run(inst)) is not None:
            continue
        if cache_mounts:
            yield from docker_clean(stage, inst, view)
        if mounted(inst, LISTS):
            continue  # the lists live in the mount, not in the layer
        updates = apt_commands(view, "update")
        if not updates or not all(visible(cmd) for _, cmd in updates):
            continue
        if done_after(view, is_update, removes_lists):
            continue
        yield finding(model, stage, inst, view, cache_mounts)


def finding(model: Model, stage: Stage, inst: Instruction, view: ShellView, cache_mounts: bool) -> Finding:
    part, update = apt_commands(view, "update")[-1]
    span = part.span(update)
    if cache_mounts:
        edits = add_mount(inst, ([] if mounted(inst, ARCHIVES) else [MOUNT_CACHE]) + [MOUNT_LISTS])
        title, message = "Add cache mounts for apt", "writes the package lists into the layer; cache mounts keep them out"
    else:
        edits = append(part, [sudo_prefix(view) + REMOVE], stage.shell_for(inst))
        title, message = f"Append `{REMOVE}`", "leaves the package lists (/var/lib/apt/lists) in the layer"
    message = f"`{update.program} update` {message}"
    if not edits:
        return SPEC.report(span, f"{message}; not fixed: {edits.why}")
    # later RUNs that read the lists without updating them lose them
    edits, lines, unfixable = list(edits), [], False
    for onbuild in onbuild_apt(model, stage):
        lines.append(f"{onbuild.start_line} (ONBUILD)")
        unfixable = True
    for run in later_runs(model, stage, inst):
        for reader_part, reader in list_readers(model.run(run)):
            lines.append(str(run.start_line))
            extra = insert_before(reader_part, reader, update_for(reader)) if reader_part else None
            if extra:
                edits.extend(extra)
            else:
                unfixable = True
    if not lines:
        return SPEC.report(span, message, SPEC.fix(title, *edits, applicability=Applicability.SAFE))
    where = f"the RUN at line{'s' if len(lines) > 1 else ''} {', '.join(lines)}"
    if unfixable:
        message += f"; not fixed: {where} reads the lists without its own `apt-get update`"
        return SPEC.report(span, message)
    message += f"; {where} reads them without its own `apt-get update`, which the fix adds"
    return SPEC.report(span, message, SPEC.fix(f"{title} and update later", *edits))


def docker_clean(stage: Stage, inst: Instruction, view: ShellView) -> Iterator[Finding]:
    """A cache mount on the apt archives that the base image's docker-clean keeps empty."""
    flag = mount_over(inst, ARCHIVES, ("cache",))
    downloads = [cmd for _, cmd in apt_commands(view, DOWNLOADS) if cmd.program == "apt-get" and visible(cmd)]
    if flag is None or not downloads or not docker_clean_active(stage, inst):
        return
    part = view.parts[0]
    remove = f"{sudo_prefix(view)}rm -f {DOCKER_CLEAN}"
    # `rm -f` does not fail, so `;` is exact where `&&` would regroup the script
    edits = prepend(part, remove, stage.shell_for(inst), can_fail=False)
    yield SPEC.report(
        (flag.start, flag.end),
        f"the base image's {DOCKER_CLEAN} deletes every downloaded package, so this cache mount stays empty",
        SPEC.fix(f"Remove {DOCKER_CLEAN}", *edits) if edits else None,
    )
