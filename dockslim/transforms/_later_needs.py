"""What the commands after an apt install need that Recommends may have brought: HTTPS
(ca-certificates), a key server (dirmngr), ssh (openssh-client), or building Python
sdists or node's native addons. DS101 keeps those packages when it drops the recommends."""

from __future__ import annotations

import re

from ..optimizer.model import Model, Stage
from ..optimizer.packages import is_build_step
from ..optimizer.rules import Options
from ..optimizer.shell import Command
from ..optimizer.shellview import ShellView
from ._apt import order
from ._common import is_pip, sub
from ._start_scripts import run_time_commands

# gpg options that reach a key server (through dirmngr)
KEYSERVER_OPTIONS = ("--recv-keys", "--recv-key", "--recv", "--keyserver", "--search-keys", "--fetch-keys",
                     "--refresh-keys", "--locate-keys")
GIT_NETWORK = frozenset({"clone", "fetch", "pull", "ls-remote", "submodule", "push"})
# package tools that download over HTTPS by default (with the subcommands that do; None: any)
FETCHERS: dict[str, frozenset[str] | None] = {
    "pip": frozenset({"install", "download", "wheel"}), "npm": frozenset({"install", "i", "ci", "add", "update"}),
    "yarn": None, "pnpm": frozenset({"install", "i", "add"}), "gem": frozenset({"install"}),
    "bundle": frozenset({"install"}), "composer": frozenset({"install", "require", "update"}),
    "cargo": frozenset({"build", "install", "fetch", "run", "update"}),
    "go": frozenset({"get", "install", "build", "mod", "run"}),
}
NOT_TLS = ("git@", "ssh://", "git://", "file://", "/", ".")
TLS_URL = re.compile(r"(https|hkps)://")
TLS_WORD = re.compile(r"(?<![\w.-])(curl|wget|git)(?![\w.-])|(https|hkps)://")
KEYSERVER_WORD = re.compile(r"--(recv-keys?|keyserver|fetch-keys)\b")
# ssh itself, and URLs a tool fetches through ssh: ssh://, git+ssh://, scp-like git@host:repo
SSH_PROGRAMS = frozenset({"ssh", "scp", "sftp", "ssh-keyscan", "ssh-add", "ssh-agent"})
SSH_URL = re.compile(r"(^|\+)ssh://|^[\w.-]+@[\w.-]+:")


def needs_tls(cmd: Command) -> bool:
    """curl, wget or git over HTTPS (a URL that is not a literal counts), a package tool that
    downloads, or any https:// word."""
    values = [w.value for w in cmd.args]
    if any(v and TLS_URL.search(v) for v in values):
        return True
    tool = "pip" if is_pip(cmd) else cmd.program
    if tool in FETCHERS:
        return FETCHERS[tool] is None or sub(cmd) in FETCHERS[tool]
    if cmd.program in ("curl", "wget"):
        return any(v is None or "http" in v for v in values)
    if cmd.program == "git" and sub(cmd) in GIT_NETWORK:
        if sub(cmd) == "clone":
            return any(v is None or v.startswith("http") for v in values)
        return not any(v and v.startswith(NOT_TLS) for v in values[1:])
    return False


def needs_keyserver(cmd: Command) -> bool:
    """`apt-key adv --recv-keys`, `gpg --keyserver ... --recv-keys`: gpg asks dirmngr."""
    if cmd.program == "apt-key" and sub(cmd) == "adv" or cmd.program in ("gpg", "gpg2"):
        return any((w.value or "").split("=", 1)[0] in KEYSERVER_OPTIONS for w in cmd.args)
    return False


def adds_repository_key(cmd: Command) -> bool:
    """`add-apt-repository ppa:...` imports the repository's key with gpg, which runs gpg-agent
    (gpg only recommends gnupg, which brings it)."""
    return cmd.program in ("add-apt-repository", "apt-add-repository")


def builds_sdists(cmd: Command) -> bool:
    """A pip install that may build from source (not only wheels)."""
    if not is_pip(cmd) or sub(cmd) not in ("install", "wheel"):
        return False
    if (cmd.option_value("--only-binary") or "") == ":all:":
        return False
    ops = [w.value for w in cmd.operands()]
    return not ops or not all(v and v.endswith(".whl") for v in ops)


def builds_addons(cmd: Command) -> bool:
    """An npm install that may build native addons with node-gyp (not `--ignore-scripts`)."""
    return cmd.program == "npm" and sub(cmd) in ("install", "i", "ci", "add", "rebuild") and not cmd.has_option(
        "--ignore-scripts")


def needs_ssh(cmd: Command) -> bool:
    """ssh, or a clone or install from an ssh URL (`git clone git@host:repo`, `pip install
    git+ssh://...`): git runs ssh."""
    return cmd.program in SSH_PROGRAMS or any(w.value and SSH_URL.search(w.value) for w in cmd.args)


HTTPS, KEY_SERVER, SDISTS, ADDONS, SSH = "HTTPS", "a key server", "building sdists", "building native addons", "ssh"
KEY_AGENT = "importing a repository key"
BUILDING = "building"  # any build: what a build tool in the install recommends (gcc: libc6-dev)
NEEDS = {SDISTS: builds_sdists, ADDONS: builds_addons, BUILDING: is_build_step, HTTPS: needs_tls,
         KEY_SERVER: needs_keyserver, SSH: needs_ssh, KEY_AGENT: adds_repository_key}  # a note names the first


def later_commands(model: Model, stage: Stage, inst, view: ShellView, at: tuple[int, int], options: Options):
    """(what it needs, the command or the keyword of an instruction that cannot be read) for
    the commands after the install: the rest of its RUN, later RUNs of the stage and of stages
    built FROM it, and what the container runs (its start commands and the scripts they run)."""
    for part, cmd in view.commands():
        if order(view, part, cmd) > at:
            yield from ((need, cmd) for need, test in NEEDS.items() if test(cmd))
    stages = [stage, *model.children(stage)]
    for st in stages:
        for other in st.body:
            if st is stage and other.index <= inst.index:
                continue
            other_view = model.run(other).readable if other.kind == "RUN" else None
            if other_view is not None:
                for _, cmd in other_view.commands():
                    yield from ((need, cmd) for need, test in NEEDS.items() if test(cmd))
            elif other.kind == "RUN":
                if TLS_WORD.search(other.text):
                    yield HTTPS, other.kind
                if KEYSERVER_WORD.search(other.text):
                    yield KEY_SERVER, other.kind
    for cmd in run_time_commands(model, stage, options):
        yield from ((need, cmd) for need, test in NEEDS.items() if test(cmd))


def describe(cmd: Command) -> str:
    """`curl`, `git clone`, `apt-key adv`, `pip install`: how a finding names a command."""
    tool = "pip" if is_pip(cmd) else cmd.program
    return " ".join(filter(None, (tool, sub(cmd) if tool in ("git", "apt-key", *FETCHERS) else None)))
