"""DS130 pip-no-cache-dir: `pip install` keeps its download cache in the layer.

## What it does
Adds `--no-cache-dir` to every `pip install` (also `pip3`, `pip3.11`, `python -m pip`,
`python3 -m pip`, with `sudo` or `VAR=value` prefixes) in a RUN instruction, including
RUN heredocs and the quoted script of `sh -c "..."` (`bash -ec '...'`) when it holds no
expansion or escape, so that the flag goes in as written.

## Why it makes the image smaller
pip stores every wheel and source archive it downloads under `/root/.cache/pip`. Nothing
at run time reads that cache, but it stays in the image layer: typically 10–30% of the size
of the installed packages, far more for large wheels (numpy, torch).

With `strategy = "cache-mounts"` the cache is kept in a BuildKit cache mount instead of not
being written: `RUN --mount=type=cache,target=/root/.cache/pip pip install ...`, without
`--no-cache-dir` (when the RUN runs as root with the usual `HOME` and pip's cache is not moved
by `PIP_CACHE_DIR`, `--cache-dir` or `sudo`; otherwise `--no-cache-dir` is added as usual).

## Example
    RUN pip install -r requirements.txt
becomes
    RUN pip install --no-cache-dir -r requirements.txt

## Fix safety
Safe: the same packages are installed; only the cache is not written. Left alone when
`PIP_NO_CACHE_DIR` is set (ENV, ARG default or a prefix on the command), when the RUN has a
cache mount on pip's cache (`--mount=type=cache,target=/root/.cache/pip`), since the cache
then lives outside the image and `--no-cache-dir` would defeat it, and when the RUN's shell
syntax cannot be parsed. An install whose RUN deletes pip's cache after it (`rm -rf
~/.cache/pip`, `$HOME/.cache`, `/root/.cache`, `pip cache purge`) gets a note instead: none
of its cache reaches the layer (when the RUN runs as root with the usual `HOME` and cache
folder; a `~` of another user is not resolved). pip takes a unique prefix of a long option,
so `--no-cache` (from `--no-ca`) already is `--no-cache-dir`.

## How verify shows it
The layer of the RUN shrinks by the size of `/root/.cache/pip`; `verify` lists that directory
among the files the rewrite removed.

## Related hadolint rule
DL3042 (Avoid use of cache directory with pip).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..optimizer.edits import add_cache_mount
from ..optimizer.findings import Applicability, Edit, Finding, Fix
from ..optimizer.model import Model
from ..optimizer.rules import Options, PassSpec, Phase
from ..optimizer.shell import Command, Script, parse_shell
from ..optimizer.shellview import ShellPart, posix_program
from ._common import (
    assigns,
    env_in_stage,
    is_pip,
    privilege_prefix,
    readable_runs,
    root_home,
    under_cache_mount,
)
from ._deletions import PIP_NO_CACHE_DIR, deletes_kind

SPEC = PassSpec(
    code="DS130",
    name="pip-no-cache-dir",
    phase=Phase.COMMAND,
    summary="Add --no-cache-dir to pip install so the download cache stays out of the layer",
    applicability=Applicability.SAFE,
    hadolint=("DL3042",),
)

CACHE = "/root/.cache/pip"
C_OPTION = re.compile(r"-[a-z]*c")  # `-c`, `-ec`, `-xc`: the next word is the script


def steps(view) -> Iterator[tuple[ShellPart, Command, int, Command | None]]:
    """(part, command, where its script starts in the part's script, the `sh -c` command that
    runs it or None) for each command of the RUN, in the order they run: the commands of a
    quoted `sh -c '...'` script right after that command."""
    for part, outer in view.commands():
        yield part, outer, 0, None
        found = inline_script(outer)
        if found is not None:
            at, script = found
            for cmd in script.commands:
                yield part, cmd, at, outer


def inline_script(cmd: Command) -> tuple[int, Script] | None:
    """The script of `sh -c '...'` (`bash -ec "..."`) and where it starts in the command's
    script, when the quoted text is the script character for character (no escape, no
    expansion): a word inserted there is inserted in the script."""
    word = cmd.program_word
    args = cmd.args
    if word is None or word.value is None or not posix_program(word.value) or len(args) < 2:
        return None
    text, value = args[1].text, args[1].value
    if not C_OPTION.fullmatch(args[0].value or "") or value is None or text[:1] not in ("'", '"') \
            or text != text[0] + value + text[0]:
        return None
    script = parse_shell(value)
    return (args[1].start + 1, script) if script.ok else None


def pip_installs(flat):
    """(part, command, install word, script offset, `sh -c` command or None) for each `pip
    install` of the RUN's steps without `--no-cache-dir`."""
    for part, cmd, at, outer in flat:
        sub = cmd.subcommand
        if is_pip(cmd) and sub is not None and sub.value == "install" \
                and not cmd.has_option(*PIP_NO_CACHE_DIR) \
                and not any(c is not None and assigns(c, ("PIP_NO_CACHE_DIR",)) for c in (cmd, outer)):
            yield part, cmd, sub, at, outer


def moves_cache(cmd, outer=None) -> bool:
    """The command may keep pip's cache somewhere else than the RUN user's ~/.cache/pip (or
    the `sh -c` that runs it does: `sudo sh -c ...`)."""
    return (
        cmd.has_option("--cache-dir")
        or privilege_prefix(cmd) != ""  # sudo may change HOME
        or assigns(cmd, ("PIP_CACHE_DIR", "XDG_CACHE_HOME", "HOME"))
        or (outer is not None and moves_cache(outer))
    )


def default_cache(model: Model, stage, inst) -> bool:
    """pip's cache is /root/.cache/pip for the RUN (but for commands that move it)."""
    if root_home(model, stage, inst) is None:
        return False
    return not any(env_in_stage(model, stage, name, before=inst) for name in ("PIP_CACHE_DIR", "XDG_CACHE_HOME"))


def mountable(model: Model, stage, inst, found) -> bool:
    """pip's cache is /root/.cache/pip for every install of the RUN (the cache-mounts strategy)."""
    return default_cache(model, stage, inst) and not any(moves_cache(f[1], f[4]) for f in found)


def sets_home(flat) -> bool:
    """The script changes HOME (`export HOME=/app`): `~` may then name another folder."""
    return any(
        (not cmd.argv and assigns(cmd, ("HOME",)))
        or (cmd.program in ("export", "declare", "typeset", "readonly", "local")
            and any((w.value or w.text).startswith("HOME=") for w in cmd.args))
        for _, cmd, _, _ in flat
    )


def deletes_cache(flat) -> bool:
    return any(deletes_kind(cmd, "pip-cache", "/root") for _, cmd, _, _ in flat)


def purged(model: Model, stage, inst, flat) -> set[int]:
    """The pip commands (ids) whose cache the RUN deletes after them (`rm -rf ~/.cache/pip`,
    `pip cache purge`): none of it reaches the layer."""
    if not default_cache(model, stage, inst) or sets_home(flat):
        return set()
    done: set[int] = set()
    before: list[int] = []
    for _, cmd, _, outer in flat:
        if deletes_kind(cmd, "pip-cache", "/root"):
            done.update(before)
            before = []
        elif is_pip(cmd) and not moves_cache(cmd, outer):
            before.append(id(cmd))
    return done


def check(model: Model, options: Options) -> Iterator[Finding]:
    for stage, inst, view in readable_runs(model):
        if under_cache_mount(inst, CACHE):
            continue
        if env_in_stage(model, stage, "PIP_NO_CACHE_DIR", before=inst) not in (None, "", "0", "false", "off"):
            continue
        flat = list(steps(view))  # once: the ids of its commands name them below
        found = list(pip_installs(flat))
        done = purged(model, stage, inst, flat) if found else set()
        for part, cmd, _, at, _ in found:
            if id(cmd) in done:
                yield SPEC.left_alone(_span(part, cmd, at), "the RUN deletes pip's cache after this install: "
                                      "nothing is left to save")
        found = [f for f in found if id(f[1]) not in done]
        # with cache mounts one mount serves every install of the RUN: one finding on the first
        # (not where the RUN deletes the cache: `rm -rf` of a mount point fails the build)
        mount = bool(found) and options.strategy == "cache-mounts" and mountable(model, stage, inst, found) \
            and not deletes_cache(flat)
        for part, cmd, install, at, _ in found[:1] if mount else found:
            yield SPEC.report(_span(part, cmd, at), *(_mount(inst) if mount else _flag(part, install, at)))


def _span(part, node, at: int) -> tuple[int, int]:
    return part.src(at + node.start), part.src_end(at + node.end)


def _mount(inst) -> tuple[str, Fix]:
    return (
        "`pip install` writes pip's download cache into the layer; keep it in a cache mount",
        SPEC.fix(f"Add a cache mount on `{CACHE}`", *add_cache_mount(inst, CACHE)),
    )


def _flag(part, install, at: int) -> tuple[str, Fix]:
    # `at`: the install runs in a `sh -c '...'` script starting there, which takes the flag as
    # written (inline_script)
    return (
        "`pip install` without `--no-cache-dir` leaves pip's download cache in the layer",
        SPEC.fix("Add `--no-cache-dir`", Edit.insert(part.src_end(at + install.end), " --no-cache-dir")),
    )
