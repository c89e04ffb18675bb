"""Throughput of dockslim over a directory of Dockerfiles, and what each pass changes.

    python bench/throughput.py [DIR ...] [--repeat N]

Prints: files/s for parse+render, `check` and `fix`; peak memory of the process; for each
pass, how many files it changes (alone, safe fixes, then with unsafe fixes); the median
cold start of `dockslim fix --diff` on one small file. Without DIR it uses the golden
inputs and the examples of this repository.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import dockslim  # noqa: E402
from dockslim.files import FileError, discover, read  # noqa: E402
from dockslim import InputError  # noqa: E402
from dockslim.transforms import registry  # noqa: E402


def corpus(dirs: list[str], every_file: bool = False) -> list[tuple[str, str]]:
    paths = dirs or [str(ROOT / "golden"), str(ROOT / "examples")]
    if every_file:  # a folder of Dockerfiles under any names
        return [(str(p), p.read_text(encoding="utf-8", errors="replace"))
                for d in paths for p in sorted(Path(d).rglob("*")) if p.is_file()]
    texts = []
    for path, problem in discover(paths):
        if problem is None:
            try:
                texts.append((path, read(path).text))
            except FileError:
                pass
    for d in paths:  # golden cases are named input.Dockerfile, which discover() finds too
        for p in sorted(Path(d).rglob("input.Dockerfile")):
            if str(p) not in {t[0] for t in texts}:
                texts.append((str(p), p.read_text(encoding="utf-8")))
    return texts


def rate(label: str, files: list[tuple[str, str]], fn, repeat: int) -> None:
    start = time.perf_counter()
    for _ in range(repeat):
        for _, text in files:
            fn(text)
    elapsed = time.perf_counter() - start
    print(f"{label:<28} {len(files) * repeat / elapsed:10.0f} files/s   ({elapsed:.2f} s)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("dirs", nargs="*")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--every-file", action="store_true", help="every file below DIR is a Dockerfile")
    args = ap.parse_args()
    files = corpus(args.dirs, args.every_file)
    usable = []
    for path, text in files:
        try:
            dockslim.check(text)
            usable.append((path, text))
        except InputError as exc:
            print(f"skipped {path}: {exc}")
    total = sum(len(t) for _, t in usable)
    print(f"{len(usable)} Dockerfiles, {total / len(usable):.0f} characters on average\n")
    rate("parse + render", usable, lambda t: dockslim.parse(t).render(), args.repeat)
    rate("check (all passes)", usable, dockslim.check, args.repeat)
    rate("fix (safe, with gates)", usable, dockslim.fix, 1)
    print(f"{'peak memory (max RSS)':<28} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:10.0f} MB")

    print("\nfiles each pass changes (pass alone):")
    for p in registry():
        safe = sum(dockslim.fix(t, select=[p.code]).changed for _, t in usable)
        unsafe = sum(dockslim.fix(t, select=[p.code], unsafe_fixes=True).changed for _, t in usable)
        print(f"  {p.code} {p.spec.name:<30} safe {safe:4d}   with unsafe {unsafe:4d}")
    changed = sum(dockslim.fix(t).changed for _, t in usable)
    print(f"  all passes (safe)                     {changed:4d} of {len(usable)}")

    # an installed package has its bytecode; compile ours too (PYTHONDONTWRITEBYTECODE may be set)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "dockslim")], check=True)
    small = ROOT / "golden" / "DS130-pip-no-cache-dir" / "simple" / "input.Dockerfile"
    exe = Path(sys.executable).parent / "dockslim"
    cmd = [str(exe) if exe.exists() else "dockslim", "fix", "--diff", str(small)]
    times = []
    for _ in range(15):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True)
        times.append(time.perf_counter() - start)
    print(f"\ncold start `dockslim fix --diff` on one small file: median {statistics.median(times) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
