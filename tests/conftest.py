"""Shared test helper: compare our syntax tree with BuildKit's own parser.

The oracle is the `dockerfile` package, which wraps BuildKit's Go parser (v0.12.5). Some of
its behaviours predate the BuildKit that builds run with today, and our parser follows the
newer one; `assert_agrees` allows exactly these and nothing else:

* the `# check=` parser directive (BuildKit >= 0.14) is unknown to the oracle, so it ends the
  directive block there; the oracle is shown the text with that word spelled `syntax`
  (same lines), unless a `syntax` directive is present too;

(A third one is not exercised here: after the `#` of a directive, BuildKit >= 0.14 skips any
Unicode space, the oracle only ASCII ones other than `\v`.)

And one BuildKit quirk we do not copy: it reads flag words (and HEALTHCHECK's type word) byte
by byte, so a non-ASCII character there comes out as Latin-1 mojibake (`é` as `Ã©`), and a
character whose UTF-8 holds the byte 0x85 or 0xA0 (NBSP, U+2005, `à`, ...) is cut in two as if
that byte were a space. Our flags keep the characters as written; the comparison applies the
mojibake to them and leaves out instructions with such a cut.
"""

from __future__ import annotations

import os
import re

import dockerfile
import pytest

from dockslim.optimizer.syntax import Dockerfile, ParseError, parse
from dockslim.optimizer.words import SPACE

# a parser directive line, as BuildKit's regexp reads it (`\s` is ASCII there)
_DIRECTIVE = re.compile("^([" + SPACE + "]*#[" + SPACE + r"]*)([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*.")


def for_oracle(text: str) -> str | None:
    """`text` with its `# check=` directives renamed `syntax`, or None when a `syntax`
    directive is there too (the oracle cannot be asked then)."""
    lines = text.split("\n")
    found: dict[str, list[int]] = {}
    for i, line in enumerate(lines):
        body = line.rstrip("\r\n")
        if i == 0:
            body = body.removeprefix("\ufeff")
        m = _DIRECTIVE.match(body)
        if not m or m.group(2).lower() not in ("syntax", "escape", "check"):
            break
        found.setdefault(m.group(2).lower(), []).append(i)
    if "check" not in found:
        return text
    if "syntax" in found:
        return None
    for i in found["check"]:
        line = lines[i]
        at = line.lower().index("check")
        lines[i] = line[:at] + "syntax" + line[at + len("check") :]
    return "\n".join(lines)


def oracle(text: str):
    """BuildKit's commands for `text` as comparable tuples, or the error message."""
    try:
        commands = dockerfile.parse_string(text)
    except dockerfile.GoParseError as exc:
        return str(exc)
    except UnicodeDecodeError:
        # HEALTHCHECK splits its type word off byte by byte and takes the bytes 0x85 and 0xA0
        # of a multi-byte character for spaces: the oracle's result is not even UTF-8
        return None
    return [  # the binding gives None for an empty keyword
        (c.cmd or "", c.sub_cmd, c.json, c.start_line, c.end_line, tuple(c.flags), tuple(c.value),
         tuple((h.name, h.file_descriptor, h.content) for h in c.heredocs))
        for c in commands
    ]


def ours(tree: Dockerfile):
    out = []
    for inst in tree.instructions:
        inner = inst.onbuild or inst
        heredocs = () if inst.onbuild else tuple((h.name, h.fd, h.content) for h in inst.heredocs)
        flags = tuple(f.text.encode("utf-8", "surrogatepass").decode("latin-1") for f in inst.flags)
        value = inner.value
        if inner.kind == "ONBUILD" and inner.onbuild is not None:
            value = ("",)  # `ONBUILD ONBUILD x`: the binding lists the node that holds the child
        out.append(
            (inst.keyword, inst.onbuild.keyword if inst.onbuild else None, inner.is_json,
             inst.start_line, inst.end_line, flags, value, heredocs)
        )
    return out


def assert_agrees(text: str) -> Dockerfile | None:
    """Round trip, then BuildKit agreement: the same commands, or both reject the text."""
    shown = for_oracle(text)
    try:
        tree = parse(text)
    except ParseError as exc:
        if shown is not None:
            expected = oracle(shown)
            assert expected is None or isinstance(expected, str), (
                f"we reject ({exc}) what BuildKit accepts"
            )
        return None
    assert tree.render() == text
    if shown is None:
        return tree
    expected = oracle(shown)
    if expected is None:
        return tree
    got = ours(tree)
    if expected == "file with no instructions":
        assert got == []
        return tree
    assert not isinstance(expected, str), f"BuildKit rejects what we accept: {expected}"
    assert len(got) == len(expected), (got, expected)
    for inst, mine, theirs in zip(tree.instructions, got, expected):
        if mine != theirs and _byte_cut(inst):
            continue
        assert mine == theirs, f"line {inst.start_line}"
    return tree


def _byte_cut(inst) -> bool:
    """Whether BuildKit's byte-wise reading cuts a character of the flags or HEALTHCHECK type."""
    words = [inst.source[inst.keyword_end : inst.logical.source_offset(inst.rest_start)]]
    inner = inst.onbuild or inst
    if inner.kind == "HEALTHCHECK":
        words.append(inner.rest)
    return any(b"\x85" in w.encode() or b"\xa0" in w.encode() for w in words)


@pytest.fixture(scope="session")
def agrees():
    """`agrees(text)`: round trip and BuildKit agreement, as assert_agrees."""
    return assert_agrees


@pytest.fixture(scope="session")
def buildkit():
    """`buildkit(text)`: BuildKit's commands as tuples, or its error message."""
    return oracle


# --------------------------------------------------------------------------- build tests


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Where the engine is required (DOCKSLIM_REQUIRE_ENGINE=1, as scripts/test.sh sets),
    a build test that skips for want of it has failed: a skipped test is not a passing one."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and item.get_closest_marker("build") and os.environ.get("DOCKSLIM_REQUIRE_ENGINE") == "1":
        report.outcome = "failed"
        report.longrepr = f"build test skipped although the engine is required: {report.longrepr}"


# --------------------------------------------------------------------------- golden snapshots


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden", action="store_true", default=False,
        help="rewrite the golden cases' findings snapshots (golden/*/*/findings.txt) from what check reports now",
    )


@pytest.fixture(scope="session")
def update_golden(request) -> bool:
    """Whether this run rewrites the findings snapshots instead of comparing with them."""
    return request.config.getoption("--update-golden")
