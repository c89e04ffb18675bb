#!/usr/bin/env python3
"""Throughput of the syntax tree: parse + render over many Dockerfiles, and growth with size.

    python bench/parse_bench.py [DIR_OR_FILE ...] [--repeat N] [--min-files N] [--profile]

Without arguments it reads tests/data/syntax/*.Dockerfile and golden/**/*.Dockerfile, and
tops the corpus up with a synthetic realistic mix (generated in memory, fixed seed) when it
holds fewer than --min-files files. Prints files/s over the corpus (target: >= 2,000) and
over 500 synthetic files alone, then the time for one synthetic file of 100 KB and one of
10 MB, and how the time grows against the size (1.0 means linear). --profile prints cProfile's top functions for the corpus run.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dockslim.optimizer.syntax import ParseError, parse  # noqa: E402

TARGET_FILES_PER_S = 2000

PACKAGES = (
    "curl ca-certificates git build-essential libpq-dev python3-dev gnupg unzip jq "
    "openssh-client locales tzdata libssl-dev zlib1g-dev pkg-config wget xz-utils"
).split()
BASES = ("debian:bookworm-slim", "ubuntu:22.04", "python:3.12-slim", "node:20-alpine", "alpine:3.19",
         "golang:1.22", "eclipse-temurin:21-jre")


def synthetic(rng: random.Random) -> str:
    """One realistic Dockerfile: stages, apt/pip/npm RUN chains, heredocs, labels, comments."""
    eol = "\r\n" if rng.random() < 0.1 else "\n"
    out: list[str] = []
    if rng.random() < 0.5:
        out.append("# syntax=docker/dockerfile:1")
    if rng.random() < 0.4:
        out.append(f"ARG BASE={rng.choice(BASES)}")
    for stage in range(rng.randint(1, 3)):
        out.append("")
        out.append(f"# stage {stage}: {rng.choice(('build', 'runtime', 'test', 'deps'))}")
        out.append(f"FROM {rng.choice(BASES)} AS s{stage}")
        for _ in range(rng.randint(3, 12)):
            kind = rng.random()
            if kind < 0.3:
                pkgs = rng.sample(PACKAGES, rng.randint(2, 8))
                lines = ["RUN apt-get update \\", "    && apt-get install -y --no-install-recommends \\"]
                lines += [f"        {p} \\" for p in pkgs]
                if rng.random() < 0.3:
                    lines.append("    # clean up in the same layer")
                lines.append("    && rm -rf /var/lib/apt/lists/*")
                out += lines
            elif kind < 0.4:
                out.append("RUN --mount=type=cache,target=/root/.cache/pip \\")
                out.append("    pip install --no-cache-dir -r requirements.txt")
            elif kind < 0.5:
                out += ["RUN <<EOF", "set -eux", "echo building", "make -j\"$(nproc)\"", "EOF"]
            elif kind < 0.6:
                out += [f"COPY --chown=app:app {rng.choice(('.', 'src/', 'package.json'))} /app/"]
            elif kind < 0.7:
                out.append(f'ENV APP_HOME=/app PATH="/app/bin:$PATH" LANG=C.UTF-8 N={rng.randint(1, 99)}')
            elif kind < 0.78:
                out += ['LABEL org.opencontainers.image.title="demo" \\',
                        '      org.opencontainers.image.version="1.0"']
            elif kind < 0.84:
                out.append(f"WORKDIR /app/{rng.randint(1, 9)}")
            elif kind < 0.9:
                out.append("HEALTHCHECK --interval=30s CMD curl -f http://localhost/ || exit 1")
            elif kind < 0.95:
                out.append(f"EXPOSE {rng.choice((80, 443, 8080, 5432))}")
            else:
                out.append('CMD ["python", "-m", "app", "--port", "8080"]')
        if rng.random() < 0.5:
            out.append('ENTRYPOINT ["/docker-entrypoint.sh"]')
    return eol.join(out) + eol


def load(paths: list[str]) -> list[tuple[str, str]]:
    files: list[tuple[str, str]] = []
    for arg in paths:
        p = Path(arg)
        found = sorted(p.rglob("*Dockerfile*")) if p.is_dir() else [p]
        for f in found:
            if f.is_file():
                files.append((str(f), f.read_bytes().decode("utf-8", "replace")))
    return files


def default_corpus(min_files: int) -> list[tuple[str, str]]:
    files = load([str(ROOT / "tests" / "data" / "syntax")])
    files += [(str(p), p.read_bytes().decode("utf-8", "replace")) for p in sorted(ROOT.glob("golden/**/*.Dockerfile"))]
    rng = random.Random(20240601)
    i = 0
    while len(files) < min_files:
        files.append((f"<synthetic {i}>", synthetic(rng)))
        i += 1
    return files


def parse_render(text: str) -> None:
    try:
        tree = parse(text)
    except ParseError:
        return
    if tree.render() != text:
        raise SystemExit("render() differs from the input")


def throughput(files: list[tuple[str, str]], repeat: int) -> float:
    for _, text in files:  # warm up: imports, regex compilation
        parse_render(text)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _, text in files:
            parse_render(text)
        best = min(best, time.perf_counter() - start)
    return len(files) / best


def big_file(size: int) -> str:
    """Whole synthetic files one after the other (LF only) up to `size` characters."""
    rng = random.Random(7)
    parts, total = [], 0
    while True:
        chunk = synthetic(rng).replace("\r\n", "\n").replace("# syntax=docker/dockerfile:1\n", "")
        if total + len(chunk) > size:
            return "".join(parts)
        parts.append(chunk)
        total += len(chunk)


def timed(text: str, repeat: int) -> tuple[float, float]:
    """Best times of parse alone and of parse + render."""
    best_parse = best_both = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        tree = parse(text)  # a ParseError here is a bug of the generator
        parsed = time.perf_counter()
        if tree.render() != text:
            raise SystemExit("render() differs from the input")
        done = time.perf_counter()
        best_parse, best_both = min(best_parse, parsed - start), min(best_both, done - start)
        del tree
    return best_parse, best_both


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="*", help="directories (searched for *Dockerfile*) or files")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--min-files", type=int, default=500)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()

    files = load(args.paths) if args.paths else default_corpus(args.min_files)
    if not files:
        raise SystemExit("no Dockerfiles found")
    size = sum(len(t.encode()) for _, t in files)
    rate = throughput(files, args.repeat)
    verdict = "ok" if rate >= TARGET_FILES_PER_S else f"below the {TARGET_FILES_PER_S} files/s target"
    print(f"corpus: {len(files)} files, {size / 1024:.0f} KB, mean {size / len(files) / 1024:.1f} KB/file")
    print(f"parse+render: {rate:,.0f} files/s ({size * rate / len(files) / 2**20:.1f} MB/s)  [{verdict}]")

    rng = random.Random(99)
    mix = [("", synthetic(rng)) for _ in range(500)]
    mix_size = sum(len(t.encode()) for _, t in mix)
    mix_rate = throughput(mix, args.repeat)
    print(f"synthetic realistic mix: {len(mix)} files, mean {mix_size / len(mix) / 1024:.1f} KB/file: "
          f"{mix_rate:,.0f} files/s")

    small, large = big_file(100 * 1024), big_file(10 * 1024 * 1024)
    (p_small, t_small), (p_large, t_large) = timed(small, max(3, args.repeat)), timed(large, 3)
    ratio = len(large) / len(small)
    for label, text, p, t in (("100 KB", small, p_small, t_small), (" 10 MB", large, p_large, t_large)):
        print(f"{label} file: parse {p * 1000:8.1f} ms, parse+render {t * 1000:8.1f} ms  "
              f"({len(text) / 2**20:.2f} MB, {len(parse(text).instructions):,} instructions)")
    print(f"size ratio {ratio:.1f}: parse time ratio {p_large / p_small:.1f} (growth {p_large / p_small / ratio:.2f}), "
          f"parse+render {t_large / t_small:.1f} (growth {t_large / t_small / ratio:.2f}); 1.00 = linear")

    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        for _, text in files:
            parse_render(text)
        parse_render(large)
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
