"""Estimated bytes per finding: the closure arithmetic against the shipped data read here
independently, the apt lists against a measured update, and what each output shows."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

import dockslim
from dockslim.optimizer import estimate as est
from dockslim.optimizer import packages as pk

ROOT = Path(__file__).resolve().parent.parent
SIZES = ROOT / "dockslim" / "data" / "debian" / "sizes"

# a naive Debian Python file: lists left in the layer, recommends, build tools in the image
NAIVE = (
    "FROM python:3.11\n"
    "WORKDIR /app\n"
    "RUN apt-get update && apt-get install -y gcc libpq-dev postgresql-client\n"
    "COPY requirements.txt .\n"
    "RUN pip install -r requirements.txt\n"
    "COPY . .\n"
    'CMD ["python", "manage.py", "runserver"]\n'
)
SLIM = "FROM python:3.11-slim\nRUN apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/*\n"


def shipped(suite: str) -> dict:
    return json.loads((SIZES / f"{suite}.json").read_text(encoding="utf-8"))


def fixed_point(names: set[str], data: dict, recommends: dict, have: set[str] = frozenset()) -> set[str]:
    """The packages an install brings, grown until nothing is added (not estimate's walk)."""
    packages, base = data["packages"], set(data["base"].split())
    found = {n for n in names if n not in base and n not in have}
    while True:
        more = set()
        for name in found:
            more |= set(packages[name].split()[2:]) | set(recommends.get(name, "").split())
        more = {m for m in more if m not in base and m not in have} - found
        if not more:
            return found
        found |= more


def kib(names: set[str], data: dict) -> int:
    return sum(int(data["packages"][n].split()[0]) for n in names)


def naive_check(tmp_path: Path) -> list[dict]:
    (tmp_path / "Dockerfile").write_text(NAIVE)
    (tmp_path / "requirements.txt").write_text("Django==4.2.16\npsycopg2==2.9.9\n")
    out = subprocess.run([sys.executable, "-m", "dockslim.cli", "check", "--format", "json", "Dockerfile"],
                         cwd=tmp_path, capture_output=True, text=True, check=False)
    return json.loads(out.stdout)["findings"]


# --------------------------------------------------------------------------- the data


@pytest.mark.parametrize("suite", ["bullseye", "bookworm", "trixie"])
def test_closure_sums_what_the_index_says(suite):
    data = shipped(suite)
    for names in (["postgresql-client"], ["gcc", "libpq-dev"], ["git"]):
        mine = fixed_point(set(names), data, {})
        assert est.closure(names, suite) == mine
        assert est.installed_bytes(mine, suite) == 1024 * kib(mine, data) > 0
    # what every image has costs nothing
    assert est.closure(["apt", "bash", "libc6"], suite) == set()
    assert est.closure(["no-such-package"], suite) is None


def test_apt_lists_are_the_release_files_sizes():
    lists = json.loads((SIZES / "lists.json").read_text())["suites"]
    for suite, found in lists.items():
        assert found["bytes"] == found["inrelease"] + round(found["packages"] * found["lz4_ratio"])
        assert found["index"]["sha256"] == shipped(suite)["index"]["sha256"]
    # measured: `apt-get update` in the debian:bookworm stand-in wrote 19,887,396 bytes
    # (du -sb /var/lib/apt/lists), -updates and -security included
    assert abs(est.lists_bytes("bookworm") - 19_887_396) / 19_887_396 < 0.1
    assert est.lists_bytes("jammy") is None  # Ubuntu's archive is another


def test_sizes_from_an_index():
    spec = importlib.util.spec_from_file_location("gen_package_data", ROOT / "scripts" / "gen_package_data.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    pkgs = gen.paragraphs(
        "Package: libc6\nPriority: required\nInstalled-Size: 12000\nSize: 2800000\n\n"
        "Package: apt\nInstalled-Size: 4000\nSize: 1400000\nDepends: libc6\n\n"
        "Package: curl\nInstalled-Size: 500\nSize: 315000\nDepends: libc6, libcurl4 (>= 7.88)\n\n"
        "Package: libcurl4\nInstalled-Size: 800\nSize: 390000\nDepends: libc6, mail-transport-agent | postfix\n\n"
        "Package: exim4\nInstalled-Size: 50\nSize: 9000\nProvides: mail-transport-agent\n"
    )
    data = gen.sizes_data(pkgs)
    assert data["base"] == "apt libc6"
    # the base is left out; a virtual name is its provider
    assert data["packages"] == {"curl": "500 315000 libcurl4", "exim4": "50 9000", "libcurl4": "800 390000 exim4"}


# --------------------------------------------------------------------------- per finding


def test_naive_python_file(tmp_path: Path):
    found = {f["code"]: f for f in naive_check(tmp_path)}
    assert all("estimated_bytes" in f for f in found.values())
    # the lists of trixie (python:3.11's release) and the split onto python:3.11-slim
    assert found["DS102"]["estimated_bytes"] == est.lists_bytes("trixie") > 0
    assert found["DS301"]["estimated_bytes"] > 800e6
    assert found["DS130"]["estimated_bytes"] is None  # pip's cache: not known before a build
    # python:3.11 has gcc and libpq-dev already: only postgresql-client's recommends are new
    data, recommends = shipped("trixie"), pk.debian_recommends("trixie")["recommends"]
    have = est.image_packages("python:3.11", "trixie")
    names = {"gcc", "libpq-dev", "postgresql-client"}
    extra = fixed_point(names, data, recommends, have) - fixed_point(names, data, {}, have)
    assert found["DS101"]["estimated_bytes"] == 1024 * kib(extra, data)


def test_split_is_the_base_difference_and_the_packages(tmp_path: Path):
    [split] = [f for f in naive_check(tmp_path) if f["code"] == "DS301"]
    # python:3.11 -> python:3.11-slim; the runtime stage installs libpq5 and postgresql-client
    # on the slim base, which the full one had (libpq5) or which stays (postgresql-client)
    data = shipped("trixie")
    have = est.image_packages("python:3.11-slim", "trixie")
    runtime = fixed_point({"libpq5", "postgresql-client"}, data, pk.debian_recommends("trixie")["recommends"], have)
    full = fixed_point({"postgresql-client"}, data, pk.debian_recommends("trixie")["recommends"],
                       est.image_packages("python:3.11", "trixie"))
    expected = est.image_bytes("python:3.11") - est.image_bytes("python:3.11-slim") + 1024 * (kib(full, data) - kib(runtime, data))
    assert split["estimated_bytes"] == expected


def test_recommends_on_a_slim_base():
    [f] = [f for f in dockslim.check(SLIM) if f.code == "DS101"]
    data, recommends = shipped("trixie"), pk.debian_recommends("trixie")["recommends"]
    have = est.image_packages("python:3.11-slim", "trixie")
    # the fix keeps openssh-client for git at run time: what it brings is not saved
    extra = fixed_point({"git"}, data, recommends, have) - fixed_point({"git", "openssh-client"}, data, {}, have)
    assert f.estimated_bytes == 1024 * kib(extra, data) > 1_000_000  # less, patch, xauth ...


def test_unknown_is_none():
    # packages named by a variable: their recommends are not known, the lists are
    found = {f.code: f.estimated_bytes for f in dockslim.check("FROM python:3.11-slim\nRUN apt-get update && apt-get install -y $PKGS\n")}
    assert found["DS101"] is None and found["DS102"] == est.lists_bytes("trixie")
    # a base dockslim cannot place: nothing is known
    found = {f.code: f.estimated_bytes for f in dockslim.check("FROM example.com/base:1\nRUN apt-get update && apt-get install -y git\n")}
    assert found["DS102"] is None and found.get("DS101") is None
    assert est.image_bytes("node:18-bookworm") is None  # no published size in the table


@pytest.mark.parametrize(
    "adds",
    [
        "curl -fsSL https://deb.nodesource.com/setup_20.x | bash -",
        'echo "deb https://apt.example.org stable main" > /etc/apt/sources.list.d/example.list && apt-get update',
    ],
)
def test_packages_of_an_added_repository_are_not_estimated(adds):
    plain = "FROM python:3.11-bookworm\nRUN apt-get update && apt-get install -y nodejs\n"
    added = f"FROM python:3.11-bookworm\nRUN {adds}\nRUN apt-get install -y nodejs\n"
    [known] = [f for f in dockslim.check(plain) if f.code == "DS101"]
    [other] = [f for f in dockslim.check(added) if f.code == "DS101"]
    assert known.estimated_bytes > 1_000_000 and "(nodejs-doc" in known.message  # Debian's nodejs
    assert other.estimated_bytes is None and "(" not in other.message


def test_what_an_earlier_install_brought_is_not_saved():
    later = "RUN apt-get install -y unoconv\n"
    after = f"FROM debian:bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends libreoffice\n{later}"
    [second] = [f for f in dockslim.check(after) if f.code == "DS101" and f.begin_pos.line == 3]
    # libreoffice depends on the applications unoconv recommends: the fix names none of them, and
    # what they take is not counted as saved (it was ~636 MB)
    assert "libreoffice-writer" not in second.fix.title
    assert second.estimated_bytes is not None and second.estimated_bytes < 10_000_000


def test_every_size_names_its_source():
    table = json.loads((ROOT / "dockslim" / "data" / "images.json").read_text())
    for tag, entry in table["sizes"].items():
        assert entry["source"].startswith("https://") and entry["created"] and entry["bytes"] > 0, tag


# --------------------------------------------------------------------------- outputs


def test_text_and_sarif_show_the_estimate(tmp_path: Path):
    (tmp_path / "Dockerfile").write_text(SLIM.replace(" && rm -rf /var/lib/apt/lists/*", ""))
    out = subprocess.run([sys.executable, "-m", "dockslim.cli", "check", "Dockerfile"], cwd=tmp_path,
                         capture_output=True, text=True, check=False).stdout
    lists = est.lists_bytes("trixie")
    assert f"DS102 `apt-get update` leaves the package lists (/var/lib/apt/lists) in the layer ({est.human(lists)})" in out
    results = {r["ruleId"]: r for r in _sarif(tmp_path)["runs"][0]["results"]}
    assert results["DS102"]["properties"]["estimatedBytes"] == lists


def _sarif(tmp_path: Path) -> dict:
    out = subprocess.run([sys.executable, "-m", "dockslim.cli", "check", "--format", "sarif", "Dockerfile"],
                         cwd=tmp_path, capture_output=True, text=True, check=False).stdout
    return json.loads(out)


def test_human():
    assert est.human(21_661_679) == "~22 MB"
    assert est.human(6_553_600) == "~6.6 MB"
    assert est.human(322_560) == "~0.3 MB"
    assert est.human(24_576) == "~25 kB"


def test_bot_table_gives_the_estimate_without_a_build():
    from dockslim import bot

    text = SLIM.replace(" && rm -rf /var/lib/apt/lists/*", "")
    result = dockslim.fix(text)
    worth = sum(f.estimated_bytes or 0 for f in result.applied)
    assert worth == est.lists_bytes("trixie")  # DS102's fix; the others are not known
    body = bot.render_body(bot.Plan([bot.Change("Dockerfile", text, result.text, result.applied)]), "main")
    assert f"| `Dockerfile` | not measured | not measured | not measured (estimated ~{bot._size(worth)}) |" in body
