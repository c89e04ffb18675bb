"""The builder's install of the production dependencies only, when there is no build step:
npm (`--omit=dev`, `--production` for npm 6) or yarn 1 (`--production`), unless the install
or NODE_ENV already chooses. The install keeps its own verb and lock-file handling: `npm ci`
and `--frozen-lockfile` fail where a lock file is out of date, and the split must not make a
build fail that worked."""

from __future__ import annotations

import re

from ...optimizer.context import BuildContext
from ...optimizer.edits import add_flag, replace_word
from ...optimizer.findings import Edit
from ...optimizer.model import Model, Stage
from ...optimizer.shell import Command
from ...optimizer.syntax import Instruction
from .._apt import official_image
from .._common import env_in_stage

# options that already leave devDependencies out, or ask for them on purpose
_DEV_CHOSEN = ("--production", "--omit", "--only", "--include", "--dev")


def production_install(model: Model, stage: Stage, inst: Instruction, part, cmd: Command,
                        context: BuildContext | None, wd: str) -> list[Edit]:
    """The builder's install of the production dependencies only: `--omit=dev` (`--production`
    for npm 6, node 14 and older) unless the install or NODE_ENV already chooses."""
    sub = cmd.subcommand
    word = sub.value
    chosen = cmd.has_option(*_DEV_CHOSEN) or _node_env(model, stage, inst, cmd)
    if not chosen:
        word += " " + omit_dev(stage.base)
    if word == sub.value:
        return []
    return list(replace_word(part, sub, word))


def production_yarn(model: Model, stage: Stage, inst: Instruction, part, cmd: Command,
                     context: BuildContext | None, wd: str) -> list[Edit]:
    """yarn 1's install of the production dependencies: `--production` unless the install or
    NODE_ENV already chooses."""
    if cmd.has_option("--production", "--prod") or _node_env(model, stage, inst, cmd):
        return []
    word = cmd.subcommand or cmd.program_word  # `yarn install` or a bare `yarn`
    return list(add_flag(part, word, " --production"))


def _node_env(model: Model, stage: Stage, inst: Instruction, cmd: Command) -> bool:
    """NODE_ENV is set for the install (an ENV or ARG before it, or an assignment on it)."""
    return any((w.value or "").startswith("NODE_ENV=") for w in cmd.assignments) or (
        env_in_stage(model, stage, "NODE_ENV", inst) is not None
    )


def omit_dev(base: str) -> str:
    tag = (official_image(base) or ("", ""))[1]
    major = re.match(r"(\d+)", tag)
    return "--production" if major and int(major.group(1)) < 15 else "--omit=dev"
