"""Per-layer attribution: both images' history, instruction by instruction, side by side.

`docker history` gives the bytes each instruction added. The entries of the final stage's
base image, the same in both, are left out (and summed up in the report's `base`).
"""

from __future__ import annotations

import difflib
import re

from .engine import Engine

_RUN_SHELL = re.compile(r"^RUN (?:\|\d+ (?:\S+=\S* )*)?/bin/sh -c (?P<body>.*)$", re.DOTALL)


def _pretty_instruction(created_by: str) -> str:
    """`RUN /bin/sh -c apt-get update # buildkit` -> `RUN apt-get update`."""
    text = created_by.strip()
    if text.endswith("# buildkit"):
        text = text[: -len("# buildkit")].rstrip()
    m = _RUN_SHELL.match(text)
    if m:
        text = "RUN " + m.group("body")
    elif text.startswith("/bin/sh -c #(nop) "):  # images from the legacy builder
        text = text[len("/bin/sh -c #(nop) "):]
    elif text.startswith("/bin/sh -c "):
        text = "RUN " + text[len("/bin/sh -c "):]
    return " ".join(text.split()) or "(no instruction recorded)"


def side_by_side(old: list[dict], new: list[dict]) -> list[dict]:
    """History rows of both images aligned: same instruction, changed, only before, only after."""
    a = [_pretty_instruction(h["created_by"]) for h in old]
    b = [_pretty_instruction(h["created_by"]) for h in new]
    rows: list[dict] = []

    def cell(items: list[dict], texts: list[str], i: int | None):
        return None if i is None else {"instruction": texts[i], "bytes": items[i]["size"]}

    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2)):
                same = old[i]["size"] == new[j]["size"]
                rows.append({"change": "same" if same else "size", "before": cell(old, a, i), "after": cell(new, b, j)})
            continue
        left, right = list(range(i1, i2)), list(range(j1, j2))
        for k in range(max(len(left), len(right))):
            i = left[k] if k < len(left) else None
            j = right[k] if k < len(right) else None
            change = "changed" if i is not None and j is not None else ("removed" if j is None else "added")
            rows.append({"change": change, "before": cell(old, a, i), "after": cell(new, b, j)})
    return rows


def compare_layers(engine: Engine, before: str, after: str, base_ref: str | None) -> tuple[dict | None, list[dict]]:
    """(the base image's summary or None, the rows of `side_by_side`) for two built images;
    the base's entries are skipped when both histories start with them."""
    old = engine.history(before)
    new = engine.history(after)
    if not base_ref or base_ref.lower() == "scratch" or not engine.image_exists(base_ref):
        return None, side_by_side(old, new)
    base_history = engine.history(base_ref)
    prefix = [(h["created_by"], h["size"]) for h in base_history]
    if [(h["created_by"], h["size"]) for h in old[: len(prefix)]] != prefix or \
       [(h["created_by"], h["size"]) for h in new[: len(prefix)]] != prefix:
        return None, side_by_side(old, new)
    skip = len(prefix)
    base = {"image": base_ref, "history_entries": skip, "size": sum(h["size"] for h in base_history)}
    return base, side_by_side(old[skip:], new[skip:])
