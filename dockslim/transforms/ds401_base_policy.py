"""DS401 base-policy: a stage starts from a base image the company's policy does not allow.

## What it does
Reports every FROM whose image is outside `[tool.dockslim.policy]` (or `[policy]` in
`.dockslim.toml`): it matches a `forbidden-bases` glob, or `allowed-bases` is given and no
glob of it matches. Every stage is checked, builder stages too: a policy says which images
the build may pull, not only which one ships. A FROM naming an earlier stage is not an image
and is not checked; an image given by an ARG is judged by the ARG's default, and not at all
when it has none. Globs follow fnmatch on the reference as written, with Docker Hub's
prefixes dropped and a missing tag read as `:latest` (`python` is `python:latest`,
`docker.io/library/python:3.11` is `python:3.11`); `scratch` is matched as `scratch`.

The fix moves to the allowed equivalent when exactly one is obvious: the one tag the
allowed list names for that image (`python:latest` -> `python:3.11` with
`forbidden-bases = ["*:latest"]` and `allowed-bases = ["python:3.11"]`), or the image's slim
variant when the full one is not allowed and the slim one is (`python:3.11` ->
`python:3.11-slim` with `allowed-bases = ["python:*-slim"]`), and only when the stages that
carry on from it do not build (the slim image lacks the compilers). Otherwise there is no
fix: which image the company wants is the user's to say.

## Why it makes the image smaller
It does not always: it keeps the image inside what the company allows. The policy is also
what keeps every other pass from leaving it: DS302 and DS301 choose only allowed runtime
images, and no pass removes a package `required-packages` names.

## Example
With `allowed-bases = ["python:*-slim"]`:

    FROM python:3.11
    COPY app.py /app/
    CMD ["python", "/app/app.py"]
becomes
    FROM python:3.11-slim
    COPY app.py /app/
    CMD ["python", "/app/app.py"]

## Fix safety
Unsafe: another image installs other things. The slim fix is offered only when the stages
built on the image do not compile nor run a program the slim image lacks (as DS302 checks);
the move to the one allowed tag of the same image keeps the image and changes its version.
`# dockslim: ignore=DS401` on the FROM accepts an exception.

## How verify shows it
The rebuilt image starts from the allowed base; `verify` also checks that every
`required-packages` entry is installed in the built image.

## Related hadolint rule
DL3026 (use only an allowed registry in the FROM image), which checks registries, not
image names and tags.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..optimizer.findings import Applicability, Edit, Finding
from ..optimizer.model import Model, Stage
from ..optimizer.policy import Policy, normalized, policy_of
from ..optimizer.rules import Options, PassSpec, Phase
from .stages import stage_text as st

SPEC = PassSpec(
    code="DS401",
    name="base-policy",
    phase=Phase.STAGES,
    summary="A FROM starts from a base image outside the company's policy",
    applicability=Applicability.UNSAFE,
    kinds=("FROM",),
    hadolint=("DL3026",),
)

_GLOB = set("*?[")


def check(model: Model, options: Options) -> Iterator[Finding]:
    policy = policy_of(options.extra)
    if not (policy.allowed_bases or policy.forbidden_bases):
        return
    names = st.stage_names(model)
    for stage in model.stages:
        if stage.parent is not None or stage.base.lower() in names or policy.allows(stage.base):
            continue
        frm = stage.from_
        message = f"{stage.base} is outside the base image policy: {policy.why_not(stage.base)}"
        better = equivalent(model, stage, policy)
        start, end, word = st.image_word(frm)
        if better is None or word != stage.base:
            yield SPEC.report((frm.start, frm.end), message)
            continue
        yield SPEC.report((frm.start, frm.end), f"{message}; use {better}", SPEC.fix(f"Use `{better}`", Edit(start, end, better)))


def equivalent(model: Model, stage: Stage, policy: Policy) -> str | None:
    """The one allowed image the stage's base obviously stands for, or None."""
    # DS302's knowledge, loaded only here: without a policy every file would load it
    from .stages.ds302_slim_runtime_base import slim_variant

    ref = stage.base
    repo = _repository(ref)
    found = {g for g in policy.allowed_bases
             if not _GLOB.intersection(g) and _repository(g) == repo and policy.allows(g)}
    slim = slim_variant(ref)
    if slim is not None and policy.allows(slim) and not _builds_on(model, stage):
        found.add(slim)
    return found.pop() if len(found) == 1 else None


def _repository(ref: str) -> str:
    """`docker.io/library/python:3.11` -> `python`."""
    image = normalized(ref).split("@", 1)[0]
    head, _, last = image.rpartition("/")
    return (head + "/" if head else "") + last.split(":", 1)[0]


def _builds_on(model: Model, stage: Stage) -> bool:
    """The stage, or a stage built FROM it, compiles or runs what a slim image lacks."""
    from .stages.ds302_slim_runtime_base import builds

    return builds([s for s in model.stages if _descends(s, stage)]) is not None


def _descends(stage: Stage, root: Stage) -> bool:
    while stage is not None:
        if stage is root:
            return True
        stage = stage.parent
    return False
