"""Prove a rewrite by rebuilding it on a real container engine.

This module is an adapter, not part of the pure core: it writes temporary files, runs
builds and containers through `dockslim.engine`, and reads the clock.

For one Dockerfile, `Job.run`:

1. rewrites it with `fix` (nothing to prove when nothing changes);
2. builds the original (`dockslim-verify/<hash>:before`); when that fails the Dockerfile
   was already broken and the job stops with an error. A `# syntax=` directive whose
   frontend image cannot be fetched is left out of every build copy, and the report
   says so;
3. runs the smoke command in the original image (it must pass there, or the command is
   wrong);
4. builds the rewrite (`:after`) and checks it: it builds, the image config is the same
   (CONFIG_FIELDS), it is not larger, the smoke command passes;
5. when a check fails and `repair` is on (`fix --verify`), first adds the runtime packages
   the rewrite lacks (measured in the stages the final one takes files from, or named by the
   smoke command's loader errors), up to REPAIR_ROUNDS rebuilds; what still fails is
   bisected: cumulative prefixes of the pass codes (registry order), binary search for the
   first prefix that fails, that pass is responsible; it is taken out and the search goes on
   until the rest verifies. With `repair` the verified rest becomes the result, and a stage
   split that then saves next to nothing on its own (`split_is_negligible`) is dropped too;
6. attributes the bytes saved to each pass by building the cumulative prefixes
   (`:step-N`; the build cache makes the unchanged instructions free), compares the
   layers side by side, and lists what the rewrite removed from the filesystem (both
   filesystems exported, summarised by directory).

`verify_all` runs several jobs in parallel and spreads them over several engines.

The JSON report (`to_json`): {"schema": "dockslim.verify/1", "log": PATH, "reports": [REPORT]}
with one REPORT per Dockerfile:

    path, status ("verified" | "unchanged" | "failed" | "error"), exit_code (0 | 1 | 2),
    message (one line), context, engine (endpoint), notes [str], log, seconds,
    applied [{code, title, line}]            the fixes of the full rewrite
    gate_dropped [{code, title, reason}]     fixes the rewrite's own gates refused
    reasons [str]                            why the full rewrite failed verification
    responsible [{code, name, titles, reasons}]  passes the bisection blamed
    dropped [...]                            same shape; with repair, the passes taken out
    before, after {image, id, built, size, layers, build_seconds, error}
    saved {bytes, percent}
    base {image, history_entries, size}      the final stage's base image (left out of layers)
    layers [{change ("same" | "size" | "changed" | "removed" | "added"),
             before {instruction, bytes} | null, after {instruction, bytes} | null}]
    passes [{code, name, titles, image, built, build_seconds, size, saved_bytes,
             saved_percent, error?}]        cumulative rebuilds in registry order
    config {fields [str], same (bool | null), changes [{field, before, after}]}
    smoke {command, passed, before/after {exit_code, seconds, output_tail [str]}} | null
    filesystem {files_before, files_after, removed_files, removed_bytes, added_files,
                added_bytes, changed_files, changed_bytes_saved,
                top_removed [{path, bytes, files}], top_added [...], removed_sample [path]}
    runtime_libraries {needed, installed, missing [package], scanned ["stage:/path"], error?} | null
                                             when the final stage takes files from another stage
                                             (`COPY --from`, `RUN --mount=type=bind,from=`): the
                                             packages owning the libraries those files link (their
                                             `.so` closure, resolved in that stage, less those of
                                             the final stage's base), which the final image has,
                                             and which it lacks though the original had them
    repairs [{round, added [package], reason}]  with repair: packages added to the final stage
    required_packages {required, missing [package], error?} | null
                                             with a policy's `required-packages`: those the
                                             built image lacks (a failure when the original
                                             image had them, a note when it lacked them too)
    images [tag]                             the images kept (--keep-images)

Sizes are bytes (`docker image inspect` .Size; history sizes per instruction).
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import posixpath
import queue
import re
import shutil
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from ..engine import BuildResult, Engine, EngineError, FileEntry, RunResult, cancel_all
from .findings import Finding
from .model import build_model
from .pipeline import InputError, fix
from .policy import policy_of
from .rules import Options, Pass, selected
from .runtime_libs import (
    RESOLVE,
    RuntimeLibsError,
    Taken,
    installed_packages,
    owners_from,
    runtime_packages,
    taken_from_stages,
)
from .syntax import ParseError, parse

SCHEMA = "dockslim.verify/1"
DEFAULT_TIMEOUT = 1800.0
# Rebuilding a changed RUN re-runs it: timestamps, logs and byte-code files may come out a
# few bytes apart. Growth up to this much still counts as "not larger".
GROWTH_SLACK = 64 * 1024
CONFIG_FIELDS = (
    "Cmd", "Entrypoint", "Env", "User", "WorkingDir", "ExposedPorts", "Volumes", "Labels",
    "StopSignal", "Healthcheck", "Shell", "OnBuild",
)
SUMMARY_DEPTH = 3  # directories are summarised this many levels deep (/root/.cache/pip)
SUMMARY_TOP = 10

EXIT_VERIFIED, EXIT_FAILED, EXIT_ERROR = 0, 1, 2


# ------------------------------------------------------------------------------ settings


@dataclass
class Settings:
    unsafe_fixes: bool = False
    select: list[str] | None = None
    ignore: list[str] | None = None
    options: Options | None = None
    passes: tuple[Pass, ...] | None = None  # instead of the registry (select/ignore then unused)
    smoke: str | None = None
    context: str | None = None  # default: the Dockerfile's folder
    timeout: float = DEFAULT_TIMEOUT  # per build, smoke run and export
    keep_images: bool = False
    repair: bool = False  # drop the passes that break the image and keep the rest
    attribution: bool = True
    filesystem: bool = True


class BuildLog:
    """Every line of build output, from every job, in one file."""

    def __init__(self, path: str | os.PathLike | None = None):
        if path is None:
            path = os.path.join(tempfile.mkdtemp(prefix="dockslim-verify-"), "build.log")
        self.path = str(path)
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._handle = open(self.path, "a", encoding="utf-8", errors="replace")

    def write(self, label: str, line: str) -> None:
        with self._lock:
            self._handle.write(f"[{label}] {line}\n")
            self._handle.flush()

    def close(self) -> None:
        with self._lock:
            self._handle.close()


_STEP = re.compile(r"^#\d+ \[(?P<step>[^\]]+)\] (?P<what>.+)$")


class Progress:
    """Phase lines on stderr; on a terminal also each build step as it starts."""

    def __init__(self, stream: TextIO | None = None, steps: bool | None = None, quiet: bool = False):
        self.stream = stream or sys.stderr
        self.steps = self.stream.isatty() if steps is None else steps
        self.quiet = quiet
        self._lock = threading.Lock()

    def phase(self, label: str, message: str) -> None:
        if not self.quiet:
            self._emit(f"dockslim: {label}: {message}")

    def build_line(self, label: str, line: str) -> None:
        if self.quiet or not self.steps:
            return
        m = _STEP.match(line)
        if m:
            width = shutil.get_terminal_size((120, 20)).columns
            self._emit(f"  {label} [{m.group('step')}] {m.group('what')}"[: max(40, width - 1)])

    def _emit(self, text: str) -> None:
        with self._lock:
            print(text, file=self.stream, flush=True)


# ------------------------------------------------------------------------------ results


@dataclass
class Candidate:
    """One built text: the original, the rewrite, or a rewrite by a subset of the passes."""

    text: str
    codes: tuple[str, ...]
    tag: str
    build: BuildResult
    size: int | None = None
    layers: int | None = None
    config: dict = field(default_factory=dict)
    image_id: str | None = None
    smoke: RunResult | None = None
    reasons: list[str] | None = None  # None until checked; empty when it verifies
    config_changes: list[dict] = field(default_factory=list)

    @property
    def built(self) -> bool:
        return self.build.ok

    @property
    def ok(self) -> bool:
        return self.reasons == []


@dataclass
class Report:
    path: str
    context: str | None = None
    engine: str | None = None
    status: str = "error"  # verified | unchanged | failed | error
    message: str = ""
    notes: list[str] = field(default_factory=list)
    log: str | None = None
    seconds: float = 0.0
    smoke_command: str | None = None
    applied: list[dict] = field(default_factory=list)
    gate_dropped: list[dict] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)  # why the rewrite failed
    responsible: list[dict] = field(default_factory=list)  # passes the bisection blamed
    dropped: list[dict] = field(default_factory=list)  # with repair: passes taken out
    before: dict | None = None
    after: dict | None = None
    saved: dict | None = None
    base: dict | None = None
    layers: list[dict] = field(default_factory=list)
    passes: list[dict] = field(default_factory=list)
    config: dict | None = None
    smoke: dict | None = None
    filesystem: dict | None = None
    runtime_libraries: dict | None = None
    repairs: list[dict] = field(default_factory=list)  # with repair: packages added, round by round
    required_packages: dict | None = None  # the policy's required packages the image lacks
    images: list[str] = field(default_factory=list)  # tags kept (--keep-images)
    final_text: str | None = None  # what was verified (the original text when nothing was)

    @property
    def exit_code(self) -> int:
        return {"verified": EXIT_VERIFIED, "unchanged": EXIT_VERIFIED, "failed": EXIT_FAILED}.get(self.status, EXIT_ERROR)

    def fail(self, message: str) -> None:
        self.status, self.message = "failed", message

    def error(self, message: str) -> None:
        self.status, self.message = "error", message

    def to_dict(self) -> dict:
        return {
            "path": self.path,
            "status": self.status,
            "exit_code": self.exit_code,
            "message": self.message,
            "context": self.context,
            "engine": self.engine,
            "notes": self.notes,
            "log": self.log,
            "seconds": round(self.seconds, 2),
            "applied": self.applied,
            "gate_dropped": self.gate_dropped,
            "reasons": self.reasons,
            "responsible": self.responsible,
            "dropped": self.dropped,
            "before": self.before,
            "after": self.after,
            "saved": self.saved,
            "base": self.base,
            "layers": self.layers,
            "passes": self.passes,
            "config": self.config,
            "smoke": self.smoke,
            "filesystem": self.filesystem,
            "runtime_libraries": self.runtime_libraries,
            "repairs": self.repairs,
            "required_packages": self.required_packages,
            "images": self.images,
        }


# ------------------------------------------------------------------------------ one job


def _ordered_codes(applied: tuple[Finding, ...], effective: tuple[Pass, ...]) -> list[str]:
    present = {f.code for f in applied}
    return [p.code for p in effective if p.code in present]


def _syntax_directive(text: str):
    try:
        tree = parse(text)
    except ParseError:
        return None
    return next((d for d in tree.directives if d.name == "syntax"), None)


def _without_directive(text: str, directive) -> str:
    end = directive.end
    if text.startswith("\r\n", end):
        end += 2
    elif end < len(text) and text[end] in "\r\n":
        end += 1
    return text[: directive.start] + text[end:]


def _external_bases(text: str) -> list[str]:
    """Images the FROM lines pull in (not earlier stages, not scratch, no unresolved ARGs)."""
    try:
        model = build_model(parse(text))
    except ParseError:
        return []
    out: list[str] = []
    for stage in model.stages:
        if stage.parent is None and stage.base and stage.base.lower() != "scratch" and "$" not in stage.base:
            if stage.base not in out:
                out.append(stage.base)
    return out


# How a program says a shared library is missing: the loader, Python's ImportError/OSError
# (ctypes, dlopen), node's `Error: ...`; psycopg names no file, libpq's soname is its own.
_MISSING_SONAME = re.compile(
    r"(?:error while loading shared libraries|ImportError|OSError|Error|dlopen)[^\n]*?:\s*"
    r"(?P<soname>[\w.+-]+\.so(?:\.[\w.]+)?): cannot open shared object file"
)
_PSYCOPG_NO_LIBPQ = re.compile(r"no pq wrapper available|libpq library not found")
REPAIR_ROUNDS = 3


def missing_sonames(output: str) -> list[str]:
    """The shared libraries a failing command's output says it could not load, in order."""
    found = [m.group("soname") for m in _MISSING_SONAME.finditer(output)]
    if _PSYCOPG_NO_LIBPQ.search(output):
        found.append("libpq.so.5")
    return list(dict.fromkeys(found))


def _taken(text: str) -> list[Taken]:
    """What the final stage takes from the Dockerfile's other stages (none when it does not parse)."""
    try:
        return taken_from_stages(text)
    except ParseError:
        return []


def _by_stage(taken: list[Taken]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for t in taken:
        out[t.stage].append(t.path)
    return dict(out)


# A split that saves less than both of these on its own is not kept by `fix --verify`: it
# costs a second stage and a longer build for what the builder's caches weighed. On a full
# python/node image a slim runtime saves 70-85 %; a split left on the full base (its slim
# base dropped) saves a few MB of caches, well under both marks.
SPLIT_MIN_PERCENT = 5.0
SPLIT_MIN_BYTES = 20_000_000
SPLIT_CODE = "DS301"


def split_is_negligible(saved: int, before_size: int) -> bool:
    """True when the bytes a stage split saves are below both SPLIT_MIN marks."""
    percent = 100.0 * saved / before_size if before_size else 0.0
    return saved < SPLIT_MIN_BYTES and percent < SPLIT_MIN_PERCENT


def _final_base(text: str) -> str | None:
    try:
        model = build_model(parse(text))
    except ParseError:
        return None
    stage = model.final
    while stage is not None and stage.parent is not None:
        stage = stage.parent
    if stage is None or not stage.base or "$" in stage.base:
        return None
    return stage.base


class Job:
    def __init__(self, path: str, text: str, settings: Settings, engine: Engine, log: BuildLog, progress: Progress):
        self.path = path
        self.text = text
        self.settings = settings
        self.engine = engine
        self.log = log
        self.progress = progress
        where = "<stdin>" if path == "-" else os.path.abspath(path)
        key = "\0".join(map(str, (
            where, text, os.getpid(), settings.unsafe_fixes, settings.select, settings.ignore, settings.options,
            [p.code for p in settings.passes or ()], settings.context,
        )))
        digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:12]
        self.repo = f"dockslim-verify/{digest}"
        if settings.context:
            self.context = os.path.abspath(settings.context)
        elif path == "-":
            self.context = None
        else:
            self.context = os.path.dirname(os.path.abspath(path))
        self.basename = "Dockerfile" if path == "-" else os.path.basename(path)
        self.effective: tuple[Pass, ...] = ()
        self.texts: dict[tuple[str, ...], str] = {}
        self.candidates: dict[str, Candidate] = {}  # by text
        self.libraries: dict[str, dict] = {}  # runtime_libraries by text: the repair loop asks again
        self.stage_images: dict[tuple[str, str], Candidate] = {}  # (text, stage) -> that stage built
        self.before_packages: set[str] | None | bool = False  # False until asked
        self.tags: list[str] = []
        self.steps = 0
        self.strip_syntax = False
        self.syntax = _syntax_directive(text)
        self.tmp: str | None = None
        self.before: Candidate | None = None

    # -- small helpers

    def say(self, message: str) -> None:
        self.progress.phase(self.path, message)

    def text_for(self, codes: tuple[str, ...]) -> str:
        if codes not in self.texts:
            if not codes:
                self.texts[codes] = self.text
            else:
                subset = tuple(p for p in self.effective if p.code in codes)
                s = self.settings
                self.texts[codes] = fix(self.text, unsafe_fixes=s.unsafe_fixes, options=s.options, passes=subset).text
        return self.texts[codes]

    def build_text(self, text: str) -> str:
        return _without_directive(text, self.syntax) if self.strip_syntax and self.syntax else text

    def _build(self, text: str, codes: tuple[str, ...], suffix: str, target: str | None = None) -> Candidate:
        assert self.tmp is not None and self.context is not None
        folder = os.path.join(self.tmp, suffix)
        os.makedirs(folder, exist_ok=True)
        dockerfile = os.path.join(folder, self.basename)
        Path(dockerfile).write_text(self.build_text(text), encoding="utf-8")
        if self.path != "-":  # BuildKit reads <Dockerfile>.dockerignore beside the Dockerfile first
            own_ignore = self.path + ".dockerignore"
            if os.path.isfile(own_ignore):
                shutil.copyfile(own_ignore, dockerfile + ".dockerignore")
        tag = f"{self.repo}:{suffix}"
        label = f"{self.path} {suffix}"
        self.log.write(label, f"--- build {tag} on {self.engine.name} (context {self.context})")

        def on_line(line: str) -> None:
            self.log.write(label, line)
            self.progress.build_line(label, line)

        result = self.engine.build(dockerfile, self.context, tag, self.settings.timeout, on_line, target=target)
        self.log.write(label, f"--- {'built' if result.ok else 'FAILED: ' + (result.error or '')} in {result.seconds:.1f}s")
        cand = Candidate(text=text, codes=codes, tag=tag, build=result)
        if result.ok:
            self.tags.append(tag)
            info = self.engine.inspect(tag)
            cand.image_id = info.get("Id")
            cand.size = int(info.get("Size") or 0)
            cand.layers = len((info.get("RootFS") or {}).get("Layers") or [])
            cand.config = info.get("Config") or {}
        return cand

    def candidate(self, codes: tuple[str, ...], suffix: str | None = None) -> Candidate:
        text = self.text_for(codes)
        if text in self.candidates:
            return self.candidates[text]
        if suffix is None:
            self.steps += 1
            suffix = f"step-{self.steps}"
        self.say(f"building {'the rewrite' if suffix == 'after' else suffix} ({', '.join(codes)})")
        cand = self._build(text, codes, suffix)
        self.candidates[text] = cand
        return cand

    def base_config(self, text: str) -> dict:
        """The configuration the final stage inherits from its base image."""
        return inherited_config(self.engine, _final_base(self.build_text(text)))

    def check(self, cand: Candidate) -> Candidate:
        """Fill in `cand.reasons`: empty when it verifies against the original."""
        if cand.reasons is not None:
            return cand
        assert self.before is not None
        if not cand.built:
            cand.reasons = [f"the rewritten Dockerfile does not build: {cand.build.error}"]
            return cand
        reasons: list[str] = []
        cand.config_changes = config_changes(
            self.before.config, cand.config, self.base_config(self.text), self.base_config(cand.text)
        )
        if cand.config_changes:
            reasons.append("the image config changed: " + ", ".join(c["field"] for c in cand.config_changes))
        assert self.before.size is not None and cand.size is not None
        growth = cand.size - self.before.size
        if growth > GROWTH_SLACK:
            reasons.append(f"the rewritten image is larger (+{growth:,} bytes)")
        if self.settings.smoke:
            cand.smoke = self.smoke(cand)
            if not cand.smoke.ok:
                what = "timed out" if cand.smoke.exit_code is None else f"exit {cand.smoke.exit_code}"
                reasons.append(f"the smoke command fails in the rewritten image ({what}): {cand.smoke.last_line()}")
        cand.reasons = reasons
        return cand

    def smoke(self, cand: Candidate) -> RunResult:
        assert self.settings.smoke
        result = self.engine.run_shell(cand.tag, self.settings.smoke, self.settings.timeout)
        label = f"{self.path} {cand.tag.rsplit(':', 1)[1]}"
        self.log.write(label, f"--- smoke `{self.settings.smoke}`: exit {result.exit_code} in {result.seconds:.1f}s")
        for line in result.output.splitlines():
            self.log.write(label, "smoke| " + line)
        return result

    # -- bisection

    def bisect(self, codes: list[str], first: Candidate | None = None) -> tuple[list[dict], list[str]]:
        """Passes to take out so the rest verifies, each with the failure it caused. `first`:
        how the whole of `codes` failed, when known (the repaired rewrite: its failure is the
        one repair could not fix)."""
        culprits: list[dict] = []
        current = list(codes)
        good = 0  # a prefix of this length is known to verify
        while current:
            full = first if first is not None and current == codes else self.check(self.candidate(tuple(current)))
            if full.ok:
                break
            lo, hi, why = good, len(current), full.reasons
            while hi - lo > 1:
                mid = (lo + hi) // 2
                probe = self.check(self.candidate(tuple(current[:mid])))
                if probe.ok:
                    lo = mid
                else:
                    hi, why = mid, probe.reasons
            code = current[hi - 1]
            self.say(f"bisection: {code} is responsible ({'; '.join(why or [])})")
            culprits.append({"code": code, "reasons": list(why or [])})
            current = current[: hi - 1] + current[hi:]
            good = hi - 1
        return culprits, current

    # -- the whole job

    def run(self) -> Report:
        started = time.monotonic()
        s = self.settings
        report = Report(path=self.path, context=self.context, engine=self.engine.name, log=self.log.path,
                        smoke_command=s.smoke, final_text=self.text)
        try:
            self._run(report)
        except (EngineError, InputError) as exc:
            report.error(str(exc))
        except OSError as exc:
            report.error(f"{exc.strerror or exc}")
        finally:
            try:
                if s.keep_images:
                    report.images = list(self.tags)
                else:
                    self.engine.remove_images(self.tags)
            except EngineError:
                pass
            if self.tmp:
                shutil.rmtree(self.tmp, ignore_errors=True)
            report.seconds = time.monotonic() - started
        if report.status in ("failed", "error") and report.message:
            self.say(f"{report.status}: {report.message}")
        return report

    def _run(self, report: Report) -> None:
        s = self.settings
        self.effective = tuple(s.passes) if s.passes else selected(s.select, s.ignore)
        full = fix(self.text, unsafe_fixes=s.unsafe_fixes, options=s.options, passes=self.effective)
        report.applied = [_finding_dict(f, full.original) for f in full.applied]
        report.gate_dropped = [{"code": d.finding.code, "title": d.finding.fix.title if d.finding.fix else "",
                                "reason": d.reason} for d in full.dropped]
        if not full.changed:
            report.status, report.message = "unchanged", "nothing to change: no fix applies"
            return
        if self.context is None:
            raise InputError("a Dockerfile read from stdin needs --context")
        if not os.path.isdir(self.context):
            raise InputError(f"the build context {self.context} is not a directory")
        codes = _ordered_codes(full.applied, self.effective)
        self.texts[tuple(codes)] = full.text
        self.tmp = tempfile.mkdtemp(prefix="dockslim-verify-build-")
        if not self.original(report) or not self.smoke_original(report):
            return
        after = self.check(self.candidate(tuple(codes), "after"))
        if not after.ok and s.repair:
            after = self.repair_runtime(report, after)
        final, final_codes = (after, codes) if after.ok else self.blame(report, after, codes, full.applied)
        if s.repair and final.ok and SPLIT_CODE in final_codes:
            final, final_codes = self.drop_negligible_split(report, final, final_codes, full.applied)
        if s.repair:
            report.final_text = final.text if final.ok else self.text
            self.describe(report, final, final_codes, full.applied)
        else:
            self.describe(report, after, codes, full.applied)
        self.conclude(report, final, after)

    def original(self, report: Report) -> bool:
        """Build the original (without an unreachable `# syntax=` frontend when need be);
        False, with the report's error, when it does not build."""
        self.say(f"building the original on {self.engine.name}")
        before = self._build(self.text, (), "before")
        if not before.built and self.syntax is not None and self.syntax.value in "\n".join(before.build.tail):
            self.strip_syntax = True
            report.notes.append(
                f"the `# syntax={self.syntax.value}` frontend could not be fetched; both Dockerfiles were "
                "built without that line, with the engine's built-in Dockerfile frontend"
            )
            self.say("the syntax frontend cannot be fetched; building without the `# syntax=` line")
            before = self._build(self.text, (), "before")
        self.before = before
        self.candidates[self.text] = before
        report.before = _image_dict(before)
        if before.built:
            before.reasons = []
            return True
        missing = [b for b in _external_bases(self.text) if not self.engine.image_exists(b)]
        if before.build.timed_out:
            report.error(f"the original did not finish building within {self.settings.timeout:.0f}s (see --timeout)")
        elif missing:
            report.error(f"base image {', '.join(missing)} is not in the engine at {self.engine.name} "
                         f"and could not be pulled: {before.build.error}")
        else:
            report.error(f"the Dockerfile was already broken: the original does not build: {before.build.error}")
        return False

    def smoke_original(self, report: Report) -> bool:
        """The smoke command must pass in the original image (or the command is wrong)."""
        s, before = self.settings, self.before
        assert before is not None
        if not s.smoke:
            return True
        self.say("smoke test of the original")
        before.smoke = self.smoke(before)
        if before.smoke.ok:
            return True
        what = "timed out" if before.smoke.exit_code is None else f"exit {before.smoke.exit_code}"
        report.smoke = _smoke_dict(s.smoke, before, None)
        report.error(f"the smoke command fails in the original image too ({what}): "
                     f"{before.smoke.last_line()}; fix the command first")
        return False

    def blame(self, report: Report, after: Candidate, codes: list[str],
              applied: tuple[Finding, ...]) -> tuple[Candidate, list[str]]:
        """The rewrite (`after`, repaired or not) failed: bisect the passes; with repair, the
        rest becomes the result. Returns (the candidate of the rest, or the original; its codes)."""
        assert self.before is not None
        report.reasons = list(after.reasons or [])
        self.say("the rewrite does not verify; bisecting the passes: " + "; ".join(report.reasons))
        culprits, rest = self.bisect(codes, after)
        report.responsible = self.named(culprits, applied)
        if not self.settings.repair:
            return after, codes
        report.dropped = report.responsible
        final = self.check(self.candidate(tuple(rest))) if rest else self.before
        return final, rest

    def named(self, culprits: list[dict], applied: tuple[Finding, ...]) -> list[dict]:
        titles = _titles(applied)
        for c in culprits:
            c["titles"] = titles.get(c["code"], [])
            c["name"] = _pass_name(self.effective, c["code"])
        return culprits

    def drop_negligible_split(self, report: Report, final: Candidate, codes: list[str],
                              applied: tuple[Finding, ...]) -> tuple[Candidate, list[str]]:
        """A stage split that, as verified, saves next to nothing on its own (its slim base
        dropped, say) is dropped too: the rest is built without it (and bisected if that
        fails). Returns the result and its codes."""
        assert self.before is not None and self.before.size
        rest = [c for c in codes if c != SPLIT_CODE]
        unsplit = self.candidate(tuple(rest)) if rest else self.before
        if not unsplit.built or unsplit.size is None or final.size is None:
            return final, codes
        saved = unsplit.size - final.size
        if not split_is_negligible(saved, self.before.size):
            return final, codes
        how_much = (f"only {human(saved)} ({100.0 * saved / self.before.size:.1f}%)" if saved > 0
                    else f"nothing ({human(-saved)} larger)")
        why = (f"the stage split saves {how_much} on its own, under {SPLIT_MIN_PERCENT:g}% and "
               f"{human(SPLIT_MIN_BYTES)}: not worth a second stage")
        self.say(f"dropping {SPLIT_CODE}: {why}")
        dropped = [{"code": SPLIT_CODE, "reasons": [why]}]
        if not self.check(unsplit).ok:
            culprits, rest = self.bisect(rest)
            dropped += culprits
            unsplit = self.check(self.candidate(tuple(rest))) if rest else self.before
        report.dropped = report.dropped + self.named(dropped, applied)
        report.responsible = report.dropped
        return unsplit, rest

    def describe(self, report: Report, shown: Candidate, codes: list[str], applied: tuple[Finding, ...]) -> None:
        """What the shown image is: size, config, smoke, layers, bytes per pass, files, libraries."""
        s, before = self.settings, self.before
        assert before is not None
        report.after = _image_dict(shown)
        report.config = {
            "fields": list(CONFIG_FIELDS),
            "same": not shown.config_changes if shown.built else None,
            "changes": shown.config_changes,
        }
        if s.smoke:
            report.smoke = _smoke_dict(s.smoke, before, shown)
        if not shown.built:
            return
        if before.size is not None and shown.size is not None:
            saved = before.size - shown.size
            report.saved = {"bytes": saved, "percent": round(100.0 * saved / before.size, 2) if before.size else 0.0}
            self.layers(report, before, shown)
        if s.attribution and codes:
            self.attribute(report, codes, applied, shown)
        if s.filesystem:
            self.say("comparing the filesystems")
            report.filesystem = self.filesystems(before, shown)
        if _taken(self.build_text(shown.text)):
            self.say("checking the runtime libraries of what the final stage takes from the others")
            report.runtime_libraries = self.runtime_libraries(shown)
        report.required_packages = self.required_packages(shown)

    def required_packages(self, shown: Candidate) -> dict | None:
        """The policy's required packages the built image lacks (None without a policy)."""
        wanted = policy_of(self.settings.options.extra if self.settings.options else {}).required_packages
        if not wanted:
            return None
        self.say("checking the packages the policy requires")
        try:
            missing = sorted(set(wanted) - installed_packages(self.engine, shown.tag))
        except RuntimeLibsError as exc:
            return {"required": list(wanted), "missing": list(wanted), "error": str(exc)}
        return {"required": list(wanted), "missing": missing}

    def conclude(self, report: Report, final: Candidate, after: Candidate) -> None:
        """Status and message."""
        if self.settings.repair:
            if not final.ok:
                report.fail("no subset of the fixes verifies: " + "; ".join(final.reasons or []))
            elif final.text == self.text:
                report.fail("every fix was dropped: " + "; ".join(report.reasons or _reasons_of(report.dropped)))
            elif report.dropped:
                report.status = "verified"
                report.message = (_verified_message(report) + " after dropping "
                                  + ", ".join(d["code"] for d in report.dropped))
            else:
                report.status, report.message = "verified", _verified_message(report)
        elif after.ok:
            report.status, report.message = "verified", _verified_message(report)
        else:
            blame = ", ".join(c["code"] for c in report.responsible)
            report.fail("; ".join(report.reasons) + (f" (responsible: {blame})" if blame else ""))
        required = report.required_packages or {}
        if required.get("missing"):
            lost = sorted(set(required["missing"]) & (self.original_packages() or set(required["missing"])))
            too = sorted(set(required["missing"]) - set(lost))
            if too:
                report.notes.append(f"the original image lacks {', '.join(too)} too, which the policy requires")
            if lost:
                what = f"the image lacks {', '.join(lost)}, which the policy requires"
                report.fail(f"{report.message}; {what}" if report.status == "failed" and report.message else what)
        lacking = (report.runtime_libraries or {}).get("missing")
        if lacking:
            what = f"the runtime stage lacks {', '.join(lacking)}, which the built packages link against"
            report.fail(f"{report.message}; {what}" if report.status == "failed" and report.message else what)

    # -- repair: install what the runtime stage lacks

    def repair_runtime(self, report: Report, cand: Candidate) -> Candidate:
        """Up to REPAIR_ROUNDS times: find the packages the rewrite lacks (the runtime check's
        "missing", the sonames its smoke output could not load, owned in the original image
        or the builder), add them to the final stage's install, rebuild and check again.
        Returns the last candidate; each step goes to report.repairs."""
        from ..transforms._runtime_install import with_runtime_packages

        for round_no in range(1, REPAIR_ROUNDS + 1):
            wanted = self.lacking_packages(cand)
            if not wanted:
                break
            text = with_runtime_packages(cand.text, sorted(wanted))
            if text is None or text == cand.text:
                report.repairs.append({"round": round_no, "added": [], "reason": "the final stage's install cannot be extended"})
                break
            for pkg, why in sorted(wanted.items()):
                report.repairs.append({"round": round_no, "added": [pkg], "reason": why})
                self.say(f"repair: added {pkg} ({why})")
            fixed = self._build(text, cand.codes, f"repair-{round_no}")
            self.candidates[text] = fixed
            cand = self.check(fixed)
            if cand.ok:
                lacking = self.runtime_libraries(cand).get("missing") if _taken(self.build_text(text)) else None
                if not lacking:
                    break
                cand.reasons = [f"the runtime stage lacks {', '.join(lacking)}"]
        return cand

    def lacking_packages(self, cand: Candidate) -> dict[str, str]:
        """package -> why, for what `cand` is missing at run time."""
        out: dict[str, str] = {}
        if cand.built and _taken(self.build_text(cand.text)):
            for pkg in self.runtime_libraries(cand).get("missing", []):
                out[pkg] = f"what the final stage takes from the builder links against a library {pkg} provides"
        sonames = missing_sonames(cand.smoke.output) if cand.smoke is not None and not cand.smoke.ok else []
        if sonames:
            owners = self.soname_owners(sonames, cand)
            for soname in sonames:
                if owners.get(soname):
                    out.setdefault(owners[soname], f"owns {soname}, needed by `{self.settings.smoke}`")
        return out

    def soname_owners(self, sonames: list[str], cand: Candidate) -> dict[str, str | None]:
        """Who owns each soname: asked in the original image (which has it), then the stages
        the final one takes files from."""
        images = [self.before.tag] if self.before is not None else []
        for stage in _by_stage(_taken(self.build_text(cand.text))):
            built = self.stage_image(cand, stage)
            if built.built:
                images.append(built.tag)
        owners: dict[str, str | None] = {}
        for image in images:
            todo = [s for s in sonames if not owners.get(s)]
            if not todo:
                break
            result = self.engine.shell_output(image, RESOLVE, todo)
            owners.update({k: v for k, v in owners_from(result.output).items() if v})
        return owners

    def stage_image(self, cand: Candidate, stage: str) -> Candidate:
        """`cand`'s text built up to `stage` (`--target`), once per text."""
        key = (cand.text, stage)
        if key not in self.stage_images:
            # a tag of its own per build, so every image made is removed at the end
            suffix = f"stage-{len(self.stage_images) + 1}-" + re.sub(r"[^a-z0-9_.-]", "-", stage.lower())
            self.stage_images[key] = self._build(cand.text, cand.codes, suffix, target=stage)
        return self.stage_images[key]

    def runtime_libraries(self, shown: Candidate) -> dict:
        """The packages owning the libraries that what the final stage takes from other
        stages (a venv, `/wheels`, `node_modules`, a binary) links, measured in those stages
        (less what the final stage's base already has), and whether the final image has
        them (measured once per text)."""
        if shown.text not in self.libraries:
            self.libraries[shown.text] = self._runtime_libraries(shown)
        return self.libraries[shown.text]

    def _runtime_libraries(self, shown: Candidate) -> dict:
        taken = _taken(self.build_text(shown.text))
        result: dict[str, Any] = {"needed": [], "installed": [], "missing": [],
                                  "scanned": [f"{t.stage}:{t.path}" for t in taken]}
        base = _final_base(self.build_text(shown.text))
        if base is not None and (base.lower() == "scratch" or not self.engine.image_exists(base)):
            base = None
        needed: set[str] = set()
        try:
            for stage, paths in _by_stage(taken).items():
                built = self.stage_image(shown, stage)
                if not built.built:
                    return dict(result, error=f"the {stage} stage does not build: {built.build.error}")
                needed |= runtime_packages(self.engine, built.tag, paths=paths, present_in=base,
                                           timeout=self.settings.timeout)
            have = installed_packages(self.engine, shown.tag) if needed else set()
        except (RuntimeLibsError, ValueError) as exc:
            return dict(result, error=str(exc))
        missing = needed - have
        if missing:
            missing &= self.original_packages() or missing  # what the original lacked too is not lost
        return dict(result, needed=sorted(needed), installed=sorted(needed & have), missing=sorted(missing))

    def original_packages(self) -> set[str] | None:
        """The packages of the original image (None when it has no package manager to ask)."""
        assert self.before is not None
        if self.before_packages is False:
            try:
                self.before_packages = installed_packages(self.engine, self.before.tag)
            except RuntimeLibsError:
                self.before_packages = None
        return self.before_packages

    def attribute(self, report: Report, codes: list[str], applied: tuple[Finding, ...], shown: Candidate) -> None:
        """Bytes saved by each pass: cumulative prefixes, built one after the other; the last
        is the image shown (with the packages a repair added), so the rows add up to it."""
        assert self.before is not None and self.before.size
        titles = _titles(applied)
        previous = self.before
        for i, code in enumerate(codes, 1):
            cand = shown if i == len(codes) else self.candidate(tuple(codes[:i]))
            row: dict[str, Any] = {
                "code": code,
                "name": _pass_name(self.effective, code),
                "titles": titles.get(code, []),
                "image": cand.tag,
                "built": cand.built,
                "build_seconds": round(cand.build.seconds, 2),
                "size": cand.size,
                "saved_bytes": None,
                "saved_percent": None,
            }
            if not cand.built:
                row["error"] = cand.build.error
            elif previous.size is not None and cand.size is not None:
                saved = previous.size - cand.size
                row["saved_bytes"] = saved
                row["saved_percent"] = round(100.0 * saved / self.before.size, 2)
                previous = cand
            report.passes.append(row)

    def layers(self, report: Report, before: Candidate, after: Candidate) -> None:
        old = self.engine.history(before.tag)
        new = self.engine.history(after.tag)
        base_ref = _final_base(self.text)
        skip = 0
        if base_ref and base_ref.lower() != "scratch" and self.engine.image_exists(base_ref):
            base_history = self.engine.history(base_ref)
            prefix = [(h["created_by"], h["size"]) for h in base_history]
            if [(h["created_by"], h["size"]) for h in old[: len(prefix)]] == prefix and \
               [(h["created_by"], h["size"]) for h in new[: len(prefix)]] == prefix:
                skip = len(prefix)
                report.base = {"image": base_ref, "history_entries": skip, "size": sum(h["size"] for h in base_history)}
        report.layers = side_by_side(old[skip:], new[skip:])

    def filesystems(self, before: Candidate, after: Candidate) -> dict:
        results: dict[str, Any] = {}

        def export(key: str, cand: Candidate) -> None:
            try:
                results[key] = self.engine.files(cand.tag, self.settings.timeout)
            except BaseException as exc:  # reported below
                results[key] = exc

        threads = [threading.Thread(target=export, args=(k, c)) for k, c in (("before", before), ("after", after))]
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


# ------------------------------------------------------------------------------ pieces


SCRATCH_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def inherited_config(engine: Engine, ref: str | None) -> dict:
    """The configuration an image built FROM `ref` inherits (a new base brings its own labels
    and environment; those are not the Dockerfile's configuration); {} when unknown."""
    if ref == "scratch":
        return {"Env": [SCRATCH_PATH]}  # BuildKit gives an image with no PATH this one
    if ref is None:
        return {}
    try:
        return engine.inspect(ref).get("Config") or {}
    except EngineError:
        return {}


def config_changes(before: dict, after: dict, before_base: dict | None = None,
                   after_base: dict | None = None) -> list[dict]:
    """The CONFIG_FIELDS whose values differ (ENV compared as a mapping, empty == unset).
    Labels and environment variables inherited unchanged from each image's own base are left
    out of the comparison: a rewrite onto another base (a slim variant, a compiled program's
    runtime without the toolchain's GOPATH) brings that base's, not the user's."""

    def own(name: str, image: dict, base: dict | None):
        inherited = _mapping(name, (base or {}).get(name))
        kept = {k: v for k, v in _mapping(name, image.get(name)).items() if inherited.get(k) != v}
        return kept or None

    before = dict(before, Labels=own("Labels", before, before_base), Env=own("Env", before, before_base))
    after = dict(after, Labels=own("Labels", after, after_base), Env=own("Env", after, after_base))

    changes = []
    for name in CONFIG_FIELDS:
        if (before.get(name) or None) != (after.get(name) or None):
            changes.append({"field": name, "before": before.get(name), "after": after.get(name)})
    return changes


def _mapping(name: str, value) -> dict:
    """ENV (a list of `K=V`) or labels as a mapping."""
    if name == "Env":
        return dict(item.partition("=")[::2] for item in value or [])
    return dict(value or {})


_RUN_SHELL = re.compile(r"^RUN (?:\|\d+ (?:\S+=\S* )*)?/bin/sh -c (?P<body>.*)$", re.DOTALL)


def _pretty_instruction(created_by: str) -> str:
    """`RUN /bin/sh -c apt-get update # buildkit` -> `RUN apt-get update`."""
    text = created_by.strip()
    if text.endswith("# buildkit"):
        text = text[: -len("# buildkit")].rstrip()
    m = _RUN_SHELL.match(text)
    if m:
        text = "RUN " + m.group("body")
    elif text.startswith("/bin/sh -c #(nop) "):  # images from the legacy builder
        text = text[len("/bin/sh -c #(nop) "):]
    elif text.startswith("/bin/sh -c "):
        text = "RUN " + text[len("/bin/sh -c "):]
    return " ".join(text.split()) or "(no instruction recorded)"


def side_by_side(old: list[dict], new: list[dict]) -> list[dict]:
    """History rows of both images aligned: same instruction, changed, only before, only after."""
    a = [_pretty_instruction(h["created_by"]) for h in old]
    b = [_pretty_instruction(h["created_by"]) for h in new]
    rows: list[dict] = []

    def cell(items: list[dict], texts: list[str], i: int | None):
        return None if i is None else {"instruction": texts[i], "bytes": items[i]["size"]}

    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2)):
                same = old[i]["size"] == new[j]["size"]
                rows.append({"change": "same" if same else "size", "before": cell(old, a, i), "after": cell(new, b, j)})
            continue
        left, right = list(range(i1, i2)), list(range(j1, j2))
        for k in range(max(len(left), len(right))):
            i = left[k] if k < len(left) else None
            j = right[k] if k < len(right) else None
            change = "changed" if i is not None and j is not None else ("removed" if j is None else "added")
            rows.append({"change": change, "before": cell(old, a, i), "after": cell(new, b, j)})
    return rows


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


def _finding_dict(f: Finding, text: str) -> dict:
    return {
        "code": f.code,
        "title": f.fix.title if f.fix else "",
        "line": f.begin_pos.line if f.begin_pos else text.count("\n", 0, f.start) + 1,
    }


def _titles(applied: tuple[Finding, ...]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for f in applied:
        title = f.fix.title if f.fix else ""
        if title not in out[f.code]:
            out[f.code].append(title)
    return dict(out)


def _pass_name(passes: tuple[Pass, ...], code: str) -> str:
    return next((p.spec.name for p in passes if p.code == code), "")


def _image_dict(cand: Candidate) -> dict:
    return {
        "image": cand.tag,
        "id": cand.image_id,
        "built": cand.built,
        "size": cand.size,
        "layers": cand.layers,
        "build_seconds": round(cand.build.seconds, 2),
        "error": None if cand.built else cand.build.error,
    }


def _run_dict(result: RunResult | None) -> dict | None:
    if result is None:
        return None
    tail = result.output.strip().splitlines()[-15:]
    return {"exit_code": result.exit_code, "seconds": round(result.seconds, 2), "output_tail": tail}


def _smoke_dict(command: str, before: Candidate, after: Candidate | None) -> dict:
    b, a = before.smoke, after.smoke if after is not None else None
    return {"command": command, "before": _run_dict(b), "after": _run_dict(a),
            "passed": bool(b and b.ok and a and a.ok)}


def _reasons_of(dropped: list[dict]) -> list[str]:
    return [r for d in dropped for r in d.get("reasons", [])]


def _verified_message(report: Report) -> str:
    if report.saved:
        return f"verified: {human(report.saved['bytes'])} saved ({report.saved['percent']:.1f}%)"
    return "verified"


# ------------------------------------------------------------------------------ entry points


def _engine(engine: Engine | str | None) -> Engine:
    return engine if isinstance(engine, Engine) else Engine(engine)


def verify(
    path: str,
    text: str | None = None,
    *,
    unsafe_fixes: bool = False,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    options: Options | None = None,
    passes: tuple[Pass, ...] | None = None,
    smoke: str | None = None,
    context: str | None = None,
    engine: Engine | str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    keep_images: bool = False,
    repair: bool = False,
    log: BuildLog | str | None = None,
    progress: Progress | None = None,
) -> Report:
    """Verify one Dockerfile (read from `path` unless `text` is given). Raises EngineError
    when no engine answers."""
    if text is None:
        text = Path(path).read_text(encoding="utf-8")
    settings = Settings(unsafe_fixes=unsafe_fixes, select=select, ignore=ignore, options=options, passes=passes,
                        smoke=smoke, context=context, timeout=timeout, keep_images=keep_images, repair=repair)
    eng = _engine(engine)
    eng.ping()
    own_log = not isinstance(log, BuildLog)
    build_log = log if isinstance(log, BuildLog) else BuildLog(log)
    try:
        return Job(path, text, settings, eng, build_log, progress or Progress()).run()
    finally:
        if own_log:
            build_log.close()


def verify_all(
    items: list[tuple[str, str, Settings]],
    engines: list[Engine],
    jobs: int,
    log: BuildLog,
    progress: Progress,
) -> list[Report]:
    """Verify (path, text, settings) items with `jobs` workers; worker k builds on engine
    k mod len(engines) and takes the next Dockerfile from a shared queue."""
    reports: list[Report | None] = [None] * len(items)
    work: queue.Queue[int] = queue.Queue()
    for i in range(len(items)):
        work.put(i)

    def worker(k: int) -> None:
        engine = engines[k % len(engines)]
        while True:
            try:
                i = work.get_nowait()
            except queue.Empty:
                return
            path, text, settings = items[i]
            try:
                reports[i] = Job(path, text, settings, engine, log, progress).run()
            except Exception as exc:  # one file's surprise must not lose the others
                r = Report(path=path, engine=engine.name, log=log.path)
                r.error(f"internal error: {type(exc).__name__}: {exc}")
                reports[i] = r

    count = max(1, min(jobs, len(items)))
    threads = [threading.Thread(target=worker, args=(k,), name=f"dockslim-verify-{k}", daemon=True)
               for k in range(count)]
    for t in threads:
        t.start()
    try:
        for t in threads:
            while t.is_alive():
                t.join(0.5)
    except KeyboardInterrupt:
        # stop the builds (they run in sessions of their own), let each job remove its images
        while not work.empty():
            try:
                work.get_nowait()
            except queue.Empty:
                break
        cancel_all()
        for t in threads:
            t.join(60)
        raise
    return [r for r in reports if r is not None]


# ------------------------------------------------------------------------------ rendering


def human(n: int | None) -> str:
    if n is None:
        return "-"
    sign = "-" if n < 0 else ""
    n = abs(n)
    if n >= 1e9:
        return f"{sign}{n / 1e9:,.2f} GB"
    if n >= 1e6:
        return f"{sign}{n / 1e6:,.1f} MB"
    if n >= 1e3:
        return f"{sign}{n / 1e3:,.1f} kB"
    return f"{sign}{n} B"


def plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def to_json(reports: list[Report], log: str | None = None) -> str:
    return json.dumps({"schema": SCHEMA, "log": log, "reports": [r.to_dict() for r in reports]}, indent=2)


def render_text(reports: list[Report]) -> str:
    out: list[str] = []
    for r in reports:
        out.append(f"{r.path}: {r.status}" + (f" - {r.message}" if r.message else ""))
        out += [f"  note: {note}" for note in r.notes]
        if r.engine:
            out.append(f"  engine    {r.engine}")
        for section in (_text_sizes, _text_checks, _text_changes, _text_passes, _text_layers, _text_files,
                        _text_libraries):
            out += section(r)
        if r.log:
            out.append(f"  log       {r.log}")
        out.append("")
    return "\n".join(out)


def _text_sizes(r: Report) -> list[str]:
    out: list[str] = []
    if r.before and r.after:
        b, a = r.before, r.after
        out.append(f"  before    {human(b['size']):>12}  {b['layers'] or '-':>3} layers  built in {b['build_seconds']:.1f}s  {b['image']}")
        out.append(f"  after     {human(a['size']):>12}  {a['layers'] or '-':>3} layers  built in {a['build_seconds']:.1f}s  {a['image']}"
                   + ("" if a["built"] else f"  (build failed: {a['error']})"))
    if r.saved:
        out.append(f"  saved     {human(r.saved['bytes']):>12}  ({r.saved['percent']:.1f}%)")
    return out


def _text_checks(r: Report) -> list[str]:
    out: list[str] = []
    if r.config is not None and r.config["same"]:
        out.append("  config    unchanged")
    elif r.config is not None:
        out += [f"  config    CHANGED {c['field']}: {c['before']!r} -> {c['after']!r}" for c in r.config["changes"]]
    if r.smoke:
        sb, sa = r.smoke["before"], r.smoke["after"]
        state = "passed" if r.smoke["passed"] else "FAILED"
        codes = f"exit {sb['exit_code'] if sb else '-'} before, {sa['exit_code'] if sa else '-'} after"
        out.append(f"  smoke     {state} ({codes}): {r.smoke['command']}")
    elif r.before and r.after:
        out.append("  smoke     not run (no --smoke command)")
    return out


def _text_changes(r: Report) -> list[str]:
    """The repair rounds, then the passes blamed or dropped."""
    out = [f"  repair    round {step['round']}: "
           + (f"added {', '.join(step['added'])} ({step['reason']})" if step["added"] else step["reason"])
           for step in r.repairs]
    verb = "dropped" if r.dropped else "responsible"
    out += [f"  {verb:<9} {d['code']} {d.get('name', '')}: {'; '.join(d['reasons'])}" for d in r.responsible]
    return out


def _text_passes(r: Report) -> list[str]:
    if not r.passes:
        return []
    out = ["  per pass (cumulative rebuilds)"]
    for p in r.passes:
        saved = f"{human(p['saved_bytes']):>12}  ({p['saved_percent']:.1f}%)" if p["saved_bytes"] is not None else "  build failed"
        out.append(f"    {p['code']:<7} {p['name'][:28]:<28} {saved}")
    return out


def _text_layers(r: Report) -> list[str]:
    if not r.layers:
        return []
    base = f"; base {r.base['image']}: {r.base['history_entries']} entries, {human(r.base['size'])}" if r.base else ""
    out = [f"  layers (instruction -> bytes{base})"]
    for row in r.layers:
        left = row["before"] or {"instruction": "", "bytes": None}
        right = row["after"] or {"instruction": "", "bytes": None}
        mark = {"same": " ", "size": "~", "changed": "*", "removed": "-", "added": "+"}[row["change"]]
        out.append(
            f"   {mark} {_clip(left['instruction'], 44):<44} {human(left['bytes']) if row['before'] else '':>10} | "
            f"{_clip(right['instruction'], 44):<44} {human(right['bytes']) if row['after'] else '':>10}"
        )
    return out


def _text_files(r: Report) -> list[str]:
    fs = r.filesystem
    if not fs:
        return []
    if "error" in fs:
        return [f"  filesystem: {fs['error']}"]
    out = [f"  removed   {plural(fs['removed_files'], 'file')}, {human(fs['removed_bytes'])}"
           f"; added {plural(fs['added_files'], 'file')}, {human(fs['added_bytes'])}"
           f"; {plural(fs['changed_files'], 'file')} changed size (net {human(-fs['changed_bytes_saved'])})"]
    out += [f"    {_clip(g['path'], 50):<50} {human(g['bytes']):>12} {plural(g['files'], 'file'):>12}"
            for g in fs["top_removed"]]
    return out


def _text_libraries(r: Report) -> list[str]:
    rl = r.runtime_libraries
    if not rl:
        return []
    if rl.get("error"):
        return [f"  runtime   not checked: {rl['error']}"]
    needed = ", ".join(rl["needed"]) or "nothing beyond the base image"
    state = f"MISSING {', '.join(rl['missing'])}" if rl["missing"] else "all installed"
    taken = f" ({', '.join(rl['scanned'])})" if rl.get("scanned") else ""
    return [f"  runtime   what the final stage takes from the builder{taken} links against: {needed}; {state}"]


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(reports: list[Report]) -> str:
    out: list[str] = []
    for r in reports:
        out += [f"### dockslim verify: `{r.path}` — {r.status}", ""]
        if r.message:
            out += [_md(r.message), ""]
        for note in r.notes:
            out += [f"> Note: {_md(note)}", ""]
        for section in (_md_sizes, _md_checks, _md_changes, _md_passes, _md_layers, _md_files, _md_libraries):
            out += section(r)
    return "\n".join(out)


def _md_sizes(r: Report) -> list[str]:
    if not (r.before and r.after):
        return []
    b, a = r.before, r.after
    change = f"{human(-r.saved['bytes'])} ({-r.saved['percent']:.1f}%)" if r.saved else "-"
    dl = (a["layers"] - b["layers"]) if a["layers"] is not None and b["layers"] is not None else None
    return ["| | before | after | change |", "|---|---:|---:|---:|",
            f"| image size | {human(b['size'])} | {human(a['size'])} | {change} |",
            f"| layers | {b['layers'] or '-'} | {a['layers'] or '-'} | {dl if dl is not None else '-'} |",
            f"| build time | {b['build_seconds']:.1f} s | {a['build_seconds']:.1f} s | |", ""]


def _md_checks(r: Report) -> list[str]:
    out: list[str] = []
    if r.config is not None and r.config["same"]:
        out += [f"**Image config:** unchanged ({', '.join(r.config['fields'])}).", ""]
    elif r.config is not None:
        out += ["**Image config changed:** " + ", ".join(
            f"`{c['field']}` {_md(json.dumps(c['before']))} → {_md(json.dumps(c['after']))}" for c in r.config["changes"]), ""]
    if r.smoke:
        state = "passed in both images" if r.smoke["passed"] else "**failed**"
        out += [f"**Smoke test** (`{_md(r.smoke['command'])}`, no network): {state}.", ""]
    elif r.before and r.after:
        out += ["**Smoke test:** not run (no `--smoke` command).", ""]
    return out


def _md_changes(r: Report) -> list[str]:
    out: list[str] = []
    if r.repairs:
        out += ["**Repaired runtime stage:**", ""]
        out += [f"- round {step['round']}: " + (f"added `{'`, `'.join(step['added'])}` ({_md(step['reason'])})"
                                                if step["added"] else _md(step["reason"])) for step in r.repairs]
        out.append("")
    if r.responsible:
        out += ["| pass | fix | " + ("dropped because" if r.dropped else "fails because") + " |", "|---|---|---|"]
        out += [f"| {d['code']} {d.get('name', '')} | {_md('; '.join(d.get('titles', [])))} | {_md('; '.join(d['reasons']))} |"
                for d in r.responsible]
        out.append("")
    return out


def _md_passes(r: Report) -> list[str]:
    if not r.passes:
        return []
    out = ["#### Bytes saved per pass", "", "| pass | fixes | image after | saved |", "|---|---|---:|---:|"]
    for p in r.passes:
        saved = f"{human(p['saved_bytes'])} ({p['saved_percent']:.1f}%)" if p["saved_bytes"] is not None else "build failed"
        out.append(f"| {p['code']} {p['name']} | {_md('; '.join(p['titles']))} | {human(p['size'])} | {saved} |")
    return out + [""]


def _md_layers(r: Report) -> list[str]:
    if not r.layers:
        return []
    out = ["#### Layers", ""]
    if r.base:
        out += [f"Base image `{r.base['image']}`: {r.base['history_entries']} history entries, {human(r.base['size'])}.", ""]
    out += ["| before | bytes | after | bytes |", "|---|---:|---|---:|"]
    for row in r.layers:
        left, right = row["before"], row["after"]
        out.append(
            f"| {'`' + _md(_clip(left['instruction'], 70)) + '`' if left else ''} | {human(left['bytes']) if left else ''} "
            f"| {'`' + _md(_clip(right['instruction'], 70)) + '`' if right else ''} | {human(right['bytes']) if right else ''} |"
        )
    return out + [""]


def _md_files(r: Report) -> list[str]:
    fs = r.filesystem
    if not fs or "error" in fs or not fs["top_removed"]:
        return []
    out = ["#### Removed from the image's filesystem", "",
           f"{plural(fs['removed_files'], 'file')}, {human(fs['removed_bytes'])}.", "",
           "| directory | bytes | files |", "|---|---:|---:|"]
    out += [f"| `{_md(g['path'])}` | {human(g['bytes'])} | {g['files']:,} |" for g in fs["top_removed"]]
    return out + [""]


def _md_libraries(r: Report) -> list[str]:
    rl = r.runtime_libraries
    if not rl:
        return []
    if rl.get("error"):
        return [f"**Runtime libraries:** not checked: {_md(rl['error'])}.", ""]
    needed = ", ".join(f"`{p}`" for p in rl["needed"]) or "nothing beyond the base image"
    state = ("**missing from the final image: " + ", ".join(f"`{p}`" for p in rl["missing"]) + "**"
             if rl["missing"] else "all installed in the final image")
    taken = " (" + ", ".join(f"`{t}`" for t in rl["scanned"]) + ")" if rl.get("scanned") else ""
    return [f"**Runtime libraries** (packages that what the final stage takes from the builder{taken} links against): "
            f"{needed}; {state}.", ""]


def measure(path: str, original: str, fixed: str, engine: Engine | str | None = None,
            timeout: float = DEFAULT_TIMEOUT) -> dict | None:
    """The pull-request bot's question: image sizes of `original` and `fixed`, built from the
    Dockerfile's folder. {"before": bytes, "after": bytes}; {"ok": False, "reason": ...} when
    the rewrite does not build or changes the image config; None when nothing can be measured
    (no engine, or the original does not build)."""
    try:
        eng = _engine(engine)
        eng.ping()
    except EngineError:
        return None
    context = os.path.dirname(os.path.abspath(path))
    digest = hashlib.sha256(f"{path}\0{original}\0{fixed}".encode("utf-8", "surrogatepass")).hexdigest()[:12]
    tags, images = [], {}
    with tempfile.TemporaryDirectory(prefix="dockslim-measure-") as tmp:
        try:
            for label, text in (("before", original), ("after", fixed)):
                dockerfile = os.path.join(tmp, label, os.path.basename(path))
                os.makedirs(os.path.dirname(dockerfile))
                Path(dockerfile).write_text(text, encoding="utf-8")
                tag = f"dockslim-verify/{digest}:{label}"
                result = eng.build(dockerfile, context, tag, timeout, lambda line: None)
                if not result.ok:
                    return None if label == "before" else {"ok": False, "reason": f"the rewrite does not build: {result.error}"}
                tags.append(tag)
                images[label] = eng.inspect(tag)
        finally:
            eng.remove_images(tags)
    changes = config_changes(images["before"].get("Config") or {}, images["after"].get("Config") or {},
                             inherited_config(eng, _final_base(original)), inherited_config(eng, _final_base(fixed)))
    if changes:
        return {"ok": False, "reason": f"the rewrite changes the image config ({', '.join(c['field'] for c in changes)})"}
    return {"before": int(images["before"].get("Size") or 0), "after": int(images["after"].get("Size") or 0)}
