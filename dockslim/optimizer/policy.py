"""A company's policy: which base images a Dockerfile may start from and which packages the
final image must keep (`[tool.dockslim.policy]` / `[policy]` in `.dockslim.toml`).

Every pass asks here, so none introduces a base outside the policy and none takes out a
required package. Image globs are matched with fnmatch (case-sensitive) on the reference as
written after two normalizations, applied to the reference and the glob alike: Docker Hub's
prefixes go (`docker.io/library/python:3.11` is `python:3.11`, `docker.io/me/app` is
`me/app`), and an image without a tag is `:latest` (`python` is `python:latest`). A digest
after a tag is dropped (`python:3.11@sha256:…` is `python:3.11`); `scratch` stays `scratch`.
"""


import fnmatch
from contextlib import contextmanager
from contextvars import ContextVar
from typing import NamedTuple

KEYS = ("allowed-bases", "forbidden-bases", "required-packages")
_HUB = ("docker.io/library/", "index.docker.io/library/", "registry-1.docker.io/library/",
        "docker.io/", "index.docker.io/", "registry-1.docker.io/")


class Policy(NamedTuple):  # a named tuple: a dataclass costs every start a millisecond
    allowed_bases: tuple[str, ...] = ()  # empty: every image not forbidden
    forbidden_bases: tuple[str, ...] = ()
    required_packages: tuple[str, ...] = ()

    def allows(self, ref: str) -> bool:
        """The image reference is inside the policy (a reference with a variable cannot be
        judged and counts as inside)."""
        if "$" in ref:
            return True
        image = normalized(ref)
        if any(_matches(image, g) for g in self.forbidden_bases):
            return False
        return not self.allowed_bases or any(_matches(image, g) for g in self.allowed_bases)

    def why_not(self, ref: str) -> str:
        """Why the policy refuses `ref` (the glob it matches, or the allowed list it misses)."""
        image = normalized(ref)
        hit = next((g for g in self.forbidden_bases if _matches(image, g)), None)
        if hit is not None:
            return f"the policy forbids {hit}"
        return "the policy allows only " + ", ".join(self.allowed_bases)


def normalized(ref: str) -> str:
    """The reference as policy globs see it: Docker Hub prefixes dropped, `:latest` added
    to an image without a tag, a digest after a tag dropped."""
    for prefix in _HUB:
        if ref.startswith(prefix):
            ref = ref[len(prefix):]
            break
    name, at, _ = ref.partition("@")
    has_tag = ":" in name.rsplit("/", 1)[-1]
    if has_tag:
        return name
    if at or name == "scratch":
        return ref
    return name + ":latest"


def _matches(image: str, glob: str) -> bool:
    return fnmatch.fnmatchcase(image, normalized(glob))


# the packages the policy in force requires, while the passes run (`in_force`): they count as
# runtime packages wherever a pass asks whether a package is build-only
_REQUIRED: ContextVar[frozenset[str]] = ContextVar("required_packages", default=frozenset())


@contextmanager
def in_force(extra: dict):
    """Run passes under the policy in `Options.extra`."""
    token = _REQUIRED.set(frozenset(policy_of(extra).required_packages))
    try:
        yield
    finally:
        _REQUIRED.reset(token)


def required() -> frozenset[str]:
    """The packages the final image must keep, under the policy in force."""
    return _REQUIRED.get()


def policy_of(extra: dict) -> Policy:
    """The policy in `Options.extra` (none: everything allowed, nothing required)."""
    found = extra.get("policy")
    return found if isinstance(found, Policy) else Policy()


def from_table(table: object) -> Policy:
    """The policy a `[policy]` table gives; ValueError with one line saying what is wrong."""
    if not isinstance(table, dict):
        raise ValueError("`policy` must be a table")
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise ValueError(f"unknown key `policy.{unknown[0]}` (known: {', '.join(KEYS)})")
    values = []
    for key in KEYS:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise ValueError(f"`policy.{key}` must be a list of strings")
        values.append(tuple(v.strip() for v in value))
    return Policy(*values)


def move_refused(policy: Policy, base: str, installed: set[str]) -> str | None:
    """Why a pass may not move a final image to `base` (outside the policy, or a required
    package the new base may lack and the image's own installs do not bring), or None."""
    if not policy.allows(base):
        return f"{base} is outside the base image policy ({policy.why_not(base)})"
    lost = [p for p in policy.required_packages if p not in installed]
    if lost:
        return f"the policy requires {lost[0]}, which {base} may lack and no RUN installs"
    return None
