#!/usr/bin/env python3
"""Estimated bytes per pass against what `dockslim verify` measures, on the examples.

    python bench/estimates.py [--example examples/django ...] [--json FILE] [--from FILE]

For each examples/*/Dockerfile.naive: `dockslim check --format json` gives each finding's
`estimated_bytes`; `dockslim verify --unsafe-fixes --format json` builds the original and
the cumulative rewrites, pass by pass (its `passes` rows: bytes each pass saved). A pass's
estimate is the sum of its findings' estimates (none known: `-`). DS301's split makes the
next round's DS302 (slim runtime base) possible: when DS302 is no finding of the input its
measured bytes count with DS301's, as the estimate counts the move to the slim base.

A row is flagged (`NO`) when an estimate is off by more than 30% of the measured saving
(within 1 MB counts as agreement for savings below a few MB: a percentage of nothing says
nothing). The engine is the one of the environment (DOCKER_HOST, /var/lib/dockslim-engine/env);
`--from` re-reads a `--json` file without building. Exit status 1 when a row is flagged.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV_FILE = "/var/lib/dockslim-engine/env"
TOLERANCE = 0.30
SLACK = 1_000_000  # bytes: agreement for small savings


def environment() -> dict[str, str]:
    env = dict(os.environ)
    try:
        for line in Path(ENV_FILE).read_text().splitlines():
            key, sep, value = line.strip().partition("=")
            if sep and not key.startswith("#"):
                env.setdefault(key, value)
    except OSError:
        pass
    return env


def dockslim(*args: str, env: dict[str, str]) -> dict:
    out = subprocess.run([sys.executable, "-m", "dockslim.cli", *args], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=False)
    try:
        return json.loads(out.stdout)
    except json.JSONDecodeError:
        raise SystemExit(f"dockslim {' '.join(args)}: {out.stderr.strip()[-500:]}") from None


def measure(dockerfile: Path, env: dict[str, str]) -> dict:
    """The estimates of the input's findings and verify's per-pass rows."""
    rel = str(dockerfile.relative_to(ROOT))
    findings = dockslim("check", "--format", "json", rel, env=env)["findings"]
    report = dockslim("verify", "--unsafe-fixes", "--quiet", "--format", "json", rel, env=env)["reports"][0]
    return {
        "dockerfile": rel,
        "status": report["status"],
        "findings": [{"code": f["code"], "estimated_bytes": f["estimated_bytes"]} for f in findings],
        "passes": [{"code": p["code"], "saved_bytes": p["saved_bytes"]} for p in report.get("passes") or []],
    }


def rows(result: dict) -> list[dict]:
    """One row per pass verify measured: estimate, measured, whether they agree."""
    estimates: dict[str, int | None] = {}
    for f in result["findings"]:
        known = f["estimated_bytes"]
        if known is not None:
            estimates[f["code"]] = estimates.get(f["code"], 0) + known
        else:
            estimates.setdefault(f["code"], None)
    measured = {p["code"]: p["saved_bytes"] for p in result["passes"]}
    labels = {code: code for code in measured}
    if "DS301" in measured and "DS302" in measured and "DS302" not in estimates:
        measured["DS301"] = (measured["DS301"] or 0) + (measured.pop("DS302") or 0)
        labels["DS301"] = "DS301 (+DS302)"
    out = []
    for code, saved in measured.items():
        guess = estimates.get(code)
        ok = None if guess is None or saved is None else abs(guess - saved) <= max(TOLERANCE * abs(saved), SLACK)
        out.append({"code": labels[code], "estimate": guess, "measured": saved, "ok": ok})
    return out


def mb(n: int | None) -> str:
    return "-" if n is None else f"{n / 1e6:,.1f}"


def table(results: list[dict]) -> str:
    lines = ["| Dockerfile | pass | estimate MB | measured MB | within ±30% |", "|---|---|---:|---:|:---:|"]
    for result in results:
        name = result["dockerfile"].removeprefix("examples/")
        if result["status"] != "verified":
            lines.append(f"| {name} | - | - | - | not verified ({result['status']}) |")
            continue
        for row in rows(result):
            ok = {True: "yes", False: "NO", None: "-"}[row["ok"]]
            lines.append(f"| {name} | {row['code']} | {mb(row['estimate'])} | {mb(row['measured'])} | {ok} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--example", action="append", default=[], help="an example folder (default: every one)")
    ap.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    ap.add_argument("--from", dest="source", metavar="FILE", help="print the table of an earlier --json file")
    args = ap.parse_args(argv)
    if args.source:
        results = json.loads(Path(args.source).read_text())
    else:
        env = environment()
        folders = [Path(e).resolve() for e in args.example] or sorted((ROOT / "examples").iterdir())
        results = []
        for folder in folders:
            naive = folder / "Dockerfile.naive"
            if naive.exists():
                print(f"verifying {naive.relative_to(ROOT)} ...", file=sys.stderr)
                results.append(measure(naive, env))
                if args.json:  # after each example: a long run keeps what it measured
                    Path(args.json).write_text(json.dumps(results, indent=1) + "\n")
    print(table(results))
    return 1 if any(r["ok"] is False for res in results if res["status"] == "verified" for r in rows(res)) else 0


if __name__ == "__main__":
    sys.exit(main())
