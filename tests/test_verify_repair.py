"""verify's repair loop: a rewrite whose runtime stage lacks a library gets the package that
provides it, instead of losing the split.

The unit tests read failure messages; the build test rebuilds a Django app on the real engine.
Its naive Dockerfile installs no `-dev` package: psycopg2 compiles against the libpq-dev that
the full python image already has, so the split cannot know from the file that the runtime
needs libpq5. Only the built image can tell.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from _builds import python_engine

from dockslim.verify.repair import missing_sonames
from dockslim.verify.run import verify
from dockslim.verify.runtime_libs import owners_from

ROOT = Path(__file__).resolve().parent.parent
DJANGO = ROOT / "examples" / "django"
SMOKE = 'python -c "import django, psycopg2" && python manage.py check'


@pytest.mark.parametrize("output, sonames", [
    ("ImportError: libpq.so.5: cannot open shared object file: No such file or directory", ["libpq.so.5"]),
    ("uwsgi: error while loading shared libraries: libxml2.so.2: cannot open shared object file: No such file",
     ["libxml2.so.2"]),
    ("OSError: libgeos_c.so.1: cannot open shared object file: No such file or directory", ["libgeos_c.so.1"]),
    ("Error: libvips-cpp.so.42: cannot open shared object file: No such file or directory", ["libvips-cpp.so.42"]),
    ("ImportError: no pq wrapper available.\n- couldn't import psycopg 'python' implementation: "
     "libpq library not found", ["libpq.so.5"]),
    ("Traceback ...\nModuleNotFoundError: No module named 'django'", []),
])
def test_missing_sonames_are_read_from_failure_messages(output, sonames):
    assert missing_sonames(output) == sonames


def test_owners_are_read_from_the_resolve_answers():
    answers = "libpq.so.5|/usr/lib/x86_64-linux-gnu/libpq.so.5|libpq5\nlibfoo.so.1||\nnoise line\n" \
              "libxml2.so.2|/usr/lib/libxml2.so.2|apk:libxml2-2.11.4-r0"
    assert owners_from(answers) == {"libpq.so.5": "libpq5", "libfoo.so.1": None, "libxml2.so.2": "libxml2"}


NAIVE = """\
FROM python:3.11

WORKDIR /app

COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .

ENV DJANGO_SETTINGS_MODULE=site_app.settings

CMD ["python", "manage.py", "runserver", "0.0.0.0:8000"]
"""


@pytest.fixture(scope="module")
def engine():
    return python_engine()


@pytest.mark.build
def test_repair_adds_the_runtime_library_and_keeps_the_split(engine, tmp_path):
    app = tmp_path / "app"
    shutil.copytree(DJANGO, app, ignore=shutil.ignore_patterns("Dockerfile*"))
    (app / "Dockerfile").write_text(NAIVE)
    report = verify(str(app / "Dockerfile"), unsafe_fixes=True, smoke=SMOKE, engine=engine, repair=True,
                    progress=None)
    assert report.status == "verified", report.message
    assert any(step["added"] == ["libpq5"] for step in report.repairs), report.repairs
    assert "libpq5" in report.final_text and "AS builder" in report.final_text
    assert report.smoke["passed"]
    assert not report.dropped, report.dropped
    assert report.saved["percent"] > 50, report.saved
    print(f"\nbefore {report.before['size']:,} B, after {report.after['size']:,} B ({report.saved['percent']}%)")
    print("repairs:", report.repairs)
