"""`pip install` as the stage passes read it: its arguments grouped, what it installs (the
application's requirements, tooling, dev tools, editable or unreadable), and the rewrites of
the builder (`pip wheel`) and the runtime (the built wheels, from a bind mount)."""


import posixpath
import re
from typing import NamedTuple

from ...optimizer.edits import add_flag, replace_word
from ...optimizer.findings import Edit
from ...optimizer.shell import Command
from ...optimizer.shellview import ShellPart, ShellView
from .commands import sub_of
from .cuts import delete_span, merge

_PIP = re.compile(r"pip(\d+(\.\d+)?)?$")


def is_pip(cmd: Command) -> bool:
    return bool(_PIP.match(cmd.tool or "")) or cmd.python_module == "pip"



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


class PipArg(NamedTuple):  # a named tuple: a dataclass costs every start a millisecond
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
    edits = [*add_flag(part, cmd.subcommand, f" --no-index --find-links={wheel_dir}")]
    first = reqs[0]
    edits.extend(replace_word(part, first, f"{wheel_dir}/*.whl"))  # the option and its file, or the operand
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
