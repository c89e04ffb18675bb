"""Per-pass blame: which passes break the image, found by bisection, and the split that is
not worth its stage.

Cumulative prefixes of the pass codes (registry order) are built; a binary search finds the
first prefix that fails, its last pass is responsible; it is taken out and the search goes
on until the rest verifies.
"""

from __future__ import annotations

from ..optimizer.findings import Finding
from .builds import Builds, Candidate
from .checks import check, verified
from .report import Report, human, pass_name, titles_by_code

# A split that saves less than both of these on its own is not kept by `fix --verify`: it
# costs a second stage and a longer build for what the builder's caches weighed. On a full
# python/node image a slim runtime saves 70-85 %; a split left on the full base (its slim
# base dropped) saves a few MB of caches, well under both marks.
SPLIT_MIN_PERCENT = 5.0
SPLIT_MIN_BYTES = 20_000_000
SPLIT_CODE = "DS301"


def split_is_negligible(saved: int, before_size: int) -> bool:
    """True when the bytes a stage split saves are below both SPLIT_MIN marks."""
    percent = 100.0 * saved / before_size if before_size else 0.0
    return saved < SPLIT_MIN_BYTES and percent < SPLIT_MIN_PERCENT


def bisect(builds: Builds, codes: list[str], first: Candidate | None = None) -> tuple[list[dict], list[str]]:
    """Passes to take out so the rest verifies, each with the failure it caused. `first`:
    how the whole of `codes` failed, when known (the repaired rewrite: its failure is the
    one repair could not fix)."""
    culprits: list[dict] = []
    current = list(codes)
    good = 0  # a prefix of this length is known to verify
    while current:
        full = first if first is not None and current == codes else verified(builds, current)
        if full.ok:
            break
        lo, hi, why = good, len(current), full.reasons
        while hi - lo > 1:
            mid = (lo + hi) // 2
            probe = verified(builds, current[:mid])
            if probe.ok:
                lo = mid
            else:
                hi, why = mid, probe.reasons
        code = current[hi - 1]
        builds.say(f"bisection: {code} is responsible ({'; '.join(why or [])})")
        culprits.append({"code": code, "reasons": list(why or [])})
        current = current[: hi - 1] + current[hi:]
        good = hi - 1
    return culprits, current


def named(builds: Builds, culprits: list[dict], applied: tuple[Finding, ...]) -> list[dict]:
    """The culprits with their pass's name and the titles of its fixes."""
    titles = titles_by_code(applied)
    for c in culprits:
        c["titles"] = titles.get(c["code"], [])
        c["name"] = pass_name(builds.effective, c["code"])
    return culprits


def blame(builds: Builds, report: Report, after: Candidate, codes: list[str],
          applied: tuple[Finding, ...]) -> tuple[Candidate, list[str]]:
    """The rewrite (`after`, repaired or not) failed: bisect the passes; with repair, the
    rest becomes the result. Returns (the candidate of the rest, or the original; its codes)."""
    assert builds.before is not None
    report.reasons = list(after.reasons or [])
    builds.say("the rewrite does not verify; bisecting the passes: " + "; ".join(report.reasons))
    culprits, rest = bisect(builds, codes, after)
    report.responsible = named(builds, culprits, applied)
    if not builds.settings.repair:
        return after, codes
    report.dropped = report.responsible
    final = verified(builds, rest) if rest else builds.before
    return final, rest


def drop_negligible_split(builds: Builds, report: Report, final: Candidate, codes: list[str],
                          applied: tuple[Finding, ...]) -> tuple[Candidate, list[str]]:
    """A stage split that, as verified, saves next to nothing on its own (its slim base
    dropped, say) is dropped too: the rest is built without it (and bisected if that
    fails). Returns the result and its codes."""
    before = builds.before
    assert before is not None and before.size
    rest = [c for c in codes if c != SPLIT_CODE]
    unsplit = builds.candidate(tuple(rest)) if rest else before
    if not unsplit.built or unsplit.size is None or final.size is None:
        return final, codes
    saved = unsplit.size - final.size
    if not split_is_negligible(saved, before.size):
        return final, codes
    how_much = (f"only {human(saved)} ({100.0 * saved / before.size:.1f}%)" if saved > 0
                else f"nothing ({human(-saved)} larger)")
    why = (f"the stage split saves {how_much} on its own, under {SPLIT_MIN_PERCENT:g}% and "
           f"{human(SPLIT_MIN_BYTES)}: not worth a second stage")
    builds.say(f"dropping {SPLIT_CODE}: {why}")
    dropped = [{"code": SPLIT_CODE, "reasons": [why]}]
    if not check(builds, unsplit).ok:
        culprits, rest = bisect(builds, rest)
        dropped += culprits
        unsplit = verified(builds, rest) if rest else before
    report.dropped = report.dropped + named(builds, dropped, applied)
    report.responsible = report.dropped
    return unsplit, rest
