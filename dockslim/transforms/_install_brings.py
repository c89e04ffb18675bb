"""What an apt install brings and what the image already has, as DS101 asks before it drops
the recommends: the packages an install names, whether an earlier install brings a package
(by name, or as a recommendation it keeps), and the packages the base image is known to have."""

from __future__ import annotations

import re

from ..optimizer.model import Model, Stage
from ..optimizer.packages import (
    DEFAULT_DEBIAN_RELEASE,
    brought_by_depends,
    left_out,
    package_name,
    recommends,
    ships_toolchain,
)
from ..optimizer.shell import Command
from ..optimizer.shellview import ShellView
from ._apt import apt_commands, official_image, order
from ._common import ran_before

# a versioned compiler package (gcc-12, clang-15): a build tool as gcc is
VERSIONED_COMPILER = re.compile(r"(gcc|g\+\+|cpp|clang)-\d+")
# the build tools buildpack-deps installs (docker-library/buildpack-deps, every Debian and
# Ubuntu tag), so the full images built on it have them; build-essential's contents too
BUILDPACK_TOOLS = frozenset({"gcc", "g++", "make", "libc6-dev", "autoconf", "automake", "libtool", "dpkg-dev",
                             "build-essential"})
CA = "ca-certificates"
DIRMNGR = "dirmngr"
OPENSSH = "openssh-client"
# Official images that have a CA bundle in every Debian variant (their Dockerfiles install
# ca-certificates and keep it): docker-library python, pypy, ruby, php, golang, rust,
# buildpack-deps, eclipse-temurin. node:*-slim purges it after fetching node (docker-node#1182),
# debian:* and ubuntu:* are minbase images without it; the full images built on buildpack-deps
# have it, and gnupg with dirmngr too.
CA_BUNDLE_IMAGES = frozenset({"python", "pypy", "ruby", "php", "golang", "rust", "buildpack-deps", "eclipse-temurin"})


def chooses(cmd: Command) -> bool:
    """The install says itself whether it wants recommends."""
    return any("install-recommends" in (w.value or w.text).lower() for w in cmd.args)


def has_in_base(package: str, base: str) -> bool:
    """The base image is known to have `package` installed."""
    found = official_image(base)
    if package == CA and found is not None and found[0] in CA_BUNDLE_IMAGES:
        return True
    return (package in (CA, DIRMNGR, OPENSSH) or package in BUILDPACK_TOOLS) and ships_toolchain(base)


def install_names(cmd: Command) -> list[str | None]:
    """The package names of an install; None for a word that is not a literal."""
    return [package_name(w.value) if w.value is not None else None for w in cmd.operands()]


def brings(cmd: Command, package: str, release: str | None) -> bool:
    """An earlier install installs `package`: by name, through Depends (build-essential brings
    gcc), or because this pass names it there:
    a recommendation of a package it names, or what a later command needs (ca-certificates,
    dirmngr, openssh-client) when it may bring that, its packages or release not known. A
    variable or an unknown release says nothing of the other packages (libc6-dev, pip's
    build tools): named there only as gcc's or pip's recommendation."""
    names = install_names(cmd)
    literal = [n for n in names if n]
    judged_on = release or DEFAULT_DEBIAN_RELEASE
    if package in names or brought_by_depends(package, literal, judged_on):
        return True  # (Depends come whatever the install says of Recommends)
    if chooses(cmd):
        return False
    if package in (CA, DIRMNGR, OPENSSH) and (release is None or None in names):
        return True
    return only_recommended(package, literal, judged_on)


def only_recommended(package: str, names: list[str], release: str) -> bool:
    """Installing `names` brings `package` only through Recommends: from the metadata's list
    where it keeps one (ca-certificates, dirmngr), else when a named package recommends it
    (git: openssh-client)."""
    found = left_out(package, names, release)
    if found is not None:
        return found
    return package not in names and any(package in (recommends(n, release) or ()) for n in names)


def earlier_installs(model: Model, stage: Stage, inst, view: ShellView, at: tuple[int, int]) -> list[Command]:
    """The apt installs that ran before the one at `at`: in earlier RUNs of the stage (and the
    stages it is built FROM) and earlier in its own RUN."""
    out = []
    for other in ran_before(stage, inst):
        other_view = model.run(other).readable if other.kind == "RUN" else None
        if other_view is not None:
            out += [c for _, c in apt_commands(other_view, "install")]
    return out + [c for p, c in apt_commands(view, "install") if order(view, p, c) < at]
