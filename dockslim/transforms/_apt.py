"""What the apt passes (and others) need to know about apt in a Dockerfile.

Which commands of a RUN are apt commands and what they do to the package lists
(/var/lib/apt/lists) and the archive cache (/var/cache/apt), and which base images already
clean that cache.
"""

from __future__ import annotations

import fnmatch
import re

from ..optimizer.model import Model, Stage
from ..optimizer.run import Run
from ..optimizer.shell import Command
from ..optimizer.shellview import ShellPart, ShellView
from ..optimizer.syntax import Instruction
from ._common import mount_over, ran_before, root_of, sub


APT = frozenset({"apt-get", "apt"})
LISTS = "/var/lib/apt/lists"
CACHE = "/var/cache/apt"
ARCHIVES = "/var/cache/apt/archives"
DOCKER_CLEAN = "/etc/apt/apt.conf.d/docker-clean"

# subcommands that read the package lists, and those that download .deb files into ARCHIVES
READS_LISTS = frozenset(
    {"install", "reinstall", "upgrade", "dist-upgrade", "full-upgrade", "build-dep", "satisfy", "source", "download"}
)
DOWNLOADS = frozenset({"install", "reinstall", "upgrade", "dist-upgrade", "full-upgrade", "build-dep", "satisfy"})
CLEANS = frozenset({"clean", "distclean", "dist-clean"})
# code that may run never, later or elsewhere: a finding there cannot be reasoned about
HIDDEN = frozenset({"function", "command_substitution", "process_substitution"})
# apt options that point an update at some sources only
PARTIAL_UPDATE = re.compile(r"Dir::|source(list|parts)", re.IGNORECASE)
# a RUN we cannot read that still mentions apt is assumed to use it
_APT_WORD = re.compile(r"(?<![\w.-])(apt-get|apt-cache|aptitude|apt)(?![\w.-])")


# --------------------------------------------------------------------------- commands


def is_apt(cmd: Command, subs: frozenset[str] | str | None = None) -> bool:
    """An `apt-get`/`apt` command (through sudo, env, VAR=value ...), optionally with one of `subs`."""
    if cmd.program not in APT:
        return False
    if subs is None:
        return True
    return sub(cmd) in ({subs} if isinstance(subs, str) else subs)


def is_update(cmd: Command) -> bool:
    return is_apt(cmd, "update")


def updates_every_list(cmd: Command) -> bool:
    """An update that rewrites the lists of every source: not pointed at some of them
    (`-o Dir::Etc::sourcelist=docker.list -o Dir::Etc::sourceparts=-`, a `-c` configuration,
    options in a variable), which leaves the lists of the others as they were."""
    return is_update(cmd) and not cmd.has_option("-c", "--config-file") and not any(
        w.value is None or PARTIAL_UPDATE.search(w.value) for w in cmd.args)


def reads_lists(cmd: Command) -> bool:
    """Needs the package lists: installs, upgrades, downloads, and every apt-cache query."""
    if cmd.program == "apt-cache":
        return True
    return (cmd.program in APT or cmd.program == "aptitude") and sub(cmd) in READS_LISTS


def visible(cmd: Command) -> bool:
    """Runs where it stands (not in a function body or a substitution)."""
    return not HIDDEN.intersection(cmd.context)


def unconditional(cmd: Command) -> bool:
    return all(c in ("pipeline", "group", "subshell") for c in cmd.context)


def uses_sudo(cmd: Command) -> bool:
    return any((w.value or "").rsplit("/", 1)[-1] == "sudo" for w in cmd.wrappers)


def sudo_prefix(view: ShellView) -> str:
    """`sudo ` when every apt command of the RUN runs through sudo (the RUN is not root), so
    that a command added next to them has the same rights."""
    cmds = [cmd for _, cmd in view.commands() if cmd.program in APT]
    return "sudo " if cmds and all(uses_sudo(c) for c in cmds) else ""


def update_for(cmd: Command) -> str:
    """`apt-get update` as the given apt command would run it (with sudo when it uses sudo)."""
    program = cmd.program if cmd.program in APT else "apt-get"
    return ("sudo " if uses_sudo(cmd) else "") + f"{program} update"


def apt_commands(view: ShellView, subs: frozenset[str] | str | None = None) -> list[tuple[ShellPart, Command]]:
    return [(part, cmd) for part, cmd in view.commands() if is_apt(cmd, subs)]


def order(view: ShellView, part: ShellPart, cmd: Command) -> tuple[int, int]:
    """Where a command stands in the RUN, for before/after questions."""
    return view.parts.index(part), cmd.start


def _covers(path: str, root: str) -> bool:
    """Removing `path` (a literal or a glob) removes `root`, everything in it, or part of it."""
    path = path.rstrip("/")
    if not path:
        return False
    if path == root or path.startswith(root + "/"):
        return True
    ancestors = [root] + [root[:i] for i in range(1, len(root)) if root[i] == "/"]
    if path in ancestors:
        return True
    return "*" in path and any(fnmatch.fnmatchcase(a, path) for a in ancestors)


def removes(cmd: Command, root: str) -> bool:
    """`rm` of `root` or its content, or `find root ... -delete|-exec`."""
    if cmd.program == "rm":
        return any(w.value is not None and _covers(w.value, root) for w in cmd.operands(after_subcommand=False))
    if cmd.program == "find":
        values = [w.value or "" for w in cmd.args]
        return any(_covers(v, root) for v in values if v.startswith("/")) and (
            "-delete" in values or "-exec" in values or "-execdir" in values
        )
    return False


def removes_lists(cmd: Command) -> bool:
    return removes(cmd, LISTS) or (is_apt(cmd, CLEANS) and sub(cmd) != "clean")


def cleans_archives(cmd: Command) -> bool:
    """`apt-get clean` (or distclean), or an rm of the archive cache or its .deb files."""
    return is_apt(cmd, CLEANS) or removes(cmd, ARCHIVES)


def last_index(view: ShellView, test) -> tuple[int, int] | None:
    found = [order(view, part, cmd) for part, cmd in view.commands() if test(cmd)]
    return max(found) if found else None


def done_after(view: ShellView, work, cleanup) -> bool:
    """True when a `cleanup` command comes after the last `work` command of the RUN."""
    last_work, last_clean = last_index(view, work), last_index(view, cleanup)
    return last_work is not None and last_clean is not None and last_clean > last_work


def update_only(run: Run) -> Command | None:
    """The update command of a RUN whose only job is `apt-get update` (DS103's subject)."""
    view = run.view
    if view is None or not view.ok or len(view.parts) != 1 or view.parts[0].is_heredoc:
        return None
    script = view.parts[0].script
    if len(script.commands) != 1 or script.commands[0].context:
        return None
    cmd = script.commands[0]
    return cmd if is_update(cmd) else None


# --------------------------------------------------------------------------- mounts


def mounted(inst: Instruction, path: str) -> bool:
    """A cache or tmpfs mount on `path`: what the RUN writes there is not in the layer."""
    return mount_over(inst, path) is not None


# --------------------------------------------------------------------------- stages


def onbuild_apt(model: Model, stage: Stage) -> list[Instruction]:
    """ONBUILD instructions of the stage or its children that mention apt: they run in images
    built FROM this one, on whatever lists it leaves."""
    stages = [stage, *model.children(stage)]
    return [i for st in stages for i in st.body if i.kind == "ONBUILD" and _APT_WORD.search(i.text)]


def list_readers(run: Run) -> list[tuple[ShellPart | None, Command | None]]:
    """The first command of a RUN that reads the package lists before the RUN updates them
    itself, as [(part, command)]; [(None, None)] for a RUN we cannot read that mentions apt."""
    inst, view = run.inst, run.view
    if mounted(inst, LISTS):
        return []  # its lists come from the mount, not from the layers below
    if view is None or not view.ok:
        body = inst.text[inst.keyword_end - inst.start :]
        return [(None, None)] if _APT_WORD.search(body) else []
    for part, cmd in view.commands():
        if updates_every_list(cmd) and unconditional(cmd):
            return []
        if reads_lists(cmd):
            return [(part, cmd)]
    return []


# --------------------------------------------------------------------------- base images

# Official images built on Debian or Ubuntu (by debuerreotype or Ubuntu's own builds): they
# ship /etc/apt/apt.conf.d/docker-clean, whose DPkg::Post-Invoke hook deletes every
# downloaded .deb, so /var/cache/apt/archives stays empty after each install.
DEBIAN_FAMILY = frozenset({
    "debian", "ubuntu", "buildpack-deps", "python", "pypy", "node", "ruby", "golang", "perl", "php", "rust",
    "gcc", "haskell", "julia", "r-base", "erlang", "elixir", "clojure", "openjdk", "eclipse-temurin",
    "ibm-semeru-runtimes", "sapmachine", "maven", "gradle", "tomcat", "httpd", "nginx", "postgres", "redis",
    "mariadb", "mongo", "rabbitmq", "swift",
    # applications built FROM one of those (php:*-apache, node:*-slim, ruby:*-slim)
    "wordpress", "drupal", "joomla", "nextcloud", "mediawiki", "matomo", "phpmyadmin", "friendica", "yourls",
    "monica", "ghost", "redmine",
})
# tag parts that name a variant on another distribution
_OTHER_DISTRO = ("alpine", "windowsservercore", "nanoserver", "ubi", "oracle", "amazon", "al2", "corretto",
                 "centos", "rhel", "fedora", "rockylinux", "almalinux", "busybox")
_DOCKER_HUB = ("docker.io/", "index.docker.io/", "registry-1.docker.io/", "mirror.gcr.io/", "public.ecr.aws/docker/")


def official_image(ref: str) -> tuple[str, str] | None:
    """(name, tag) of a Docker Hub official image reference (`python:3.12`,
    `docker.io/library/debian`), else None (private registries, user images, ARGs)."""
    found = _image_path(ref)
    if found is None:
        return None
    path, tag = found
    for host in _DOCKER_HUB:
        if path.startswith(host):
            path = path[len(host) :]
            break
    path = path.removeprefix("library/")
    return (path, tag) if "/" not in path else None


def root_base(stage: Stage) -> str:
    """The image the stage's chain of stages starts from."""
    return root_of(stage).base


# images of other publishers built FROM the official Ubuntu or Debian images, whose Dockerfiles
# leave the docker-clean hook in place (NVIDIA's CUDA images, PyTorch's, Jupyter's docker-stacks,
# Microsoft's devcontainer images); their variants on other distributions are told by the tag
VENDOR_ON_OFFICIAL = ("nvidia/cuda", "pytorch/pytorch", "jupyter/", "quay.io/jupyter/", "mcr.microsoft.com/devcontainers/",
                      "mcr.microsoft.com/vscode/devcontainers/")


def ships_docker_clean(stage: Stage) -> bool:
    """The stage's base (through earlier stages) is an official Debian/Ubuntu-based image, or
    one of VENDOR_ON_OFFICIAL."""
    ref = root_base(stage)
    found = official_image(ref)
    if found is None:
        found = _image_path(ref)
        if found is None or not found[0].startswith(VENDOR_ON_OFFICIAL):
            return False
    elif found[0] not in DEBIAN_FAMILY:
        return False
    parts = re.split(r"[-_.]", found[1])
    return not any(p.startswith(_OTHER_DISTRO) for p in parts)


def _image_path(ref: str) -> tuple[str, str] | None:
    """(registry/path/name, tag) of an image reference; None for one an ARG gives."""
    if not ref or "$" in ref:
        return None
    head, _, last = ref.split("@", 1)[0].lower().rpartition("/")
    name, _, tag = last.partition(":")
    return (f"{head}/{name}" if head else name, tag)


def docker_clean_active(stage: Stage, inst: Instruction) -> bool:
    """The base image's docker-clean hook is known to still be in place for this RUN: no
    instruction before it (or the RUN itself) so much as mentions the file."""
    if not ships_docker_clean(stage):
        return False
    return not any("docker-clean" in other.text for other in (*ran_before(stage, inst), inst))

