"""Build-only packages taken out of a runtime stage's installs: each replaced by the runtime
packages it stands for (`libpq-dev` -> `libpq5`) or deleted (`gcc`), and a RUN left with
nothing but housekeeping deleted whole."""


from typing import NamedTuple

from ...optimizer.edits import replace_word
from ...optimizer.findings import Edit
from ...optimizer.packages import (
    brings_libstdcxx, brings_python, compiled_runtime, family_of, interpreter_for, is_build_only, package_name,
    release_of, runtime_for,
)
from ...optimizer.run import Run
from ...optimizer.scriptfacts import pipelines
from ...optimizer.shell import Command
from .._apt import HIDDEN
from .commands import Install, is_housekeeping, is_index_update, package_installs
from .cuts import delete_span, merge, remove_pipelines


class PackageEdit(NamedTuple):  # a named tuple: a dataclass costs every start a millisecond
    edits: tuple[Edit, ...]
    kept: tuple[str, ...]  # packages the install still installs
    removed: tuple[str, ...]  # build-only packages taken out


def runtime_package_edit(ins: Install, base: str, extra: tuple[str, ...] = (),
                         drop: frozenset[str] = frozenset()) -> PackageEdit | None:
    """Build-only packages of one install replaced by the runtime packages they stand for
    (`libpq-dev` -> `libpq5`), or deleted (`gcc`, and the packages in `drop`), and the
    `extra` runtime packages added (in the place of a build-only word when there is one, so
    no two edits touch); None when the package list has words dockslim cannot read."""
    cmd, part = ins.cmd, ins.part
    ops = cmd.operands()
    if any(w.value is None or w.value.endswith(".deb") for w in ops) or ins.cmd.has_option("--virtual", "-t"):
        return None
    names = [package_name(w.value) for w in ops]
    release = release_of(base)

    def build(name: str) -> bool:
        return name in drop or is_build_only(name, ins.manager, release)

    present = [n for n in names if not build(n)]
    added: list[str] = []
    edits: list[Edit] = []
    removed: list[str] = []
    gone = []  # words deleted outright
    for w, name in zip(ops, names):
        if not build(name):
            continue
        removed.append(name)
        wanted = list(runtime_for(name, ins.manager, release))
        if not brings_libstdcxx(base):  # what the compiler built links its libraries (g++: libstdc++ on Alpine)
            wanted += compiled_runtime(name, ins.manager)
        interpreter = interpreter_for(name, ins.manager)
        if interpreter and not brings_python(base):
            wanted.append(interpreter)
        new = [r for r in wanted if r not in present and r not in added]
        if new:
            added.extend(new)
            edits.extend(replace_word(part, w, " ".join(new)))
        else:
            gone.append(w)
    more = [p for p in dict.fromkeys(extra) if p not in present and p not in added]
    if more:
        added.extend(more)
        if edits:
            last = edits[-1]
            edits[-1] = Edit(last.start, last.end, f"{last.text} {' '.join(more)}")
        elif gone:
            w = gone.pop()
            edits.extend(replace_word(part, w, " ".join(more)))
        else:
            edits.append(Edit.insert(part.src_end(max(ops, key=lambda x: x.end).end), " " + " ".join(more)))
    words = sorted(cmd.words, key=lambda x: x.start)
    source = part.instruction.source
    deletions: list[tuple[int, int]] = []
    for w in gone:
        # the last word standing before it (install, an option, a package that stays)
        before = [x for x in words if x.start < w.start and not any(x is g for g in gone)][-1]
        span = delete_span(source, part.src(w.start), part.src_end(w.end), part.src_end(before.end), part.instruction.escape)
        if span is None:
            return None
        deletions.append(span)
    edits.extend(Edit.delete(s, e) for s, e in merge(deletions))
    if any(d.start < e.end and e.start < d.end for d in edits if d.text == "" for e in edits if e.text):
        return None
    return PackageEdit(tuple(edits), tuple(present + added), tuple(removed))




class RunEdit(NamedTuple):  # a named tuple: a dataclass costs every start a millisecond
    edits: tuple[Edit, ...]
    deleted: bool  # the whole RUN goes
    kept: tuple[str, ...]




def runtime_install_run(run: Run, base: str, extra: tuple[str, ...] = (),
                        drop: frozenset[str] = frozenset()) -> RunEdit | str:
    """The edits that leave only runtime packages in a RUN's installs, or why it cannot;
    `extra` runtime packages go into its last install of the base image's package manager,
    packages in `drop` go as build-only ones do.

    An install left with no package goes, with the index update before it when no other
    install of the RUN needs it; a RUN left with nothing but such housekeeping goes whole."""
    inst, view = run.inst, run.view
    installs = package_installs(run)
    family = family_of(base)
    target = next((ins for ins in reversed(installs) if ins.manager == family), None) if extra else None
    changes = []
    for ins in installs:
        if HIDDEN.intersection(ins.cmd.context) or "pipeline" in ins.cmd.context:
            return f"line {inst.start_line}: a package install dockslim cannot follow"
        change = runtime_package_edit(ins, base, extra if ins is target else (), drop)
        if change is None:
            return f"line {inst.start_line}: a package list dockslim cannot edit"
        changes.append(change)
    kept = tuple(p for c in changes for p in c.kept)
    if not any(c.edits for c in changes):
        return RunEdit((), False, kept)
    word_edits = tuple(e for c in changes if c.kept for e in c.edits)
    empty = [ins.cmd for ins, c in zip(installs, changes) if not c.kept]
    if not empty:
        return RunEdit(word_edits, False, kept)
    if len(view.parts) != 1:
        return f"line {inst.start_line}: a RUN with several scripts"
    part = view.parts[0]
    pipes = pipelines(part.script)
    others = len(empty) < len(installs)

    def is_empty_install(c: Command) -> bool:
        return any(c is e for e in empty)

    if not others and all(is_housekeeping(c) or is_empty_install(c) for p in pipes for c in p.commands):
        return RunEdit((Edit.delete(inst.leading_start, inst.end),), True, kept)
    drop = [
        k for k, p in enumerate(pipes)
        if any(is_empty_install(c) for c in p.commands)
        or (not others and all(is_index_update(c) for c in p.commands))
    ]
    edit = remove_pipelines(part, pipes, drop)
    if edit is None:
        return f"line {inst.start_line}: the install of build-only packages cannot be cut out of its RUN"
    return RunEdit((edit, *word_edits), False, kept)
