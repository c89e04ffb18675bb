"""The package.json an npm install reads, found in the build context through the stage's
COPY/ADD instructions and WORKDIR, and the few things the Node split asks of it."""

from __future__ import annotations

import fnmatch
import json
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass

from ..optimizer.context import BuildContext, normalize
from ..optimizer.model import Model, Stage
from ..optimizer.syntax import Instruction
from ._layers import absolute, workdir_before

GLOB = frozenset("*?[")
# scripts npm runs by itself when it installs the project (`npm install`, `npm ci`)
INSTALL_SCRIPTS = ("preinstall", "install", "postinstall", "prepare")


class Unreadable(Exception):
    """Why the manifest could not be read."""


@dataclass(frozen=True)
class Manifest:
    path: str  # in the build context
    dependencies: tuple[str, ...]  # dependencies and optionalDependencies
    dev_dependencies: tuple[str, ...]
    scripts: Mapping[str, str]
    workspaces: bool


def context_path(context: BuildContext, model: Model, stage: Stage, before: Instruction, target: str) -> str | None:
    """The build-context path of the file that sits at `target` (absolute, in the image) when
    `before` runs, following the stage's last COPY/ADD that writes there; None when none does."""
    copies = [i for i in stage.body if i.index < before.index and i.kind in ("COPY", "ADD")]
    for inst in reversed(copies):
        if inst.flag("from") is not None or len(inst.value) < 2:
            continue
        *sources, dest = inst.value
        found = _copied_from(context, sources, dest, absolute(dest, workdir_before(model, stage, inst)), target)
        if found is not None:
            return found
    return None


def _copied_from(context: BuildContext, sources: list[str], dest: str, dest_abs: str, target: str) -> str | None:
    into_dir = dest.endswith("/") or dest in (".", "..") or len(sources) > 1
    for src in reversed(sources):
        if "://" in src:
            continue
        if GLOB.intersection(src):
            if (into_dir or len(sources) == 1) and posixpath.dirname(target) == dest_abs \
                    and fnmatch.fnmatchcase(posixpath.basename(target), posixpath.basename(src)):
                return normalize(posixpath.join(posixpath.dirname(src), posixpath.basename(target)))
        elif normalize(src) == "" or src.endswith("/") or normalize(src) + "/" in context.entries:
            rel = posixpath.relpath(target, dest_abs)
            if not rel.startswith(".."):
                return normalize(posixpath.join(src, rel))
        elif (posixpath.join(dest_abs, posixpath.basename(src)) if into_dir else dest_abs) == target:
            return normalize(src)
    return None


def read_manifest(context: BuildContext, path: str) -> Manifest:
    """The manifest at `path` in the context; Unreadable says why it cannot be used."""
    text = context.text(path)
    if text is None:
        raise Unreadable(f"{path} is not in the build context")
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise Unreadable(f"{path} is not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise Unreadable(f"{path} does not hold a JSON object")

    def names(key: str) -> tuple[str, ...]:
        found = data.get(key)
        return tuple(found) if isinstance(found, dict) else ()

    scripts = data.get("scripts")
    scripts = {k: v for k, v in scripts.items() if isinstance(v, str)} if isinstance(scripts, dict) else {}
    workspaces = data.get("workspaces")
    if isinstance(workspaces, dict):
        workspaces = workspaces.get("packages")
    return Manifest(
        path,
        names("dependencies") + names("optionalDependencies"),
        names("devDependencies"),
        scripts,
        bool(workspaces),
    )
