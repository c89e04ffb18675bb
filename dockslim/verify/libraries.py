"""What the final image must have installed: the runtime libraries of what the final stage
takes from other stages, and the packages a policy requires."""

from __future__ import annotations

from typing import Any

from ..optimizer.policy import policy_of
from .builds import Builds, Candidate
from .dockerfile import by_stage, final_base, taken
from .runtime_libs import RuntimeLibsError, installed_packages, runtime_packages


def takes_from_stages(builds: Builds, cand: Candidate) -> bool:
    """Whether `cand`'s final stage takes files from other stages (the libraries are then asked)."""
    return bool(taken(builds.build_text(cand.text)))


def runtime_libraries(builds: Builds, shown: Candidate) -> dict:
    """The packages owning the libraries that what the final stage takes from other
    stages (a venv, `/wheels`, `node_modules`, a binary) links, measured in those stages
    (less what the final stage's base already has), and whether the final image has
    them (measured once per text)."""
    if shown.text not in builds.libraries:
        builds.libraries[shown.text] = _runtime_libraries(builds, shown)
    return builds.libraries[shown.text]


def _runtime_libraries(builds: Builds, shown: Candidate) -> dict:
    engine = builds.engine
    took = taken(builds.build_text(shown.text))
    result: dict[str, Any] = {"needed": [], "installed": [], "missing": [],
                              "scanned": [f"{t.stage}:{t.path}" for t in took]}
    base = final_base(builds.build_text(shown.text))
    if base is not None and (base.lower() == "scratch" or not engine.image_exists(base)):
        base = None
    needed: set[str] = set()
    try:
        for stage, paths in by_stage(took).items():
            built = builds.stage_image(shown, stage)
            if not built.built:
                return dict(result, error=f"the {stage} stage does not build: {built.build.error}")
            needed |= runtime_packages(engine, built.tag, paths=paths, present_in=base,
                                       timeout=builds.settings.timeout)
        have = installed_packages(engine, shown.tag) if needed else set()
    except (RuntimeLibsError, ValueError) as exc:
        return dict(result, error=str(exc))
    missing = needed - have
    if missing:
        missing &= original_packages(builds) or missing  # what the original lacked too is not lost
    return dict(result, needed=sorted(needed), installed=sorted(needed & have), missing=sorted(missing))


def original_packages(builds: Builds) -> set[str] | None:
    """The packages of the original image (None when it has no package manager to ask)."""
    assert builds.before is not None
    if builds.before_packages is False:
        try:
            builds.before_packages = installed_packages(builds.engine, builds.before.tag)
        except RuntimeLibsError:
            builds.before_packages = None
    return builds.before_packages


def required_packages(builds: Builds, shown: Candidate) -> dict | None:
    """The policy's required packages the built image lacks (None without a policy)."""
    options = builds.settings.options
    wanted = policy_of(options.extra if options else {}).required_packages
    if not wanted:
        return None
    builds.say("checking the packages the policy requires")
    try:
        missing = sorted(set(wanted) - installed_packages(builds.engine, shown.tag))
    except RuntimeLibsError as exc:
        return {"required": list(wanted), "missing": list(wanted), "error": str(exc)}
    return {"required": list(wanted), "missing": missing}
