"""A Python split that keeps the virtual environment the stage creates (`python3 -m venv
/opt/venv`): built in the builder, copied whole into the runtime stage."""

from __future__ import annotations

import posixpath
import re

from ...optimizer.findings import Edit
from ...optimizer.model import Model, Stage
from ...optimizer.packages import brings_python
from ...optimizer.scriptfacts import pipelines
from ...optimizer.shell import Command
from ...optimizer.syntax import Instruction
from .._layers import workdir_before
from .build_only import RunEdit
from .commands import is_housekeeping, package_installs
from .cuts import remove_pipelines
from .plan import builder_text, hidden, leftover_updates, runtime_package_edits
from .stage_text import keyword, newline

# packages that only create virtual environments or install into them: a copied venv needs
# none of them at run time, only the interpreter its pyvenv.cfg points to
VENV_TOOLS = frozenset({"python3-venv", "python3-pip", "python3-virtualenv", "virtualenv"})
_VENV_TOOL = re.compile(r"python3\.\d+-venv")


def venv_of(model: Model, stage: Stage, pips: list) -> str | None:
    """The virtual environment the stage creates (`python3 -m venv /opt/venv`, `virtualenv
    /opt/venv`) when every `pip install` installs into it (its own pip, an `ENV PATH` with
    its bin folder first, or its `activate` sourced in the same RUN) and no USER comes before
    them (the builder runs as root: the copy would change the files' owner)."""
    made = set()
    for inst in stage.runs():
        for _, cmd in model.run(inst).view.commands():
            if cmd.python_module == "venv" or cmd.program == "virtualenv":
                ops = cmd.operands(after_subcommand=False)
                if hidden(cmd) or not ops or ops[-1].value is None:
                    return None
                made.add(posixpath.normpath(posixpath.join(workdir_before(model, stage, inst), ops[-1].value)))
    if len(made) != 1 or not pips:
        return None
    venv = made.pop()
    last = max(inst.index for inst, *_ in pips)
    if any(i.kind == "USER" for i in stage.body if i.index < last):
        return None
    return venv if all(_into(model, stage, inst, cmd, venv) for inst, _, cmd, _ in pips) else None


def _into(model: Model, stage: Stage, inst: Instruction, cmd: Command, venv: str) -> bool:
    word = cmd.program_word.value if cmd.program_word is not None else None
    if word and "/" in word:
        return posixpath.normpath(posixpath.join(workdir_before(model, stage, inst), word)).startswith(venv + "/bin/")
    bin_dir = venv + "/bin"
    if any(i.kind == "ENV" and "PATH" in i.rest and bin_dir in i.rest for i in stage.body if i.index < inst.index):
        return True
    return any(
        c.program in (".", "source") and any(w.value == bin_dir + "/activate" for w in c.operands(after_subcommand=False))
        for _, c in model.run(inst).view.commands() if c.start < cmd.start
    )


def venv_split(model: Model, stage: Stage, venv: str, pips: list, runs: dict[int, RunEdit],
               wanted: tuple[str, ...], name: str) -> tuple[str, list[Edit], str] | None:
    """(builder, runtime edits, venv) of a split whose builder creates the virtual environment
    and installs into it, and whose runtime copies it whole (COPY --from) instead of
    creating it again; None when the commands cannot be cut out of their RUNs (the wheels
    plan is used then)."""
    nl = newline(model)
    runs = dict(runs)  # the wheels plan keeps the caller's
    interpreter = () if brings_python(stage.base) else ("python3",)
    package_edits = runtime_package_edits(model, stage, runs, (*interpreter, *wanted), _venv_tools(stage))
    dropped: dict[int, list[Command]] = {}
    for inst in stage.runs():
        for _, cmd in model.run(inst).view.commands():
            creates = cmd.python_module == "venv" or cmd.program == "virtualenv"
            activates = cmd.program in (".", "source") and any((w.value or "").endswith("/bin/activate") for w in cmd.args)
            if creates or activates or any(cmd is p[2] for p in pips):
                dropped.setdefault(inst.index, []).append(cmd)
    edits: list[Edit] = []
    deleted: set[int] = set()
    for index, cmds in dropped.items():
        inst = model.instructions[index]
        view = model.run(inst).view
        if len(view.parts) != 1:
            return None
        part = view.parts[0]
        pipes = pipelines(part.script)

        def gone(c: Command) -> bool:
            return any(c is d for d in cmds)

        if all(gone(c) or is_housekeeping(c) for p in pipes for c in p.commands):
            deleted.add(index)
            continue
        drop = [k for k, p in enumerate(pipes) if all(gone(c) for c in p.commands)]
        if any(gone(c) for k, p in enumerate(pipes) if k not in drop for c in p.commands):
            return None
        edit = remove_pipelines(part, pipes, drop)
        if edit is None or any(edit.start < e.end and e.start < edit.end for e in runs.get(index, RunEdit((), False, ())).edits):
            return None  # the RUN's install is edited too, next to the commands that go
        edits.append(edit)
    target = model.instructions[max(inst.index for inst, *_ in pips)]
    copy = f"{keyword(model, 'COPY')} --from={name} {venv} {venv}{nl}"
    ends = target.source[target.end - 1 : target.end] == "\n"
    for index in deleted:
        inst = model.instructions[index]
        if inst is target:
            edits.append(Edit(inst.start, inst.end, copy if ends else copy.rstrip("\r\n")))
        else:
            edits.append(Edit.delete(inst.leading_start, inst.end))
    if target.index not in deleted:
        edits.append(Edit.insert(target.end, ("" if ends else nl) + copy))
    edits.extend(package_edits)
    for change in runs.values():
        edits.extend(change.edits)
    edits.extend(leftover_updates(stage, runs))
    builder = builder_text(model, stage, target.index, name, {}, [])
    return builder, edits, venv


def _venv_tools(stage: Stage) -> frozenset[str]:
    names = {n for inst in stage.runs() for x in package_installs(stage.run(inst)) for n in x.names}
    return VENV_TOOLS | {n for n in names if _VENV_TOOL.fullmatch(n)}
