"""The shipped package data (dockslim/data/debian/) is what scripts/gen_package_data.py makes of
Debian's package indexes, and its derived releases are consistent with their base.

The regeneration downloads each suite's Release file and, unless the cache already holds it,
its Packages.xz (about 9 MB each; cached by sha256 under /var/cache/dockslim-packages,
~/.cache/dockslim-packages or $DOCKSLIM_PACKAGE_CACHE).
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("gen_package_data", ROOT / "scripts" / "gen_package_data.py")
gen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen)


def shipped(release: str) -> dict:
    return json.loads((gen.OUTPUT / f"{release}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def regenerated() -> dict[str, dict]:
    return gen.generate(gen.default_cache())


def test_shipped_data_is_regenerated_from_the_indexes(regenerated):
    assert sorted(p.stem for p in gen.OUTPUT.glob("*.json")) == sorted(regenerated)
    for release, data in regenerated.items():
        old = shipped(release)
        if "index" in data and old["index"]["sha256"] != data["index"]["sha256"]:
            pytest.fail(
                f"Debian's {release} index changed ({old['index']['date']} -> {data['index']['date']}): "
                "run scripts/gen_package_data.py and review the difference"
            )
        text = (gen.OUTPUT / f"{release}.json").read_text(encoding="utf-8")
        assert text == gen.dump(release, data), f"{release}.json is not what the generator makes of its index"


@pytest.mark.parametrize("release", gen.SUITES)
def test_suite_records_its_index(release):
    data = shipped(release)
    index = data["index"]
    assert data["release"] == release and index["suite"] == release
    assert len(index["sha256"]) == 64 and index["date"] and index["url"].endswith(gen.INDEX)
    assert len(data["dev"]) > 5000 and len(data["provides"]) > 1000


@pytest.mark.parametrize("release", [*gen.SUITES, *gen.DERIVED])
def test_runtime_packages_are_not_build_only(release):
    data = shipped(release)
    dev = set(data["dev"])
    runtime = {r for rs in data["dev"].values() for r in rs.split()}
    assert not runtime & dev
    assert not {n for n in runtime if n.endswith("-dev")}
    assert set(data["provides"]).isdisjoint(dev | runtime), "a provided name is never a real package"


@pytest.mark.parametrize("release, spec", gen.DERIVED.items())
def test_derived_release_differences_apply(release, spec):
    """Each reviewed difference names something the base release has: a rename of a name the
    base does not use would silently do nothing."""
    data, base = shipped(release), shipped(spec["derived_from"])
    assert data["derived_from"] == spec["derived_from"]
    base_runtime = {r for d in gen.REVIEWED if d in base["dev"] for r in base["dev"][d].split()}
    for old, new in spec["runtime"].items():
        assert old in base_runtime, f"{release}: {old} is not a runtime package of {spec['derived_from']}"
        runtime = {r for rs in data["dev"].values() for r in rs.split()}
        assert old not in runtime and (new is None or new in runtime)
    assert set(data["dev"]) == (set(gen.REVIEWED) | set(spec["dev"])) - set(spec["unreviewed"])
