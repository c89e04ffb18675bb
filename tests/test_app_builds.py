"""Realistic applications (tests/apps/<name>/) split and built for real.

Each app is written as a user writes it on a full base image: no apt line naming the
libraries it needs at run time, because the full image already has their `-dev` packages.
Its folder holds the Dockerfile, the requirement files, a few lines of app code and `smoke`,
a shell command that exercises the compiled code (run with `--network none`).

For every app:

* `dockslim fix --unsafe-fixes` through the command line (the build context is the app's
  folder) splits it into a builder and a runtime stage; the output builds, passes the smoke
  command, and is at least MIN_SAVED smaller than the original;
* `fix --unsafe-fixes --verify` on a build context whose requirement files the passes cannot
  see (so the split's runtime stage lacks the library) repairs the runtime stage: a repair
  step is reported and the file written keeps its two stages and installs the library.

A cold run compiles each app a few times (lxml takes longest); the build cache makes a
second run take a few minutes. `pytest -m build -s tests/test_app_builds.py` prints sizes;
`python bench/app_sizes.py` prints the table.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from _builds import build, remove_images, require_engine, smoke
from dockslim.files import build_context
from dockslim.optimizer.context import BuildContext
from dockslim.optimizer.model import build_model
from dockslim.optimizer.rules import Options
from dockslim.optimizer.syntax import parse

pytestmark = pytest.mark.build

APPS = Path(__file__).resolve().parent / "apps"
TAG = "dockslim-app-test"
MIN_SAVED = 0.50  # the goal is a median of 50%; every app here must reach it


@dataclass(frozen=True)
class App:
    name: str
    runtime_package: str  # the Debian package whose shared library the built code loads
    bases: tuple[str, ...]

    @property
    def folder(self) -> Path:
        return APPS / self.name

    @property
    def smoke(self) -> str:
        return (self.folder / "smoke").read_text().strip()


PY311 = ("python:3.11", "python:3.11-slim")
APP_LIST = (
    App("django", "libpq5", PY311),  # psycopg2 compiled against the base image's libpq-dev
    App("psycopg3", "libpq5", PY311),  # pure Python: libpq.so.5 through ctypes
    App("mysqlclient", "libmariadb3", PY311),
    App("lxml", "libxslt1.1", PY311),  # --no-binary lxml: the system libxml2 and libxslt
    # --no-binary Pillow; on the release-named tag: its image libraries (libwebp, libtiff) are
    # named differently on trixie, which untagged python:3.11 images are built on today
    App("pillow", "libjpeg62-turbo", ("python:3.11-bookworm", "python:3.11-slim-bookworm")),
    App("uwsgi", "libxml2", ("python:3.9-bullseye", "python:3.9-slim-bullseye")),
    App("node-gyp", "libpq5", ("node:18-bookworm", "node:18-bookworm-slim")),  # pg-native's libpq addon
)
IDS = [a.name for a in APP_LIST]


@pytest.fixture(scope="module", autouse=True)
def _clean_up():
    yield
    remove_images(TAG + "/")


def copy_app(app: App, dest: Path) -> Path:
    folder = dest / app.name
    shutil.copytree(app.folder, folder)
    return folder


def stage_count(text: str) -> int:
    return len(build_model(parse(text)).stages)


def final_stage_text(text: str) -> str:
    """The lines of the last stage (from its FROM on)."""
    return text[text.rindex("\nFROM ") + 1:] if "\nFROM " in text else text


def dockslim_fix(folder: Path) -> str:
    """`dockslim fix --unsafe-fixes` through the command line; the rewritten text."""
    command = str(Path(sys.executable).with_name("dockslim"))
    proc = subprocess.run([command, "fix", "--unsafe-fixes", "Dockerfile"], cwd=folder,
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode in (0, 1), proc.stderr
    return (folder / "Dockerfile").read_text()


def blind_context(folder: Path) -> BuildContext:
    """The app's build context with its dependency lists hidden: no requirement file, and
    package.json without its dependencies (a native addon is then as invisible as one that
    comes in through another package). The passes still see the names of the files."""
    full = build_context(str(folder))
    manifest = full.text("package.json")
    files = {}
    if manifest is not None:
        fields = json.loads(manifest)
        for key in ("dependencies", "optionalDependencies"):
            fields.pop(key, None)
        files["package.json"] = json.dumps(fields, indent=2)
    return BuildContext(full.root, files, full.entries)


@pytest.mark.parametrize("app", APP_LIST, ids=IDS)
def test_split_builds_runs_and_saves(app: App, tmp_path):
    require_engine(app.bases)
    folder = copy_app(app, tmp_path)
    original_text = (folder / "Dockerfile").read_text()
    fixed_text = dockslim_fix(folder)
    assert stage_count(fixed_text) == 2 and " AS builder" in fixed_text, fixed_text

    (folder / "Dockerfile.original").write_text(original_text)
    original = build(folder / "Dockerfile.original", folder, f"{TAG}/{app.name}:original")
    fixed = build(folder / "Dockerfile", folder, f"{TAG}/{app.name}:fixed")
    for kind, image in (("original", original), ("fixed", fixed)):
        run = smoke(image["Id"], app.smoke)
        assert run.returncode == 0, f"{app.name} {kind}: smoke failed\n{fixed_text}\n{run.stdout}{run.stderr}"
    for key in ("Cmd", "Entrypoint", "User", "WorkingDir", "ExposedPorts"):
        assert original["Config"].get(key) == fixed["Config"].get(key), key

    before, after = original["Size"], fixed["Size"]
    saved = 1 - after / before
    print(f"\n{app.name:12} original {before / 1e6:7.1f} MB | fixed {after / 1e6:6.1f} MB | saved {100 * saved:4.1f}%")
    assert saved >= MIN_SAVED, f"{app.name}: saved only {100 * saved:.1f}%"


@pytest.mark.parametrize("app", APP_LIST, ids=IDS)
def test_verify_repairs_an_incomplete_runtime_stage(app: App, tmp_path):
    """The passes cannot see the app's dependencies (blind_context), so the split's runtime
    stage lacks the library; the build still uses the real folder, and verify's repair must
    add the package instead of dropping the split."""
    from dockslim.verify.engine import Engine
    from dockslim.verify.cli import fix_with_verify

    require_engine(app.bases)
    folder = copy_app(app, tmp_path)
    text = (folder / "Dockerfile").read_text()
    final, report = fix_with_verify(str(folder / "Dockerfile"), text, unsafe_fixes=True,
                                    options=Options(extra={"context": blind_context(folder)}), engine=Engine(), smoke=app.smoke,
                                    context=str(folder))
    print(f"\n{app.name}: {report.status}: {report.message}; repairs {report.repairs}")
    assert report.status == "verified", report.message
    assert any(step["added"] for step in report.repairs), report.repairs
    assert not report.dropped, report.dropped
    assert stage_count(final) == 2 and " AS builder" in final, final
    assert app.runtime_package in final_stage_text(final), final
    assert report.smoke and report.smoke["passed"], report.smoke
