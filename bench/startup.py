"""How fast dockslim starts, and how fast `check` goes once started.

    python bench/startup.py [--runs N] [--imports K] [--repeat N]

1. Cold start: `dockslim fix --diff` (the console script next to this Python) on one small
   Dockerfile in a project folder of its own, run N times after 3 warm-up runs, as hyperfine
   does: median, min and 90th percentile of the wall time, and the median CPU time (user +
   system) of the process, which another engineer's build on the same cores inflates less.
   The same for `python -c pass` (the interpreter with the venv's site: the floor).
2. Where it goes: `python -X importtime` over K runs, the median cumulative import time of
   dockslim's modules and of what they bring (click, the BuildKit parser binding,
   tree-sitter).
3. Throughput: `check` over the golden inputs and the examples in one process
   (`dockslim.check` per text), in files/s, wall and CPU.

The load average is printed before and after: on a loaded machine read the CPU times and the
import breakdown rather than the wall times. Bytecode is compiled first, as an install does
(PYTHONDONTWRITEBYTECODE may be set).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "golden" / "DS130-pip-no-cache-dir" / "simple" / "input.Dockerfile"
GROUPS = ("dockslim", "click", "dockerfile", "tree_sitter", "tree_sitter_bash", "json", "tomllib", "subprocess")


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_runs(cmd: list[str], runs: int, cwd: Path) -> tuple[list[float], list[float]]:
    """(wall seconds, CPU seconds) of each run, after 3 warm-up runs."""
    for _ in range(3):
        subprocess.run(cmd, cwd=cwd, capture_output=True)
    walls, cpus = [], []
    for _ in range(runs):
        cpu = children_cpu()
        start = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, capture_output=True)
        walls.append(time.perf_counter() - start)
        cpus.append(children_cpu() - cpu)
    return walls, cpus


def report(label: str, walls: list[float], cpus: list[float]) -> None:
    ms = sorted(w * 1000 for w in walls)
    p90 = ms[min(len(ms) - 1, int(len(ms) * 0.9))]
    print(f"{label:<44} median {statistics.median(ms):6.0f} ms  min {ms[0]:5.0f}  p90 {p90:5.0f}  "
          f"CPU median {statistics.median(cpus) * 1000:5.0f} ms  ({len(ms)} runs)")


def import_breakdown(cmd: list[str], runs: int, cwd: Path) -> None:
    """Median cumulative import time (ms) per top-level module and per dockslim module."""
    cumulative: dict[str, list[float]] = defaultdict(list)
    line = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")
    for _ in range(runs):
        err = subprocess.run([sys.executable, "-X", "importtime", *cmd], cwd=cwd, capture_output=True, text=True).stderr
        seen: dict[str, float] = defaultdict(float)
        for m in line.finditer(err):
            name, depth = m.group(4), len(m.group(3))
            top = name.split(".")[0]
            if depth == 1 or (top == "dockslim" and name.count(".") <= 2):
                seen[name] += int(m.group(2)) / 1000
        for name, value in seen.items():
            cumulative[name].append(value)
    rows = sorted(((statistics.median(v + [0.0] * (runs - len(v))), k) for k, v in cumulative.items()), reverse=True)
    print(f"\nimports (median of {runs} runs of -X importtime, cumulative ms; top-level modules and dockslim's):")
    for value, name in rows[:25]:
        if value >= 1.0:
            print(f"  {value:7.1f}  {name}")


def throughput(repeat: int) -> None:
    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
    import dockslim
    from throughput import corpus

    texts = []
    for _, text in corpus([]):
        try:
            dockslim.check(text)
            texts.append(text)
        except dockslim.InputError:
            pass
    cpu, start = time.process_time(), time.perf_counter()
    for _ in range(repeat):
        for text in texts:
            dockslim.check(text)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    n = len(texts) * repeat
    print(f"\ncheck in one process ({len(texts)} files: golden inputs and examples, x{repeat}): "
          f"{n / wall:.0f} files/s wall, {n / cpu:.0f} files/s of CPU")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=41, help="timed runs per command (default 41)")
    ap.add_argument("--imports", type=int, default=9, help="-X importtime runs (default 9; 0: none)")
    ap.add_argument("--repeat", type=int, default=3, help="passes over the corpus for throughput (0: none)")
    args = ap.parse_args()
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "dockslim")], check=True)
    exe = Path(sys.executable).parent / "dockslim"
    if not exe.exists():
        raise SystemExit(f"no console script {exe}: install dockslim into this Python's environment")
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores; Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        (project / "Dockerfile").write_text(SMALL.read_text(encoding="utf-8"), encoding="utf-8")
        (project / "requirements.txt").write_text("flask\n", encoding="utf-8")
        report("python -c pass (the floor)", *timed_runs([sys.executable, "-c", "pass"], args.runs, project))
        fix = [str(exe), "fix", "--diff", "Dockerfile"]
        report("dockslim fix --diff Dockerfile", *timed_runs(fix, args.runs, project))
        if args.imports:
            import_breakdown([str(exe), "fix", "--diff", "Dockerfile"], args.imports, project)
    if args.repeat:
        throughput(args.repeat)
    load = os.getloadavg()
    print(f"\nload average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
