"""DS110 apk-no-cache: `apk add` without `--no-cache` leaves the package index in the layer.

## What it does
Adds `--no-cache` to `apk add` (also `apk upgrade` and `apk fix`, which fetch the index too),
or turns `--update`/`--update-cache`/`-U` into `--no-cache`. `apk del` is left as it is
(`apk del .build-deps`, as DS111 writes it): apk opens its database for `del` without updating
the repositories, so it fetches and stores no index; `--no-cache` would only make it download
the index into memory for nothing. Commands with `--no-network` (as the official images run
`apk del`) fetch no index either and are left alone too. Once nothing in the
stage needs a stored index, it drops what only existed to manage one: `apk update` and
`rm -rf /var/cache/apk/*` in the same RUN, and a RUN that did nothing but `apk update`.
A RUN that deletes the index after its last `apk` command (`rm -rf /var/cache/apk/*`,
`/var/cache/apk`, `/var/cache/*`) stores none: it is left alone, with a note.

With `strategy = "cache-mounts"` it keeps the cache in a BuildKit cache mount instead:
`RUN --mount=type=cache,target=/var/cache/apk apk add --update-cache curl`. No `--no-cache`
is added; `--update-cache` is added where the RUN has no `apk update` of its own (a mounted
cache may hold an old index or none), and `rm -rf /var/cache/apk/*` is dropped (it would empty
the shared cache, and removing the mount point itself fails: a RUN with `rm -rf /var/cache/*`
is left alone).

## Why it makes the image smaller
`apk update`, `apk add -U` and any `apk` command that finds no index store the repository
indexes (`APKINDEX.*.tar.gz`, about 2 MB for main and community) in `/var/cache/apk`.
`--no-cache` fetches them into memory and stores nothing.

## Example
    RUN apk update && apk add curl
becomes
    RUN apk add --no-cache curl

## Fix safety
Safe: the same packages are installed from an index fetched at the same time; only the
stored index is gone. `apk update` and the `rm` are dropped only when every `apk` command in
the RUN and in the later RUNs of the stage (and of stages built from it) that fetches the index
gets or has `--no-cache` (or `--update-cache`), none of them only reads the index (`apk search`,
`apk info`, ...), no script or shell runs there that could call `apk` unseen
(`./install.sh`, `sh -c ...`, `source`), there is no `ONBUILD`, and the command stands in a
plain `&&`/`;` list (not in an `if`, a pipeline or after `||`). Comment lines in
continuations are kept. A RUN with a cache mount on `/var/cache/apk` is left alone (hadolint
DL3019 accepts it). Cache mounts need BuildKit.

## How verify shows it
`/var/cache/apk/APKINDEX.*.tar.gz` disappears from the layer; the installed packages
(`/lib/apk/db/installed`) are unchanged.

## Related hadolint rule
DL3019 (Use the `--no-cache` switch to avoid the need to use `--update` and remove
`/var/cache/apk/*` when done installing packages).
"""

from __future__ import annotations

from typing import Iterator

from ..optimizer.edits import (
    add_cache_mount,
    add_flag,
    delete_instruction,
    has_comment_line,
    remove_statement,
    replace_word,
)
from ..optimizer.findings import Applicability, Edit, Finding
from ..optimizer.model import Model, Stage
from ..optimizer.rules import Options, PassSpec, Phase
from ..optimizer.shell import Command
from ..optimizer.shellview import POSIX_SHELLS, ShellPart
from ..optimizer.syntax import Instruction
from ._common import (
    later_runs,
    readable_runs,
    sub,
    under_cache_mount,
)
from ._deletions import Target, deletes_after, deletion, holds_all

SPEC = PassSpec(
    code="DS110",
    name="apk-no-cache",
    phase=Phase.COMMAND,
    summary="Use apk --no-cache instead of storing the package index in the layer",
    applicability=Applicability.SAFE,
    hadolint=("DL3019",),
)

CACHE = "/var/cache/apk"
INDEX = Target("apk-index", CACHE)
TAKES_NO_CACHE = frozenset({"add", "upgrade", "fix"})  # they fetch the index when it is missing
UPDATE_FLAGS = ("-U", "--update-cache", "--update")
# programs that may run `apk` where we cannot see it
RUNNERS = POSIX_SHELLS | {"zsh", ".", "source", "eval", "xargs", "install-php-extensions"}
SYSTEM_BIN = ("/bin/", "/sbin/", "/usr/bin/", "/usr/sbin/")


def needs_no_cache(cmd: Command) -> bool:
    if cmd.has_option("--no-network"):
        return False  # fetches no index, so stores none (`--no-cache` would make it fetch one)
    if sub(cmd) == "del":
        return cmd.has_option(*UPDATE_FLAGS)  # `del` fetches no index unless told to update it
    return sub(cmd) in TAKES_NO_CACHE and not cmd.has_option("--no-cache")


def opaque(cmd: Command) -> bool:
    """A command that may run `apk` out of sight: a script, a shell, `eval`..."""
    word = cmd.program_word
    if word is None:
        return bool(cmd.argv)
    value = word.value or ""
    program = cmd.program or ""
    return (
        program in RUNNERS
        or program.endswith(".sh")
        or ("/" in value and not value.startswith(SYSTEM_BIN))
    )


def reads_index(cmd: Command) -> bool:
    """An `apk` command that reads the stored index (search, info, fetch, ...)."""
    if cmd.program != "apk":
        return False
    return sub(cmd) not in TAKES_NO_CACHE | {"update", "del"} or (
        sub(cmd) in TAKES_NO_CACHE and cmd.has_option("--no-network")  # installs from the stored index
    )


def removes_cache(cmd: Command) -> bool:
    """`rm -rf /var/cache/apk/*` and friends."""
    if cmd.program != "rm" or cmd.assignments:
        return False
    ops = cmd.operands(after_subcommand=False)
    return any(_in_cache(w.value) for w in ops)


def _in_cache(path: str | None) -> bool:
    return path is not None and (path.rstrip("/") == CACHE or path.startswith(CACHE + "/"))


def earlier_writes_index(model: Model, stage: Stage, inst: Instruction) -> bool:
    """Whether an earlier RUN of the stage may have stored an index (then an `rm` still hides it)."""
    s = stage
    while s is not None:
        for i in s.runs():
            if i.index < inst.index:
                view = model.run(i).readable
                if view is None or any(
                    c.program == "apk" and (needs_no_cache(c) or sub(c) == "update") for _, c in view.commands()
                ):
                    return True
        s = s.parent
    return False


def stage_needs_index(model: Model, stage: Stage, inst: Instruction) -> bool:
    """Whether a later RUN of the stage (or of a stage built from it) may read a stored index."""
    s = stage
    while s is not None:
        if any(i.kind == "ONBUILD" for i in s.body):
            return True
        s = s.parent
    if any(i.kind == "ONBUILD" for child in model.children(stage) for i in child.body):
        return True
    for later in later_runs(model, stage, inst):
        view = model.run(later).view
        if view is None:
            return True  # exec form: a program or script we cannot look into
        scripts = {id(p.heredoc) for p in view.parts}
        data = [later.source[d.body_start : d.body_end] for d in later.heredocs if id(d) not in scripts]
        if not view.ok or any("apk" in body for body in data):
            return True  # a script we cannot read, or a heredoc for python, ... that mentions apk
        for _, cmd in view.commands():
            if opaque(cmd) or reads_index(cmd):
                return True
            if needs_no_cache(cmd) and not cmd.has_option(*UPDATE_FLAGS) and sub(cmd) != "del":
                return True
    return False


def _disjoint(groups: list[list[Edit]]) -> list[list[Edit]]:
    """Keep the removals that do not touch an earlier one (the rest go in a later round)."""
    kept: list[list[Edit]] = []
    for group in groups:
        if all(e.end <= k.start or k.end <= e.start for e in group for g in kept for k in g):
            kept.append(group)
    return kept


def rm_edits(inst: Instruction, part: ShellPart, cmd: Command) -> list[Edit] | None:
    """Drop the apk cache paths from an `rm`: the whole command when nothing else is removed."""
    ops = cmd.operands(after_subcommand=False)
    if all(_in_cache(w.value) for w in ops):
        return remove_statement(part, cmd)
    edits = []
    words = list(cmd.words)
    for i, w in enumerate(words):
        if w in ops and _in_cache(w.value):
            s, e = part.src_end(words[i - 1].end), part.src_end(w.end)
            if has_comment_line(inst.source[s:e]):
                return None
            edits.append(Edit.delete(s, e))
    return edits


# -- the pass -------------------------------------------------------------------------------


def no_cache_edit(part: ShellPart, cmd: Command) -> tuple[Edit, ...]:
    for word in cmd.option_words(*UPDATE_FLAGS):
        if word.value in UPDATE_FLAGS:
            return replace_word(part, word, "--no-cache")
    return add_flag(part, cmd.subcommand, " --no-cache")


def cleanup(model: Model, stage: Stage, inst: Instruction, view) -> Finding | None:
    commands = list(view.commands())
    apks = [(p, c) for p, c in commands if c.program == "apk"]
    flags = [(p, c) for p, c in apks if needs_no_cache(c)]
    edits = [e for p, c in flags for e in no_cache_edit(p, c)]
    removals: list[list[Edit]] = []
    dropped: list[Command] = []
    if not any(opaque(c) or reads_index(c) for _, c in commands) and not stage_needs_index(model, stage, inst):
        updates = [(p, c) for p, c in apks if sub(c) == "update"]
        rms = [(p, c) for p, c in commands if removes_cache(c)]
        if rms and earlier_writes_index(model, stage, inst):
            rms = []  # the rm still hides an index an earlier layer stored
        whole = [c for _, c in rms if all(_in_cache(w.value) for w in c.operands(after_subcommand=False))]
        if len(updates) + len(whole) == len(commands) and len(view.parts) == 1:
            removals = [delete_instruction(inst, keep_leading=True)]  # nothing else is left in the RUN
            dropped = [c for _, c in updates] + whole
        elif updates or rms:
            update_edits = [remove_statement(p, c) for p, c in updates]
            if all(update_edits):  # an `apk update` that stays keeps the rm useful
                removals.extend(update_edits)
                dropped.extend(c for _, c in updates)
                for p, c in rms:
                    group = rm_edits(inst, p, c)
                    if group:
                        removals.append(group)
                        dropped.append(c)
    removals = _disjoint(removals)
    if not edits and not removals:
        return None
    if flags:
        part, cmd = flags[0]
        message = f"`apk {sub(cmd)}` without `--no-cache` stores the package index in /var/cache/apk"
        title = "Use `apk --no-cache`"
    else:
        part, cmd = next((p, c) for p, c in commands if c in dropped)
        message = "`apk update` and removing /var/cache/apk are useless when every apk command uses `--no-cache`"
        title = "Drop `apk update` and the cache removal"
    edits += [e for group in removals for e in group]
    return SPEC.report(part.span(cmd), message, SPEC.fix(title, *edits))


def cache_mounts(inst: Instruction, view) -> Finding | None:
    """The `cache-mounts` strategy: mount /var/cache/apk instead of dropping the cache."""
    commands = list(view.commands())
    apks = [(p, c) for p, c in commands if c.program == "apk"]
    writers = [(p, c) for p, c in apks if needs_no_cache(c) or sub(c) == "update"]
    if not writers:
        return None
    edits = list(add_cache_mount(inst, CACHE))
    has_update = any(sub(c) == "update" for _, c in apks)
    for p, c in writers:
        if sub(c) in ("add", "upgrade") and not has_update and not c.has_option(*UPDATE_FLAGS):
            edits.extend(add_flag(p, c.subcommand, " --update-cache"))
    for p, c in commands:
        if any(holds_all(t, INDEX.kind) for t in deletion(c) or []):
            return None  # `rm -rf /var/cache/*` would remove the mount point: the build fails
        if removes_cache(c):
            group = rm_edits(inst, p, c)
            if not group:
                return None  # the rm would empty the shared cache or fail on the mount point
            edits.extend(group)
    part, cmd = writers[0]
    return SPEC.report(
        part.span(cmd),
        f"`apk {sub(cmd)}` stores the package index in the layer; keep it in a cache mount",
        SPEC.fix(f"Add a cache mount on `{CACHE}`", *edits),
    )


def check(model: Model, options: Options) -> Iterator[Finding]:
    for stage, inst, view in readable_runs(model):
        if under_cache_mount(inst, CACHE) or not any(c.program == "apk" for _, c in view.commands()):
            continue
        if options.strategy == "cache-mounts":
            finding = cache_mounts(inst, view)
        elif deletes_after(view, INDEX):
            part, cmd = next((p, c) for p, c in view.commands() if c.program == "apk")
            finding = SPEC.left_alone(part.span(cmd), "the RUN deletes /var/cache/apk after its last apk command: "
                                      "no package index stays in the layer")
        else:
            finding = cleanup(model, stage, inst, view)
        if finding is not None:
            yield finding
