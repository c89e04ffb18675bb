"""What a finding's fix is worth in bytes, before any build: an estimate from Debian's own
metadata and a table of official image sizes, or None when dockslim cannot know it.

- apt lists (DS102; DS103 when the RUN it joins removes them): the size `apt-get update` of
  the official image's sources writes, from the suite's Release file (data/debian/sizes/lists.json);
- `--no-install-recommends` (DS101): the Installed-Size of what the Recommends bring beyond
  the Depends closure and what the image already has;
- build-only packages kept out (DS120, DS301): the closure of the build-only packages less
  what the kept ones need; DS301 also moves the runtime to the slim variant of its base
  (its fix makes the next round's DS302 possible), the difference of the two images' sizes;
- a base change (DS302): the two images' sizes (data/images.json, each with its source) and
  the packages the stage then installs itself;
- the apt archive cache (DS104): the .deb sizes of what the RUN installs.

What every image of the release has (debootstrap's minbase) costs nothing; the packages an
official image's Dockerfile installs (buildpack-deps, python's slim) count as there.
Everything else is None: pip, npm and Go caches, the build tree a split leaves behind, an
unknown package or base. Data is read on first use.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

from . import packages as pk
from .findings import Finding, apply_edits
from .model import Model, Stage, build_model
from .shell import Command
from .syntax import Instruction, ParseError, parse

DATA = Path(__file__).resolve().parent.parent / "data"
SIZES = DATA / "debian" / "sizes"
KIB = 1024
LISTS = "/var/lib/apt/lists"


# --------------------------------------------------------------------------- data


@functools.cache
def _lists() -> dict:
    return json.loads((SIZES / "lists.json").read_text(encoding="utf-8"))["suites"]


@functools.cache
def _sizes(suite: str) -> dict | None:
    path = SIZES / f"{suite}.json"
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return {"base": frozenset(data["base"].split()), "packages": data["packages"]}


@functools.cache
def _images() -> dict:
    return json.loads((DATA / "images.json").read_text(encoding="utf-8"))


def suite_of(release: str | None) -> str | None:
    """The Debian suite whose data a release uses (a derived release: the one it maps to)."""
    data = pk.debian_data(release) if release else None
    return None if data is None else data.get("derived_from", release)


def lists_bytes(release: str | None) -> int | None:
    """What `apt-get update` writes to /var/lib/apt/lists in an official image of a Debian
    suite; None for other releases (Ubuntu's archive is another)."""
    found = _lists().get(release or "")
    return None if found is None else found["bytes"]


def image_bytes(image: str) -> int | None:
    """The published size of an official image tag, when the table has it."""
    found = _images()["sizes"].get(_short(image))
    return None if found is None else found["bytes"]


def _short(image: str) -> str:
    ref = image.split("@", 1)[0]
    for prefix in ("docker.io/", "library/"):
        ref = ref.removeprefix(prefix)
    return ref if ":" in ref.rsplit("/", 1)[-1] else ref + ":latest"


def slim_of(image: str) -> str | None:
    """`python:3.11` -> `python:3.11-slim`, `python:3.11-bookworm` -> `python:3.11-slim-bookworm`."""
    name, _, tag = _short(image).partition(":")
    if "slim" in tag or "alpine" in tag:
        return None
    version, dash, release = tag.partition("-")
    return f"{name}:{version}-slim{dash}{release}"


def in_archive(name: str, release: str | None) -> bool | None:
    """The package (or a name it provides) is in the release's Debian archive; None when the
    release's data is not known."""
    suite = suite_of(release)
    data = _sizes(suite) if suite is not None else None
    if data is None:
        return None
    real = pk.resolve(name, suite)
    return real in data["packages"] or real in data["base"]


def _meta(suite: str, name: str) -> tuple[int, int, list[str]] | None:
    raw = _sizes(suite)["packages"].get(name)
    if raw is None:
        return None
    kib, deb, *deps = raw.split()
    return int(kib), int(deb), deps


def closure(names, suite: str, recommends: bool = False, have: frozenset[str] = frozenset()) -> set[str] | None:
    """The packages installing `names` brings (Depends, and Recommends when asked), without
    what every image has and what the image already `have`s (apt installs no Recommends of
    a package that is installed already); None when a name is not known."""
    data = _sizes(suite)
    if data is None:
        return None
    rec = pk.debian_recommends(suite)["recommends"] if recommends else {}
    seen: set[str] = set()
    todo = [pk.resolve(n, suite) for n in names]
    while todo:
        name = todo.pop()
        if name in seen or name in data["base"] or name in have:
            continue
        meta = _meta(suite, name)
        if meta is None:
            return None
        seen.add(name)
        todo.extend(meta[2])
        todo.extend(rec.get(name, "").split())
    return seen


def installed_bytes(pkgs, suite: str) -> int:
    return sum(_meta(suite, p)[0] for p in pkgs) * KIB


def deb_bytes(pkgs, suite: str) -> int:
    return sum(_meta(suite, p)[1] for p in pkgs)


@functools.cache
def image_packages(image: str, suite: str) -> frozenset[str]:
    """What an official image installs on top of minbase (with their dependencies), as far
    as the table knows; names the suite lacks are skipped."""
    name, _, tag = _short(image).partition(":")
    slim = "slim" in tag
    named: list[str] = []
    for entry in _images()["packages"].values():
        if name in entry["images"] and (entry["variants"] == "slim") == slim and "alpine" not in tag:
            named += entry["names"].split()
    found: set[str] = set()
    for n in named:
        found |= closure([n], suite) or set()
    return frozenset(found)


# --------------------------------------------------------------------------- the Dockerfile


def _lineage(stage: Stage) -> list[Stage]:
    """The stage and the stages it is built FROM."""
    return [stage] + (_lineage(stage.parent) if stage.parent is not None else [])


def root_base(stage: Stage) -> str:
    while stage.parent is not None:
        stage = stage.parent
    return stage.base


def _installs(model: Model, inst: Instruction) -> list[tuple[tuple[int, int], Command]] | None:
    """The apt installs of a RUN with their spans; None when the RUN cannot be read."""
    if inst.kind != "RUN":
        return []
    view = model.run(inst).readable
    if view is None:
        return None
    return [
        (part.span(cmd), cmd) for part, cmd in view.commands()
        if cmd.program in ("apt-get", "apt") and cmd.subcommand is not None and cmd.subcommand.value == "install"
    ]


def _names(cmd: Command) -> list[str] | None:
    """The packages an install names; None when one is not a plain package name."""
    out = []
    for word in cmd.operands():
        value = word.value
        if value is None or value.startswith((".", "/")) or value.endswith(".deb") or "*" in value:
            return None
        out.append(pk.package_name(value))
    return out


def _with_recommends(cmd: Command) -> bool:
    return not cmd.has_option("--no-install-recommends") and not any(
        "install-recommends" in (w.value or "").lower() for w in cmd.args
    )


def stage_installs(model: Model, stage: Stage) -> tuple[list[str], bool] | None:
    """Every package the stage's RUNs install, and whether any install takes Recommends."""
    names: list[str] = []
    recommends = False
    for inst in stage.runs():
        found = _installs(model, inst)
        if found is None:
            return None
        for _, cmd in found:
            more = _names(cmd)
            if more is None:
                return None
            names += more
            recommends = recommends or _with_recommends(cmd)
    return names, recommends


def _placed(stage: Stage) -> tuple[str, str] | None:
    """The stage's root base and the Debian suite of its data."""
    base = root_base(stage)
    if pk.family_of(base) != pk.DEBIAN:
        return None
    suite = suite_of(pk.release_of(base))
    return None if suite is None or not (SIZES / f"{suite}.json").exists() else (base, suite)


def stage_bytes(base: str, names: list[str], recommends: bool, suite: str) -> int | None:
    """The size of an image: the base's published size and what the installs add to it."""
    size = image_bytes(base)
    pkgs = closure(names, suite, recommends, image_packages(base, suite))
    return None if size is None or pkgs is None else size + installed_bytes(pkgs, suite)


def fixed_model(model: Model, finding: Finding) -> Model | None:
    if finding.fix is None:
        return None
    try:
        return build_model(parse(apply_edits(model.dockerfile.render(), finding.fix.edits)))
    except ParseError:
        return None


# --------------------------------------------------------------------------- per pass


def _apt_lists(model: Model, finding: Finding, stage: Stage) -> int | None:
    return lists_bytes(pk.release_of(root_base(stage)))


def _joined_lists(model: Model, finding: Finding, stage: Stage) -> int | None:
    """DS103 saves the lists when the RUN the update joins removes them."""
    if finding.fix is None:
        return None
    target = next((e for e in finding.fix.edits if e.text), None)
    inst = model.dockerfile.instruction_at(target.start) if target else None
    view = model.run(inst).readable if inst is not None and inst.kind == "RUN" else None
    if view is None:
        return None
    removes = any(
        cmd.program == "rm" and any((w.value or "").startswith(LISTS) for w in cmd.args) for _, cmd in view.commands()
    )
    return _apt_lists(model, finding, stage) if removes else None


def _installs_found(model: Model, finding: Finding, stage: Stage):
    """(base, suite, installs) of the RUN the finding is on; None when the release or the
    installs are not known."""
    placed = _placed(stage)
    inst = model.dockerfile.instruction_at(finding.start)
    found = _installs(model, inst) if placed and inst is not None else None
    return (*placed, found) if found else None


def _recommends(model: Model, finding: Finding, stage: Stage) -> int | None:
    known = _installs_found(model, finding, stage)
    if known is None:
        return None
    base, suite, found = known
    # the install the finding is about (its span holds the finding's start)
    named = [_names(cmd) for span, cmd in found if span[0] <= finding.start < span[1] and _with_recommends(cmd)]
    if not named or None in named:
        return None
    names = [n for each in named for n in each]
    inst = model.dockerfile.instruction_at(finding.start)
    before = [i for st in _lineage(stage) for i in st.body if i.index < inst.index]
    if pk.adds_apt_source("".join(i.text for i in before) + model.dockerfile.text[inst.start : finding.start]):
        return None  # the packages may come from that repository: other relations, other sizes
    have = image_packages(base, suite) | _installed_before(model, before, suite)
    after = _named_after_fix(model, finding)  # with what the fix keeps (ca-certificates for curl)
    if after is None:
        return None
    full, depends = closure(names, suite, True, have), closure(after, suite, False, have)
    return None if full is None or depends is None else installed_bytes(full - depends, suite)


def _installed_before(model: Model, before: list[Instruction], suite: str) -> frozenset[str]:
    """What the apt installs of earlier RUNs of the image installed (apt installs no Recommends
    of what is there already)."""
    out: set[str] = set()
    for inst in before:
        for _, cmd in _installs(model, inst) or ():
            names = _names(cmd)
            found = closure(names, suite, _with_recommends(cmd)) if names is not None else None
            out |= found or set()
    return frozenset(out)


def _named_after_fix(model: Model, finding: Finding) -> list[str] | None:
    """The packages the install names once fixed."""
    fixed = fixed_model(model, finding)
    inst = fixed.dockerfile.instruction_at(finding.start) if fixed is not None else None
    found = _installs(fixed, inst) if inst is not None else None
    if not found:
        return None
    names = [_names(cmd) for span, cmd in found if span[0] <= finding.start < span[1]]
    return names[0] if names and names[0] is not None else None


def _archives(model: Model, finding: Finding, stage: Stage) -> int | None:
    known = _installs_found(model, finding, stage)
    if known is None:
        return None
    base, suite, found = known
    have = image_packages(base, suite)
    total = set()
    for _, cmd in found:
        names = _names(cmd)
        pkgs = closure(names, suite, _with_recommends(cmd), have) if names is not None else None
        if pkgs is None:
            return None
        total |= pkgs
    return deb_bytes(total, suite)


_MARKED = re.compile(r"apt-mark\s+auto\s+([^&;|\n\\]+)")


def _purge(model: Model, finding: Finding, stage: Stage) -> int | None:
    """DS120: what `apt-mark auto <build-only>` and `autoremove` take out of the RUN."""
    placed = _placed(stage)
    installs = stage_installs(model, stage) if placed else None
    marked = [m for e in (finding.fix.edits if finding.fix else ()) for g in _MARKED.findall(e.text) for m in g.split()]
    if installs is None or not marked:
        return None
    base, suite = placed
    names, recommends = installs
    kept = [n for n in names if n not in marked] + [r for n in marked for r in pk.runtime_for(n, pk.DEBIAN, suite)]
    have = image_packages(base, suite)
    before, after = closure(names, suite, recommends, have), closure(kept, suite, recommends, have)
    return None if before is None or after is None else installed_bytes(before - after, suite)


def _split(model: Model, finding: Finding, stage: Stage) -> int | None:
    """DS301: the stage's packages on its base, against the kept ones on the slim variant."""
    base = root_base(stage)
    if image_bytes(base) is None or image_bytes(slim_of(base) or base) is None:
        return None  # read no package data for what cannot be known
    placed = _placed(stage)
    installs = stage_installs(model, stage) if placed else None
    if installs is None:
        return None
    base, suite = placed
    names, recommends = installs
    release = pk.release_of(base)
    kept = [n for n in names if not pk.is_build_only(n, pk.DEBIAN, release)]
    kept += [r for n in names if pk.is_build_only(n, pk.DEBIAN, release) for r in pk.runtime_for(n, pk.DEBIAN, release)]
    slim = slim_of(base) or base
    before = stage_bytes(base, names, recommends, suite)
    after = stage_bytes(slim, kept, recommends, suite)
    return None if before is None or after is None else before - after


def _base_change(model: Model, finding: Finding, stage: Stage) -> int | None:
    """DS302: the same installs on the new base."""
    placed = _placed(stage) if image_bytes(root_base(stage)) is not None else None
    after_model = fixed_model(model, finding) if placed else None
    installs = stage_installs(model, stage) if placed else None
    if after_model is None or installs is None or len(after_model.stages) != len(model.stages):
        return None
    base, suite = placed
    new = root_base(after_model.stages[stage.index])
    if suite_of(pk.release_of(new)) != suite:
        return None
    before, after = stage_bytes(base, *installs, suite), stage_bytes(new, *installs, suite)
    return None if before is None or after is None else before - after


ESTIMATORS = {
    "DS101": _recommends,
    "DS102": _apt_lists,
    "DS103": _joined_lists,
    "DS104": _archives,
    "DS120": _purge,
    "DS301": _split,
    "DS302": _base_change,
}


def estimate(finding: Finding, model: Model) -> int | None:
    """Bytes the finding's fix keeps out of the image, or None when not known."""
    how = ESTIMATORS.get(finding.code)
    if how is None or finding.note:
        return None
    inst = model.dockerfile.instruction_at(finding.start)
    stage = model.stage_of(inst) if inst is not None else None
    if stage is None:
        return None
    found = how(model, finding, stage)
    return None if found is None or found < 0 else int(found)


def human(n: int) -> str:
    """`~20 MB` (10^6 bytes), `~6.6 MB` below 10 MB, `~25 kB` below 0.1 MB."""
    if n < 100_000:
        return f"~{n / 1e3:.0f} kB"
    return f"~{n / 1e6:.0f} MB" if n >= 9_500_000 else f"~{n / 1e6:.1f} MB"
