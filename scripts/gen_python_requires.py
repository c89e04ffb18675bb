#!/usr/bin/env python3
"""Generate dockslim/data/python_requires.json from PyPI's metadata.

A requirements file names what the app imports, not what those distributions depend on: an
app that lists CairoSVG gets cairocffi through CairoSVG's Requires-Dist, and cairocffi loads
libcairo at run time. For each distribution of WRAPPERS (reviewed: distributions often named
in requirement files that depend on one of python_libraries.TABLE), this reads the
Requires-Dist of its current release on PyPI and records which distributions of the table it
brings, at any depth through WRAPPERS, without an extra and per extra (`sqlalchemy[postgresql]`
brings psycopg2). Markers other than `extra` (python_version, sys_platform) count as met.

    python scripts/gen_python_requires.py           # writes dockslim/data/python_requires.json
    python scripts/gen_python_requires.py --check   # exit 1 when the shipped file differs

The file names the release read for each distribution: older releases may depend otherwise
(reportlab 4.0 required rlPyCairo; later ones make it the `pycairo` extra).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from dockslim.optimizer.python_libraries import TABLE  # noqa: E402
from dockslim.optimizer.requirements import canonical  # noqa: E402

OUTPUT = ROOT / "dockslim" / "data" / "python_requires.json"
PYPI = "https://pypi.org/pypi/{}/json"
WRAPPERS = (
    "cairosvg", "xhtml2pdf", "svglib", "reportlab", "rlpycairo",  # cairo (cairocffi, pycairo)
    "django-weasyprint", "flask-weasyprint",  # Pango through weasyprint
    "flask-mysqldb", "django-auth-ldap",  # mysqlclient, python-ldap
    "mssql-django", "django-mssql-backend",  # pyodbc
    "sqlalchemy",  # its dialect extras: psycopg2, mysqlclient, pyodbc, mariadb
)
_EXTRA = re.compile(r"""extra\s*==\s*["']([^"']+)["']""")


def requires(name: str) -> tuple[str, list[tuple[str, str | None]]]:
    """(version, [(distribution, extra or None)]) of the current release on PyPI."""
    with urllib.request.urlopen(PYPI.format(name), timeout=60) as reply:
        info = json.load(reply)["info"]
    out = []
    for line in info.get("requires_dist") or []:
        spec, _, marker = line.partition(";")
        found = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?", spec)
        extra = _EXTRA.search(marker)
        out.append((canonical(found.group(1)), extra.group(1) if extra else None))
        for inner in (found.group(2) or "").strip("[]").split(","):  # `reportlab[pycairo]`
            if inner.strip():
                out.append((f"{canonical(found.group(1))}[{inner.strip()}]", extra.group(1) if extra else None))
    return info["version"], out


def generate() -> dict:
    read = {name: requires(name) for name in WRAPPERS}

    def brings(key: str, seen: frozenset[str]) -> set[str]:
        """The table's distributions `key` (`name` or `name[extra]`) brings."""
        name, _, extra = key.partition("[")
        if name in TABLE and not extra:
            return {name}
        if name not in read or key in seen:
            return set()
        extra = extra.rstrip("]") or None
        out = set()
        for dep, needs_extra in read[name][1]:
            if needs_extra == extra:
                out |= brings(dep, seen | {key}) | (brings(dep.split("[")[0], seen | {key}) if "[" in dep else set())
        return out

    edges = {}
    for name in WRAPPERS:
        extras = sorted({e for _, e in read[name][1] if e})
        for key in [name] + [f"{name}[{e}]" for e in extras]:
            found = sorted(brings(key, frozenset()))
            if found:
                edges[key] = found
    return {
        "generated_by": "scripts/gen_python_requires.py",
        "source": "PyPI JSON API, Requires-Dist of the current release",
        "read": {name: version for name, (version, _) in sorted(read.items())},
        "brings": edges,
    }


def dump(data: dict) -> str:
    return json.dumps(data, indent=1, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="exit 1 when the shipped file differs")
    args = ap.parse_args(argv)
    text = dump(generate())
    if args.check:
        same = OUTPUT.exists() and json.loads(OUTPUT.read_text())["brings"] == json.loads(text)["brings"]
        print("up to date" if same else f"{OUTPUT} differs from PyPI's metadata now")
        return 0 if same else 1
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"{OUTPUT}: {len(text)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
