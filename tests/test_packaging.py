"""The wheel holds every file the package reads: a data file left out of `package-data` works
in this checkout (an editable install reads the tree) and fails in every real install."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def tracked_package_files() -> set[str]:
    listed = subprocess.run(["git", "ls-files", "dockslim"], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(listed.stdout.split())


def test_the_wheel_holds_every_tracked_file_of_the_package(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, project / name)
    shutil.copytree(ROOT / "dockslim", project / "dockslim", ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(project)],
                   check=True, capture_output=True, timeout=300)
    (wheel,) = (tmp_path / "dist").glob("dockslim-*.whl")
    shipped = set(zipfile.ZipFile(wheel).namelist())
    missing = sorted(tracked_package_files() - shipped)
    assert not missing, f"not in the wheel (add them to [tool.setuptools.package-data]): {missing}"
