"""The shipped package data (dockslim/data/debian/) is what scripts/gen_package_data.py makes of
Debian's package indexes, and its derived releases are consistent with their base.

The regeneration downloads each suite's Release file and, unless the cache already holds it,
its Packages.xz (about 9 MB each; cached by sha256 under /var/cache/dockslim-packages,
~/.cache/dockslim-packages or $DOCKSLIM_PACKAGE_CACHE).
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

from dockslim.optimizer import packages as pk

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
    files = gen.outputs(regenerated)
    on_disk = [*gen.OUTPUT.glob("*.json"), *(gen.OUTPUT / gen.RECOMMENDS).glob("*.json"), *(gen.OUTPUT / gen.SIZES).glob("*.json")]
    assert sorted(str(p.relative_to(gen.OUTPUT)) for p in on_disk) == sorted(files)
    for release, data in regenerated.items():
        old = shipped(release)
        if "index" in data and old["index"]["sha256"] != data["index"]["sha256"]:
            pytest.fail(
                f"Debian's {release} index changed ({old['index']['date']} -> {data['index']['date']}): "
                "run scripts/gen_package_data.py and review the difference"
            )
    for name, text in files.items():
        assert (gen.OUTPUT / name).read_text(encoding="utf-8") == text, f"{name} is not what the generator makes"


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


@pytest.mark.parametrize("release", gen.SUITES)
def test_a_library_stands_for_its_shared_library_not_its_tools(release):
    # libzip-dev depends on zipcmp, zipmerge and ziptool (trixie): the library's tools
    [runtime] = shipped(release)["dev"]["libzip-dev"].split()
    assert runtime.startswith("libzip") and runtime[-1].isdigit()
    assert shipped(release)["dev"]["libpq-dev"] == "libpq5"


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


# --------------------------------------------------------------------------- Recommends

INDEX = """\
Package: base-files
Priority: required

Package: libc6
Priority: required
Recommends: libidn2-0

Package: libidn2-0
Priority: optional

Package: libcurl4
Depends: libc6
Recommends: ca-certificates, publicsuffix

Package: curl
Depends: libc6, libcurl4 (= 7.88)

Package: wget
Recommends: ca-certificates | ca-cacert, www-browser

Package: lynx
Provides: www-browser

Package: ca-certificates
Depends: openssl

Package: openssl

Package: ca-certificates-java
Depends: ca-certificates

Package: publicsuffix

Package: dirmngr
"""


def test_recommends_data_from_an_index():
    pkgs = gen.paragraphs(INDEX)
    data = gen.recommends_data(pkgs)
    # direct Recommends: first alternatives, virtual names as their one provider
    assert data["recommends"]["wget"] == "ca-certificates lynx"
    assert data["recommends"]["libcurl4"] == "ca-certificates publicsuffix"
    # libc6 is in every image: neither it nor what it recommends counts
    assert "libc6" not in data["recommends"]
    # curl reaches ca-certificates only through libcurl4's Recommends; ca-certificates-java
    # depends on it, and a package never leaves itself out
    assert data["leaves_out"]["ca-certificates"] == "curl libcurl4 wget"
    assert data["leaves_out"]["dirmngr"] == ""


def test_recommends_files_record_their_index():
    for suite in gen.SUITES:
        data = json.loads((gen.OUTPUT / gen.RECOMMENDS / f"{suite}.json").read_text(encoding="utf-8"))
        assert data["index"] == shipped(suite)["index"]
        assert set(data["leaves_out"]) == set(gen.NEEDED_LATER) | set(data["functional"])
        assert len(data["recommends"]) > 5000 and len(data["leaves_out"]["ca-certificates"].split()) > 5000
        # every pattern of FUNCTIONAL finds its package (trixie has no unoconv, so no office suite for it)
        missing = {wanted for _, wanted, _ in gen.FUNCTIONAL if not any(re.fullmatch(wanted, n) for n in data["functional"])}
        assert missing == ({r"libreoffice-(writer|calc|impress|draw)"} if suite == "trixie" else set()), suite


@pytest.mark.parametrize("release", ["bullseye", "bookworm", "trixie"])
def test_what_carries_a_package_s_function_is_known(release):
    functional = pk.functional_recommends(release)
    # imagemagick reads PDF through ghostscript, a Recommends of the library it depends on
    assert pk.left_out("ghostscript", ["imagemagick"], release) is True
    assert pk.left_out("ghostscript", ["imagemagick", "ghostscript"], release) is False
    extra = [p for p in functional if p.startswith("libmagickcore") and "hdri" not in p]
    assert len(extra) == 1 and pk.left_out(extra[0], ["imagemagick"], release) is True
    assert pk.left_out("lmodern", ["texlive"], release) is True
    assert pk.left_out("xauth", ["xvfb"], release) is True
    # git recommends openssh-client, which recommends xauth: not a function of git
    assert pk.left_out("xauth", ["git"], release) is False
    assert pk.left_out("ghostscript", ["build-essential", "curl"], release) is False


@pytest.mark.parametrize("release", ["bullseye", "bookworm", "trixie"])
def test_build_tools_brought_through_depends_are_known(release):
    assert pk.brought_by_depends("gcc", ["build-essential"], release)
    assert pk.brought_by_depends("libc6-dev", ["g++"], release)
    assert pk.brought_by_depends("make", ["build-essential"], release)
    assert not pk.brought_by_depends("make", ["cmake", "g++"], release)  # cmake only recommends make
    assert not pk.brought_by_depends("gcc", ["cmake"], release)


@pytest.mark.parametrize("release", ["bullseye", "bookworm", "trixie", "jammy", "noble"])
def test_what_dropping_recommends_leaves_out(release):
    # curl, wget and git bring the CA bundle only as a recommendation (curl through libcurl)
    for pkg in ("curl", "wget", "git"):
        assert pk.left_out("ca-certificates", [pkg], release) is True
    assert pk.left_out("ca-certificates", ["curl", "ca-certificates"], release) is False
    assert pk.left_out("ca-certificates", ["jq"], release) is False
    # gnupg depends on dirmngr from buster on (stretch only recommended it)
    assert pk.left_out("dirmngr", ["gnupg"], release) is False
    assert {"less", "ca-certificates", "patch"} <= set(pk.recommends("git", release))
    assert "build-essential" in pk.recommends("python3-pip", release)
    assert pk.recommends("curl=7.88.1-10", release) == pk.recommends("curl", release)


def test_derived_releases_read_their_suite():
    assert pk.recommends("git", "jammy") == pk.recommends("git", "bookworm")
    assert pk.recommends("git", "focal") == pk.recommends("git", "bullseye")


def test_unknown_releases_have_no_answer():
    assert pk.recommends("git", "stretch") is None
    assert pk.left_out("ca-certificates", ["curl"], "xenial") is None
    assert pk.left_out("lynx", ["wget"], "bookworm") is None  # not a package the data follows


def test_recommends_are_read_when_asked():
    pk.debian_recommends.cache_clear()
    pk.runtime_for("libpq-dev", "debian", release="bookworm")
    assert pk.debian_recommends.cache_info().currsize == 0
    pk.recommends("curl", "jammy")
    assert pk.debian_recommends.cache_info().currsize == 1
