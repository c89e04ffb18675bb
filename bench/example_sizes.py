#!/usr/bin/env python3
"""Build the example Dockerfiles for real, smoke-test each image, print a size table.

    python bench/example_sizes.py [--example examples/django] [--no-cache] [--json FILE]

The engine is the one scripts/engine.sh set up (bench/_engine.py: its env file names the
client and the socket; the environment wins), driven through dockslim's engine adapter.
Builds run with --network host, smoke runs with --network none (entrypoint bypassed). Exit status 1 when a build or a
smoke run fails, 2 when no engine or a base image is missing.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from _engine import Engine, EngineError, bench_engine

ROOT = Path(__file__).resolve().parent.parent
BUILD_TIMEOUT = 3600.0
SMOKE_TIMEOUT = 300.0
SMOKE = 'python -c "import django, psycopg2" && python manage.py check'
# naive first: it is the 100% row; the others follow from plain to expert
ORDER = ["naive", "chained", "slim", "multistage", "dockslim-safe", "dockslim-unsafe"]


@dataclass
class Row:
    dockerfile: str
    image: str
    built: bool
    build_seconds: float
    size_bytes: int | None
    smoke_ok: bool | None
    note: str = ""


def base_images(dockerfile: Path) -> list[str]:
    """The FROM images of a Dockerfile that are not earlier stages."""
    stages: set[str] = set()
    bases: list[str] = []
    for line in dockerfile.read_text().splitlines():
        m = re.match(r"\s*FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?", line, re.IGNORECASE)
        if not m:
            continue
        image, stage = m.group(1), m.group(2)
        if image.lower() not in stages and image not in bases and image != "scratch":
            bases.append(image)
        if stage:
            stages.add(stage.lower())
    return bases


def variant_of(path: Path) -> str:
    return path.name.split(".", 1)[1] if "." in path.name else "default"


def sort_key(path: Path) -> tuple[int, str]:
    v = variant_of(path)
    return (ORDER.index(v) if v in ORDER else len(ORDER), v)


def measure(engine: Engine, context: Path, dockerfile: Path, no_cache: bool, verbose: bool) -> Row:
    tag = f"dockslim-example/{context.name}:{variant_of(dockerfile)}"
    show = (lambda line: print(line, file=sys.stderr)) if verbose else None
    build = engine.build(dockerfile, context, tag, BUILD_TIMEOUT, show, no_cache=no_cache)
    if not build.ok:
        tail = "\n".join(build.tail[-15:])
        print(f"--- build of {dockerfile.name} failed:\n{tail}", file=sys.stderr)
        return Row(dockerfile.name, tag, False, build.seconds, None, None, "build failed")
    size = int(engine.inspect(tag).get("Size") or 0)
    smoke = engine.run_shell(tag, SMOKE, SMOKE_TIMEOUT)
    note = ""
    if not smoke.ok:
        note = (smoke.last_line() or "smoke failed")[:120]
        print(f"--- smoke of {dockerfile.name} failed:\n{smoke.output}", file=sys.stderr)
    return Row(dockerfile.name, tag, True, build.seconds, size, smoke.ok, note)


def table(rows: list[Row]) -> str:
    naive = next((r.size_bytes for r in rows if r.dockerfile.endswith(".naive") and r.size_bytes), None)
    out = ["| Dockerfile | MB | % of naive | smoke ok | build s |", "|---|---:|---:|:---:|---:|"]
    for r in rows:
        mb = f"{r.size_bytes / 1e6:,.1f}" if r.size_bytes is not None else "-"
        pct = f"{100 * r.size_bytes / naive:.0f}%" if naive and r.size_bytes is not None else "-"
        ok = {True: "yes", False: "NO", None: "-"}[r.smoke_ok]
        if r.note:
            ok += f" ({r.note})"
        out.append(f"| {r.dockerfile} | {mb} | {pct} | {ok} | {r.build_seconds:.0f} |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--example", default=str(ROOT / "examples" / "django"), help="build context holding Dockerfile.* files")
    ap.add_argument("--only", action="append", default=[], help="variant to build (naive, slim, ...); repeatable")
    ap.add_argument("--no-cache", action="store_true", help="build without the layer cache (timings of a cold build)")
    ap.add_argument("--json", metavar="FILE", help="also write the rows as JSON")
    ap.add_argument("-v", "--verbose", action="store_true", help="print the build output")
    args = ap.parse_args(argv)

    context = Path(args.example).resolve()
    dockerfiles = sorted(context.glob("Dockerfile.*"), key=sort_key)
    if args.only:
        dockerfiles = [d for d in dockerfiles if variant_of(d) in args.only]
    if not dockerfiles:
        print(f"no Dockerfile.* in {context}", file=sys.stderr)
        return 2

    try:
        engine = bench_engine()
    except EngineError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"engine: {engine.cli} at {engine.name}", file=sys.stderr)

    # no registry here: every base image must already be in the engine
    missing = sorted({b for d in dockerfiles for b in base_images(d) if not engine.image_exists(b)})
    if missing:
        print(f"base images missing from the engine (no registry to pull from): {', '.join(missing)}", file=sys.stderr)
        return 2

    rows = []
    naive = context / "Dockerfile.naive"
    if naive.exists() and not args.only:
        # dockslim's own rewrites of the naive file, safe fixes and then unsafe ones too
        import dockslim

        out = Path(tempfile.mkdtemp(prefix="dockslim-example-"))
        for label, unsafe in (("dockslim-safe", False), ("dockslim-unsafe", True)):
            target = out / f"Dockerfile.{label}"
            target.write_text(dockslim.fix(naive.read_text(), unsafe_fixes=unsafe).text)
            dockerfiles.append(target)
    for d in dockerfiles:
        print(f"building {d.name} ...", file=sys.stderr)
        rows.append(measure(engine, context, d, args.no_cache, args.verbose))

    print(f"smoke (--network none): {SMOKE}")
    print(table(rows))
    if args.json:
        Path(args.json).write_text(json.dumps([asdict(r) for r in rows], indent=2) + "\n")
    return 0 if all(r.built and r.smoke_ok for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
