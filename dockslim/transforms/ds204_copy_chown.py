"""DS204 copy-chown: `RUN chown -R` right after COPY stores every copied file twice.

## What it does
Finds a COPY (or an ADD that does not unpack an archive) directly followed by a RUN that
starts with `chown -R user:group DEST` and/or `chmod -R MODE DEST` on the COPY's own
destination (or on the one file it copied into a directory: `COPY run.sh /usr/local/bin/`
then `chmod 755 /usr/local/bin/run.sh`), and moves the ownership and mode into the COPY: `COPY --chown=user:group`,
`COPY --chmod=MODE`. The chown/chmod commands leave the RUN (the RUN goes when nothing else
is left in it; its comments move above the COPY).

## Why it makes the image smaller
Changing a file's owner or mode in a later layer copies the whole file into that layer:
after `COPY . /app` and `RUN chown -R app:app /app` every byte of /app is in the image
twice. With `--chown` the files are written once, already owned by the user.

## Example
    COPY --from=build /src/dist /srv/app
    RUN chown -R app:app /srv/app
becomes
    COPY --chown=app:app --from=build /src/dist /srv/app

## Fix safety
Safe when the destination did not exist before the COPY (nothing earlier in the stage, or
in the stages it is built FROM, creates or names it, and it is not a standard directory of
the base image) and its parent directory exists (a standard directory, or one an earlier
instruction made): then `chown -R` touched exactly the files the COPY brought, and BuildKit
gives the directory the COPY creates the same owner. When the destination is a directory
that only WORKDIR made (`WORKDIR /app`, `COPY . .`), it stays safe by keeping a
non-recursive `chown app:app /app` for the directory itself, a layer of one inode.
Unsafe (`--unsafe-fixes`): the destination existed with other content or is a standard
directory (`chown -R` also changed files the COPY did not bring), its parent is unknown
(BuildKit may give new parent directories the owner too), the `chown` is not recursive
(the files of a copied directory would change owner too), or a `chmod` is involved and the
file has no `# syntax=` directive (`--chmod` needs BuildKit; the legacy builder rejects it).
`chown user` without a group becomes `--chown=user:0`, the group the COPY gives (a bare
`--chown=user` would use the user's number as the group). Only octal modes become
`--chmod`. Left alone: other paths, variables, a COPY that already has `--chown`, an ADD of
a local archive, chown/chmod after other commands of the RUN, and a
`# dockslim: ignore=DS204` above the COPY or the RUN.

## How verify shows it
The RUN's layer, as large as everything the COPY brought, disappears (or shrinks to one
directory entry); the files in the image have the same owner and mode.

## Related hadolint rule
None. hadolint's DL3045 (COPY to a relative destination without WORKDIR) concerns the same
instruction but not its owner.
"""

from __future__ import annotations

import posixpath
import re
from typing import Iterator

from ..optimizer.findings import Applicability, Edit, Finding, Fix
from ..optimizer.model import Model, Stage
from ..optimizer.pipeline import suppressed_codes
from ..optimizer.rules import Options, PassSpec, Phase
from ..optimizer.scriptfacts import pipelines, posix_shell
from ..optimizer.syntax import Instruction
from ._layers import (
    absolute,
    comments_of,
    delete_instruction,
    mentions,
    move_comments_above,
    remove_leading,
    under,
    workdir_before,
)

SPEC = PassSpec(
    code="DS204",
    name="copy-chown",
    phase=Phase.STRUCTURE,
    summary="Use COPY --chown/--chmod instead of a chown/chmod RUN after the COPY",
    applicability=Applicability.UNSAFE,
    kinds=("COPY", "ADD", "RUN"),
)

# directories every base image has (a COPY there merges into existing content)
STANDARD = frozenset(
    "/ /bin /boot /dev /etc /home /lib /lib64 /media /mnt /opt /proc /root /run /sbin /srv /sys /tmp /usr "
    "/usr/bin /usr/lib /usr/local /usr/local/bin /usr/local/lib /usr/local/share /usr/local/sbin /usr/sbin "
    "/usr/share /usr/src /var /var/cache /var/lib /var/log /var/tmp /var/www".split()
)
OWNER = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]*)?|:[A-Za-z0-9_][A-Za-z0-9_.-]*")
MODE = re.compile(r"[0-7]{3,4}")
RECURSIVE = ("-R", "--recursive")
QUIET = ("-v", "-c", "--verbose", "--changes", "-f", "--silent", "--quiet")
ARCHIVE = re.compile(r"\.(tar|tgz|tbz2?|txz|gz|bz2|xz|zst)$")


def check(model: Model, options: Options) -> Iterator[Finding]:
    buildkit = any(d.name == "syntax" for d in model.dockerfile.directives)
    for stage in model.stages:
        for copy, run in zip(stage.body, stage.body[1:]):
            if copy.kind in ("COPY", "ADD") and run.kind == "RUN":
                finding = _finding(model, stage, copy, run, buildkit)
                if finding is not None:
                    yield finding


def _finding(model: Model, stage: Stage, copy: Instruction, run: Instruction, buildkit: bool) -> Finding | None:
    if copy.heredocs or copy.flag("chown") or len(copy.value) < 2 or {"DS204", "ALL"} & suppressed_codes(copy):
        return None
    sources, dest = copy.value[:-1], copy.value[-1]
    if "$" in dest or (copy.kind == "ADD" and any(ARCHIVE.search(s) and "://" not in s for s in sources)):
        return None
    view = run.shell
    if view is None or not view.ok or run.heredocs or view.main is None or not posix_shell(stage.shell_for(run)):
        return None
    part = view.main
    pipes = pipelines(part.script)
    dst = absolute(dest, workdir_before(model, stage, copy))
    single = sources[0] if len(sources) == 1 and not re.search(r"[*?\[]", sources[0]) else None
    base = posixpath.basename(single.rstrip("/")) if single and "://" not in single else ""
    targets: tuple[str, ...] = (dst,)
    if dest.endswith("/") and base not in ("", ".", ".."):
        # `COPY entrypoint.sh /usr/local/bin/` + `chmod 755 /usr/local/bin/entrypoint.sh`
        targets = (dst, posixpath.join(dst, base))
    # `COPY target/app.jar /opt/app.jar`: one source with a file name, copied to the same name
    file_dest = "." in base.strip(".") and posixpath.basename(dest) == base
    cwd = workdir_before(model, stage, run)
    changes: list[tuple] = []  # (pipeline, command, option, value, recursive word, path)
    k = 0
    for p in pipes:
        if len(p.commands) == 1 and p.commands[0].program == "set" and not p.commands[0].context:
            k += 1
            continue
        parsed = _change(p, targets, cwd, file_dest)
        if parsed is None:
            break
        changes.append(parsed)
        k += 1
    if not changes or (k < len(pipes) and pipes[k - 1].op_after not in ("&&", ";", "\n")):
        return None
    if len({c[5] for c in changes}) != 1:
        return None
    option: dict[str, str | None] = {}
    for _, _, flag, value, _, _ in changes:
        if option.get(flag, value) != value:
            return None  # two different owners or modes
        option[flag] = value
    if "chmod" in option and copy.flag("chmod"):
        return None
    start, end = part.src(changes[0][0].start), part.src_end(changes[-1][0].end)
    words = " ".join(w.text for w in changes[0][1].words)
    flags = " and ".join(f"`--{n}`" for n in option)
    message = f"`{words}` writes every file the {copy.kind} brought into a new layer: use {copy.kind} {flags}"
    if any(v is None for v in option.values()):
        return Finding(SPEC.code, f"{message} (only an octal mode can become --chmod)", start, end)
    state = _before(model, stage, copy, changes[0][5])
    recursive = all(c[4] is not None for c in changes)
    unsafe = not recursive or ("chmod" in option and not buildkit)
    keep_dir = False
    if state == "populated":
        unsafe = True
    elif state == "workdir":
        keep_dir = recursive and all(c[4] != "file" for c in changes)
        unsafe = unsafe or not recursive
    elif not _parent_known(model, stage, copy, changes[0][5]):
        unsafe = True
    text = "".join(f" --{n}={v}" for n, v in option.items())
    edits = [Edit.insert(copy.keyword_end, text)]
    if keep_dir:
        # the directory existed (WORKDIR made it): chown/chmod it alone, without -R
        for _, cmd, _, _, rec, _ in changes:
            edits.append(Edit.delete(part.src(rec.start), part.src(_next_word(cmd, rec).start)))
    elif k == len(pipes):
        edits.append(delete_instruction(run))
        moved = move_comments_above(copy, comments_of(run))
        if moved:
            edits.append(moved)
    else:
        removal = remove_leading(part, pipes, k) if len(changes) == k else None  # keep a leading `set`
        if removal is None:
            return Finding(SPEC.code, f"{message} (a comment line stands in the way)", start, end)
        edits.append(removal)
    applicability = Applicability.UNSAFE if unsafe else Applicability.SAFE
    title = f"Use {copy.kind}{text}" + (" and change the directory itself without -R" if keep_dir else "")
    return Finding(SPEC.code, message, start, end, Fix(title, applicability, tuple(edits)))


def _change(p, targets: tuple[str, ...], cwd: str, file_dest: bool):
    """(pipeline, command, "chown"|"chmod", flag value or None, recursive word or None) when
    the pipeline is a plain chown/chmod of the destination (or of the one file copied into
    a destination directory)."""
    if len(p.commands) != 1:
        return None
    cmd = p.commands[0]
    if cmd.context or cmd.redirects or cmd.program not in ("chown", "chmod"):
        return None
    rec = None
    rest = []
    for w in cmd.args:
        if w.value is None:
            return None
        if w.value in RECURSIVE:
            rec = w
        elif w.value in QUIET:
            continue
        elif w.value.startswith("-") and not (cmd.program == "chmod" and re.fullmatch(r"-[rwxXst]+", w.value)):
            return None
        else:
            rest.append(w.value)
    paths = {absolute(path, cwd) for path in rest[1:]}
    if len(paths) != 1 or not paths <= set(targets):
        return None
    path = paths.pop()
    if path != targets[0] or file_dest:
        rec = rec or "file"  # one copied file: recursion does not matter
    spec = rest[0]
    if cmd.program == "chown":
        if not OWNER.fullmatch(spec):
            return None
        user, _, group = spec.partition(":")
        return p, cmd, "chown", f"{user or '0'}:{group or '0'}", rec, path
    return p, cmd, "chmod", spec if MODE.fullmatch(spec) else None, rec, path


def _next_word(cmd, word):
    words = list(cmd.words)
    return words[words.index(word) + 1]


def _chain(stage: Stage) -> list[Stage]:
    out, s = [], stage
    while s is not None:
        out.append(s)
        s = s.parent
    return out[::-1]


def _earlier(stage: Stage, before: Instruction):
    for st in _chain(stage):
        for inst in st.body:
            if inst.index < before.index:
                yield st, inst


def _before(model: Model, stage: Stage, copy: Instruction, dst: str) -> str:
    """"new", "workdir" (only WORKDIR made it: an empty directory) or "populated"."""
    if dst in STANDARD:
        return "populated"
    state = "new"
    for st, inst in _earlier(stage, copy):
        if inst.kind == "WORKDIR":
            if absolute(inst.value[0], workdir_before(model, st, inst)) == dst:
                state = "workdir" if state == "new" else state
            elif under(absolute(inst.value[0], workdir_before(model, st, inst)), dst):
                return "populated"
        elif inst.kind in ("COPY", "ADD") and inst.value:
            if under(absolute(inst.value[-1], workdir_before(model, st, inst)), dst):
                return "populated"
        elif inst.kind in ("RUN", "VOLUME") and mentions(inst.text, dst):
            return "populated"
    return state


def _parent_known(model: Model, stage: Stage, copy: Instruction, dst: str) -> bool:
    parent = posixpath.dirname(dst)
    if parent in STANDARD:
        return True
    for st, inst in _earlier(stage, copy):
        if inst.kind == "WORKDIR" and under(absolute(inst.value[0], workdir_before(model, st, inst)), parent):
            return True
        if inst.kind == "RUN" and re.search(rf"mkdir\s+(-p\s+)?{re.escape(parent)}(?![\w./-])", inst.text):
            return True
    return False
