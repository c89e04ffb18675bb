"""dockslim: rewrite Dockerfiles so their images come out smaller, without breaking them.

    >>> import dockslim
    >>> result = dockslim.fix(open("Dockerfile").read())
    >>> print(result.text)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

# The API is loaded on first use: `import dockslim.cli` (or `dockslim rules`, `--help`) must
# not pay for the pipeline, its passes and BuildKit's parser binding.
_EXPORTS = {
    "Applicability": ".optimizer.findings", "Edit": ".optimizer.findings",
    "Finding": ".optimizer.findings", "Fix": ".optimizer.findings",
    "FixResult": ".optimizer.pipeline", "InputError": ".optimizer.pipeline",
    "Review": ".optimizer.pipeline",
    "Options": ".optimizer.rules",
    "Dockerfile": ".optimizer.syntax", "Instruction": ".optimizer.syntax",
    "ParseError": ".optimizer.syntax", "parse": ".optimizer.syntax",
}

if TYPE_CHECKING:
    from .optimizer.findings import Applicability, Edit, Finding, Fix
    from .optimizer.pipeline import FixResult, InputError, Review
    from .optimizer.rules import Options
    from .optimizer.syntax import Dockerfile, Instruction, ParseError, parse

__all__ = sorted({*_EXPORTS, "check", "fix", "review"})
__version__ = "0.1.0"


def review(text: str, select: list[str] | None = None, ignore: list[str] | None = None,
           options: Options | None = None, passes: tuple | None = None) -> Review:
    """Findings and notes of the passes `select` and `ignore` choose (or of `passes`) on `text`."""
    from .optimizer import pipeline
    from .transforms import selected

    return pipeline.review(text, passes or selected(select, ignore), options)


def check(text: str, select: list[str] | None = None, ignore: list[str] | None = None,
          options: Options | None = None, passes: tuple | None = None) -> list[Finding]:
    """Findings of the chosen passes on `text`; notes are not findings (`review` gives both)."""
    return list(review(text, select, ignore, options, passes).findings)


def fix(text: str, unsafe_fixes: bool = False, select: list[str] | None = None, ignore: list[str] | None = None,
        options: Options | None = None, passes: tuple | None = None, estimates: bool = True) -> FixResult:
    """`text` with the chosen passes' fixes applied phase by phase to a fixpoint (safe ones
    unless `unsafe_fixes`); only text that passes every gate is kept. `estimates=False`
    leaves the findings' estimated_bytes None (what `dockslim fix` never shows)."""
    from .optimizer import pipeline
    from .transforms import selected

    return pipeline.fix(text, passes or selected(select, ignore), unsafe_fixes, options, estimates)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
