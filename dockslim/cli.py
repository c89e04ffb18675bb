"""The `dockslim` command line. Exit codes: 0 nothing found or nothing to change,
1 findings or a non-empty diff, 2 an error (other files in the run are still processed).
Notes (why a pass left something alone) never change the exit code."""

from __future__ import annotations

import json
import os
import sys

import click

from . import files
from .config import ConfigError
from .verify.fix_options import fix_verify_options

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class Run:
    """What one command did across its files (a plain class: a dataclass costs a millisecond
    of start-up)."""

    def __init__(self) -> None:
        self.errors = self.findings = self.changed = 0
        self.failed: list[tuple[str, str]] = []  # (path, reason) per error

    def error(self, path: str, reason: str) -> None:
        self.errors += 1
        self.failed.append((path, reason))
        click.echo(f"dockslim: error: {path}: {reason}", err=True)

    def exit_code(self, dirty: bool) -> int:
        return EXIT_ERROR if self.errors else (EXIT_FINDINGS if dirty else EXIT_CLEAN)


def _settings(path: str, select, ignore, strategy, unsafe: bool | None, context: str | None = None):
    from .api import settings_for

    found = settings_for(path, context=context, select=select, ignore=ignore, strategy=strategy, unsafe=unsafe)
    return found.select, found.ignore, found.options, found.unsafe_fixes


def _internal(run: Run, path: str, exc: Exception) -> None:
    """An unexpected error: one line, the run goes on (DOCKSLIM_DEBUG=1 re-raises)."""
    if os.environ.get("DOCKSLIM_DEBUG") == "1":
        raise exc
    run.error(path, f"internal error: {type(exc).__name__}: {exc}")


def _each(paths: tuple[str, ...], run: Run, work):
    """(source, work(source)) for every file that can be read and worked on; every other
    file gets its one line on stderr and the run goes on."""
    from . import InputError

    for source in _sources(paths, run):
        try:
            result = work(source)
        except (InputError, ConfigError) as exc:
            run.error(source.path, str(exc))
            continue
        except Exception as exc:
            _internal(run, source.path, exc)
            continue
        yield source, result


def _sources(paths: tuple[str, ...], run: Run):
    for path, problem in files.discover(list(paths) or ["."]):
        if problem is not None:
            run.error(path, str(problem))
            continue
        try:
            yield files.read(path)
        except files.FileError as exc:
            run.error(path, str(exc))


common = [
    click.option("--select", multiple=True, help="Only these rule codes or prefixes (comma-separated)."),
    click.option("--ignore", multiple=True, help="Skip these rule codes or prefixes (comma-separated)."),
    click.option("--strategy", type=click.Choice(["cleanup", "cache-mounts"]), default=None,
                 help="Remove caches in the layer (cleanup) or keep them in BuildKit cache mounts."),
    click.option("--show-notes", is_flag=True,
                 help="Also show notes: why a pass left something alone (never counted as findings)."),
]


def with_common(fn):
    for option in reversed(common):
        fn = option(fn)
    return fn


class LazyGroup(click.Group):
    """Commands whose modules load only when they run, so that `check` and `fix` start fast
    (the bot brings an HTTP client, verify an engine client, lsp a language server)."""

    LAZY = {
        "bot": "dockslim.bot:bot_command",
        "lsp": "dockslim.lsp:lsp_command",
        "verify": "dockslim.verify.cli:verify_command",
    }

    def list_commands(self, ctx):
        return sorted({*super().list_commands(ctx), *self.LAZY})

    def get_command(self, ctx, name):
        if name in self.LAZY and name not in self.commands:
            import importlib

            module, attr = self.LAZY[name].split(":")
            self.add_command(getattr(importlib.import_module(module), attr), name)
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dockslim")
def main() -> None:
    """Rewrite Dockerfiles so their images come out smaller, without breaking them."""


@main.command()
@click.argument("paths", nargs=-1)
@with_common
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sarif", "github"]), default="text",
              show_default=True, help="sarif: a SARIF 2.1.0 log for code scanning; github: workflow-command annotations.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--context", type=click.Path(file_okay=False), default=None,
              help="Build context whose requirement files and manifests the passes read (default: each Dockerfile's folder).")
def check(paths, select, ignore, strategy, show_notes, fmt, exit_zero, context) -> None:
    """Report what could make the images of PATHS smaller."""
    from . import review
    from .optimizer.syntax import parse
    from .report_formats import github_error, to_github, to_sarif

    def work(source):
        sel, ign, options, _ = _settings(source.path, select, ignore, strategy, None, context)
        return review(source.text, select=sel, ignore=ign, options=options)

    run, found, report, notes, checked = Run(), [], [], [], []
    for source, result in _each(paths, run, work):
        shown = result.notes if show_notes else ()
        found.extend(result.findings)
        if fmt == "sarif":
            checked.append((source.path, source.text, result.findings, result.notes))
        elif fmt == "github":
            for line in to_github(source.path, result.findings, source.text, notes=shown):
                click.echo(line)
        elif fmt == "json":
            tree = parse(source.text) if result.findings or result.notes else None
            report.extend(_finding_dict(f, source.path, tree) for f in result.findings)
            notes.extend(_finding_dict(n, source.path, tree) for n in result.notes)
        else:
            for f in sorted((*result.findings, *shown), key=lambda f: (f.start, f.code)):
                click.echo(_text_line(source.path, f))
    run.findings = len(found)
    if fmt == "json":
        click.echo(json.dumps({"findings": report, "notes": notes}, indent=2))
    elif fmt == "sarif":
        click.echo(json.dumps(to_sarif(checked, errors=run.failed, docs_url=_docs_url()), indent=2))
    if fmt == "github":
        for path, reason in run.failed:
            click.echo(github_error(path, reason))
    if fmt != "json" and run.findings:
        safe = sum(1 for f in found if f.fix and f.fix.applicability.name == "SAFE")
        unsafe = sum(1 for f in found if f.fix and f.fix.applicability.name == "UNSAFE")
        click.echo(
            f"Found {run.findings} finding{'s' * (run.findings != 1)}: {safe} fixable with `dockslim fix`"
            + (f", {unsafe} more with `--unsafe-fixes`" if unsafe else "") + ".",
            err=True,
        )
    sys.exit(EXIT_ERROR if run.errors else (EXIT_CLEAN if exit_zero or not run.findings else EXIT_FINDINGS))


def _docs_url() -> str | None:
    """`docs-url` of the working folder's configuration (where a SARIF log's paths start)."""
    from .config import config_for

    try:
        return config_for(files.STDIN).docs_url
    except ConfigError:
        return None  # already reported for each file


def _text_line(path: str, f) -> str:
    """`path:line:column: CODE message`, marked with what fixes it, or `CODE note: ...`."""
    if f.note:
        return f"{path}:{f.begin_pos.line}:{f.begin_pos.column}: {f.code} note: {f.message}"
    how = f.fix.applicability.name if f.fix else None
    mark = {"SAFE": " [*]", "UNSAFE": " [unsafe fix]"}.get(how, "")
    from .optimizer.estimate import human

    worth = f" ({human(f.estimated_bytes)})" if f.estimated_bytes else ""
    return f"{path}:{f.begin_pos.line}:{f.begin_pos.column}: {f.code} {f.message}{worth}{mark}"


def _finding_dict(f, path: str, tree) -> dict:
    def pos(offset: int) -> dict:
        line, col = tree.position(offset)
        return {"line": line, "column": col}

    return {
        "code": f.code,
        "message": f.message,
        "path": path,
        "line": f.begin_pos.line,
        "column": f.begin_pos.column,
        "end_line": f.end_pos.line,
        "end_column": f.end_pos.column,
        "estimated_bytes": f.estimated_bytes,
        "fix": None if f.fix is None else {
            "applicability": str(f.fix.applicability),
            "title": f.fix.title,
            "edits": [
                {"start": pos(e.start), "end": pos(e.end), "content": e.text}
                for e in sorted(f.fix.edits)
            ],
        },
    }


@main.command()
@click.argument("paths", nargs=-1)
@with_common
@fix_verify_options
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff and write nothing; exit 1 if it is not empty.")
@click.option("--unsafe-fixes/--no-unsafe-fixes", default=None, help="Also apply fixes that may change what is installed.")
def fix(paths, select, ignore, strategy, show_notes, show_diff, unsafe_fixes, verify, context) -> None:
    """Rewrite PATHS in place (safe fixes unless --unsafe-fixes)."""
    if verify is not None:
        from .verify.cli import fix_verified

        sys.exit(fix_verified(paths, select, ignore, strategy, unsafe_fixes, show_diff, verify))
    from .optimizer.diff import unified_diff
    from . import fix as run_fix

    def work(source):
        sel, ign, options, unsafe = _settings(source.path, select, ignore, strategy, unsafe_fixes, context)
        return run_fix(source.text, unsafe_fixes=unsafe, select=sel, ignore=ign, options=options)

    run, remaining = Run(), 0
    for source, result in _each(paths, run, work):
        for d in result.dropped:
            click.echo(f"dockslim: {source.path}: dropped {d.finding.code} fix ({d.finding.fix.title}): {d.reason}", err=True)
        remaining += sum(1 for f in result.remaining if f.fix is None or f.fix.applicability.name != "SAFE")
        for n in result.notes if show_notes else ():  # positions in the rewritten text
            click.echo(_text_line(source.path, n), err=True)
        if not result.changed:
            continue
        run.changed += 1
        if show_diff:
            click.echo(unified_diff(result.original, result.text, source.path), nl=False)
        elif source.path == files.STDIN:
            click.echo(result.text, nl=False)
        else:
            try:
                files.write_atomic(source.path, result.text)
            except OSError as exc:
                run.error(source.path, f"cannot write: {exc.strerror or exc}")
                continue
            click.echo(f"fixed {source.path} ({len(result.applied)} fix{'es' * (len(result.applied) != 1)})", err=True)
    if not show_diff and not run.changed and not run.errors:
        click.echo("nothing to change", err=True)
    dirty = bool(run.changed) if show_diff else bool(remaining)
    sys.exit(run.exit_code(dirty))


@main.command()
def rules() -> None:
    """List the passes."""
    from .transforms import registry

    for p in registry():
        fix = {1: "safe", 2: "unsafe", 3: "display"}[int(p.spec.applicability)] if p.spec.fixable else "none"
        click.echo(f"{p.code}  {p.spec.name:<28} {p.spec.phase.name.lower():<9} fix up to: {fix:<7} {p.spec.summary}")


@main.command()
@click.argument("code")
def explain(code: str) -> None:
    """Show the documentation of a pass."""
    from .transforms import find_pass

    p = find_pass(code)
    if p is None:
        click.echo(f"dockslim: error: no rule {code!r} (see `dockslim rules`)", err=True)
        sys.exit(EXIT_ERROR)
    click.echo(f"{p.code} {p.spec.name}\n")
    click.echo(p.doc.split("\n", 1)[1].strip() if "\n" in p.doc else p.doc)


if __name__ == "__main__":  # pragma: no cover
    main()
