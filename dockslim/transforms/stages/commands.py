"""Shared helpers of the stage passes (DS301-DS303): what a stage installs and builds, the
text of a new stage, and the word-level edits that turn a build stage into a runtime stage.

Everything here reads the tree; edits are returned as `Edit`s on exact source spans.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from ...optimizer.findings import Edit, apply_edits
from ...optimizer.model import Model, Stage
from ...optimizer.packages import (
    ALPINE,
    DEBIAN,
    brings_python,
    family_of,
    interpreter_for,
    is_build_only,
    package_name,
    release_of,
    runtime_for,
)
from ...optimizer.scriptfacts import Pipeline, pipelines
from ...optimizer.shell import Command, parse_shell
from ...optimizer.shellview import ShellPart, ShellView
from ...optimizer.syntax import BOM, Instruction
from ...optimizer.words import SPACE
from .._apt import HIDDEN, LISTS

APT = frozenset({"apt-get", "apt", "aptitude"})
# instructions that only describe the image: a builder stage has no use for them
CONFIG_ONLY = frozenset(
    {"EXPOSE", "CMD", "ENTRYPOINT", "HEALTHCHECK", "LABEL", "VOLUME", "STOPSIGNAL", "MAINTAINER", "USER"}
)
_PIP = re.compile(r"pip(\d+(\.\d+)?)?$")


# --------------------------------------------------------------------------- package installs


@dataclass(frozen=True)
class Install:
    """One `apt-get install` / `apk add` of a RUN."""

    inst: Instruction
    part: ShellPart
    cmd: Command
    manager: str  # DEBIAN or ALPINE

    @property
    def names(self) -> list[str]:
        return [package_name(w.value or "") for w in self.cmd.operands()]


def is_install(cmd: Command) -> bool:
    """`apt-get install` or `apk add`."""
    sub = sub_of(cmd)
    return (cmd.program in APT and sub == "install") or (cmd.program == "apk" and sub == "add")


def is_pip(cmd: Command) -> bool:
    return bool(_PIP.match(cmd.tool or "")) or cmd.python_module == "pip"


def sub_of(cmd: Command) -> str | None:
    word = cmd.subcommand
    return word.value if word is not None else None


def package_installs(inst: Instruction) -> list[Install]:
    view = inst.shell
    if view is None:
        return []
    out = []
    for part, cmd in view.commands():
        if cmd.program in APT and sub_of(cmd) == "install":
            out.append(Install(inst, part, cmd, DEBIAN))
        elif cmd.program == "apk" and sub_of(cmd) == "add":
            out.append(Install(inst, part, cmd, ALPINE))
    return out


def removes_packages(cmd: Command) -> bool:
    """apt-get purge/remove/autoremove, apt-mark auto, dpkg -P/-r, apk del."""
    sub = sub_of(cmd)
    if cmd.program in APT and sub in ("purge", "remove", "autoremove"):
        return True
    if cmd.program == "apt-mark" and sub == "auto":
        return True
    if cmd.program == "dpkg" and cmd.has_option("-P", "-r", "--purge", "--remove"):
        return True
    return cmd.program == "apk" and sub == "del"


def is_housekeeping(cmd: Command) -> bool:
    """Commands around an install that serve only it: index updates, cache cleanup, `set`."""
    sub = sub_of(cmd)
    if cmd.program in APT and sub in ("update", "clean", "autoclean"):
        return True
    if cmd.program == "apk" and sub in ("update",):
        return True
    if cmd.program in ("set", "true", ":") or (not cmd.argv and cmd.assignments):
        return True
    if cmd.program == "export":
        return True
    if cmd.program == "rm":
        paths = [w.value or "" for w in cmd.operands(after_subcommand=False)]
        return bool(paths) and all(
            p.startswith((LISTS, "/var/cache/apt", "/var/cache/apk", "/tmp/")) for p in paths
        )
    return False


def build_packages(stage: Stage) -> list[str]:
    """The build-only packages the stage installs (apt-get or apk), in order."""
    out: list[str] = []
    for inst in stage.runs():
        for ins in package_installs(inst):
            for name in ins.names:
                if name and is_build_only(name, ins.manager, release_of(stage.base)) and name not in out:
                    out.append(name)
    return out


# --------------------------------------------------------------------------- pip


def pip_installs(view: ShellView) -> list[tuple[ShellPart, Command]]:
    out = []
    for part, cmd in view.commands():
        if is_pip(cmd) and sub_of(cmd) == "install":
            out.append((part, cmd))
    return out


# value-taking options of pip install / pip wheel
_PIP_VALUE_SHORT = frozenset("rcetifdCbw")
_PIP_VALUE_LONG = frozenset(
    (
        "--requirement", "--constraint", "--editable", "--target", "--index-url",
        "--extra-index-url", "--find-links", "--platform", "--python-version",
        "--implementation", "--abi", "--root", "--prefix", "--src", "--upgrade-strategy",
        "--install-option", "--global-option", "--config-settings", "--no-binary",
        "--only-binary", "--progress-bar", "--root-user-action", "--report", "--cache-dir",
        "--proxy", "--log", "--log-file", "--timeout", "--retries", "--exists-action",
        "--trusted-host", "--cert", "--client-cert", "--python", "--use-feature",
        "--use-deprecated", "--keyring-provider", "--dest", "--build", "--wheel-dir", "--hash",
    )
)
# options `pip wheel` does not take (they say where and how to install)
_INSTALL_ONLY = frozenset(
    (
        "--user", "-t", "--target", "--prefix", "--root", "-U", "--upgrade",
        "--force-reinstall", "-I", "--ignore-installed", "--no-warn-script-location",
        "--no-warn-conflicts", "--compile", "--no-compile", "--break-system-packages",
        "--upgrade-strategy", "--root-user-action", "--report", "--dry-run", "--no-cache-dir",
    )
)
# options that would stop the runtime install from taking the built wheels
_RUNTIME_DROP = frozenset({"--no-binary", "--require-hashes"})
TOOLING = frozenset(
    (
        "pip", "setuptools", "wheel", "poetry", "poetry-core", "poetry-plugin-export",
        "pipenv", "pip-tools", "uv", "build", "virtualenv",
    )
)
# tools no application imports: test runners, debuggers, linters (not django-debug-toolbar or
# django-extensions, which settings often list in INSTALLED_APPS)
DEV_TOOLS = frozenset(
    (
        "pytest", "ipdb", "ipython", "debugpy", "pydevd-pycharm", "pydevd", "pdbpp", "pudb",
        "black", "ruff", "flake8", "mypy", "pylint", "isort", "coverage", "tox", "nox",
        "pre-commit", "hypothesis", "bandit",
    )
)
_DEV_FILE = re.compile(r"(^|[/_.-])(dev|devel|develop|test|tests|testing|lint|ci|debug)([/_.-]|$)", re.IGNORECASE)
_SPEC_NAME = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)")


@dataclass(frozen=True)
class PipArg:
    """A requirement-bearing or other argument group of a pip command: the option (or None
    for an operand) and its words (the option word and its value word, or the operand)."""

    option: str | None
    words: tuple
    value: str | None

    @property
    def start(self) -> int:
        return self.words[0].start

    @property
    def end(self) -> int:
        return self.words[-1].end


def pip_args(cmd: Command) -> list[PipArg] | None:
    """The arguments of `pip install` after the subcommand, grouped; None when an option
    word is not a literal (`$PIP_OPTS` could be anything, `"poetry==$V"` is a requirement)."""
    sub = cmd.subcommand
    words = [w for w in cmd.tool_args if w.start > sub.start] if sub is not None else []
    out: list[PipArg] = []
    i = 0
    while i < len(words):
        w = words[i]
        v = w.value
        i += 1
        if v is None:
            literal = re.match(r"""^["']?([^$`"'\\-][^$`"'\\]*)""", w.text)
            if not literal:
                return None
            out.append(PipArg(None, (w,), literal.group(1)))
            continue
        if not v.startswith("-") or v == "-":
            out.append(PipArg(None, (w,), v))
            continue
        if v == "--":
            return None
        if v.startswith("--"):
            name, eq, val = v.partition("=")
            if not eq and name in _PIP_VALUE_LONG:
                if i >= len(words):
                    return None
                out.append(PipArg(name, (w, words[i]), words[i].value))
                i += 1
            else:
                out.append(PipArg(name, (w,), val if eq else None))
            continue
        letter = v[1:2]
        if letter in _PIP_VALUE_SHORT:
            if len(v) > 2:
                out.append(PipArg("-" + letter, (w,), v[2:].lstrip("=")))
            else:
                if i >= len(words):
                    return None
                out.append(PipArg("-" + letter, (w, words[i]), words[i].value))
                i += 1
        else:
            out.append(PipArg(v, (w,), None))
    return out


_LONG = {"-r": "--requirement", "-e": "--editable", "-c": "--constraint", "-t": "--target", "-U": "--upgrade",
         "-I": "--ignore-installed", "-i": "--index-url", "-f": "--find-links", "-w": "--wheel-dir"}


def long_name(option: str | None) -> str | None:
    return _LONG.get(option, option) if option else option


def requirement_args(args: list[PipArg]) -> list[PipArg]:
    """`-r FILE` and operands: what names the packages to install."""
    return [a for a in args if a.option is None or long_name(a.option) == "--requirement"]


def pip_kind(cmd: Command) -> str:
    """"main", "tooling" (pip/setuptools/poetry ...), "dev" (test and debug tools),
    "editable", or "opaque" (arguments dockslim cannot read)."""
    args = pip_args(cmd)
    if args is None:
        return "opaque"
    if any(long_name(a.option) == "--editable" for a in args):
        return "editable"
    reqs = requirement_args(args)
    if not reqs:
        return "opaque"
    files = [a.value or "" for a in reqs if a.option is not None]
    names = [spec_name(a.value or "") for a in reqs if a.option is None]
    if not files and names and all(n in TOOLING for n in names):
        return "tooling"
    if all(dev_file(f) for f in files) and all(n in DEV_TOOLS or n.startswith("pytest-") for n in names):
        return "dev"
    return "main"


def dev_file(path: str) -> bool:
    """`requirements-dev.txt`, `requirements/test.txt`, `dev-requirements.in` ..."""
    stem = posixpath.basename(path).rsplit(".", 1)[0]
    return bool(_DEV_FILE.search(stem) or _DEV_FILE.search(posixpath.dirname(path)))


def spec_name(spec: str) -> str:
    m = _SPEC_NAME.match(spec)
    return m.group(1).lower().replace("_", "-") if m and not spec.startswith((".", "/")) else ""


def wheel_command(part: ShellPart, cmd: Command, wheel_dir: str, no_cache: bool) -> str:
    """`pip install [opts] -r r.txt` as `pip wheel --wheel-dir DIR [opts] -r r.txt`."""
    text = part.script.text
    sub = cmd.subcommand
    head = text[cmd.start : sub.start]
    kept = [
        text[a.start : a.end]
        for a in pip_args(cmd) or []
        if long_name(a.option) not in _INSTALL_ONLY and a.option not in _INSTALL_ONLY
    ]
    redirects = [r.text for r in cmd.redirects]
    cache = " --no-cache-dir" if no_cache else ""
    return " ".join([f"{head}wheel{cache} --wheel-dir {wheel_dir}", *kept, *redirects]).replace("\\\n", " ")


def runtime_pip_edits(part: ShellPart, cmd: Command, wheel_dir: str, prev_end: int) -> list[Edit] | None:
    """Edits that make `pip install ... -r r.txt` install the built wheels instead:
    `pip install --no-index --find-links=DIR ... DIR/*.whl`. None when it cannot."""
    args = pip_args(cmd)
    if args is None:
        return None
    reqs = requirement_args(args)
    drop = [a for a in args if long_name(a.option) in _RUNTIME_DROP]
    if not reqs:
        return None
    source = part.instruction.source
    edits = [Edit.insert(part.src_end(cmd.subcommand.end), f" --no-index --find-links={wheel_dir}")]
    first = reqs[0]
    edits.append(Edit(part.src(first.start), part.src_end(first.end), f"{wheel_dir}/*.whl"))
    deletions = []
    for a in [*reqs[1:], *drop]:
        k = args.index(a)
        before = part.src_end(args[k - 1].end) if k > 0 else prev_end
        span = delete_span(source, part.src(a.start), part.src_end(a.end), before, part.instruction.escape)
        if span is None:
            return None
        deletions.append(span)
    edits.extend(Edit.delete(s, e) for s, e in merge(deletions))
    return edits


# --------------------------------------------------------------------------- word edits


def _line_bounds(source: str, start: int, end: int) -> tuple[int, int]:
    line_start = source.rfind("\n", 0, start) + 1
    line_end = source.find("\n", end)
    return line_start, len(source) if line_end == -1 else line_end


def has_comment_line(text: str) -> bool:
    return any(ln.strip().startswith("#") for ln in text.splitlines()[1:])


def delete_span(source: str, start: int, end: int, prev_end: int, escape: str) -> tuple[int, int] | None:
    """The span to delete so that the word at [start, end) goes with the space around it:
    a line of its own (word and continuation) goes whole; a word last on the last line goes
    with the continuation before it (back to `prev_end`, the end of the word before)."""
    line_start, line_end = _line_bounds(source, start, end)
    before = source[line_start:start]
    after = source[end:line_end].rstrip("\r")
    alone = not before.strip(SPACE)
    if alone and after.strip(SPACE) == escape:
        return line_start, min(line_end + 1, len(source))
    if alone and not after.strip(SPACE):
        if has_comment_line(source[prev_end:start]) or "\n" in source[end:line_end]:
            return None
        return prev_end, end
    if before and before[-1] in " \t":
        return start - (len(before) - len(before.rstrip(" \t"))), end
    trail = len(after) - len(after.lstrip(" \t"))
    return start, end + trail


def merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


@dataclass(frozen=True)
class PackageEdit:
    edits: tuple[Edit, ...]
    kept: tuple[str, ...]  # packages the install still installs
    removed: tuple[str, ...]  # build-only packages taken out


def runtime_package_edit(ins: Install, base: str, extra: tuple[str, ...] = (),
                         drop: frozenset[str] = frozenset()) -> PackageEdit | None:
    """Build-only packages of one install replaced by the runtime packages they stand for
    (`libpq-dev` -> `libpq5`), or deleted (`gcc`, and the packages in `drop`), and the
    `extra` runtime packages added (in the place of a build-only word when there is one, so
    no two edits touch); None when the package list has words dockslim cannot read."""
    cmd, part = ins.cmd, ins.part
    ops = cmd.operands()
    if any(w.value is None or w.value.endswith(".deb") for w in ops) or ins.cmd.has_option("--virtual", "-t"):
        return None
    names = [package_name(w.value) for w in ops]
    release = release_of(base)

    def build(name: str) -> bool:
        return name in drop or is_build_only(name, ins.manager, release)

    present = [n for n in names if not build(n)]
    added: list[str] = []
    edits: list[Edit] = []
    removed: list[str] = []
    gone = []  # words deleted outright
    for w, name in zip(ops, names):
        if not build(name):
            continue
        removed.append(name)
        wanted = list(runtime_for(name, ins.manager, release))
        interpreter = interpreter_for(name, ins.manager)
        if interpreter and not brings_python(base):
            wanted.append(interpreter)
        new = [r for r in wanted if r not in present and r not in added]
        if new:
            added.extend(new)
            edits.append(Edit(part.src(w.start), part.src_end(w.end), " ".join(new)))
        else:
            gone.append(w)
    more = [p for p in dict.fromkeys(extra) if p not in present and p not in added]
    if more:
        added.extend(more)
        if edits:
            last = edits[-1]
            edits[-1] = Edit(last.start, last.end, f"{last.text} {' '.join(more)}")
        elif gone:
            w = gone.pop()
            edits.append(Edit(part.src(w.start), part.src_end(w.end), " ".join(more)))
        else:
            edits.append(Edit.insert(part.src_end(max(ops, key=lambda x: x.end).end), " " + " ".join(more)))
    words = sorted(cmd.words, key=lambda x: x.start)
    source = part.instruction.source
    deletions: list[tuple[int, int]] = []
    for w in gone:
        # the last word standing before it (install, an option, a package that stays)
        before = [x for x in words if x.start < w.start and not any(x is g for g in gone)][-1]
        span = delete_span(source, part.src(w.start), part.src_end(w.end), part.src_end(before.end), part.instruction.escape)
        if span is None:
            return None
        deletions.append(span)
    edits.extend(Edit.delete(s, e) for s, e in merge(deletions))
    if any(d.start < e.end and e.start < d.end for d in edits if d.text == "" for e in edits if e.text):
        return None
    return PackageEdit(tuple(edits), tuple(present + added), tuple(removed))


def remove_pipelines(part: ShellPart, pipes: list[Pipeline], drop: list[int]) -> Edit | None:
    """Delete the contiguous pipelines `drop` of a script joined by `&&`, `;` or newlines,
    with the operator after them (or before them, at the end). None when they are not
    contiguous, another operator joins them, or a comment line stands inside."""
    if not drop or drop != list(range(drop[0], drop[-1] + 1)) or len(drop) == len(pipes):
        return None
    i, j = drop[0], drop[-1] + 1
    ok = ("&&", ";", "\n")
    if any(pipes[k].op_after not in ok for k in range(i, j) if k < len(pipes) - 1):
        return None
    if j < len(pipes):
        start, end = part.src(pipes[i].start), part.src(pipes[j].start)
    else:
        if pipes[i].op_before not in ok:
            return None
        start, end = part.src_end(pipes[i - 1].end), part.src_end(pipes[j - 1].end)
    source = part.instruction.source
    if has_comment_line(source[start:end]) or source[start:end].lstrip().startswith("#"):
        return None
    return Edit.delete(start, end)


# --------------------------------------------------------------------------- runtime package RUNs


@dataclass(frozen=True)
class RunEdit:
    edits: tuple[Edit, ...]
    deleted: bool  # the whole RUN goes
    kept: tuple[str, ...]


def is_index_update(cmd: Command) -> bool:
    return (cmd.program in APT or cmd.program == "apk") and sub_of(cmd) == "update"


def runtime_install_run(inst: Instruction, base: str, extra: tuple[str, ...] = (),
                        drop: frozenset[str] = frozenset()) -> RunEdit | str:
    """The edits that leave only runtime packages in a RUN's installs, or why it cannot;
    `extra` runtime packages go into its last install of the base image's package manager,
    packages in `drop` go as build-only ones do.

    An install left with no package goes, with the index update before it when no other
    install of the RUN needs it; a RUN left with nothing but such housekeeping goes whole."""
    view = inst.shell
    installs = package_installs(inst)
    family = family_of(base)
    target = next((ins for ins in reversed(installs) if ins.manager == family), None) if extra else None
    changes = []
    for ins in installs:
        if HIDDEN.intersection(ins.cmd.context) or "pipeline" in ins.cmd.context:
            return f"line {inst.start_line}: a package install dockslim cannot follow"
        change = runtime_package_edit(ins, base, extra if ins is target else (), drop)
        if change is None:
            return f"line {inst.start_line}: a package list dockslim cannot edit"
        changes.append(change)
    kept = tuple(p for c in changes for p in c.kept)
    if not any(c.edits for c in changes):
        return RunEdit((), False, kept)
    word_edits = tuple(e for c in changes if c.kept for e in c.edits)
    empty = [ins.cmd for ins, c in zip(installs, changes) if not c.kept]
    if not empty:
        return RunEdit(word_edits, False, kept)
    if len(view.parts) != 1:
        return f"line {inst.start_line}: a RUN with several scripts"
    part = view.parts[0]
    pipes = pipelines(part.script)
    others = len(empty) < len(installs)

    def is_empty_install(c: Command) -> bool:
        return any(c is e for e in empty)

    if not others and all(is_housekeeping(c) or is_empty_install(c) for p in pipes for c in p.commands):
        return RunEdit((Edit.delete(inst.leading_start, inst.end),), True, kept)
    drop = [
        k for k, p in enumerate(pipes)
        if any(is_empty_install(c) for c in p.commands)
        or (not others and all(is_index_update(c) for c in p.commands))
    ]
    edit = remove_pipelines(part, pipes, drop)
    if edit is None:
        return f"line {inst.start_line}: the install of build-only packages cannot be cut out of its RUN"
    return RunEdit((edit, *word_edits), False, kept)


# --------------------------------------------------------------------------- new stage text


def keyword(model: Model, kind: str) -> str:
    """A keyword in the file's case (lower case when the FROM is written so)."""
    first = model.stages[0].from_.keyword if model.stages else "FROM"
    return kind.lower() if first.islower() else kind


def newline(model: Model) -> str:
    return model.dockerfile.newline


def from_line(model: Model, stage: Stage, alias: str, image: str | None = None) -> str:
    """`FROM <same flags and image> AS alias` (the stage's own FROM, renamed)."""
    inst = stage.from_
    logical = inst.logical.text
    flags = logical[len(logical) - len(logical.lstrip(SPACE)) + len(inst.keyword) : inst.rest_start].strip(SPACE)
    word = image if image is not None else image_word(inst)[2]
    parts = [inst.keyword] + ([flags] if flags else []) + [word, "AS" if inst.keyword.isupper() else "as", alias]
    return " ".join(parts) + newline(model)


def image_word(inst: Instruction) -> tuple[int, int, str]:
    """Source span and text of a FROM's image reference."""
    text = inst.logical.text
    i = inst.rest_start
    while i < len(text) and text[i] in SPACE:
        i += 1
    j = i
    while j < len(text) and text[j] not in SPACE:
        j += 1
    return inst.logical.source_offset(i), inst.logical.source_end(j), text[i:j]


def own_text(source: str, start: int, end: int) -> str:
    """source[start:end] without the byte-order mark the file may start with: the mark
    belongs to the file, and copied anywhere else it glues itself to a keyword (`\ufeffFROM`
    is an unknown instruction to BuildKit)."""
    text = source[start:end]
    return text[1:] if start == 0 and text.startswith(BOM) else text


def insertion_point(model: Model, offset: int) -> int:
    """Where text inserted "before" `offset` goes: after the byte-order mark at offset 0."""
    return 1 if offset == 0 and model.dockerfile.bom else offset


def instruction_copy(inst: Instruction, with_comments: bool, edits: list[Edit] | None = None) -> str:
    """The instruction's text (optionally with the comment lines above it), with `edits`
    (source offsets) applied; never the file's byte-order mark."""
    text = inst.text
    if edits:
        text = apply_edits(text, [Edit(e.start - inst.start, e.end - inst.start, e.text) for e in edits])
    if inst.start == 0 and text.startswith(BOM):
        text = text[1:]
    if not text.endswith("\n"):
        text += "\r\n" if "\r\n" in inst.source else "\n"
    lines = own_text(inst.source, inst.leading_start, inst.start).splitlines(keepends=True)
    blank = any(not ln.strip() for ln in lines)  # the user's spacing: one blank line
    nl = "\r\n" if inst.line_ending == "\r\n" else "\n"
    comments = "".join(ln for ln in lines if ln.strip().startswith("#")) if with_comments else ""
    return (nl if blank else "") + comments + text


def stage_names(model: Model) -> set[str]:
    return {s.alias.lower() for s in model.stages if s.alias}


def unused_name(model: Model, *candidates: str) -> str:
    taken = stage_names(model)
    for name in candidates:
        if name not in taken:
            return name
    n = 2
    while f"{candidates[0]}{n}" in taken:
        n += 1
    return f"{candidates[0]}{n}"


# --------------------------------------------------------------------------- programs


def programs(inst: Instruction) -> list[str]:
    """Programs a RUN, CMD, ENTRYPOINT or HEALTHCHECK runs (shell form parsed, exec form's
    first word)."""
    target = inst
    if inst.kind == "HEALTHCHECK":
        rest = inst.rest
        if rest.upper().startswith("NONE"):
            return []
        idx = rest.upper().find("CMD")
        if idx == -1:
            return []
        body = rest[idx + 3 :].strip()
        if body.startswith("["):
            words = re.findall(r'"((?:[^"\\]|\\.)*)"', body)
            return [posixpath.basename(words[0])] if words else []
        return [c.program for c in parse_shell(body).commands if c.program]
    if target.kind == "RUN":
        view = target.shell
        if view is None:
            return [posixpath.basename(target.value[0])] if target.value else []
        return [c.program for _, c in view.commands() if c.program]
    if target.kind in ("CMD", "ENTRYPOINT"):
        if target.is_json:
            return [posixpath.basename(target.value[0])] if target.value else []
        return [c.program for c in parse_shell(target.rest).commands if c.program]
    return []


# programs the full official images (buildpack-deps) have and the slim ones lack, with the
# package that brings each
FULL_ONLY = {
    "curl": "curl", "wget": "wget", "git": "git", "ssh": "openssh-client", "scp": "openssh-client",
    "svn": "subversion", "hg": "mercurial", "make": "make", "gcc": "gcc", "g++": "g++", "cc": "gcc",
    "c++": "g++", "ps": "procps", "file": "file", "unzip": "unzip", "bzip2": "bzip2", "xz": "xz-utils",
    "gpg": "gpg", "patch": "patch", "pkg-config": "pkg-config",
}


def missing_programs(inst: Instruction, installed: set[str], also: frozenset[str] = frozenset()) -> list[str]:
    """Programs the instruction runs that a slim image lacks and no install of the stage brings."""
    out = []
    for prog in programs(inst):
        known = prog in FULL_ONLY or prog in also
        if known and FULL_ONLY.get(prog, prog) not in installed and prog not in installed and prog not in out:
            out.append(prog)
    return sorted(out)


def exec_words(inst: Instruction) -> list[str]:
    """The words of a CMD or ENTRYPOINT (exec form as is; shell form split on spaces)."""
    if inst.is_json:
        return list(inst.value)
    script = parse_shell(inst.rest)
    return [w.value or "" for c in script.commands[:1] for w in c.argv]
