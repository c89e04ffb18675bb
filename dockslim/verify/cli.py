"""`dockslim verify` and `dockslim fix --verify`: prove rewrites by rebuilding them.

`verify_command(argv)` is the `dockslim verify` command; `add_fix_verify_options` and
`verify_request` (fix_options.py) give `dockslim fix` its `--verify` options and turn them into
one VerifyRequest (None without --verify); `fix_verified` is what `fix` runs when it is set. Nothing here imports the engine code until a command runs, so `check` and `fix` work
without an engine.

Exit codes of `verify`: 0 every rewrite verified (or nothing to change), 1 a verification
failed (the rewrite does not build, changes the image config, fails the smoke command or
makes the image larger), 2 an error (no engine, the original does not build, unreadable
input). `fix --verify`: 0 verified and written, 1 fixes were dropped (the rest written) or
`--diff` shows changes, 2 an error (nothing written for that file).
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass

from .. import files
from ..arguments import Parser, at_least, directory, file_path, say, several
from ..config import ConfigError
from .fix_options import DEFAULT_TIMEOUT, add_fix_verify_options, verify_request  # noqa: F401 (the fix options live there)

EXIT_OK, EXIT_FAILED, EXIT_ERROR = 0, 1, 2


def _settings(path: str, select, ignore, strategy, unsafe: bool | None, context: str | None = None):
    """Command-line flags over `[tool.dockslim]` / `.dockslim.toml`, as `check` and `fix` do."""
    from ..api import settings_for

    found = settings_for(path, context=context, select=select, ignore=ignore, strategy=strategy, unsafe=unsafe)
    return found.select, found.ignore, found.options, found.unsafe_fixes


def _err(message: str) -> None:
    say(f"dockslim: error: {message}", err=True)


# ------------------------------------------------------------------------------ verify


def verify_command(argv: list[str] | None = None, prog: str = "dockslim verify") -> None:
    """Build each Dockerfile of PATHS before and after `dockslim fix` and prove the rewrite.

    Reports image sizes, bytes saved, layers side by side, the bytes each pass saved, that
    the image config is unchanged, that the smoke command passes in both images, and which
    files the rewrite removed. A folder means every Dockerfile below it.
    """
    parser = Parser(prog, verify_command.__doc__)
    add = parser.add_argument
    add("paths", nargs="+", metavar="PATHS")
    add("--context", type=directory, default=None, help="Build context (default: the folder of each Dockerfile).")
    add("--smoke", metavar="CMD", default=None,
        help="Shell command that must exit 0 in both images (run with `sh -c`, no network, entrypoint bypassed).")
    add("--unsafe-fixes", action=argparse.BooleanOptionalAction, default=None,
        help="Also apply fixes that may change what is installed.")
    several(parser, "--select", help="Only these rule codes or prefixes (comma-separated).")
    several(parser, "--ignore", help="Skip these rule codes or prefixes (comma-separated).")
    add("--strategy", choices=["cleanup", "cache-mounts"], default=None,
        help="Remove caches in the layer (cleanup) or keep them in BuildKit cache mounts.")
    add("--format", dest="fmt", choices=["text", "json", "markdown", "html"], default="text",
        help="html: one self-contained page with the layers as a chart. [default: text]")
    add("--output", "-o", type=file_path, default=None, help="Write the report to this file instead of standard output.")
    add("--keep-images", action="store_true", help="Keep the dockslim-verify/* images the builds made.")
    add("--timeout", type=at_least(1, float), default=DEFAULT_TIMEOUT,
        help=f"Seconds each build (and each smoke run) may take. [default: {DEFAULT_TIMEOUT}]")
    add("--jobs", "-j", type=at_least(1, int), default=None, help="Dockerfiles verified at once (default: one per engine).")
    several(parser, "--engine", dest="engines", metavar="ENDPOINT",
            help="Engine endpoint (unix:///var/run/docker.sock, tcp://...); repeat to spread the work. Default: $DOCKER_HOST.")
    add("--log", dest="log_path", type=file_path, default=None,
        help="Build log file (default: a new file under the temporary directory).")
    add("--quiet", "-q", action="store_true", help="No progress lines on stderr.")
    a = parser.parse(argv)
    _verify(tuple(a.paths), a.context, a.smoke, a.unsafe_fixes, tuple(a.select), tuple(a.ignore), a.strategy, a.fmt,
            a.output, a.keep_images, a.timeout, a.jobs, tuple(a.engines), a.log_path, a.quiet)


def _verify(paths, context, smoke, unsafe_fixes, select, ignore, strategy, fmt, output, keep_images, timeout, jobs,
            engines, log_path, quiet) -> None:
    from .builds import BuildLog, Progress, Settings
    from .engine import EngineError, find_engines
    from .report import Report
    from .run import verify_all

    try:
        engine_list = find_engines(list(engines))
    except EngineError as exc:
        _err(str(exc))
        sys.exit(EXIT_ERROR)
    if context is not None and not os.path.isdir(context):
        _err(f"--context {context}: not a directory")
        sys.exit(EXIT_ERROR)

    items, failed_inputs = [], []
    for path, problem in files.discover(list(paths)):
        if problem is not None:
            failed_inputs.append((path, str(problem)))
            continue
        try:
            source = files.read(path)
            sel, ign, options, unsafe = _settings(source.path, select, ignore, strategy, unsafe_fixes, context)
        except (files.FileError, ConfigError) as exc:
            failed_inputs.append((path, str(exc)))
            continue
        settings = Settings(unsafe_fixes=unsafe, select=sel, ignore=ign, options=options, smoke=smoke,
                            context=context, timeout=timeout, keep_images=keep_images)
        items.append((source.path, source.text, settings))

    log = BuildLog(log_path)
    progress = Progress(quiet=quiet)
    try:
        reports = verify_all(items, engine_list, jobs or len(engine_list), log, progress) if items else []
    finally:
        log.close()
    for path, reason in failed_inputs:
        r = Report(path=path, log=log.path)
        r.error(reason)
        reports.append(r)
        _err(f"{path}: {reason}")

    if output:
        _write_report(output, reports, log.path, fmt)
    else:
        say(_render(reports, log.path, fmt), nl=False)
    if not quiet:
        say(f"dockslim: build log: {log.path}", err=True)
    sys.exit(max((r.exit_code for r in reports), default=EXIT_OK))


# ------------------------------------------------------------------------------ fix --verify


@dataclass(frozen=True)
class VerifyRequest:
    smoke: str | None = None
    context: str | None = None
    engine: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    keep_images: bool = False
    log: str | None = None
    report: str | None = None  # write the report here (.json, .md, .html, anything else: text)


def fix_with_verify(path, text, unsafe_fixes=False, select=None, ignore=None, options=None, engine=None, smoke=None,
                    context=None, timeout=DEFAULT_TIMEOUT, *, passes=None, keep_images=False, log=None, progress=None):
    """Rewrite `text` and keep only what verifies on a real engine.

    Returns (final_text, report): final_text is the rewrite with the fixes of every pass
    that broke the image taken out (report.dropped says which and why), or `text` itself
    when nothing verified or there was an error (report.status == "error"; report.message
    says why, e.g. no engine, or the Dockerfile was already broken)."""
    from .engine import EngineError
    from .report import Report
    from .run import verify

    try:
        report = verify(
            path, text, unsafe_fixes=unsafe_fixes, select=select, ignore=ignore, options=options, passes=passes,
            smoke=smoke, context=context, engine=engine, timeout=timeout, keep_images=keep_images, repair=True,
            log=log, progress=progress,
        )
    except EngineError as exc:
        report = Report(path=path, final_text=text)
        report.error(str(exc))
    final = report.final_text if report.status == "verified" and report.final_text is not None else text
    return final, report


def fix_verified(paths, select, ignore, strategy, unsafe_fixes, show_diff, request: VerifyRequest, *, passes=None) -> int:
    """`dockslim fix --verify PATHS`: the exit code. Writes each file atomically, and only
    with fixes whose rebuilt image verified. `passes` replaces the registry (for tests)."""
    from ..optimizer.diff import unified_diff
    from .builds import BuildLog, Progress
    from .engine import Engine, EngineError

    try:
        engine = Engine(request.engine)
        engine.ping()
    except EngineError as exc:
        _err(str(exc))
        return EXIT_ERROR
    log = BuildLog(request.log)
    progress = Progress()
    reports, errors, dropped, changed = [], 0, 0, 0
    try:
        for path, problem in files.discover(list(paths) or ["."]):
            if problem is not None:
                _err(f"{path}: {problem}")
                errors += 1
                continue
            try:
                source = files.read(path)
                sel, ign, options, unsafe = _settings(source.path, select, ignore, strategy, unsafe_fixes, request.context)
            except (files.FileError, ConfigError) as exc:
                _err(f"{path}: {exc}")
                errors += 1
                continue
            final, report = fix_with_verify(
                source.path, source.text, unsafe, sel, ign, options, engine, request.smoke, request.context,
                request.timeout, passes=passes, keep_images=request.keep_images, log=log, progress=progress,
            )
            reports.append(report)
            if report.status == "error":
                _err(f"{source.path}: {report.message}; nothing written")
                errors += 1
                continue
            dropped += _tell_changes(source.path, report)
            if report.status == "failed":
                say(f"dockslim: {source.path}: {report.message}; nothing written", err=True)
                continue
            if final == source.text:
                continue
            changed += 1
            if show_diff:
                say(unified_diff(source.text, final, source.path), nl=False)
            elif source.path == files.STDIN:
                say(final, nl=False)
            else:
                try:
                    files.write_atomic(source.path, final)
                except OSError as exc:
                    _err(f"{source.path}: cannot write: {exc.strerror or exc}")
                    errors += 1
                    continue
                say(f"fixed {source.path} ({report.message})", err=True)
    finally:
        log.close()
    if request.report:
        _write_report(request.report, reports, log.path)
    say(f"dockslim: build log: {log.path}", err=True)
    if not show_diff and not changed and not errors and not dropped:
        say("nothing to change", err=True)
    if errors:
        return EXIT_ERROR
    return EXIT_FAILED if dropped or (show_diff and changed) else EXIT_OK


def _tell_changes(path: str, report) -> int:
    """One stderr line per package a repair added and per fix dropped; the number dropped."""
    for step in report.repairs:
        if step["added"]:
            say(f"dockslim: {path}: repair round {step['round']}: added {', '.join(step['added'])} "
                       f"to the runtime stage ({step['reason']})", err=True)
    for d in report.dropped:
        titles = "; ".join(d.get("titles") or [])
        say(f"dockslim: {path}: dropped {d['code']} fix ({titles}): {'; '.join(d['reasons'])}", err=True)
    return len(report.dropped)


_FORMAT_OF_SUFFIX = {".json": "json", ".md": "markdown", ".html": "html", ".htm": "html"}


def _render(reports: list, log_path: str, fmt: str) -> str:
    """The report in one of `verify --format`'s formats, ending with a newline."""
    from .render import render_markdown, render_text
    from .report import to_json

    if fmt == "html":
        from .report_html import render_html

        return render_html(reports)
    if fmt == "text":
        return render_text(reports)
    return (to_json(reports, log_path) if fmt == "json" else render_markdown(reports)) + "\n"


def _write_report(target: str, reports: list, log_path: str, fmt: str | None = None) -> None:
    """The verification report in `fmt`, or the format the file's suffix names (text otherwise)."""
    fmt = fmt or _FORMAT_OF_SUFFIX.get(os.path.splitext(target)[1].lower(), "text")
    with open(target, "w", encoding="utf-8") as handle:
        handle.write(_render(reports, log_path, fmt))
