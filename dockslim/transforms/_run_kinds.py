"""What a whole RUN does, as DS201 needs to know it: only cheap configuration commands, or
only the work of one OS package manager; and which files each manager's installs store again.

The file lists hold for the managers' own defaults: dpkg keeps its database in
/var/lib/dpkg (status, rewritten by every install or removal) and logs to /var/log/dpkg.log;
apt logs to /var/log/apt (history.log, term.log); debconf keeps its answers in
/var/cache/debconf; libc-bin's trigger reruns ldconfig, which rewrites /etc/ld.so.cache,
after packages that ship shared libraries; apk keeps its database in /lib/apk/db (installed,
scripts.tar, triggers) and the requested packages in /etc/apk/world; rpm keeps its database
in /var/lib/rpm, dnf its history in /var/lib/dnf, zypper in /var/lib/zypp."""


from collections.abc import Callable
from typing import NamedTuple

from ..optimizer.shell import Command
from ..optimizer.shellview import ShellView
from ._common import sub


class Manager(NamedTuple):  # a named tuple: a dataclass costs every start a millisecond
    name: str  # as the finding names it
    programs: frozenset[str]  # its commands (and its helpers that only configure it)
    database: str  # the files every install or removal stores again
    writes: Callable  # (command) -> it installs, removes or upgrades packages


def _subcommand(*subs: str):
    return lambda c: sub(c) in subs


def _option(*names: str):
    """dpkg/rpm: an action given as an option (`-i`, `-ivh`, `--install`)."""
    short = {n[1] for n in names if len(n) == 2}
    return lambda c: any(
        (v or "") in names or ((v or "").startswith("-") and not (v or "").startswith("--") and (v or " ")[1:2] in short)
        for v in (w.value for w in c.args)
    )


def _either(*tests):
    return lambda c: any(t(c) for t in tests)


APT_WRITES = ("install", "reinstall", "remove", "purge", "autoremove", "upgrade", "dist-upgrade", "full-upgrade", "build-dep")
RPM_WRITES = ("install", "reinstall", "remove", "erase", "autoremove", "upgrade", "update", "downgrade",
              "groupinstall", "localinstall", "distro-sync")
MANAGERS = (
    Manager(
        "apt",
        frozenset({"apt-get", "apt", "aptitude", "dpkg", "apt-key", "add-apt-repository", "apt-mark", "apt-cache",
                   "debconf-set-selections", "dpkg-reconfigure"}),
        "/var/lib/dpkg/status, /var/log/apt, /var/log/dpkg.log, /var/cache/debconf, /etc/ld.so.cache",
        lambda c: (c.program in ("apt-get", "apt", "aptitude") and sub(c) in APT_WRITES)
        or (c.program == "dpkg" and _option("-i", "-r", "-P", "--install", "--remove", "--purge")(c)),
    ),
    Manager("apk", frozenset({"apk"}), "/lib/apk/db, /etc/apk/world",
            lambda c: sub(c) in ("add", "del", "upgrade", "fix")),
    Manager(
        "dnf/yum",
        frozenset({"yum", "dnf", "microdnf", "rpm", "yum-config-manager"}),
        "/var/lib/rpm, /var/lib/dnf or /var/lib/yum, /etc/ld.so.cache",
        lambda c: (c.program in ("yum", "dnf", "microdnf") and sub(c) in RPM_WRITES)
        or (c.program == "rpm" and _option("-i", "-U", "-F", "-e", "--install", "--upgrade", "--erase")(c)),
    ),
    Manager("zypper", frozenset({"zypper", "rpm"}), "/var/lib/rpm, /var/lib/zypp",
            lambda c: c.program == "zypper" and sub(c) in ("install", "in", "remove", "rm", "update", "up",
                                                           "dist-upgrade", "dup", "patch")),
)

# Commands that only configure: they run in a moment, need no network and write a few small
# files (accounts: /etc/passwd, /etc/group, /etc/shadow, /etc/gshadow; links, directories,
# modes, configuration lines, the locale and library caches). A layer of their own saves no
# build time, and it stores those files again.
CHEAP = frozenset({
    "mkdir", "ln", "touch", "chmod", "chown", "chgrp", "rm", "rmdir",
    "useradd", "groupadd", "adduser", "addgroup", "usermod", "groupmod", "userdel", "groupdel",
    "deluser", "delgroup", "chpasswd",
    "echo", "printf", "tee", "sed", "true",
    "locale-gen", "localedef", "update-locale", "update-alternatives", "ldconfig", "update-ca-certificates",
    "debconf-set-selections", "dpkg-reconfigure",
})
# cheap commands that rewrite files a manager's install also stores (and which files)
REWRITES_DATABASE = {
    "apt": {"ldconfig": "/etc/ld.so.cache", "debconf-set-selections": "/var/cache/debconf",
            "dpkg-reconfigure": "/var/cache/debconf", "update-alternatives": "/var/lib/dpkg/alternatives"},
    "dnf/yum": {"ldconfig": "/etc/ld.so.cache"},
    "zypper": {"ldconfig": "/etc/ld.so.cache"},
}


# builtins that only set up the shell the other commands run in (`set -eux; apt-get ...`,
# `export DEBIAN_FRONTEND=noninteractive && ...`): they say nothing of what a RUN does
SHELL_SETUP = frozenset({"set", "export", "cd", ":"})


def commands(view: ShellView) -> list[Command]:
    """Every command of the RUN, nested ones included, but bare assignments and shell set-up
    (a program named by a variable stays: it is no cheap command, nor a package manager's)."""
    return [c for _, c in view.commands() if c.argv and c.program not in SHELL_SETUP]


def cheap(view: ShellView) -> list[str] | None:
    """The programs of a RUN that runs only cheap configuration commands, else None."""
    cmds = commands(view)
    return sorted({c.program for c in cmds}) if cmds and all(c.program in CHEAP for c in cmds) else None


def manager_of(view: ShellView) -> Manager | None:
    """The OS package manager whose work the RUN does (an install, an update, a repository
    added...), when it does nothing else but cheap commands."""
    cmds = commands(view)
    for m in MANAGERS:
        if any(c.program in m.programs - CHEAP for c in cmds) and all(c.program in m.programs | CHEAP for c in cmds):
            return m
    return None


def writes_database(view: ShellView, m: Manager) -> bool:
    return any(m.writes(c) for c in commands(view) if c.program in m.programs)


def database_rewrites(view: ShellView, m: Manager) -> list[str]:
    """The files of the manager's installs that the RUN's cheap commands rewrite."""
    table = REWRITES_DATABASE.get(m.name, {})
    return sorted({table[c.program] for c in commands(view) if c.program in table})
