"""The report of one verification: what was built, checked, blamed and measured.

The JSON report (`to_json`): {"schema": "dockslim.verify/1", "log": PATH, "reports": [REPORT]}
with one REPORT per Dockerfile:

    path, status ("verified" | "unchanged" | "failed" | "error"), exit_code (0 | 1 | 2),
    message (one line), context, engine (endpoint), notes [str], log, seconds,
    applied [{code, title, line}]            the fixes of the full rewrite
    gate_dropped [{code, title, reason}]     fixes the rewrite's own gates refused
    reasons [str]                            why the full rewrite failed verification
    responsible [{code, name, titles, reasons}]  passes the bisection blamed
    dropped [...]                            same shape; with repair, the passes taken out
    before, after {image, id, built, size, layers, build_seconds, error}
    saved {bytes, percent}
    base {image, history_entries, size}      the final stage's base image (left out of layers)
    layers [{change ("same" | "size" | "changed" | "removed" | "added"),
             before {instruction, bytes} | null, after {instruction, bytes} | null}]
    passes [{code, name, titles, image, built, build_seconds, size, saved_bytes,
             saved_percent, error?}]        cumulative rebuilds in registry order
    config {fields [str], same (bool | null), changes [{field, before, after}]}
    smoke {command, passed, before/after {exit_code, seconds, output_tail [str]}} | null
    filesystem {files_before, files_after, removed_files, removed_bytes, added_files,
                added_bytes, changed_files, changed_bytes_saved,
                top_removed [{path, bytes, files}], top_added [...], removed_sample [path]}
    runtime_libraries {needed, installed, missing [package], scanned ["stage:/path"], error?} | null
                                             when the final stage takes files from another stage
                                             (`COPY --from`, `RUN --mount=type=bind,from=`): the
                                             packages owning the libraries those files link (their
                                             `.so` closure, resolved in that stage, less those of
                                             the final stage's base), which the final image has,
                                             and which it lacks though the original had them
    repairs [{round, added [package], reason}]  with repair: packages added to the final stage
    required_packages {required, missing [package], error?} | null
                                             with a policy's `required-packages`: those the
                                             built image lacks (a failure when the original
                                             image had them, a note when it lacked them too)
    images [tag]                             the images kept (--keep-images)

Sizes are bytes (`docker image inspect` .Size; history sizes per instruction).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..optimizer.findings import Finding
from ..optimizer.rules import Pass

if TYPE_CHECKING:
    from .builds import Candidate
    from .engine import RunResult

SCHEMA = "dockslim.verify/1"
EXIT_VERIFIED, EXIT_FAILED, EXIT_ERROR = 0, 1, 2


@dataclass
class Report:
    path: str
    context: str | None = None
    engine: str | None = None
    status: str = "error"  # verified | unchanged | failed | error
    message: str = ""
    notes: list[str] = field(default_factory=list)
    log: str | None = None
    seconds: float = 0.0
    smoke_command: str | None = None
    applied: list[dict] = field(default_factory=list)
    gate_dropped: list[dict] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)  # why the rewrite failed
    responsible: list[dict] = field(default_factory=list)  # passes the bisection blamed
    dropped: list[dict] = field(default_factory=list)  # with repair: passes taken out
    before: dict | None = None
    after: dict | None = None
    saved: dict | None = None
    base: dict | None = None
    layers: list[dict] = field(default_factory=list)
    passes: list[dict] = field(default_factory=list)
    config: dict | None = None
    smoke: dict | None = None
    filesystem: dict | None = None
    runtime_libraries: dict | None = None
    repairs: list[dict] = field(default_factory=list)  # with repair: packages added, round by round
    required_packages: dict | None = None  # the policy's required packages the image lacks
    images: list[str] = field(default_factory=list)  # tags kept (--keep-images)
    final_text: str | None = None  # what was verified (the original text when nothing was)

    @property
    def exit_code(self) -> int:
        return {"verified": EXIT_VERIFIED, "unchanged": EXIT_VERIFIED, "failed": EXIT_FAILED}.get(self.status, EXIT_ERROR)

    def fail(self, message: str) -> None:
        self.status, self.message = "failed", message

    def error(self, message: str) -> None:
        self.status, self.message = "error", message

    def to_dict(self) -> dict:
        return {
            "path": self.path,
            "status": self.status,
            "exit_code": self.exit_code,
            "message": self.message,
            "context": self.context,
            "engine": self.engine,
            "notes": self.notes,
            "log": self.log,
            "seconds": round(self.seconds, 2),
            "applied": self.applied,
            "gate_dropped": self.gate_dropped,
            "reasons": self.reasons,
            "responsible": self.responsible,
            "dropped": self.dropped,
            "before": self.before,
            "after": self.after,
            "saved": self.saved,
            "base": self.base,
            "layers": self.layers,
            "passes": self.passes,
            "config": self.config,
            "smoke": self.smoke,
            "filesystem": self.filesystem,
            "runtime_libraries": self.runtime_libraries,
            "repairs": self.repairs,
            "required_packages": self.required_packages,
            "images": self.images,
        }


def to_json(reports: list[Report], log: str | None = None) -> str:
    return json.dumps({"schema": SCHEMA, "log": log, "reports": [r.to_dict() for r in reports]}, indent=2)


def human(n: int | None) -> str:
    if n is None:
        return "-"
    sign = "-" if n < 0 else ""
    n = abs(n)
    if n >= 1e9:
        return f"{sign}{n / 1e9:,.2f} GB"
    if n >= 1e6:
        return f"{sign}{n / 1e6:,.1f} MB"
    if n >= 1e3:
        return f"{sign}{n / 1e3:,.1f} kB"
    return f"{sign}{n} B"


def plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


# ------------------------------------------------------------------------------ pieces of the report


def finding_dict(f: Finding, text: str) -> dict:
    return {
        "code": f.code,
        "title": f.fix.title if f.fix else "",
        "line": f.begin_pos.line if f.begin_pos else text.count("\n", 0, f.start) + 1,
    }


def titles_by_code(applied: tuple[Finding, ...]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for f in applied:
        title = f.fix.title if f.fix else ""
        if title not in out[f.code]:
            out[f.code].append(title)
    return dict(out)


def pass_name(passes: tuple[Pass, ...], code: str) -> str:
    return next((p.spec.name for p in passes if p.code == code), "")


def image_dict(cand: Candidate) -> dict:
    return {
        "image": cand.tag,
        "id": cand.image_id,
        "built": cand.built,
        "size": cand.size,
        "layers": cand.layers,
        "build_seconds": round(cand.build.seconds, 2),
        "error": None if cand.built else cand.build.error,
    }


def _run_dict(result: RunResult | None) -> dict | None:
    if result is None:
        return None
    tail = result.output.strip().splitlines()[-15:]
    return {"exit_code": result.exit_code, "seconds": round(result.seconds, 2), "output_tail": tail}


def smoke_dict(command: str, before: Candidate, after: Candidate | None) -> dict:
    b, a = before.smoke, after.smoke if after is not None else None
    return {"command": command, "before": _run_dict(b), "after": _run_dict(a),
            "passed": bool(b and b.ok and a and a.ok)}


def reasons_of(dropped: list[dict]) -> list[str]:
    return [r for d in dropped for r in d.get("reasons", [])]


def verified_message(report: Report) -> str:
    if report.saved:
        return f"verified: {human(report.saved['bytes'])} saved ({report.saved['percent']:.1f}%)"
    return "verified"


