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
    "Review": ".optimizer.pipeline", "check": ".optimizer.pipeline", "fix": ".optimizer.pipeline",
    "review": ".optimizer.pipeline",
    "Options": ".optimizer.rules",
    "Dockerfile": ".optimizer.syntax", "Instruction": ".optimizer.syntax",
    "ParseError": ".optimizer.syntax", "parse": ".optimizer.syntax",
}

if TYPE_CHECKING:
    from .optimizer.findings import Applicability, Edit, Finding, Fix
    from .optimizer.pipeline import FixResult, InputError, Review, check, fix, review
    from .optimizer.rules import Options
    from .optimizer.syntax import Dockerfile, Instruction, ParseError, parse

__all__ = sorted(_EXPORTS)
__version__ = "0.1.0"


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
