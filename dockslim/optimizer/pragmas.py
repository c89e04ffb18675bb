"""Pragmas that silence findings: `# dockslim: ignore=DS101,DS120` (or a bare
`# dockslim: ignore`) and hadolint's `# hadolint ignore=DL3008` in the comment block right
above an instruction."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .syntax import Instruction

PRAGMA = re.compile(r"^\s*#\s*dockslim\s*:\s*ignore(?:\s*=\s*(?P<codes>[\w,\s-]+))?\s*$", re.IGNORECASE)
HADOLINT_PRAGMA = re.compile(r"^\s*#\s*hadolint\s+ignore\s*=\s*(?P<codes>[\w,\s]+)$", re.IGNORECASE)


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
