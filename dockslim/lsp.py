"""The dockslim language server: findings as diagnostics while a Dockerfile is edited, and
code actions that apply fixes or add a suppression pragma.

Findings are warnings; notes (why a pass left something alone) are information, and a note
that a quick fix brought about itself (DS301 saying the file it just split has two stages)
is not shown: the server remembers the texts its fixes produce.

Run it with `dockslim lsp` (or `python -m dockslim.lsp`); it speaks the Language Server
Protocol on standard input and output. Settings come from the same `.dockslim.toml` or
`[tool.dockslim]` files as on the command line.

The pure parts (what to report, which edits to make, offsets to LSP positions) need no
LSP library; pygls is imported only when the server starts, so `dockslim check` does not
pay for it.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import unquote, urlparse

from . import files
from .api import Settings
from .api import forget_contexts
from .api import settings_for as api_settings
from .optimizer.estimate import human
from .optimizer.findings import Applicability, Edit, Finding, apply_edits
from .report_formats import LineIndex, rule_url

SOURCE = "dockslim"
FIX_ALL_KIND = "source.fixAll.dockslim"
QUICKFIX_KIND = "quickfix"
LANGUAGE_IDS = frozenset({"dockerfile", "containerfile"})
_LINE_IN_MESSAGE = re.compile(r"\bline (\d+)\b")
# the LSP position encodings, as LineIndex counts columns
_UNITS = {"utf-8": "utf-8", "utf-16": "utf-16", "utf-32": "utf-32"}

log = logging.getLogger("dockslim.lsp")


# --------------------------------------------------------------------------- what to report


def uri_path(uri: str) -> str | None:
    """The file system path of a file: URI, else None."""
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    path = unquote(parsed.path)
    if os.name == "nt" and re.match(r"^/[A-Za-z]:", path):  # pragma: no cover
        path = path[1:]
    return path


def is_dockerfile(uri: str, language_id: str | None) -> bool:
    """Documents the server checks: language id `dockerfile`, or a Dockerfile's name."""
    if language_id and language_id.lower() in LANGUAGE_IDS:
        return True
    name = unquote(urlparse(uri).path).rsplit("/", 1)[-1]
    return bool(name) and files.is_dockerfile_name(name)


@dataclass
class Analysis:
    """One version of a document, checked."""

    text: str
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None  # the reason it could not be checked
    error_line: int | None = None  # 0-based line the reason names
    settings: Settings = field(default_factory=Settings)
    notes: list[Finding] = field(default_factory=list)
    hidden: set[tuple[str, str]] = field(default_factory=set)  # (code, message) of notes not shown
    offered: dict[str, frozenset[str]] = field(default_factory=dict)  # text a fix makes -> its codes

    @cached_property
    def index(self) -> LineIndex:
        return LineIndex(self.text)

    @property
    def shown(self) -> list[Finding]:
        """Findings and the notes not hidden, in the order of the text."""
        notes = [n for n in self.notes if (n.code, n.message) not in self.hidden]
        return sorted((*self.findings, *notes), key=lambda f: (f.start, f.code))

    def followed_by(self, later: "Analysis") -> "Analysis":
        """`later` with the notes hidden that the fix which produced it brought about, and
        those hidden here that are still there."""
        from .api import caused_notes

        caused = caused_notes(self.offered.get(later.text, frozenset()), tuple(self.notes), tuple(later.notes))
        keys = {(n.code, n.message) for n in later.notes}
        later.hidden = {(n.code, n.message) for n in caused} | (self.hidden & keys)
        return later


def settings_for(path: str | None) -> Settings:
    """The settings of `path` (None: a document that is not a file), built as the command
    line builds them, the build context read anew. Raises ConfigError."""
    forget_contexts()
    return api_settings(path)


def analyze(text: str, path: str | None = None) -> Analysis:
    """Findings for `text`, or the one-line reason it cannot be checked."""
    from .config import ConfigError
    from . import InputError, review

    try:
        settings = settings_for(path)
    except ConfigError as exc:
        return Analysis(text, error=str(exc), error_line=None)
    try:
        found = review(text, select=settings.select, ignore=settings.ignore, options=settings.options)
    except InputError as exc:
        message = str(exc)
        m = _LINE_IN_MESSAGE.search(message)
        return Analysis(text, error=message, error_line=int(m.group(1)) - 1 if m else None, settings=settings)
    except Exception as exc:  # a bug must not take the editor's server down
        log.exception("check failed")
        return Analysis(text, error=f"internal error: {exc}", settings=settings)
    return Analysis(text, findings=list(found.findings), notes=list(found.notes), settings=settings)


def fix_all(analysis: Analysis):
    """What `dockslim fix` makes of the document (safe fixes, and unsafe ones when the
    configuration asks for them), or None when it cannot be checked."""
    from . import InputError, fix

    if analysis.error is not None:
        return None
    s = analysis.settings
    try:
        return fix(analysis.text, unsafe_fixes=s.unsafe_fixes, select=s.select, ignore=s.ignore, options=s.options)
    except InputError:
        return None


def minimal_edit(old: str, new: str) -> Edit | None:
    """The smallest single edit turning `old` into `new` (never inside a CR LF)."""
    if old == new:
        return None
    limit = min(len(old), len(new))
    head = 0
    while head < limit and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < limit - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    if 0 < head < len(old) and old[head - 1] == "\r" and old[head] == "\n":
        head -= 1
    end = len(old) - tail
    if 0 < end < len(old) and old[end - 1] == "\r" and old[end] == "\n":
        tail -= 1
        end += 1
    return Edit(head, end, new[head : len(new) - tail])


def disable_edit(text: str, offset: int, code: str) -> Edit | None:
    """The edit that silences `code` for the instruction at `offset`: a pragma line
    `# dockslim: ignore=CODE` above it (its indentation, the file's line ending), or the
    code added to a dockslim pragma already in the comment block right above it."""
    from .optimizer.pragmas import PRAGMA
    from .optimizer.syntax import ParseError, parse

    try:
        tree = parse(text)
    except ParseError:
        return None
    inst = tree.instruction_at(offset)
    if inst is None:
        return None
    # the comment block that touches the instruction, nearest line first
    pos = inst.start
    for line in reversed(re.split(r"(?<=\n)", text[inst.leading_start : inst.start])):
        if not line:
            continue
        pos -= len(line)
        body = line.rstrip("\r\n")
        if not body.strip():
            break
        m = PRAGMA.match(body)
        if m is None:
            continue
        codes = m.group("codes")
        if codes is None:
            return None  # `# dockslim: ignore` already silences everything here
        present = [c.strip().upper() for c in codes.split(",") if c.strip()]
        if code.upper() in present:
            return None
        written = codes.rstrip()
        sep = "" if not present or written.endswith(",") else (", " if ", " in codes else ",")
        return Edit.insert(pos + m.start("codes") + len(written), f"{sep}{code}")
    at, indent = inst.start, text[inst.start : inst.keyword_start]
    if at == 0 and text.startswith("\ufeff"):
        at, indent = 1, indent[1:]
    newline = inst.line_ending or tree.newline
    return Edit.insert(at, f"{indent}# dockslim: ignore={code}{newline}")


# --------------------------------------------------------------------------- the server


def _kind_wanted(kind: str, only: list[str] | None) -> bool:
    return not only or any(kind == o or kind.startswith(o + ".") for o in only)


class _Messages:
    """The protocol's messages for one client: positions in its encoding, diagnostics and
    code actions (``t`` is lsprotocol's types module, imported when the server starts)."""

    def __init__(self, t, ls) -> None:
        self.t = t
        self.ls = ls
        encoding = ls.workspace.position_encoding
        self.unit = _UNITS.get(getattr(encoding, "value", encoding) or "utf-16", "utf-16")

    def position(self, index: LineIndex, offset: int):
        line, character = index.position(offset, self.unit)
        return self.t.Position(line=line, character=character)

    def to_range(self, index: LineIndex, start: int, end: int):
        return self.t.Range(start=self.position(index, start), end=self.position(index, max(start, end)))

    def text_edit(self, index: LineIndex, edit: Edit):
        return self.t.TextEdit(range=self.to_range(index, edit.start, edit.end), new_text=edit.text)

    def diagnostic(self, analysis: Analysis, f: Finding):
        t = self.t
        return t.Diagnostic(
            range=self.to_range(analysis.index, f.start, f.end),
            message=f.message + (f" ({human(f.estimated_bytes)})" if f.estimated_bytes else ""),
            severity=t.DiagnosticSeverity.Information if f.note else t.DiagnosticSeverity.Warning,
            code=f.code,
            code_description=t.CodeDescription(href=rule_url(f.code, analysis.settings.docs_url)),
            source=SOURCE,
        )

    def diagnostics(self, analysis: Analysis) -> list:
        if analysis.error is None:
            return [self.diagnostic(analysis, f) for f in analysis.shown]
        index = analysis.index
        line = min(max(analysis.error_line or 0, 0), len(index.starts) - 1)
        start, end = index.starts[line], index.line_end(line)
        return [self.t.Diagnostic(
            range=self.to_range(index, start, end),
            message=analysis.error,
            severity=self.t.DiagnosticSeverity.Error,
            source=SOURCE,
        )]

    def workspace_edit(self, uri: str, index: LineIndex, edits: list[Edit]):
        t = self.t
        text_edits = [self.text_edit(index, e) for e in sorted(edits)]
        caps = self.ls.client_capabilities
        document_changes = bool(
            caps and caps.workspace and caps.workspace.workspace_edit
            and caps.workspace.workspace_edit.document_changes
        )
        if document_changes:
            version = self.ls.workspace.get_text_document(uri).version
            return t.WorkspaceEdit(document_changes=[t.TextDocumentEdit(
                text_document=t.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version),
                edits=text_edits,
            )])
        return t.WorkspaceEdit(changes={uri: text_edits})

    def quick_fixes(self, uri: str, analysis: Analysis, params) -> list:
        """A fix and a "disable" action for each finding in the range or among the
        diagnostics the client asks about (one "disable" per code and instruction)."""
        index = analysis.index
        lo = index.offset(params.range.start.line, params.range.start.character, self.unit)
        hi = index.offset(params.range.end.line, params.range.end.character, self.unit)
        asked = {
            (d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character)
            for d in params.context.diagnostics if d.source == SOURCE
        }
        actions: list = []
        disabled: set[tuple[str, int]] = set()
        for f in analysis.shown:
            diag = self.diagnostic(analysis, f)
            r = diag.range
            key = (f.code, r.start.line, r.start.character, r.end.line, r.end.character)
            if not (f.start <= hi and lo <= f.end) and key not in asked:
                continue
            if f.fix is not None and f.fix.edits and f.fix.applicability != Applicability.DISPLAY:
                actions.append(self.fix_action(uri, analysis, f, diag))
            where = (f.code, f.instruction_index if f.instruction_index is not None else -1)
            if where in disabled:
                continue
            disabled.add(where)
            edit = disable_edit(analysis.text, f.start, f.code)
            if edit is not None:
                actions.append(self.t.CodeAction(
                    title=f"Disable {f.code} for this instruction",
                    kind=self.t.CodeActionKind.QuickFix,
                    diagnostics=[diag],
                    edit=self.workspace_edit(uri, index, [edit]),
                ))
        return actions

    def fix_action(self, uri: str, analysis: Analysis, f: Finding, diag):
        """The action applying one finding's fix; the text it makes is remembered as offered."""
        safe = f.fix.applicability == Applicability.SAFE
        analysis.offered[apply_edits(analysis.text, f.fix.edits)] = frozenset({f.code})
        return self.t.CodeAction(
            title=f.fix.title if safe else f"{f.fix.title} (unsafe)",
            kind=self.t.CodeActionKind.QuickFix,
            diagnostics=[diag],
            is_preferred=safe,
            edit=self.workspace_edit(uri, analysis.index, list(f.fix.edits)),
        )

    def fix_all_actions(self, uri: str, analysis: Analysis) -> list:
        """A "fix all" action, when the safe fixes change the text."""
        result = fix_all(analysis)
        edit = minimal_edit(analysis.text, result.text) if result is not None else None
        if edit is None:
            return []
        analysis.offered[result.text] = frozenset(f.code for f in result.applied)
        return [self.t.CodeAction(
            title="Fix all dockslim findings",
            kind=FIX_ALL_KIND,
            edit=self.workspace_edit(uri, analysis.index, [edit]),
        )]


class _Documents:
    """The latest analysis of each open Dockerfile."""

    def __init__(self) -> None:
        self.analyses: dict[str, Analysis] = {}

    def current(self, ls, uri: str) -> Analysis | None:
        """The analysis of the document as it is now (recomputed when its text changed)."""
        doc = ls.workspace.get_text_document(uri)
        if not is_dockerfile(uri, doc.language_id):
            return None
        text = doc.source
        known = self.analyses.get(uri)
        if known is None or known.text != text:
            fresh = analyze(text, uri_path(uri))
            known = self.analyses[uri] = known.followed_by(fresh) if known is not None else fresh
        return known


def create_server():
    """The pygls server with dockslim's features registered."""
    from lsprotocol import types as t
    from pygls.lsp.server import LanguageServer

    from . import __version__

    server = LanguageServer("dockslim", __version__)
    documents = _Documents()

    def publish(ls, uri: str, fresh_config: bool = False) -> None:
        if fresh_config:
            from .config import config_for_dir

            config_for_dir.cache_clear()  # a configuration file may have changed
            documents.analyses.pop(uri, None)
        analysis = documents.current(ls, uri)
        if analysis is None:
            return
        doc = ls.workspace.get_text_document(uri)
        ls.text_document_publish_diagnostics(t.PublishDiagnosticsParams(
            uri=uri, diagnostics=_Messages(t, ls).diagnostics(analysis), version=doc.version,
        ))

    @server.feature(t.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls, params: t.DidOpenTextDocumentParams) -> None:
        publish(ls, params.text_document.uri, fresh_config=True)

    @server.feature(t.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls, params: t.DidChangeTextDocumentParams) -> None:
        publish(ls, params.text_document.uri)

    @server.feature(t.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls, params: t.DidSaveTextDocumentParams) -> None:
        publish(ls, params.text_document.uri, fresh_config=True)

    @server.feature(t.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls, params: t.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        if documents.analyses.pop(uri, None) is not None:
            ls.text_document_publish_diagnostics(t.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(
        t.TEXT_DOCUMENT_CODE_ACTION,
        t.CodeActionOptions(code_action_kinds=[t.CodeActionKind.QuickFix, FIX_ALL_KIND], resolve_provider=False),
    )
    def code_action(ls, params: t.CodeActionParams):
        uri = params.text_document.uri
        analysis = documents.current(ls, uri)
        if analysis is None or analysis.error is not None:
            return []
        messages = _Messages(t, ls)
        only = list(params.context.only) if params.context.only else None
        actions: list = []
        if _kind_wanted(QUICKFIX_KIND, only):
            actions += messages.quick_fixes(uri, analysis, params)
        if _kind_wanted(FIX_ALL_KIND, only) and any(f.fix is not None for f in analysis.findings):
            actions += messages.fix_all_actions(uri, analysis)
        return actions

    return server


def serve() -> None:
    """Run the language server on standard input and output until the client exits."""
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING, format="dockslim-lsp: %(levelname)s: %(message)s")
    create_server().start_io()


def lsp_command(argv: list[str] | None = None, prog: str = "dockslim lsp") -> None:
    """Run the language server for editors (LSP on stdio)."""
    from .arguments import Parser

    Parser(prog, lsp_command.__doc__).parse(argv)
    serve()


if __name__ == "__main__":
    serve()
