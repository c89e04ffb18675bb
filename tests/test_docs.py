"""The rule pages and every link dockslim emits.

The pages in docs/ are what scripts/gen_docs.py makes from the passes' docstrings (a
docstring changed without regenerating fails here), and every address the SARIF log, the
language server and the pull-request bot give points at a file of this repository.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from _command import run as run_command

from dockslim.bot import collect, render_body
from dockslim.cli import main
from dockslim.transforms import registry
from dockslim.report_formats import DOCS_URL, REPOSITORY_URL, rule_url

ROOT = Path(__file__).resolve().parent.parent
DJANGO = ROOT / "examples" / "django"
URL = re.compile(r"https?://[^\s)\"'<>`]+")
MD_LINK = re.compile(r"\]\(([^)\s]+)\)")


def gen_docs():
    spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "scripts" / "gen_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def repository_file(url: str) -> Path:
    """The file of this repository an address of its own pages names (fails otherwise)."""
    if url.rstrip("/") == REPOSITORY_URL:
        return ROOT
    prefix = f"{REPOSITORY_URL}/blob/main/"
    assert url.startswith(prefix), f"{url} is not a page of this repository"
    path = ROOT / url[len(prefix):].split("#")[0]
    assert path.exists(), f"{url}: no {path.relative_to(ROOT)} in the repository"
    return path


def strings(value) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return [value] if isinstance(value, str) else []


def naive_django(tmp_path: Path) -> Path:
    """The Django example's naive Dockerfile with its build context, in a folder of its own."""
    folder = tmp_path / "app"
    folder.mkdir()
    for name in ("Dockerfile.naive", "requirements.txt", "manage.py"):
        (folder / name).write_bytes((DJANGO / name).read_bytes())
    (folder / "Dockerfile.naive").rename(folder / "Dockerfile")
    return folder / "Dockerfile"


# --------------------------------------------------------------------------- the pages


def test_committed_pages_are_what_the_docstrings_make():
    docs = gen_docs()
    wanted = docs.pages()
    assert {p.name for p in wanted} == {"index.md", *(f"{p.code}.md" for p in registry())}
    out_of_date = [str(path.relative_to(ROOT)) for path, text in wanted.items()
                   if not path.is_file() or path.read_text(encoding="utf-8") != text]
    assert not out_of_date, f"run `python scripts/gen_docs.py`: {out_of_date}"
    assert docs.stale(wanted) == []


def test_a_page_holds_the_docstring_and_the_spec():
    p = next(p for p in registry() if p.code == "DS201")
    text = gen_docs().page(p)
    assert text.splitlines()[1] == "# DS201 merge-runs"
    for heading in re.findall(r"^## .+$", p.doc, re.MULTILINE):
        assert f"\n{heading}\n" in text
    assert "- **Phase:** structure" in text and "- **Related hadolint rules:** DL3059" in text
    # the indented example becomes a fenced block CommonMark shows as code
    assert "```dockerfile\nRUN apt-get update && apt-get install -y gcc" in text
    assert "\nbecomes\n\n```dockerfile\n" in text


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # prose stays as it is
        ("## What it does\nFinds things.\n", "## What it does\nFinds things.\n"),
        # a list's continuation lines (2 spaces) are not code
        ("- one\n  two\n", "- one\n  two\n"),
        ("## Example\n    RUN a\nbecomes\n    RUN b\n",
         "## Example\n\n```dockerfile\nRUN a\n```\n\nbecomes\n\n```dockerfile\nRUN b\n```\n"),
        # a blank line inside an example keeps it one block; a trailing one does not end up inside
        ("x\n\n    FROM a\n\n    FROM b\n\ny\n", "x\n\n```dockerfile\nFROM a\n\nFROM b\n```\n\ny\n"),
    ],
)
def test_markdown_of_a_docstring(body, expected):
    assert gen_docs().markdown(body) == expected


def test_every_link_of_the_pages_names_a_file():
    for page in [ROOT / "docs" / "index.md", *sorted((ROOT / "docs" / "rules").glob("*.md"))]:
        for target in MD_LINK.findall(page.read_text(encoding="utf-8")):
            if target.startswith(REPOSITORY_URL):
                repository_file(target)
            elif not URL.match(target):
                assert (page.parent / target.split("#")[0]).exists(), f"{page.name}: {target}"


def test_the_site_builds(tmp_path):
    """MkDocs turns the pages into a site, strictly: a broken link or a page outside the
    navigation fails the build."""
    pytest.importorskip("mkdocs")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(tmp_path / "site")],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    page = (tmp_path / "site" / "rules" / "DS201" / "index.html").read_text(encoding="utf-8")
    assert "DS201 merge-runs" in page and 'class="language-dockerfile"' in page
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert all(f'href="rules/{p.code}/"' in index for p in registry())


def test_index_lists_every_pass():
    index = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    for p in registry():
        assert f"| [{p.code}](rules/{p.code}.md) | {p.spec.name} | {p.spec.phase.name.lower()} |" in index


def test_the_repository_address_is_the_one_pyproject_names():
    urls = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]
    assert urls["Repository"] == REPOSITORY_URL
    assert urls["Documentation"] == DOCS_URL + "index.md"
    repository_file(urls["Documentation"])


# --------------------------------------------------------------------------- the links


@pytest.mark.parametrize(
    ("docs_url", "expected"),
    [
        (None, f"{REPOSITORY_URL}/blob/main/docs/rules/DS201.md"),
        ("https://docs.example.com/dockslim/", "https://docs.example.com/dockslim/rules/DS201.md"),
        ("https://docs.example.com/dockslim", "https://docs.example.com/dockslim/rules/DS201.md"),
        ("https://docs.example.com/rules/{code}/", "https://docs.example.com/rules/DS201/"),
    ],
)
def test_rule_url(docs_url, expected):
    assert rule_url("ds201", docs_url) == expected


def test_every_link_of_the_sarif_log_names_a_file(tmp_path, monkeypatch):
    dockerfile = naive_django(tmp_path)
    monkeypatch.chdir(dockerfile.parent)
    result = run_command(main, ["check", "--format", "sarif", "Dockerfile"])
    assert result.exit_code == 1, result.output
    log = json.loads(result.stdout)
    driver = log["runs"][0]["tool"]["driver"]
    assert len({r["ruleId"] for r in log["runs"][0]["results"]}) >= 3
    # the addresses meant to be followed, and any other address of dockslim's own
    links = [driver["informationUri"], *(r["helpUri"] for r in driver["rules"])]
    links += [u for s in strings(log) for u in URL.findall(s) if "dockslim" in u.split("/")[2] or u.startswith(REPOSITORY_URL)]
    assert len(driver["rules"]) == len(registry())
    for url in links:
        repository_file(url)


def test_sarif_links_follow_docs_url(tmp_path, monkeypatch):
    dockerfile = naive_django(tmp_path)
    (dockerfile.parent / "pyproject.toml").write_text('[tool.dockslim]\ndocs-url = "https://intranet.example/dockslim/{code}.html"\n')
    monkeypatch.chdir(dockerfile.parent)
    log = json.loads(run_command(main, ["check", "--format", "sarif", "Dockerfile"]).stdout)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert {r["helpUri"] for r in rules} == {f"https://intranet.example/dockslim/{p.code}.html" for p in registry()}


def test_a_docs_url_that_is_not_a_string_is_one_line_and_exit_2(tmp_path):
    dockerfile = naive_django(tmp_path)
    (dockerfile.parent / ".dockslim.toml").write_text("docs-url = 3\n")
    result = run_command(main, ["check", str(dockerfile)])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [f"dockslim: error: {dockerfile}: {dockerfile.parent / '.dockslim.toml'}: `docs-url` must be an address (a string)"]


def test_every_link_of_the_bot_body_names_a_file(tmp_path):
    dockerfile = naive_django(tmp_path)
    plan = collect(dockerfile.parent, (), True, None, lambda m: None)
    assert plan.changes and plan.docs_url is None
    body = render_body(plan, "main")
    codes = {f.code for c in plan.changes for f in c.applied}
    assert len(codes) >= 3
    links = MD_LINK.findall(body)
    assert {rule_url(code) for code in codes} <= set(links)
    for url in [*links, *URL.findall(body)]:
        repository_file(url)


def test_bot_body_follows_the_repository_docs_url(tmp_path):
    dockerfile = naive_django(tmp_path)
    (dockerfile.parent / ".dockslim.toml").write_text('docs-url = "https://intranet.example/dockslim/"\n')
    plan = collect(dockerfile.parent, (), False, None, lambda m: None)
    assert plan.docs_url == "https://intranet.example/dockslim/"
    links = MD_LINK.findall(render_body(plan, "main"))
    assert links and all(u.startswith("https://intranet.example/dockslim/rules/DS") for u in links)


def test_every_pass_has_a_page_where_its_link_points():
    for p in registry():
        assert repository_file(rule_url(p.code)) == ROOT / "docs" / "rules" / f"{p.code}.md"


# --------------------------------------------------------------------------- the language server

pytest_lsp = pytest.importorskip("pytest_lsp")
from lsprotocol import types as t  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities  # noqa: E402


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "dockslim.lsp"]))
async def client(lsp_client: LanguageClient, tmp_path: Path):
    await lsp_client.initialize_session(t.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"), root_uri=tmp_path.as_uri(),
    ))
    yield
    await lsp_client.shutdown_session()


async def published(client: LanguageClient, path: Path) -> list:
    uri = path.as_uri()
    client.text_document_did_open(t.DidOpenTextDocumentParams(text_document=t.TextDocumentItem(
        uri=uri, language_id="dockerfile", version=1, text=path.read_text(encoding="utf-8"))))
    while True:
        params = await asyncio.wait_for(client.wait_for_notification(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), 30)
        if params.uri == uri:
            return list(params.diagnostics)


@pytest.mark.asyncio
async def test_every_link_of_the_language_server_names_a_file(client: LanguageClient, tmp_path: Path):
    dockerfile = naive_django(tmp_path)
    diags = await published(client, dockerfile)
    assert len({d.code for d in diags}) >= 3
    for d in diags:
        assert d.code_description.href == rule_url(d.code)
        assert repository_file(d.code_description.href).name == f"{d.code}.md"

    custom = tmp_path / "custom"
    custom.mkdir()
    (custom / "Dockerfile").write_text(dockerfile.read_text())
    (custom / ".dockslim.toml").write_text('docs-url = "https://intranet.example/{code}"\n')
    diags = await published(client, custom / "Dockerfile")
    assert diags and {d.code_description.href for d in diags} == {f"https://intranet.example/{d.code}" for d in diags}
