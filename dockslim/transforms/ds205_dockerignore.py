"""DS205 dockerignore: `COPY . ...` copies .git, node_modules, caches and virtualenvs too.

## What it does
Reports the first `COPY .` (or `ADD .`, also `./` and JSON form) of the image's final stage
or a stage it is built FROM when the build context's `.dockerignore` does not exclude what
never belongs in an image: `.git` always, `node_modules` for Node builds, `**/__pycache__`,
`.venv` and `venv` for Python builds (told from base images, package managers and copied
manifests). The fix is the `.dockerignore` to write, shown and never applied: dockslim
edits Dockerfiles, not the build context. `suggested_dockerignore(existing)` gives the
whole file (the existing lines, then the missing entries).

The pass reads the `.dockerignore` text that the command line passes in
`options.extra["dockerignore"]` (None when the file does not exist). Without that key (the
core was given only the Dockerfile) it stays silent.

## Why it makes the image smaller
`COPY .` copies everything the context has that `.dockerignore` does not exclude. The git
history alone is often larger than the source; a host `node_modules` or virtualenv can be
hundreds of megabytes, and it is also the wrong platform's build. Excluding them also makes
the build context upload faster and keeps unrelated changes from invalidating the cache.

## Example
    COPY . /app
with no `.dockerignore` is reported with the fix "Create .dockerignore with: .git
node_modules"; `suggested_dockerignore(None)` returns those lines.

## Fix safety
Display only: nothing is applied. Check before excluding `.git`: builds that read version
numbers from it (setuptools-scm, `git describe`) need it, or a build argument instead.
Matching follows BuildKit's rules (`*`, `?`, `**`, `!` exceptions, the last matching line
wins, a pattern also excludes everything under a directory it matches). Left alone: COPY
`--from` another stage or image, copies of named files or directories, and stages whose
files do not reach the final image.

## How verify shows it
After adding the entries, `verify` shows the layer of the `COPY .` shrink by the size of
the excluded directories.

## Related hadolint rule
None (hadolint does not read the build context).
"""

from __future__ import annotations

import posixpath
import re
from typing import Iterator

from ..optimizer.findings import Applicability, Finding
from ..optimizer.model import Model, Stage
from ..optimizer.rules import Options, PassSpec, Phase
from ..optimizer.syntax import Instruction

SPEC = PassSpec(
    code="DS205",
    name="dockerignore",
    phase=Phase.STRUCTURE,
    summary="Exclude .git, node_modules, caches and virtualenvs from `COPY .` with .dockerignore",
    applicability=Applicability.DISPLAY,
    kinds=("COPY", "ADD"),
    stage_bound=False,  # the build context is sent whichever stage copies it
)

# (entry to write, paths it must exclude, which builds need it)
ENTRIES = (
    (".git", (".git",), "any"),
    ("node_modules", ("node_modules",), "node"),
    ("**/__pycache__", ("__pycache__", "pkg/__pycache__"), "python"),
    (".venv", (".venv",), "python"),
    ("venv", ("venv",), "python"),
)
_NODE = re.compile(r"(?<![\w.-])(npm|npx|yarn|pnpm|corepack|package\.json)(?![\w-])")
_PYTHON = re.compile(r"(?<![\w.-])(pip\d*(\.\d+)?|poetry|pipenv|uv|requirements[\w.-]*\.txt|pyproject\.toml|setup\.py)(?![\w-])")


def check(model: Model, options: Options) -> Iterator[Finding]:
    if "dockerignore" not in options.extra:
        return  # the context was not looked at: nothing can be said
    existing = options.extra["dockerignore"]
    copy = _first_copy_all(model)
    if copy is None:
        return
    missing = [entry for entry, probes, _ in _wanted(model) if not all(excluded(existing, p) for p in probes)]
    if not missing:
        return
    names = " ".join(missing)
    if existing is None:
        message = f"`{copy.kind} .` copies the whole build context and there is no .dockerignore (add: {names})"
        title = f"Create .dockerignore with: {names}"
    else:
        message = f"`{copy.kind} .` copies the whole build context and .dockerignore does not exclude {names}"
        title = f"Add to .dockerignore: {names}"
    yield SPEC.report((copy.start, copy.rest_span[1]), message, SPEC.fix(title))


def suggested_dockerignore(existing: str | None, entries: list[str] | None = None) -> str:
    """The .dockerignore to write: the existing text, then each entry it does not exclude yet
    (by default every entry this pass knows)."""
    wanted = [(e, probes) for e, probes, _ in ENTRIES if entries is None or e in entries]
    if entries:
        wanted += [(e, (e,)) for e in entries if e not in {w for w, _ in wanted}]
    add = [e for e, probes in wanted if not all(excluded(existing, p) for p in probes)]
    text = existing or ""
    if text and not text.endswith("\n"):
        text += "\r\n" if "\r\n" in text else "\n"
    nl = "\r\n" if "\r\n" in text else "\n"
    return text + "".join(f"{e}{nl}" for e in add)


# --------------------------------------------------------------------------- matching


def excluded(dockerignore: str | None, path: str) -> bool:
    """Whether BuildKit leaves `path` (relative to the context) out: the last pattern that
    matches it or one of its parent directories decides; `!` patterns put files back."""
    if not dockerignore:
        return False
    out = False
    parents = [path]
    while "/" in parents[-1]:
        parents.append(parents[-1].rsplit("/", 1)[0])
    for raw in dockerignore.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        negate = line.startswith("!")
        pattern = _clean(line[1:].strip() if negate else line)
        if not pattern:
            continue
        regex = _regex(pattern)
        if any(regex.match(p) for p in parents):
            out = not negate
    return out


def _clean(pattern: str) -> str:
    """BuildKit cleans each pattern like a path (`/.git/` is `.git`)."""
    pattern = posixpath.normpath(pattern).lstrip("/")
    return "" if pattern == "." else pattern


def _regex(pattern: str) -> re.Pattern:
    out, i, n = [], 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "*":
            if pattern.startswith("**", i):
                i += 2
                if pattern.startswith("/", i):
                    out.append("(?:.*/)?")  # `**/` : any number of directories, also none
                    i += 1
                else:
                    out.append(".*")
                continue
            out.append("[^/]*")
        elif ch == "?":
            out.append("[^/]")
        elif ch == "\\" and i + 1 < n:
            i += 1
            out.append(re.escape(pattern[i]))
        elif ch == "[":
            end = pattern.find("]", i + 1)
            if end == -1:
                out.append(re.escape(ch))
            else:
                body = pattern[i + 1 : end]
                out.append("[" + ("^" + body[1:] if body.startswith("^") else body) + "]")
                i = end
        else:
            out.append(re.escape(ch))
        i += 1
    return re.compile("".join(out) + r"\Z")


# --------------------------------------------------------------------------- the Dockerfile


def _image_stages(model: Model) -> list[Stage]:
    """The final stage and the stages it is built FROM: their files are in the image."""
    out, s = [], model.final
    while s is not None:
        out.append(s)
        s = s.parent
    return out[::-1]


def _first_copy_all(model: Model) -> Instruction | None:
    for stage in _image_stages(model):
        for inst in stage.body:
            if inst.kind not in ("COPY", "ADD") or inst.flag("from") or inst.heredocs or len(inst.value) < 2:
                continue
            if any(posixpath.normpath(src) == "." for src in inst.value[:-1]):
                return inst
    return None


def _wanted(model: Model):
    text = "\n".join(i.text for i in model.instructions)
    bases = {s.base_name for s in model.stages}
    kinds = {"any"}
    if bases & {"node", "bun"} or _NODE.search(text):
        kinds.add("node")
    if bases & {"python", "pypy"} or _PYTHON.search(text):
        kinds.add("python")
    return [e for e in ENTRIES if e[2] in kinds]
