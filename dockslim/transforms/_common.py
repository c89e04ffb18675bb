"""Small questions several passes ask of a stage or a RUN."""

from __future__ import annotations

from ..optimizer.model import Model, Stage
from ..optimizer.syntax import Instruction
from ..optimizer.words import parse_words, unquote


def env_in_stage(model: Model, stage: Stage, name: str, before: Instruction | None = None) -> str | None:
    """The value an ENV or ARG default gives `name` in the stage (or a parent) before `before`."""
    value = None
    chain = []
    s = stage
    while s is not None:
        chain.append(s)
        s = s.parent
    for st in reversed(chain):
        for inst in st.body:
            if before is not None and inst.index >= before.index:
                break
            if inst.kind == "ENV":
                vals = inst.value
                for k, v in zip(vals[::2], vals[1::2]):
                    if k == name:
                        value = unquote(v)
            elif inst.kind == "ARG":
                for word, _, _ in parse_words(inst.rest, inst.escape):
                    k, eq, v = word.partition("=")
                    if k == name and eq:
                        value = unquote(v)
    return value


def cache_mount_targets(inst: Instruction) -> list[str]:
    """Targets of `RUN --mount=type=cache,...` on this RUN."""
    out = []
    for flag in inst.flags_named("mount"):
        opts = flag.options
        if opts.get("type") == "cache":
            out.append((opts.get("target") or opts.get("dst") or opts.get("destination") or "").rstrip("/"))
    return out


def under_cache_mount(inst: Instruction, path: str) -> bool:
    path = path.rstrip("/")
    return any(path == t or path.startswith(t + "/") for t in cache_mount_targets(inst) if t)
