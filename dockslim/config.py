"""Settings from `[tool.dockslim]` in pyproject.toml or from `.dockslim.toml`.

The nearest file at or above the Dockerfile's folder wins. Keys: `select`, `ignore`,
`unsafe-fixes`, `strategy` ("cleanup" or "cache-mounts"), `docs-url` (where the rule pages
are: a base that `rules/DSNNN.md` is appended to, or an address with `{code}` in it; default
the repository's docs/ folder), and a `policy` table (`allowed-bases`, `forbidden-bases`,
`required-packages`: see dockslim/optimizer/policy.py). Command-line flags win over both.
"""

from __future__ import annotations

import os
from functools import lru_cache

STRATEGIES = ("cleanup", "cache-mounts")


class ConfigError(ValueError):
    pass


class Config:
    """One configuration file's settings, read-only once made (a plain class: a dataclass
    costs every start a few milliseconds)."""

    __slots__ = ("select", "ignore", "unsafe_fixes", "strategy", "docs_url", "source", "extra")

    def __init__(self, select: tuple[str, ...] = (), ignore: tuple[str, ...] = (), unsafe_fixes: bool = False,
                 strategy: str = "cleanup", docs_url: str | None = None, source: str | None = None,
                 extra: dict | None = None) -> None:
        self.select, self.ignore, self.unsafe_fixes, self.strategy = select, ignore, unsafe_fixes, strategy
        self.docs_url = docs_url  # None: the repository's own pages (report_formats.DOCS_URL)
        self.source = source  # the file it came from
        self.extra = {} if extra is None else extra


def _from_table(table: dict, source: str) -> Config:
    def codes(key: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{source}: `{key}` must be a list of rule codes")
        return tuple(value)

    strategy = table.get("strategy", "cleanup")
    if strategy not in STRATEGIES:
        raise ConfigError(f"{source}: `strategy` must be one of {', '.join(STRATEGIES)}, not {strategy!r}")
    unsafe = table.get("unsafe-fixes", table.get("unsafe_fixes", False))
    if not isinstance(unsafe, bool):
        raise ConfigError(f"{source}: `unsafe-fixes` must be true or false")
    docs_url = table.get("docs-url")
    if docs_url is not None and (not isinstance(docs_url, str) or not docs_url.strip()):
        raise ConfigError(f"{source}: `docs-url` must be an address (a string)")
    known = {"select", "ignore", "unsafe-fixes", "unsafe_fixes", "strategy", "docs-url"}
    extra = {k: v for k, v in table.items() if k not in known}
    if "policy" in extra:
        from .optimizer.policy import from_table

        try:
            extra["policy"] = from_table(extra["policy"])
        except ValueError as exc:
            raise ConfigError(f"{source}: {exc}") from None
    return Config(
        select=codes("select"), ignore=codes("ignore"), unsafe_fixes=unsafe, strategy=strategy, docs_url=docs_url,
        source=source, extra=extra,
    )


@lru_cache(maxsize=256)
def config_for_dir(directory: str) -> Config:
    """The settings for the files of an absolute, resolved folder."""
    folder = directory
    while True:
        own = os.path.join(folder, ".dockslim.toml")
        if os.path.isfile(own):
            return _from_table(_load(own), own)
        pyproject = os.path.join(folder, "pyproject.toml")
        if os.path.isfile(pyproject):
            table = _load(pyproject).get("tool", {}).get("dockslim")
            if table is not None:
                return _from_table(table, pyproject)
        folder, above = os.path.dirname(folder), folder
        if folder == above:
            return Config()


def config_for(path: str) -> Config:
    base = os.getcwd() if path == "-" else os.path.dirname(os.path.realpath(path))
    return config_for_dir(base)


def _load(path: str) -> dict:
    import tomllib  # only when there is a file to read

    try:
        with open(path, encoding="utf-8") as handle:
            return tomllib.loads(handle.read())
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
