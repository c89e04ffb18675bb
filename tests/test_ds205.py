"""DS205 dockerignore: needs the build context's .dockerignore text, which the golden
harness cannot pass yet (`options.extra["dockerignore"]`)."""

from __future__ import annotations

import pytest

import dockslim
from dockslim import Applicability, Options
from dockslim.transforms.ds205_dockerignore import excluded, suggested_dockerignore

NODE = "FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\n"
PYTHON = "FROM python:3.12-slim\nWORKDIR /src\nCOPY ./ ./\nRUN pip install --no-cache-dir .\n"
PLAIN = "FROM debian:bookworm\nCOPY . /srv\n"


def findings(text: str, **extra):
    return [f for f in dockslim.check(text, select=["DS205"], options=Options(extra=extra)) if f.code == "DS205"]


def test_silent_when_the_context_was_not_read():
    assert findings(NODE) == []


def test_missing_file_lists_what_the_build_needs():
    (f,) = findings(NODE, dockerignore=None)
    assert f.fix.applicability is Applicability.DISPLAY
    assert f.fix.edits == ()
    assert f.fix.title == "Create .dockerignore with: .git node_modules"
    assert f.begin_pos.line == 3
    (p,) = findings(PYTHON, dockerignore=None)
    assert p.fix.title == "Create .dockerignore with: .git **/__pycache__ .venv venv"
    (d,) = findings(PLAIN, dockerignore=None)
    assert d.fix.title == "Create .dockerignore with: .git"


def test_only_missing_entries_are_listed():
    (f,) = findings(NODE, dockerignore="# vcs\n/.git/\n*.log\n")
    assert f.fix.title == "Add to .dockerignore: node_modules"
    assert findings(NODE, dockerignore=".git\nnode_modules\n") == []


@pytest.mark.parametrize(
    "ignore, path, expected",
    [
        (".git", ".git", True),
        ("/.git/", ".git", True),
        (".*", ".venv", True),
        ("*", "node_modules", True),
        ("*\n!src", "node_modules", True),
        (".git\n!.git", ".git", False),
        ("**/__pycache__", "pkg/__pycache__", True),
        ("**/__pycache__", "__pycache__", True),
        ("__pycache__", "pkg/__pycache__", False),
        ("pkg", "pkg/__pycache__", True),  # a directory excludes what is under it
        ("node_modules/*", "node_modules", False),
        ("venv?", "venv", False),
        ("[.]git", ".git", True),
        ("", ".git", False),
    ],
)
def test_buildkit_matching(ignore, path, expected):
    assert excluded(ignore, path) is expected


def test_allowlist_style_is_enough():
    assert findings(PYTHON, dockerignore="*\n!src/\n!pyproject.toml\n") == []


def test_copy_from_and_named_paths_are_left_alone():
    text = "FROM node:20 AS build\nCOPY package.json .\nFROM nginx\nCOPY --from=build . /usr/share/nginx/html\n"
    assert findings(text, dockerignore=None) == []


def test_only_stages_that_reach_the_image():
    text = "FROM node:20 AS build\nWORKDIR /src\nCOPY . .\nRUN npm ci\nFROM nginx\nCOPY --from=build /src/dist /srv\n"
    assert findings(text, dockerignore=None) == []
    text = "FROM python:3.12 AS base\nCOPY . /app\nFROM base\nRUN python -m compileall /app\n"
    assert len(findings(text, dockerignore=None)) == 1


def test_pragma_and_json_form():
    assert findings("FROM debian\n# dockslim: ignore=DS205\nCOPY . /srv\n", dockerignore=None) == []
    assert len(findings('FROM debian\nCOPY [".", "/srv"]\n', dockerignore=None)) == 1


def test_fix_never_changes_the_dockerfile():
    result = dockslim.fix(NODE, unsafe_fixes=True, select=["DS205"], options=Options(extra={"dockerignore": None}))
    assert result.text == NODE and not result.applied


def test_suggested_dockerignore():
    assert suggested_dockerignore(None) == ".git\nnode_modules\n**/__pycache__\n.venv\nvenv\n"
    assert suggested_dockerignore("*.log", [".git", "node_modules"]) == "*.log\n.git\nnode_modules\n"
    assert suggested_dockerignore(".git\r\nnode_modules\r\n", [".git", "node_modules", "dist"]) == (
        ".git\r\nnode_modules\r\ndist\r\n"
    )
    assert suggested_dockerignore("*\n!src\n") == "*\n!src\n"
