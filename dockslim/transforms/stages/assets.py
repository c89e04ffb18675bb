"""The files of the build context a compiled program may read at run time, found among what
was copied into its build directory (templates, static files, configuration): the runtime
copies them from the builder."""

from __future__ import annotations

import fnmatch
import posixpath

from ...optimizer.context import BuildContext, normalize
from ...optimizer.model import Model, Stage
from ...optimizer.syntax import Instruction
from .._layers import absolute, workdir_before
from ..ds205_dockerignore import excluded
from .plan import Refused

# What a program reads at run time from its build directory: folders of these names and
# configuration files at the top of what was copied there. Sources, manifests and the
# configuration of development tools stay in the builder.
ASSET_DIRS = frozenset((
    "templates", "template", "tmpl", "views", "layouts", "static", "public", "assets", "web", "www", "html", "ui",
    "migrations", "db", "sql", "schema", "schemas", "locales", "locale", "i18n", "translations", "lang",
    "config", "configs", "conf", "etc", "resources",
))
ASSET_FILES = ("*.yaml", "*.yml", "*.toml", "*.json", "*.ini", "*.conf", "*.cfg", "*.properties", "*.env", ".env")
NOT_ASSETS = (
    "Cargo.toml", "rust-toolchain.toml", "rustfmt.toml", "clippy.toml", "deny.toml", "Cross.toml", "package.json",
    "package-lock.json", "tsconfig*.json", "composer.json", "docker-compose*", "compose.y*ml", "compose.*.y*ml",
    "codecov.y*ml", "renovate.json", "mkdocs.y*ml", "buf*.yaml", "sonar-project.properties", "vcpkg.json",
)
SOURCE_FILES = ("*.go", "*.s", "*.c", "*.h", "*.cc", "*.cpp", "*.hpp", "*.rs", "*.java", "*.kt", "go.mod", "go.sum",
                "Cargo.lock", "Makefile", "makefile", "GNUmakefile", "CMakeLists.txt")
# what a folder of sources holds beside them without being read at run time
SOURCE_COMPANIONS = ("*.md",)
TEST_DATA = "testdata/"  # Go's test files' data, never built in


def _matches(name: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatchcase(name, p) for p in patterns)


def is_asset(name: str, folder: bool) -> bool:
    if folder:
        return name in ASSET_DIRS
    if name.startswith(".") and name != ".env":
        return False
    return _matches(name, ASSET_FILES) and not _matches(name, NOT_ASSETS)


def holds_only_sources(context: BuildContext, folder: str) -> bool:
    """The context's folder (`config/`) holds source code (a Go package's `database.go`), its
    documentation and Go's `testdata/` only: the build read it, the program does not. A
    subfolder whose content the context does not list may hold anything."""
    inside = [e for e in context.entries if e.startswith(folder) and e != folder]
    if not any(_matches(posixpath.basename(e), SOURCE_FILES) for e in inside):
        return False
    for entry in inside:
        rel = entry[len(folder):]
        if rel.startswith(TEST_DATA) or "/" + TEST_DATA in rel:
            continue
        if entry.endswith("/"):
            if not any(e.startswith(entry) and e != entry for e in context.entries):
                return False
        elif not _matches(posixpath.basename(entry), SOURCE_FILES + SOURCE_COMPANIONS):
            return False
    return True


def assets(model: Model, stage: Stage, copies: list[Instruction], context: BuildContext | None,
           dockerignore: str | None) -> dict[str, str | None]:
    """The files and folders of the build context that `copies` (moved to the builder) put in
    the image and the program may read at run time: path in the image -> the owner the COPY
    gave them (`--chown`; None: root, as a copy from the builder gives them). Refused when the
    context is not known and a copy may hold such files."""
    out: dict[str, str | None] = {}
    for inst in copies:
        chown = inst.flag("chown")
        *sources, dest = inst.value
        dest_abs = absolute(dest, workdir_before(model, stage, inst))
        into = dest.endswith("/") or dest in (".", "./") or len(sources) > 1
        for src in sources:
            rel = normalize(src)
            if context is None:
                if not _matches(posixpath.basename(rel), SOURCE_FILES):
                    raise Refused(
                        f"line {inst.start_line}: the build context is not known, so the files the program may read"
                        f" at run time (templates, configuration) cannot be told from its sources"
                    )
                continue
            glob = any(c in rel for c in "*?[")
            folder = not glob and (rel == "" or src.endswith("/") or rel + "/" in context.entries)
            if folder and rel and is_asset(posixpath.basename(rel), True):  # `COPY templates ./templates`
                found = [(rel + "/", dest_abs)]
            elif folder or glob:  # what the folder holds, or what the pattern matches
                parent = rel if folder else posixpath.dirname(rel)
                found = [(e, posixpath.join(dest_abs, posixpath.basename(e.rstrip("/")))) for e in context.entries
                         if posixpath.dirname(e.rstrip("/")) == parent
                         and (folder or fnmatch.fnmatchcase(e.rstrip("/"), rel))]
            else:
                found = [(rel, posixpath.join(dest_abs, posixpath.basename(rel)) if into else dest_abs)]
            for entry, target in found:
                if _read_at_run_time(context, entry, dockerignore):
                    out[target] = chown.value if chown is not None else None
    return dict(sorted(out.items()))


def _read_at_run_time(context: BuildContext, entry: str, dockerignore: str | None) -> bool:
    """The context's file or folder (`templates/`) is what a program reads at run time, and
    .dockerignore lets it into the image."""
    name = entry.rstrip("/")
    folder = entry.endswith("/")
    return (is_asset(posixpath.basename(name), folder) and not excluded(dockerignore, name)
            and not (folder and holds_only_sources(context, entry)))
