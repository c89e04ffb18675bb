"""Unit tests of the stage passes (DS301-DS303) and their helpers, beyond the golden cases:
how pip commands are read and rewritten, word deletions in package lists, base image
mappings, the passes working together through the whole pipeline, and the ELF reading of
runtime_libs (on files of this machine, no engine)."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import dockerfile as buildkit
import pytest

import dockslim
from dockslim.optimizer.findings import apply_edits
from dockslim.optimizer.model import build_model
from dockslim.verify.runtime_libs import _elf_members, elf_needed
from dockslim.optimizer.shell import parse_shell
from dockslim.optimizer.syntax import parse
from dockslim.transforms.stages.build_only import runtime_install_run
from dockslim.transforms.stages.pip import pip_kind, runtime_pip_edits, wheel_command
from dockslim.transforms.stages.plan import Refused
from dockslim.transforms.stages.runtime_image import runtime_base
from dockslim.transforms.stages.ds302_slim_runtime_base import slim_variant
from dockslim.transforms.stages.full_variant import left_out_bytes

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "golden"


def cmd(text: str):
    return parse_shell(text).commands[0]


# ------------------------------------------------------------------------------ pip


@pytest.mark.parametrize(
    "text, kind",
    [
        ("pip install -r requirements.txt", "main"),
        ("pip3 install --no-cache-dir .", "main"),
        ("python -m pip install 'psycopg2==2.9.10'", "main"),
        ('pip install "poetry==$POETRY_VERSION" poetry-plugin-export', "tooling"),
        ("pip install --upgrade pip setuptools wheel", "tooling"),
        ("pip install -r requirements-dev.txt", "dev"),
        ("pip install -r requirements/test.txt pytest-cov", "dev"),
        ("pip install ipdb debugpy pydevd-pycharm", "dev"),
        ("pip install -r requirements.txt -r requirements-dev.txt", "main"),
        ("pip install pytest flask", "main"),
        ("pip install -e .", "editable"),
        ("pip install $PIP_OPTS flask", "opaque"),
        ("pip install --upgrade", "opaque"),
    ],
)
def test_pip_kind(text, kind):
    assert pip_kind(cmd(text)) == kind


def test_wheel_command_drops_install_only_options():
    script = parse_shell("PIP_X=1 python3.11 -m pip install --user -U --no-cache-dir --no-binary lxml -t /opt -r r.txt 2>&1")
    view_part = type("P", (), {"script": script})
    c = script.commands[0]
    text = wheel_command(view_part, c, "/wheels", True)
    assert text == "PIP_X=1 python3.11 -m pip wheel --no-cache-dir --wheel-dir /wheels --no-binary lxml -r r.txt 2>&1"


def _runtime_pip(text: str) -> str:
    model = build_model(parse(f"FROM python:3.11\nRUN {text}\n"))
    tree, inst = model.dockerfile, model.instructions[1]
    part, c = next(iter(model.run(inst).view.commands()))
    edits = runtime_pip_edits(part, c, "/wheels", part.src_end(c.subcommand.end))
    return apply_edits(tree.text, edits).splitlines()[1]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("pip install -r requirements.txt", "pip install --no-index --find-links=/wheels /wheels/*.whl"),
        (
            "pip install --no-cache-dir --require-hashes -r a.txt -r b.txt --no-binary :all:",
            "pip install --no-index --find-links=/wheels --no-cache-dir /wheels/*.whl",
        ),
        ("pip install --user . gunicorn", "pip install --no-index --find-links=/wheels --user /wheels/*.whl"),
    ],
)
def test_runtime_pip_edits(text, expected):
    assert _runtime_pip(text) == "RUN " + expected


# ------------------------------------------------------------------------------ package lists


def _runtime_install(dockerfile: str, base: str = "python:3.11") -> str:
    model = build_model(parse(dockerfile))
    tree, run = model.dockerfile, next(model.runs())
    change = runtime_install_run(run, base)
    assert not isinstance(change, str), change
    return apply_edits(tree.text, list(change.edits))


def test_package_words_replaced_and_deleted_in_place():
    src = (
        "FROM python:3.11\n"
        "RUN apt-get update && apt-get install -y \\\n"
        "        gcc \\\n"
        "        # headers for psycopg2\n"
        "        libpq-dev \\\n"
        "        postgresql-client \\\n"
        "        g++\n"
    )
    out = _runtime_install(src)
    assert out == (
        "FROM python:3.11\n"
        "RUN apt-get update && apt-get install -y \\\n"
        "        # headers for psycopg2\n"
        "        libpq5 \\\n"
        "        postgresql-client\n"
    )
    buildkit.parse_string(out)


@pytest.mark.parametrize(
    "run, expected",
    [
        ("RUN apt-get install -y curl \\\n    gcc\n", "RUN apt-get install -y curl\n"),
        ("RUN apt-get install \\\n    postgresql-client \\\n    gcc \\\n    -y\n",
         "RUN apt-get install \\\n    postgresql-client \\\n    -y\n"),
        ("RUN apt-get install -y \\\n    curl \\\n    gcc \\\n    g++\n", "RUN apt-get install -y \\\n    curl\n"),
        ("RUN apt-get install -y \\\n    curl \\\n    gcc \\\n    libpq-dev \\\n    g++\n",
         "RUN apt-get install -y \\\n    curl \\\n    libpq5\n"),
        ("RUN apt-get install -y gcc g++ curl make libpq5 libpq-dev\n", "RUN apt-get install -y curl libpq5\n"),
        ("RUN apk add --no-cache build-base postgresql15-dev tzdata\n", "RUN apk add --no-cache libstdc++ libgcc libpq tzdata\n"),
    ],
)
def test_package_word_deletions(run, expected):
    assert _runtime_install("FROM python:3.11\n" + run).split("\n", 1)[1] == expected


def test_comment_before_a_last_word_is_not_deleted():
    model = build_model(parse("FROM python:3.11\nRUN apt-get install -y curl \\\n    # compiler\n    gcc\n"))
    assert runtime_install_run(next(model.runs()), "python:3.11") == "line 2: a package list dockslim cannot edit"


def test_install_left_empty_goes_with_its_update():
    src = "FROM python:3.11-slim\nRUN apt-get update && apt-get install -y gcc && pip install -r r.txt && rm -rf /var/lib/apt/lists/*\n"
    out = _runtime_install(src)
    assert out.splitlines()[1] == "RUN pip install -r r.txt && rm -rf /var/lib/apt/lists/*"


def test_run_with_only_build_packages_goes_whole():
    src = "FROM python:3.11\n# compilers\nRUN set -eux; apt-get update; apt-get install -y build-essential; rm -rf /var/lib/apt/lists/*\nCMD [\"python\"]\n"
    assert _runtime_install(src) == "FROM python:3.11\nCMD [\"python\"]\n"


def test_interpreter_kept_when_its_headers_go():
    src = "FROM debian:bookworm\nRUN apt-get install -y python3-dev libffi-dev\n"
    assert _runtime_install(src, "debian:bookworm").splitlines()[1] == "RUN apt-get install -y python3 libffi8"


# ------------------------------------------------------------------------------ base images


@pytest.mark.parametrize(
    "full, slim",
    [
        ("python:3.11", "python:3.11-slim"),
        ("python:3.12-bookworm", "python:3.12-slim-bookworm"),
        ("docker.io/library/python:3.11", "docker.io/library/python:3.11-slim"),
        ("node:20-bookworm", "node:20-bookworm-slim"),
        ("ruby:3.3", "ruby:3.3-slim"),
        ("debian:12", "debian:12-slim"),
        ("debian", "debian:stable-slim"),
        ("python:3.11-slim", None),
        ("python:3.11-alpine", None),
        ("golang:1.22", None),
        ("registry.example.com/python:3.11", None),
        ("python:3.11@sha256:" + "0" * 64, None),
    ],
)
def test_slim_variant(full, slim):
    assert slim_variant(full) == slim


@pytest.mark.parametrize(
    "base, runtime",
    [
        ("golang:1.22", "debian:bookworm-slim"),
        ("golang:1.21-bullseye", "debian:bullseye-slim"),
        ("rust:1.79-bookworm", "debian:bookworm-slim"),
        ("gcc:13", "debian:bookworm-slim"),
        ("debian:bookworm-slim", "debian:bookworm-slim"),
        ("golang:1.22-alpine3.19", "alpine:3.19"),
        ("ubuntu:22.04", "ubuntu:22.04"),
    ],
)
def test_runtime_base_for_compiled_programs(base, runtime):
    assert runtime_base(base) == runtime


@pytest.mark.parametrize("base", ["golang:1.22-alpine", "python:3.11", "myorg/go:1", "${GO_IMAGE}"])
def test_runtime_base_refused(base):
    with pytest.raises(Refused):
        runtime_base(base)


# ------------------------------------------------------------------------------ the passes together


def test_django_naive_through_every_pass():
    text = (ROOT / "examples" / "django" / "Dockerfile.naive").read_text()
    result = dockslim.fix(text, unsafe_fixes=True)
    assert {"DS301", "DS302"} <= {f.code for f in result.applied}
    model = build_model(parse(result.text))
    builder, runtime = model.stages
    assert builder.alias == "builder" and builder.base == "python:3.11"
    assert runtime.base == "python:3.11-slim"
    assert "libpq5 postgresql-client" in result.text and "gcc" not in "".join(i.text for i in runtime.body)
    assert "/wheels/*.whl" in result.text
    assert dockslim.fix(result.text, unsafe_fixes=True).text == result.text
    assert dockslim.fix(text).text.count("FROM") == 1, "the split is an unsafe fix"


def test_split_slim_and_dev_stage_together():
    text = """\
FROM python:3.11
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends libxml2-dev libxslt1-dev \\
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt requirements-dev.txt ./
RUN pip install --no-cache-dir -r requirements.txt
RUN pip install --no-cache-dir -r requirements-dev.txt
COPY . .
USER nobody
CMD ["python", "app.py"]
"""
    result = dockslim.fix(text, unsafe_fixes=True, select=["DS3"])
    model = build_model(parse(result.text))
    names = [(s.alias, s.base) for s in model.stages]
    assert names == [("builder", "python:3.11"), ("runtime", "python:3.11-slim"), ("dev", "runtime"), (None, "runtime")]
    assert model.final.body == ()
    dev = model.stages[2]
    assert [i.kind for i in dev.body] == ["USER", "RUN", "USER"]
    assert "requirements-dev.txt" not in "".join(i.text for i in model.stages[1].runs())
    assert dockslim.fix(result.text, unsafe_fixes=True, select=["DS3"]).text == result.text


def test_left_alone_is_a_note_without_a_fix():
    text = "FROM python:3.11\nRUN apt-get update && apt-get install -y gcc\nCOPY . /app\nRUN cd /app && python setup.py install\n"
    review = dockslim.review(text, select=["DS301"])
    found = review.notes
    assert [f.message for f in found] == [
        "left alone: build-only packages (gcc) are installed for `python setup.py`, a build step dockslim does not move"
    ]
    assert found[0].note and found[0].fix is None and found[0].begin_pos.line == 1
    assert review.findings == () and dockslim.check(text, select=["DS301"]) == []


def test_nothing_to_say_without_a_build():
    assert dockslim.review("FROM python:3.11-slim\nRUN pip install flask\nCMD [\"flask\"]\n", select=["DS3"]) == dockslim.Review((), ())
    assert dockslim.review("FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n", select=["DS3"]) == dockslim.Review((), ())


@pytest.mark.parametrize("case", sorted(p.parent for p in GOLDEN.glob("DS30[123]-*/*/input.Dockerfile")), ids=lambda p: f"{p.parent.name[:5]}/{p.name}")
def test_golden_inputs_through_every_pass(case):
    """Each stage case with every pass: nothing dropped by a gate, stable on a second run."""
    text = (case / "input.Dockerfile").read_bytes().decode()
    result = dockslim.fix(text, unsafe_fixes=True)
    assert not result.dropped, [d.reason for d in result.dropped]
    assert dockslim.fix(result.text, unsafe_fixes=True).text == result.text
    buildkit.parse_string(result.text)


# ------------------------------------------------------------------------------ runtime_libs (ELF)


def _system_elf() -> bytes:
    path = shutil.which("ls") or "/bin/ls"
    return Path(path).read_bytes()


def test_elf_needed_reads_dynamic_section():
    found = elf_needed(_system_elf())
    assert found is not None
    needed, soname = found
    assert "libc.so.6" in needed and soname is None
    assert elf_needed(b"#!/bin/sh\necho hi\n") is None
    assert elf_needed(b"\x7fELF" + b"\0" * 10) is None


def test_elf_inside_wheels_is_found():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as whl:
        whl.writestr("pkg/_ext.cpython-311-x86_64-linux-gnu.so", _system_elf())
        whl.writestr("pkg/__init__.py", "")
    out: dict = {}
    _elf_members("wheels/pkg-1.0-cp311-cp311-linux_x86_64.whl", buf.getvalue(), out)
    assert list(out) == ["wheels/pkg-1.0-cp311-cp311-linux_x86_64.whl!pkg/_ext.cpython-311-x86_64-linux-gnu.so"]


def test_left_out_bytes_counts_only_what_the_image_lacks():
    # the full image carries gcc and libpq-dev: leaving them out saves nothing
    assert left_out_bytes("python:3.11-bookworm", ["gcc", "libpq-dev"]) == 0
    # unixodbc-dev less the libraries the runtime keeps: its headers alone, a few MB
    assert 0 < left_out_bytes("python:3.11-bookworm", ["unixodbc-dev"]) < 5_000_000
    # the slim image has no compiler: gcc is worth tens of MB there
    assert left_out_bytes("python:3.11-slim-bookworm", ["gcc"]) > 30_000_000
    assert left_out_bytes("alpine:3.19", ["gcc"]) is None  # no package data for the image
