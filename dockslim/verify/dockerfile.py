"""What verify reads from a Dockerfile's text, through the core's parser and model."""

from __future__ import annotations

import posixpath
from collections import defaultdict
from dataclasses import dataclass

from ..optimizer.model import Stage, build_model
from ..optimizer.syntax import ParseError, parse


def syntax_directive(text: str):
    try:
        tree = parse(text)
    except ParseError:
        return None
    return next((d for d in tree.directives if d.name == "syntax"), None)


def without_directive(text: str, directive) -> str:
    end = directive.end
    if text.startswith("\r\n", end):
        end += 2
    elif end < len(text) and text[end] in "\r\n":
        end += 1
    return text[: directive.start] + text[end:]


def external_bases(text: str) -> list[str]:
    """Images the FROM lines pull in (not earlier stages, not scratch, no unresolved ARGs)."""
    try:
        model = build_model(parse(text))
    except ParseError:
        return []
    out: list[str] = []
    for stage in model.stages:
        if stage.parent is None and stage.base and stage.base.lower() != "scratch" and "$" not in stage.base:
            if stage.base not in out:
                out.append(stage.base)
    return out


def final_base(text: str) -> str | None:
    try:
        model = build_model(parse(text))
    except ParseError:
        return None
    stage = model.final
    while stage is not None and stage.parent is not None:
        stage = stage.parent
    if stage is None or not stage.base or "$" in stage.base:
        return None
    return stage.base


@dataclass(frozen=True)
class Taken:
    """Files a stage takes from another stage of the same Dockerfile."""

    stage: str  # the name of the stage they come from (its alias, or its index)
    path: str  # absolute, in that stage's filesystem; may hold a glob pattern
    line: int  # of the COPY or RUN --mount that takes them


def taken_from_stages(text: str) -> list[Taken]:
    """What the final stage (and the stages it is built FROM) takes from other stages:
    `COPY --from=<stage>` sources and `RUN --mount=type=bind,from=<stage>` sources. Sources
    are read from the root of the stage they come from; a mount of the whole root, images
    that are not stages and sources holding variables are left out."""
    model = build_model(parse(text))
    if model.final is None:
        return []
    out: list[Taken] = []
    for stage in lineage(model.final):
        for inst in stage.body:
            for ref, source in _sources(inst):
                other = model.stage_named(ref)
                path = posixpath.normpath("/" + source.lstrip("/"))
                if other is None or other in lineage(model.final) or "$" in path or path == "/":
                    continue
                out.append(Taken(other.name, path, inst.start_line))
    first = {}
    for t in out:
        first.setdefault((t.stage, t.path), t)
    return list(first.values())


def _sources(inst) -> list[tuple[str, str]]:
    """(stage reference, source path) pairs an instruction takes from another stage."""
    if inst.kind in ("COPY", "ADD") and inst.flag("from") and not inst.heredocs:
        return [(inst.flag("from").value or "", src) for src in inst.value[:-1]]
    if inst.kind != "RUN":
        return []
    pairs = []
    for mount in inst.flags_named("mount"):
        opts = mount.options
        if opts.get("from") and opts.get("type", "bind") == "bind":
            pairs.append((opts["from"], opts.get("source") or opts.get("src") or ""))
    return pairs


def lineage(stage: Stage) -> list[Stage]:
    chain = []
    while stage is not None:
        chain.append(stage)
        stage = stage.parent
    return chain


def taken(text: str) -> list[Taken]:
    """What the final stage takes from the Dockerfile's other stages (none when it does not parse)."""
    try:
        return taken_from_stages(text)
    except ParseError:
        return []


def by_stage(taken: list[Taken]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for t in taken:
        out[t.stage].append(t.path)
    return dict(out)

