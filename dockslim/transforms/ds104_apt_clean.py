"""DS104 apt-clean: `apt-get install` leaves the downloaded .deb files in the layer.

## What it does
Appends `apt-get clean` to a RUN that installs packages with `apt-get` (install, upgrade,
dist-upgrade, build-dep, ...), in the RUN's own style (` && x`, continuation lines, `; x` after
`set -eux;`, a new line in a heredoc under `set -e`, `sudo` when the install runs through sudo),
unless the base image already cleans them.

Official images built on Debian or Ubuntu (`debian`, `ubuntu`, `buildpack-deps`, `python`,
`node`, `ruby`, `golang`, `openjdk`, `eclipse-temurin`, `php`, `rust`, `nginx`, `postgres`
and others, and the applications built FROM them: `wordpress`, `drupal`, `nextcloud`, ...; in
their Debian/Ubuntu variants) ship `/etc/apt/apt.conf.d/docker-clean`, a hook
that deletes every downloaded package after each install: `apt-get clean` changes nothing
there, so those get no finding; so do the images of other publishers built on them that keep
the hook (`nvidia/cuda`, `pytorch/pytorch`, Jupyter's `jupyter/*`, Microsoft's
`mcr.microsoft.com/devcontainers/*`). Any other base gets it: a private registry image, an image
of another publisher (dockslim cannot see whether the hook is still in place: the finding says
so), a base given by an ARG it cannot resolve. A stage built FROM an
earlier stage is judged by that stage's base; an instruction before the RUN that mentions
`docker-clean` (usually to remove it) also makes the base count as not cleaning.

Left alone: a RUN that already cleans after its last install (`apt-get clean`, `apt-get
distclean`, `rm -rf /var/cache/apt/archives/*.deb`, `rm -rf /var/cache/apt/*`); a cache or tmpfs
mount on /var/cache/apt; only `apt install` (the `apt` command deletes its downloads itself);
`apt-get install --download-only` (the packages are what it wants); a stage where a later RUN
or any COPY uses /var/cache/apt/archives; with `strategy = "cache-mounts"`, a RUN that runs
`apt-get update` (DS102 gives it a cache mount instead); a RUN whose shell syntax cannot be
parsed.

## Why it makes the image smaller
apt keeps every package it downloads in /var/cache/apt/archives: the compressed size of all
installed packages, often 30–50% of what they take once installed, plus /var/cache/apt/*.bin
(tens of MB). Nothing reads them after the install.

## Example
    FROM registry.example.com/base/ubuntu:22.04
    RUN apt-get update && apt-get install -y curl
becomes
    FROM registry.example.com/base/ubuntu:22.04
    RUN apt-get update && apt-get install -y curl && apt-get clean

## Fix safety
Safe: the same packages are installed; only apt's download cache is removed, which apt
rebuilds when it needs it.

## How verify shows it
The layer of the RUN shrinks by the size of /var/cache/apt; `verify` lists the .deb files the
rewrite removed.

## Related hadolint rule
None: hadolint has no rule for the archive cache. DL3009 (delete the apt lists) is the
nearest, and DS102 implements it.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..optimizer.edits import append
from ..optimizer.findings import Applicability, Finding
from ..optimizer.model import Model, Stage
from ..optimizer.rules import Options, PassSpec, Phase
from ..optimizer.shell import Command
from ..optimizer.syntax import Instruction
from ._apt import (
    ARCHIVES,
    DOWNLOADS,
    apt_commands,
    cleans_archives,
    docker_clean_active,
    done_after,
    mounted,
    removes,
    ships_docker_clean,
    sudo_prefix,
    visible,
)
from ._common import later_runs, readable_runs

SPEC = PassSpec(
    code="DS104",
    name="apt-clean",
    phase=Phase.CLEANUP,
    summary="Run apt-get clean after apt-get install where the base image does not already clean",
    applicability=Applicability.SAFE,
)


def downloads(cmd: Command) -> bool:
    """`apt-get install` and its kin, which leave .deb files (not `apt`, which removes them)."""
    return cmd.program == "apt-get" and cmd.subcommand is not None and cmd.subcommand.value in DOWNLOADS


def check(model: Model, options: Options) -> Iterator[Finding]:
    cache_mounts = options.strategy == "cache-mounts"
    for stage, inst, view in readable_runs(model):
        if len(view.parts) != 1 or mounted(inst, ARCHIVES):
            continue
        installs = [(p, c) for p, c in view.commands() if downloads(c)]
        if not installs or not all(visible(c) for _, c in installs):
            continue
        if any(c.has_option("-d", "--download-only") for _, c in installs) or any(
            "keep-downloaded-packages" in (w.value or w.text).lower() for _, c in installs for w in c.args
        ):
            continue  # the packages are wanted, or the user set apt's own cleaning
        if done_after(view, downloads, cleans_archives):
            continue
        if cache_mounts and apt_commands(view, "update"):
            continue  # DS102 puts /var/cache/apt in a cache mount
        if docker_clean_active(stage, inst) or archives_used_later(model, stage, inst):
            continue
        part, last = installs[-1]
        edits = append(part, [f"{sudo_prefix(view)}apt-get clean"], stage.shell_for(inst))
        # an image of another publisher may have kept Debian's hook: say so rather than claim
        unseen = "" if ships_docker_clean(stage) else \
            " unless the base image kept the docker-clean hook of the official images (not visible here)"
        yield SPEC.report(
            part.span(last),
            f"`apt-get {last.subcommand.value}` leaves the downloaded packages in /var/cache/apt/archives{unseen}",
            SPEC.fix("Append `apt-get clean`", *edits) if edits else None,
        )


def archives_used_later(model: Model, stage: Stage, inst: Instruction) -> bool:
    """A later RUN reads /var/cache/apt/archives, or a COPY copies from it."""
    if any("/var/cache/apt" in i.text for i in model.instructions if i.kind in ("COPY", "ADD")):
        return True
    for run in later_runs(model, stage, inst):
        if ARCHIVES not in run.text:
            continue
        view = model.run(run).readable
        if view is None:
            return True
        if any(ARCHIVES in w.text for _, c in view.commands() if not removes(c, ARCHIVES) for w in c.words):
            return True
    return False
