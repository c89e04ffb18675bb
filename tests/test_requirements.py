"""Reading what a `pip install` installs (`optimizer/requirements.py`) and what it needs at run
time (`optimizer/python_libraries.py`). Parser tables: inputs pip accepts and what they list,
and inputs that list nothing or are rejected, each with the reason."""

from __future__ import annotations

import pytest

import dockslim
from dockslim.optimizer.context import BuildContext
from dockslim.optimizer.model import build_model
from dockslim.optimizer.packages import ALPINE, DEBIAN
from dockslim.optimizer.python_libraries import UnknownRuntime, runtime_needs
from dockslim.optimizer.requirements import (
    ALL,
    Files,
    Reader,
    Requirement,
    parse_requirements_txt,
    parse_spec,
    pipfile_lock_packages,
    poetry_lock_packages,
    project_dependencies,
)
from dockslim.optimizer.rules import Options
from dockslim.optimizer.syntax import parse
from dockslim.transforms.stages import pip as st

# ------------------------------------------------------------------------------ PEP 508 names

SPECS = [
    ("psycopg2==2.9.9", ("psycopg2", set())),
    ("Psycopg2_Binary>=2.9", ("psycopg2-binary", set())),
    ("psycopg[binary,pool]==3.1.19", ("psycopg", {"binary", "pool"})),
    ("requests [security] >= 2.8.1", ("requests", {"security"})),
    ('lxml; python_version >= "3.8"', ("lxml", set())),
    ("zope.interface", ("zope-interface", set())),
    ("pkg @ https://example.com/pkg-1.0.tar.gz", ("pkg", set())),
    ("git+https://github.com/org/repo.git@v1#egg=my_lib[extra]", ("my-lib", {"extra"})),
]

NOT_SPECS = [
    "git+https://github.com/org/repo.git",  # a VCS URL without #egg= names no distribution
    "<<<<<<< HEAD",  # a merge conflict marker
    "-r other.txt",  # an option
]


@pytest.mark.parametrize("spec, expected", SPECS)
def test_parse_spec(spec, expected):
    name, extras = parse_spec(spec)
    assert (name, set(extras)) == expected


@pytest.mark.parametrize("spec", NOT_SPECS)
def test_parse_spec_names_nothing(spec):
    assert parse_spec(spec) is None


# ------------------------------------------------------------------------------ requirement files

REQUIREMENT_FILES = [
    ("Django==5.0\n# a comment\npsycopg2==2.9.9  # from source\n", {"specs": ["Django==5.0", "psycopg2==2.9.9"]}),
    ("-r base.txt\n--requirement=extra.txt\n-rlocal.txt\n", {"includes": ["base.txt", "extra.txt", "local.txt"]}),
    # constraints install nothing: not read
    ("-c constraints.txt\nflask\n", {"specs": ["flask"], "includes": []}),
    ("psycopg2==2.9.9 \\\n    --hash=sha256:abc \\\n    --hash=sha256:def\n", {"specs": ["psycopg2==2.9.9"]}),
    ("--no-binary lxml,Pillow\n--only-binary=:all:\nlxml\n", {"no_binary": {"lxml", "pillow"}, "only_binary": {ALL}}),
    ("--no-binary :all:\n", {"no_binary": {ALL}}),
    ("-e .\n./libs/shared[pg]\n-e git+https://x/y.git#egg=tool\n", {"local": [".", "./libs/shared[pg]"], "specs": ["git+https://x/y.git#egg=tool"]}),
    ("-i https://pypi.example/simple\n--extra-index-url https://x\n--trusted-host x\n--pre\nflask\n", {"specs": ["flask"]}),
    ("", {"specs": [], "includes": []}),
]

REJECTED_FILES = [
    ("Django\n<<<<<<< HEAD\n", "line 2"),  # pip rejects a conflict marker
    ("--frobnicate\n", "unknown option"),  # pip rejects an option it does not know
    ("-r\n", "without a value"),
]


@pytest.mark.parametrize("text, expected", REQUIREMENT_FILES)
def test_parse_requirements_txt(text, expected):
    parsed = parse_requirements_txt(text)
    for key, value in expected.items():
        assert getattr(parsed, key) == value


@pytest.mark.parametrize("text, why", REJECTED_FILES)
def test_parse_requirements_txt_rejects(text, why):
    with pytest.raises(ValueError, match=why):
        parse_requirements_txt(text)


PROJECTS = [
    # [project] dependencies and the optional ones asked for
    ('[project]\nname="a"\ndependencies=["psycopg2>=2.9"]\n[project.optional-dependencies]\nmysql=["mysqlclient"]\nldap=["python-ldap"]\n',
     None, {"mysql"}, (["psycopg2>=2.9", "mysqlclient"], [])),
    # dynamic dependencies from a file (setuptools)
    ('[project]\nname="a"\ndynamic=["dependencies"]\n[tool.setuptools.dynamic]\ndependencies={file=["requirements.txt"]}\n',
     None, set(), ([], ["requirements.txt"])),
    # Poetry: python is not a distribution; extras kept; optional ones only through an extra
    ('[tool.poetry.dependencies]\npython="^3.11"\npsycopg={version="^3.1", extras=["binary"]}\nlxml={version="*", optional=true}\n',
     None, set(), (["psycopg[binary]"], [])),
    # setup.cfg's install_requires when pyproject.toml says nothing
    (None, "[metadata]\nname = a\n[options]\ninstall_requires =\n    mysqlclient>=2\n    flask\n", set(), (["mysqlclient>=2", "flask"], [])),
]


@pytest.mark.parametrize("pyproject, setup_cfg, extras, expected", PROJECTS)
def test_project_dependencies(pyproject, setup_cfg, extras, expected):
    assert project_dependencies(pyproject, setup_cfg, frozenset(extras)) == expected


@pytest.mark.parametrize(
    "pyproject, setup_cfg, why",
    [
        ("[project\n", None, "cannot be parsed"),  # broken TOML
        ("[build-system]\nrequires=['setuptools']\n", None, "not declared"),  # setup.py only
        ('[project]\nname="a"\ndynamic=["dependencies"]\n', None, "dynamic"),  # computed by the build
    ],
)
def test_project_dependencies_unknown(pyproject, setup_cfg, why):
    with pytest.raises(ValueError, match=why):
        project_dependencies(pyproject, setup_cfg, frozenset())


def test_lock_files():
    lock = ('[[package]]\nname = "mysqlclient"\nversion = "2.2.4"\n\n[[package]]\nname = "pytest"\nversion = "8"\n'
            'groups = ["dev"]\n\n[[package]]\nname = "black"\nversion = "24"\ncategory = "dev"\n')
    assert poetry_lock_packages(lock) == ["mysqlclient"]
    pipfile = '{"default": {"psycopg": {"extras": ["binary"], "version": "==3.1"}, "lxml": {}}, "develop": {"pytest": {}}}'
    assert pipfile_lock_packages(pipfile) == ["psycopg[binary]", "lxml"]
    with pytest.raises(ValueError):
        pipfile_lock_packages("{")
    with pytest.raises(ValueError):
        poetry_lock_packages("[[package]\n")


# ------------------------------------------------------------------------------ container -> context


def reading(dockerfile: str, files: dict[str, str], entries=(), args=None):
    model = build_model(parse(dockerfile))
    stage = model.final
    run = stage.runs()[-1]
    cmd = st.pip_installs(stage.run(run).view)[0][1]
    context = BuildContext("ctx", files, frozenset(entries) | frozenset(files))
    pip_args = [(st.long_name(a.option), a.value) for a in st.pip_args(cmd)]
    return Reader(Files(stage, run, context)).command_line(pip_args, {})


MAPPED = [
    # WORKDIR and a copy into it
    ("FROM python:3.11\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n",
     {"requirements.txt": "psycopg2\n"}, (), "requirements.txt"),
    # a renamed copy
    ("FROM python:3.11\nCOPY requirements/prod.txt /tmp/req.txt\nRUN pip install -r /tmp/req.txt\n",
     {"requirements/prod.txt": "psycopg2\n", "requirements.txt": "lxml\n"}, (), "requirements/prod.txt"),
    # a folder copied whole, relative WORKDIRs
    ("FROM python:3.11\nWORKDIR /srv\nWORKDIR app\nCOPY . .\nRUN pip install -r deps/prod.txt\n",
     {"deps/prod.txt": "psycopg2\n"}, ("deps/",), "deps/prod.txt"),
    # a wildcard copy into a folder
    ("FROM python:3.11\nCOPY requirements*.txt /src/\nRUN pip install -r /src/requirements-prod.txt\n",
     {"requirements-prod.txt": "psycopg2\n", "requirements.txt": "lxml\n"}, (), "requirements-prod.txt"),
    # the later COPY wins
    ("FROM python:3.11\nCOPY a.txt /r.txt\nCOPY b.txt /r.txt\nRUN pip install -r /r.txt\n",
     {"a.txt": "lxml\n", "b.txt": "psycopg2\n"}, (), "b.txt"),
]


@pytest.mark.parametrize("dockerfile, files, entries, origin", MAPPED)
def test_container_path_mapped_to_the_context(dockerfile, files, entries, origin):
    found = reading(dockerfile, files, entries)
    assert not found.problems
    assert [(r.name, r.origin) for r in found.requirements] == [("psycopg2", origin)]


UNMAPPED = [
    # created in the image, not copied
    ("FROM python:3.11\nRUN echo flask > /r.txt && pip install -r /r.txt\n", {}, "not copied from the build context"),
    # copied from another image
    ("FROM python:3.11\nCOPY --from=deps /r.txt /r.txt\nRUN pip install -r /r.txt\n", {}, "not copied from the build context"),
    # named by the COPY but missing from the context
    ("FROM python:3.11\nCOPY r.txt /r.txt\nRUN pip install -r /r.txt\n", {}, "r.txt is not in the build context"),
]


@pytest.mark.parametrize("dockerfile, files, problem", UNMAPPED)
def test_sources_that_cannot_be_read_are_problems(dockerfile, files, problem):
    found = reading(dockerfile, files)
    assert found.requirements == []
    assert problem in found.problems[0]


def test_includes_are_resolved_in_the_container():
    # prod.txt's `-r base.txt` is looked up beside /tmp/req.txt, where base.txt was not copied
    found = reading("FROM python:3.11\nCOPY requirements/ /tmp/\nRUN pip install -r /tmp/prod.txt --no-binary lxml\n",
                    {"requirements/prod.txt": "-r base.txt\nlxml\n", "requirements/base.txt": "psycopg2\n"},
                    ("requirements/",))
    assert [(r.name, r.origin, r.source_build) for r in found.requirements] == [
        ("lxml", "requirements/prod.txt", True), ("psycopg2", "requirements/base.txt", False)]


# ------------------------------------------------------------------------------ runtime needs


def req(spec: str, source_build: bool = False) -> Requirement:
    name, extras = parse_spec(spec)
    return Requirement(name, extras, "requirements.txt", source_build)


NEEDS = [
    # (requirements, family, release, full base, runtime packages)
    (["psycopg2"], DEBIAN, "trixie", True, ["libpq5"]),
    (["psycopg2-binary"], DEBIAN, "trixie", True, []),  # bundles libpq
    (["psycopg[pool]"], DEBIAN, "bookworm", False, ["libpq5"]),  # ctypes, whatever the base
    (["psycopg[binary]"], DEBIAN, "bookworm", True, []),
    (["psycopg", "psycopg-binary"], DEBIAN, "bookworm", True, []),  # the binary named beside it
    (["mysqlclient"], DEBIAN, "bookworm", True, ["libmariadb3"]),
    (["mysqlclient"], DEBIAN, "jammy", True, ["libmysqlclient21"]),
    (["lxml"], DEBIAN, "bookworm", True, []),  # wheels bundle libxml2
    (["lxml"], DEBIAN, "trixie", False, []),  # a slim base: the stage's own -dev packages say it
    (["python-ldap"], DEBIAN, "bookworm", True, ["libldap-2.5-0", "libsasl2-2"]),
    (["python-ldap"], DEBIAN, "trixie", True, ["libldap2", "libsasl2-2"]),
    (["pyodbc"], DEBIAN, "bullseye", False, ["libodbc1", "odbcinst1debian2"]),
    (["uwsgi"], DEBIAN, "bookworm", True, ["libxml2", "libpcre2-16-0", "libpcre2-32-0", "libpcre2-8-0", "libpcre2-posix3", "libssl3"]),
    (["psycopg"], ALPINE, "alpine3.19", False, ["libpq"]),
    (["pyodbc"], ALPINE, "alpine3.16", False, ["unixodbc"]),
    (["flask", "django"], DEBIAN, "bookworm", True, []),
    (["mariadb"], DEBIAN, "trixie", True, ["libmariadb3"]),
    (["cairocffi"], DEBIAN, "bookworm", False, ["libcairo-gobject2", "libcairo-script-interpreter2", "libcairo2"]),
    # through the named distribution's own dependencies (data/python_requires.json)
    (["cairosvg"], DEBIAN, "bookworm", False, ["libcairo-gobject2", "libcairo-script-interpreter2", "libcairo2"]),
    (["flask-mysqldb"], DEBIAN, "bookworm", True, ["libmariadb3"]),
    (["django-auth-ldap"], DEBIAN, "bookworm", True, ["libldap-2.5-0", "libsasl2-2"]),
    (["sqlalchemy[mysql]"], DEBIAN, "bookworm", True, ["libmariadb3"]),
    (["sqlalchemy"], DEBIAN, "bookworm", True, []),  # its dialects are extras
    (["flask-mysqldb", "mysqlclient"], DEBIAN, "bookworm", True, ["libmariadb3"]),  # once
]


@pytest.mark.parametrize("specs, family, release, full, packages", NEEDS)
def test_runtime_needs(specs, family, release, full, packages):
    needs = runtime_needs([req(s) for s in specs], family, release, full)
    assert [p for n in needs for p in n.packages] == packages


def test_what_a_distribution_brings_is_named_after_it():
    [need] = runtime_needs([req("cairosvg")], DEBIAN, "bookworm", False)
    assert need.requirement.name == "cairocffi" and need.requirement.origin == "requirements.txt, through cairosvg"


def test_the_dependency_data_names_wrappers_and_table_entries():
    import json
    from pathlib import Path

    from dockslim.optimizer.python_libraries import TABLE

    data = json.loads((Path(dockslim.__file__).parent / "data" / "python_requires.json").read_text())
    assert data["generated_by"] == "scripts/gen_python_requires.py" and data["read"]
    for key, names in data["brings"].items():
        assert key.split("[")[0] in data["read"] and set(names) <= set(TABLE), key


def test_source_build_of_a_wheel_distribution():
    needs = runtime_needs([req("lxml", source_build=True)], DEBIAN, "bookworm", True)
    assert needs[0].packages == ("libxml2", "libxslt1.1")


def test_a_dev_package_the_runtime_installs_brings_its_library():
    assert runtime_needs([req("pyodbc")], DEBIAN, "noble", False, frozenset({"unixodbc-dev"})) == []
    with pytest.raises(UnknownRuntime, match="unixodbc-dev, whose runtime package on noble"):
        runtime_needs([req("pyodbc")], DEBIAN, "noble", False)
    # no reviewed Alpine name for Pango: not guessed
    with pytest.raises(UnknownRuntime, match="weasyprint .* needs a library whose package on alpine3.19"):
        runtime_needs([req("weasyprint")], ALPINE, "alpine3.19", False)


# ------------------------------------------------------------------------------ through the pass

RUNTIME_EDITS = [
    # the last word of the install is a build-only package on its own line: replaced in place
    ("FROM python:3.11\nRUN apt-get update && apt-get install -y \\\n    curl \\\n    gcc \\\n && rm -rf /var/lib/apt/lists/*\n"
     "COPY requirements.txt .\nRUN pip install -r requirements.txt\n",
     "RUN apt-get update && apt-get install -y \\\n    curl \\\n    libpq5 \\\n && rm -rf /var/lib/apt/lists/*\n"),
    # an install of build-only packages only: it stays, with the library
    ("FROM python:3.11\nRUN apt-get update && apt-get install -y gcc\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n",
     "RUN apt-get update && apt-get install -y libpq5\n"),
    # the library is kept already (libpq-dev -> libpq5): not twice
    ("FROM python:3.11\nRUN apt-get update && apt-get install -y gcc libpq-dev\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n",
     "RUN apt-get update && apt-get install -y libpq5\n"),
    # a package that stays: appended after it
    ("FROM python:3.11\nRUN apt-get update && apt-get install -y tzdata\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n",
     "RUN apt-get update && apt-get install -y tzdata libpq5\n"),
]


@pytest.mark.parametrize("dockerfile, runtime_install", RUNTIME_EDITS)
def test_runtime_stage_installs_the_library(dockerfile, runtime_install):
    context = BuildContext("ctx", {"requirements.txt": "psycopg2==2.9.9\n"}, frozenset({"requirements.txt"}))
    result = dockslim.fix(dockerfile, unsafe_fixes=True, select=["DS301"], options=Options(extra={"context": context}))
    runtime = result.text.split("\n\n", 1)[1]
    assert runtime_install in runtime
    assert not result.dropped
    finding = dockslim.check(dockerfile, select=["DS301"], options=Options(extra={"context": context}))[0]
    assert "the runtime stage keeps libpq5 for psycopg2 (requirements.txt)" in finding.message


@pytest.mark.parametrize(
    "env, libraries",
    [
        ("ENV PIP_NO_BINARY=lxml PYTHONUNBUFFERED=1\n", "libxml2, libxslt1.1 for lxml"),  # pip reads PIP_<OPTION>
        ("ENV PIP_NO_BINARY :all:\n", "libxml2, libxslt1.1 for lxml"),  # the old ENV form
        ("ENV PIP_NO_CACHE_DIR=1\n", None),  # lxml from its wheel: bundled
    ],
)
def test_no_binary_from_the_environment(env, libraries):
    dockerfile = f"FROM python:3.11\n{env}COPY requirements.txt .\nRUN pip install -r requirements.txt\n"
    context = BuildContext("ctx", {"requirements.txt": "lxml==5.2.2\n"}, frozenset({"requirements.txt"}))
    finding = dockslim.check(dockerfile, select=["DS301"], options=Options(extra={"context": context}))[0]
    if libraries is None:
        assert "the runtime stage keeps" not in finding.message
    else:
        assert f"the runtime stage keeps {libraries} (requirements.txt)" in finding.message


@pytest.mark.parametrize(
    "parse, text",
    [
        (lambda t: project_dependencies(t, None, frozenset()), 'project = "x"\n'),  # a string for a table
        (lambda t: project_dependencies(t, None, frozenset()), '[project]\noptional-dependencies = ["a"]\n'),
        (lambda t: project_dependencies(t, None, frozenset()), "[tool]\npoetry = 1\n"),
        (poetry_lock_packages, 'package = "x"\n'),
        (pipfile_lock_packages, '{"default": {"a": {"extras": 3}}}'),
    ],
)
def test_files_of_an_unexpected_shape_are_parse_errors(parse, text):
    """Valid TOML or JSON in the wrong shape is reported like a syntax error, never a crash."""
    with pytest.raises(ValueError, match="unexpected shape"):
        parse(text)


def test_a_cd_before_the_install_moves_where_its_files_are():
    dockerfile = "FROM python:3.11\nCOPY . /src\nRUN cd /src && pip install -r requirements/prod.txt\n"
    context = BuildContext("ctx", {"requirements/prod.txt": "psycopg2\n"}, frozenset({"requirements/", "requirements/prod.txt"}))
    review = dockslim.review(dockerfile, select=["DS301"], options=Options(extra={"context": context}))
    assert "the runtime stage keeps libpq5 for psycopg2 (requirements/prod.txt)" in review.findings[0].message
    assert not review.notes
