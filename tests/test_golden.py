"""Golden cases: golden/<RULE>/<case>/input.Dockerfile (+ expected.Dockerfile, case.toml).

A case without expected.Dockerfile must come out unchanged; its case.toml says why.
case.toml may also say `findings = ["DS205"]` (the codes of the findings `check` must
report), and must say `notes = ["DS301"]` (the codes of the notes: why a pass left the
input alone) and `note = "left alone: ..."` (the message; a list for several) when the input
gets notes. The build context's .dockerignore is given by a `dockerignore` file beside the
input, or as missing by `dockerignore = "absent"` (the key is not passed at all otherwise);
`path = ".devcontainer/Dockerfile"` gives the Dockerfile's path as the command line would.
A `context/` folder beside the input is the build context (read as the command line reads it).
`[policy]` in case.toml is the company policy, as `[tool.dockslim.policy]` gives it
(`allowed-bases`, `forbidden-bases`, `required-packages`).
Rule folders (golden/DSNNN-name/) run with only that rule selected; golden/pipeline/ runs
every pass. Each case also checks the gates: the output parses with BuildKit's parser, and
fixing it again changes nothing.

Beside the input, findings.txt is what `check` reports on it with the case's settings, one
line each in file order: code, span (1-based `line:col-line:col`), message, then the fix's
applicability and title (`=> safe fix: ...`); a note says `note:` before its message. The test
compares it; `pytest tests/test_golden.py --update-golden` rewrites the snapshots from what
`check` reports now (review the diff before committing).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import dockerfile as buildkit
import pytest

import dockslim
from dockslim.files import build_context
from dockslim.optimizer.findings import Applicability
from dockslim.optimizer.policy import from_table
from dockslim.optimizer.rules import Options
from dockslim.transforms import registry

GOLDEN = Path(__file__).resolve().parent.parent / "golden"


def read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def cases():
    for case in sorted(GOLDEN.glob("*/*/input.Dockerfile")):
        yield pytest.param(case.parent, id=f"{case.parent.parent.name}/{case.parent.name}")


def settings(case: Path) -> dict:
    toml = case / "case.toml"
    meta = tomllib.loads(read(toml)) if toml.exists() else {}
    group = case.parent.name
    select = meta.get("select") or (None if group == "pipeline" else [group.split("-", 1)[0]])
    extra = {}
    if (case / "dockerignore").exists():
        extra["dockerignore"] = read(case / "dockerignore")
    elif meta.get("dockerignore") == "absent":
        extra["dockerignore"] = None
    if "path" in meta:
        extra["path"] = meta["path"]
    if (case / "context").is_dir():
        extra["context"] = build_context(str(case / "context"))
    if "policy" in meta:
        extra["policy"] = from_table(meta["policy"])
    return {
        "unsafe_fixes": meta.get("unsafe_fixes", False),
        "select": select,
        "options": Options(strategy=meta.get("strategy", "cleanup"), extra=extra),
        "meta": meta,
    }


def snapshot(review) -> str:
    """The findings and notes of `review`, one stable line each, in file order."""
    lines = []
    found = sorted((*review.findings, *review.notes), key=lambda f: (f.start, f.code, f.note))
    for f in found:
        span = f"{f.begin_pos.line}:{f.begin_pos.column}-{f.end_pos.line}:{f.end_pos.column}"
        line = f"{f.code} {span} {'note: ' if f.note else ''}{f.message}"
        if f.fix is not None:
            line += f" => {f.fix.applicability} fix: {f.fix.title}"
        lines.append(line.replace("\r", "\\r").replace("\n", "\\n"))  # one line each
    return "".join(f"{line}\n" for line in lines)


def check_snapshot(case: Path, review, update: bool) -> None:
    """findings.txt holds what `check` reports on the case; --update-golden rewrites it."""
    path = case / "findings.txt"
    got = snapshot(review)
    if update:
        if not path.exists() or read(path) != got:
            path.write_bytes(got.encode("utf-8"))
        return
    assert path.exists(), f"{path} is missing: run pytest tests/test_golden.py --update-golden and review it"
    assert got == read(path), f"{path}: check reports otherwise now (pytest --update-golden rewrites it)"


@pytest.mark.parametrize("case", list(cases()))
def test_golden(case: Path, update_golden: bool):
    s = settings(case)
    meta = s.pop("meta")
    source = read(case / "input.Dockerfile")
    review = dockslim.review(source, select=s["select"], options=s["options"])
    check_snapshot(case, review, update_golden)
    expected_file = case / "expected.Dockerfile"
    result = dockslim.fix(source, **s)
    if expected_file.exists():
        assert result.text == read(expected_file)
        assert result.text != source, "a rewrite case must change something"
        buildkit.parse_string(result.text)  # the gate, checked again here
    else:
        assert meta.get("reason"), f"{case}: a no-op case needs `reason` in case.toml"
        assert result.text == source
    if "findings" in meta:
        assert sorted({f.code for f in review.findings}) == sorted(meta["findings"])
    # every note a case gets is declared, with its message
    assert sorted({n.code for n in review.notes}) == sorted(meta.get("notes", []))
    if review.notes:
        wanted = meta.get("note")
        assert [n.message for n in review.notes] == ([wanted] if isinstance(wanted, str) else wanted)
    assert all(n.fix is None and n.message.startswith("left alone: ") for n in review.notes)
    again = dockslim.fix(result.text, **s)
    assert again.text == result.text, "fixing twice must change nothing"
    assert not result.dropped, [d.reason for d in result.dropped]


def test_every_pass_has_docs_and_golden_cases():
    for p in registry():
        for heading in ("## What it does", "## Why it makes the image smaller", "## Example",
                        "## Fix safety", "## How verify shows it", "## Related hadolint rule"):
            assert heading in p.doc, f"{p.code} docs lack {heading!r}"
        folders = list(GOLDEN.glob(f"{p.code}-*"))
        assert len(folders) == 1, f"{p.code} needs exactly one golden folder"
        cases = [c for c in folders[0].iterdir() if c.is_dir()]
        if p.spec.applicability == Applicability.DISPLAY:
            # shown, never applied: cases say what is found, and none changes the file
            assert any(p.code in settings(c)["meta"].get("findings", []) for c in cases), p.code
            assert not any((c / "expected.Dockerfile").exists() for c in cases), p.code
            continue
        kinds = {(c / "expected.Dockerfile").exists() for c in cases}
        assert kinds == {True, False}, f"{p.code} needs rewrite and no-op cases"


def test_declared_applicability_matches_golden_fixes():
    """A pass's declared highest applicability is what its golden rewrites need."""
    for p in registry():
        folder = next(GOLDEN.glob(f"{p.code}-*"))
        seen = set()
        wanted = "expected.Dockerfile" if p.spec.applicability != Applicability.DISPLAY else "dockerignore"
        for case in sorted(c for c in folder.iterdir() if (c / wanted).exists() or "findings" in settings(c)["meta"]):
            s = settings(case)
            s.pop("meta")
            for f in dockslim.check(read(case / "input.Dockerfile"), select=s["select"], options=s["options"]):
                if f.code == p.code and f.fix:
                    seen.add(f.fix.applicability)
                    assert f.fix.applicability <= p.spec.applicability
        assert max(seen) == p.spec.applicability, f"{p.code} declares {p.spec.applicability} but emits {seen}"


def test_pass_order_is_pinned():
    codes = [p.code for p in registry()]
    assert codes == sorted(codes)
    assert len(set(codes)) == len(codes)
