"""DS132 rpm-cache-clean: yum, dnf, microdnf, tdnf and zypper leave metadata and packages in the layer.

## What it does
After a RUN that installs or upgrades packages with `yum`, `dnf`, `microdnf`, `tdnf` or
`zypper` and does not clean up after itself, appends the cleanup to the same RUN, in the
RUN's own style:

| installs with | appended |
|---|---|
| `yum` | `yum clean all && rm -rf /var/cache/yum` |
| `dnf` | `dnf clean all` |
| `microdnf` | `microdnf clean all` |
| `tdnf` | `tdnf clean all` |
| `zypper` | `zypper clean --all` |

A `sudo` in front of the install is repeated in front of the cleanup.

## Why it makes the image smaller
These tools download the repository metadata (often 50–200 MB for EPEL or a full Fedora
release) and keep it, and sometimes the downloaded packages, under `/var/cache/yum`,
`/var/cache/dnf` or `/var/cache/zypp`. Nothing needs them at run time; a later install
downloads fresh metadata anyway.

## Example
    RUN dnf install -y gcc make
becomes
    RUN dnf install -y gcc make && dnf clean all

## Fix safety
Safe: the installed packages are the same; only metadata and downloaded packages go. Left
alone when the RUN already cleans (`yum clean ...`, `zypper clean`/`cc`, `rm -rf` of the
cache directory), when it has a cache mount on the cache directory, when the install uses
`--installroot`/`--root` (its cache lives in that root), when a later RUN of the stage (or of
a stage built from it) installs from the cache only (`-C`/`--cacheonly`, zypper
`--no-refresh`), when the last command of the RUN is `exit` or `exec`, and for a tool that
only runs inside `if`/subshells (it might not exist when the cleanup runs).

## How verify shows it
`/var/cache/yum`, `/var/cache/dnf` or `/var/cache/zypp` are empty in the layer; the rpm
database (`rpm -qa`) is unchanged.

## Related hadolint rule
DL3032 (`yum clean all` missing), DL3040 (`dnf clean all` missing), DL3036 (`zypper clean`
missing).
"""

from __future__ import annotations

from typing import Iterator

from ..optimizer.findings import Applicability, Finding
from ..optimizer.model import Model
from ..optimizer.rules import Options, PassSpec, Phase
from ..optimizer.shell import Command
from ._apt import done_after
from ._common import (
    append_finding,
    at_top,
    later_uses,
    privilege_prefix,
    readable_runs,
    sub,
    under_cache_mount,
)

SPEC = PassSpec(
    code="DS132",
    name="rpm-cache-clean",
    phase=Phase.CLEANUP,
    summary="Clean yum/dnf/microdnf/zypper caches in the RUN that filled them",
    applicability=Applicability.SAFE,
    hadolint=("DL3032", "DL3036", "DL3040"),
)

_DNF_DOWNLOADS = frozenset(
    "install groupinstall localinstall reinstall update upgrade downgrade distro-sync makecache group module "
    "builddep update-minimal upgrade-minimal".split()
)
DOWNLOADS = {
    "yum": _DNF_DOWNLOADS,
    "dnf": _DNF_DOWNLOADS,
    "microdnf": _DNF_DOWNLOADS,
    "tdnf": _DNF_DOWNLOADS,
    "zypper": frozenset("install in update up dist-upgrade dup patch refresh ref source-install si".split()),
}
CLEANUP = {
    "yum": ("yum clean all", "rm -rf /var/cache/yum"),
    "dnf": ("dnf clean all",),
    "microdnf": ("microdnf clean all",),
    "tdnf": ("tdnf clean all",),
    "zypper": ("zypper clean --all",),
}
CACHES = {
    "yum": ("/var/cache/yum", "/var/cache/dnf"),  # yum is dnf on RHEL 8+
    "dnf": ("/var/cache/dnf", "/var/cache/libdnf5"),
    "microdnf": ("/var/cache/yum", "/var/cache/dnf"),
    "tdnf": ("/var/cache/tdnf",),
    "zypper": ("/var/cache/zypp",),
}
CLEANS = frozenset({"clean", "cc"})
ROOT_OPTIONS = ("--installroot", "--root", "-R")
CACHE_ONLY = ("-C", "--cacheonly", "--no-refresh")


def downloads(cmd: Command) -> bool:
    tool = cmd.program
    return tool in DOWNLOADS and sub(cmd) in DOWNLOADS[tool] and not cmd.has_option(*ROOT_OPTIONS)


def cleans(view, tool: str) -> bool:
    """The RUN already cleans this tool's cache (its `clean` command or an rm of the cache)
    after its last download: a clean before another install leaves that install's cache."""
    def clean(c: Command) -> bool:
        return (c.program == tool and sub(c) in CLEANS) or (c.program == "rm" and any(
            w.text.startswith(cache) for w in c.operands(after_subcommand=False) for cache in CACHES[tool]))

    return done_after(view, lambda c: c.program == tool and downloads(c), clean)


def cache_only_later(model, stage, inst, tool: str) -> bool:
    """A later RUN installs from the cache only (one that cannot be read counts when it
    mentions the tool and a cache-only option)."""
    return later_uses(
        model, stage, inst, lambda c: c.program == tool and c.has_option(*CACHE_ONLY),
        unreadable=lambda run: tool in run.text and any(o in run.text.split() for o in CACHE_ONLY),
    )


def check(model: Model, options: Options) -> Iterator[Finding]:
    for stage, inst, view in readable_runs(model):
        found = [(p, c) for p, c in view.commands() if downloads(c)]
        commands: list[str] = []
        first: Command | None = None
        for tool in dict.fromkeys(c.program for _, c in found):
            mine = [c for _, c in found if c.program == tool]
            top = next((c for c in mine if at_top(c)), None)
            if top is None:
                continue  # only inside `if`: the tool may not exist when the cleanup runs
            if cleans(view, tool) or any(under_cache_mount(inst, d) for d in CACHES[tool]):
                continue
            if cache_only_later(model, stage, inst, tool) or privilege_prefix(top) is None:
                continue
            first = first or mine[0]
            commands.extend(privilege_prefix(top) + line for line in CLEANUP[tool])
        if first is None:
            continue
        where = [next((p, c) for p, c in found if c is first)] + [(p, c) for p, c in found if c is not first]
        f = append_finding(
            SPEC, stage, inst, where, commands,
            f"`{first.program} {sub(first)}` leaves repository metadata and packages in the layer",
            f"Append `{' && '.join(commands)}`",
        )
        if f:
            yield f
