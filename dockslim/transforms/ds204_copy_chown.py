"""DS204 copy-chown: `RUN chown -R` right after COPY stores every copied file twice.

## What it does
Finds a COPY (`--from=` a stage or image too) or an ADD (of a URL, or of files it does not
unpack) followed by a RUN that starts with `chown -R user:group DEST` and/or `chmod -R MODE
DEST` on the COPY's own destination (or on the one file it copied into a directory: `COPY
run.sh /usr/local/bin/` then `chmod 755 /usr/local/bin/run.sh`; or, with `-R`, on the
directory the destination is in: `WORKDIR /opt/app`, `COPY build/libs/*.jar app.jar`, `chown
-R spring:spring /opt/app`), and moves the ownership and mode into the COPY: `COPY
--chown=user:group`, `COPY --chmod=MODE`. ENV, ARG, LABEL, EXPOSE,
WORKDIR, COPYs that write elsewhere and RUNs that only add users and groups (`useradd`,
`adduser`, `groupadd`, `addgroup`, `usermod`, `groupmod`; not when they name the destination
or it is under /home, where a new home may go) may stand between. Mode changes that a chown
does not undo (`chmod +x /app/run.sh && chown -R 1001 /app`; not a setuid or setgid bit,
which the chown clears) and such user commands (`useradd -u 1001 app && chown -R 1001 /app`)
may come first in the RUN. The chown/chmod commands leave the RUN (the RUN goes when nothing
else is left in it; its comments move above the COPY); one that names other paths too keeps
them (`chown -R app /app /var/log/app` keeps `/var/log/app`).

`--chmod` is always written in octal: BuildKit's Dockerfile frontend has `--chmod` since 1.2
(Docker 20.10 and later with BuildKit, the default builder since Docker 23.0; the legacy
builder, `DOCKER_BUILDKIT=0`, rejects it, so a `--chmod` fix is unsafe unless the file already
needs BuildKit: a `# syntax=` line, a RUN mount, a heredoc, COPY --link or --chmod) but takes a symbolic mode (`+x`) only from 1.14
(February 2025): 1.10-1.13 reject it and older ones ignore it, leaving the mode unchanged.
A symbolic `chmod` becomes the octal mode it gives: `u=rwx,go=rx` is 755 whatever the file
was; `chmod +x` after an ADD of a URL (which gives the file 600) is 711 under RUN's umask
0022; `chmod +x` or `a+rx` after a COPY is 755 for a file of mode 644 or 755 (what git checks
out and compilers write). A mode that depends on more than that (`u+x`, `+X`, `g+s`) is
reported without a fix.

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
in the stages it is built FROM, creates or names it or runs in it, and it is not a standard
directory of the base image) and its parent directory exists (a standard directory, or one an earlier
instruction made): then `chown -R` touched exactly the files the COPY brought, and BuildKit
gives the directory the COPY creates the same owner. When the destination is a directory
that only WORKDIR made (`WORKDIR /app`, `COPY . .`), it stays safe by keeping a
non-recursive `chown app:app /app` for the directory itself, a layer of one inode; so does a
`chown -R` of the directory the destination is in, when it held nothing else before the COPY
(only a WORKDIR made it, or the COPY did; no RUN ran in it).
Unsafe (`--unsafe-fixes`): a file copied over one that existed, its parent is unknown
(BuildKit may give new parent directories the owner too), the `chown` is not recursive
(the files of a copied directory would change owner too), or the octal mode rests on the
copied file having had mode 644 or 755 (`chmod +x`: a file of mode 600 would get 755, not
711 — read bits more, never an execute bit less).
`chown user` without a group becomes `--chown=user:0`, the group the COPY gives (a bare
`--chown=user` would use the user's number as the group). Left alone: other paths,
variables, a COPY that already has `--chown`, an ADD of a local archive, chown/chmod after
other commands of the RUN, a USER (or a RUN that does more than add users) between the COPY
and the chmod, another COPY between that writes into the destination, and a `# dockslim:
ignore=DS204` above the COPY or the RUN. A `chown -R` of the directory the destination is in that held other
files (a standard directory, an earlier COPY there, a RUN that ran in it) gets a note.
Reported without a fix: a chown/chmod of a
destination directory that existed
with other content or is a standard directory (it also changed files the COPY did not bring,
and the directory itself, which the flags do not: an app writing there as its user would
fail), a chown naming a user or group (other than root) when the COPY has `--link`
(BuildKit takes `--chown` only by number there: "invalid user index: -1"), and one when a
COPY or ADD between brings /etc/passwd or /etc/group (`COPY --from=build /etc/passwd
/etc/`) or a RUN between (or the RUN itself) adds users: the name may not exist yet at the
COPY, and `--chown` would fail the build (a number needs no account).

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

from ..optimizer.edits import (
    Refusal,
    delete_instruction,
    remove_leading,
    remove_statement,
    remove_words,
)
from ..optimizer.findings import Applicability, Edit, Finding
from ..optimizer.model import Model, Stage
from ..optimizer.pragmas import suppressed_codes
from ..optimizer.rules import Options, PassSpec, Phase
from ..optimizer.scriptfacts import pipelines
from ..optimizer.syntax import Instruction
from ._layers import absolute, is_set, line_script, mentions, under, workdir_before
from ._ownership import (
    ACCOUNT_TOOLS,
    MODE,
    adds_accounts,
    leading_changes,
    numeric_mode,
    one_value_each,
    plain,
    words_of,
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
ARCHIVE = re.compile(r"\.(tar|tgz|tbz2?|txz|gz|bz2|xz|zst)$")


# what may stand between the COPY and the RUN: it neither runs anything nor changes who runs
# the RUN (other COPYs only when they write elsewhere)
PASSABLE = frozenset({"COPY", "ADD", "ENV", "ARG", "LABEL", "EXPOSE", "WORKDIR"})


def check(model: Model, options: Options) -> Iterator[Finding]:
    buildkit = shows_buildkit(model)
    for stage in model.stages:
        for k, run in enumerate(stage.body):
            if run.kind != "RUN":
                continue
            # the nearest COPY/ADD first: `COPY --from=build /app /app`, `COPY conf /etc/x`,
            # `RUN chmod +x /app/server`
            for j in range(k - 1, -1, -1):
                copy = stage.body[j]
                if copy.kind not in PASSABLE and not _accounts_only(model, copy):
                    break
                if copy.kind in ("COPY", "ADD"):
                    finding = _finding(model, stage, copy, run, stage.body[j + 1 : k], buildkit)
                    if finding is not None:
                        yield finding
                        break


def _accounts_only(model: Model, inst: Instruction) -> bool:
    """A RUN that only adds users and groups (`RUN useradd -u 1001 app`): it writes /etc
    and home folders, nothing the COPY brought but a home (see _written_between)."""
    view = model.run(inst).readable if inst.kind == "RUN" else None
    if view is None or inst.heredocs or not view.ok:
        return False
    commands = [c for _, c in view.commands()]
    return bool(commands) and all(plain(c) and c.program in ACCOUNT_TOOLS | {"set"} for c in commands)


def shows_buildkit(model: Model) -> bool:
    """Whether the file is already built with BuildKit: a `# syntax=` line, or an instruction
    the legacy builder cannot build (a RUN mount, a heredoc, COPY --link or --chmod)."""
    if any(d.name == "syntax" for d in model.dockerfile.directives):
        return True
    for inst in model.instructions:
        if inst.heredocs or any(f.name in ("mount", "link", "chmod") for f in inst.flags):
            return True
    return False


def _finding(model: Model, stage: Stage, copy: Instruction, run: Instruction, between, buildkit: bool) -> Finding | None:
    if not _movable(copy):
        return None
    part = line_script(model, run)
    if part is None:
        return None
    pipes = pipelines(part.script)
    targets, file_dest = _targets(model, stage, copy)
    holder = posixpath.dirname(targets[0])
    changes, k = leading_changes(pipes, targets, workdir_before(model, stage, run), file_dest, holder)
    if not changes or (k < len(pipes) and pipes[k - 1].op_after not in ("&&", ";", "\n")):
        return None
    path = changes[0][5]
    adding = [p.commands[0] for p in pipes[:k] if adds_accounts(p)]  # `useradd app && chown -R app /app`
    if len({c[5] for c in changes}) != 1 or _written_between(model, stage, between, path) \
            or (adding and (under(path, "/home") or any(mentions(w.text, path) for c in adding for w in c.words))):
        return None
    option = one_value_each(changes)
    if option is None or ("chmod" in option and copy.flag("chmod")):
        return None
    directory = any(c[4] not in (None, "file") for c in changes)
    assumed = False
    if option.get("chmod") is not None and not MODE.fullmatch(option["chmod"]):
        option["chmod"], assumed = numeric_mode(option["chmod"], copy, directory)
    start, end = part.src(changes[0][0].start), part.src_end(changes[-1][0].end)
    words = " ".join(w.text for w in changes[0][1].words)
    flags = " and ".join(f"`--{n}`" for n in option)
    message = f"`{words}` writes every file the {copy.kind} brought into a new layer: use {copy.kind} {flags}"
    if any(v is None for v in option.values()):
        return SPEC.report((start, end), f"{message} (this symbolic mode gives no one octal mode --chmod could set)")
    named = _by_name(option.get("chown"))
    if named and copy.flag("link"):
        return SPEC.report((start, end), f"{message} (the {copy.kind} has `--link`, which takes `--chown` only by "
                           "number: BuildKit cannot look a name up in the layer it links)")
    accounts = (_accounts_between(model, stage, between) or (run if adding else None)) if named else None
    if accounts is not None:
        verb = "may add" if accounts.kind == "RUN" else "may bring"
        return SPEC.report((start, end), f"{message} (the {accounts.kind} at line {accounts.start_line} {verb} "
                           f"the user and group only after the {copy.kind}: `--chown` could not find them)")
    state = _before(model, stage, copy, changes[0][5])
    if state == "populated" and path == holder:
        return SPEC.left_alone((start, end), f"`{words}` also changes what {path} held before the {copy.kind}: "
                               f"{flags} on the {copy.kind} would change only the files it brings")
    if state == "populated" and any(c[4] != "file" for c in changes):
        return SPEC.report((start, end), f"{message} (the directory held other files before the {copy.kind}: "
                           f"the RUN changes them and the directory too, {flags} would not)")
    unsafe, keep_dir = _safety(model, stage, copy, changes, option, assumed, buildkit, state, path == holder)
    text = "".join(f" --{n}={v}" for n, v in option.items())
    edits = _edits(copy, run, part, pipes, changes, k, keep_dir, text)
    if not edits:
        return SPEC.report((start, end), f"{message} ({edits.why})")
    applicability = None if unsafe else Applicability.SAFE
    title = f"Use {copy.kind}{text}" + (" and change the directory itself without -R" if keep_dir else "")
    if assumed:
        title += f" (what `{words_of(changes, 'chmod')}` gives a file copied with mode 644 or 755)"
    return SPEC.report((start, end), message, SPEC.fix(title, *edits, applicability=applicability))


def _movable(copy: Instruction) -> bool:
    """A COPY or ADD that can take --chown/--chmod: none yet, a literal destination, and
    not an ADD that unpacks an archive."""
    if copy.heredocs or copy.flag("chown") or len(copy.value) < 2 or {"DS204", "ALL"} & suppressed_codes(copy):
        return False
    sources, dest = copy.value[:-1], copy.value[-1]
    return not ("$" in dest or (copy.kind == "ADD" and any(ARCHIVE.search(s) and "://" not in s for s in sources)))


def _targets(model: Model, stage: Stage, copy: Instruction) -> tuple[tuple[str, ...], bool]:
    """The paths a chown/chmod of what the COPY brought may name, and whether the
    destination is one file."""
    sources, dest = copy.value[:-1], copy.value[-1]
    dst = absolute(dest, workdir_before(model, stage, copy))
    single = sources[0] if len(sources) == 1 and not re.search(r"[*?\[]", sources[0]) else None
    base = posixpath.basename(single.rstrip("/")) if single and "://" not in single else ""
    targets: tuple[str, ...] = (dst,)
    if dest.endswith("/") and base not in ("", ".", ".."):
        # `COPY entrypoint.sh /usr/local/bin/` + `chmod 755 /usr/local/bin/entrypoint.sh`
        targets = (dst, posixpath.join(dst, base))
    # `COPY target/app.jar /opt/app.jar`: one source with a file name, copied to the same name
    file_dest = "." in base.strip(".") and posixpath.basename(dest) == base
    fetched = copy.kind == "ADD" and all("://" in src for src in sources)
    return targets, file_dest or (fetched and not dest.endswith("/"))  # a URL brings one file


def _written_between(model: Model, stage: Stage, between, path: str) -> bool:
    """Whether an instruction between the COPY and the RUN writes to ``path`` (or might)."""
    for other in between:
        if other.kind == "RUN" and (mentions(other.text, path) or under(path, "/home")):
            return True  # a user's home made (or named) in the COPY's files
        if other.kind not in ("COPY", "ADD", "WORKDIR"):
            continue
        if not other.value or "$" in other.value[-1]:
            return True
        where = absolute(other.value[-1], workdir_before(model, stage, other))
        if under(where, path) or (other.kind != "WORKDIR" and under(path, where)):
            return True  # another COPY (or a WORKDIR) writes there too: the RUN changed its files as well
    return False


def _by_name(owner: str | None) -> bool:
    """The owner names a user or group other than root (looked up in the image's /etc/passwd)."""
    return owner is not None and any(p not in ("", "root") and not p.isdigit() for p in owner.split(":"))


def _accounts_between(model: Model, stage: Stage, between) -> Instruction | None:
    """A COPY or ADD between that writes (or may write) /etc/passwd or /etc/group, or a RUN
    that adds users: a name the chown resolves may not exist yet at the COPY (`COPY
    --from=build /etc/passwd /etc/`, `RUN useradd app`)."""
    for other in between:
        if other.kind == "RUN":
            return other
        if other.kind not in ("COPY", "ADD"):
            continue
        if not other.value or "$" in other.value[-1]:
            return other
        where = absolute(other.value[-1], workdir_before(model, stage, other))
        if under("/etc/passwd", where) or under("/etc/group", where):
            return other
    return None


def _safety(model: Model, stage: Stage, copy: Instruction, changes, option, assumed: bool,
            buildkit: bool, state: str, holding: bool) -> tuple[bool, bool]:
    """Whether the fix is unsafe, and whether the destination keeps a chown/chmod of the
    directory alone (a directory WORKDIR made, or the one the destination is in: `holding`);
    `state` is what the changed directory was before the COPY (`_before`)."""
    path = changes[0][5]
    recursive = all(c[4] is not None for c in changes)
    # --chmod needs BuildKit: the legacy builder (DOCKER_BUILDKIT=0) rejects it
    unsafe = not recursive or assumed or ("chmod" in option and not buildkit)
    if state == "populated":
        return True, False
    if holding:
        return unsafe, True  # it held nothing else: its own change and --chown give the same files
    if state == "workdir":
        return unsafe or not recursive, recursive and all(c[4] != "file" for c in changes)
    if not _parent_known(model, stage, copy, path):
        return True, False
    return unsafe, False


def _edits(copy: Instruction, run: Instruction, part, pipes, changes, k: int, keep_dir: bool,
           flags: str) -> list[Edit] | Refusal:
    """The flags into the COPY and the chown/chmod out of the RUN (only the destination's
    name out of one that names other paths too), or why they cannot be made."""
    edits = [Edit.insert(copy.keyword_end, flags)]
    shared = [c for c in changes if c[6]]  # commands that change other paths too
    others = [p for p in pipes[:k] if not is_set(p) and all(p is not c[0] for c in changes)]
    if keep_dir:
        # the directory existed (WORKDIR made it): chown/chmod it alone, without -R
        if shared:
            return Refusal("the command changes other paths too, and the directory itself must keep its change")
        removed = remove_words(part, [c[4] for c in changes])
    elif k == len(pipes) and not shared and not others:
        removed = delete_instruction(run, comments_to=copy)
    elif len(changes) == k and not shared:
        removed = remove_leading(part, pipes, k)  # keep a leading `set`
    else:
        removed = []
        for c in changes:
            step = remove_words(part, c[6]) if c[6] else remove_statement(part, c[1])
            if not step:
                return step
            removed.extend(step)
    if not removed:
        return removed if isinstance(removed, Refusal) else Refusal("a comment line stands in the way")
    edits.extend(removed)
    return edits


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
        elif inst.kind == "RUN" and under(workdir_before(model, st, inst), dst) and not _accounts_only(model, inst):
            return "populated"  # it ran there and may have written (`RUN python -m venv .venv`)
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
