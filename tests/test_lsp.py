"""The language server, driven over stdio by a real LSP client (pytest-lsp) as an editor
drives it: open, diagnostics, code actions, edits applied, changes sent back.

Every document lives in a temporary folder whose `.dockslim.toml` selects the passes a test
is about, so passes added later do not change what these tests see.
"""

from __future__ import annotations

import asyncio
import re
import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls")
pytest_lsp = pytest.importorskip("pytest_lsp")

from lsprotocol import types as t  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities  # noqa: E402

import dockslim  # noqa: E402
from dockslim.lsp import disable_edit, is_dockerfile, minimal_edit  # noqa: E402
from dockslim.optimizer.findings import Edit, apply_edits  # noqa: E402
from dockslim.transforms import find_pass  # noqa: E402
from dockslim.report_formats import LineIndex, rule_url  # noqa: E402

TIMEOUT = 30

# --------------------------------------------------------------------------- client helpers


def lsp_offset(text: str, pos: t.Position) -> int:
    """Offset of an LSP position, counting UTF-16 code units (written apart from the
    server's own conversion, so that the two check each other)."""
    lines = re.split(r"(?<=\r\n)|(?<=\n)(?<!\r\n)|(?<=\r)(?!\n)", text)
    start = sum(len(line) for line in lines[: pos.line])
    line = lines[pos.line] if pos.line < len(lines) else ""
    body = line.rstrip("\r\n")
    units = body.encode("utf-16-le")[: 2 * pos.character]
    return start + len(units.decode("utf-16-le"))


def apply_lsp_edits(text: str, edits: list[t.TextEdit]) -> str:
    spans = [(lsp_offset(text, e.range.start), lsp_offset(text, e.range.end), e.new_text) for e in edits]
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def edits_of(action: t.CodeAction, uri: str) -> list[t.TextEdit]:
    edit = action.edit
    assert edit is not None
    if edit.document_changes:
        return [e for dc in edit.document_changes if dc.text_document.uri == uri for e in dc.edits]
    return list(edit.changes[uri])


class Editor:
    """One client session with the documents it has open."""

    def __init__(self, client: LanguageClient, folder: Path):
        self.client = client
        self.folder = folder
        self.versions: dict[str, int] = {}
        self.texts: dict[str, str] = {}

    async def diagnostics(self, uri: str) -> list[t.Diagnostic]:
        while True:
            params = await asyncio.wait_for(
                self.client.wait_for_notification(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), TIMEOUT
            )
            if params.uri == uri and params.version in (None, self.versions[uri]):
                return list(params.diagnostics)

    async def open(self, name: str, text: str, language_id: str = "dockerfile") -> tuple[str, list[t.Diagnostic]]:
        uri = (self.folder / name).as_uri()
        self.versions[uri], self.texts[uri] = 1, text
        self.client.text_document_did_open(t.DidOpenTextDocumentParams(
            text_document=t.TextDocumentItem(uri=uri, language_id=language_id, version=1, text=text)
        ))
        return uri, await self.diagnostics(uri)

    async def change(self, uri: str, text: str) -> list[t.Diagnostic]:
        self.versions[uri] += 1
        self.texts[uri] = text
        self.client.text_document_did_change(t.DidChangeTextDocumentParams(
            text_document=t.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
            content_changes=[t.TextDocumentContentChangeWholeDocument(text=text)],
        ))
        return await self.diagnostics(uri)

    async def actions(self, uri: str, rng: t.Range, diags: list[t.Diagnostic] = (), only=None) -> list[t.CodeAction]:
        result = await asyncio.wait_for(self.client.text_document_code_action_async(t.CodeActionParams(
            text_document=t.TextDocumentIdentifier(uri=uri),
            range=rng,
            context=t.CodeActionContext(diagnostics=list(diags), only=only),
        )), TIMEOUT)
        return [a for a in result or [] if isinstance(a, t.CodeAction)]

    async def apply(self, uri: str, action: t.CodeAction) -> list[t.Diagnostic]:
        return await self.change(uri, apply_lsp_edits(self.texts[uri], edits_of(action, uri)))


def select(folder: Path, *codes: str) -> None:
    (folder / ".dockslim.toml").write_text(f"select = {list(codes)!r}\n".replace("'", '"'))


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "dockslim.lsp"]))
async def client(lsp_client: LanguageClient, tmp_path: Path):
    await lsp_client.initialize_session(t.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        root_uri=tmp_path.as_uri(),
        workspace_folders=[t.WorkspaceFolder(uri=tmp_path.as_uri(), name="work")],
    ))
    yield
    await lsp_client.shutdown_session()


@pytest.fixture
def editor(client: LanguageClient, tmp_path: Path) -> Editor:
    select(tmp_path, "DS130")
    return Editor(client, tmp_path)


PIP = "FROM python:3.12-slim\nRUN pip install flask\n"

# --------------------------------------------------------------------------- over stdio


@pytest.mark.asyncio
async def test_initialize_advertises_code_actions(client: LanguageClient, editor: Editor):
    uri, diags = await editor.open("Dockerfile", PIP)
    assert len(diags) == 1  # the server is up and answering


@pytest.mark.asyncio
async def test_quickfix_makes_the_diagnostic_disappear(editor: Editor):
    uri, diags = await editor.open("Dockerfile", PIP)
    assert [d.code for d in diags] == ["DS130"]
    d = diags[0]
    assert d.source == "dockslim"
    assert d.severity == t.DiagnosticSeverity.Warning
    assert d.code_description.href == rule_url("DS130") == "https://github.com/dockslim/dockslim/blob/main/docs/rules/DS130.md"
    assert d.range == t.Range(start=t.Position(line=1, character=4), end=t.Position(line=1, character=21))
    assert "--no-cache-dir" in d.message

    actions = await editor.actions(uri, d.range, [d])
    fixes = [a for a in actions if a.kind == t.CodeActionKind.QuickFix and a.is_preferred]
    assert [a.title for a in fixes] == ["Add `--no-cache-dir`"]
    assert list(fixes[0].diagnostics) == [d]
    assert await editor.apply(uri, fixes[0]) == []
    assert editor.texts[uri] == "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask\n"

    # and back: the finding returns when the flag is removed again
    assert [x.code for x in await editor.change(uri, PIP)] == ["DS130"]


@pytest.mark.asyncio
async def test_actions_only_where_asked(editor: Editor):
    uri, diags = await editor.open("Dockerfile", PIP)
    elsewhere = t.Range(start=t.Position(line=0, character=0), end=t.Position(line=0, character=4))
    assert [a for a in await editor.actions(uri, elsewhere) if a.kind == t.CodeActionKind.QuickFix] == []
    cursor = t.Range(start=t.Position(line=1, character=8), end=t.Position(line=1, character=8))
    titles = [a.title for a in await editor.actions(uri, cursor)]
    assert "Add `--no-cache-dir`" in titles and "Disable DS130 for this instruction" in titles
    only_fix_all = await editor.actions(uri, cursor, only=[t.CodeActionKind.SourceFixAll])
    assert [a.kind for a in only_fix_all] == ["source.fixAll.dockslim"]


@pytest.mark.asyncio
async def test_fix_all_applies_every_safe_fix(editor: Editor):
    text = "FROM python:3.12-slim\nRUN pip install flask\nCOPY . /app\nRUN pip3 install -r /app/requirements.txt\n"
    uri, diags = await editor.open("api.Dockerfile", text)
    assert [d.code for d in diags] == ["DS130", "DS130"]
    whole = t.Range(start=t.Position(line=0, character=0), end=t.Position(line=0, character=0))
    actions = await editor.actions(uri, whole, only=[t.CodeActionKind.Source])
    assert [(a.kind, a.title) for a in actions] == [("source.fixAll.dockslim", "Fix all dockslim findings")]
    assert len(edits_of(actions[0], uri)) == 1
    assert await editor.apply(uri, actions[0]) == []
    assert editor.texts[uri] == dockslim.fix(text, select=["DS130"]).text
    # nothing left to fix: no fix-all action
    assert await editor.actions(uri, whole, only=[t.CodeActionKind.Source]) == []


@pytest.mark.asyncio
async def test_disable_inserts_a_pragma_with_indentation_and_line_ending(editor: Editor):
    text = "FROM python:3.12-slim\r\n# the web app\r\n  RUN pip install flask\r\n"
    uri, diags = await editor.open("Containerfile", text, language_id="plaintext")
    assert [d.code for d in diags] == ["DS130"]
    actions = await editor.actions(uri, diags[0].range, diags)
    disable = [a for a in actions if a.title == "Disable DS130 for this instruction"]
    assert len(disable) == 1 and disable[0].kind == t.CodeActionKind.QuickFix and not disable[0].is_preferred
    assert await editor.apply(uri, disable[0]) == []
    assert editor.texts[uri] == (
        "FROM python:3.12-slim\r\n# the web app\r\n  # dockslim: ignore=DS130\r\n  RUN pip install flask\r\n"
    )


@pytest.mark.asyncio
async def test_disable_extends_the_pragma_above(editor: Editor):
    text = "FROM python:3.12-slim\n# dockslim: ignore=DS101\nRUN pip install flask\n"
    uri, diags = await editor.open("Dockerfile.dev", text)
    actions = await editor.actions(uri, diags[0].range, diags)
    disable = next(a for a in actions if a.title.startswith("Disable"))
    assert await editor.apply(uri, disable) == []
    assert editor.texts[uri] == "FROM python:3.12-slim\n# dockslim: ignore=DS101,DS130\nRUN pip install flask\n"


@pytest.mark.asyncio
async def test_utf16_positions_after_an_emoji(editor: Editor):
    # 😀 is one code point, two UTF-16 code units; é is one of each; the tab is one
    line = 'RUN echo "😀 é"\t&& pip install flask'
    text = f"# ünïcode 😀😀\nFROM python:3.12-slim\n{line}\n"
    uri, diags = await editor.open("Dockerfile", text)
    [d] = diags
    start = line.index("pip install")
    assert d.range.start == t.Position(line=2, character=start + 1)  # one more unit for 😀
    assert d.range.end == t.Position(line=2, character=len(line) + 1)
    assert lsp_offset(text, d.range.start) == text.index("pip install")
    actions = await editor.actions(uri, d.range, [d])
    fix = next(a for a in actions if a.is_preferred)
    [edit] = edits_of(fix, uri)
    at = line.index(" flask")
    assert edit.range.start == edit.range.end == t.Position(line=2, character=at + 1)
    assert await editor.apply(uri, fix) == []
    assert editor.texts[uri] == text.replace("pip install flask", "pip install --no-cache-dir flask")


@pytest.mark.asyncio
async def test_broken_file_gets_one_diagnostic_then_recovers(editor: Editor):
    uri, diags = await editor.open("Dockerfile", "FROM python:3.12-slim\nFOO bar\nRUN pip install flask\n")
    [d] = diags
    assert d.severity == t.DiagnosticSeverity.Error and d.source == "dockslim"
    assert "unknown instruction" in d.message
    assert d.range.start.line == d.range.end.line == 1
    [d] = await editor.change(uri, "RUN pip install flask\n")
    assert "before the first FROM" in d.message and d.range.start.line == 0
    [d] = await editor.change(uri, "FROM python:3.12-slim\nRUN <<EOF\npip install flask\n")
    assert d.severity == t.DiagnosticSeverity.Error
    assert await editor.actions(uri, d.range, [d]) == []
    assert [x.code for x in await editor.change(uri, PIP)] == ["DS130"]


@pytest.mark.asyncio
async def test_other_files_are_left_alone(editor: Editor, client: LanguageClient):
    readme = (editor.folder / "README.md").as_uri()
    client.text_document_did_open(t.DidOpenTextDocumentParams(
        text_document=t.TextDocumentItem(uri=readme, language_id="markdown", version=1, text="RUN pip install x\n")
    ))
    uri, diags = await editor.open("Dockerfile", PIP)  # handled after the README
    assert len(diags) == 1 and readme not in client.diagnostics


@pytest.mark.asyncio
async def test_unsafe_fix_is_titled_and_not_preferred(client: LanguageClient, tmp_path: Path):
    p = find_pass("DS101")
    if p is None or p.spec.applicability.name != "UNSAFE":
        pytest.skip("no pass with an unsafe fix registered")
    select(tmp_path, "DS101")
    editor = Editor(client, tmp_path)
    uri, diags = await editor.open("Dockerfile", "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n")
    [d] = [x for x in diags if x.code == "DS101"]
    actions = await editor.actions(uri, d.range, [d])
    unsafe = [a for a in actions if a.title.endswith(" (unsafe)")]
    assert len(unsafe) == 1 and not unsafe[0].is_preferred
    # fix-all applies safe fixes only, like `dockslim fix`: nothing to offer here
    assert await editor.actions(uri, d.range, only=[t.CodeActionKind.SourceFixAll]) == []
    assert await editor.apply(uri, unsafe[0]) == []


@pytest.mark.asyncio
async def test_fix_all_follows_unsafe_fixes_in_the_configuration(client: LanguageClient, tmp_path: Path):
    p = find_pass("DS101")
    if p is None or p.spec.applicability.name != "UNSAFE":
        pytest.skip("no pass with an unsafe fix registered")
    (tmp_path / ".dockslim.toml").write_text('select = ["DS101"]\nunsafe-fixes = true\n')
    editor = Editor(client, tmp_path)
    text = "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n"
    uri, diags = await editor.open("Dockerfile", text)
    [action] = await editor.actions(uri, diags[0].range, only=[t.CodeActionKind.SourceFixAll])
    assert await editor.apply(uri, action) == []
    assert editor.texts[uri] == dockslim.fix(text, unsafe_fixes=True, select=["DS101"]).text != text


SPLIT = (
    "FROM python:3.11\nWORKDIR /app\nRUN apt-get update && apt-get install -y gcc libpq-dev\n"
    "COPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nCMD [\"python\", \"app.py\"]\n"
)


@pytest.mark.asyncio
async def test_notes_are_information(client: LanguageClient, tmp_path: Path):
    select(tmp_path, "DS301", "DS130")
    editor = Editor(client, tmp_path)
    text = "FROM python:3.11\nRUN apt-get update && apt-get install -y gcc\nCOPY . /app\nRUN pip install -e /app\n"
    uri, diags = await editor.open("Dockerfile", text)
    assert [(d.code, d.severity) for d in diags] == [
        ("DS301", t.DiagnosticSeverity.Information), ("DS130", t.DiagnosticSeverity.Warning)
    ]
    assert diags[0].message == "left alone: line 4: an editable install (`pip install -e`) needs the source in place"
    actions = await editor.actions(uri, diags[0].range, diags[:1], only=[t.CodeActionKind.QuickFix])
    assert [a.title for a in actions] == ["Disable DS301 for this instruction"]  # a note has no fix to offer


@pytest.mark.asyncio
@pytest.mark.parametrize("how", ["quickfix", "fix-all"])
async def test_a_fix_brings_about_no_note_of_its_own(client: LanguageClient, tmp_path: Path, how: str):
    (tmp_path / ".dockslim.toml").write_text('select = ["DS301"]\nunsafe-fixes = true\n')
    (tmp_path / "requirements.txt").write_text("psycopg2==2.9.9\n")  # the build context DS301 reads
    editor = Editor(client, tmp_path)
    uri, [d] = await editor.open("Dockerfile", SPLIT)
    assert (d.code, d.severity) == ("DS301", t.DiagnosticSeverity.Warning)
    if how == "quickfix":
        [action] = [a for a in await editor.actions(uri, d.range, [d]) if a.title.endswith("(unsafe)")]
    else:
        [action] = await editor.actions(uri, d.range, only=[t.CodeActionKind.SourceFixAll])
    # the split's diagnostic goes, and DS301's note about the two stages it made is not shown
    assert await editor.apply(uri, action) == []
    split = editor.texts[uri]
    assert split == dockslim.fix(SPLIT, unsafe_fixes=True, select=["DS301"]).text != SPLIT
    # ... nor after an edit elsewhere
    edited = split.replace('CMD ["python", "app.py"]', 'CMD ["python", "main.py"]')
    assert await editor.change(uri, edited) == []
    # the same text opened afresh gets the note: it was hidden because the fix made it
    other, [note] = await editor.open("Dockerfile.split", edited)
    assert (note.code, note.severity) == ("DS301", t.DiagnosticSeverity.Information)
    assert note.message == "left alone: the file already has 2 stages"
    # undoing the fix brings the finding back
    assert [(x.code, x.severity) for x in await editor.change(uri, SPLIT)] == [("DS301", t.DiagnosticSeverity.Warning)]


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "dockslim.cli", "lsp"]))
async def cli_client(lsp_client: LanguageClient, tmp_path: Path):
    result = await lsp_client.initialize_session(t.InitializeParams(
        capabilities=client_capabilities("neovim"), root_uri=tmp_path.as_uri(),
    ))
    lsp_client.initialize_result = result
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio
async def test_lsp_command_is_the_same_server(cli_client: LanguageClient, tmp_path: Path):
    """`dockslim lsp` serves on stdio too."""
    result = cli_client.initialize_result
    assert result.server_info.name == "dockslim"
    assert list(result.capabilities.code_action_provider.code_action_kinds) == ["quickfix", "source.fixAll.dockslim"]
    select(tmp_path, "DS130")
    # Neovim offers UTF-8 first: columns then count bytes, whatever the server chose
    encoding = result.capabilities.position_encoding or "utf-16"
    assert encoding == "utf-8"
    line = 'RUN echo "😀 é" && pip install flask'
    uri, diags = await Editor(cli_client, tmp_path).open("Dockerfile", f"FROM python:3.12-slim\n{line}\n")
    [d] = diags
    prefix = line[: line.index("pip install")]
    assert d.range.start == t.Position(line=1, character=len(prefix.encode("utf-8")))
    assert d.range.end == t.Position(line=1, character=len(line.encode("utf-8")))


# --------------------------------------------------------------------------- the pure parts


@pytest.mark.parametrize("text, unit, offset, expected", [
    ("a😀b\n", "utf-16", 2, (0, 3)),
    ("a😀b\n", "utf-8", 2, (0, 5)),
    ("a😀b\n", "utf-32", 2, (0, 2)),
    ("x\r\ny", "utf-16", 3, (1, 0)),
    ("x\r\ny", "utf-16", 2, (0, 1)),  # inside CR LF: the end of the line
    ("x\ry\nz", "utf-16", 4, (2, 0)),  # a lone CR ends a line too
    ("\tRUN é", "utf-16", 6, (0, 6)),
])
def test_line_index(text, unit, offset, expected):
    index = LineIndex(text)
    assert index.position(offset, unit) == expected
    line, col = expected
    back = index.offset(line, col, unit)
    assert index.position(back, unit) == expected


def test_line_index_round_trips_every_offset():
    text = "😀\tx\r\nFROM é😀 a\rRUN b\n\n𝄞"
    index = LineIndex(text)
    for unit in ("utf-8", "utf-16", "utf-32"):
        for offset in range(len(text) + 1):
            if text[offset - 1 : offset + 1] == "\r\n":
                continue
            assert index.offset(*index.position(offset, unit), unit) == offset


@pytest.mark.parametrize("name, language_id, expected", [
    ("Dockerfile", None, True), ("Dockerfile.dev", "plaintext", True), ("api.Dockerfile", None, True),
    ("Containerfile", None, True), ("README.md", "markdown", False), ("build.sh", "dockerfile", True),
])
def test_is_dockerfile(name, language_id, expected):
    assert is_dockerfile(f"file:///work/{name}", language_id) is expected


@pytest.mark.parametrize("before, after", [
    ("FROM a\nRUN pip install x\n", "FROM a\n# dockslim: ignore=DS130\nRUN pip install x\n"),
    ("FROM a\n\t RUN pip install x\n", "FROM a\n\t # dockslim: ignore=DS130\n\t RUN pip install x\n"),
    ("FROM a\n# hadolint ignore=DL3008\nRUN pip install x", "FROM a\n# hadolint ignore=DL3008\n# dockslim: ignore=DS130\nRUN pip install x"),
    ("FROM a\n# dockslim: ignore=DS101, DS102\n# why\nRUN pip install x\n", "FROM a\n# dockslim: ignore=DS101, DS102, DS130\n# why\nRUN pip install x\n"),
    ("FROM a\n# dockslim: ignore=DS101\n\nRUN pip install x\n", "FROM a\n# dockslim: ignore=DS101\n\n# dockslim: ignore=DS130\nRUN pip install x\n"),
    ("FROM a\r\nRUN pip install x", "FROM a\r\n# dockslim: ignore=DS130\r\nRUN pip install x"),
    ("FROM a\n# dockslim: ignore=DS101,\nRUN pip install x\n", "FROM a\n# dockslim: ignore=DS101,DS130\nRUN pip install x\n"),
    ("FROM a\n  #  dockslim : ignore = DS101  \nRUN pip install x\n", "FROM a\n  #  dockslim : ignore = DS101,DS130  \nRUN pip install x\n"),
])
def test_disable_edit(before, after):
    offset = before.index("pip")
    edit = disable_edit(before, offset, "DS130")
    assert apply_edits(before, [edit]) == after
    assert dockslim.check(after, select=["DS130"]) == []


def test_disable_edit_on_the_first_line_after_a_bom():
    text = "\ufeffFROM a AS b\n"
    assert apply_edits(text, [disable_edit(text, 1, "DS999")]) == "\ufeff# dockslim: ignore=DS999\nFROM a AS b\n"


def test_disable_edit_nothing_to_do():
    text = "FROM a\n# dockslim: ignore\nRUN pip install x\n"
    assert disable_edit(text, text.index("pip"), "DS130") is None


@pytest.mark.parametrize("old, new", [
    ("abc", "abXc"), ("a\r\nb", "a\r\nX\r\nb"), ("a\r\nb\r\n", "a\r\nb\r\nc\r\n"), ("", "x"), ("x", ""),
    ("a\r\n", "a\n"), ("a\nb", "a\r\nb"),
])
def test_minimal_edit(old, new):
    edit = minimal_edit(old, new)
    assert apply_edits(old, [edit]) == new
    for at in (edit.start, edit.end):
        assert old[at - 1 : at + 1] != "\r\n" or at in (0, len(old))
    assert minimal_edit(old, old) is None
    assert isinstance(edit, Edit)


@pytest.mark.asyncio
async def test_the_message_tells_what_the_fix_is_worth(client: LanguageClient, tmp_path: Path):
    from dockslim.optimizer.estimate import human, lists_bytes

    select(tmp_path, "DS102")
    editor = Editor(client, tmp_path)
    uri, [d] = await editor.open("Dockerfile", "FROM python:3.11-slim\nRUN apt-get update && apt-get install -y git\n")
    assert d.message.endswith(f"in the layer ({human(lists_bytes('trixie'))})")
