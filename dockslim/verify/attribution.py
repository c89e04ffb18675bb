"""Per-pass attribution: the bytes each pass saved, from cumulative rebuilds.

The prefixes of the pass codes (registry order) are built one after the other; the build
cache makes the unchanged instructions free. The last row is the image shown (with the
packages a repair added), so the rows add up to it.
"""

from __future__ import annotations

from typing import Any

from ..optimizer.findings import Finding
from .builds import Builds, Candidate
from .report import Report, pass_name, titles_by_code


def attribute(builds: Builds, report: Report, codes: list[str], applied: tuple[Finding, ...], shown: Candidate) -> None:
    """report.passes: one row per pass, its image, size and the bytes saved over the
    previous prefix (each row added as its image is built)."""
    before = builds.before
    assert before is not None and before.size
    titles = titles_by_code(applied)
    previous = before
    for i, code in enumerate(codes, 1):
        cand = shown if i == len(codes) else builds.candidate(tuple(codes[:i]))
        row: dict[str, Any] = {
            "code": code,
            "name": pass_name(builds.effective, code),
            "titles": titles.get(code, []),
            "image": cand.tag,
            "built": cand.built,
            "build_seconds": round(cand.build.seconds, 2),
            "size": cand.size,
            "saved_bytes": None,
            "saved_percent": None,
        }
        if not cand.built:
            row["error"] = cand.build.error
        elif previous.size is not None and cand.size is not None:
            saved = previous.size - cand.size
            row["saved_bytes"] = saved
            row["saved_percent"] = round(100.0 * saved / before.size, 2)
            previous = cand
        report.passes.append(row)
