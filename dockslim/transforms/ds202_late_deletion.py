"""DS202 late-deletion: deleting files in a later RUN does not remove them from the image.

## What it does
Finds deletions (`rm -rf PATH`, `apt-get clean`, `pip cache purge`, `npm cache clean
--force`, `yarn cache clean`, `yum`/`dnf clean all`) at the end of a RUN whose files an
earlier RUN of the same stage created: the package lists of an `apt-get update`, the caches
of `apt-get install`, `pip install`, `npm install`, `apk add`, `yum install`, the .gem archives
that `gem install` and `bundle install` keep in the ruby image's `/usr/local/bundle/cache`, or
a path an earlier command named (`curl -o /tmp/x.tgz`, `git clone URL /tmp/src`, `> /tmp/log`;
an `rm` naming it makes nothing) or downloaded into: `wget URL` and `curl -O URL` (also
`-LO`, `-fsSLO`, `--remote-name`) write the URL's last path segment into the working directory, `wget -P DIR`
(`--directory-prefix`) and `curl --output-dir DIR` into DIR, `curl -o name.tgz` relative
to the working directory. The working directory is the WORKDIR in effect (relative
WORKDIRs resolved, `/` without one), moved by a literal `cd DIR` that surely ran before (in
the RUN's own list, starting a statement or joined by `&&`); relative deletions (`rm
tool-1.2.tar.gz`, `rm -rf ./*`) count from theirs the same way. It moves the deletion to
the end of the RUN that created the files and removes it from the later RUN (the whole RUN
when it only deleted, or only changed directory first). When the creating RUN already
deletes them (by name, by a glob such as `rm -rf /tmp/*`, or by `find ... -delete`), the
later deletion is just removed: nothing is appended twice.

## Why it makes the image smaller
A layer records the files its RUN wrote. A later RUN that deletes them only adds a
"whiteout" that hides them: they are still in the earlier layer, still downloaded and
stored. Deleting them in the RUN that created them keeps them out of every layer: the
package lists are 20-50 MB, caches and downloaded archives often more.

## Example
    RUN apt-get update && apt-get install -y curl
    COPY app /app
    RUN rm -rf /var/lib/apt/lists/*
becomes
    RUN apt-get update && apt-get install -y curl && \\
        rm -rf /var/lib/apt/lists/*
    COPY app /app

## Fix safety
Safe when nothing between the two needs the files: for caches (apt archives, pip, npm,
yarn) nothing ever needs them; for the apt lists, an apk or yum index, the .gem archives
(`gem pristine`, `--local` and `bundle cache` read them) and named paths, no RUN stands
between (and no instruction between names the path, nor a COPY or ADD writes into it from its WORKDIR: `COPY . .`, a folder, a source of the file's name; other
named files such as `COPY requirements.txt .` do not count). Unsafe (`--unsafe-fixes`)
when RUN commands run in between that do not visibly use the files: a script could. Just
removing a deletion that the creating RUN already makes stays safe for caches and package
indexes (at worst a file made again in between stays). A deletion naming files relative to
its working directory moves as it is written, so only when the creating RUN ends in the
same directory; otherwise it is reported without a fix. Reported without a fix when
something between visibly uses them (`apt-get install` after the `update`, a command naming
the path, or the file's name inside a word: `echo "$SHA  x.tgz" | sha256sum -c -`, a sum or
signature check reading names from a file), when the deletion shares its RUN with other commands and follows them with `;`
(moving it would change which failure fails the RUN), when one `rm` deletes files of two
different RUNs, and when a comment line stands inside the part to move. The moved commands
join the creating RUN with `&&`, or with `;` under `set -e`, so a failure there still fails
the build; comments above a removed RUN move above the RUN that receives its commands, but
blank lines and comments that stand between the two RUNs (nothing else does) stay where
they were: a section heading, a region tag or a commented-out `#RUN` never goes inside a
live RUN.
Left alone: deletions of files this pass cannot trace to a RUN of the stage (files of the
base image, of a COPY; a download whose file's name is not literal: a variable in the URL's
last segment, a query string, which wget and curl -O keep in the name, a name the server
gives with `-J`, `--content-disposition` or `--trust-server-names`, several URLs for one
`-O`; a download in a working directory that is not known: a WORKDIR with a variable, a
`cd` that may not run, `cd "$DIR"`), and deletions whose own RUN also names the files first
(`tar -xf /tmp/x.tgz && rm /tmp/x.tgz`): those RUNs need merging, which DS201 does for
consecutive RUNs and DS203 for downloaded archives.

## How verify shows it
The layer of the creating RUN shrinks by the size of the deleted files; the later layer
loses its whiteouts or disappears.

## Related hadolint rule
None: hadolint checks cleanup inside one RUN (DL3009 for the apt lists), not deletions
that come a layer too late.
"""

from __future__ import annotations

import fnmatch
import posixpath
from typing import Callable, Iterator

from ..optimizer.edits import append, comment_lines, comments_of, delete_instruction, move_comments_above, remove_trailing
from ..optimizer.findings import Applicability, Edit, Finding
from ..optimizer.model import Model, Stage
from ..optimizer.rules import Options, PassSpec, Phase
from ..optimizer.scriptfacts import (
    Pipeline,
    command_text,
    pipelines,
)
from ..optimizer.shell import Command
from ..optimizer.shellview import ShellPart
from ..optimizer.syntax import Instruction
from ._deletions import PURE_CACHES, TOOL_WORDS, Target, creates, deletes_after, deletion, uses
from ._layers import absolute_in, cwd_at, cwd_from, is_cd, is_set, line_script, literal_workdir, mentions, under

SPEC = PassSpec(
    code="DS202",
    name="late-deletion",
    phase=Phase.CLEANUP,
    summary="Delete files in the RUN that created them, not in a later layer",
    applicability=Applicability.UNSAFE,
)

# --------------------------------------------------------------------------- the pass


def check(model: Model, options: Options) -> Iterator[Finding]:
    for stage in model.stages:
        for d in stage.runs():
            finding = _late(model, stage, d)
            if finding is not None:
                yield finding


def _late(model: Model, stage: Stage, d: Instruction) -> Finding | None:
    part = line_script(model, d)
    if part is None:
        return None
    pipes = pipelines(part.script)
    here = _cwd(model, stage, d)
    k = len(pipes)
    while k > 0 and _deletes(pipes[k - 1], here(part, pipes[k - 1].commands[0])):
        k -= 1
    if k == len(pipes):
        return None
    prefix, suffix = pipes[:k], pipes[k:]
    if all(is_set(p) or is_cd(p) for p in prefix):
        prefix = []  # nothing but the shell's options and directory: no command before the deletion
    cmds = [p.commands[0] for p in suffix]
    targets = {id(c): deletion(c, here(part, c)) for c in cmds}
    if _handles_itself(part, prefix, [t for ts in targets.values() for t in ts], here):
        return None
    # for each deletion command: the RUN that last created each of its targets
    owner: dict[int, Instruction] = {}
    why: str | None = None
    unsafe = False
    redundant: set[int] = set()
    gone: list[bool] = []
    for c in cmds:
        creators = set()
        for t in targets[id(c)]:
            found = _creator(model, stage, d, t)
            if found is None:
                return None  # not from a RUN of this stage (or not understood): leave it alone
            creator, between = found
            creators.add(creator.index)
            owner[id(c)] = creator
            done = deletes_after(model.run(creator).view, t, _cwd(model, stage, creator))  # already deleted there
            problem = _between(model, stage, between, (d, part, prefix), t)
            if problem == "uses":
                why = why or "something between the two needs them"
            elif problem == "runs" and t.kind not in PURE_CACHES and not (done and t.kind != "path"):
                # a RUN between might need them (or, for a path, make them again)
                unsafe = True
            gone.append(done)
        if all(gone[-len(targets[id(c)]):]):
            redundant.add(id(c))
        if len(creators) > 1:
            why = why or "one command deletes files of different RUNs"
    why = why or _elsewhere(model, stage, part, cmds, owner)
    first = owner[id(cmds[0])]
    start, end = part.src(suffix[0].start), part.src_end(suffix[-1].end)
    lines = sorted({owner[id(c)].start_line for c in cmds})
    done = len(redundant) == len(cmds)
    message = (
        f"`{command_text(part.script, cmds[0])}`{' and more' if len(cmds) > 1 else ''} deletes files that "
        + (f"the RUNs at lines {', '.join(map(str, lines))} created" if len(lines) > 1 else f"the RUN at line {lines[0]} created")
        + (" and already deleted: it does nothing" if done
           else ": they stay in those layers" if len(lines) > 1 else ": they stay in that layer")
    )
    if why is None and prefix and suffix[0].op_before != "&&" and not model.run(d).errexit_at_end(part):
        why = "it follows other commands with `;`, so moving it changes which failure fails the RUN"
    edits = None if why else _edits(model, d, part, pipes, k, cmds, owner, redundant)
    if edits is None:
        reason = why or "the commands cannot be moved as they are written"
        return SPEC.report((start, end), f"{message} (not moved automatically: {reason})")
    title = "Remove the deletion" if done else f"Delete them in the RUN at line {first.start_line}"
    return SPEC.report((start, end), message, SPEC.fix(title, *edits, applicability=None if unsafe else Applicability.SAFE))


def _elsewhere(model: Model, stage: Stage, part: ShellPart, cmds: list[Command], owner) -> str | None:
    """Why a deletion naming files relative to its working directory (`rm tool.tgz`) would
    delete other files at the end of the RUN that made them (it ends elsewhere), or None."""
    here = _cwd(model, stage, part.instruction)
    for c in cmds:
        creator = owner[id(c)]
        if deletion(c) is None and here(part, c) != _cwd_after(model, stage, creator):
            return f"it names them from a working directory the RUN at line {creator.start_line} does not end in"
    return None


def _handles_itself(part: ShellPart, prefix: list[Pipeline], targets: list[Target], here) -> bool:
    """The RUN makes (or, for a path, names) what it deletes before deleting it: no later
    deletion, or one that needs the RUNs merged (DS201; DS203 for a downloaded archive)."""
    return any(creates(c, t, here(part, c)) or (t.kind == "path" and uses(c, t, here(part, c)))
               for p in prefix for c in p.commands for t in targets)


def _deletes(p: Pipeline, cwd: str | None) -> bool:
    return len(p.commands) == 1 and deletion(p.commands[0], cwd) is not None


def _cwd(model: Model, stage: Stage, inst: Instruction) -> Callable[[ShellPart, Command], str | None]:
    """Where a command of the RUN runs (its WORKDIR and `cd`s), for relative names."""
    workdir = literal_workdir(model, stage, inst)
    return lambda part, cmd: cwd_from(workdir, part.script, cmd)


def _cwd_after(model: Model, stage: Stage, inst: Instruction) -> str | None:
    """The working directory at the end of the RUN, where appended commands run."""
    view = model.run(inst).view
    return cwd_at(model, stage, inst, view.parts[-1].script) if view.parts else None


def _creator(model: Model, stage: Stage, d: Instruction, t: Target):
    """(the last RUN before `d` creating the target, the instructions between), or None."""
    earlier = [i for i in stage.body if i.index < d.index]
    for n in range(len(earlier) - 1, -1, -1):
        inst = earlier[n]
        if inst.kind != "RUN":
            continue
        view = model.run(inst).readable
        if view is None:
            return None
        here = _cwd(model, stage, inst)
        if any(creates(cmd, t, here(part, cmd)) for part, cmd in view.commands()):
            return inst, earlier[n + 1 :]
    return None


def _between(model: Model, stage: Stage, between: list[Instruction], deleting, t: Target) -> str | None:
    """"uses" when something between (or before the deletion in its RUN: `deleting` is
    (the RUN, its script, the pipelines before the deletion)) visibly needs the files, "runs"
    when RUN commands run in between, else None."""
    d, part, prefix = deleting
    runs = bool(prefix)
    here = _cwd(model, stage, d)
    if any(uses(c, t, here(part, c)) for p in prefix for c in p.commands):
        return "uses"
    for inst in between:
        if inst.kind == "RUN":
            runs = True
            if t.kind in TOOL_WORDS and TOOL_WORDS[t.kind].search(inst.rest):
                return "uses"
            view, here = model.run(inst).readable, _cwd(model, stage, inst)
            if view is None or any(uses(c, t, here(part, c)) for part, c in view.commands()):
                return "uses"
        elif t.kind == "path" and (mentions(inst.text, t.path) or _copies_into(model, stage, inst, t.path)):
            return "uses"
    return "runs" if runs else None


def _copies_into(model: Model, stage: Stage, inst: Instruction, path: str) -> bool:
    """A COPY or ADD may write where the deletion reaches (`COPY . .` in WORKDIR /src, then
    `rm -rf ./*`): its destination, from its WORKDIR, is in the path (or not literal), or
    holds it and a source may bring it: one of its name (`COPY x.tgz .`), or a folder or
    glob whose content has any names. Moved earlier, the deletion would no longer delete it."""
    if inst.kind not in ("COPY", "ADD") or not inst.value:
        return False
    *sources, dest = inst.value
    where = None if "$" in dest else absolute_in(dest, literal_workdir(model, stage, inst))
    if where is None or under(where, path):
        return True
    if not under(path, where):
        return False
    if not (dest.endswith("/") or dest in (".", "..") or len(sources) > 1):
        return True  # a folder copied to `where`: any name
    name = path[len(where):].strip("/").split("/")[0]
    return any(_any_names(src) or fnmatch.fnmatchcase(name, posixpath.basename(src)) for src in sources)


def _any_names(source: str) -> bool:
    """A COPY source whose files may have any name: a folder (`src/`, `.`, a name without an
    extension), not a file such as `requirements.txt`."""
    base = posixpath.basename(source.rstrip("/"))
    return source.endswith("/") or "." not in base.strip(".") or "$" in source


def _edits(model: Model, d, part, pipes, k, cmds, owner, redundant) -> tuple[Edit, ...] | None:
    edits: list[Edit] = []
    groups: dict[int, tuple[Instruction, list[str]]] = {}
    for c in cmds:
        creator = owner[id(c)]
        entry = groups.setdefault(creator.index, (creator, []))
        if id(c) not in redundant:
            entry[1].append(command_text(part.script, c))
    for creator, texts in groups.values():
        if not texts:
            continue
        view = model.run(creator).view
        target = view.parts[-1] if view.parts else None
        if target is None or (creator.heredocs and not _heredoc_only(creator)):
            return None
        appended = append(target, texts, model.run(creator).shell)
        if not appended:
            return None
        edits.extend(appended)
    if k == 0 or all(is_set(p) or is_cd(p) for p in pipes[:k]):
        first = owner[id(cmds[0])]
        comments = comments_of(d)
        if d.index == first.index + 1:
            # only blank lines and comments stand between the two RUNs: they stay where they
            # are (a section heading, a region tag, a commented-out instruction)
            edits.extend(delete_instruction(d, keep_leading=True))
            comments = comments[len(comment_lines(d.leading)) :]
        else:
            edits.extend(delete_instruction(d))
        edits.extend(move_comments_above(first, comments))
    else:
        removed = remove_trailing(part, pipes, k)
        if not removed:
            return None
        edits.extend(removed)
    return tuple(edits)


def _heredoc_only(inst: Instruction) -> bool:
    """`RUN <<EOF` (or `RUN <<EOF sh`) with one heredoc: its body is the whole script."""
    words = inst.rest.split()
    return len(inst.heredocs) == 1 and len(words) <= 2 and (len(words) == 1 or words[1] in ("sh", "bash"))
