"""The build context as the passes see it (dockslim.files.build_context) and the one place the
adapters get their settings from (dockslim.api.settings_for)."""

from __future__ import annotations

from pathlib import Path

import dockslim
from dockslim import api, files, lsp
from dockslim.optimizer.context import BuildContext, context_of, normalize


def make(root: Path, tree: dict[str, str]) -> None:
    for rel, text in tree.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_reads_requirement_files_and_manifests_up_front_not_sources(tmp_path):
    make(tmp_path, {
        "requirements.txt": "psycopg2==2.9.9\n",
        "requirements/prod.txt": "-r base.txt\nlxml\n",
        "dev-requirements.txt": "pytest\n",
        "pyproject.toml": "[project]\nname = 'app'\n",
        "web/package.json": '{"dependencies": {}}',
        "app.py": "print('hi')\n",
        "node_modules/x/package.json": "{}",  # never looked into
        "templates/index.html": "<p>",
    })
    ctx = files.build_context(str(tmp_path))
    assert set(ctx.files) == {"requirements.txt", "requirements/prod.txt", "dev-requirements.txt",
                              "pyproject.toml", "web/package.json"}
    assert ctx.text("./requirements/../requirements.txt") == "psycopg2==2.9.9\n"
    assert ctx.has("app.py") and ctx.has("templates") and ctx.has("templates/index.html")
    assert not ctx.has("node_modules") and not ctx.has("missing.txt")


def test_other_files_are_read_when_asked_for_inside_the_context_only(tmp_path, monkeypatch):
    make(tmp_path / "ctx", {"server.js": "require('x')\n", "node_modules/x/index.js": "1", "big.js": "x" * 100})
    make(tmp_path, {"secret.txt": "outside"})
    ctx = files.build_context(str(tmp_path / "ctx"))
    assert ctx.text("/server.js") == "require('x')\n"  # a source the passes ask for (the node entry file)
    assert ctx.text("../secret.txt") is None and ctx.text("node_modules/x/index.js") is None
    monkeypatch.setattr(files, "CONTEXT_MAX_FILE", 10)
    assert ctx.text("big.js") is None


def test_a_file_too_large_is_not_read(tmp_path, monkeypatch):
    make(tmp_path, {"requirements.txt": "x" * 100})
    monkeypatch.setattr(files, "CONTEXT_MAX_FILE", 10)
    ctx = files.build_context(str(tmp_path))
    assert ctx.text("requirements.txt") is None and ctx.has("requirements.txt")


def test_normalize():
    assert normalize("./a/b/../c.txt") == "a/c.txt"
    assert normalize("/") == "" and normalize(".") == ""


def test_settings_carry_the_context_and_the_dockerignore(tmp_path):
    make(tmp_path, {"Dockerfile": "FROM debian\n", "requirements.txt": "six\n", ".dockerignore": ".git\n"})
    found = api.settings_for(str(tmp_path / "Dockerfile"))
    ctx = context_of(found.options.extra)
    assert isinstance(ctx, BuildContext) and ctx.text("requirements.txt") == "six\n"
    assert found.options.extra["dockerignore"] == ".git\n"
    other = tmp_path / "ctx"
    make(other, {"requirements.txt": "lxml\n"})
    assert context_of(api.settings_for(str(tmp_path / "Dockerfile"), context=str(other)).options.extra).text(
        "requirements.txt") == "lxml\n"


def test_text_without_a_file_has_no_context():
    assert context_of(api.settings_for(None).options.extra) is None
    assert context_of(api.settings_for("-").options.extra) is None


def test_language_server_and_command_line_settings_agree(tmp_path):
    make(tmp_path, {"Dockerfile": "FROM debian\nCOPY . .\n"})
    path = str(tmp_path / "Dockerfile")
    assert lsp.settings_for(path) == api.settings_for(path)
    codes = {f.code for f in lsp.analyze("FROM debian\nCOPY . .\n", path).findings}
    assert "DS205" in codes  # no .dockerignore beside it: the editor says so too


def test_the_path_reaches_the_passes(tmp_path):
    """DS303 reads the Dockerfile's path: a devcontainer's keeps its dev tools."""
    text = ("FROM python:3.12-slim\nCOPY requirements.txt requirements-dev.txt ./\n"
            "RUN pip install -r requirements.txt\nRUN pip install -r requirements-dev.txt\n")
    make(tmp_path, {".devcontainer/Dockerfile": text, "Dockerfile": text})
    for name, finds in ((".devcontainer/Dockerfile", False), ("Dockerfile", True)):
        path = str(tmp_path / name)
        assert api.settings_for(path).options.extra["path"] == path
        review = dockslim.review(text, select=["DS303"], options=api.settings_for(path).options)
        assert bool(review.findings) is finds and bool(review.notes) is not finds
