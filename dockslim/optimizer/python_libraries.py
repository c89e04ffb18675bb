"""Python distributions that need a system library at run time, and which one (a reviewed table).

What it holds for: the Linux wheels and source builds on PyPI of the distributions below, as
their own installation documents say (each entry names its source), on Debian/Ubuntu and
Alpine. A distribution that is not here needs nothing the table knows of; a family an entry
names no package for is not guessed (the split is left alone, with a note). A full base image (`python:3.11`, built on buildpack-deps) already
carries the -dev packages of these libraries, so a source build there links them although the
Dockerfile names none; a slim runtime stage lacks the shared libraries.

Each entry names the -dev packages (`a|b`: the first one the release has, as in Debian's
dependency fields) whose runtime packages the installed distribution needs, per family, and
how it needs them:

- `links`: a source build links the library. Needed when the build runs on a base image that
  carries the -dev package (or the stage installs it, which the package data covers already),
  and only when pip builds from source: `--no-binary`, or a distribution without Linux wheels
  (`wheels = False`). Its binary wheels bundle the library otherwise (auditwheel).
- `loads`: the installed code loads the library itself (ctypes), or its wheels leave it out;
  needed whatever the base image and however it was installed, unless an extra brings a
  bundled copy (`bundled_by`: `psycopg[binary]`, or psycopg-binary named beside it).

A distribution the requirements name may bring one of the table through its own dependencies
(CairoSVG depends on cairocffi): `data/python_requires.json`, generated from PyPI's metadata
by `scripts/gen_python_requires.py`, says which, and those count as named.

The runtime package names are never written here: `packages.runtime_for` resolves the -dev
package in the release of the base image (`libpq-dev` -> `libpq5`, `libldap2-dev` ->
`libldap-2.5-0` on bookworm, `libldap2` on trixie).
"""

from __future__ import annotations

import functools
import json
import os
from dataclasses import dataclass

from .packages import ALPINE, DEBIAN, runtime_for
from .requirements import Requirement

LINKS = "links"
LOADS = "loads"


@dataclass(frozen=True)
class Needs:
    how: str  # LINKS or LOADS
    dev: dict[str, tuple[str, ...]]  # family -> -dev packages ("a|b": the first the release has)
    wheels: bool  # Linux binary wheels exist and bundle the library (LINKS only)
    bundled_by: tuple[str, ...] = ()  # extras or distributions that bring a bundled copy
    source: str = ""


TABLE: dict[str, Needs] = {
    "psycopg2": Needs(
        LINKS, {DEBIAN: ("libpq-dev",), ALPINE: ("libpq-dev",)}, wheels=False,
        source="psycopg.org/docs/install.html: psycopg2 builds from source against libpq "
        "(PyPI has Windows wheels only); psycopg2-binary bundles libpq",
    ),
    "psycopg": Needs(
        LOADS, {DEBIAN: ("libpq-dev",), ALPINE: ("libpq-dev",)}, wheels=False,
        bundled_by=("binary", "psycopg-binary"),
        source="psycopg.org/psycopg3/docs/basic/install.html: the pure Python package loads "
        "libpq.so.5 through ctypes; psycopg[binary] bundles it, psycopg[c] links it",
    ),
    "psycopg-c": Needs(
        LINKS, {DEBIAN: ("libpq-dev",), ALPINE: ("libpq-dev",)}, wheels=False,
        source="psycopg.org/psycopg3/docs/basic/install.html: sdist only, built against libpq",
    ),
    "mysqlclient": Needs(
        LINKS, {DEBIAN: ("default-libmysqlclient-dev",), ALPINE: ("mariadb-dev",)}, wheels=False,
        source="github.com/PyMySQL/mysqlclient README: Linux builds from source against "
        "libmysqlclient/libmariadb (PyPI has Windows wheels only)",
    ),
    "lxml": Needs(
        LINKS, {DEBIAN: ("libxml2-dev", "libxslt1-dev"), ALPINE: ("libxml2-dev", "libxslt-dev")}, wheels=True,
        source="lxml.de/installation.html: wheels bundle libxml2/libxslt; a source build links the system's",
    ),
    "pillow": Needs(
        LINKS,
        {
            DEBIAN: ("libjpeg-dev", "zlib1g-dev", "libfreetype-dev|libfreetype6-dev", "liblcms2-dev", "libwebp-dev",
                     "libtiff-dev", "libopenjp2-7-dev", "libxcb1-dev"),
            ALPINE: ("libjpeg-turbo-dev", "zlib-dev", "freetype-dev", "lcms2-dev", "tiff-dev", "openjpeg-dev"),
        },
        wheels=True,
        source="pillow.readthedocs.io installation/building-from-source: libjpeg and zlib "
        "required; freetype, littlecms, webp, tiff, openjpeg, xcb found by the build when present",
    ),
    "python-ldap": Needs(
        LINKS, {DEBIAN: ("libldap2-dev|libldap-dev", "libsasl2-dev"), ALPINE: ("openldap-dev", "cyrus-sasl-dev")},
        wheels=False,
        source="python-ldap.org/en/latest/installing.html: sdist only, builds against OpenLDAP and Cyrus SASL",
    ),
    "pyodbc": Needs(
        LOADS, {DEBIAN: ("unixodbc-dev",), ALPINE: ("unixodbc-dev",)}, wheels=False,
        source="github.com/mkleehammer/pyodbc/wiki/Install: the Linux wheels need unixODBC's "
        "libodbc.so.2 installed (it is not bundled)",
    ),
    "uwsgi": Needs(
        LINKS, {DEBIAN: ("libxml2-dev", "libpcre2-dev|libpcre3-dev", "libssl-dev"),
                ALPINE: ("libxml2-dev", "pcre2-dev", "openssl-dev")},
        wheels=False,
        source="uwsgi-docs.readthedocs.io Install and uwsgiconfig.py: sdist only; the build "
        "links libxml2, PCRE and OpenSSL when their headers are present (pyuwsgi is the wheel)",
    ),
    "cffi": Needs(
        LINKS, {DEBIAN: ("libffi-dev",), ALPINE: ("libffi-dev",)}, wheels=True,
        source="cffi.readthedocs.io/en/latest/installation.html: wheels bundle libffi",
    ),
    "pyyaml": Needs(
        LINKS, {DEBIAN: ("libyaml-dev",), ALPINE: ("yaml-dev",)}, wheels=True,
        source="pyyaml.org/wiki/PyYAMLDocumentation: the LibYAML bindings are built when "
        "libyaml's headers are present; wheels bundle libyaml",
    ),
    "mariadb": Needs(
        LINKS, {DEBIAN: ("libmariadb-dev",), ALPINE: ("mariadb-connector-c-dev",)}, wheels=False,
        source="mariadb.com/docs connector-python install: Linux builds from source against "
        "MariaDB Connector/C (PyPI has Windows wheels only)",
    ),
    "pycairo": Needs(
        LINKS, {DEBIAN: ("libcairo2-dev",), ALPINE: ("cairo-dev",)}, wheels=False,
        source="pycairo.readthedocs.io getting_started: Linux builds from source against cairo "
        "(PyPI has Windows wheels only)",
    ),
    "cairocffi": Needs(
        LOADS, {DEBIAN: ("libcairo2-dev",), ALPINE: ("cairo-dev",)}, wheels=False,
        source="doc.courtbouillon.org/cairocffi: loads libcairo.so.2 through cffi at run time",
    ),
    "weasyprint": Needs(
        LOADS, {DEBIAN: ("libpango1.0-dev",)}, wheels=False,
        source="doc.courtbouillon.org/weasyprint first_steps: loads Pango (libpango-1.0, "
        "libpangoft2-1.0) through cffi at run time",
    ),
    "kerberos": Needs(
        LINKS, {DEBIAN: ("libkrb5-dev",), ALPINE: ("krb5-dev",)}, wheels=False,
        source="github.com/apple/ccs-pykerberos README: sdist only, built against krb5-config's libraries",
    ),
    "pykerberos": Needs(
        LINKS, {DEBIAN: ("libkrb5-dev",), ALPINE: ("krb5-dev",)}, wheels=False,
        source="github.com/apple/ccs-pykerberos README: sdist only, built against krb5-config's libraries",
    ),
    "python-magic": Needs(
        LOADS, {DEBIAN: ("libmagic-dev",), ALPINE: ("file-dev",)}, wheels=False,
        source="github.com/ahupp/python-magic README: loads libmagic through ctypes",
    ),
}


@dataclass(frozen=True)
class Need:
    """Runtime packages one requirement needs."""

    requirement: Requirement
    packages: tuple[str, ...]


class UnknownRuntime(Exception):
    """A -dev package whose runtime packages the release's data does not name."""


@functools.cache
def _brings() -> dict[str, list[str]]:
    path = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "python_requires.json")
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)["brings"]


def with_dependencies(requirements: list[Requirement]) -> list[Requirement]:
    """The requirements and the distributions of the table they bring through their own
    dependencies (with their extras: `sqlalchemy[postgresql]`), named after what brings them."""
    out, names = list(requirements), {r.name for r in requirements}
    for req in requirements:
        for key in (req.name, *(f"{req.name}[{e}]" for e in sorted(req.extras))):
            for name in _brings().get(key, ()):
                if name not in names:
                    names.add(name)
                    out.append(Requirement(name, frozenset(), f"{req.origin}, through {req.name}", req.source_build))
    return out


def runtime_needs(requirements: list[Requirement], family: str, release: str | None,
                  full_base: bool, installed: frozenset[str] = frozenset()) -> list[Need]:
    """The runtime packages the requirements (and what they bring, see with_dependencies) need
    in an image of `family`/`release`; `full_base`: the base image carries the -dev packages (a
    source build links them); `installed`: packages the runtime installs anyway (a -dev package
    there brings its library). UnknownRuntime when a needed -dev package has no known runtime
    package there."""
    requirements = with_dependencies(requirements)
    names = {r.name for r in requirements}
    out = []
    for req in requirements:
        needs = TABLE.get(req.name)
        if needs is None:
            continue
        if needs.how == LOADS:
            if any(b in req.extras or b in names for b in needs.bundled_by):
                continue
        elif not full_base or (needs.wheels and not req.source_build):
            continue
        if family not in needs.dev:
            raise UnknownRuntime(f"{req.name} ({req.origin}) needs a library whose package on {release} "
                                 "dockslim does not know")
        packages: list[str] = []
        for choice in needs.dev[family]:
            if installed.intersection(choice.split("|")):
                continue
            found = next((r for alt in choice.split("|") if (r := runtime_for(alt, family, release))), None)
            if found is None:
                raise UnknownRuntime(f"{req.name} ({req.origin}) needs the library of {choice.split('|')[0]}, "
                                     f"whose runtime package on {release} dockslim does not know")
            packages.extend(p for p in found if p not in packages)
        if packages:
            out.append(Need(req, tuple(packages)))
    return out
