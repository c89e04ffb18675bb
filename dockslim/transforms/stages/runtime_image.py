"""The image a compiled program runs on: the slim image of its builder's release, or for a
static program `scratch` (or distroless, or the slim image) when nothing in the runtime
stage needs a shell, a package or a user database."""

from __future__ import annotations

import posixpath
import re

from ...optimizer.model import Model, Stage
from ...optimizer.packages import ALPINE, family_of, release_of
from ...optimizer.policy import Policy, policy_of
from ...optimizer.rules import Options
from ...optimizer.syntax import Instruction
from .._apt import official_image
from .._layers import absolute, workdir_before
from .build_only import RunEdit
from .commands import missing_programs, package_installs
from .plan import Refused
from .program_paths import DEFAULT_PATH, container_entry

# images whose system trusts the usual certificate authorities (buildpack-deps underneath;
# the alpine and slim variants install ca-certificates too)
CA_BUNDLE_IMAGES = frozenset(("golang", "rust", "gcc", "buildpack-deps"))
CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt"
# `[tool.dockslim] static-runtime`: where a statically linked program runs
STATIC_RUNTIMES = {"scratch": "scratch", "distroless": "gcr.io/distroless/static", "slim": None}
DISTROLESS_USERS = frozenset(("root", "nobody", "nonroot"))
DISTROLESS_PACKAGES = frozenset(("ca-certificates", "tzdata"))
_NUMERIC_OWNER = re.compile(r"[0-9]+(:[0-9]+)?")  # an owner scratch can give: no user database


def runtime_base(base: str, policy: Policy | None = None) -> str:
    """The slim image of the same family for a compiled program, inside the policy."""
    slim = _slim_runtime(base)
    if policy is not None and not policy.allows(slim):
        raise Refused(f"the runtime image {slim} is outside the base image policy ({policy.why_not(slim)})")
    return slim


def _slim_runtime(base: str) -> str:
    if "@" in base or "$" in base:
        raise Refused(f"the base image {base} is pinned by digest or a variable")
    found = official_image(base)
    family = family_of(base)
    if found is None or family is None:
        raise Refused(f"no slim runtime image is known for {base}")
    name, tag = found
    release = release_of(base)
    if family == ALPINE:
        if name == "alpine":
            return base
        m = re.search(r"alpine(\d+\.\d+)", tag)
        if not m:
            raise Refused(f"{base} does not name its Alpine release")
        return f"alpine:{m.group(1)}"
    if name == "ubuntu" or release in ("noble", "jammy", "focal", "bionic", "xenial", "mantic", "lunar", "oracular"):
        return base if name == "ubuntu" else f"ubuntu:{release}"
    if name == "debian" and "slim" in tag:
        return base
    if name not in ("debian", "golang", "rust", "gcc", "buildpack-deps"):
        raise Refused(f"a compiled program on {base}: no slim runtime image is known")
    if release in _DEBIAN_SUITES:
        return f"debian:{release}-slim"
    raise Refused(f"the Debian release {base} is built on is not known to dockslim")


# Debian releases and suites with a `debian:<name>-slim` image
_DEBIAN_SUITES = frozenset(
    ("trixie", "bookworm", "bullseye", "buster", "stretch", "sid", "stable", "oldstable", "testing", "unstable")
)


def static_base(model: Model, stage: Stage, runs: dict[int, RunEdit], kept: list[Instruction],
                 targets: dict[str, str], owners: set[str], options: Options) -> tuple[str | None, bool]:
    """The runtime image of a static program, and whether it needs the CA bundle copied; None
    when something in the runtime stage needs a shell, a package or a user database (`owners`:
    those the copies from the builder give their files)."""
    choice = options.extra.get("static-runtime", "scratch")
    image = STATIC_RUNTIMES.get(choice)
    policy = policy_of(options.extra)
    if image is None or not policy.allows(image) or policy.required_packages:
        return None, False  # a required package needs a package manager: the slim runtime
    distroless = choice == "distroless"
    allowed = DISTROLESS_PACKAGES if distroless else frozenset(("ca-certificates",))
    programs = set(targets.values())
    entry = container_entry(stage)
    if entry is None or not runs_program(model, stage, entry, programs):
        return None, False
    if not all(_NUMERIC_OWNER.fullmatch(o) for o in owners):
        return None, False
    for inst in kept:
        kind = inst.kind
        if kind == "RUN" and not (inst.index in runs and allowed.issuperset(runs[inst.index].kept)):
            return None, False
        if kind in ("CMD", "ENTRYPOINT") and not inst.is_json:
            return None, False
        if kind == "HEALTHCHECK" and not inst.rest.upper().startswith("NONE"):
            if not runs_program(model, stage, inst, programs):
                return None, False
        if kind == "USER" and not all(p.isdigit() or (distroless and p in DISTROLESS_USERS) for p in inst.rest.strip().split(":")):
            return None, False
        if kind in ("COPY", "ADD") and any(f.name == "chown" and not _NUMERIC_OWNER.fullmatch(f.value or "")
                                           for f in inst.flags):
            return None, False
        if kind == "SHELL":
            return None, False
    has_ca = stage.base_name in CA_BUNDLE_IMAGES or any(
        "ca-certificates" in ins.names for i in stage.runs() for ins in package_installs(stage.run(i)))
    return image, has_ca and not distroless


def runs_program(model: Model, stage: Stage, inst: Instruction, programs: set[str]) -> bool:
    """The exec-form CMD, ENTRYPOINT or HEALTHCHECK starts one of the copied programs."""
    if inst.kind == "HEALTHCHECK":
        m = re.match(r"(?is).*?\bCMD\s+(\[.*\])\s*$", inst.rest)
        words = re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1)) if m else []
    else:
        words = list(inst.value) if inst.is_json else []
    if not words:
        return False
    first = words[0]
    if "/" not in first:
        return any(posixpath.basename(p) == first and posixpath.dirname(p) in DEFAULT_PATH for p in programs)
    return absolute(first, workdir_before(model, stage, inst)) in programs


def needs_full(stage: Stage, base: str, gone: set[int], installed: set[str]) -> None:
    """Refuse when a kept RUN, CMD, ENTRYPOINT or HEALTHCHECK runs a program the slim base
    lacks and the runtime does not install (`gone`: instructions left out of the runtime)."""
    if base == stage.base:
        return
    for inst in stage.body:
        if inst.index in gone:
            continue
        used = missing_programs(stage, inst, installed)
        if used:
            raise Refused(f"line {inst.start_line}: {inst.kind} runs {min(used)}, which {base} lacks")
