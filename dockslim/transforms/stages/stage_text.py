"""The text of a new stage: its FROM line, instructions copied from the stage (with their
comments, never the byte-order mark), the file's keyword case and newline, and free stage names."""

from __future__ import annotations

from ...optimizer.findings import Edit, apply_edits
from ...optimizer.model import Model, Stage
from ...optimizer.syntax import BOM, Instruction
from ...optimizer.words import SPACE

# instructions that only describe the image: a builder stage has no use for them
CONFIG_ONLY = frozenset(
    {"EXPOSE", "CMD", "ENTRYPOINT", "HEALTHCHECK", "LABEL", "VOLUME", "STOPSIGNAL", "MAINTAINER", "USER"}
)



def keyword(model: Model, kind: str) -> str:
    """A keyword in the file's case (lower case when the FROM is written so)."""
    first = model.stages[0].from_.keyword if model.stages else "FROM"
    return kind.lower() if first.islower() else kind


def newline(model: Model) -> str:
    return model.dockerfile.newline


def from_line(model: Model, stage: Stage, alias: str, image: str | None = None) -> str:
    """`FROM <same flags and image> AS alias` (the stage's own FROM, renamed and indented as
    it is)."""
    inst = stage.from_
    logical = inst.logical.text
    flags = logical[len(logical) - len(logical.lstrip(SPACE)) + len(inst.keyword) : inst.rest_start].strip(SPACE)
    word = image if image is not None else image_word(inst)[2]
    parts = [inst.keyword] + ([flags] if flags else []) + [word, "AS" if inst.keyword.isupper() else "as", alias]
    line = own_text(inst.source, inst.start, inst.end)
    return line[: len(line) - len(line.lstrip(SPACE))] + " ".join(parts) + newline(model)


def image_word(inst: Instruction) -> tuple[int, int, str]:
    """Source span and text of a FROM's image reference."""
    text = inst.logical.text
    i = inst.rest_start
    while i < len(text) and text[i] in SPACE:
        i += 1
    j = i
    while j < len(text) and text[j] not in SPACE:
        j += 1
    return inst.logical.source_offset(i), inst.logical.source_end(j), text[i:j]


def own_text(source: str, start: int, end: int) -> str:
    """source[start:end] without the byte-order mark the file may start with: the mark
    belongs to the file, and copied anywhere else it glues itself to a keyword (`\ufeffFROM`
    is an unknown instruction to BuildKit)."""
    text = source[start:end]
    return text[1:] if start == 0 and text.startswith(BOM) else text


def insertion_point(model: Model, offset: int) -> int:
    """Where text inserted "before" `offset` goes: after the byte-order mark at offset 0."""
    return 1 if offset == 0 and model.dockerfile.bom else offset


def instruction_copy(inst: Instruction, with_comments: bool, edits: list[Edit] | None = None) -> str:
    """The instruction's text (optionally with the comment lines above it), with `edits`
    (source offsets) applied; never the file's byte-order mark."""
    text = inst.text
    if edits:
        text = apply_edits(text, [Edit(e.start - inst.start, e.end - inst.start, e.text) for e in edits])
    if inst.start == 0 and text.startswith(BOM):
        text = text[1:]
    if not text.endswith("\n"):
        text += "\r\n" if "\r\n" in inst.source else "\n"
    lines = own_text(inst.source, inst.leading_start, inst.start).splitlines(keepends=True)
    # the user's spacing as it is: blank lines where they stand among the comments
    return "".join(ln for ln in lines if with_comments or not ln.strip()) + text


def stage_names(model: Model) -> set[str]:
    return {s.alias.lower() for s in model.stages if s.alias}


def unused_name(model: Model, *candidates: str) -> str:
    taken = stage_names(model)
    for name in candidates:
        if name not in taken:
            return name
    n = 2
    while f"{candidates[0]}{n}" in taken:
        n += 1
    return f"{candidates[0]}{n}"
