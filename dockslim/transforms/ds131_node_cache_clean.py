"""DS131 node-cache-clean: `npm install` and `yarn install` leave their download caches in the layer.

## What it does
After a RUN that installs packages with npm (`npm install`, `npm i`, `npm ci`, `npm add`,
`npm update`, with `sudo` or other prefixes), appends `npm cache clean --force` to the same
RUN, in the RUN's own style (`&&` on one line, trailing `&& \\` or leading `\\ && ...`
continuation lines, `;` after `set -eux;`, a new line in a heredoc under `set -e`). After `yarn`,
`yarn install`, `yarn add` or `yarn global add` it appends `yarn cache clean`.

With `strategy = "cache-mounts"`, npm's cache is kept in a BuildKit cache mount instead:
`RUN --mount=type=cache,target=/root/.npm npm ci` (when the RUN runs as root with the usual
`HOME`; otherwise the cleanup above is used). Yarn always gets the cleanup.

pnpm is left alone: its store is hard-linked into `node_modules`, so deleting it frees
nothing, and `pnpm store prune` only drops packages no project references.

## Why it makes the image smaller
npm keeps every tarball it downloads in `~/.npm/_cacache`; Yarn 1 keeps an unpacked copy of
every package in `/usr/local/share/.cache/yarn`. Nothing reads them at run time, and they are
often as large as `node_modules` itself.

## Example
    RUN npm ci --omit=dev
becomes
    RUN npm ci --omit=dev && npm cache clean --force

## Fix safety
npm: safe. Only the cache is removed; `node_modules` is the same. Left alone when the RUN
already cleans the cache (`npm cache clean`, `rm -rf ~/.npm`), primes it on purpose
(`npm cache add`), uses a cache mount on `.npm` or its own `--cache` directory, when a later
RUN of the stage (or of a stage built from it) installs with `--offline` or
`--prefer-offline`, when the last command of the RUN is `exit` or `exec` (nothing after it
runs), and when npm only runs inside `if`/subshells of a stage not based on the `node` image
(npm might not exist when the cleanup runs).

yarn: unsafe. With Yarn 2+ (Berry) and Plug'n'Play, packages are read straight from the
cache, so cleaning it breaks the application. A Dockerfile cannot tell which Yarn runs: a
`.yarnrc.yml` copied with the sources makes the global Yarn 1 hand over to Berry. Apply it
with `--unsafe-fixes` when the project uses Yarn 1 (or Berry with `node_modules`).

The cache-mount form needs BuildKit (the default builder since Docker 23).

## How verify shows it
The layer of the RUN shrinks by the size of `/root/.npm` (or Yarn's cache folder); `verify`
lists those directories among the files the rewrite removed and runs the smoke command
against the same `node_modules`.

## Related hadolint rule
DL3060 (`yarn cache clean` missing after `yarn install`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..optimizer.edits import add_cache_mount
from ..optimizer.findings import Applicability, Finding
from ..optimizer.model import Model, Stage
from ..optimizer.rules import Options, PassSpec, Phase
from ..optimizer.shell import Command
from ..optimizer.syntax import Instruction
from ._common import (
    append_finding,
    assigns,
    at_top,
    cache_mount_targets,
    later_uses,
    privilege_prefix,
    readable_runs,
    rm_targets,
    root_home,
    root_of,
    sub,
)

SPEC = PassSpec(
    code="DS131",
    name="node-cache-clean",
    phase=Phase.CLEANUP,
    summary="Clean npm's and Yarn's download caches in the RUN that filled them",
    applicability=Applicability.UNSAFE,
    hadolint=("DL3060",),
)

NPM_INSTALLS = frozenset(
    "install i in add ci clean-install ic install-clean update up upgrade install-test it install-ci-test cit".split()
)
YARN_GLOBAL = (["global", "add"], ["global", "upgrade"])  # Yarn 1 only
OFFLINE = ("--offline", "--prefer-offline")
NPM_CACHE = "/root/.npm"




@dataclass(frozen=True)
class Tool:
    name: str
    installs: Callable[[Command], bool]
    own_cache: tuple[str, ...]  # options that put the cache elsewhere (or nowhere)
    env: tuple[str, ...]  # variables that move the cache
    cache_word: str  # in the path of an `rm` that removes the cache
    cleanup: str
    message: str
    title: str
    applicability: Applicability


def _npm_install(cmd: Command) -> bool:
    return cmd.program == "npm" and sub(cmd) in NPM_INSTALLS


def _yarn_install(cmd: Command) -> bool:
    names = [w.value for w in cmd.operands(after_subcommand=False)[:2]] if cmd.program == "yarn" else None
    return names is not None and (not names or names[0] in ("install", "add", "upgrade") or names in YARN_GLOBAL)


NPM = Tool(
    "npm", _npm_install, ("--cache",), ("npm_config_cache", "NPM_CONFIG_CACHE", "HOME"), ".npm",
    "npm cache clean --force", "`npm install` leaves npm's download cache (~/.npm/_cacache) in the layer",
    "Append `npm cache clean --force`", Applicability.SAFE,
)
YARN = Tool(
    "yarn", _yarn_install, ("--cache-folder", "--pnp"), ("YARN_CACHE_FOLDER", "HOME", "XDG_CACHE_HOME"), "yarn",
    "yarn cache clean", "`yarn install` leaves Yarn's package cache in the layer",
    "Append `yarn cache clean` (unsafe: breaks Yarn 2+ Plug'n'Play projects)", Applicability.UNSAFE,
)


def _uncleaned(model: Model, stage: Stage, inst: Instruction, view, tool: Tool):
    """The installs of `tool` whose cache the RUN leaves in the layer and may clean, or None."""
    found = [(p, c) for p, c in view.commands() if tool.installs(c) and not c.has_option(*tool.own_cache)]
    if not found or any(assigns(c, tool.env) or privilege_prefix(c) is None for _, c in found):
        return None
    if any(tool.name in t for t in cache_mount_targets(inst)):
        return None
    if any(c.program == tool.name and sub(c) == "cache" for _, c in view.commands()):
        return None  # cleaned already, or filled on purpose (`npm cache add`)
    if any(tool.cache_word in t for t in rm_targets(view)):
        return None
    # the tool surely exists when the appended cleanup runs
    if not any(at_top(c) for _, c in found) and root_of(stage).base_name != "node":
        return None
    if later_uses(  # a later RUN installs from the cache only
        model, stage, inst, lambda c: c.program == tool.name and c.has_option(*OFFLINE),
        unreadable=lambda run: tool.name in run.text and any(o in run.text for o in OFFLINE),
    ):
        return None
    return found


def check_npm(model: Model, stage: Stage, inst: Instruction, view, options: Options) -> Iterator[Finding]:
    found = _uncleaned(model, stage, inst, view, NPM)
    if found is None:
        return
    part, cmd = found[0]
    if options.strategy == "cache-mounts" and root_home(model, stage, inst) and not privilege_prefix(cmd):
        yield SPEC.report(
            part.span(cmd),
            "npm's download cache is written into the layer; keep it in a cache mount",
            SPEC.fix(f"Add a cache mount on `{NPM_CACHE}`", *add_cache_mount(inst, NPM_CACHE),
                     applicability=Applicability.SAFE),
        )
        return
    yield from _cleanup(stage, inst, found, NPM)


def check_yarn(model: Model, stage: Stage, inst: Instruction, view) -> Iterator[Finding]:
    found = _uncleaned(model, stage, inst, view, YARN)
    if found is not None:
        yield from _cleanup(stage, inst, found, YARN)


def _cleanup(stage: Stage, inst: Instruction, found, tool: Tool) -> Iterator[Finding]:
    """The finding whose fix appends the tool's cleanup (with each install's `sudo`)."""
    commands = list(dict.fromkeys(privilege_prefix(c) + tool.cleanup for _, c in found))
    f = append_finding(SPEC, stage, inst, found, commands, tool.message, tool.title, tool.applicability)
    if f:
        yield f


def check(model: Model, options: Options) -> Iterator[Finding]:
    for stage, inst, view in readable_runs(model):
        yield from check_npm(model, stage, inst, view, options)
        yield from check_yarn(model, stage, inst, view)
