"""How fast dockslim starts, and how fast `check` goes once started.

    python bench/startup.py [--runs N] [--imports K] [--repeat N]

1. Cold start: `dockslim fix --diff` on one small Dockerfile (a pip install) in a project
   folder of its own, run N times after 3 warm-up runs, as hyperfine does: median, min and
   90th percentile of the wall time, and the median CPU time (user + system) of the process,
   which another build on the same cores inflates less. Two installs are timed: this Python's
   console script, and a regular install (the package copied into a throwaway venv's
   site-packages, as a wheel puts it, the dependencies taken from this environment). The
   difference is the editable install's import hook, which a development checkout pays at
   every start (`pip install -e`). The floors: the bare interpreter (`python -I -S -c pass`)
   and the interpreter with each environment's site (`python -c pass`).
2. Where it goes, in the regular install: the median time to import the command line, to run
   it, and the cumulative import time (`-X importtime`) of dockslim's modules and of what they
   bring (argparse, the BuildKit parser binding, tree-sitter); and the pass modules the run
   loaded (the table in dockslim.transforms loads only those whose words the file has).
3. Throughput: `check` over the golden inputs and the examples in one process
   (`dockslim.check` per text), in files/s, wall and CPU.

The load average is printed before and after: on a loaded machine read the CPU times and the
import breakdown rather than the wall times, or pass `--instructions`: valgrind counts the
instructions a run executes, which no other process changes. Bytecode is compiled first, as an install does
(PYTHONDONTWRITEBYTECODE may be set).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "golden" / "DS130-pip-no-cache-dir" / "simple" / "input.Dockerfile"
LAUNCHER = "import sys\nfrom dockslim.cli import entry\nif __name__ == '__main__':\n    sys.exit(entry())\n"
# in-process phases of one run: importing the command line, running it
PHASES = """import json, re, sys, time
t0 = time.perf_counter()
from dockslim.cli import main
t1 = time.perf_counter()
sys.argv = ["dockslim", "fix", "--diff", "Dockerfile"]
try:
    main()
except SystemExit:
    pass
t2 = time.perf_counter()
passes = sorted(m.rpartition(".")[2].split("_")[0].upper() for m in sys.modules if re.fullmatch(r"dockslim\\.transforms\\.(stages\\.)?ds\\d{3}_\\w+", m))
print(json.dumps([t1 - t0, t2 - t1, passes]), file=sys.stderr)
"""


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
    print(f"{label:<52} median {statistics.median(ms):6.0f} ms  min {ms[0]:5.0f}  p90 {p90:5.0f}  "
          f"CPU median {statistics.median(cpus) * 1000:5.0f} ms  ({len(ms)} runs)")


def installed(tmp: Path) -> Path:
    """A throwaway venv holding a copy of the package as a wheel installs it, its
    dependencies found in this environment (a path in a .pth file: no import hook)."""
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                               capture_output=True, text=True, check=True).stdout.strip())
    shutil.copytree(ROOT / "dockslim", site / "dockslim", ignore=shutil.ignore_patterns("__pycache__"))
    (site / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    subprocess.run([str(python), "-m", "compileall", "-q", str(site / "dockslim")], check=True)
    script = venv / "bin" / "dockslim"
    script.write_text(f"#!{python}\n{LAUNCHER}", encoding="utf-8")
    script.chmod(0o755)
    return script


def phases(python: Path, runs: int, cwd: Path) -> None:
    """Median time to import the command line and to run it, in the process itself."""
    imports, work, passes = [], [], []
    for _ in range(runs):
        err = subprocess.run([str(python), "-c", PHASES], cwd=cwd, capture_output=True, text=True).stderr
        first, second, passes = json.loads(err.strip().splitlines()[-1])
        imports.append(first * 1000)
        work.append(second * 1000)
    print(f"\nin the process (median of {runs}): import dockslim.cli {statistics.median(imports):.0f} ms, "
          f"`fix --diff` {statistics.median(work):.0f} ms; pass modules loaded: {' '.join(passes)}")


def instructions(cmd: list[str], cwd: Path) -> float | None:
    """Millions of instructions the command executes (valgrind's count), None without valgrind."""
    if shutil.which("valgrind") is None:
        return None
    err = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null", *cmd],
                         cwd=cwd, capture_output=True, text=True).stderr
    m = re.search(r"I\s+refs:\s+([\d,]+)", err)
    return int(m.group(1).replace(",", "")) / 1e6 if m else None


def import_breakdown(cmd: list[str], runs: int, cwd: Path) -> None:
    """Median cumulative import time (ms) per top-level module and per dockslim module."""
    cumulative: dict[str, list[float]] = defaultdict(list)
    line = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")
    for _ in range(runs):
        err = subprocess.run([cmd[0], "-X", "importtime", *cmd[1:]], cwd=cwd, capture_output=True, text=True).stderr
        seen: dict[str, float] = defaultdict(float)
        for m in line.finditer(err):
            name, depth = m.group(4), len(m.group(3))
            top = name.split(".")[0]
            if depth == 1 or (top == "dockslim" and name.count(".") <= 2):
                seen[name] += int(m.group(2)) / 1000
        for name, value in seen.items():
            cumulative[name].append(value)
    rows = sorted(((statistics.median(v + [0.0] * (runs - len(v))), k) for k, v in cumulative.items()), reverse=True)
    print(f"\nimports (median of {runs} runs of -X importtime, cumulative ms; top-level modules and dockslim's;"
          " pass modules are imported by name, so only what they import shows):")
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
    ap.add_argument("--instructions", action="store_true", help="also count instructions with valgrind (slow)")
    args = ap.parse_args()
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "dockslim")], check=True)
    exe = Path(sys.executable).parent / "dockslim"
    if not exe.exists():
        raise SystemExit(f"no console script {exe}: install dockslim into this Python's environment")
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores; Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        project.mkdir()
        (project / "Dockerfile").write_text(SMALL.read_text(encoding="utf-8"), encoding="utf-8")
        (project / "requirements.txt").write_text("flask\n", encoding="utf-8")
        script = installed(Path(tmp))
        python = script.parent / "python"
        fix = ["fix", "--diff", "Dockerfile"]
        report("python -I -S -c pass (the bare interpreter)", *timed_runs([sys.executable, "-I", "-S", "-c", "pass"], args.runs, project))
        report("python -c pass (this venv: editable install)", *timed_runs([sys.executable, "-c", "pass"], args.runs, project))
        report("dockslim fix --diff Dockerfile (this venv)", *timed_runs([str(exe), *fix], args.runs, project))
        report("python -c pass (regular install)", *timed_runs([str(python), "-c", "pass"], args.runs, project))
        report("dockslim fix --diff Dockerfile (regular install)", *timed_runs([str(script), *fix], args.runs, project))
        if args.instructions:
            for label, cmd in (("python -c pass", [str(python), "-c", "pass"]), ("dockslim fix --diff", [str(python), str(script), *fix])):
                count = instructions(cmd, project)
                print(f"{label + ' (regular install)':<52} {count:8.1f} M instructions" if count else "no valgrind")
        if args.imports:
            phases(python, args.imports, project)
            import_breakdown([str(python), str(script), *fix], args.imports, project)
    if args.repeat:
        throughput(args.repeat)
    load = os.getloadavg()
    print(f"\nload average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
