#!/usr/bin/env python3
"""Bytes saved by `dockslim fix --unsafe-fixes` on the realistic apps of tests/apps/.

    python bench/app_sizes.py [--app NAME ...] [--json FILE]

Each app is copied to a temporary folder, rewritten through the command line (the build
context is the app's folder), and both Dockerfiles are built (`--network host`) and
smoke-tested with the app's `smoke` command (`--network none`). Prints per app: original MB,
fixed MB, % saved, whether both smoke runs passed; then the median % saved, where an app
whose fixed image fails its smoke command counts as 0%. The engine is the one
scripts/engine.sh set up (bench/_engine.py: its env file; the environment wins), driven
through dockslim's engine adapter. Exit 1 when a build or smoke run fails, 2 when no engine
answers. The images are removed afterwards; the build cache stays.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from _engine import Engine, EngineError, bench_engine

ROOT = Path(__file__).resolve().parent.parent
APPS = ROOT / "tests" / "apps"
TAG = "dockslim-bench-apps"
BUILD_TIMEOUT = 3600.0
SMOKE_TIMEOUT = 300.0


def build(engine: Engine, folder: Path, dockerfile: str, tag: str) -> int | None:
    """The image's size in bytes, or None when it does not build."""
    if not engine.build(folder / dockerfile, folder, tag, BUILD_TIMEOUT).ok:
        return None
    return int(engine.inspect(tag).get("Size") or 0)


def smoke_ok(engine: Engine, tag: str, command: str) -> bool:
    return engine.run_shell(tag, command, SMOKE_TIMEOUT).ok


def measure(engine: Engine, app: Path, work: Path, tags: list[str]) -> dict:
    folder = work / app.name
    shutil.copytree(app, folder)
    shutil.copy(folder / "Dockerfile", folder / "Dockerfile.original")
    dockslim = str(Path(sys.executable).with_name("dockslim"))
    subprocess.run([dockslim, "fix", "--unsafe-fixes", "Dockerfile"], cwd=folder, capture_output=True, check=False)
    smoke = (folder / "smoke").read_text().strip()
    row = {"app": app.name}
    for kind, dockerfile in (("original", "Dockerfile.original"), ("fixed", "Dockerfile")):
        tag = f"{TAG}/{app.name}:{kind}"
        row[kind] = build(engine, folder, dockerfile, tag)
        if row[kind] is not None:
            tags.append(tag)
        row[f"{kind}_smoke"] = row[kind] is not None and smoke_ok(engine, tag, smoke)
    if row["original"] and row["fixed"]:
        row["saved"] = round(100 * (1 - row["fixed"] / row["original"]), 1)
    return row


def mb(size: int | None) -> str:
    return "failed" if size is None else f"{size / 1e6:,.1f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--app", action="append", help="only this app of tests/apps (repeatable)")
    parser.add_argument("--json", help="also write the rows to this file")
    args = parser.parse_args()
    apps = [APPS / name for name in args.app] if args.app else sorted(p.parent for p in APPS.glob("*/Dockerfile"))
    try:
        engine = bench_engine()
    except EngineError as exc:
        print(exc, file=sys.stderr)
        return 2
    rows, tags = [], []
    with tempfile.TemporaryDirectory(prefix="dockslim-apps-") as work:
        try:
            print(f"{'app':12} {'original MB':>12} {'fixed MB':>9} {'saved':>7}  smoke (original/fixed)")
            for app in apps:
                row = measure(engine, app, Path(work), tags)
                rows.append(row)
                saved = f"{row['saved']:.1f}%" if "saved" in row else "-"
                print(f"{row['app']:12} {mb(row['original']):>12} {mb(row['fixed']):>9} {saved:>7}  "
                      f"{'ok' if row['original_smoke'] else 'FAIL'}/{'ok' if row['fixed_smoke'] else 'FAIL'}", flush=True)
        finally:
            engine.remove_images(tags)
    # an image that fails its smoke command would not ship: it saves nothing
    saved = [r["saved"] if r.get("fixed_smoke") and "saved" in r else 0.0 for r in rows]
    if saved:
        print(f"median saved {statistics.median(saved):.1f}% over {len(saved)} apps")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2) + "\n")
    return 0 if rows and all(r["original_smoke"] and r["fixed_smoke"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
