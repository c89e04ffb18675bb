"""What a `pip install` of a Dockerfile installs, read from the build context.

The planner hands in the install's arguments; this module finds the files they name in the
build context (`context.BuildContext`) and reads the distributions they list:

- `-r FILE` (and the `-r` includes inside it): the container path is mapped back to the
  context path through the stage's COPY/ADD instructions and WORKDIR (`COPY
  requirements/prod.txt req.txt` then `pip install -r req.txt` reads requirements/prod.txt);
  `-c` files only constrain versions and install nothing, so they are not read;
- a project directory (`pip install .`, `.[pg]`): pyproject.toml's [project] dependencies
  (or the files [tool.setuptools.dynamic] names), Poetry's [tool.poetry.dependencies], or
  setup.cfg's install_requires;
- a requirement file generated in the same RUN from a lock file (`poetry export`, `pipenv
  requirements`): poetry.lock or Pipfile.lock beside it, which list every package;
- names on the command line.

Names are normalised as PEP 503 says; extras are kept (`psycopg[binary]` differs from
`psycopg`), and so are the names `--no-binary` forces to build from source. A source that
cannot be read or parsed is reported as a problem (a sentence), never raised.
"""

from __future__ import annotations

import fnmatch
import json
import posixpath
import re
from contextlib import contextmanager
from dataclasses import dataclass, field

from .context import BuildContext, normalize
from .model import Stage
from .syntax import Instruction

ALL = ":all:"
COMMAND_LINE = "the command line"
_NAME = re.compile(r"\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[([^\]]*)\])?")
_EGG = re.compile(r"#(?:.*&)?egg=([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[([^\]]*)\])?")
# requirement-file options that take a value (the value may follow with a space or `=`)
_VALUE_OPTIONS = {
    "-r": "--requirement", "--requirement": "--requirement", "-c": "--constraint", "--constraint": "--constraint",
    "-e": "--editable", "--editable": "--editable", "-i": "--index-url", "--index-url": "--index-url",
    "--extra-index-url": "--extra-index-url", "-f": "--find-links", "--find-links": "--find-links",
    "--no-binary": "--no-binary", "--only-binary": "--only-binary", "--trusted-host": "--trusted-host",
    "--use-feature": "--use-feature", "--hash": "--hash", "--config-settings": "--config-settings",
    "--global-option": "--global-option", "--install-option": "--install-option",
}
_FLAG_OPTIONS = frozenset({"--pre", "--prefer-binary", "--require-hashes", "--no-index"})


def canonical(name: str) -> str:
    """PEP 503: `Psycopg2_Binary` -> `psycopg2-binary`."""
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass(frozen=True)
class Requirement:
    name: str  # canonical
    extras: frozenset[str]
    origin: str  # the context path that lists it, or COMMAND_LINE
    source_build: bool = False  # `--no-binary` names it: pip builds it from its sdist


@dataclass
class Reading:
    """What the sources of one or more installs list, and why some could not be read."""

    requirements: list[Requirement] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def names(self) -> set[str]:
        return {r.name for r in self.requirements}


def parse_spec(spec: str) -> tuple[str, frozenset[str]] | None:
    """(canonical name, extras) of a PEP 508 requirement (`Pillow[xcb]>=10; python_version>"3"`,
    `name @ https://...`) or of a VCS/URL requirement with `#egg=name`; None when it names none."""
    spec = spec.strip()
    egg = _EGG.search(spec)
    if "://" in spec.split("@", 1)[0] or spec.startswith(("git+", "hg+", "svn+", "bzr+")):
        return (canonical(egg.group(1)), _extras(egg.group(2))) if egg else None
    m = _NAME.match(spec)
    if not m:
        return None
    rest = spec[m.end() :].lstrip()
    if rest and rest[0] not in "<>=!~;@(,":
        return None
    return canonical(m.group(1)), _extras(m.group(2))


def _extras(text: str | None) -> frozenset[str]:
    return frozenset(canonical(e) for e in (text or "").split(",") if e.strip())


def is_local_path(spec: str) -> bool:
    """`.`, `./app`, `/src/pkg`, `..` or an archive file: something pip reads from the disk."""
    head = spec.split("[", 1)[0]
    return head.startswith((".", "/")) or head.endswith((".whl", ".tar.gz", ".zip", ".tar.bz2"))


# --------------------------------------------------------------------------- file formats


@dataclass
class RequirementsText:
    specs: list[str] = field(default_factory=list)  # requirement lines (PEP 508, URLs)
    includes: list[str] = field(default_factory=list)  # `-r` paths
    local: list[str] = field(default_factory=list)  # local paths (`-e .`, `./pkg`)
    no_binary: set[str] = field(default_factory=set)  # canonical names or ALL
    only_binary: set[str] = field(default_factory=set)


def parse_requirements_txt(text: str) -> RequirementsText:
    """The lines of a pip requirements file; ValueError (with the line) on one pip would reject."""
    out = RequirementsText()
    for number, line in _logical_lines(text):
        if not line.lstrip().startswith("-"):
            spec = line.split(" --", 1)[0].strip()  # per-requirement options: `--hash=...`
            if is_local_path(spec):
                out.local.append(spec)
            elif parse_spec(spec) is None:
                raise ValueError(f"line {number}: {line.strip()!r} is not a requirement")
            else:
                out.specs.append(spec)
            continue
        import shlex  # the parsers' modules load on first use (cold start)

        try:
            words = shlex.split(line)
        except ValueError:
            raise ValueError(f"line {number}: unbalanced quotes") from None
        i = 0
        while i < len(words):
            word = words[i]
            name, eq, value = word.partition("=")
            if name in _VALUE_OPTIONS or (name[:2] in ("-r", "-c", "-e", "-i", "-f") and len(name) > 2 and not name.startswith("--")):
                if name not in _VALUE_OPTIONS:
                    name, value, eq = name[:2], name[2:], "="
                option = _VALUE_OPTIONS[name]
                if not eq:
                    i += 1
                    if i >= len(words):
                        raise ValueError(f"line {number}: {word} without a value")
                    value = words[i]
                _option(out, option, value)
            elif name not in _FLAG_OPTIONS:
                raise ValueError(f"line {number}: unknown option {word}")
            i += 1
    return out


def _option(out: RequirementsText, option: str, value: str) -> None:
    if option == "--requirement":
        out.includes.append(value)
    elif option == "--editable":
        if is_local_path(value):
            out.local.append(value)
        else:
            out.specs.append(value)
    elif option in ("--no-binary", "--only-binary"):
        names = {ALL if v == ALL else canonical(v) for v in value.split(",") if v and v != ":none:"}
        (out.no_binary if option == "--no-binary" else out.only_binary).update(names)


def _logical_lines(text: str):
    """(first line number, line) with comments removed and backslash continuations joined."""
    buf, start = "", 0
    for number, raw in enumerate(text.splitlines(), 1):
        line = re.sub(r"(^|\s)#.*", "", raw)
        if not buf:
            start = number
        if line.endswith("\\"):
            buf += line[:-1] + " "
            continue
        buf += line
        if buf.strip():
            yield start, buf
        buf = ""
    if buf.strip():
        yield start, buf


def project_dependencies(pyproject: str | None, setup_cfg: str | None, extras: frozenset[str]) -> tuple[list[str], list[str]]:
    """(requirement specs, requirement files to read) of a project directory: pyproject.toml's
    [project] dependencies and the optional ones of `extras`, the files of
    [tool.setuptools.dynamic], Poetry's main dependencies, or setup.cfg's install_requires.
    ValueError when neither file says."""
    import configparser
    import tomllib

    if pyproject is not None:
        try:
            data = tomllib.loads(pyproject)
        except tomllib.TOMLDecodeError as exc:
            raise ValueError(f"pyproject.toml cannot be parsed ({exc})") from None
        with _shape("pyproject.toml"):
            project = data.get("project", {})
            tool = data.get("tool", {})
            specs = list(project.get("dependencies", []))
            for extra, deps in project.get("optional-dependencies", {}).items():
                if canonical(extra) in extras:
                    specs.extend(deps)
            files: list[str] = []
            if "dependencies" in project.get("dynamic", []):
                dynamic = tool.get("setuptools", {}).get("dynamic", {}).get("dependencies", {})
                found = dynamic.get("file", []) if isinstance(dynamic, dict) else []
                files = [found] if isinstance(found, str) else list(found)
                if not files:
                    raise ValueError("pyproject.toml's dependencies are dynamic")
            poetry = tool.get("poetry", {}).get("dependencies")
            if poetry is not None and not specs and not files:
                specs = [_poetry_spec(name, value) for name, value in poetry.items() if name.lower() != "python"]
            if specs or files or "project" in data or poetry is not None:
                return [s for s in specs if isinstance(s, str) and s], [f for f in files if isinstance(f, str)]
    if setup_cfg is not None:
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read_string(setup_cfg)
        except configparser.Error as exc:
            raise ValueError(f"setup.cfg cannot be parsed ({exc.message})") from None
        if parser.has_option("options", "install_requires"):
            lines = parser.get("options", "install_requires").splitlines()
            return [ln.strip() for ln in lines if ln.strip() and not ln.strip().startswith("#")], []
    raise ValueError("its dependencies are not declared in pyproject.toml or setup.cfg")


def _poetry_spec(name: str, value) -> str:
    """`psycopg = {version = "^3.1", extras = ["binary"]}` as `psycopg[binary]`."""
    entries = value if isinstance(value, list) else [value]
    extras = sorted({e for v in entries if isinstance(v, dict) for e in v.get("extras", [])})
    if any(isinstance(v, dict) and v.get("optional") for v in entries):
        return ""  # only installed through an extra of the project
    return name + (f"[{','.join(extras)}]" if extras else "")


def poetry_lock_packages(text: str) -> list[str]:
    """The packages of a poetry.lock outside development groups (every one, transitive too)."""
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"cannot be parsed ({exc})") from None
    out = []
    with _shape("it"):
        for pkg in data.get("package", []):
            groups = pkg.get("groups") or [pkg.get("category", "main")]
            if isinstance(pkg.get("name"), str) and any(g not in ("dev", "test", "tests", "lint", "docs") for g in groups):
                out.append(pkg["name"])
    return out


def pipfile_lock_packages(text: str) -> list[str]:
    """The `default` packages of a Pipfile.lock (what `pipenv requirements` exports), with extras."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"cannot be parsed ({exc.msg}, line {exc.lineno})") from None
    default = data.get("default") if isinstance(data, dict) else None
    if not isinstance(default, dict):
        raise ValueError("has no `default` section")
    out = []
    with _shape("it"):
        for name, info in default.items():
            extras = info.get("extras", []) if isinstance(info, dict) else []
            out.append(name + (f"[{','.join(extras)}]" if extras else ""))
    return out


@contextmanager
def _shape(what: str):
    """A file that parses but is not shaped as its format says (`project = "x"`, a list
    where a table belongs) is a ValueError, as a syntax error is."""
    try:
        yield
    except (AttributeError, TypeError) as exc:
        raise ValueError(f"{what} has an unexpected shape ({exc})") from None


LOCKS = {"poetry": ("poetry.lock", poetry_lock_packages), "pipenv": ("Pipfile.lock", pipfile_lock_packages)}


# --------------------------------------------------------------------------- container -> context


@dataclass(frozen=True)
class _Copy:
    sources: tuple[str, ...]
    dest: str  # absolute in the container
    as_dir: bool  # the destination is a directory for sure
    from_context: bool  # False: --from another stage or image, a URL, a heredoc


class Files:
    """Where the files of a stage come from: the COPY/ADD instructions and WORKDIRs that ran
    before a given instruction (the stage's and those of the stages it is built FROM)."""

    def __init__(self, stage: Stage, before: Instruction, context: BuildContext):
        self.context = context
        self.copies: list[_Copy] = []
        self.cwd = "/"
        chain = []
        s: Stage | None = stage
        while s is not None:
            chain.append(s)
            s = s.parent
        for st in reversed(chain):
            for inst in st.body:
                if inst.index >= before.index:
                    break
                if inst.kind == "WORKDIR" and inst.value:
                    self.cwd = posixpath.normpath(posixpath.join(self.cwd, inst.value[0]))
                elif inst.kind in ("COPY", "ADD") and len(inst.value) >= 2:
                    self.copies.append(self._copy(inst))

    def _copy(self, inst: Instruction) -> _Copy:
        *sources, dest = inst.value
        remote = any("://" in s or s.startswith("git@") for s in sources)
        outside = inst.flag("from") is not None or bool(inst.heredocs) or remote
        return _Copy(
            tuple(sources),
            posixpath.normpath(posixpath.join(self.cwd, dest)),
            dest.endswith("/") or dest in (".", "./") or len(sources) > 1 or any(_glob(s) for s in sources),
            not outside,
        )

    def absolute(self, path: str) -> str:
        return posixpath.normpath(posixpath.join(self.cwd, path))

    def context_path(self, path: str) -> str:
        """The context path a container path was copied from; ValueError saying why not."""
        target = posixpath.normpath(path)
        for copy in reversed(self.copies):
            for source in copy.sources:
                found = self._match(copy, source, target)
                if found is None:
                    continue
                if not copy.from_context:
                    raise ValueError("is not copied from the build context")
                return found
        raise ValueError("is not copied from the build context")

    def _match(self, copy: _Copy, source: str, target: str) -> str | None:
        src = normalize(source)
        if _glob(src):
            for name in sorted(set(self.context.files) | self.context.entries):
                if fnmatch.fnmatchcase(name.rstrip("/"), src) and posixpath.join(copy.dest, posixpath.basename(name.rstrip("/"))) == target:
                    return name.rstrip("/")
            return None
        is_dir = src == "" or src + "/" in self.context.entries
        if is_dir or not copy.from_context:
            if target == copy.dest or target.startswith(copy.dest.rstrip("/") + "/"):
                rel = posixpath.relpath(target, copy.dest)
                return normalize(posixpath.join(src, rel))
            return None
        if copy.as_dir:
            return src if posixpath.join(copy.dest, posixpath.basename(src)) == target else None
        if target == copy.dest:
            return src
        # `COPY a.txt /app` into an existing folder /app
        return src if posixpath.join(copy.dest, posixpath.basename(src)) == target else None


def _glob(path: str) -> bool:
    return any(c in path for c in "*?[")


# --------------------------------------------------------------------------- the reader


class Reader:
    """Reads the requirement sources of a stage's installs into one `Reading`."""

    def __init__(self, files: Files):
        self.files = files
        self.reading = Reading()
        self._seen: set[str] = set()

    def command_line(self, args: list[tuple[str | None, str | None]], generated: dict[str, str]) -> Reading:
        """`args`: (long option name or None for an operand, value) of one `pip install`;
        `generated`: container path -> "poetry"/"pipenv" for requirement files the RUN
        exports from a lock file before it installs."""
        no_binary: set[str] = set()
        for option, value in args:
            if option == "--no-binary" and value:
                no_binary.update(ALL if v == ALL else canonical(v) for v in value.split(","))
        for option, value in args:
            if value is None:
                continue
            if option == "--requirement":
                path = self.files.absolute(value)
                if path in generated:
                    self._lock(path, generated[path], no_binary)
                else:
                    self._requirements_file(path, no_binary)
            elif option is None:
                if is_local_path(value):
                    self._local(value, no_binary)
                else:
                    self._spec(value, COMMAND_LINE, no_binary)
        return self.reading

    def _spec(self, spec: str, origin: str, no_binary: set[str]) -> None:
        parsed = parse_spec(spec)
        if parsed is None:
            return
        name, extras = parsed
        source = ALL in no_binary or name in no_binary
        self.reading.requirements.append(Requirement(name, extras, origin, source))

    def _text(self, path: str, what: str) -> tuple[str, str] | None:
        """(context path, text) of a container path, or None after noting why not."""
        try:
            rel = self.files.context_path(path)
        except ValueError as why:
            self.reading.problems.append(f"{what} {path} {why}")
            return None
        text = self.files.context.text(rel)
        if text is None:
            state = "was not read" if self.files.context.has(rel) else "is not in the build context"
            self.reading.problems.append(f"{rel or '.'} {state}")
            return None
        return rel, text

    def _requirements_file(self, path: str, no_binary: set[str]) -> None:
        if path in self._seen:
            return
        self._seen.add(path)
        found = self._text(path, "the requirement file")
        if found is None:
            return
        rel, text = found
        try:
            parsed = parse_requirements_txt(text)
        except ValueError as why:
            self.reading.problems.append(f"{rel} cannot be parsed ({why})")
            return
        flags = no_binary | parsed.no_binary
        for spec in parsed.specs:
            self._spec(spec, rel, flags)
        for local in parsed.local:
            self._local(local, flags)
        for include in parsed.includes:
            self._requirements_file(posixpath.normpath(posixpath.join(posixpath.dirname(path), include)), flags)

    def _local(self, spec: str, no_binary: set[str]) -> None:
        """A project directory (`.`, `./app[pg]`); built archives are not read."""
        path, _, extras = spec.partition("[")
        if not path.endswith((".whl", ".tar.gz", ".zip", ".tar.bz2")):
            self._project(self.files.absolute(path), _extras(extras.rstrip("]")), no_binary)

    def _project(self, path: str, wanted: frozenset[str], no_binary: set[str]) -> None:
        try:
            rel = self.files.context_path(path)
        except ValueError as why:
            self.reading.problems.append(f"the project {path} {why}")
            return
        ctx = self.files.context
        pyproject = ctx.text(posixpath.join(rel, "pyproject.toml"))
        setup_cfg = ctx.text(posixpath.join(rel, "setup.cfg"))
        where = posixpath.join(rel, "pyproject.toml") if pyproject is not None else (rel or ".")
        try:
            specs, files = project_dependencies(pyproject, setup_cfg, wanted)
        except ValueError as why:
            self.reading.problems.append(f"the project {rel or '.'}: {why}")
            return
        for s in specs:
            self._spec(s, where, no_binary)
        for f in files:
            self._requirements_file(posixpath.join(path, f), no_binary)

    def _lock(self, path: str, kind: str, no_binary: set[str]) -> None:
        name, parse = LOCKS[kind]
        found = self._text(posixpath.join(posixpath.dirname(path), name), "the lock file")
        if found is None:
            return
        rel, text = found
        try:
            packages = parse(text)
        except ValueError as why:
            self.reading.problems.append(f"{rel} {why}")
            return
        for spec in packages:
            self._spec(spec, rel, no_binary)
