"""DS303 dev-stage: development-only tools are installed in the production image.

## What it does
Finds installs of development-only dependencies in the final image's last stage:
`pip install -r requirements-dev.txt` (any requirements file named for dev, test, lint, ci or
debug: `requirements/test.txt`, `dev-requirements.txt`), `pip install pytest ipdb debugpy
pydevd-pycharm ...` (only test, lint and debug tools), `npm install -g nodemon ...`, and
moves them into a `dev` stage built FROM the runtime stage. The layout is:

    FROM python:3.11-slim AS runtime      <- the former final stage, named
    ...                                   <- unchanged, minus the dev installs
    CMD ["gunicorn", "app.wsgi"]

    FROM runtime AS dev                   <- `docker build --target dev`
    RUN pip install -r requirements-dev.txt

    FROM runtime                          <- the default target: the runtime image as is

A stage can only be built FROM an earlier one, so the dev stage follows the runtime stage;
since `docker build` without `--target` builds the last stage, an empty `FROM runtime` ends
the file and the default image is exactly the runtime stage (same layers, same
configuration). The dev stage repeats the WORKDIR and USER the install ran with when they
changed later in the stage, and restores the final ones after it.

## Why it makes the image smaller
Test runners, debuggers, linters and type checkers (pytest, ipython, mypy, black, debugpy:
typically 30-150 MB with their dependencies) are never used by the running service. In a
`dev` stage they are built only when asked for (`docker build --target dev`), and a
default build skips that stage entirely.

## Example
    FROM python:3.11-slim
    COPY requirements.txt requirements-dev.txt ./
    RUN pip install -r requirements.txt
    RUN pip install -r requirements-dev.txt
    CMD ["python", "app.py"]
becomes
    FROM python:3.11-slim AS runtime
    COPY requirements.txt requirements-dev.txt ./
    RUN pip install -r requirements.txt
    CMD ["python", "app.py"]

    FROM runtime AS dev
    RUN pip install -r requirements-dev.txt

    FROM runtime

## Fix safety
Unsafe: the default image no longer has the tools, and something may run them in it (a CI
job that runs `pytest` in the production image should build `--target dev`). The dev install
now runs after the rest of the stage, on top of the application files; left alone when its
command uses variables (ARGs are not inherited by the dev stage), is part of a compound
command or a pipeline, cannot be cut out of its RUN (a comment line inside, `||`), when a
requirements file mixes production and dev files on one command, or when the final stage is
built FROM another stage of the file. Also left alone, with a note saying why, when the
image exists for development or tests, so the tools are what it is for:
- its path says so: a `.devcontainer/` file, a name such as `Dockerfile.dev`,
  `Dockerfile.test`, `Dockerfile-ci`, `test.Dockerfile`, or a `dev/`, `test/`, `ci/` folder
  (the command line, the language server, the bot and verify hand the path in);
- CMD or ENTRYPOINT runs the tests (`pytest`, `python -m pytest`, `tox`, `npm test`,
  `npm run test:ci`, `go test`, `bundle exec rspec`, `python manage.py test`, ...) or a
  notebook server (`jupyter lab`), the base is a notebook image (`jupyter/*-notebook`), or
  Jupyter is installed;
- it installs a browser-test harness (xvfb, geckodriver, chromedriver);
- no other command of any stage installs the application's dependencies (`pip install -r
  environments/dev/requirements.txt` is the only Python install; an image that only installs
  flake8 and black; `npm install -g nodemon` with no `npm ci`), or CMD, ENTRYPOINT or
  HEALTHCHECK runs one of the tools (`nodemon server.js`).

## How verify shows it
The default image loses the dev packages' files (`site-packages/pytest`, ...); `verify`
compares the default target, whose configuration stays the same.

## Related hadolint rule
None.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from ...optimizer.findings import Applicability, Edit, Finding
from ...optimizer.model import Model, Stage
from ...optimizer.rules import Options, PassSpec, Phase
from ...optimizer.run import Run
from ...optimizer.scriptfacts import pipelines
from ...optimizer.shell import Command
from ...optimizer.syntax import Instruction
from .._layers import workdir_before
from .commands import is_housekeeping
from .cuts import remove_pipelines
from .dev_image import development_image, is_dev
from .stage_text import image_word, instruction_copy, keyword, newline, unused_name

SPEC = PassSpec(
    code="DS303",
    name="dev-stage",
    phase=Phase.STAGES,
    summary="Move development-only installs (pytest, debuggers, requirements-dev.txt) into a dev stage",
    applicability=Applicability.UNSAFE,
    kinds=("FROM", "RUN"),
)


def check(model: Model, options: Options) -> Iterator[Finding]:
    if not model.stages or model.final.parent is not None:
        return
    stage = model.final
    found = dev_installs(stage)
    if not found:
        return
    first, _ = found[0]
    moves = development_image(model, stage, found, options.extra.get("path")) or _moves(stage, found)
    if isinstance(moves, str):
        yield SPEC.left_alone((first.start, first.end), moves)
        return
    runtime = stage.alias or unused_name(model, "runtime", "production")
    dev = unused_name(model, "dev", "development")
    edits = [edit for _, _, edit in moves]
    if not stage.alias:
        _, end, _ = image_word(stage.from_)
        edits.append(Edit.insert(end, f" {'AS' if stage.from_.keyword.isupper() else 'as'} {runtime}"))
    edits.append(Edit.insert(len(model.dockerfile.text), dev_stage(model, stage, runtime, dev, moves)))
    inst, cmd = found[0]
    part = next(p for p, c in stage.run(inst).view.commands() if c is cmd)
    fix = SPEC.fix(f"Move the install into a `{dev}` stage built FROM `{runtime}`", *edits)
    yield SPEC.report(part.span(cmd), "development-only tools are installed in the production image; "
                      "install them in a `dev` stage", fix)


def dev_installs(stage: Stage) -> list[tuple[Instruction, Command]]:
    """The development-only installs of the stage's readable RUNs."""
    return [(inst, cmd) for inst in stage.runs() if stage.run(inst).readable is not None
            for _, cmd in stage.run(inst).view.commands() if is_dev(cmd)]


def _moves(stage: Stage, found: list[tuple[Instruction, Command]]) -> list[tuple[Instruction, str, Edit]] | str:
    """For each RUN with dev installs: (the RUN, its text for the dev stage, the edit taking
    the installs out of it); or why one cannot be cut out."""
    moves = []
    for inst in dict.fromkeys(i for i, _ in found):
        move = cut(stage.run(inst), [c for i, c in found if i is inst])
        if isinstance(move, str):
            return move
        moves.append((inst, *move))
    return moves


def cut(run: Run, cmds: list[Command]) -> tuple[str, Edit] | str:
    """(the RUN text for the dev stage, the edit taking it out of the runtime stage)."""
    inst, view = run.inst, run.view
    where = f"line {inst.start_line}"
    if len(view.parts) != 1 or view.parts[0].is_heredoc:
        return f"{where}: a heredoc RUN"
    part = view.parts[0]
    pipes = pipelines(part.script)
    drop = []
    for cmd in cmds:
        if cmd.context:
            return f"{where}: the dev install is part of a compound command or pipeline"
        if "$" in part.script.text[cmd.start : cmd.end]:
            return f"{where}: the dev install uses variables"
        drop.extend(k for k, p in enumerate(pipes) if any(c is cmd for c in p.commands))
    others = [p for k, p in enumerate(pipes) if k not in drop]
    if not others or all(all(is_housekeeping(c) for c in p.commands) for p in others):
        return instruction_copy(inst, True), Edit.delete(inst.leading_start, inst.end)
    edit = None
    if len(drop) == 1:
        edit = remove_pipelines(part, pipes, drop)
    if edit is None:
        return f"{where}: the dev install cannot be cut out of its RUN"
    # the command as written, continuation lines and their indentation included (the logical
    # text would glue the indentation of a continued line into the command)
    pipe = pipes[drop[0]]
    body = inst.source[part.src(pipe.start) : part.src_end(pipe.end)]
    flags = "".join(inst.source[f.start : f.end] + " " for f in inst.flags)
    nl = inst.line_ending or "\n"
    return f"{inst.keyword} {flags}{body}{nl}", edit


def user_before(stage: Stage, index: int | None) -> str:
    user = "root"
    for inst in stage.body:
        if index is not None and inst.index >= index:
            break
        if inst.kind == "USER" and inst.value:
            user = inst.value[0]
    return user


def dev_stage(model: Model, stage: Stage, runtime: str, dev: str, moves) -> str:
    nl = newline(model)
    kw = lambda k: keyword(model, k)
    final_wd = posixpath.normpath(workdir_after(model, stage))
    final_user = user_before(stage, None)
    text = model.dockerfile.text
    out = [nl] if text and not text.endswith("\n") else []
    out.append(f"{nl}{kw('FROM')} {runtime} {'AS' if kw('FROM').isupper() else 'as'} {dev}{nl}")
    wd, user = final_wd, final_user
    for inst, run_text, _ in moves:
        want_wd = workdir_before(model, stage, inst)
        want_user = user_before(stage, inst.index)
        if want_wd != wd:
            out.append(f"{kw('WORKDIR')} {want_wd}{nl}")
            wd = want_wd
        if want_user != user:
            out.append(f"{kw('USER')} {want_user}{nl}")
            user = want_user
        out.append(run_text)
    if user != final_user:
        out.append(f"{kw('USER')} {final_user}{nl}")
    if wd != final_wd:
        out.append(f"{kw('WORKDIR')} {final_wd}{nl}")
    out.append(f"{nl}{kw('FROM')} {runtime}{nl}")
    return "".join(out)


def workdir_after(model: Model, stage: Stage) -> str:
    cwd = workdir_before(model, stage, stage.body[0]) if stage.body else "/"
    for inst in stage.body:
        if inst.kind == "WORKDIR" and inst.value:
            cwd = posixpath.normpath(posixpath.join(cwd, inst.value[0]))
    return cwd
