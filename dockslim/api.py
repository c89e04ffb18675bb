"""The settings that apply to one Dockerfile, built in one place for every adapter (the
command line, the language server, the pull-request bot and verify), so that a pass sees the
same options wherever it runs: `[tool.dockslim]` / `.dockslim.toml`, then the command line's
flags, the `.dockerignore` BuildKit would use, and the build context's files."""

from __future__ import annotations

import functools
import os

from . import files
from .config import config_for
from .optimizer.rules import Options

_NO_OPTIONS = Options()


class Settings:
    """What applies to one Dockerfile, read-only once made (a plain class: a dataclass costs
    every start a millisecond)."""

    __slots__ = ("select", "ignore", "options", "unsafe_fixes", "docs_url")

    def __init__(self, select: list[str] | None = None, ignore: list[str] | None = None, options: Options | None = None,
                 unsafe_fixes: bool = False, docs_url: str | None = None) -> None:
        self.select, self.ignore, self.unsafe_fixes = select, ignore, unsafe_fixes
        self.options = _NO_OPTIONS if options is None else options
        self.docs_url = docs_url  # where the rule pages are (None: the repository's own)

    def _fields(self) -> tuple:
        return self.select, self.ignore, self.options, self.unsafe_fixes, self.docs_url

    def __eq__(self, other) -> bool:
        return other._fields() == self._fields() if isinstance(other, Settings) else NotImplemented

    __hash__ = None  # lists inside

    def passes(self) -> dict:
        """The keyword arguments of `dockslim.check` / `dockslim.fix` / `review`."""
        return {"select": self.select, "ignore": self.ignore, "options": self.options}


def codes(values) -> list[str]:
    """Rule codes from repeated, comma-separated command-line values."""
    return [c.strip() for v in values or () for c in v.split(",") if c.strip()]


def settings_for(path: str | None, *, context: str | None = None, select=(), ignore=(),
                 strategy: str | None = None, unsafe: bool | None = None) -> Settings:
    """Settings for the Dockerfile at `path` (None or "-": a text with no file, whose
    configuration is the working folder's and whose build context is not known unless
    `context` names it). Flags given here win over the configuration file. Raises
    ConfigError."""
    real = path not in (None, files.STDIN)
    cfg = config_for(path if real else files.STDIN)
    extra = dict(cfg.extra)
    if real:
        extra["dockerignore"] = files.dockerignore_for(path)
        extra["path"] = path  # a file's name and folder say what it is for (`.devcontainer/Dockerfile`)
    root = context or (os.path.dirname(os.path.abspath(path)) if real else None)
    if root is not None:
        extra["context"] = ContextReader(os.path.abspath(root))
    return Settings(
        select=codes(select) or list(cfg.select) or None,
        ignore=codes(ignore) or list(cfg.ignore) or None,
        options=Options(strategy=strategy or cfg.strategy, extra=extra),
        unsafe_fixes=cfg.unsafe_fixes if unsafe is None else unsafe,
        docs_url=cfg.docs_url,
    )


class ContextReader:
    """The build context at `root`, read when a pass first asks for it (most files never
    need it; listing a repository's folders takes longer than checking a small file). Equal
    when the roots are, so that Options holding one compare as they did."""

    __slots__ = ("root",)

    def __init__(self, root: str) -> None:
        self.root = root

    def __eq__(self, other) -> bool:
        return other.root == self.root if isinstance(other, ContextReader) else NotImplemented

    def __hash__(self) -> int:
        return hash((ContextReader, self.root))

    def __repr__(self) -> str:
        return f"ContextReader(root={self.root!r})"

    def __call__(self):
        return _context(self.root)


@functools.lru_cache(maxsize=64)
def _context(root: str):
    """Read once per folder: a run over many Dockerfiles of one folder shares it."""
    return files.build_context(root)


def caused_notes(fixed: set[str], before: tuple, after: tuple) -> tuple:
    """The notes of `after` that fixes of the `fixed` codes brought about (an adapter shows a
    fixed text's notes without them, as `fix --show-notes` does)."""
    from .optimizer.pipeline import caused_notes as caused

    return caused(fixed, before, after)


def forget_contexts() -> None:
    """Read build contexts anew from now on (a long-running language server's files change)."""
    _context.cache_clear()
