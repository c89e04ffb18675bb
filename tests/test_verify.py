"""`dockslim verify` and `fix --verify` against a real container engine (no mocks).

The build tests (marked `build`) need the engine and the local base images that
scripts/engine.sh sets up; they are skipped when no engine answers. The two-engine test
starts a second daemon with `ENGINE_NAME=second scripts/engine.sh daemon` (unless one
already answers on that socket) and stops it afterwards.

Most Dockerfiles here are small and based on debian:bookworm-slim; only the Django example
needs python:3.11. Every build goes through the build cache, so a second run is fast.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from _command import run as run_command

from dockslim.optimizer.findings import Applicability, Edit, Finding, Fix
from dockslim.optimizer.rules import Pass, PassSpec, Phase
from dockslim.transforms import registry
from dockslim.verify.cli import VerifyRequest, fix_verified, fix_with_verify, verify_command

ROOT = Path(__file__).resolve().parent.parent
DJANGO = ROOT / "examples" / "django"
DJANGO_SMOKE = 'python -c "import django, psycopg2" && python manage.py check'
SECOND = os.environ.get("DOCKSLIM_TEST_SECOND_ENGINE", "second")
BASES = ("debian:bookworm-slim", "python:3.11-slim", "python:3.11")


# ------------------------------------------------------------------------------ test-local passes


def _end_of_run(inst) -> int:
    end = inst.end
    while end > inst.start and inst.source[end - 1] in "\r\n":
        end -= 1
    return end


def appending_pass(code: str, name: str, wants, suffix: str, title: str) -> Pass:
    """A pass that appends `suffix` to every RUN for which `wants(run text)` holds."""

    def check(model, options):
        for stage in model.stages:
            for inst in stage.runs():
                if inst.heredocs or not wants(inst.text):
                    continue
                at = _end_of_run(inst)
                yield Finding(code, title, inst.start, at, Fix(title, Applicability.SAFE, (Edit.insert(at, suffix),)))

    spec = PassSpec(code=code, name=name, phase=Phase.CLEANUP, summary=title, applicability=Applicability.SAFE)
    return Pass(spec=spec, doc=f"{code} {name}: test pass", check=check)


# Purging libpq-dev with --auto-remove also takes libpq5, the runtime library: the image
# builds, is smaller, and anything that loads libpq is broken. Only a smoke test sees it.
HARMFUL = appending_pass(
    "DS999", "purge-libpq-dev",
    lambda text: "libpq-dev" in text and "purge" not in text,
    " && apt-get purge -y --auto-remove libpq-dev", "Purge libpq-dev",
)


def replacing_pass(code: str, old: str, new: str) -> Pass:
    """A pass that rewrites the text `old` to `new` wherever an instruction holds it."""

    def check(model, options):
        for inst in model.instructions:
            at = inst.text.find(old)
            if at >= 0:
                start = inst.start + at
                fix = Fix(f"Replace {old}", Applicability.SAFE, (Edit(start, start + len(old), new),))
                yield Finding(code, f"replace {old}", start, start + len(old), fix)

    spec = PassSpec(code=code, name="replace-text", phase=Phase.COMMAND, summary="replace text",
                    applicability=Applicability.SAFE, kinds=("RUN", "ENV"))
    return Pass(spec=spec, doc=f"{code}: test pass", check=check)


# ------------------------------------------------------------------------------ fixtures


def _docker(engine, *args, check=True):
    return subprocess.run([engine.cli, *args], env=engine.env, capture_output=True, text=True, check=check)


@pytest.fixture(scope="session")
def engine():
    from dockslim.verify.engine import Engine, EngineError

    try:
        e = Engine()
        e.ping()
    except EngineError as exc:
        pytest.skip(f"no container engine: {exc}")
    missing = [b for b in BASES if not e.image_exists(b)]
    if missing:
        pytest.skip(f"base images missing (run scripts/engine.sh): {', '.join(missing)}")
    return e


@pytest.fixture(scope="session")
def second_engine(engine):
    """A second daemon on its own socket, with debian:bookworm-slim loaded."""
    from dockslim.verify.engine import Engine, EngineError

    if os.geteuid() != 0:
        pytest.skip("starting a second daemon needs root")
    endpoint = f"unix:///var/run/dockslim-{SECOND}.sock"
    env = {k: v for k, v in os.environ.items() if k != "DOCKER_HOST"}
    env.update(ENGINE_NAME=SECOND, ENGINE_IMAGES="debian:bookworm-slim", DOCKSLIM_DOCKER_CLI=engine.cli)
    script = str(ROOT / "scripts" / "engine.sh")
    started = False
    try:
        Engine(endpoint).ping()
    except EngineError:
        subprocess.run(["bash", script, "daemon"], env=env, check=True, capture_output=True, timeout=300)
        started = True
    try:
        subprocess.run(["bash", script, "images"], env=env, check=True, capture_output=True, timeout=900)
        second = Engine(endpoint)
        second.ping()
        yield second
    finally:
        if started:
            subprocess.run(["bash", script, "stop"], env=env, capture_output=True, timeout=300)


def invoke(args, env=None):
    return run_command(verify_command, [str(a) for a in args], env=env)


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text)
    return path


def gone(engine, image: str) -> bool:
    return _docker(engine, "image", "inspect", image, check=False).returncode != 0


# ------------------------------------------------------------------------------ (d) no engine


def test_no_engine_is_one_line_and_exit_2(tmp_path):
    path = write(tmp_path, "Dockerfile", "FROM debian:bookworm-slim\nRUN pip install six\n")
    result = invoke([path], env={"DOCKER_HOST": "unix:///nonexistent/dockslim.sock"})
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert ("no container engine answers at unix:///nonexistent/dockslim.sock" in lines[0]
            or "no docker client found" in lines[0])
    assert result.stdout == ""


def test_no_engine_fix_verify_writes_nothing(tmp_path, monkeypatch):
    text = "FROM debian:bookworm-slim\nRUN pip install six\n"
    path = write(tmp_path, "Dockerfile", text)
    monkeypatch.setenv("DOCKER_HOST", "unix:///nonexistent/dockslim.sock")
    code = fix_verified([str(path)], (), (), None, None, False, VerifyRequest())
    assert code == 2
    assert path.read_text() == text


def test_importing_dockslim_needs_no_engine_code():
    probe = "import sys, dockslim, dockslim.cli, dockslim.verify.cli; " \
            "print(*sorted(m for m in sys.modules if m == 'docker' or m.startswith(('docker.', 'dockslim.verify'))))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    # at most the package, the options of `fix --verify` and its command line: no engine, no job
    assert set(out.stdout.split()) <= {"dockslim.verify", "dockslim.verify.fix_options", "dockslim.verify.cli"}, out.stdout


# ------------------------------------------------------------------------------ (a) Django


@pytest.mark.build
def test_django_naive_verifies(engine):
    t0 = time.monotonic()
    result = invoke([DJANGO / "Dockerfile.naive", "--smoke", DJANGO_SMOKE, "--format", "json", "-q"])
    assert result.exit_code == 0, result.output + result.stderr
    doc = json.loads(result.stdout)
    assert doc["schema"] == "dockslim.verify/1"
    (r,) = doc["reports"]
    assert r["status"] == "verified" and r["exit_code"] == 0
    assert r["applied"] and all({"code", "title", "line"} <= set(a) for a in r["applied"])
    before, after = r["before"], r["after"]
    assert before["built"] and after["built"]
    assert after["size"] <= before["size"]
    assert r["saved"]["bytes"] == before["size"] - after["size"] > 0
    assert after["layers"] <= before["layers"]
    assert r["config"]["same"] is True and r["config"]["changes"] == []
    assert r["smoke"]["passed"] and r["smoke"]["before"]["exit_code"] == 0 == r["smoke"]["after"]["exit_code"]
    # per layer: this Dockerfile's instructions, the base image's entries left out
    assert r["base"]["image"] == "python:3.11"
    assert any(row["before"] and row["before"]["instruction"].startswith("RUN pip install") for row in r["layers"])
    assert all(row["change"] in {"same", "size", "changed", "removed", "added"} for row in r["layers"])
    for row in r["layers"]:
        for side in ("before", "after"):
            assert row[side] is None or isinstance(row[side]["bytes"], int)
    # per pass, cumulative in registry order; the savings add up to the total
    codes = [p["code"] for p in r["passes"]]
    order = [p.code for p in registry()]
    assert codes == sorted(codes, key=order.index) and set(codes) == {a["code"] for a in r["applied"]}
    assert all(p["built"] for p in r["passes"])
    assert sum(p["saved_bytes"] for p in r["passes"]) == r["saved"]["bytes"]
    assert r["passes"][-1]["size"] == after["size"]
    # what left the filesystem
    fs = r["filesystem"]
    assert fs["removed_bytes"] > 0 and fs["top_removed"]
    assert {"path", "bytes", "files"} <= set(fs["top_removed"][0])
    assert "DS130" not in codes or any(g["path"].startswith("/root/.cache/pip") for g in fs["top_removed"])
    # temporary images are gone, the log is kept
    assert gone(engine, before["image"]) and gone(engine, after["image"])
    assert Path(r["log"]).is_file() and "dockslim-verify" in Path(r["log"]).read_text()
    print(f"django naive: {time.monotonic() - t0:.1f}s, saved {r['saved']['bytes']:,} bytes")


# ------------------------------------------------------------------------------ (b) a harmful rewrite


LIBPQ = """\
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev
ENTRYPOINT ["/bin/false"]
"""
LIBPQ_SMOKE = "ls /usr/lib/*/libpq.so.5"  # the library psycopg2 loads; ENTRYPOINT must be bypassed


@pytest.mark.build
def test_harmful_rewrite_is_caught_and_dropped(engine, tmp_path):
    from dockslim.verify.run import verify

    passes = (*registry(), HARMFUL)
    path = write(tmp_path, "Dockerfile", LIBPQ)

    # verify alone: fails (exit 1) and names the pass
    report = verify(str(path), passes=passes, smoke=LIBPQ_SMOKE, engine=engine)
    assert report.status == "failed" and report.exit_code == 1, report.message
    assert [d["code"] for d in report.responsible] == ["DS999"]
    assert any("smoke command fails" in why for why in report.responsible[0]["reasons"])
    assert report.smoke["before"]["exit_code"] == 0 and report.smoke["after"]["exit_code"] != 0
    assert report.config["same"] is True  # the config did not change: only the smoke test sees it
    assert report.filesystem["removed_bytes"] > 0
    assert path.read_text() == LIBPQ

    # fix --verify: drops DS999, keeps the rest, writes the file
    code = fix_verified([str(path)], (), (), None, None, False, VerifyRequest(smoke=LIBPQ_SMOKE), passes=passes)
    assert code == 1  # a fix was dropped
    written = path.read_text()
    assert "purge" not in written and written != LIBPQ
    assert "rm -rf /var/lib/apt/lists" in written  # DS102 kept

    # the same through the function the CLI wires in
    path.write_text(LIBPQ)
    final, report = fix_with_verify(str(path), LIBPQ, smoke=LIBPQ_SMOKE, engine=engine, passes=passes)
    assert final == written
    assert report.status == "verified" and [d["code"] for d in report.dropped] == ["DS999"]
    assert report.saved["bytes"] > 0 and report.smoke["passed"]
    codes = [row["code"] for row in report.passes]
    assert "DS999" not in codes and codes == [p.code for p in passes if p.code in codes]


@pytest.mark.build
def test_config_change_is_a_failure(engine, tmp_path):
    from dockslim.verify.run import verify

    path = write(tmp_path, "Dockerfile", "FROM debian:bookworm-slim\nENV MODE=prod\nCMD [\"sh\"]\n")
    report = verify(str(path), passes=(replacing_pass("DS998", "MODE=prod", "MODE=dev"),), engine=engine)
    assert report.status == "failed" and report.exit_code == 1
    assert [c["field"] for c in report.config["changes"]] == ["Env"]
    assert report.responsible[0]["code"] == "DS998"


# ------------------------------------------------------------------------------ (c) already broken


@pytest.mark.build
def test_original_already_broken(engine, tmp_path):
    text = "FROM debian:bookworm-slim\nRUN false\nRUN pip install six\n"
    path = write(tmp_path, "Dockerfile", text)
    before = path.stat().st_mtime_ns
    result = invoke([path, "--format", "json", "-q"])
    assert result.exit_code == 2
    (r,) = json.loads(result.stdout)["reports"]
    assert r["status"] == "error" and "the Dockerfile was already broken" in r["message"]
    assert "did not complete successfully" in r["message"]

    code = fix_verified([str(path)], (), (), None, None, False, VerifyRequest())
    assert code == 2
    assert path.read_text() == text and path.stat().st_mtime_ns == before


@pytest.mark.build
def test_build_timeout(engine, tmp_path):
    path = write(tmp_path, "Dockerfile", f"FROM debian:bookworm-slim\nRUN sleep 60 # {time.time()}\n")
    passes = (replacing_pass("DS997", "sleep 60", "sleep 61"),)
    from dockslim.verify.run import verify

    t0 = time.monotonic()
    report = verify(str(path), passes=passes, engine=engine, timeout=3)
    assert time.monotonic() - t0 < 30
    assert report.status == "error" and "within 3s" in report.message


# ------------------------------------------------------------------------------ (e) syntax directive


@pytest.mark.build
def test_syntax_directive_is_built_with_the_builtin_frontend(engine, tmp_path):
    text = "# syntax=docker/dockerfile:1\nFROM python:3.11-slim\nRUN <<EOF\npip install pip\nEOF\n"
    path = write(tmp_path, "Dockerfile", text)
    result = invoke([path, "--format", "json", "-q", "--smoke", "python -c 'import pip'"])
    assert result.exit_code == 0, result.stdout + result.stderr
    (r,) = json.loads(result.stdout)["reports"]
    assert r["status"] == "verified"
    assert any("# syntax=docker/dockerfile:1" in n and "built-in" in n for n in r["notes"])
    md = invoke([path, "--format", "markdown", "-q"])
    assert md.exit_code == 0 and "built-in Dockerfile frontend" in md.stdout
    assert path.read_text() == text


# ------------------------------------------------------------------------------ (f) two engines


@pytest.mark.build
def test_directory_on_two_engines(engine, second_engine, tmp_path):
    folder = tmp_path / "many"
    for name in ("one", "two"):
        write(folder, f"Dockerfile.{name}",
              f"FROM debian:bookworm-slim\nRUN echo {name} > /{name}; pip install six || true\nENTRYPOINT [\"/bin/false\"]\n")
    endpoints = [engine.endpoint, second_engine.endpoint]
    args = [folder, "--jobs", "2", "--format", "json", "-q", "--keep-images", "--smoke", "test -s /one || test -s /two"]
    for e in endpoints:
        args += ["--engine", e]
    result = invoke(args)
    assert result.exit_code == 0, result.stdout + result.stderr
    reports = json.loads(result.stdout)["reports"]
    assert [Path(r["path"]).name for r in reports] == ["Dockerfile.one", "Dockerfile.two"]
    assert all(r["status"] == "verified" and r["smoke"]["passed"] for r in reports)
    assert {r["engine"] for r in reports} == set(endpoints)
    # each image is in the engine that built it, and only there
    by_endpoint = {engine.endpoint: engine, second_engine.endpoint: second_engine}
    for r in reports:
        here = by_endpoint[r["engine"]]
        there = next(e for ep, e in by_endpoint.items() if ep != r["engine"])
        assert r["images"] and not gone(here, r["after"]["image"]) and gone(there, r["after"]["image"])
        _docker(here, "image", "rm", *r["images"])


# ------------------------------------------------------------------------------ the bot's measure()


@pytest.mark.build
def test_measure_gives_both_sizes_and_refuses_a_config_change(engine, tmp_path):
    from dockslim.verify.measure import measure

    original = "FROM debian:bookworm-slim\nRUN head -c 3000000 /dev/urandom > /blob\nRUN rm /blob\nCMD [\"sh\"]\n"
    fixed = "FROM debian:bookworm-slim\nRUN head -c 3000000 /dev/urandom > /blob && rm /blob\nCMD [\"sh\"]\n"
    path = write(tmp_path, "Dockerfile", original)
    sizes = measure(str(path), original, fixed, engine=engine)
    assert sizes["before"] - sizes["after"] >= 3_000_000
    changed = measure(str(path), original, fixed.replace('["sh"]', '["bash"]'), engine=engine)
    assert changed["ok"] is False and "Cmd" in changed["reason"]
    assert measure(str(path), "FROM debian:bookworm-slim\nRUN false\n", fixed, engine=engine) is None


@pytest.mark.build
def test_measure_accepts_a_new_base_with_its_own_labels(engine, tmp_path):
    """The stand-ins label themselves (as official images carry their own labels): a move to
    the slim variant brings the slim image's labels, not a change of the user's config."""
    from dockslim.verify.measure import measure

    original = 'FROM python:3.11\nLABEL team=web\nCMD ["python"]\n'
    fixed = original.replace("python:3.11", "python:3.11-slim")
    path = write(tmp_path, "Dockerfile", original)
    sizes = measure(str(path), original, fixed, engine=engine)
    assert sizes is not None and "ok" not in sizes and sizes["before"] > sizes["after"], sizes
    relabelled = measure(str(path), original, fixed.replace("team=web", "team=api"), engine=engine)
    assert relabelled["ok"] is False and "Labels" in relabelled["reason"]


def test_labels_and_env_inherited_from_a_new_base_are_not_a_config_change():
    from dockslim.verify.image_config import config_changes

    full = {"Labels": {"vendor": "full"}, "Env": ["PATH=/go/bin:/usr/bin", "GOPATH=/go"]}
    slim = {"Labels": {"vendor": "slim"}, "Env": ["PATH=/usr/bin"]}
    before = {"Labels": {"team": "web", "vendor": "full"}, "Cmd": ["app"],
              "Env": ["PATH=/go/bin:/usr/bin", "GOPATH=/go", "MODE=prod"]}
    after = {"Labels": {"team": "web", "vendor": "slim"}, "Cmd": ["app"], "Env": ["PATH=/usr/bin", "MODE=prod"]}
    assert config_changes(before, after, full, slim) == []
    changed = dict(after, Labels={"team": "api", "vendor": "slim"})
    assert [c["field"] for c in config_changes(before, changed, full, slim)] == ["Labels"]
    lost = dict(after, Env=["PATH=/usr/bin"])  # the Dockerfile's own ENV is gone
    assert [c["field"] for c in config_changes(before, lost, full, slim)] == ["Env"]
    # without the bases, every difference counts
    assert [c["field"] for c in config_changes(before, after)] == ["Env", "Labels"]


def test_a_command_of_plain_words_needs_no_shell():
    from dockslim.verify.engine import _plain_words

    assert _plain_words("/usr/local/bin/service -check -config=/etc/app.yaml") == [
        "/usr/local/bin/service", "-check", "-config=/etc/app.yaml"]
    for needs_shell in ('python -c "import app"', "a && b", "app $HOME", "FOO=1 app", "ls *.py", ""):
        assert _plain_words(needs_shell) == [], needs_shell


@pytest.mark.build
def test_django_unsafe_rewrite_keeps_the_runtime_libraries(engine):
    """DS301's builder stage is built too; the packages its wheels link against (less the
    runtime base's own) must be installed in the final image."""
    from dockslim.verify.render import render_markdown, render_text
    from dockslim.verify.report import Report

    result = invoke([DJANGO / "Dockerfile.naive", "--unsafe-fixes", "--format", "json", "-q"])
    assert result.exit_code == 0, result.output + result.stderr
    (r,) = json.loads(result.stdout)["reports"]
    assert r["status"] == "verified"
    assert "DS301" in {a["code"] for a in r["applied"]}
    libs = r["runtime_libraries"]
    assert set(libs["needed"]) == {"libpq5"} and libs["installed"] == ["libpq5"] and libs["missing"] == []
    repo = r["after"]["image"].rsplit(":", 1)[0]
    assert _docker(engine, "images", "--format", "{{.Tag}}", repo).stdout.split() == []  # builder stage too
    shown = Report(path="Dockerfile", status="failed", runtime_libraries={"needed": ["libpq5"], "installed": [], "missing": ["libpq5"]})
    assert "MISSING libpq5" in render_text([shown])
    assert "missing from the final image: `libpq5`" in render_markdown([shown])
