"""Findings in the formats other tools read: SARIF 2.1.0 (code scanning) and GitHub
workflow commands (annotations on a pull request's diff).

Notes (why a pass left something alone) are not results: code scanning turns every result,
level "note" included, into an alert. SARIF carries them as tool notifications of level
"note" that name their rule; GitHub annotations show them as `::notice` when asked.

Positions: both formats number lines and columns from 1. A line ends at LF, CR LF or a lone
CR (the rule of the Language Server Protocol, which the language server shares through
LineIndex). Columns count Unicode code points; the SARIF run says so with
`columnKind: "unicodeCodePoints"`. End columns are exclusive.
"""

from __future__ import annotations

import bisect
import os
import re
import urllib.parse
from pathlib import Path, PurePath
from typing import Iterable, Sequence

from .optimizer.findings import Applicability, Edit, Finding

REPOSITORY_URL = "https://github.com/dockslim/dockslim"  # as [project.urls] in pyproject.toml says
# the one place the docs' address is: the rule pages scripts/gen_docs.py writes into docs/
# (`[tool.dockslim] docs-url` points elsewhere)
DOCS_URL = f"{REPOSITORY_URL}/blob/main/docs/"
INFORMATION_URI = REPOSITORY_URL
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SARIF_VERSION = "2.1.0"
SRCROOT = "%SRCROOT%"


def rule_url(code: str, docs_url: str | None = None) -> str:
    """The documentation page of a pass: `rules/DSNNN.md` below `docs_url` (default DOCS_URL),
    or `docs_url` with `{code}` replaced when it has one (a site that names pages otherwise)."""
    base = docs_url or DOCS_URL
    if "{code}" in base:
        return base.replace("{code}", code.upper())
    return f"{base.rstrip('/')}/rules/{code.upper()}.md"


# --------------------------------------------------------------------------- positions

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class LineIndex:
    """Offsets in a text to (line, column) pairs, both 0-based, with columns counted in
    code points ("utf-32"), UTF-16 code units ("utf-16") or UTF-8 bytes ("utf-8")."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, max(0, min(offset, len(self.text)))) - 1

    def line_end(self, line: int) -> int:
        """Offset where the line's text ends (before its line break)."""
        if line + 1 < len(self.starts):
            end = self.starts[line + 1]
            return end - 2 if self.text.startswith("\r\n", end - 2) else end - 1
        return len(self.text)

    def position(self, offset: int, unit: str = "utf-32") -> tuple[int, int]:
        offset = max(0, min(offset, len(self.text)))
        line = self.line_of(offset)
        start = self.starts[line]
        offset = min(offset, self.line_end(line))  # inside a CR LF: the line's end
        return line, _units(self.text[start:offset], unit)

    def offset(self, line: int, column: int, unit: str = "utf-32") -> int:
        """The offset of a (line, column); past the end of a line means its end."""
        if line < 0:
            return 0
        if line >= len(self.starts):
            return len(self.text)
        start, end = self.starts[line], self.line_end(line)
        if unit == "utf-32":
            return min(start + max(column, 0), end)
        count = 0
        for i in range(start, end):
            if count >= column:
                return i
            count += _units(self.text[i], unit)
        return end


def _units(text: str, unit: str) -> int:
    if unit == "utf-16":
        return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)
    if unit == "utf-8":
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text)


# --------------------------------------------------------------------------- paths


def relative_path(path: str) -> str:
    """The path as a repository-relative POSIX path when it is below the working folder."""
    if path == "-":
        return path
    p = Path(path)
    if p.is_absolute():
        try:
            p = p.resolve().relative_to(Path.cwd().resolve())
        except ValueError:
            return p.as_posix()
    return PurePath(os.path.normpath(p)).as_posix()


def _artifact_location(path: str) -> dict:
    rel = relative_path(path)
    if Path(rel).is_absolute():
        return {"uri": Path(rel).as_uri()}
    return {"uri": urllib.parse.quote(rel, safe="/"), "uriBaseId": SRCROOT}


# --------------------------------------------------------------------------- SARIF


def _rules(docs_url: str | None = None) -> list[dict]:
    from .transforms import registry

    out = []
    for p in registry():
        spec = p.spec
        fix = str(spec.applicability) if spec.fixable else "none"
        doc = p.doc or spec.summary
        properties: dict = {"tags": ["dockerfile", "image-size", spec.phase.name.lower()], "fix": fix}
        if spec.hadolint:
            properties["hadolint"] = list(spec.hadolint)
        out.append({
            "id": spec.code,
            "name": spec.name,
            "shortDescription": {"text": spec.summary},
            "fullDescription": {"text": doc, "markdown": doc},
            "help": {"text": doc, "markdown": doc},
            "helpUri": rule_url(spec.code, docs_url),
            "defaultConfiguration": {"level": "warning"},
            "properties": properties,
        })
    return out


def _region(index: LineIndex, start: int, end: int) -> dict:
    line, col = index.position(start)
    end_line, end_col = index.position(max(start, end))
    return {"startLine": line + 1, "startColumn": col + 1, "endLine": end_line + 1, "endColumn": end_col + 1}


def _replacement(index: LineIndex, edit: Edit) -> dict:
    return {"deletedRegion": _region(index, edit.start, edit.end), "insertedContent": {"text": edit.text}}


def _result(f: Finding, rule_index: dict[str, int], location: dict, index: LineIndex) -> dict:
    result: dict = {
        "ruleId": f.code,
        "level": "warning",
        "message": {"text": f.message},
        "locations": [{"physicalLocation": {"artifactLocation": dict(location), "region": _region(index, f.start, f.end)}}],
    }
    if f.code in rule_index:
        result["ruleIndex"] = rule_index[f.code]
    if f.fix is not None and f.fix.edits:
        applicability = f.fix.applicability
        how = {
            Applicability.SAFE: "safe fix, applied by `dockslim fix`",
            Applicability.UNSAFE: "unsafe fix, applied by `dockslim fix --unsafe-fixes`",
            Applicability.DISPLAY: "display-only fix, never applied automatically",
        }[applicability]
        result["fixes"] = [{
            "description": {"text": f"{f.fix.title} ({how})"},
            "artifactChanges": [{
                "artifactLocation": dict(location),
                "replacements": [_replacement(index, e) for e in sorted(f.fix.edits)],
            }],
        }]
        result["properties"] = {"fixApplicability": str(applicability)}
    if f.estimated_bytes is not None:  # what the fix keeps out of the image, estimated before a build
        result.setdefault("properties", {})["estimatedBytes"] = f.estimated_bytes
    return result


def _note(n: Finding, rule_index: dict[str, int], location: dict, index: LineIndex) -> dict:
    """A note as a tool notification: level "note", its rule, where it is."""
    rule: dict = {"id": n.code}
    if n.code in rule_index:
        rule["index"] = rule_index[n.code]
    return {
        "level": "note",
        "message": {"text": n.message},
        "associatedRule": rule,
        "locations": [{"physicalLocation": {"artifactLocation": dict(location), "region": _region(index, n.start, n.end)}}],
    }


def to_sarif(
    results: Iterable[tuple[str, str, Sequence[Finding]] | tuple[str, str, Sequence[Finding], Sequence[Finding]]],
    errors: Iterable[tuple[str, str]] = (),
    docs_url: str | None = None,
) -> dict:
    """One SARIF 2.1.0 log with one run: `results` are (path, text, findings[, notes]) per
    file, `errors` (path, reason) for files that could not be checked, `docs_url` where the
    rule pages are (see rule_url). Notes (among the findings too) become notifications,
    never results."""
    from . import __version__

    rules = _rules(docs_url)
    rule_index = {r["id"]: i for i, r in enumerate(rules)}
    out_results, notes = [], []
    for path, text, found, *more in results:
        location = _artifact_location(path)
        index = LineIndex(text)
        out_results.extend(_result(f, rule_index, location, index) for f in found if not f.note)
        for n in [f for f in found if f.note] + [n for extra in more for n in extra]:
            notes.append(_note(n, rule_index, location, index))
    failures = [
        {
            "level": "error",
            "message": {"text": reason},
            "locations": [{"physicalLocation": {"artifactLocation": _artifact_location(path)}}],
        }
        for path, reason in errors
    ]
    notifications = failures + notes
    invocation: dict = {"executionSuccessful": not failures}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{
            "tool": {"driver": {
                "name": "dockslim",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "invocations": [invocation],
            "results": out_results,
        }],
    }


# --------------------------------------------------------------------------- GitHub


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def to_github(path: str, findings: Sequence[Finding], text: str | None = None, notes: Sequence[Finding] = ()) -> list[str]:
    """One `::warning` workflow command per finding, and one `::notice` per note, for
    GitHub Actions' log (notes among the findings are notices too).

    Columns are given only when a finding starts and ends on one line (GitHub reads them
    only then). With `text`, positions follow LineIndex; otherwise the findings' own.
    """
    rel = relative_path(path)
    index = LineIndex(text) if text is not None else None
    lines = []
    for f in sorted((*findings, *notes), key=lambda f: (f.start, f.code)):
        if index is not None:
            end = max(f.start, f.end)
            line_of_end = index.line_of(end)
            if end > f.start and line_of_end > 0 and index.starts[line_of_end] == end:
                end = index.line_end(line_of_end - 1)  # ends with a line break: on that line
            (line, col), (end_line, end_col) = index.position(f.start), index.position(end)
            line, col, end_line, end_col = line + 1, col + 1, end_line + 1, end_col + 1
        elif f.begin_pos is not None and f.end_pos is not None:
            line, col, end_line, end_col = f.begin_pos.line, f.begin_pos.column, f.end_pos.line, f.end_pos.column
        else:
            line = col = end_line = end_col = 1
        props = [("file", rel), ("line", str(line))]
        if end_line == line:
            props += [("col", str(col)), ("endLine", str(end_line)), ("endColumn", str(end_col))]
        else:
            props.append(("endLine", str(end_line)))
        props.append(("title", f.code))
        head = ",".join(f"{k}={_escape_property(v)}" for k, v in props)
        lines.append(f"::{'notice' if f.note else 'warning'} {head}::{_escape_data(f.message)}")
    return lines


def github_error(path: str, reason: str) -> str:
    """An `::error` workflow command for a file that could not be checked (at the line the
    reason names, if it names one)."""
    props = [("file", relative_path(path))]
    m = re.search(r"\bline (\d+)\b", reason)
    if m:
        props.append(("line", m.group(1)))
    props.append(("title", "dockslim"))
    head = ",".join(f"{k}={_escape_property(v)}" for k, v in props)
    return f"::error {head}::{_escape_data(reason)}"
