"""npm packages with native addons, and the system libraries they need at run time.

A reviewed table. It holds for the npm packages named here, on Debian and Ubuntu: which `-dev`
packages each one's own install instructions ask for when it compiles with node-gyp (on a
full `node:*` image those are already in the base, so the Dockerfile never names them). The
runtime packages are not written here: `packages.runtime_for` maps each `-dev` package to
the shared-library packages of the release, from the distribution's own indexes. Addons that
bundle their libraries (a prebuilt binary, or sources vendored into the package) need
nothing and are listed with no `-dev` package, so that "nothing" is a reviewed answer too.

Every addon compiled by node-gyp links libstdc++; node itself links it too, so it is in
every image that runs node (Debian's `libstdc++6` in `node:*-slim`, the `apk add libstdc++`
of the `node:*-alpine` Dockerfiles) and needs no entry.

An npm package missing from the table is not known to need anything; `dockslim verify`
measures what the built `node_modules` really link.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .packages import DEBIAN, runtime_for


@dataclass(frozen=True)
class Addon:
    dev: tuple[str, ...]  # Debian -dev packages its build needs (none: it bundles its libraries)
    source: str  # where the fact comes from


ADDONS: Mapping[str, Addon] = {
    "canvas": Addon(
        ("libcairo2-dev", "libpango1.0-dev", "libjpeg-dev", "libgif-dev", "librsvg2-dev"),
        "Automattic/node-canvas README, Compiling (Debian/Ubuntu line); Debian's node-canvas Build-Depends",
    ),
    "odbc": Addon(("unixodbc-dev",), "IBM/node-odbc README, Requirements (Ubuntu/Debian)"),
    "kerberos": Addon(("libkrb5-dev",), "mongodb-js/kerberos README, Requirements (Linux: the krb5 development package)"),
    "krb5": Addon(("libkrb5-dev",), "adaltas/node-krb5 README, Installation (Ubuntu)"),
    "libpq": Addon(("libpq-dev",), "brianc/node-libpq README: links the PostgreSQL client library, found by pg_config"),
    "pg-native": Addon(("libpq-dev",), "brianc/node-pg-native README: built on the libpq npm package"),
    # bundled: nothing to install
    "sharp": Addon((), "sharp installation docs: prebuilt binaries carry their own libvips"),
    "bcrypt": Addon((), "kelektiv/node.bcrypt.js: the algorithm is compiled in; only libstdc++"),
    "sqlite3": Addon((), "TryGhost/node-sqlite3 README: bundles SQLite (an external one only with --sqlite=)"),
    "libxmljs": Addon((), "libxmljs: compiles the libxml2 sources it vendors"),
    "libxmljs2": Addon((), "libxmljs2: compiles the libxml2 sources it vendors"),
}


def runtime_packages(dependencies: Iterable[str], family: str | None, release: str | None) -> dict[str, tuple[str, ...]]:
    """addon -> the runtime packages it needs on `release`, for the dependencies the table
    knows to need some (in the order given). Only Debian and Ubuntu: elsewhere the build
    packages are never implicit, so the stage's own installs name them."""
    if family != DEBIAN:
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for name in dependencies:
        addon = ADDONS.get(name)
        if addon and addon.dev:
            # what the addon links: the shared-library packages (named lib*, Debian policy 8.1),
            # not the tools or introspection data a -dev package also depends on
            found = (p for dev in addon.dev for p in runtime_for(dev, family, release) if p.startswith("lib"))
            out[name] = tuple(dict.fromkeys(found))
    return out
