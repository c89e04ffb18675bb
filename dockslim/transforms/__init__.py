"""The rewrite passes, one module per pass (`dsNNN_name.py`; the stage passes in `stages/`),
and the table that finds them.

The table names each pass's module and the words a file must contain for the pass to have
anything to say (any of them, in any case, quotes and backslashes aside; none: every file).
The pipeline skips a pass whose words a file lacks, and a pass module is imported only when a
file gets that far: `dockslim fix` on a small pip file does not load the apt, apk or archive
passes. tests/test_startup.py checks the table against the modules, and that a pass run
without its words on every golden case reports nothing where they are missing.
"""

from __future__ import annotations

import importlib
from functools import cached_property

from ..optimizer.rules import Pass

# code, module (below dockslim.transforms), words
TABLE: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("DS101", "ds101_apt_no_install_recommends", ("apt",)),
    ("DS102", "ds102_apt_lists_cleanup", ("apt",)),
    ("DS103", "ds103_apt_update_join", ("apt",)),
    ("DS104", "ds104_apt_clean", ("apt",)),
    ("DS110", "ds110_apk_no_cache", ("apk",)),
    ("DS111", "ds111_apk_virtual_build_deps", ("apk",)),
    ("DS120", "ds120_apt_build_deps_purge", ("apt",)),
    ("DS130", "ds130_pip_no_cache_dir", ("pip",)),
    ("DS131", "ds131_node_cache_clean", ("npm", "yarn")),
    ("DS132", "ds132_rpm_cache_clean", ("yum", "dnf", "zypper")),  # microdnf and tdnf are dnf
    ("DS133", "ds133_lang_build_caches", ("go", "composer", "bundle", "gem", "mvn", "cargo", "poetry")),
    ("DS201", "ds201_merge_runs", ("run",)),
    ("DS202", "ds202_late_deletion", ("rm", "clean", "purge")),  # rm, apt-get clean, pip cache purge ...
    ("DS203", "ds203_archive_in_one_layer", ("curl", "wget", "tar", "unzip", "7z")),  # the download, the extraction
    ("DS204", "ds204_copy_chown", ("chown", "chmod")),
    ("DS205", "ds205_dockerignore", ("copy", "add")),
    ("DS301", "stages.ds301_stage_split", ()),  # a build step has too many names
    ("DS302", "stages.ds302_slim_runtime_base", ("from=",)),  # COPY --from=, RUN --mount=...,from=
    ("DS303", "stages.ds303_dev_stage", ("pip", "npm")),
    ("DS401", "ds401_base_policy", ()),  # the policy, not the file, decides
)


class Listed:
    """A pass of the table, as the pipeline runs a Pass: code, name and words at hand, the
    module imported on first use of `spec`, `doc` or `check`."""

    def __init__(self, code: str, module: str, words: tuple[str, ...]) -> None:
        self.code, self.module, self.words = code, module, words
        self.name = module.rpartition(".")[2].split("_", 1)[1].replace("_", "-")  # the spec's name

    @cached_property
    def loaded(self) -> Pass:
        module = importlib.import_module(f"{__name__}.{self.module}")
        return Pass(spec=module.SPEC, doc=(module.__doc__ or "").strip(), check=module.check, words=self.words)

    @property
    def spec(self):
        return self.loaded.spec

    @property
    def doc(self) -> str:
        return self.loaded.doc

    @property
    def check(self):
        return self.loaded.check

    def __repr__(self) -> str:
        return f"Listed({self.code}, {self.module})"


PASSES = tuple(Listed(*row) for row in TABLE)


def registry() -> tuple[Listed, ...]:
    """Every pass, ordered by code."""
    return PASSES


def find_pass(code: str) -> Listed | None:
    """The pass of a code or name (`DS130`, `pip-no-cache-dir`)."""
    return next((p for p in PASSES if p.code == code.upper() or p.name == code.lower()), None)


def selected(select: list[str] | None, ignore: list[str] | None) -> tuple[Listed, ...]:
    """Passes chosen by code prefixes (`DS1` selects DS100-DS199) or names, ignore winning."""

    def matches(p: Listed, prefixes: list[str]) -> bool:
        return any(p.code.startswith(x.upper()) or p.name == x.lower() or x.upper() == "ALL" for x in prefixes)

    out = PASSES
    if select:
        out = tuple(p for p in out if matches(p, select))
    if ignore:
        out = tuple(p for p in out if not matches(p, ignore))
    return out
