"""The `dockslim` command line. Exit codes: 0 nothing found or nothing to change,
1 findings or a non-empty diff, 2 an error (other files in the run are still processed).
Notes (why a pass left something alone) never change the exit code."""

from __future__ import annotations

import argparse
import json
import os
import sys

from . import files
from .arguments import Parser, directory, say, several
from .config import ConfigError

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
        say(f"dockslim: error: {path}: {reason}", err=True)

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


def _common(parser: Parser) -> None:
    several(parser, "--select", help="Only these rule codes or prefixes (comma-separated).")
    several(parser, "--ignore", help="Skip these rule codes or prefixes (comma-separated).")
    parser.add_argument("--strategy", choices=["cleanup", "cache-mounts"], default=None,
                        help="Remove caches in the layer (cleanup) or keep them in BuildKit cache mounts.")
    parser.add_argument("--show-notes", action="store_true",
                        help="Also show notes: why a pass left something alone (never counted as findings).")


# name: (module, function, summary); a command's module loads only when it runs, so that
# `check` and `fix` start fast (the bot brings an HTTP client, verify an engine client, lsp a
# language server)
COMMANDS = {
    "bot": ("dockslim.bot", "bot_command", "Open (or update, or close) one pull request that makes the images of PATHS smaller."),
    "check": ("dockslim.cli", "check_command", "Report what could make the images of PATHS smaller."),
    "explain": ("dockslim.cli", "explain_command", "Show the documentation of a pass."),
    "fix": ("dockslim.cli", "fix_command", "Rewrite PATHS in place (safe fixes unless --unsafe-fixes)."),
    "lsp": ("dockslim.lsp", "lsp_command", "Run the language server for editors (LSP on stdio)."),
    "rules": ("dockslim.cli", "rules_command", "List the passes."),
    "verify": ("dockslim.verify.cli", "verify_command", "Build each Dockerfile of PATHS before and after `dockslim fix`."),
}
USAGE = "usage: dockslim [--version] [-h] COMMAND [ARGS]...\n"


def _help() -> str:
    lines = [USAGE, "Rewrite Dockerfiles so their images come out smaller, without breaking them.\n",
             "options:", "  --version   show the version and exit", "  -h, --help  show this message and exit\n",
             "commands:"]
    lines += [f"  {name:<8} {summary}" for name, (_, _, summary) in COMMANDS.items()]
    lines.append("\n`dockslim COMMAND --help` shows a command's options.")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    """`dockslim COMMAND ...`: runs the command (which exits with its code)."""
    argv = sys.argv[1:] if argv is None else [str(a) for a in argv]
    if not argv:
        say(_help(), err=True, nl=False)
        sys.exit(EXIT_ERROR)
    name = argv[0]
    if name in ("-h", "--help"):
        say(_help(), nl=False)
        sys.exit(EXIT_CLEAN)
    if name == "--version":
        from . import __version__

        say(f"dockslim, version {__version__}")
        sys.exit(EXIT_CLEAN)
    if name not in COMMANDS:
        what = "option" if name.startswith("-") else "command"
        say(f"dockslim: error: no such {what} {name!r} (see `dockslim --help`)", err=True)
        sys.exit(EXIT_ERROR)
    module, function, _ = COMMANDS[name]
    if module == __name__:
        command = globals()[function]
    else:
        import importlib

        command = getattr(importlib.import_module(module), function)
    command(argv[1:], prog=f"dockslim {name}")


# Commands that leave nothing behind them (no engine, server or temporary folder): once they
# are done, the interpreter's teardown frees memory the process is about to give back anyway,
# a tenth of a cold start.
LEAVE_AT_ONCE = ("check", "fix", "rules", "explain")


def entry() -> None:
    """The `dockslim` console script: `main`, and after a command of LEAVE_AT_ONCE the process
    ends as soon as its output is flushed. A reader that stops reading (`| head`) ends the
    command quietly, as it ends `cat`."""
    try:
        if sys.argv[1:2] and sys.argv[1] not in LEAVE_AT_ONCE:
            main()
            return
        try:
            main()
            code = EXIT_CLEAN
        except SystemExit as exc:
            if not isinstance(exc.code, int):
                raise
            code = exc.code
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        # Python would try to flush stdout once more at exit and print a second error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(EXIT_ERROR)
    os._exit(code)


def check_command(argv: list[str] | None = None, prog: str = "dockslim check") -> None:
    """Report what could make the images of PATHS smaller."""
    parser = Parser(prog, check_command.__doc__)
    parser.add_argument("paths", nargs="*", metavar="PATHS")
    _common(parser)
    parser.add_argument("--format", dest="fmt", choices=["text", "json", "sarif", "github"], default="text",
                        help="sarif: a SARIF 2.1.0 log for code scanning; github: workflow-command annotations. "
                             "[default: text]")
    parser.add_argument("--exit-zero", action="store_true", help="Exit 0 even when there are findings.")
    parser.add_argument("--context", type=directory, default=None,
                        help="Build context whose requirement files and manifests the passes read (default: each Dockerfile's folder).")
    a = parser.parse(argv)
    check(tuple(a.paths), tuple(a.select), tuple(a.ignore), a.strategy, a.show_notes, a.fmt, a.exit_zero, a.context)


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
                say(line)
        elif fmt == "json":
            tree = parse(source.text) if result.findings or result.notes else None
            report.extend(_finding_dict(f, source.path, tree) for f in result.findings)
            notes.extend(_finding_dict(n, source.path, tree) for n in result.notes)
        else:
            for f in sorted((*result.findings, *shown), key=lambda f: (f.start, f.code)):
                say(_text_line(source.path, f))
    run.findings = len(found)
    if fmt == "json":
        say(json.dumps({"findings": report, "notes": notes}, indent=2))
    elif fmt == "sarif":
        say(json.dumps(to_sarif(checked, errors=run.failed, docs_url=_docs_url()), indent=2))
    if fmt == "github":
        for path, reason in run.failed:
            say(github_error(path, reason))
    if fmt != "json" and run.findings:
        safe = sum(1 for f in found if f.fix and f.fix.applicability.name == "SAFE")
        unsafe = sum(1 for f in found if f.fix and f.fix.applicability.name == "UNSAFE")
        say(
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


def fix_command(argv: list[str] | None = None, prog: str = "dockslim fix") -> None:
    """Rewrite PATHS in place (safe fixes unless --unsafe-fixes)."""
    from .verify.fix_options import add_fix_verify_options, verify_request

    parser = Parser(prog, fix_command.__doc__)
    parser.add_argument("paths", nargs="*", metavar="PATHS")
    _common(parser)
    add_fix_verify_options(parser)
    parser.add_argument("--diff", dest="show_diff", action="store_true",
                        help="Print a unified diff and write nothing; exit 1 if it is not empty or a fix was left out.")
    parser.add_argument("--unsafe-fixes", action=argparse.BooleanOptionalAction, default=None,
                        help="Also apply fixes that may change what is installed.")
    a = parser.parse(argv)
    fix(tuple(a.paths), tuple(a.select), tuple(a.ignore), a.strategy, a.show_notes, a.show_diff, a.unsafe_fixes,
        verify_request(a, parser), a.verify_context)


def fix(paths, select, ignore, strategy, show_notes, show_diff, unsafe_fixes, verify, context) -> None:
    """Rewrite PATHS in place (safe fixes unless --unsafe-fixes)."""
    if verify is not None:
        from .verify.cli import fix_verified

        sys.exit(fix_verified(paths, select, ignore, strategy, unsafe_fixes, show_diff, verify))
    from .optimizer.diff import unified_diff
    from . import fix as run_fix

    def work(source):
        sel, ign, options, unsafe = _settings(source.path, select, ignore, strategy, unsafe_fixes, context)
        return run_fix(source.text, unsafe_fixes=unsafe, select=sel, ignore=ign, options=options, estimates=False)

    run, remaining, dropped = Run(), 0, 0
    for source, result in _each(paths, run, work):
        for d in result.dropped:
            say(f"dockslim: {source.path}: dropped {d.finding.code} fix ({d.finding.fix.title}): {d.reason}", err=True)
        dropped += len(result.dropped)  # a fix that could not be made leaves its finding
        remaining += sum(1 for f in result.remaining if f.fix is None or f.fix.applicability.name != "SAFE")
        for n in result.notes if show_notes else ():  # positions in the rewritten text
            say(_text_line(source.path, n), err=True)
        if source.path == files.STDIN and not show_diff:
            say(result.text, nl=False)  # a filter: the text goes out, changed or not
        if not result.changed:
            continue
        run.changed += 1
        if show_diff:
            say(unified_diff(result.original, result.text, source.path), nl=False)
        elif source.path != files.STDIN:
            try:
                files.write_atomic(source.path, result.text)
            except OSError as exc:
                run.error(source.path, f"cannot write: {exc.strerror or exc}")
                continue
            say(f"fixed {source.path} ({len(result.applied)} fix{'es' * (len(result.applied) != 1)})", err=True)
    if not show_diff and not run.changed and not run.errors:
        say("nothing to change", err=True)
    dirty = bool(run.changed if show_diff else remaining) or bool(dropped)
    sys.exit(run.exit_code(dirty))


def rules_command(argv: list[str] | None = None, prog: str = "dockslim rules") -> None:
    """List the passes."""
    Parser(prog, rules_command.__doc__).parse(argv)
    from .transforms import registry

    for p in registry():
        fix = {1: "safe", 2: "unsafe", 3: "display"}[int(p.spec.applicability)] if p.spec.fixable else "none"
        say(f"{p.code}  {p.spec.name:<28} {p.spec.phase.name.lower():<9} fix up to: {fix:<7} {p.spec.summary}")


def explain_command(argv: list[str] | None = None, prog: str = "dockslim explain") -> None:
    """Show the documentation of a pass."""
    parser = Parser(prog, explain_command.__doc__)
    parser.add_argument("code", metavar="CODE")
    code = parser.parse(argv).code
    from .transforms import find_pass

    p = find_pass(code)
    if p is None:
        say(f"dockslim: error: no rule {code!r} (see `dockslim rules`)", err=True)
        sys.exit(EXIT_ERROR)
    say(f"{p.code} {p.spec.name}\n")
    say(p.doc.split("\n", 1)[1].strip() if "\n" in p.doc else p.doc)


if __name__ == "__main__":  # pragma: no cover
    entry()
