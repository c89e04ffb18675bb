"""Every pass does what its spec declares (ruff's test harness checks a rule's declared fix
availability the same way): over every golden input and example, fixed with unsafe fixes on,
each fix a pass emits (on the input and on every text the fixpoint goes through) has at most
the spec's applicability, and each of its edits lies inside instructions of the spec's `kinds`
(an insertion: inside one, or between two); a pass declared `fixable` emits a fix in its
golden cases and one declared not fixable never does."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from test_golden import GOLDEN, read, settings

import dockslim
from dockslim.api import settings_for
from dockslim.optimizer.findings import Edit
from dockslim.optimizer.pipeline import InputError
from dockslim.optimizer.rules import Pass
from dockslim.transforms import registry

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p for p in (ROOT / "examples").glob("*/Dockerfile*") if p.is_file())


def outside(edit: Edit, instructions, kinds: tuple[str, ...]) -> list[str]:
    """The kinds of the instructions an edit changes that the spec does not declare. An
    instruction owns its leading comment block; an insertion where one instruction ends and
    the next begins changes neither."""
    if edit.start == edit.end:
        touched = [i for i in instructions if i.leading_start < edit.start < i.end]
    else:
        touched = [i for i in instructions if i.leading_start < edit.end and edit.start < i.end]
    return [i.kind for i in touched if i.kind not in kinds]


def emitted(text: str, kwargs: dict) -> list[tuple]:
    """(spec, instructions of the text it saw, fix) for every fix the passes emit while the
    text is fixed with unsafe fixes on."""
    seen = []

    def recording(p):
        def check(model, options):
            for finding in p.check(model, options):
                if finding.fix is not None:
                    seen.append((p.spec, model.dockerfile.instructions, finding.fix))
                yield finding
        return Pass(p.spec, p.doc, check, p.words)

    passes = tuple(recording(p) for p in registry() if kwargs["select"] is None or p.code in kwargs["select"])
    try:
        dockslim.fix(text, unsafe_fixes=True, options=kwargs["options"], passes=passes)
    except InputError:
        pass
    return seen


def golden_inputs():
    for case in sorted(GOLDEN.glob("*/*/input.Dockerfile")):
        meta = settings(case.parent)
        yield case.parent.parent.name, read(case), {"select": meta["select"], "options": meta["options"]}


def example_inputs():
    for path in EXAMPLES:
        kw = settings_for(str(path)).passes()
        yield "examples", read(path), {"select": None, "options": kw.get("options")}


@pytest.fixture(scope="module")
def fixes():
    """group -> every (spec, instructions, fix) emitted on the inputs of that golden folder
    (or "examples")."""
    found = defaultdict(list)
    for group, text, kwargs in [*golden_inputs(), *example_inputs()]:
        found[group].extend(emitted(text, kwargs))
    return found


def test_inputs_are_found():
    assert len(list(GOLDEN.glob("*/*/input.Dockerfile"))) > 100 and EXAMPLES


def test_fixes_stay_within_declared_applicability(fixes):
    wrong = {f"{spec.code}: {fix.title} is {fix.applicability.name}, declared {spec.applicability.name}"
             for found in fixes.values() for spec, _, fix in found if fix.applicability > spec.applicability}
    assert not wrong, "\n".join(sorted(wrong))


def test_edits_stay_within_declared_kinds(fixes):
    wrong = set()
    for found in fixes.values():
        for spec, instructions, fix in found:
            for edit in fix.edits:
                kinds = outside(edit, instructions, spec.kinds)
                if kinds:
                    wrong.add(f"{spec.code} declares {spec.kinds}: {fix.title!r} edits {', '.join(sorted(set(kinds)))}")
    assert not wrong, "\n".join(sorted(wrong))


@pytest.mark.parametrize("p", registry(), ids=lambda p: p.code)
def test_declared_fixability_matches_golden_cases(p, fixes):
    folders = [d.name for d in GOLDEN.iterdir() if d.name.split("-", 1)[0] == p.code]
    count = sum(1 for group in folders for spec, _, _ in fixes[group] if spec.code == p.code)
    assert folders, f"{p.code} has no golden folder"
    if p.spec.fixable:
        assert count, f"{p.code} is declared fixable but emits no fix in its golden cases"
    else:
        assert not count, f"{p.code} is declared not fixable but emits {count} fixes in its golden cases"


def test_an_edit_outside_the_declared_kinds_is_caught():
    """The check itself: deleting a COPY, or inserting into it or its comment block, is
    outside a RUN-only pass; an insertion between two instructions is not."""
    instructions = dockslim.parse("FROM debian\nRUN true\n# files\nCOPY . /app\n").instructions
    run, copy = instructions[1], instructions[2]
    assert outside(Edit(copy.start, copy.end, ""), instructions, ("RUN",)) == ["COPY"]
    assert outside(Edit(run.start, copy.end, ""), instructions, ("RUN",)) == ["COPY"]
    assert outside(Edit.insert(copy.start + 4, " --link"), instructions, ("RUN",)) == ["COPY"]
    assert outside(Edit.insert(copy.leading_start + 1, "#"), instructions, ("RUN",)) == ["COPY"]
    assert outside(Edit.insert(run.end, "RUN x\n"), instructions, ("RUN",)) == []
    assert outside(Edit(run.start, run.end - 1, "RUN false"), instructions, ("RUN",)) == []
