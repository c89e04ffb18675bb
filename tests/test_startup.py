"""A command loads only what it uses (bench/startup.py measures what that is worth).

Each case runs a fresh interpreter and lists the modules it ended up with: the cold start of
`dockslim fix --diff` pays for every import, so one that creeps back shows here, not only as
a slower benchmark.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

PIP = "FROM python:3.11-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n"
CLEAN = "FROM python:3.11-slim\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n"


def loaded(code: str, cwd: Path) -> set[str]:
    """The modules a fresh interpreter holds after running `code`."""
    script = f"import sys, json\ntry:\n    {code}\nexcept SystemExit:\n    pass\nprint(json.dumps(sorted(sys.modules)), file=sys.stderr)"
    proc = subprocess.run([sys.executable, "-c", script], cwd=cwd, capture_output=True, text=True, timeout=120)
    return set(json.loads(proc.stderr.strip().splitlines()[-1]))


def cli(*args: str) -> str:
    return f"sys.argv = ['dockslim', *{list(args)!r}]; from dockslim.cli import main; main()"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "Dockerfile").write_text(PIP)
    (tmp_path / "requirements.txt").write_text("flask\n")
    return tmp_path


def test_the_package_loads_its_api_on_first_use(project):
    modules = loaded("import dockslim, dockslim.cli", project)
    assert "dockslim.optimizer.pipeline" not in modules and "dockerfile" not in modules
    assert "dockslim.optimizer.pipeline" in loaded("import dockslim; dockslim.fix", project)


def test_fix_diff_loads_neither_other_commands_nor_importlib_resources(project):
    modules = loaded(cli("fix", "--diff", "Dockerfile"), project)
    assert "dockslim.optimizer.pipeline" in modules  # it did run
    # the other commands' modules, the writer's tempfile, shutil, tree-sitter-bash's package __init__
    for name in ("dockslim.bot", "dockslim.lsp", "dockslim.verify.engine", "dockslim.verify.run",
                 "dockslim.report_formats", "tempfile", "shutil", "importlib.resources", "hypothesis"):
        assert name not in modules, name
    assert (project / "Dockerfile").read_text() == PIP  # --diff wrote nothing


def test_check_runs_no_shell(project):
    (project / "Dockerfile").write_text(CLEAN)
    modules = loaded(cli("check", "Dockerfile"), project)
    assert "dockslim.optimizer.shell" in modules  # the RUN was read as shell
    assert "subprocess" not in modules and "shutil" not in modules


def test_the_build_context_is_read_only_when_a_pass_asks(project, monkeypatch):
    from dockslim import api, files
    from dockslim.optimizer.context import context_of

    reads = []
    real = files.build_context
    monkeypatch.setattr(files, "build_context", lambda root: reads.append(root) or real(root))
    api.forget_contexts()
    settings = api.settings_for(str(project / "Dockerfile"))
    import dockslim

    dockslim.check(CLEAN, **settings.passes())
    assert reads == []  # nothing in this file needs the context
    assert context_of(settings.options.extra).text("requirements.txt") == "flask\n"
    assert reads == [str(project)]
    api.forget_contexts()
