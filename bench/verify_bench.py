#!/usr/bin/env python3
"""Verify the example Dockerfiles for real and print what each rewrite saves, pass by pass.

    python bench/verify_bench.py [--example examples/django] [--unsafe-fixes] [--jobs N]
                                 [--engine ENDPOINT ...] [--json FILE]

Each Dockerfile.* of the example is built before and after `dockslim fix`, smoke-tested
with no network, and its savings are attributed to the passes (cumulative rebuilds that
reuse the build cache). The engine is found as `dockslim verify` finds it ($DOCKSLIM_DOCKER_CLI,
$DOCKER_HOST, or --engine). Exit status: the worst of the files (0 verified, 1 a rewrite
failed, 2 an error).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dockslim.verify.builds import BuildLog, Progress, Settings  # noqa: E402
from dockslim.verify.engine import EngineError, find_engines  # noqa: E402
from dockslim.verify.report import human  # noqa: E402
from dockslim.verify.run import verify_all  # noqa: E402

SMOKE = 'python -c "import django, psycopg2" && python manage.py check'


def table(reports) -> str:
    out = [
        "| Dockerfile | status | before | after | saved | per pass | build s (before/after) | verify s |",
        "|---|---|---:|---:|---:|---|---:|---:|",
    ]
    for r in reports:
        name = Path(r.path).name
        if not (r.before and r.after):
            out.append(f"| {name} | {r.status} | - | - | - | {r.message.replace('|', '/')} | - | {r.seconds:.0f} |")
            continue
        saved = f"{human(r.saved['bytes'])} ({r.saved['percent']:.1f}%)" if r.saved else "-"
        per_pass = ", ".join(
            f"{p['code']} {human(p['saved_bytes'])}" if p["saved_bytes"] is not None else f"{p['code']} (build failed)"
            for p in r.passes
        )
        out.append(
            f"| {name} | {r.status} | {human(r.before['size'])} | {human(r.after['size'])} | {saved} | {per_pass} "
            f"| {r.before['build_seconds']:.0f}/{r.after['build_seconds']:.0f} | {r.seconds:.0f} |"
        )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--example", default=str(ROOT / "examples" / "django"))
    ap.add_argument("--unsafe-fixes", action="store_true")
    ap.add_argument("--smoke", default=SMOKE)
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--engine", action="append", default=[])
    ap.add_argument("--timeout", type=float, default=1800.0)
    ap.add_argument("--json", metavar="FILE", help="also write the reports as JSON")
    args = ap.parse_args(argv)

    try:
        engines = find_engines(args.engine)
    except EngineError as exc:
        print(f"dockslim: error: {exc}", file=sys.stderr)
        return 2
    context = Path(args.example).resolve()
    dockerfiles = sorted(context.glob("Dockerfile.*"))
    if not dockerfiles:
        print(f"no Dockerfile.* in {context}", file=sys.stderr)
        return 2
    settings = Settings(unsafe_fixes=args.unsafe_fixes, smoke=args.smoke, context=str(context), timeout=args.timeout)
    items = [(str(d.relative_to(ROOT) if d.is_relative_to(ROOT) else d), d.read_text(), settings) for d in dockerfiles]
    log = BuildLog()
    started = time.monotonic()
    try:
        reports = verify_all(items, engines, args.jobs or len(engines), log, Progress())
    finally:
        log.close()
    print(f"engines: {', '.join(e.name for e in engines)}; {'unsafe' if args.unsafe_fixes else 'safe'} fixes; "
          f"smoke: {args.smoke}; {time.monotonic() - started:.0f}s in all; log: {log.path}")
    print(table(reports))
    if args.json:
        Path(args.json).write_text(json.dumps([r.to_dict() for r in reports], indent=2) + "\n")
    return max((r.exit_code for r in reports), default=0)


if __name__ == "__main__":
    sys.exit(main())
