"""The package.json an npm install reads, found in the build context through the stage's
COPY/ADD instructions and WORKDIR (`requirements.Files`), and the few things the Node split
asks of it."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from ...optimizer.context import BuildContext
from ...optimizer.model import Stage
from ...optimizer.requirements import Files
from ...optimizer.syntax import Instruction

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
    package_manager: str | None = None  # "yarn@3.6.4" (corepack's packageManager field)


def context_path(context: BuildContext, stage: Stage, before: Instruction, target: str) -> str | None:
    """The build-context path of the file that sits at `target` (absolute, in the image) when
    `before` runs, through the stage's COPY/ADD and WORKDIR; None when no COPY from the
    context brings it."""
    try:
        return Files(stage, before, context).context_path(target)
    except ValueError:
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
        data.get("packageManager") if isinstance(data.get("packageManager"), str) else None,
    )
