"""What the rewrite removed from the image's filesystem, summarised by directory.

Both images' files are streamed out (`docker export` of a created container) at the same
time and compared path by path.
"""

from __future__ import annotations

import posixpath
import threading
from collections import defaultdict
from typing import Any

from .engine import Engine, EngineError, FileEntry

SUMMARY_DEPTH = 3  # directories are summarised this many levels deep (/root/.cache/pip)
SUMMARY_TOP = 10


def compare_filesystems(engine: Engine, before: str, after: str, timeout: float) -> dict:
    """`filesystem_diff` of two built images, or {"error": ...} when one cannot be read."""
    results: dict[str, Any] = {}

    def export(key: str, tag: str) -> None:
        try:
            results[key] = engine.files(tag, timeout)
        except BaseException as exc:  # reported below
            results[key] = exc

    threads = [threading.Thread(target=export, args=(k, t)) for k, t in (("before", before), ("after", after))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for key in ("before", "after"):
        if isinstance(results[key], BaseException):
            error = results[key]
            if isinstance(error, EngineError):
                return {"error": str(error)}
            raise error
    return filesystem_diff(results["before"], results["after"])


def _group(path: str, depth: int = SUMMARY_DEPTH) -> str:
    parts = [p for p in posixpath.dirname(path).split("/") if p]
    return "/" + "/".join(parts[:depth])


def summarise(paths: dict[str, int], top: int = SUMMARY_TOP) -> list[dict]:
    groups: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for path, size in paths.items():
        g = groups[_group(path)]
        g[0] += size
        g[1] += 1
    ranked = sorted(groups.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))
    out = [{"path": p, "bytes": b, "files": n} for p, (b, n) in ranked[:top]]
    rest = ranked[top:]
    if rest:
        out.append({"path": f"({len(rest)} more directories)", "bytes": sum(v[0] for _, v in rest),
                    "files": sum(v[1] for _, v in rest)})
    return out


def filesystem_diff(before: dict[str, FileEntry], after: dict[str, FileEntry]) -> dict:
    removed = {p: e.size for p, e in before.items() if p not in after and e.kind != "dir"}
    added = {p: e.size for p, e in after.items() if p not in before and e.kind != "dir"}
    changed = {p: before[p].size - e.size for p, e in after.items()
               if p in before and e.kind == "file" and before[p].kind == "file" and before[p].size != e.size}
    return {
        "files_before": sum(1 for e in before.values() if e.kind != "dir"),
        "files_after": sum(1 for e in after.values() if e.kind != "dir"),
        "removed_files": len(removed),
        "removed_bytes": sum(removed.values()),
        "added_files": len(added),
        "added_bytes": sum(added.values()),
        "changed_files": len(changed),
        "changed_bytes_saved": sum(changed.values()),
        "top_removed": summarise(removed),
        "top_added": summarise(added, top=5),
        "removed_sample": sorted(removed, key=lambda p: (-removed[p], p))[:20],
    }
