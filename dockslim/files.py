"""Finding, reading and writing Dockerfiles on disk: the command line's side of I/O.

os.path rather than pathlib: importing pathlib (urllib.parse, ipaddress) would cost every
start of the command line about 8 ms, as much as the passes' own work on a small file."""

from __future__ import annotations

import fnmatch
import os
import sys
from collections.abc import Mapping

MAX_BYTES = 2 * 1024 * 1024  # real Dockerfiles are a few KB; anything this big is not one
PATTERNS = ("Dockerfile", "Dockerfile.*", "*.Dockerfile", "*.dockerfile", "Containerfile", "Containerfile.*")
SKIP_DIRS = {".git", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".hg", ".svn"}
STDIN = "-"


class FileError(Exception):
    """A path that cannot be processed; str() is the one-line reason."""


class Source:
    """A Dockerfile read (a plain class: a dataclass costs every start a millisecond)."""

    __slots__ = ("path", "text")

    def __init__(self, path: str, text: str) -> None:
        self.path = path  # as the user named it ("-" for stdin)
        self.text = text


def is_dockerfile_name(name: str) -> bool:
    return any(fnmatch.fnmatchcase(name, p) for p in PATTERNS)


def discover(paths: list[str]) -> list[tuple[str, FileError | None]]:
    """Expand directories into the Dockerfiles below them; keep files as given.

    Returns (path, error) pairs in a stable order; an error is reported and the rest go on.
    """
    out: list[tuple[str, FileError | None]] = []
    for raw in paths:
        if raw == STDIN:
            out.append((raw, None))
            continue
        if os.path.isdir(raw):
            found = []
            for root, dirs, files in os.walk(raw):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
                found += [os.path.join(root, f) for f in sorted(files) if is_dockerfile_name(f)]
            if not found:
                out.append((raw, FileError("no Dockerfile found in this directory")))
            out += [(f, None) for f in found]
        else:
            out.append((raw, None))
    return out


def read(path: str, max_bytes: int = MAX_BYTES) -> Source:
    if path == STDIN:
        data = sys.stdin.buffer.read()
    else:
        try:
            if os.path.isdir(path):
                raise FileError("is a directory, not a Dockerfile")
            size = os.stat(path).st_size
            if size > max_bytes:
                raise FileError(f"too large for a Dockerfile ({size / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.1f} MB)")
            with open(path, "rb") as handle:
                data = handle.read()
        except FileNotFoundError:
            raise FileError("no such file") from None
        except PermissionError:
            raise FileError("permission denied") from None
        except IsADirectoryError:
            raise FileError("is a directory, not a Dockerfile") from None
        except OSError as exc:
            raise FileError(exc.strerror or str(exc)) from None
    if len(data) > max_bytes:
        raise FileError(f"too large for a Dockerfile ({len(data) / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.1f} MB)")
    if b"\x00" in data:
        raise FileError("binary file (contains NUL bytes), not a Dockerfile")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FileError(f"not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at offset {exc.start})") from None
    return Source(path, text)


def write_atomic(path: str, text: str) -> None:
    """Replace the file in one step: a temporary file beside it, then rename. Mode kept."""
    import tempfile  # only when writing: `check` and `fix --diff` never do

    mode = os.stat(path).st_mode & 0o7777
    folder, name = os.path.split(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".dockslim", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def dockerignore_for(dockerfile: str) -> str | None:
    """The .dockerignore BuildKit would use when the Dockerfile's folder is the context:
    `<name>.dockerignore` beside it first, then `.dockerignore`; None when neither exists."""
    folder, name = os.path.split(dockerfile)
    for candidate in (os.path.join(folder, name + ".dockerignore"), os.path.join(folder, ".dockerignore")):
        try:
            with open(candidate, encoding="utf-8", errors="replace") as handle:
                return handle.read()
        except (FileNotFoundError, IsADirectoryError, PermissionError):
            continue
    return None


CONTEXT_DEPTH = 3  # folders below the context's root that are looked into
CONTEXT_MAX_FILE = 1024 * 1024  # a requirement file or manifest larger than this is not read
CONTEXT_MAX_ENTRIES = 5000


def build_context(root: str):
    """The build context rooted at `root` as the passes see it: the files they read
    (`context.READ_NAMES`, up to CONTEXT_DEPTH folders down, outside SKIP_DIRS) and the names
    of the files and folders found on the way. Unreadable files are left out."""
    from .optimizer.context import READ_NAMES, BuildContext

    texts: dict[str, str] = {}
    entries: set[str] = set()
    for folder, dirs, names in os.walk(root):
        rel_dir = os.path.relpath(folder, root).replace(os.sep, "/")
        depth = 0 if rel_dir == "." else rel_dir.count("/") + 1
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS) if depth < CONTEXT_DEPTH else []
        prefix = "" if rel_dir == "." else rel_dir + "/"
        entries.update(prefix + d + "/" for d in dirs)
        for name in sorted(names):
            rel = prefix + name
            entries.add(rel)
            if any(fnmatch.fnmatchcase(rel, p) or fnmatch.fnmatchcase(name, p) for p in READ_NAMES):
                try:
                    if os.path.getsize(os.path.join(folder, name)) <= CONTEXT_MAX_FILE:
                        with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as handle:
                            texts[rel] = handle.read()
                except OSError:
                    continue
        if len(entries) > CONTEXT_MAX_ENTRIES:
            break
    return BuildContext(str(root), _OnDemand(root, texts), frozenset(entries))


class _OnDemand(Mapping):
    """The texts read up front, and any other file of the context read when a pass asks for
    it (the script a CMD runs with node): never a path outside the context's root or inside
    SKIP_DIRS, nor one larger than CONTEXT_MAX_FILE."""

    def __init__(self, root: str, texts: dict[str, str]):
        self.root, self.texts = os.path.realpath(root), texts

    def __getitem__(self, rel: str) -> str:
        if rel not in self.texts:
            path = os.path.realpath(os.path.join(self.root, rel))
            if not path.startswith(self.root + os.sep) or not os.path.isfile(path) \
                    or os.path.getsize(path) > CONTEXT_MAX_FILE or SKIP_DIRS.intersection(rel.split("/")):
                raise KeyError(rel)
            try:
                with open(path, encoding="utf-8", errors="replace") as handle:
                    self.texts[rel] = handle.read()
            except OSError:
                raise KeyError(rel) from None
        return self.texts[rel]

    def __iter__(self):
        return iter(self.texts)

    def __len__(self) -> int:
        return len(self.texts)
