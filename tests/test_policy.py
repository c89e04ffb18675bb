"""The company policy: image globs, the config table's errors, the policy reaching the passes
through the command line, and `verify` reading the required packages in a built image."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _command import run as run_command

import dockslim
from dockslim.cli import main
from dockslim.verify.engine import Engine, EngineError
from dockslim.optimizer.policy import Policy, from_table, normalized
from dockslim.optimizer.rules import Options
from dockslim.verify.cli import verify_command

# (reference, reference as the globs see it)
NORMALIZED = [
    ("python:3.11", "python:3.11"),  # no-op: tagged, Docker Hub's short form
    ("ghcr.io/acme/app:1.2", "ghcr.io/acme/app:1.2"),  # no-op: another registry keeps its host
    ("scratch", "scratch"),  # no-op: not an image, never `:latest`
    ("python", "python:latest"),
    ("docker.io/library/python:3.11", "python:3.11"),
    ("docker.io/acme/app", "acme/app:latest"),
    ("localhost:5000/app", "localhost:5000/app:latest"),  # the port is not a tag
    ("python:3.11@sha256:" + "a" * 64, "python:3.11"),
]


@pytest.mark.parametrize("ref, expected", NORMALIZED)
def test_normalized(ref, expected):
    assert normalized(ref) == expected


# (policy, reference, allowed)
ALLOWS = [
    (Policy(), "python:latest", True),  # no policy: everything
    (Policy(allowed_bases=("python:*-slim",)), "python:3.11-slim", True),
    (Policy(allowed_bases=("python:*-slim",)), "python:3.11", False),
    (Policy(forbidden_bases=("*:latest",)), "python", False),
    (Policy(forbidden_bases=("*:latest",)), "docker.io/library/node", False),
    (Policy(forbidden_bases=("*:latest",)), "node:20", True),
    (Policy(forbidden_bases=("python",)), "python:latest", False),  # the glob is normalized too
    (Policy(allowed_bases=("docker.io/library/python:3.11",)), "python:3.11", True),
    (Policy(allowed_bases=("python:*",), forbidden_bases=("python:2*",)), "python:2.7", False),  # forbidden wins
    (Policy(allowed_bases=("python:*",)), "scratch", False),
    (Policy(allowed_bases=("python:*",)), "${BASE}", True),  # no default to judge by
]


@pytest.mark.parametrize("policy, ref, allowed", ALLOWS)
def test_allows(policy, ref, allowed):
    assert policy.allows(ref) is allowed


def test_from_table_reads_the_three_keys():
    policy = from_table({"allowed-bases": ["python:*-slim"], "required-packages": ["curl"]})
    assert policy == Policy(allowed_bases=("python:*-slim",), required_packages=("curl",))


# ------------------------------------------------------------------------------ the command line

NAIVE = "FROM python:3.11\nCOPY app.py /app/\nCMD [\"python\", \"/app/app.py\"]\n"


def project(tmp_path: Path, config_name: str, config: str) -> Path:
    (tmp_path / config_name).write_text(config)
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(NAIVE)
    return dockerfile


@pytest.mark.parametrize("name, config, message", [
    (".dockslim.toml", "[policy]\nallowed-base = [\"python:*\"]\n",
     "unknown key `policy.allowed-base` (known: allowed-bases, forbidden-bases, required-packages)"),
    (".dockslim.toml", "[policy]\nrequired-packages = \"curl\"\n", "`policy.required-packages` must be a list of strings"),
    (".dockslim.toml", "policy = [\"python:*\"]\n", "`policy` must be a table"),
    ("pyproject.toml", "[tool.dockslim.policy]\nforbidden-bases = [1]\n", "`policy.forbidden-bases` must be a list of strings"),
])
def test_a_malformed_policy_is_one_line_and_exit_2(tmp_path, name, config, message):
    dockerfile = project(tmp_path, name, config)
    result = run_command(main, ["check", str(dockerfile)])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [f"dockslim: error: {dockerfile}: {tmp_path / name}: {message}"]


def test_the_policy_reaches_the_passes_from_pyproject(tmp_path):
    dockerfile = project(tmp_path, "pyproject.toml", '[tool.dockslim.policy]\nallowed-bases = ["python:*-slim"]\n')
    result = run_command(main, ["check", "--format", "json", str(dockerfile)])
    found = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "DS401"]
    assert [f["line"] for f in found] == [1]
    fixed = run_command(main, ["fix", "--unsafe-fixes", "--diff", str(dockerfile)])
    assert "+FROM python:3.11-slim" in fixed.stdout


def test_without_a_policy_ds401_is_silent(tmp_path):
    assert not dockslim.check(NAIVE, select=["DS401"])


def test_a_required_package_only_recommended_is_named():
    """ca-certificates comes with curl only as a recommendation (of libcurl4); curl leaves the
    image, so nothing but the policy asks for the CA bundle."""
    text = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\nRUN apt-get purge -y curl\n"
    plain = dockslim.fix(text, select=["DS101"], unsafe_fixes=True).text
    assert "install --no-install-recommends -y curl\n" in plain
    policy = Options(extra={"policy": Policy(required_packages=("ca-certificates",))})
    kept = dockslim.fix(text, select=["DS101"], unsafe_fixes=True, options=policy).text
    assert "install --no-install-recommends -y curl ca-certificates\n" in kept


def test_a_required_build_only_package_stays_through_the_split():
    text = ("FROM python:3.11\nRUN apt-get update && apt-get install -y gcc libpq-dev\n"
            "RUN pip install psycopg2==2.9.10\nCMD [\"python\"]\n")
    policy = Options(extra={"policy": Policy(required_packages=("gcc",))})
    plain = dockslim.fix(text, unsafe_fixes=True).text
    kept = dockslim.fix(text, unsafe_fixes=True, options=policy).text
    assert "gcc" not in plain.rsplit("FROM ", 1)[1]  # the final stage
    assert "gcc" in kept.rsplit("FROM ", 1)[1]


# ------------------------------------------------------------------------------ verify


@pytest.mark.build
def test_verify_reads_the_required_packages_in_the_built_image(tmp_path):
    try:
        engine = Engine()
        engine.ping()
    except EngineError as exc:
        pytest.skip(f"no container engine: {exc}")
    if not engine.image_exists("debian:bookworm-slim"):
        pytest.skip("base image missing (run scripts/engine.sh): debian:bookworm-slim")
    (tmp_path / ".dockslim.toml").write_text('[policy]\nrequired-packages = ["curl", "wget"]\n')
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text("FROM debian:bookworm-slim\n"
                          "RUN apt-get update && apt-get install -y --no-install-recommends curl\n"
                          "CMD [\"curl\", \"--version\"]\n")
    result = run_command(verify_command, [str(dockerfile), "--format", "json", "-q"])
    (report,) = json.loads(result.stdout)["reports"]
    # curl is installed in the built image; wget was never, in the original either: a note
    assert report["required_packages"] == {"required": ["curl", "wget"], "missing": ["wget"]}
    assert report["status"] == "verified", report["message"]
    assert "the original image lacks wget too, which the policy requires" in report["notes"]
