"""DS131 node-cache-clean: `npm install` and `yarn install` leave their download caches in the layer.

## What it does
After a RUN that installs packages with npm (`npm install`, `npm i`, `npm ci`, `npm add`,
`npm update`, with `sudo` or other prefixes), appends `npm cache clean --force` to the same
RUN, in the RUN's own style (`&&` on one line, trailing `&& \\` or leading `\\ && ...`
continuation lines, `;` after `set -eux;`, a new line in a heredoc). After `yarn`,
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

from typing import Iterator

from ..optimizer.findings import Applicability, Edit, Finding, Fix
from ..optimizer.model import Model, Stage
from ..optimizer.rules import Options, PassSpec, Phase
from ..optimizer.shell import Command
from ..optimizer.style import append_commands
from ..optimizer.syntax import Instruction
from ._common import cache_mount_targets, env_in_stage

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
TOP = ((), ("pipeline",))
NPM_CACHE = "/root/.npm"


# -- helpers the other cache passes (DS110, DS130, DS132, DS133) use; candidates for _common.py


def cache_mount_edit(inst: Instruction, target: str) -> Edit:
    """Add a BuildKit cache mount on `target`, after the keyword and any existing flags."""
    return Edit.insert(inst.rest_span[0], f"--mount=type=cache,target={target} ")


def root_home(model: Model, stage: Stage, inst: Instruction) -> str | None:
    """'/root' when the RUN runs as root with the default HOME, else None (home unknown)."""
    user = None
    chain = []
    s = stage
    while s is not None:
        chain.append(s)
        s = s.parent
    for st in reversed(chain):
        for i in st.body:
            if i.index >= inst.index:
                break
            if i.kind == "USER":
                user = i.rest.split(":", 1)[0].strip()
    if user not in (None, "root", "0"):
        return None
    home = env_in_stage(model, stage, "HOME", before=inst)
    return "/root" if home in (None, "/root", "/root/") else None


def ends_script(cmd: Command) -> bool:
    """`exit` and `exec` end the shell: nothing appended after them would run."""
    first = cmd.argv[0].value if cmd.argv else None
    return first in ("exit", "exec")


def prefix_of(cmd: Command) -> str:
    """`sudo ...` words in front of the command, so a follow-up runs as the same user."""
    words = cmd.wrappers
    if not words or words[0].value not in ("sudo", "doas") or any(w.value is None for w in words):
        return ""
    return " ".join(w.text for w in words if w.value.startswith("-") or "=" not in w.value) + " "


def assigns(cmd: Command, names: tuple[str, ...]) -> bool:
    """True when a `NAME=value` prefix (or one given to sudo/env) sets one of `names`."""
    words = list(cmd.assignments) + [w for w in cmd.wrappers if w.value and "=" in w.value]
    return any((w.value or w.text).split("=", 1)[0] in names for w in words)


def later_runs(model: Model, stage: Stage, inst: Instruction) -> list[Instruction]:
    """RUNs after `inst` in its stage and in every stage built FROM it."""
    out = [i for i in stage.runs() if i.index > inst.index]
    for child in model.children(stage):
        out.extend(child.runs())
    return out


def rm_targets(view) -> list[str]:
    """The operand texts of every `rm` the RUN runs."""
    return [w.text for _, c in view.commands() if c.program == "rm" for w in c.operands(after_subcommand=False)]


# -- the pass ------------------------------------------------------------------------------


def _sub(cmd: Command) -> str | None:
    return cmd.subcommand.value if cmd.subcommand is not None else None


def npm_installs(view) -> list[tuple[object, Command]]:
    out = []
    for part, cmd in view.commands():
        sub = cmd.subcommand
        if cmd.program == "npm" and sub is not None and sub.value in NPM_INSTALLS:
            out.append((part, cmd))
    return out


def yarn_installs(view) -> list[tuple[object, Command]]:
    out = []
    for part, cmd in view.commands():
        if cmd.program != "yarn":
            continue
        ops = cmd.operands(after_subcommand=False)
        names = [w.value for w in ops[:2]]
        if not names or names[0] in ("install", "add", "upgrade") or names[:2] in YARN_GLOBAL:
            out.append((part, cmd))
    return out


def based_on_node(stage: Stage) -> bool:
    while stage.parent is not None:
        stage = stage.parent
    return stage.base_name == "node"


def _usable(found, stage: Stage) -> bool:
    """The tool surely exists when the appended cleanup runs."""
    return any(c.context in TOP for _, c in found) or based_on_node(stage)


def appended(inst: Instruction, found, commands: list[str]):
    """(part, command, edit) appending `commands` after the script that runs the commands
    `found`, or None when they run in several scripts or nothing after the end would run."""
    part, cmd = found[0]
    if any(p is not part for p, _ in found):
        return None  # installs in several scripts (heredocs): leave it
    top = part.script.top_level
    if not top or (ends_script(top[-1]) and top[-1].end >= part.script.end_of_last_command):
        return None
    edit = append_commands(inst, part, commands)
    return (part, cmd, edit) if edit is not None else None


def _finding(inst, found, commands, applicability, message, title) -> Finding | None:
    got = appended(inst, found, commands)
    if got is None:
        return None
    part, cmd, edit = got
    start, end = part.span(cmd)
    return Finding(SPEC.code, message, start, end, Fix(title, applicability, (edit,)))


def _offline_later(model, stage, inst, tool: str) -> bool:
    for later in later_runs(model, stage, inst):
        view = later.shell
        if view is None:
            continue
        if any(c.program == tool and c.has_option(*OFFLINE) for _, c in view.commands()):
            return True
    return False


def check_npm(model: Model, stage: Stage, inst: Instruction, view, options: Options) -> Iterator[Finding]:
    found = [(p, c) for p, c in npm_installs(view) if not c.has_option("--cache")]
    if not found or any(assigns(c, ("npm_config_cache", "NPM_CONFIG_CACHE", "HOME")) for _, c in found):
        return
    if any("npm" in t for t in cache_mount_targets(inst)):
        return
    if any(c.program == "npm" and _sub(c) == "cache" for _, c in view.commands()):
        return  # cleaned already, or filled on purpose (`npm cache add`)
    if any(".npm" in t for t in rm_targets(view)) or not _usable(found, stage):
        return
    if _offline_later(model, stage, inst, "npm"):
        return
    part, cmd = found[0]
    if options.strategy == "cache-mounts" and root_home(model, stage, inst) and not prefix_of(cmd):
        start, end = part.span(cmd)
        yield Finding(
            SPEC.code,
            "npm's download cache is written into the layer; keep it in a cache mount",
            start,
            end,
            Fix(f"Add a cache mount on `{NPM_CACHE}`", Applicability.SAFE, (cache_mount_edit(inst, NPM_CACHE),)),
        )
        return
    commands = list(dict.fromkeys(prefix_of(c) + "npm cache clean --force" for _, c in found))
    f = _finding(
        inst, found, commands, Applicability.SAFE,
        "`npm install` leaves npm's download cache (~/.npm/_cacache) in the layer",
        "Append `npm cache clean --force`",
    )
    if f:
        yield f


def check_yarn(model: Model, stage: Stage, inst: Instruction, view) -> Iterator[Finding]:
    found = [(p, c) for p, c in yarn_installs(view) if not c.has_option("--cache-folder", "--pnp")]
    if not found or any(assigns(c, ("YARN_CACHE_FOLDER", "HOME", "XDG_CACHE_HOME")) for _, c in found):
        return
    if any("yarn" in t for t in cache_mount_targets(inst)):
        return
    if any(c.program == "yarn" and _sub(c) == "cache" for _, c in view.commands()):
        return
    if any("yarn" in t for t in rm_targets(view)) or not _usable(found, stage):
        return
    if _offline_later(model, stage, inst, "yarn"):
        return
    commands = list(dict.fromkeys(prefix_of(c) + "yarn cache clean" for _, c in found))
    f = _finding(
        inst, found, commands, Applicability.UNSAFE,
        "`yarn install` leaves Yarn's package cache in the layer",
        "Append `yarn cache clean` (unsafe: breaks Yarn 2+ Plug'n'Play projects)",
    )
    if f:
        yield f


def check(model: Model, options: Options) -> Iterator[Finding]:
    for stage in model.stages:
        for inst in stage.runs():
            view = inst.shell
            if view is None or not view.ok:
                continue
            yield from check_npm(model, stage, inst, view, options)
            yield from check_yarn(model, stage, inst, view)
