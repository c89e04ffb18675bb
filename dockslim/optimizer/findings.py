"""What a pass reports: findings, fixes and the text edits that make them."""


import enum
from typing import NamedTuple


class Applicability(enum.IntEnum):
    """How much trust a fix needs, lowest first (ruff's model)."""

    SAFE = 1  # applied by `dockslim fix`
    UNSAFE = 2  # applied only with --unsafe-fixes
    DISPLAY = 3  # shown, never applied

    def __str__(self) -> str:
        return self.name.lower()


# The records here are named tuples: a dataclass costs a cold start a millisecond or two each,
# and the dataclasses module ten more.
class Edit(NamedTuple):
    """Replace text[start:end] with `text` (offsets into the whole file)."""

    start: int
    end: int
    text: str

    @classmethod
    def insert(cls, at: int, text: str) -> "Edit":
        return cls(at, at, text)

    @classmethod
    def delete(cls, start: int, end: int) -> "Edit":
        return cls(start, end, "")


class Fix(NamedTuple):
    title: str
    applicability: Applicability
    edits: tuple[Edit, ...]

    @property
    def start(self) -> int:
        return min(e.start for e in self.edits)

    @property
    def end(self) -> int:
        return max(e.end for e in self.edits)


class Position(NamedTuple):
    """1-based line and column (columns count characters)."""

    line: int
    column: int


class Finding(NamedTuple):
    """Something a pass reports. A note (`note=True`) says why a pass left something alone:
    it explains, it is not a problem; it has no fix and never counts as a finding."""

    code: str
    message: str
    start: int  # offset of the first character the finding is about
    end: int
    fix: Fix | None = None
    note: bool = False
    # filled in by the pipeline from the offsets; not part of what the finding says (below)
    begin_pos: Position | None = None
    end_pos: Position | None = None
    instruction_index: int | None = None
    estimated_bytes: int | None = None  # what the fix keeps out (estimate.py)

    # A finding is what it says, where: the same finding before and after the pipeline filled
    # in positions and an estimate is one finding.
    def __eq__(self, other: object) -> bool:
        return isinstance(other, Finding) and self[:6] == other[:6]

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(self[:6])

    @classmethod
    def left_alone(cls, code: str, why: str, start: int, end: int) -> "Finding":
        """The note a pass gives when it leaves text[start:end] alone, saying why."""
        return cls(code, f"left alone: {why}", start, end, note=True)


def apply_edits(text: str, edits: list[Edit] | tuple[Edit, ...]) -> str:
    """Apply non-overlapping edits back to front so offsets stay valid."""
    out = text
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        out = out[: edit.start] + edit.text + out[edit.end :]
    return out


def overlaps(a: Fix, b: Fix) -> bool:
    """True when two fixes touch the same text (insertions at one point count)."""
    for x in a.edits:
        for y in b.edits:
            if x.start < y.end and y.start < x.end:
                return True
            if x.start == y.start or (x.start == x.end and y.start <= x.start <= y.end) or (
                y.start == y.end and x.start <= y.start <= x.end
            ):
                return True
    return False
