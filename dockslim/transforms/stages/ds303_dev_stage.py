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
import re
from collections.abc import Iterator

from ...optimizer.findings import Applicability, Edit, Finding, Fix
from ...optimizer.model import Model, Stage
from ...optimizer.packages import is_build_step
from ...optimizer.rules import Options, PassSpec, Phase
from ...optimizer.scriptfacts import pipelines
from ...optimizer.shell import Command, parse_shell
from ...optimizer.syntax import Instruction
from .._common import lineage, root_of
from .._layers import workdir_before
from .commands import exec_words, is_housekeeping, programs, sub_of
from .cuts import remove_pipelines
from .pip import DEV_TOOLS, is_pip, pip_args, pip_kind, spec_name
from .stage_text import image_word, instruction_copy, keyword, newline, unused_name

SPEC = PassSpec(
    code="DS303",
    name="dev-stage",
    phase=Phase.STAGES,
    summary="Move development-only installs (pytest, debuggers, requirements-dev.txt) into a dev stage",
    applicability=Applicability.UNSAFE,
    kinds=("FROM", "RUN"),
)

NODE_DEV_TOOLS = frozenset({"nodemon", "node-dev", "ts-node-dev", "jest", "mocha", "eslint", "prettier"})


def is_dev(cmd: Command) -> bool:
    if is_pip(cmd) and sub_of(cmd) == "install":
        return pip_kind(cmd) == "dev"
    if cmd.program == "npm" and sub_of(cmd) in ("install", "i") and cmd.has_option("-g", "--global"):
        names = [(w.value or "").rsplit("@", 1)[0] if not (w.value or "").startswith("@") else w.value for w in cmd.operands()]
        return bool(names) and all(n in NODE_DEV_TOOLS for n in names)
    return False


def check(model: Model, options: Options) -> Iterator[Finding]:
    if not model.stages:
        return
    stage = model.final
    if stage.parent is not None:
        return
    found: list[tuple[Instruction, Command]] = []
    for inst in stage.runs():
        view = inst.shell
        if view is None or not view.ok:
            continue
        for _, cmd in view.commands():
            if is_dev(cmd):
                found.append((inst, cmd))
    if not found:
        return
    first = found[0][0]
    reason = development_image(model, stage, found, options.extra.get("path"))
    moves: list[tuple[Instruction, str, Edit]] = []
    for inst in dict.fromkeys(i for i, _ in found) if reason is None else ():
        cmds = [c for i, c in found if i is inst]
        move = cut(inst, cmds)
        if isinstance(move, str):
            reason = move
            break
        moves.append((inst, *move))
    if reason:
        yield Finding.left_alone(SPEC.code, reason, first.start, first.end)
        return
    runtime = stage.alias or unused_name(model, "runtime", "production")
    dev = unused_name(model, "dev", "development")
    edits = [edit for _, _, edit in moves]
    if not stage.alias:
        _, end, _ = image_word(stage.from_)
        edits.append(Edit.insert(end, f" {'AS' if stage.from_.keyword.isupper() else 'as'} {runtime}"))
    edits.append(Edit.insert(len(model.dockerfile.text), dev_stage(model, stage, runtime, dev, moves)))
    inst, cmd = found[0]
    part = next(p for p, c in inst.shell.commands() if c is cmd)
    start, end = part.span(cmd)
    yield Finding(
        SPEC.code,
        "development-only tools are installed in the production image; install them in a `dev` stage",
        start,
        end,
        Fix(f"Move the install into a `{dev}` stage built FROM `{runtime}`", Applicability.UNSAFE, tuple(edits)),
    )


def ecosystem(cmd: Command) -> str | None:
    """"python" or "node" when the command installs the application's own dependencies
    (not dev tools, not pip/setuptools/poetry themselves, not global tools)."""
    tool, sub = cmd.tool, sub_of(cmd)
    if is_dev(cmd):
        return None
    if is_pip(cmd):
        return "python" if sub == "install" and pip_kind(cmd) != "tooling" else None
    if tool == "pip-sync" or (tool in ("pipenv", "poetry", "pdm", "uv") and is_build_step(cmd)):
        return "python"
    if tool and tool.startswith("python") and any((w.value or "").endswith("setup.py") for w in cmd.tool_args[:1]):
        return "python"
    if cmd.program in ("npm", "pnpm") and sub in ("ci", "install", "i") and not cmd.has_option("-g", "--global"):
        return "node"
    if cmd.program == "yarn" and sub in (None, "install") and not cmd.operands():
        return "node"
    return None


def dev_tool_names(cmd: Command) -> set[str]:
    """The packages a dev install names (not those of its requirements files)."""
    if cmd.program == "npm":
        return {(w.value or "").rsplit("@", 1)[0] or (w.value or "") for w in cmd.operands()}
    args = pip_args(cmd) or []
    return {spec_name(a.value or "") for a in args if a.option is None}


def development_image(model: Model, stage: Stage, found: list[tuple[Instruction, Command]],
                      path: str | None = None) -> str | None:
    """Why the image looks like a development image itself, in which the dev tools belong:
    its file is named or placed for development (`.devcontainer/Dockerfile`,
    `Dockerfile.test`), it runs tests or notebooks, it installs a browser-test harness, the
    dev install is the only install of the application's dependencies in the whole file
    (`pip install -r environments/dev/requirements.txt` of a `Dockerfile.dev`), or CMD,
    ENTRYPOINT or HEALTHCHECK runs one of the tools."""
    reason = dev_path(path) or runs_tests_or_notebooks(model, stage) or test_harness(model, stage)
    if reason:
        return reason
    installed = {e for s in model.stages for i in s.runs() if i.shell is not None for _, c in i.shell.commands()
                 if (e := ecosystem(c)) is not None}
    for inst, cmd in found:
        kind = "node" if cmd.program == "npm" else "python"
        if kind not in installed:
            what = "Node" if kind == "node" else "Python"
            return (f"line {inst.start_line}: the dev install is the only install of the application's "
                    f"{what} dependencies (a development image, which needs it)")
    tools = set(DEV_TOOLS) | NODE_DEV_TOOLS | {n for _, c in found for n in dev_tool_names(c)}
    for inst in stage.body:
        if inst.kind not in ("CMD", "ENTRYPOINT", "HEALTHCHECK"):
            continue
        words = exec_words(inst) if inst.kind != "HEALTHCHECK" else []
        run = set(programs(inst)) | {posixpath.basename(w) for w in words[:1]}
        run |= {words[k + 1] for k, w in enumerate(words[:-1]) if w == "-m" or posixpath.basename(w) == "npx"}
        used = sorted(run & tools - {""})
        if used:
            return f"line {inst.start_line}: {inst.kind} runs {used[0]}, a development tool the image needs"
    return None


# what a file's name or folder says about its purpose: `Dockerfile.dev`, `test.Dockerfile`,
# `Dockerfile-ci`, `.devcontainer/Dockerfile`, `docker/test/Dockerfile`
DEV_WORDS = frozenset({"dev", "devel", "develop", "development", "devcontainer", "test", "tests", "testing", "ci",
                       "debug", "lint"})
DEV_FOLDERS = DEV_WORDS | {".devcontainer", ".ci"}


def dev_path(path: str | None) -> str | None:
    """Why the Dockerfile's path makes it a development or test image, or None."""
    if not path or path == "-":
        return None
    parts = path.replace("\\", "/").split("/")
    name = parts[-1].lower()
    if ".devcontainer" in parts:
        return "the file is a devcontainer's (`.devcontainer/`): a development image, which needs its tools"
    words = re.split(r"[._-]", name)
    if not {"dockerfile", "containerfile"} & set(words):
        return None
    if DEV_WORDS & set(words) or (len(parts) > 1 and parts[-2].lower() in DEV_FOLDERS):
        shown = "/".join(parts[-2:]) if len(parts) > 1 and parts[-2].lower() in DEV_FOLDERS else parts[-1]
        return f"the file is named for development or tests (`{shown}`): an image that needs its tools"
    return None


# programs whose run is a test suite, and tools whose `test` subcommand is one
TEST_PROGRAMS = frozenset({"pytest", "py.test", "tox", "nox", "unittest", "jest", "mocha", "karma", "vitest", "ava",
                           "cypress", "playwright", "newman", "rspec", "phpunit", "pest", "behave", "robot",
                           "cucumber", "xvfb-run"})
TEST_RUNNERS = frozenset({"npm", "yarn", "pnpm", "bun", "go", "cargo", "mvn", "mvnw", "gradle", "gradlew", "make",
                          "dotnet", "mix", "rake", "manage.py", "artisan"})
TEST_SUBCOMMANDS = frozenset({"test", "t", "tests", "check", "verify", "spec"})
# words that start another program: `bundle exec rspec`, `poetry run pytest`, `python -m pytest`
LAUNCHERS = frozenset({"exec", "env", "bundle", "poetry", "pipenv", "uv", "pdm", "hatch", "npx", "run", "coverage",
                       "dumb-init", "tini", "gosu", "php", "node", "--"})
NOTEBOOK_PROGRAMS = frozenset({"jupyter", "jupyter-lab", "jupyter-notebook", "jupyterhub-singleuser",
                               "start-notebook.sh", "start-notebook.py", "start-singleuser.sh", "voila"})
NOTEBOOK_PACKAGES = frozenset({"jupyter", "jupyterlab", "notebook", "jupyterhub", "voila"})
# packages and downloads that only a browser test suite needs
TEST_HARNESS = frozenset({"xvfb", "geckodriver", "chromedriver", "chromium-driver"})
_SHELLS = frozenset({"sh", "bash", "ash", "dash"})


def command_words(inst: Instruction) -> list[list[str]]:
    """The commands of a CMD or ENTRYPOINT as word lists (`sh -c "..."` looked into)."""
    if inst.is_json:
        words = list(inst.value)
        if len(words) < 3 or posixpath.basename(words[0]) not in _SHELLS or words[1] != "-c":
            return [words]
        text = words[2]
    else:
        text = inst.rest
    return [[w.value or "" for w in c.argv] for c in parse_shell(text).commands]


def test_runner(words: list[str]) -> str | None:
    """The test runner a command starts (`pytest`, `npm test`, `bundle exec rspec`), or None."""
    names = [posixpath.basename(w) for w in words]
    i = 0
    while i < len(names) - 1 and (names[i] in LAUNCHERS or names[i].startswith("-") or "=" in names[i]
                                  or re.fullmatch(r"python[\d.]*", names[i])):
        i += 1
    rest = names[i:]
    if rest and rest[0] in TEST_PROGRAMS:
        return rest[0]
    if len(rest) > 1 and rest[0].lstrip("./") in TEST_RUNNERS:
        sub = rest[2] if rest[1] == "run" and len(rest) > 2 else rest[1]
        if sub.split(":")[0] in TEST_SUBCOMMANDS:
            return " ".join(words[i : i + 2 + (rest[1] == "run")])
    return None


def runs_tests_or_notebooks(model: Model, stage: Stage) -> str | None:
    """Why the final stage is a test or notebook image: its command runs the tests or a
    notebook server, it is built on a notebook image, or it installs Jupyter."""
    for inst in stage.body:
        if inst.kind not in ("CMD", "ENTRYPOINT"):
            continue
        where = f"line {inst.start_line}: {inst.kind}"
        for words in command_words(inst):
            runner = test_runner(words)
            if runner:
                return f"{where} runs the tests (`{runner}`): a test image, which needs its tools"
            if words and posixpath.basename(words[0]) in NOTEBOOK_PROGRAMS:
                return f"{where} starts {posixpath.basename(words[0])}: a notebook image, which needs its tools"
    base = root_of(stage).base.lower()
    if re.search(r"(^|/)jupyter/|notebook", base):
        return f"the base image {root_of(stage).base} is a notebook image, which needs its tools"
    for s in lineage(stage):
        for inst in s.runs():
            for _, cmd in inst.shell.commands() if inst.shell is not None else ():
                if (is_pip(cmd) or cmd.program in ("conda", "mamba", "micromamba")) and sub_of(cmd) == "install":
                    names = {spec_name(w.value or "").lower() for w in cmd.operands()}
                    if names & NOTEBOOK_PACKAGES:
                        return (f"line {inst.start_line}: installs {sorted(names & NOTEBOOK_PACKAGES)[0]}: "
                                "a notebook image, which needs its tools")
    return None


def test_harness(model: Model, stage: Stage) -> str | None:
    """Why the final stage is a browser-test image: it installs xvfb or a WebDriver."""
    for s in lineage(stage):
        for inst in s.runs():
            if inst.shell is None:
                continue
            for _, cmd in inst.shell.commands():
                words = {posixpath.basename((w.value or "").split("?")[0]).lower() for w in cmd.argv}
                found = sorted(h for h in TEST_HARNESS if any(w == h or w.startswith(h + "-") for w in words))
                if found:
                    return (f"line {inst.start_line}: installs {found[0]}, a browser-test harness: "
                            "a test image, which needs its tools")
    return None


def cut(inst: Instruction, cmds: list[Command]) -> tuple[str, Edit] | str:
    """(the RUN text for the dev stage, the edit taking it out of the runtime stage)."""
    view = inst.shell
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
