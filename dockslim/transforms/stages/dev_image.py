"""What makes an install development-only (test runners, debuggers, linters: `pip install -r
requirements-dev.txt`, `npm install -g nodemon`), and what makes an image a development or
test image itself, in which such tools belong."""

import posixpath
import re

from ...optimizer.model import Model, Stage
from ...optimizer.packages import is_build_step
from ...optimizer.shell import Command, parse_shell
from ...optimizer.shellview import posix_program
from ...optimizer.syntax import Instruction
from .._common import lineage, root_of
from .commands import exec_words, programs, sub_of
from .pip import DEV_TOOLS, is_pip, pip_args, pip_kind, spec_name

NODE_DEV_TOOLS = frozenset({"nodemon", "node-dev", "ts-node-dev", "jest", "mocha", "eslint", "prettier"})


def is_dev(cmd: Command) -> bool:
    if is_pip(cmd) and sub_of(cmd) == "install":
        return pip_kind(cmd) == "dev"
    if cmd.program == "npm" and sub_of(cmd) in ("install", "i") and cmd.has_option("-g", "--global"):
        names = [(w.value or "").rsplit("@", 1)[0] if not (w.value or "").startswith("@") else w.value for w in cmd.operands()]
        return bool(names) and all(n in NODE_DEV_TOOLS for n in names)
    return False


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
    installed = {e for s in model.stages for i in s.runs() if s.run(i).view is not None for _, c in s.run(i).view.commands()
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
        run = set(programs(stage, inst)) | {posixpath.basename(w) for w in words[:1]}
        run |= {words[k + 1] for k, w in enumerate(words[:-1]) if w == "-m" or posixpath.basename(w) == "npx"}
        used = sorted(run & tools - {""})
        if used:
            return f"line {inst.start_line}: {inst.kind} runs {used[0]}, a development tool the image needs"
    return None


def development_purpose(model: Model, stage: Stage, path: str | None) -> str | None:
    """Why the image is one to develop or test in (a devcontainer, `Dockerfile.dev`, a CMD
    that runs the tests or a notebook server): its tools, their recommended helpers (git's
    ssh and pager) and its compilers are what it is for, so the package passes leave it be."""
    return dev_path(path) or runs_tests_or_notebooks(model, stage)


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


def command_words(inst: Instruction) -> list[list[str]]:
    """The commands of a CMD or ENTRYPOINT as word lists (`sh -c "..."` looked into)."""
    if inst.is_json:
        words = list(inst.value)
        if len(words) < 3 or not posix_program(words[0]) or words[1] != "-c":
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
            for _, cmd in s.run(inst).view.commands() if s.run(inst).view is not None else ():
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
            if s.run(inst).view is None:
                continue
            for _, cmd in s.run(inst).view.commands():
                words = {posixpath.basename((w.value or "").split("?")[0]).lower() for w in cmd.argv}
                found = sorted(h for h in TEST_HARNESS if any(w == h or w.startswith(h + "-") for w in words))
                if found:
                    return (f"line {inst.start_line}: installs {found[0]}, a browser-test harness: "
                            "a test image, which needs its tools")
    return None
