"""DS101 apt-no-install-recommends: `apt-get install` also installs every recommended package.

## What it does
Adds `--no-install-recommends` to every `apt-get install` and `apt install` in a RUN
instruction, whatever the order of its options (`-y`, `--yes`, `-qq`, `-qqy`), behind `sudo`,
`env` or a `DEBIAN_FRONTEND=noninteractive` prefix, inside `if` blocks and `&&`/`;` chains,
and in RUN heredocs.

It keeps what the commands after the install need (the rest of its RUN, later RUNs of the
stage and of stages built FROM it, CMD, ENTRYPOINT and HEALTHCHECK, and the shell scripts
they run that the build context holds), naming it in the install:

- `ca-certificates` for HTTPS: `curl`, `wget` (any URL that is not a literal plain-http one;
  http:// may redirect), `git clone/fetch/pull/submodule` over https, package tools that
  download (`pip`, `npm`, `yarn`, `pnpm`, `gem`, `bundle`, `composer`, `cargo`, `go`), any
  `https://` or `hkps://` word; unless the base image has a CA bundle: python, pypy, ruby,
  php, golang, rust, buildpack-deps, eclipse-temurin and the full images built on
  buildpack-deps do; debian:*, ubuntu:*, node:*-slim and images dockslim does not know are
  taken not to;
- `dirmngr` for a key server: `apt-key adv --recv-keys`, `gpg --keyserver/--recv-keys`
  (the full images built on buildpack-deps have it);
- `gpg-agent` for `add-apt-repository` (`apt-add-repository`), which imports the
  repository's key with gpg: software-properties-common depends on gpg, which only recommends
  gnupg and with it gpg-agent;
- `openssh-client` for ssh: `ssh`, `scp`, `ssh-keyscan`, a clone or install from
  `git@host:repo`, `ssh://` or `git+ssh://` (git only recommends it; the full images have it);
- what python3-pip (python-pip) recommends, the compilers and headers, for a later
  `pip install` that may build sdists (not `--only-binary :all:`, not only `.whl` files),
  unless the base image brings its own pip (python:*); likewise build-essential, which npm's
  node-gyp recommends, for a later `npm install`/`ci` that may build native addons (not
  `--ignore-scripts`);
- `ca-certificates` for what the container does at run time, which is not in the file: when
  the install names curl, wget or git and no later step of the stage removes it (an
  entrypoint script, a health check or a shell in the container uses it; git keeps
  `openssh-client` too, for remotes reached over ssh), and when it names
  python3 or nodejs and the image starts a program (CMD, ENTRYPOINT): Python's ssl module and
  Debian's node verify HTTPS with the system's CA bundle, which they only recommend;
- the build tools a build tool named in the install recommends: gcc only recommends the C
  library's headers (`libc6-dev`), without which it compiles nothing (a psycopg2 sdist fails
  on `stdlib.h`); cmake recommends `gcc` and `make` (its Makefile generator needs make);
  autoconf `automake`, rustc `cargo` (unless another package of the install depends on it:
  build-essential brings gcc and make, g++ libc6-dev). The full images built on
  buildpack-deps have gcc, g++, make, libc6-dev and the autotools. A later `apt-get purge`/`remove` of the build
  tool purges them too (`apt-get purge -y --auto-remove gcc libc6-dev`), and an `apt-mark
  auto` of it marks them too: named by hand, autoremove would leave them in the image.

It keeps, too, the Recommends that carry what a package is installed for, even when only a
package it depends on recommends them: ImageMagick (and what links its library: php-imagick,
python3-wand) reads PDF, PostScript and EPS through `ghostscript` and SVG through its `-extra`
coders; LaTeX documents load `lmodern` (texlive-base) and `texlive-plain-generic`'s macros;
`xvfb-run` needs `xauth`; unoconv converts with the LibreOffice applications, and LibreOffice
lays documents out with the metric-compatible `fonts-liberation2`. On a release whose package names are not known (a derived or
unknown one), an install that would lose such a package whose name carries a version is left
alone with a note.

Whether the install brings that package only as a recommendation (curl through libcurl's
Recommends, wget and git directly; gnupg depends on dirmngr from buster on) comes from the
release's package metadata (`scripts/gen_package_data.py`, Debian bullseye, bookworm, trixie;
buster, focal, jammy and noble read their Debian suite's). An install whose packages are not
all literal names keeps it too. `ADD https://…` is fetched by the builder, not by the image's
tools, and needs nothing. The finding names the recommended packages the flag drops (the
packages' own Recommends, "… and N more").

Where the release's Recommends are not known (`debian:stretch`, `ubuntu:16.04`, a private
base image), `ca-certificates` and `dirmngr` are named whenever a later command needs them:
every Debian and Ubuntu release has them, and apt installs nothing when the image already
does. pip's build tools differ by release (xenial's python-pip recommends
python-all-dev, ...): there the install is left alone with a note.

Left alone: an image to develop or test in (a devcontainer, `Dockerfile.dev`, a CMD that
runs the tests or a notebook server), whose users rely on what the packages recommend (git's
ssh and pager); an install after a repository the Dockerfile adds (a sources.list entry,
add-apt-repository, NodeSource's script) that names a package the release's archive does not
have (`docker-ce`: its Recommends, `docker-buildx-plugin`, are not known); an install that already says what it wants (`--no-install-recommends`,
`--install-recommends`, `-o APT::Install-Recommends=false` or `=0` or `=true`, any
spelling); a stage where an earlier RUN (in the stage or a stage it is built FROM), or the
same RUN before the install, writes an `/etc/apt/apt.conf` file that sets
`APT::Install-Recommends` to false; a RUN whose shell syntax cannot be parsed; an install
whose packages are not all literal names (`$BUILD_DEPS`, `$(cat deps.txt)`) when a later
command builds: gcc among them would lose the C library's headers (a note says so).

## Why it makes the image smaller
By default apt installs the packages a package "recommends" as well as those it depends on.
Recommends are often large and rarely needed in a container: documentation, X11 libraries,
compilers, fonts. Installing `build-essential` or `python3-pip` with recommends commonly pulls
in hundreds of megabytes more.

## Example
    FROM debian:bookworm
    RUN apt-get update && apt-get install -y git make
    RUN git clone https://github.com/tj/n.git /opt/n && make -C /opt/n install
becomes
    RUN apt-get update && apt-get install --no-install-recommends -y git make ca-certificates

## Fix safety
Unsafe: it changes what is installed. Software can depend on a package it only recommends:
`curl`, `wget` and `git` only recommend `ca-certificates`, and bare debian/ubuntu images have
no CA bundle, so the next HTTPS download fails (silently inside `curl … | sh`). The pass keeps
what the Dockerfile's own later commands need (above); what the container does at run time
beyond its CMD, ENTRYPOINT and HEALTHCHECK and the scripts of the build context they run is
not seen: add the recommended packages it needs by name. `verify` builds the image before and after and runs your smoke command, which
is how to gain confidence. The packages a company policy requires (`required-packages`) are
named in the install too, as a recommendation (of a dependency, even) may be all that brought
them.

## How verify shows it
The layer of the RUN shrinks by the size of the recommended packages; `verify` lists the
packages (under /usr/share/doc and /var/lib/dpkg) and files that are no longer installed.

## Related hadolint rule
DL3015 (Avoid additional packages by specifying `--no-install-recommends`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..optimizer.edits import add_flag, add_operands
from ..optimizer.findings import Applicability, Finding
from ..optimizer.model import Model, Stage
from ..optimizer.packages import (
    DEBIAN,
    adds_apt_source,
    DEBIAN_TOOLCHAIN,
    DEFAULT_DEBIAN_RELEASE,
    brings_python,
    brought_by_depends,
    debian_data,
    debian_releases,
    family_of,
    functional_recommends,
    is_build_only,
    left_out,
    recommends,
    release_of,
)
from ..optimizer.policy import required
from ..optimizer.rules import Options, PassSpec, Phase
from ..optimizer.shell import Command
from ..optimizer.shellview import ShellView
from ._apt import apt_commands, is_apt, order
from ._common import lineage, ran_before, readable_runs, root_of, sub
from ._install_brings import (
    BUILDPACK_TOOLS,
    CA,
    DIRMNGR,
    OPENSSH,
    VERSIONED_COMPILER,
    brings,
    chooses,
    earlier_installs,
    has_in_base,
    install_names,
    only_recommended,
)
from ._later_needs import ADDONS, BUILDING, HTTPS, KEY_AGENT, KEY_SERVER, SDISTS, SSH, describe, later_commands

SPEC = PassSpec(
    code="DS101",
    name="apt-no-install-recommends",
    phase=Phase.COMMAND,
    summary="Add --no-install-recommends to apt-get install so recommended packages are not installed",
    applicability=Applicability.UNSAFE,
    hadolint=("DL3015",),
)

# an apt configuration that turns recommends off: APT::Install-Recommends "false"; (or 0, no, off)
NO_RECOMMENDS_CONF = re.compile(r"Install-Recommends[\s\"'=]*(false|0|no|off)\b", re.IGNORECASE)

PURGES = frozenset({"purge", "remove"})
# the package tools whose build tools are Recommends: python3-pip recommends build-essential
# and python3-dev; npm depends on node-gyp, which recommends build-essential
BUILDING_TOOLS = {SDISTS: (re.compile(r"python(\d(\.\d+)?)?-pip"), "build sdists"),
                  ADDONS: (re.compile(r"npm"), "build native addons")}
RECOMMENDS_THROUGH = {"npm": ("node-gyp",)}
GPG_AGENT = "gpg-agent"
NEEDED_PACKAGE = {HTTPS: CA, KEY_SERVER: DIRMNGR, SSH: OPENSSH, KEY_AGENT: GPG_AGENT}
# interpreters whose HTTPS uses the system's CA bundle (python3's ssl; Debian builds node with it)
SYSTEM_CA_USERS = re.compile(r"python3(\.\d+)?(-minimal)?|nodejs")
# download tools left in the image are there to be used at run time (an entrypoint script, a
# health check, a shell in the container), and what they reach is HTTPS
HTTPS_CLIENTS = frozenset({"curl", "wget", "git"})
LIST_LIMIT = 5


def configured_off(text: str) -> bool:
    return "apt.conf" in text and bool(NO_RECOMMENDS_CONF.search(text))


# --------------------------------------------------------------------------- the pass


def check(model: Model, options: Options) -> Iterator[Finding]:
    purposes: dict[int, str | None] = {}  # per stage
    for stage, inst, view in readable_runs(model):
        if any(configured_off(i.text) for i in ran_before(stage, inst) if i.kind in ("RUN", "COPY", "ADD")):
            continue
        if apt_commands(view, "install") and stage.index not in purposes:
            from .stages.dev_image import development_purpose  # only once an install is found

            purposes[stage.index] = development_purpose(model, stage, options.extra.get("path"))
        if purposes.get(stage.index):
            for part, cmd in apt_commands(view, "install"):
                if not chooses(cmd):
                    yield SPEC.left_alone(part.span(cmd), purposes[stage.index])
            continue
        base = root_of(stage).base
        release = release_of(base) if family_of(base) == DEBIAN else None
        release = release if release in debian_releases() else None  # None: Recommends not known
        for part, cmd in apt_commands(view, "install"):
            if chooses(cmd):
                continue  # the user already chose, one way or the other
            if configured_off(inst.source[inst.start : part.src(cmd.start)]):
                continue
            at = order(view, part, cmd)
            start, end = part.span(cmd)
            before = "".join(i.text for i in ran_before(stage, inst)) + inst.source[inst.start : part.src(cmd.start)]
            foreign = _from_added_repository(before, cmd, release)
            if foreign:
                yield SPEC.left_alone((start, end), f"{foreign} is not in the distribution's archive: it comes "
                                      "from the repository the Dockerfile adds, whose Recommends are not known")
                continue
            earlier = earlier_installs(model, stage, inst, view, at)
            kept = kept_for_later(model, stage, inst, view, at, cmd, base, release, earlier, options)
            if isinstance(kept, str):
                yield SPEC.left_alone((start, end), kept)
                continue
            flag = " --no-install-recommends"
            ops = cmd.operands()
            if kept and ops:
                edits = add_flag(part, cmd.subcommand, flag) + add_flag(part, max(ops, key=lambda w: w.end), " " + " ".join(kept))
            else:
                edits = add_flag(part, cmd.subcommand, flag + "".join(" " + k for k in kept))
            edits += purged_too(model, stage, inst, view, at, cmd, kept)
            title = "Add `--no-install-recommends`" + (f" and {', '.join(kept)}" if kept else "")
            present = {p for p in (CA, DIRMNGR, OPENSSH, *BUILDPACK_TOOLS) if has_in_base(p, base) or any(brings(c, p, release) for c in earlier)}
            listed = None if adds_apt_source(before) else release  # another repository's relations are not known
            yield SPEC.report((start, end), message(cmd, kept, listed, present),
                              SPEC.fix(title, *sorted(edits, key=lambda e: e.start)))


def _from_added_repository(before: str, cmd: Command, release: str | None) -> str | None:
    """A package the install names that only the repository added before it has (docker-ce:
    its Recommends, docker-buildx-plugin, are what `docker build` needs), when the release's
    archive is known."""
    if release is None or not adds_apt_source(before):
        return None
    from ..optimizer.estimate import in_archive  # the archive's index: only after a repository is added

    return next((n for n in install_names(cmd) if n and in_archive(n, release) is False), None)


def removals(view: ShellView) -> list:
    """The commands that remove packages by name: `apt-get purge`/`remove`, and `apt-mark
    auto` (for a later autoremove)."""
    return [(p, c) for p, c in view.commands() if is_apt(c, PURGES) or c.program == "apt-mark" and sub(c) == "auto"]


def purged_too(model: Model, stage: Stage, inst, view: ShellView, at, cmd: Command, kept) -> tuple:
    """A later `apt-get purge`/`remove` of a build tool named here (`apt-get purge -y
    --auto-remove gcc`, or `apt-mark auto gcc` before an autoremove) also takes the build tools
    kept for it: named by hand they are no longer taken by autoremove and would stay in the
    image."""
    tools = [k for k in kept if k in DEBIAN_TOOLCHAIN]
    named = {n for n in install_names(cmd) if n and (n in DEBIAN_TOOLCHAIN or VERSIONED_COMPILER.fullmatch(n))}
    later = [(p, c) for p, c in removals(view) if order(view, p, c) > at]
    for other in stage.body:
        other_view = model.run(other).readable if other.kind == "RUN" and other.index > inst.index else None
        later += removals(other_view) if other_view is not None else []
    edits: tuple = ()
    for part, purge in later if tools else ():
        gone = set(install_names(purge))
        if gone & named and [k for k in tools if k not in gone]:
            edits += add_operands(part, purge, [k for k in tools if k not in gone])
            tools = [k for k in tools if k in gone]  # one purge takes them
    return edits


def kept_for_later(model, stage, inst, view, at, cmd, base, release, earlier, options) -> dict[str, str] | str:
    """The recommended packages the install must name so that the commands after it still
    work, or why it is left alone (pip's build tools on a release whose Recommends are not
    known)."""
    names = [n for n in install_names(cmd) if n]
    variable = any(n is None for n in install_names(cmd))
    wanted: dict[str, str] = {}  # package -> what needs it
    for need, later in later_commands(model, stage, inst, view, at, options):
        what = f"the later {later}" if isinstance(later, str) else f"`{describe(later)}`"
        packages = _packages_for(need, what, names, variable, base, release)
        if isinstance(packages, str):
            return packages
        for package in packages:
            if package in wanted or package in names or has_in_base(package, base):
                continue
            if any(brings(c, package, release) for c in earlier):
                continue
            # not known whether the install brings it: named all the same (every Debian and
            # Ubuntu release has it, and apt installs nothing when the image has it already)
            if need in BUILDING_TOOLS or release is None or variable or only_recommended(package, names, release):
                wanted[package] = f"{what} ({need})"
    _keep_ca_for_run_time(wanted, model, stage, inst, names, variable, base, release, earlier)
    _keep_ssh_for_git(wanted, model, stage, inst, names, base, release, earlier)
    _keep_build_tools(wanted, names, base, release, earlier)
    unknown = _keep_function(wanted, names, base, release, earlier)
    if unknown:
        return unknown
    # a package the policy requires may come only as a recommendation (of a dependency, too):
    # named, unless this install or an earlier one names it
    for package in sorted(required()):
        if package not in wanted and package not in names and not any(brings(c, package, release) for c in earlier):
            wanted[package] = "the company policy (required-packages)"
    return wanted


def _packages_for(need: str, what: str, names: list[str], variable: bool, base: str, release: str | None) -> list[str] | str:
    """The recommended packages a later command's need asks for, or why the install is left
    alone."""
    if need == BUILDING:
        if variable:  # gcc among them would lose the C library's headers it only recommends
            return (f"its packages are not all literal names, and {what} may build with the build tools they "
                    "recommend (gcc: the C library's headers)")
        return []
    if need in NEEDED_PACKAGE:
        return [NEEDED_PACKAGE[need]]
    if need == SDISTS and brings_python(base):
        return []  # the image's own pip, not the distribution's
    pattern, verb = BUILDING_TOOLS[need]
    tools = [n for n in names if pattern.fullmatch(n)]
    if tools and release is None:
        return (f"{what} may {verb} with the tools {tools[0]} recommends, and what it recommends on "
                f"{base or 'the base image'} is not known")
    # the compilers and headers they recommend (not their documentation)
    return [r for t in tools for p in (t, *RECOMMENDS_THROUGH.get(t, ()))
            for r in recommends(p, release) or () if is_build_only(r, DEBIAN, release)]


def _keep_ca_for_run_time(wanted, model, stage, inst, names, variable, base, release, earlier) -> None:
    """What the container does at run time is not in the Dockerfile, but two kinds of
    installed package say it will reach HTTPS, which needs the system's CA bundle they only
    recommend: curl, wget or git that no later step of the stage removes (a scripted
    entrypoint, a health check, a shell in the container use them), and python3 or nodejs
    when the image starts a program (CMD, ENTRYPOINT): Python's ssl module and Debian's node
    verify with the system's bundle."""
    if CA in wanted or CA in names or has_in_base(CA, base) or any(brings(c, CA, release) for c in earlier):
        return
    removed = removed_later(model, stage, inst)
    users = [n for n in names if n in HTTPS_CLIENTS and n not in removed]
    if not users and any(i.kind in ("CMD", "ENTRYPOINT") for st in lineage(stage) + list(model.children(stage)) for i in st.body):
        users = [n for n in names if SYSTEM_CA_USERS.fullmatch(n)]
    if users and (release is None or variable or only_recommended(CA, names, release)):
        wanted[CA] = f"`{users[0]}` at run time (HTTPS)"


def removed_later(model, stage, inst) -> set[str]:
    """The packages a purge or remove of this RUN or a later one of the stage names."""
    views = [model.run(i).readable for i in stage.body if i.kind == "RUN" and i.index >= inst.index]
    return {n for v in views if v is not None for _, c in removals(v) for n in install_names(c)}


def _keep_ssh_for_git(wanted, model, stage, inst, names, base, release, earlier) -> None:
    """git left in the image may reach its remotes over ssh at run time (a CI agent, a deploy
    step): it keeps openssh-client, which it only recommends."""
    if "git" not in names or OPENSSH in wanted or OPENSSH in names or has_in_base(OPENSSH, base):
        return
    if "git" in removed_later(model, stage, inst):
        return
    if any(brings(c, OPENSSH, release) for c in earlier):
        return
    if release is None or only_recommended(OPENSSH, names, release):
        wanted[OPENSSH] = "`git` at run time (ssh)"


def _keep_function(wanted: dict[str, str], names: list[str], base: str, release: str | None, earlier) -> str | None:
    """Some Recommends carry what the package is installed for: ImageMagick reads PDF through
    ghostscript and SVG through its -extra coders, LaTeX documents load lmodern, xvfb-run needs
    xauth. They are kept, named in the install. Where the release's own package names are not
    known (a derived or unknown release, judged by the default release's relations) a
    versioned name cannot be named: the install is left alone, and why is returned."""
    own = release is not None and debian_data(release) is not None and "derived_from" not in debian_data(release)
    judged_on = release if release is not None else DEFAULT_DEBIAN_RELEASE
    for package, why in functional_recommends(judged_on).items():
        bringers = [n for n in names if left_out(package, [n], judged_on)]
        if not bringers or package in wanted or package in names or has_in_base(package, base):
            continue
        if brought_by_depends(package, names, judged_on):
            continue  # `libreoffice unoconv`: libreoffice depends on the applications unoconv recommends
        if any(brings(c, package, judged_on) for c in earlier):
            continue
        if not own and any(ch.isdigit() for ch in package):
            return (f"`{bringers[0]}` recommends the package that gives it {why} ({package} on {judged_on}), "
                    f"whose name on {base or 'the base image'} is not known")
        wanted[package] = f"`{bringers[0]}` ({why})"
    return None


def _keep_build_tools(wanted: dict[str, str], names: list[str], base: str, release: str | None, earlier) -> None:
    """Build tools only recommend what they build with: gcc the C library's headers
    (libc6-dev), without which it compiles nothing that includes a system header; cmake gcc
    and make; autoconf automake; rustc cargo. A build tool named keeps the build tools it
    recommends, and what those recommend (the default release's relations where the release
    is not known)."""
    tools = [n for n in names if n in DEBIAN_TOOLCHAIN or VERSIONED_COMPILER.fullmatch(n)]
    judged_on = release or DEFAULT_DEBIAN_RELEASE
    for tool in tools:  # grows: cmake keeps gcc, which keeps libc6-dev
        for package in sorted(DEBIAN_TOOLCHAIN.intersection(recommends(tool, judged_on) or ())):
            if package in wanted or package in names or has_in_base(package, base):
                continue
            if brought_by_depends(package, names + list(wanted), judged_on):
                continue  # build-essential brings gcc and make, g++ libc6-dev
            if not any(brings(c, package, release) for c in earlier):
                wanted[package] = f"`{tool}` (to build)"
                tools.append(package)


def message(cmd: Command, kept: dict[str, str], release: str | None, present: set[str]) -> str:
    """What the flag leaves out (from the release's metadata, None: not known, without what
    the image has anyway) and what the fix names so that later commands keep working."""
    dropped = []
    if release is not None:
        names = [n for n in install_names(cmd) if n]
        found = {r for n in names for r in recommends(n, release) or ()}
        found |= {p for p in (CA, DIRMNGR) if left_out(p, names, release)}
        dropped = sorted(p for p in found - set(names) - set(kept) - present if not brought_by_depends(p, names, release))
    if dropped:
        more = len(dropped) - LIST_LIMIT
        text = (f"`{cmd.program} install` without `--no-install-recommends` also installs recommended packages "
                f"({', '.join(dropped[:LIST_LIMIT])}{f' … and {more} more' if more > 0 else ''})")
    else:  # none it names directly: what its dependencies recommend is not listed here
        text = f"`{cmd.program} install` without `--no-install-recommends` may also install recommended packages"
    for why in dict.fromkeys(kept.values()):
        packages = [p for p, w in kept.items() if w == why]
        text += f"; keeps {' and '.join(packages)}, which {why} {'needs' if len(packages) == 1 else 'need'}"
    return text
