"""Config comparison: a rewrite must leave the image's configuration as it was.

The fields compared are CONFIG_FIELDS of `docker image inspect`'s Config. What an image
inherits from its own base (labels, environment) is not the Dockerfile's configuration and
is left out, so a rewrite onto another base (a slim variant) is judged on what it sets.
"""

from __future__ import annotations

from .engine import Engine, EngineError

CONFIG_FIELDS = (
    "Cmd", "Entrypoint", "Env", "User", "WorkingDir", "ExposedPorts", "Volumes", "Labels",
    "StopSignal", "Healthcheck", "Shell", "OnBuild",
)
SCRATCH_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def inherited_config(engine: Engine, ref: str | None) -> dict:
    """The configuration an image built FROM `ref` inherits (a new base brings its own labels
    and environment; those are not the Dockerfile's configuration); {} when unknown."""
    if ref == "scratch":
        return {"Env": [SCRATCH_PATH]}  # BuildKit gives an image with no PATH this one
    if ref is None:
        return {}
    try:
        return engine.inspect(ref).get("Config") or {}
    except EngineError:
        return {}


def config_changes(before: dict, after: dict, before_base: dict | None = None,
                   after_base: dict | None = None) -> list[dict]:
    """The CONFIG_FIELDS whose values differ (ENV compared as a mapping, empty == unset).
    Labels and environment variables inherited unchanged from each image's own base are left
    out of the comparison: a rewrite onto another base (a slim variant, a compiled program's
    runtime without the toolchain's GOPATH) brings that base's, not the user's."""

    def own(name: str, image: dict, base: dict | None):
        inherited = _mapping(name, (base or {}).get(name))
        kept = {k: v for k, v in _mapping(name, image.get(name)).items() if inherited.get(k) != v}
        return kept or None

    before = dict(before, Labels=own("Labels", before, before_base), Env=own("Env", before, before_base))
    after = dict(after, Labels=own("Labels", after, after_base), Env=own("Env", after, after_base))

    changes = []
    for name in CONFIG_FIELDS:
        if (before.get(name) or None) != (after.get(name) or None):
            changes.append({"field": name, "before": before.get(name), "after": after.get(name)})
    return changes


def _mapping(name: str, value) -> dict:
    """ENV (a list of `K=V`) or labels as a mapping."""
    if name == "Env":
        return dict(item.partition("=")[::2] for item in value or [])
    return dict(value or {})
