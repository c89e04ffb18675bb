"""dockslim: rewrite Dockerfiles so their images come out smaller, without breaking them.

    >>> import dockslim
    >>> result = dockslim.fix(open("Dockerfile").read())
    >>> print(result.text)
"""

from .optimizer.findings import Applicability, Edit, Finding, Fix
from .optimizer.pipeline import FixResult, InputError, Review, check, fix, review
from .optimizer.rules import Options
from .optimizer.syntax import Dockerfile, Instruction, ParseError, parse

__all__ = [
    "Applicability", "Dockerfile", "Edit", "Finding", "Fix", "FixResult", "InputError",
    "Instruction", "Options", "ParseError", "Review", "check", "fix", "parse", "review",
]
__version__ = "0.1.0"
