"""Pragmas that silence findings: `# dockslim: ignore=DS101,DS120` (or a bare
`# dockslim: ignore`) and hadolint's `# hadolint ignore=DL3008` in the comment block right
above an instruction; `# dockslim: global ignore=DS201` and hadolint's `# hadolint global
ignore=DL3059` on any comment line, for the whole file."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .syntax import Dockerfile, Instruction

PRAGMA = re.compile(r"^\s*#\s*dockslim\s*:\s*ignore(?:\s*=\s*(?P<codes>[\w,\s-]+))?\s*$", re.IGNORECASE)
HADOLINT_PRAGMA = re.compile(r"^\s*#\s*hadolint\s+ignore\s*=\s*(?P<codes>[\w,\s]+)$", re.IGNORECASE)
GLOBAL_PRAGMA = re.compile(r"^\s*#\s*(?:dockslim\s*:|hadolint)\s*global\s+ignore\s*=\s*(?P<codes>[\w,\s-]+)$",
                           re.IGNORECASE)


def suppressed_codes(inst: "Instruction") -> set[str]:
    """Codes silenced by pragmas in the comment block right above the instruction."""
    codes: set[str] = set()
    lines = inst.leading.splitlines()
    for line in reversed(lines):
        if not line.strip():
            break  # only the comment block that touches the instruction
        for pattern in (PRAGMA, HADOLINT_PRAGMA):
            m = pattern.match(line)
            if m:
                found = m.group("codes")
                codes |= {c.strip().upper() for c in found.split(",") if c.strip()} if found else {"ALL"}
    return codes


def globally_suppressed_codes(tree: "Dockerfile") -> frozenset[str]:
    """Codes silenced for the whole file by a global pragma on a comment line between
    instructions (or before the first, or after the last)."""
    if "global" not in tree.text.lower():
        return frozenset()
    insts = tree.instructions
    blocks = [tree.text[: insts[0].leading_start] if insts else tree.text, *(i.leading for i in insts)]
    blocks += [tree.text[insts[-1].end :]] if insts else []
    return frozenset(c.strip().upper() for block in blocks for line in block.splitlines()
                     if (m := GLOBAL_PRAGMA.match(line)) for c in m.group("codes").split(",") if c.strip())
