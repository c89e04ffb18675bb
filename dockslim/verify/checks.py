"""The checks a rebuilt image must pass against the original: it builds, its config is the
same, it is not larger, and the smoke command passes in it."""

from __future__ import annotations

from .builds import Builds, Candidate
from .image_config import config_changes

# Rebuilding a changed RUN re-runs it: timestamps, logs and byte-code files may come out a
# few bytes apart. Growth up to this much still counts as "not larger".
GROWTH_SLACK = 64 * 1024


def check(builds: Builds, cand: Candidate) -> Candidate:
    """Fill in `cand.reasons`: empty when it verifies against the original."""
    if cand.reasons is not None:
        return cand
    before = builds.before
    assert before is not None
    if not cand.built:
        cand.reasons = [f"the rewritten Dockerfile does not build: {cand.build.error}"]
        return cand
    reasons: list[str] = []
    cand.config_changes = config_changes(
        before.config, cand.config, builds.base_config(builds.text), builds.base_config(cand.text)
    )
    if cand.config_changes:
        reasons.append("the image config changed: " + ", ".join(c["field"] for c in cand.config_changes))
    assert before.size is not None and cand.size is not None
    growth = cand.size - before.size
    if growth > GROWTH_SLACK:
        reasons.append(f"the rewritten image is larger (+{growth:,} bytes)")
    if builds.settings.smoke:
        cand.smoke = builds.smoke(cand)
        if not cand.smoke.ok:
            what = "timed out" if cand.smoke.exit_code is None else f"exit {cand.smoke.exit_code}"
            reasons.append(f"the smoke command fails in the rewritten image ({what}): {cand.smoke.last_line()}")
    cand.reasons = reasons
    return cand


def verified(builds: Builds, codes: tuple[str, ...] | list[str]) -> Candidate:
    """The text of the passes `codes`, built and checked."""
    return check(builds, builds.candidate(tuple(codes)))
