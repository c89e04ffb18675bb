"""dockslim: rewrite Dockerfiles so their images come out smaller, without breaking them.

    >>> import dockslim
    >>> result = dockslim.fix(open("Dockerfile").read())
    >>> print(result.text)
"""

from .optimizer.findings import Applicability, Edit, Finding, Fix
from .optimizer.pipeline import FixResult, InputError, check, fix
from .optimizer.rules import Options
from .optimizer.syntax import Dockerfile, Instruction, ParseError, parse

__all__ = [
    "Applicability", "Dockerfile", "Edit", "Finding", "Fix", "FixResult", "InputError",
    "Instruction", "Options", "ParseError", "check", "fix", "parse",
]
__version__ = "0.1.0"
