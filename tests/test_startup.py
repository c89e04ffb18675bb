"""A command loads only what it uses (bench/startup.py measures what that is worth).

Each case runs a fresh interpreter and lists the modules it ended up with: the cold start of
`dockslim fix --diff` pays for every import, so one that creeps back shows here, not only as
a slower benchmark. The table of passes (dockslim.transforms) decides which pass modules a
file loads: it must list every pass, and a pass must have nothing to say about a file that
lacks its words.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest
from test_golden import GOLDEN, read, settings

import dockslim
from dockslim import transforms
from dockslim.optimizer.rules import Pass, concerned
from dockslim.transforms import registry

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
    assert "dockslim.optimizer.pipeline" in loaded("import dockslim; dockslim.fix('FROM scratch\\n')", project)


def test_fix_diff_loads_neither_other_commands_nor_importlib_resources(project):
    # what the interpreter itself loads (an editable install's import hook brings pathlib)
    modules = loaded(cli("fix", "--diff", "Dockerfile"), project) - loaded("pass", project)
    assert "dockslim.optimizer.pipeline" in modules  # it did run
    # the other commands' modules, the writer's tempfile, shutil, tree-sitter-bash's package __init__
    for name in ("dockslim.bot", "dockslim.lsp", "dockslim.verify.cli", "dockslim.verify.engine", "dockslim.verify.run",
                 "dockslim.report_formats", "tempfile", "shutil", "importlib.resources", "hypothesis",
                 # costly standard modules it does without: dataclasses brings inspect and ast,
                 # pathlib urllib.parse and ipaddress, subprocess signal and selectors
                 "dataclasses", "inspect", "pathlib", "subprocess",
                 # passes whose words a pip file lacks
                 "dockslim.transforms.ds101_apt_no_install_recommends", "dockslim.transforms.ds110_apk_no_cache",
                 "dockslim.transforms.ds203_archive_in_one_layer"):
        assert name not in modules, name
    assert "dockslim.transforms.ds130_pip_no_cache_dir" in modules
    assert (project / "Dockerfile").read_text() == PIP  # --diff wrote nothing


def test_no_record_of_the_core_has_a_field_type_written_as_text():
    """typing.NamedTuple compiles a field type written as text (all of them, under `from
    __future__ import annotations`) on every start: ~18M instructions over the core's records.
    The modules that declare named tuples therefore write their field types as code."""
    import typing

    package = Path(dockslim.__file__).parent
    written_as_text = []
    for info in pkgutil.walk_packages([str(package)], "dockslim."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, type) and issubclass(value, tuple) and value.__module__ == info.name:
                for field, kind in getattr(value, "__annotations__", {}).items():
                    if isinstance(kind, (str, typing.ForwardRef)):
                        written_as_text.append(f"{info.name}.{name}.{field}")
    assert not written_as_text


def test_check_runs_no_shell(project):
    (project / "Dockerfile").write_text(CLEAN)
    modules = loaded(cli("check", "Dockerfile"), project)
    assert "dockslim.optimizer.shell" in modules  # the RUN was read as shell
    assert "subprocess" not in modules and "shutil" not in modules


APT = "FROM python:3.11\nRUN apt-get update\nRUN apt-get install -y gcc libpq-dev\nRUN pip install -r requirements.txt\n"


def test_fix_estimates_nothing_it_does_not_show(project):
    # estimates read package sizes (megabytes of JSON); `fix` prints no finding's size
    (project / "Dockerfile").write_text(APT)
    modules = loaded(cli("fix", "--diff", "Dockerfile"), project)
    assert "dockslim.optimizer.pipeline" in modules and "dockslim.optimizer.estimate" not in modules
    assert "dockslim.optimizer.estimate" in loaded(cli("check", "Dockerfile"), project)
    shown, unshown = dockslim.fix(APT), dockslim.fix(APT, estimates=False)
    assert unshown.text == shown.text and unshown.applied == shown.applied  # estimates are not compared
    assert any(f.estimated_bytes for f in shown.findings)
    assert all(f.estimated_bytes is None for f in (*unshown.findings, *unshown.applied, *unshown.remaining))


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


def pass_modules() -> dict[str, object]:
    """Every dsNNN_* module below dockslim.transforms, by its name below that package."""
    prefix = transforms.__name__ + "."
    return {
        info.name.removeprefix(prefix): importlib.import_module(info.name)
        for info in pkgutil.walk_packages(transforms.__path__, prefix)
        if re.fullmatch(r"ds\d{3}_\w+", info.name.rpartition(".")[2])
    }


def test_the_table_lists_every_pass_module_with_its_code_and_name():
    modules = pass_modules()
    assert sorted(p.module for p in registry()) == sorted(modules)
    assert [p.code for p in registry()] == sorted(p.code for p in registry())
    for p in registry():
        spec = modules[p.module].SPEC
        assert (spec.code, spec.name) == (p.code, p.name)
        assert p.module.rpartition(".")[2].startswith(p.code.lower() + "_")
        assert all(w == w.lower() and w.strip() == w and w for w in p.words), p.code  # the text is read lowercased


@pytest.mark.parametrize(
    "text, code, wanted",
    [
        ("FROM debian\nRUN apt-get install -y curl\n", "DS101", True),
        ("FROM debian\nRUN APT-GET install -y curl\n", "DS101", True),  # any case
        ('FROM debian\nRUN a"pt"-get install -y curl\n', "DS101", True),  # quotes the shell drops
        ("FROM debian\nRUN ap\\\nt-get install -y curl\n", "DS101", True),  # a line continuation
        ("FROM debian\nRUN ap\\t-get install -y curl\n", "DS101", True),  # an escape
        ("FROM python:3.11\nRUN pip install flask\n", "DS101", False),
        ("FROM python:3.11\nRUN pip install flask\n", "DS130", True),
        ("FROM python:3.11\nRUN pip install flask\n", "DS401", True),  # no words: every file
    ],
)
def test_concerned_reads_the_words_as_the_shell_would(text, code, wanted):
    p = next(p for p in registry() if p.code == code)
    assert (p in concerned((p,), text)) is wanted


def golden_texts():
    for case in sorted(GOLDEN.glob("*/*/input.Dockerfile")):
        for name in ("input.Dockerfile", "expected.Dockerfile"):
            if (case.parent / name).exists():
                yield case.parent, read(case.parent / name)


def test_a_pass_reports_nothing_on_a_file_without_its_words():
    """Every pass whose words a golden input or output lacks, run as if it had none, finds
    nothing and notes nothing there, with the case's settings and with cache mounts."""
    every = {p.code: Pass(spec=p.spec, doc=p.doc, check=p.check) for p in registry()}  # no words
    skipped = 0
    for case, text in golden_texts():
        missing = tuple(every[p.code] for p in registry() if p not in concerned(registry(), text))
        skipped += len(missing)
        if not missing:
            continue  # (no passes would mean every pass)
        options = settings(case)["options"]
        for strategy in ("cleanup", "cache-mounts"):
            try:
                found = dockslim.review(text, options=options._replace(strategy=strategy), passes=missing)
            except dockslim.InputError:
                break
            assert not found.findings and not found.notes, (case, [(f.code, f.message) for f in (*found.findings, *found.notes)])
    assert skipped > 1000  # the words do leave passes out
