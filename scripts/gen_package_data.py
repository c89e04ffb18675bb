#!/usr/bin/env python3
"""Generate dockslim/data/debian/<release>.json from Debian's own package indexes.

For each Debian suite below, the main/binary-amd64 `Packages.xz` index is downloaded (checked
against the suite's `Release` file, cached by its sha256) and reduced to what dockslim asks:

- dev: each `-dev` package (Section libdevel, or a name ending in -dev) -> the runtime
  packages it stands for: its dependencies of the same source package that are not
  themselves development packages (`libpq-dev` -> `libpq5`; not the library's command-line
  tools, Section utils, beside its shared library: `libzip-dev` -> `libzip5`, without
  `zipcmp`), plus what its same-source -dev
  dependencies stand for (`libncurses5-dev` -> `libncurses-dev` -> `libncurses6` ...). A
  metapackage with nothing of its own source (`default-libmysqlclient-dev`, `libjpeg-dev` in
  some suites) follows its other -dev dependencies instead.
- provides: names that are no real package but are provided by exactly one package that is
  a -dev package or a runtime package above (`libssl3` -> `libssl3t64` in trixie,
  `libfreetype6-dev` -> `libfreetype-dev`), so an old name resolves as apt resolves it.

Recommends (for DS101, `--no-install-recommends`), written to recommends/<suite>.json beside
the other files so that only the pass that asks reads them:

- recommends: each package -> its Recommends (the first alternative of each, a virtual name as
  the one package that provides it), leaving out what every image of the release already has
  (the Priority: required packages and apt, with their dependencies: debootstrap's minbase,
  which the official debian images are);
- leaves_out: for each package of NEEDED_LATER (what a later command of a Dockerfile needs:
  `ca-certificates` for HTTPS, `dirmngr` for key servers, `gpg-agent` for add-apt-repository) and of FUNCTIONAL, the packages
  whose install brings it only through Recommends (at any depth, through Depends and
  Recommends), so that installing them with `--no-install-recommends` leaves it out;
  for a package of FUNCTIONAL, the packages that depend (at any depth) on one that recommends
  it for what it is installed for (imagemagick on libmagickcore, which recommends ghostscript);
- functional: the release's packages of FUNCTIONAL -> what they do for the packages that
  recommend them;
- depended_on: each build tool a build tool recommends (gcc, make, libc6-dev ...), and each
  package of `functional`, -> the packages that bring it through Depends (at any depth):
  build-essential brings gcc, g++ brings libc6-dev, so an install naming them needs no build
  tool named for cmake; libreoffice brings libreoffice-writer.

Derived releases (Ubuntu, Debian buster) cannot be read from deb.debian.org; DERIVED below is
their reviewed description: the Debian suite they are closest to, the -dev packages whose
runtime names were checked for them, and the runtime names that differ. Their Recommends are
their Debian suite's (no file of their own): what DS101 acts on holds there too (curl, wget and
git reach ca-certificates only through Recommends, gnupg depends on dirmngr, python3-pip
recommends the build tools), other Recommends may differ.

Sizes (for the estimates of what a finding is worth), written to sizes/<suite>.json:

- base: what every image of the release has (costs nothing);
- packages: each package that is not in every image of the release -> its Installed-Size
  (KiB), the size of its .deb (`Size`, bytes) and its Depends and Pre-Depends (first
  alternative, a virtual name as the package that provides it, what every image has left
  out), so that the closure of an install can be summed;
- lists (all suites in sizes/lists.json): what `apt-get update` of the official image's sources writes to /var/lib/apt/lists:
  the suite's InRelease and its main Packages index. The debian images keep that index
  lz4-compressed (debuerreotype's `Acquire::GzipIndexes`, no translations); its size is the
  Release file's uncompressed size times LZ4_RATIO. -updates and -security (about 1 MB more)
  change every day and are left out.

    python scripts/gen_package_data.py              # writes dockslim/data/debian/<release>.json,
                                                    # recommends/<suite>.json and sizes/<suite>.json
    python scripts/gen_package_data.py --check      # exit 1 when a shipped file differs
    python scripts/gen_package_data.py --cache DIR  # downloads kept in DIR (default below)

Each suite's file records the index it was made from (Release date, version, sha256); the
output is deterministic (sorted keys, one package a line).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import lzma
import os
import re
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from dockslim.optimizer.packages import DEBIAN_TOOLCHAIN  # noqa: E402  (the build tools DS101 may name)

MIRROR = "http://deb.debian.org/debian"
SUITES = ("bullseye", "bookworm", "trixie")
INDEX = "main/binary-amd64/Packages.xz"
DEFAULT_CACHE = Path("/var/cache/dockslim-packages")
OUTPUT = Path(__file__).resolve().parent.parent / "dockslim" / "data" / "debian"  # one <release>.json each
# dependencies in these sections are build tools, never what a -dev package stands for at run time
BUILD_SECTIONS = frozenset({"libdevel", "devel"})
# -dev packages of language ecosystems (librust-*-dev, golang-*-dev, libghc-*-dev ...): sources
# for those languages' own builds, not what a Dockerfile installs; left out to keep the data small
LANGUAGE_SECTIONS = frozenset({"rust", "golang", "haskell", "ocaml", "javascript", "cli-mono", "lisp"})
# packages a later command needs that an install may bring only as a recommendation
NEEDED_LATER = ("ca-certificates", "dirmngr", "gpg-agent")
# Recommends that carry what the recommending package is installed for (reviewed: without them
# the program starts but fails on its usual input): (recommending packages, recommended, what
# it does), name patterns over the release's packages
FUNCTIONAL = (
    (r"imagemagick-.*|libmagickcore-.*", r"ghostscript", "PDF, PostScript and EPS"),  # a delegate
    (r"imagemagick-.*", r"libmagickcore-.*-extra", "SVG, WMF and other formats"),  # ImageMagick's coders
    (r"texlive-base", r"lmodern", "the Latin Modern fonts LaTeX documents load"),  # pandoc's template too
    (r"texlive-.*", r"texlive-plain-generic", "the generic macros LaTeX packages load"),  # ulem, iftex
    (r"xvfb", r"xauth", "xvfb-run"),  # xvfb-run stops without it
    (r"unoconv", r"libreoffice-(writer|calc|impress|draw)", "the office suite it converts with"),
    (r"libreoffice-common", r"fonts-liberation2?", "the fonts documents are laid out with"),  # Arial's metrics
)
RECOMMENDS = "recommends"  # the folder of the recommends/<suite>.json files
SIZES = "sizes"  # the folder of the sizes/<suite>.json files
LISTS = "lists"  # sizes/lists.json: the apt lists of every suite (small: read without the sizes)
# lz4 size / uncompressed size of a main Packages index as apt keeps it, measured in the
# debian stand-ins after `apt-get update`: bookworm 18,840,233 / 50,060,337 = 0.376,
# bullseye 17,307,773 / 45,561,367 = 0.380
LZ4_RATIO = 0.38

# The -dev packages whose runtime names were reviewed for the derived releases: there, these
# (and the toolchain) are the only packages dockslim treats as build-only.
REVIEWED = (
    "libpq-dev", "libffi-dev", "libssl-dev", "libjpeg-dev", "default-libmysqlclient-dev",
    "libmariadb-dev", "libmariadb-dev-compat", "libxml2-dev", "libxslt1-dev", "zlib1g-dev",
    "libpng-dev", "libyaml-dev", "libcurl4-openssl-dev", "libsqlite3-dev", "libbz2-dev",
    "liblzma-dev", "libzstd-dev", "libreadline-dev", "libgdbm-dev", "libncurses-dev",
    "libncurses5-dev", "libncursesw5-dev", "libfreetype-dev", "libfreetype6-dev", "liblcms2-dev", "libopenjp2-7-dev",
    "libwebp-dev", "libharfbuzz-dev", "libfribidi-dev", "libcairo2-dev", "libmagic-dev", "libgmp-dev",
    "libsasl2-dev", "libsodium-dev", "libexpat1-dev", "uuid-dev", "libedit-dev", "libonig-dev",
    "libpcre2-dev", "libpcre3-dev", "libsnappy-dev", "libcap-dev", "libusb-1.0-0-dev", "libtiff-dev", "musl-dev",
)

# Each derived release: the Debian suite it is closest to, and where its names differ from it.
#   runtime:    a runtime package of the base suite -> its name there (None: it has none)
#   dev:        a reviewed -dev package whose runtime packages differ entirely there
#   unreviewed: reviewed -dev packages whose runtime names there are not checked (not known)
# Checked against packages.ubuntu.com (focal 20.04, jammy 22.04, noble 24.04) and
# packages.debian.org (buster 10): soname of each source package of REVIEWED in that release.

# Ubuntu's JPEG library is libjpeg-turbo8 (libjpeg.so.8), its default MySQL client MySQL 8.0's
UBUNTU_DEV = {
    "libjpeg-dev": ["libjpeg-turbo8"], "libjpeg8-dev": ["libjpeg-turbo8"], "libjpeg-turbo8-dev": ["libjpeg-turbo8"],
    "default-libmysqlclient-dev": ["libmysqlclient21"], "libmysqlclient-dev": ["libmysqlclient21"],
}
DERIVED = {
    "buster": {  # libffi 3.2, readline 7, pcre2 10.32
        "derived_from": "bullseye",
        "runtime": {"libffi7": "libffi6", "libreadline8": "libreadline7", "libpcre2-posix2": "libpcre2-posix0"},
        "dev": {},
        "unreviewed": ["libfreetype-dev"],  # freetype 2.9: libfreetype6-dev is the real one
    },
    "focal": {  # libjpeg-turbo8 and MySQL 8.0 as in every Ubuntu; otherwise bullseye's sonames
        "derived_from": "bullseye",
        "runtime": {},
        "dev": UBUNTU_DEV,
        "unreviewed": [],
    },
    "jammy": {  # tiff 4.3 (libtiff5), harfbuzz 2.7 (no subset library)
        "derived_from": "bookworm",
        "runtime": {"libtiff6": "libtiff5", "libtiffxx6": "libtiffxx5", "libharfbuzz-subset0": None},
        "dev": UBUNTU_DEV,
        "unreviewed": [],
    },
    "noble": {  # the same t64 renames as trixie; pcre3 still there
        "derived_from": "trixie",
        "runtime": {},
        "dev": {**UBUNTU_DEV, "libpcre3-dev": ["libpcre16-3", "libpcre3", "libpcre32-3", "libpcrecpp0v5"]},
        "unreviewed": [],
    },
}


# --------------------------------------------------------------------------- download


def fetch(url: str, attempts: int = 3) -> bytes:
    """The bytes at url; a failed attempt is retried (mirrors drop connections now and then)."""
    for attempt in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=60) as resp:  # noqa: S310 (a fixed http mirror)
                return resp.read()
        except (urllib.error.URLError, TimeoutError, ConnectionError) as err:
            if attempt == attempts - 1:
                raise SystemExit(f"{url}: {err}") from None
            time.sleep(2 * (attempt + 1))
    raise AssertionError("unreachable")


def default_cache() -> Path:
    """$DOCKSLIM_PACKAGE_CACHE, else /var/cache/dockslim-packages when it can be written, else
    ~/.cache/dockslim-packages."""
    if os.environ.get("DOCKSLIM_PACKAGE_CACHE"):
        return Path(os.environ["DOCKSLIM_PACKAGE_CACHE"])
    try:
        DEFAULT_CACHE.mkdir(parents=True, exist_ok=True)
        if os.access(DEFAULT_CACHE, os.W_OK):
            return DEFAULT_CACHE
    except OSError:
        pass
    return Path.home() / ".cache" / "dockslim-packages"


def release_info(suite: str) -> dict:
    """Date, version and the sha256 of the index, from the suite's Release file."""
    text = fetch(f"{MIRROR}/dists/{suite}/Release").decode()
    fields = dict(re.findall(r"^(Date|Version|Codename): (.*)$", text, re.M))
    m = re.search(rf"^ ([0-9a-f]{{64}}) +(\d+) {re.escape(INDEX)}$", text, re.M)
    if m is None:
        raise SystemExit(f"{suite}: the Release file lists no {INDEX}")
    return {"suite": suite, "version": fields.get("Version", ""), "date": fields["Date"],
            "url": f"{MIRROR}/dists/{suite}/{INDEX}", "sha256": m.group(1)}


def lists_info(suite: str) -> dict:
    """The bytes `apt-get update` writes for the suite's main component: InRelease as it is,
    the Packages index lz4-compressed (its uncompressed size from the Release file)."""
    inrelease = fetch(f"{MIRROR}/dists/{suite}/InRelease")
    m = re.search(rb"^ [0-9a-f]{64} +(\d+) main/binary-amd64/Packages$", inrelease, re.M)
    if m is None:
        raise SystemExit(f"{suite}: the InRelease file lists no main/binary-amd64/Packages")
    packages = int(m.group(1))
    return {"inrelease": len(inrelease), "packages": packages, "lz4_ratio": LZ4_RATIO,
            "bytes": len(inrelease) + round(packages * LZ4_RATIO)}


def index_bytes(info: dict, cache: Path) -> bytes:
    """The index the Release file names, from the cache when it holds it."""
    path = cache / f"{info['suite']}-{info['sha256'][:16]}-Packages.xz"
    if path.exists():
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() == info["sha256"]:
            return data
    data = fetch(info["url"])
    if hashlib.sha256(data).hexdigest() != info["sha256"]:
        raise SystemExit(f"{info['url']}: sha256 differs from the Release file's (mirror mid-update?)")
    cache.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".part")
    tmp.write_bytes(data)
    tmp.replace(path)
    return data


# --------------------------------------------------------------------------- reduce


def paragraphs(text: str) -> dict[str, dict[str, str]]:
    """Package name -> the fields dockslim reads."""
    out = {}
    for para in text.split("\n\n"):
        fields = dict(re.findall(
            r"^(Package|Source|Section|Priority|Essential|Depends|Pre-Depends|Recommends|Provides|Installed-Size|Size): (.*)$", para, re.M
        ))
        if "Package" in fields:
            out[fields["Package"]] = fields
    return out


def names(field: str | None) -> list[str]:
    """The first alternative of each relation, without versions or architecture qualifiers."""
    out = []
    for rel in (field or "").split(","):
        first = rel.split("|", 1)[0].strip()
        if first:
            out.append(re.split(r"[\s(:\[]", first, maxsplit=1)[0])
    return out


def source_of(fields: dict[str, str]) -> str:
    return fields.get("Source", fields["Package"]).split(" ", 1)[0]


def section(fields: dict[str, str]) -> str:
    return fields.get("Section", "").rsplit("/", 1)[-1]


def is_dev(name: str, fields: dict[str, str]) -> bool:
    return name.endswith("-dev") or section(fields) == "libdevel"


def recorded(name: str, fields: dict[str, str]) -> bool:
    return is_dev(name, fields) and section(fields) not in LANGUAGE_SECTIONS


def is_build_tool(name: str, fields: dict[str, str]) -> bool:
    return is_dev(name, fields) or section(fields) in BUILD_SECTIONS


def runtime_map(pkgs: dict[str, dict[str, str]]) -> dict[str, list[str]]:
    """Each recorded -dev package -> the runtime packages it stands for (sorted)."""
    memo: dict[str, list[str]] = {}

    def runtime(name: str, seen: frozenset[str]) -> list[str]:
        if name in memo:
            return memo[name]
        fields = pkgs[name]
        src = source_of(fields)
        deps = [d for d in names(fields.get("Pre-Depends")) + names(fields.get("Depends")) if d in pkgs and d not in seen]
        own = [d for d in deps if source_of(pkgs[d]) == src]
        found = [d for d in own if not is_build_tool(d, pkgs[d])]
        if any(section(pkgs[d]) == "libs" for d in found):  # the library's command-line tools are not it
            found = [d for d in found if section(pkgs[d]) != "utils"]
        for d in own:
            if is_dev(d, pkgs[d]):
                found += runtime(d, seen | {name})
        if not found:  # a metapackage: what the -dev packages it points to stand for
            for d in deps:
                if d not in own and is_dev(d, pkgs[d]):
                    found += runtime(d, seen | {name})
        memo[name] = sorted(set(found))
        return memo[name]

    return {n: runtime(n, frozenset()) for n in sorted(pkgs) if recorded(n, pkgs[n])}


def provides_map(pkgs: dict[str, dict[str, str]], keep: set[str]) -> dict[str, str]:
    """Virtual name -> the one package of `keep` that provides it (apt installs that one)."""
    providers: dict[str, set[str]] = {}
    for name, fields in pkgs.items():
        for virtual in names(fields.get("Provides")):
            providers.setdefault(virtual, set()).add(name)
    return {v: min(p) for v, p in sorted(providers.items()) if v not in pkgs and len(p) == 1 and p <= keep}


def closure(starts, edges) -> set[str]:
    """Every package reachable from `starts` through `edges` (name -> names), the starts too."""
    seen: set[str] = set()
    todo = list(starts)
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(edges.get(name, ()))
    return seen


def dependency_graph(pkgs: dict[str, dict[str, str]]) -> tuple[dict[str, list[str]], set[str], dict[str, set[str]]]:
    """Each package's Depends and Pre-Depends as real packages (first alternative; a virtual
    name as the first package that provides it), without what every image of the release
    already has (the Priority: required packages and apt, with their dependencies:
    debootstrap's minbase, which the official debian images are); that base; the providers."""
    providers: dict[str, set[str]] = {}
    for name, fields in pkgs.items():
        for virtual in names(fields.get("Provides")):
            providers.setdefault(virtual, set()).add(name)
    depends = {n: real(names(f.get("Pre-Depends")) + names(f.get("Depends")), pkgs, providers) for n, f in pkgs.items()}
    required = [n for n, f in pkgs.items() if f.get("Priority") == "required" or f.get("Essential") == "yes"]
    base = closure([*required, "apt"], depends)  # installed already: neither brought nor left out
    return {n: [d for d in ds if d not in base] for n, ds in depends.items()}, base, providers


def real(names_: list[str], pkgs: dict, providers: dict[str, set[str]]) -> list[str]:
    """The packages apt installs for names: a real one as it is, a virtual one's provider."""
    out = []
    for n in names_:
        found = n if n in pkgs else min(providers[n]) if n in providers else None
        if found is not None:
            out.append(found)
    return out


def recommends_data(pkgs: dict[str, dict[str, str]]) -> dict:
    """The Recommends of each package and the packages that bring NEEDED_LATER and FUNCTIONAL
    only through them, both without what every image of the release has."""
    depends, base, providers = dependency_graph(pkgs)
    recommends = {
        n: sorted({r for r in real(names(f.get("Recommends")), pkgs, providers) if r not in base}) if n not in base else []
        for n, f in pkgs.items()
    }
    both = {n: depends[n] + recommends[n] for n in pkgs}
    brought_by: dict[str, list[str]] = {}
    only_depends_on: dict[str, list[str]] = {}
    for name in pkgs:
        for d in both[name]:
            brought_by.setdefault(d, []).append(name)
        for d in depends[name]:
            only_depends_on.setdefault(d, []).append(name)
    leaves_out = {}
    for needed in NEEDED_LATER:
        through_recommends = closure([needed], brought_by) - closure([needed], only_depends_on)
        leaves_out[needed] = " ".join(sorted(through_recommends))
    functional = {}
    for by, wanted, why in FUNCTIONAL:
        for needed in (n for n in sorted(pkgs) if re.fullmatch(wanted, n)):
            recommenders = [n for n in pkgs if re.fullmatch(by, n) and needed in recommends[n]]
            # what depends on a recommender (at any depth) without depending on the package
            through = closure(recommenders, only_depends_on) - closure([needed], only_depends_on)
            if through:
                functional[needed] = why
                leaves_out[needed] = " ".join(sorted(through))
    # the build tools a build tool recommends (DS101 names them for it): what brings each through Depends
    named_for_tools = sorted({r for t in DEBIAN_TOOLCHAIN if t in pkgs for r in recommends[t] if r in DEBIAN_TOOLCHAIN})
    # and the packages of FUNCTIONAL (libreoffice depends on the libreoffice-writer unoconv recommends)
    depended_on = {t: " ".join(sorted(closure([t], only_depends_on) - {t})) for t in [*named_for_tools, *functional]}
    return {"recommends": {n: " ".join(rs) for n, rs in sorted(recommends.items()) if rs}, "leaves_out": leaves_out,
            "functional": functional, "depended_on": depended_on}


def sizes_data(pkgs: dict[str, dict[str, str]]) -> dict:
    """What every image has ("base", names), and each other package -> "installed-KiB
    deb-bytes dependency ..."."""
    depends, base, _ = dependency_graph(pkgs)
    packages = {
        n: " ".join([f.get("Installed-Size", "0"), f.get("Size", "0"), *sorted(set(depends[n]))])
        for n, f in sorted(pkgs.items()) if n not in base
    }
    return {"base": " ".join(sorted(base)), "packages": packages}


def suite_data(info: dict, text: str, lists: dict) -> dict:
    pkgs = paragraphs(text)
    dev = runtime_map(pkgs)
    keep = set(dev) | {r for rs in dev.values() for r in rs}
    return {
        "index": info,
        "dev": {d: " ".join(rs) for d, rs in dev.items()},
        "provides": provides_map(pkgs, keep),
        RECOMMENDS: {"index": info, **recommends_data(pkgs)},
        SIZES: {"index": info, **sizes_data(pkgs)},
        LISTS: {"index": info, **lists},
    }


def derived_data(spec: dict, base: dict) -> dict:
    """A derived release: the reviewed -dev packages, their runtime names renamed."""
    dev = {}
    for pkg in sorted(set(REVIEWED) | set(spec["dev"])):
        if pkg in spec["unreviewed"]:
            continue
        if pkg in spec["dev"]:
            runtime = spec["dev"][pkg]
        else:
            runtime = [spec["runtime"].get(r, r) for r in base["dev"][base["provides"].get(pkg, pkg)].split()]
        dev[pkg] = " ".join(sorted(r for r in set(runtime) if r))
    known = set(dev) | {r for rs in dev.values() for r in rs.split()}
    provides = {v: p for v, p in base["provides"].items() if p in known and v not in known}
    return {"derived_from": spec["derived_from"], "dev": dev, "provides": provides}


def generate(cache: Path) -> dict[str, dict]:
    """Release name -> its data (a suite's Recommends under "recommends")."""
    releases = {}
    for suite in SUITES:
        info = release_info(suite)
        text = lzma.decompress(index_bytes(info, cache)).decode("utf-8")
        releases[suite] = suite_data(info, text, lists_info(suite))
    for name, spec in DERIVED.items():
        releases[name] = derived_data(spec, releases[spec["derived_from"]])
    return releases


def dump(release: str, data: dict) -> str:
    """Deterministic text: one package a line, sorted."""
    body = {"release": release, "generated_by": "scripts/gen_package_data.py", **data}
    return json.dumps(body, indent=0, sort_keys=True, ensure_ascii=False) + "\n"


def outputs(releases: dict[str, dict]) -> dict[str, str]:
    """The files to write, by path under the output directory: <release>.json, and
    recommends/<suite>.json, sizes/<suite>.json and sizes/lists.json apart (read only by what
    needs them)."""
    texts = {}
    for release, data in releases.items():
        main = {k: v for k, v in data.items() if k not in (RECOMMENDS, SIZES, LISTS)}
        texts[f"{release}.json"] = dump(release, main)
        for part in (RECOMMENDS, SIZES):
            if part in data:
                texts[f"{part}/{release}.json"] = dump(release, data[part])
    lists = {release: data[LISTS] for release, data in releases.items() if LISTS in data}
    body = {"generated_by": "scripts/gen_package_data.py", "suites": lists}
    texts[f"{SIZES}/{LISTS}.json"] = json.dumps(body, indent=1, sort_keys=True) + "\n"
    return texts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--cache", type=Path, default=None, help=f"where downloaded indexes are kept ({DEFAULT_CACHE})")
    ap.add_argument("--output", type=Path, default=OUTPUT, help="directory of the <release>.json files")
    ap.add_argument("--check", action="store_true", help="compare with the shipped files instead of writing them")
    args = ap.parse_args(argv)
    texts = outputs(generate(args.cache or default_cache()))
    if args.check:
        stale = sorted(n for n, t in texts.items() if not (args.output / n).exists() or (args.output / n).read_text() != t)
        print(f"{args.output}: " + (f"differs from the indexes: {', '.join(stale)}" if stale else "up to date"))
        return 1 if stale else 0
    for name, text in texts.items():
        (args.output / name).parent.mkdir(parents=True, exist_ok=True)
        (args.output / name).write_text(text)
        print(f"{args.output / name}: {len(text)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
