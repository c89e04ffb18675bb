"""Packages a runtime stage must install: the edits that add them.

Both the builder/runtime split (DS301, which knows the libraries from the package data and the
build context) and verify's repair loop (which measures them in a built image) end with the
same question: "make this stage install libpq5 and libxml2". The answer is one place:

- the stage already installs packages with its package manager: the names go at the end of
  its last readable `apt-get install` / `apk add`, where the user will look for them;
- it does not: a RUN right after the FROM installs them the way the passes would write it
  (`apt-get update && apt-get install -y --no-install-recommends … && rm -rf
  /var/lib/apt/lists/*`, or `apk add --no-cache …`), in the file's keyword case and newline.

Packages the stage (or a stage it is built FROM) already installs are not added twice.
"""

from __future__ import annotations

from collections.abc import Iterable

from ...optimizer.findings import Edit, apply_edits
from ...optimizer.model import Model, Stage, build_model
from ...optimizer.packages import ALPINE, DEBIAN, family_of
from ...optimizer.shellview import is_posix
from ...optimizer.syntax import parse
from .._apt import LISTS
from .._common import TOP, lineage
from .commands import package_installs
from .stage_text import keyword, newline

_NEW_RUN = {
    DEBIAN: "apt-get update && apt-get install -y --no-install-recommends {packages} && rm -rf " + LISTS + "/*",
    ALPINE: "apk add --no-cache {packages}",
}


def add_runtime_packages(model: Model, stage: Stage, packages: Iterable[str]) -> list[Edit] | str:
    """Edits that make `stage` install `packages` (none when it already does), or why not."""
    chain = lineage(stage)
    family = family_of(chain[0].base)
    if family is None:
        return f"the package manager of {chain[0].base or 'the base image'} is not known"
    installed = {n for s in chain for inst in s.runs() for ins in package_installs(s.run(inst)) for n in ins.names}
    wanted = [p for p in dict.fromkeys(packages) if p and p not in installed]
    if not wanted:
        return []
    if any(i.kind == "SHELL" and not is_posix(i.value) for s in chain for i in s.body):
        return "the stage runs a SHELL that is not a POSIX shell"
    target = _last_readable_install(stage, family)
    if target is not None:
        part, word = target
        return [Edit.insert(part.src_end(word.end), " " + " ".join(wanted))]
    nl = newline(model)
    frm = stage.from_
    before = "" if frm.source[frm.end - 1 : frm.end] == "\n" else nl
    run = keyword(model, "RUN") + " " + _NEW_RUN[family].format(packages=" ".join(wanted))
    return [Edit.insert(frm.end, before + run + nl)]


def with_runtime_packages(text: str, packages: Iterable[str]) -> str | None:
    """`text` with its final stage installing `packages`; None when that cannot be written."""
    model = build_model(parse(text))
    if model.final is None:
        return None
    edits = add_runtime_packages(model, model.final, packages)
    if isinstance(edits, str):
        return None
    return apply_edits(text, edits)


def _last_readable_install(stage: Stage, family: str):
    """(shell part, last package word) of the stage's last install dockslim can extend: its
    package manager's, at the script's top level, every package word a literal."""
    found = None
    for inst in stage.runs():
        for ins in package_installs(stage.run(inst)):
            cmd = ins.cmd
            ops = cmd.operands()
            if ins.manager != family or not ops or tuple(cmd.context) not in TOP:
                continue
            if any(w.value is None or w.value.endswith(".deb") for w in ops) or cmd.has_option("--virtual", "-t"):
                continue
            found = (ins.part, max(ops, key=lambda w: w.end))
    return found
