"""`fix --verify` and the stage split: what the runtime stage takes from the builder is
measured (a venv, /wheels, node_modules, a binary), a missing library is repaired rather than
the split dropped, and a split that no longer saves anything is dropped with the fix it
needed.

Unit tests read Dockerfiles and decide thresholds; the build tests (marked `build`) run on
the real engine with the local python:3.11 and python:3.11-slim stand-ins.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from _builds import python_engine
from test_verify_repair import NAIVE

from dockslim.optimizer.findings import Applicability, Edit, Finding, Fix
from dockslim.optimizer.model import build_model
from dockslim.optimizer.rules import Pass, PassSpec, Phase
from dockslim.transforms import registry
from dockslim.optimizer.syntax import parse
from dockslim.transforms.stages import commands as st
from dockslim.verify.blame import SPLIT_MIN_BYTES, SPLIT_MIN_PERCENT, split_is_negligible
from dockslim.verify.cli import VerifyRequest, fix_verified
from dockslim.verify.dockerfile import Taken, taken_from_stages
from dockslim.verify.render import render_markdown, render_text
from dockslim.verify.report import Report
from dockslim.verify.run import verify
from dockslim.verify.runtime_libs import RuntimeLibsError, Scan, _literal_prefix, installed_packages, record

ROOT = Path(__file__).resolve().parent.parent
DJANGO = ROOT / "examples" / "django"
GB = 1_000_000_000


# ------------------------------------------------------------------------------ threshold


@pytest.mark.parametrize("saved, before, negligible", [
    (0, GB, True),                          # the split on the same full base: nothing
    (1_200_000, GB, True),                  # pip's cache, moved to the builder
    (-50_000, GB, True),                    # a few bytes larger (rebuilt byte code)
    (SPLIT_MIN_BYTES, GB, False),           # 20 MB is worth a stage even at 2%
    (800_000_000, GB, False),               # the slim runtime: 80%
    (6_000_000, 100_000_000, False),        # 6% of a small image, though only 6 MB
    (4_000_000, 100_000_000, True),         # 4% and 4 MB: under both marks
    (0, 0, True),                           # nothing measured: nothing saved
])
def test_split_is_negligible_below_both_marks(saved, before, negligible):
    assert split_is_negligible(saved, before) is negligible


def test_marks_are_the_documented_ones():
    assert (SPLIT_MIN_PERCENT, SPLIT_MIN_BYTES) == (5.0, 20_000_000)


# ------------------------------------------------------------------------------ what the runtime takes

# Nothing taken from another stage:
NO_TAKING = [
    # a single stage
    "FROM python:3.11\nRUN pip install six\n",
    # COPY --from an image, not a stage of this file
    "FROM debian:bookworm-slim\nCOPY --from=nginx:1.25 /etc/nginx /etc/nginx\n",
    # a cache mount shares a folder, not the stage's files
    "FROM python:3.11 AS builder\nRUN true\nFROM python:3.11-slim\n"
    "RUN --mount=type=cache,from=builder,target=/root/.cache pip install six\n",
    # the whole root of the builder: no one folder to read
    "FROM python:3.11 AS builder\nRUN true\nFROM python:3.11-slim\nRUN --mount=from=builder ls\n",
    # a source that depends on a variable
    "FROM golang:1.22 AS build\nRUN true\nFROM debian:bookworm-slim\nARG APP\nCOPY --from=build /out/$APP /app\n",
    # only an earlier stage takes from the builder, the final one does not
    "FROM python:3.11 AS builder\nRUN true\nFROM python:3.11-slim AS docs\nCOPY --from=builder /wheels /w\n"
    "FROM python:3.11-slim\nCOPY app.py .\n",
]


@pytest.mark.parametrize("text", NO_TAKING)
def test_nothing_taken(text):
    assert taken_from_stages(text) == []


@pytest.mark.parametrize("text, taken", [
    # DS301's Python split: wheels through a bind mount
    ("FROM python:3.11 AS builder\nRUN pip wheel -w /wheels psycopg2\nFROM python:3.11-slim\n"
     "RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels pip install /wheels/*.whl\n",
     [Taken("builder", "/wheels", 4)]),
    # a venv copied whole, relative source (read from the stage's root)
    ("FROM python:3.11 AS builder\nRUN python -m venv /opt/venv\nFROM python:3.11-slim\n"
     "COPY --from=builder opt/venv /opt/venv\n",
     [Taken("builder", "/opt/venv", 4)]),
    # Node: node_modules and the build output; two sources in one COPY, JSON form
    ("FROM node:20 AS deps\nRUN npm ci\nFROM node:20-slim\nWORKDIR /app\n"
     'COPY --from=deps ["/app/node_modules", "/app/dist", "./"]\n',
     [Taken("deps", "/app/node_modules", 5), Taken("deps", "/app/dist", 5)]),
    # a compiled binary, the stage named by its index, the mount's `src` spelling
    ("FROM gcc:13\nRUN make\nFROM debian:bookworm-slim\nCOPY --from=0 /src/hello /hello\n"
     "RUN --mount=type=bind,from=0,src=/usr/local/lib/libx.so.1,target=/x true\n",
     [Taken("0", "/src/hello", 4), Taken("0", "/usr/local/lib/libx.so.1", 5)]),
    # a stage the final one is built FROM takes files too
    ("FROM golang:1.22 AS build\nRUN go build -o /out/app\nFROM debian:bookworm-slim AS base\n"
     "COPY --from=build /out/app /usr/local/bin/app\nFROM base\nCMD [\"app\"]\n",
     [Taken("build", "/out/app", 4)]),
    # a glob is kept as it is written; the same source twice counts once
    ("FROM python:3.11 AS b\nRUN true\nFROM python:3.11-slim\nCOPY --from=b /wheels/*.whl /w/\n"
     "COPY --from=b /wheels/*.whl /w/\n",
     [Taken("b", "/wheels/*.whl", 4)]),
])
def test_taken_from_stages(text, taken):
    assert taken_from_stages(text) == taken


@pytest.mark.parametrize("path, prefix", [
    ("/wheels", "/wheels"),
    ("/wheels/*.whl", "/wheels"),
    ("/app/build-?/out", "/app"),
    ("/*", "/"),
])
def test_a_glob_is_read_from_its_literal_folder(path, prefix):
    assert _literal_prefix(path) == prefix


def test_unowned_libraries_are_the_next_files_of_the_closure():
    """A library built into /usr/local/lib belongs to no package: it is read in turn, and what
    it links joins the closure; packaged ones stop there (their package brings the rest)."""
    found = Scan()
    output = ("libpq.so.5|/usr/lib/x86_64-linux-gnu/libpq.so.5|libpq5\n"
              "libgeos_c.so.1|/usr/local/lib/libgeos_c.so.1|\n"
              "libmissing.so.2||\n"
              "ldconfig: noise\n"
              "libxml2.so.2|/usr/lib/libxml2.so.2|apk:libxml2-2.11.4-r0\n")
    assert record(output, found) == ["/usr/local/lib/libgeos_c.so.1"]
    assert found.packages == {"libpq5", "libxml2"}
    assert found.missing == {"libmissing.so.2"}
    assert found.owners["libgeos_c.so.1"] is None
    with pytest.raises(RuntimeLibsError, match="neither dpkg nor apk"):
        record("libz.so.1|/lib/libz.so.1|?\n", Scan(), "scratch-ish")


def test_the_report_names_what_was_scanned():
    shown = Report(path="Dockerfile", status="verified", runtime_libraries={
        "needed": ["libpq5"], "installed": ["libpq5"], "missing": [], "scanned": ["builder:/opt/venv"]})
    assert "(builder:/opt/venv) links against: libpq5; all installed" in render_text([shown])
    assert "(`builder:/opt/venv`)" in render_markdown([shown])


# ------------------------------------------------------------------------------ on the engine


@pytest.fixture(scope="module")
def engine():
    return python_engine()


def whole_file_pass(code: str, before: str, after: str) -> Pass:
    """A stage split written out by hand: rewrites the file `before` into `after`."""

    def check(model, options):
        if model.dockerfile.render() == before:
            fix = Fix("Split into builder and runtime", Applicability.UNSAFE, (Edit(0, len(before), after),))
            yield Finding(code, "split into builder and runtime", 0, len(before), fix)

    spec = PassSpec(code=code, name="venv-split", phase=Phase.STAGES, summary="split", applicability=Applicability.UNSAFE,
                    kinds=("FROM", "RUN", "COPY", "ENV", "CMD"))
    return Pass(spec=spec, doc=f"{code}: test pass", check=check)


@pytest.mark.build
def test_questions_to_an_image_get_every_line_of_the_answer(engine):
    """A full image lists about 800 packages: a query's answer is not cut to a log's tail."""
    answer = engine.shell_output("python:3.11", "seq 1 2000", [])
    assert answer.output.split() == [str(i) for i in range(1, 2001)]
    packages = installed_packages(engine, "python:3.11")
    assert {"libc6", "libpq5", "zlib1g"} <= packages and len(packages) > 400


VENV_NAIVE = """\
FROM python:3.11
RUN python -m venv /opt/venv
COPY requirements.txt .
RUN /opt/venv/bin/pip install --no-cache-dir -r requirements.txt
ENV PATH=/opt/venv/bin:$PATH
CMD ["python", "-c", "import psycopg2"]
"""

# The venv moves to the slim base; nothing installs libpq5, which psycopg2 (built against the
# full image's libpq-dev) loads: the runtime stage is incomplete on purpose.
VENV_SPLIT = """\
FROM python:3.11 AS builder
RUN python -m venv /opt/venv
COPY requirements.txt .
RUN /opt/venv/bin/pip install --no-cache-dir -r requirements.txt

FROM python:3.11-slim
COPY --from=builder /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
CMD ["python", "-c", "import psycopg2"]
"""


@pytest.mark.build
def test_a_copied_venv_is_repaired_and_the_written_file_names_the_package(engine, tmp_path):
    (tmp_path / "requirements.txt").write_text("psycopg2==2.9.10\n")
    path = tmp_path / "Dockerfile"
    path.write_text(VENV_NAIVE)
    split = whole_file_pass("DS998", VENV_NAIVE, VENV_SPLIT)
    report_path = tmp_path / "report.json"
    request = VerifyRequest(smoke='python -c "import psycopg2"', report=str(report_path))
    code = fix_verified([str(path)], (), (), None, True, False, request, passes=(split,))
    assert code == 0

    written = path.read_text()
    model = build_model(parse(written))
    final_installs = {n for inst in model.final.runs() for ins in st.package_installs(model.run(inst)) for n in ins.names}
    assert "libpq5" in final_installs, written  # named in an install of the runtime stage
    assert written.startswith(VENV_SPLIT.split("\n\n")[0])  # the builder is as it was
    assert "COPY --from=builder /opt/venv /opt/venv" in written

    import json
    (r,) = json.loads(report_path.read_text())["reports"]
    assert r["status"] == "verified" and not r["dropped"], r["message"]
    assert [s["added"] for s in r["repairs"]] == [["libpq5"]]
    assert "builder" in r["repairs"][0]["reason"]
    libs = r["runtime_libraries"]
    assert libs["scanned"] == ["builder:/opt/venv"] and "libpq5" in libs["needed"] and not libs["missing"]
    assert r["smoke"]["passed"] and r["saved"]["percent"] > 50, r["saved"]
    print(f"\nvenv split: {r['before']['size']:,} -> {r['after']['size']:,} B ({r['saved']['percent']}%),"
          f" runtime packages measured: {libs['needed']}")


DJANGO_NAIVE = NAIVE  # the naive Django file of the repair test


@pytest.mark.build
def test_a_split_that_only_the_slim_base_made_worth_it_goes_with_it(engine, tmp_path):
    """The app calls `git` at run time: the full image has it, the slim one does not, and no
    library package repairs that. DS302 is dropped; the split left on the full base saves
    nothing, so DS301 goes too: the file written has one stage."""
    app = tmp_path / "app"
    shutil.copytree(DJANGO, app, ignore=shutil.ignore_patterns("Dockerfile*"))
    path = app / "Dockerfile"
    path.write_text(DJANGO_NAIVE)
    smoke = 'python -c "import django, psycopg2" && git --version'
    report = verify(str(path), unsafe_fixes=True, smoke=smoke, engine=engine, repair=True, passes=registry())
    assert report.status == "verified", report.message
    dropped = [d["code"] for d in report.dropped]
    assert dropped == ["DS302", "DS301"], report.dropped
    why = report.dropped[1]["reasons"][0]
    assert why.startswith("the stage split saves ") and "not worth a second stage" in why
    assert any("git" in r for r in report.dropped[0]["reasons"]), report.dropped[0]
    assert len(build_model(parse(report.final_text)).stages) == 1, report.final_text
    assert report.final_text != DJANGO_NAIVE and report.smoke["passed"]
    assert "dropped   DS301" in render_text([report])
    print(f"\nno split: {report.before['size']:,} -> {report.after['size']:,} B; DS301: {why}")


NODE_ADDON = ROOT / "examples" / "node-addon"


@pytest.mark.build
def test_a_native_node_module_is_repaired_not_vetoed(engine, tmp_path):
    """Without the build context DS301 cannot read package.json: its slim runtime stage lacks
    libpq5, which the libpq addon (`*.node` under node_modules, compiled by node-gyp in the
    builder) links. verify finds it in what the runtime copies from the builder and adds it."""
    for base in ("node:18-bookworm", "node:18-bookworm-slim"):
        if not engine.image_exists(base):
            pytest.skip(f"base image {base} missing (run scripts/engine.sh)")
    app = tmp_path / "app"
    shutil.copytree(NODE_ADDON, app, ignore=shutil.ignore_patterns("Dockerfile*"))
    path = app / "Dockerfile"
    path.write_text((NODE_ADDON / "Dockerfile.naive").read_text())
    report = verify(str(path), unsafe_fixes=True, smoke="node server.js --check", engine=engine, repair=True,
                    passes=registry())
    assert report.status == "verified", report.message
    assert not report.dropped and {"DS301", "DS302"} <= {a["code"] for a in report.applied}
    assert [s["added"] for s in report.repairs] == [["libpq5"]], report.repairs
    assert "builder" in report.repairs[0]["reason"]  # measured, not only read from the failure
    libs = report.runtime_libraries
    assert any(s.endswith("/node_modules") for s in libs["scanned"]) and "libpq5" in libs["installed"], libs
    final = build_model(parse(report.final_text)).final
    assert final.base == "node:18-bookworm-slim"
    assert "libpq5" in {n for inst in final.runs() for ins in st.package_installs(final.run(inst)) for n in ins.names}
    assert report.smoke["passed"] and report.saved["percent"] > 50, report.saved
    print(f"\nnode addon: {report.before['size']:,} -> {report.after['size']:,} B ({report.saved['percent']}%)")
