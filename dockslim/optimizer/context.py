"""The build context as the passes see it: the text of the files a pass reads (requirement
files, package manifests, go.mod, start scripts up front; any other file, such as the script
node runs, when a pass asks for it) and the names of the files and folders near its root.

The core never touches the disk: an adapter reads the context (`dockslim.files.build_context`)
and hands it in as `Options.extra["context"]`. When that key is absent the context is not
known (a Dockerfile read from standard input, an editor buffer with no folder), and a pass that
needs it says so in its note instead of guessing.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field

# names of the files a pass may read: requirement files, lock files, manifests, start scripts
READ_NAMES = (
    "requirements*.txt", "*requirements.txt", "*-requirements*.txt", "requirements/*.txt", "requirements*/*.txt",
    "constraints*.txt", "pyproject.toml", "setup.cfg", "Pipfile", "Pipfile.lock", "poetry.lock",
    "package.json", "go.mod", "Cargo.toml", "Cargo.lock",
    "*.sh", "*entrypoint*",  # what the container runs at start (transforms/_start_scripts.py)
)


@dataclass(frozen=True)
class BuildContext:
    root: str  # how to name the context in a message
    files: Mapping[str, str] = field(default_factory=dict)  # relative POSIX path -> text
    entries: frozenset[str] = frozenset()  # relative paths near the root; folders end with "/"

    def text(self, path: str) -> str | None:
        """The text of a file the adapter read, by its path in the context (`./a/../b.txt`
        and `b.txt` are the same); None when it was not read or does not exist."""
        return self.files.get(normalize(path))

    def has(self, path: str) -> bool:
        """Whether the context holds this file or folder (as far as the adapter looked)."""
        rel = normalize(path)
        return rel in self.files or rel in self.entries or rel + "/" in self.entries


def normalize(path: str) -> str:
    """A path in the context as a relative POSIX path without `./`; "" for the root."""
    rel = posixpath.normpath(path.replace("\\", "/").lstrip("/"))
    return "" if rel == "." else rel


def context_of(extra: Mapping) -> BuildContext | None:
    """The build context handed in with the options, or None when it is not known. It may be
    handed in as a function that reads it: most files never need it, and a repository's
    folders take longer to list than a small file takes to check."""
    found = extra.get("context")
    if callable(found):
        found = found()
    return found if isinstance(found, BuildContext) else None
