"""DS101 apt-no-install-recommends: `apt-get install` also installs every recommended package.

## What it does
Adds `--no-install-recommends` to every `apt-get install` and `apt install` in a RUN
instruction, whatever the order of its options (`-y`, `--yes`, `-qq`, `-qqy`), behind `sudo`,
`env` or a `DEBIAN_FRONTEND=noninteractive` prefix, inside `if` blocks and `&&`/`;` chains,
and in RUN heredocs.

Left alone: an install that already says what it wants (`--no-install-recommends`,
`--install-recommends`, `-o APT::Install-Recommends=false` or `=0` or `=true`, any
spelling); a stage where an earlier RUN (in the stage or a stage it is built FROM), or the
same RUN before the install, writes an `/etc/apt/apt.conf` file that sets
`APT::Install-Recommends` to false; a RUN whose shell syntax cannot be parsed.

## Why it makes the image smaller
By default apt installs the packages a package "recommends" as well as those it depends on.
Recommends are often large and rarely needed in a container: documentation, X11 libraries,
compilers, fonts. Installing `build-essential` or `python3-pip` with recommends commonly pulls
in hundreds of megabytes more.

## Example
    RUN apt-get update && apt-get install -y curl
becomes
    RUN apt-get update && apt-get install --no-install-recommends -y curl

## Fix safety
Unsafe: it changes what is installed. Software can depend on a package it only recommends:
`curl` recommends `ca-certificates`, without which every HTTPS download fails; `git`
recommends `less` and `ssh-client`; `python3-pip` recommends the compiler used to build
sdists. After applying it, add the recommended packages you need by name. `verify` builds the
image before and after and runs your smoke command, which is how to gain confidence.

## How verify shows it
The layer of the RUN shrinks by the size of the recommended packages; `verify` lists the
packages (under /usr/share/doc and /var/lib/dpkg) and files that are no longer installed.

## Related hadolint rule
DL3015 (Avoid additional packages by specifying `--no-install-recommends`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..optimizer.findings import Applicability, Finding, Fix
from ..optimizer.model import Model
from ..optimizer.rules import Options, PassSpec, Phase
from ..optimizer.style import insert_after
from ._apt import apt_commands
from ._common import ran_before, readable_runs

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


def configured_off(text: str) -> bool:
    return "apt.conf" in text and bool(NO_RECOMMENDS_CONF.search(text))


def check(model: Model, options: Options) -> Iterator[Finding]:
    for stage, inst, view in readable_runs(model):
        if any(configured_off(i.text) for i in ran_before(stage, inst) if i.kind in ("RUN", "COPY", "ADD")):
            continue
        for part, cmd in apt_commands(view, "install"):
            if any("install-recommends" in (w.value or w.text).lower() for w in cmd.args):
                continue  # the user already chose, one way or the other
            if configured_off(inst.source[inst.start : part.src(cmd.start)]):
                continue
            start, end = part.span(cmd)
            yield Finding(
                code=SPEC.code,
                message=f"`{cmd.program} install` without `--no-install-recommends` also installs recommended packages",
                start=start,
                end=end,
                fix=Fix(
                    "Add `--no-install-recommends`",
                    Applicability.UNSAFE,
                    (insert_after(part, cmd.subcommand, " --no-install-recommends"),),
                ),
            )
