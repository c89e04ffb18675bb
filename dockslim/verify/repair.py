"""The repair loop of `fix --verify`: install what the rewritten runtime stage lacks.

The packages come from two measurements: the runtime libraries check (what the final stage
takes from the builder links, and the final image lacks) and the smoke command's loader
errors (the sonames it could not load, owned in the original image or the builder).
"""

from __future__ import annotations

import re

from ..transforms.stages.runtime_install import with_runtime_packages
from .builds import Builds, Candidate
from .checks import check
from .dockerfile import by_stage, taken
from .libraries import runtime_libraries, takes_from_stages
from .report import Report
from .runtime_libs import RESOLVE, owners_from

REPAIR_ROUNDS = 3
# How a program says a shared library is missing: the loader, Python's ImportError/OSError
# (ctypes, dlopen), node's `Error: ...`; psycopg names no file, libpq's soname is its own.
_MISSING_SONAME = re.compile(
    r"(?:error while loading shared libraries|ImportError|OSError|Error|dlopen)[^\n]*?:\s*"
    r"(?P<soname>[\w.+-]+\.so(?:\.[\w.]+)?): cannot open shared object file"
)
_PSYCOPG_NO_LIBPQ = re.compile(r"no pq wrapper available|libpq library not found")


def missing_sonames(output: str) -> list[str]:
    """The shared libraries a failing command's output says it could not load, in order."""
    found = [m.group("soname") for m in _MISSING_SONAME.finditer(output)]
    if _PSYCOPG_NO_LIBPQ.search(output):
        found.append("libpq.so.5")
    return list(dict.fromkeys(found))


def repair_runtime(builds: Builds, report: Report, cand: Candidate) -> Candidate:
    """Up to REPAIR_ROUNDS times: find the packages the rewrite lacks, add them to the final
    stage's install, rebuild and check again. Returns the last candidate; each step goes to
    report.repairs."""
    for round_no in range(1, REPAIR_ROUNDS + 1):
        wanted = lacking_packages(builds, cand)
        if not wanted:
            break
        text = with_runtime_packages(cand.text, sorted(wanted))
        if text is None or text == cand.text:
            report.repairs.append({"round": round_no, "added": [], "reason": "the final stage's install cannot be extended"})
            break
        for pkg, why in sorted(wanted.items()):
            report.repairs.append({"round": round_no, "added": [pkg], "reason": why})
            builds.say(f"repair: added {pkg} ({why})")
        fixed = builds.build(text, cand.codes, f"repair-{round_no}")
        builds.candidates[text] = fixed
        cand = check(builds, fixed)
        if cand.ok:
            lacking = runtime_libraries(builds, cand).get("missing") if takes_from_stages(builds, cand) else None
            if not lacking:
                break
            cand.reasons = [f"the runtime stage lacks {', '.join(lacking)}"]
    return cand


def lacking_packages(builds: Builds, cand: Candidate) -> dict[str, str]:
    """package -> why, for what `cand` is missing at run time."""
    out: dict[str, str] = {}
    if cand.built and takes_from_stages(builds, cand):
        for pkg in runtime_libraries(builds, cand).get("missing", []):
            out[pkg] = f"what the final stage takes from the builder links against a library {pkg} provides"
    sonames = missing_sonames(cand.smoke.output) if cand.smoke is not None and not cand.smoke.ok else []
    if sonames:
        owners = soname_owners(builds, sonames, cand)
        for soname in sonames:
            if owners.get(soname):
                out.setdefault(owners[soname], f"owns {soname}, needed by `{builds.settings.smoke}`")
    return out


def soname_owners(builds: Builds, sonames: list[str], cand: Candidate) -> dict[str, str | None]:
    """Who owns each soname: asked in the original image (which has it), then the stages
    the final one takes files from."""
    images = [builds.before.tag] if builds.before is not None else []
    for stage in by_stage(taken(builds.build_text(cand.text))):
        built = builds.stage_image(cand, stage)
        if built.built:
            images.append(built.tag)
    owners: dict[str, str | None] = {}
    for image in images:
        todo = [s for s in sonames if not owners.get(s)]
        if not todo:
            break
        result = builds.engine.shell_output(image, RESOLVE, todo)
        owners.update({k: v for k, v in owners_from(result.output).items() if v})
    return owners
