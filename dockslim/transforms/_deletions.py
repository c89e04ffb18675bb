"""What a command deletes, and which commands make those files: the package lists and caches
of the package managers, and paths named on a command line. DS201 merges a RUN into the one
whose files it deletes; DS202 moves a late deletion into the RUN that made the files."""


import posixpath
import re
from typing import Callable, NamedTuple

from ..optimizer.shell import Command, Word
from ..optimizer.shellview import ShellPart, ShellView
from ._common import is_pip, sub
from ._downloads import checks_sums, download, name_in
from ._layers import absolute_in, removes_path, under, word_paths

# well-known places: (directory, kind)
KNOWN = (
    ("/var/lib/apt/lists", "apt-lists"),
    ("/var/cache/apt", "apt-cache"),
    ("/root/.cache/pip", "pip-cache"),
    ("/root/.npm", "npm-cache"),
    ("/usr/local/share/.cache/yarn", "yarn-cache"),
    ("/var/cache/apk", "apk-index"),
    ("/var/cache/yum", "rpm-cache"),
    ("/var/cache/dnf", "rpm-cache"),
    ("/root/.cache/go-build", "go-cache"),  # the golang images' GOCACHE and GOMODCACHE
    ("/go/pkg/mod", "go-modcache"),
    ("/usr/local/bundle/cache", "gem-cache"),  # the ruby images' GEM_HOME: the .gem archives
)
PURE_CACHES = frozenset({"apt-cache", "pip-cache", "npm-cache", "yarn-cache", "go-cache"})  # nothing needs them
# gem and bundle options that install the gems (and their archives) outside GEM_HOME
GEMS_ELSEWHERE = ("--install-dir", "-i", "--path", "--deployment", "--standalone")
_RM_OPTION = re.compile(r"-[rRfvd]+|--(recursive|force|verbose|dir)")
# pip takes any unique prefix of a long option: `--no-cache` is `--no-cache-dir`
PIP_NO_CACHE_DIR = tuple("--no-cache-dir"[:n] for n in range(len("--no-ca"), len("--no-cache-dir") + 1))
# a path in the home directory: `~/x`, `$HOME/x`, `"${HOME}"/x`, `"$HOME/x"` (no glob in quotes)
_AT_HOME = re.compile(r'(?:~|\$HOME|\$\{HOME\}|"\$HOME"|"\$\{HOME\}")((?:/[\w.@+*-]*)*)'
                      r'|"(?:\$HOME|\$\{HOME\})((?:/[\w.@+-]*)*)"')


class Target(NamedTuple):  # a named tuple: a dataclass costs every start a millisecond
    kind: str  # a KNOWN kind, or "path"
    path: str  # the directory or path deleted ("" for the cache commands)
    glob: bool = False  # `dir/*`: the contents of dir


def deletion(cmd: Command, cwd: str | None = None, home: str | None = None) -> list[Target] | None:
    """What a command deletes, or None when it is not (only) a deletion. Relative paths count
    from `cwd`, `~` and `$HOME` from `home`, the home of the user the RUN runs as (None: not
    known, and the `rm` is not understood)."""
    if cmd.context:
        return None
    prog, act = cmd.program, sub(cmd)
    if prog == "rm":
        words = [in_home(w, home) for w in cmd.args]
        if None in words:
            return None
        opts = [w for w in words if w.startswith("-")]
        paths = [w for w in words if not w.startswith("-")]
        if not paths or not all(_RM_OPTION.fullmatch(o) for o in opts):
            return None
        out = [_target(p, cwd) for p in paths]
        return None if None in out else out
    if prog in ("apt-get", "apt") and act in ("clean", "autoclean"):
        return [Target("apt-cache", "")]
    if is_pip(cmd) and act == "cache":
        ops = cmd.operands()
        return [Target("pip-cache", "")] if ops and ops[0].value == "purge" else None
    if prog in ("npm", "yarn") and act == "cache":
        ops = cmd.operands()
        if ops and ops[0].value == "clean":
            return [Target("npm-cache" if prog == "npm" else "yarn-cache", "")]
    if prog in ("yum", "dnf", "microdnf") and act == "clean":
        return [Target("rpm-cache", "")]
    if prog == "go" and act == "clean":
        flags = {w.value for w in cmd.args} & {"-cache", "-modcache"}
        return [Target("go-" + f[1:], "") for f in sorted(flags)] or None
    return None


def in_home(word: Word, home: str | None) -> str | None:
    """The word's literal value, a path in the home directory resolved with `home`."""
    if word.value is not None or home is None:
        return word.value
    m = _AT_HOME.fullmatch(word.text)
    return None if m is None else home.rstrip("/") + (m.group(1) or m.group(2) or "") or "/"


def _target(word: str, cwd: str | None) -> Target | None:
    path = absolute_in(word, cwd)
    if path is None or any(ch in path for ch in "?[~"):
        return None
    glob = path.endswith("/*")
    base = posixpath.dirname(path) if glob else path
    if "*" in base or base == "/" and glob:
        return None
    for root, kind in KNOWN:
        if under(base, root) or (kind == "pip-cache" and base == "/root/.cache"):
            return Target(kind, base, glob)
    if base in ("/", "/tmp", "/var/tmp", "/root") and not glob:
        return None  # deleting a whole system directory is not a cleanup we can move
    return Target("path", base, glob)


def creates(cmd: Command, t: Target, cwd: str | None = None) -> bool:
    """The command makes files of the target: a package manager its lists or cache, a command
    naming a path under it (or downloading into it, a relative name from `cwd`)."""
    prog, act = cmd.program, sub(cmd)
    apt = prog in ("apt-get", "apt", "aptitude")
    if t.kind == "apt-lists":
        return (apt and act == "update") or prog == "add-apt-repository"
    if t.kind == "apt-cache":
        return apt and act in ("update", "install", "reinstall", "upgrade", "dist-upgrade", "full-upgrade", "build-dep")
    if t.kind == "pip-cache":
        return is_pip(cmd) and act in ("install", "download", "wheel") \
            and not cmd.has_option(*PIP_NO_CACHE_DIR)
    if t.kind == "npm-cache":
        return prog == "npm" and act in ("install", "i", "ci", "add", "update")
    if t.kind == "yarn-cache":
        return prog == "yarn" and act in (None, "install", "add")
    if t.kind == "apk-index":
        return prog == "apk" and act in ("add", "update", "upgrade") and not cmd.has_option("--no-cache")
    if t.kind == "rpm-cache":
        return prog in ("yum", "dnf", "microdnf") and act in ("install", "update", "upgrade", "makecache", "groupinstall")
    if t.kind in ("go-cache", "go-modcache"):
        return prog == "go" and act in ("build", "install", "test", "run", "get", "vet") + (("mod",) if t.kind == "go-modcache" else ())
    if t.kind == "gem-cache":
        return prog in ("gem", "bundle") and act == "install" and not cmd.has_option(*GEMS_ELSEWHERE)
    if deletes_files(cmd):
        return False  # `rm -rf /tmp/x` names what it deletes, it does not make it
    made = download(cmd, cwd)
    return any(covers(t, v) for v in word_paths(cmd)) or (made is not None and covers(t, made))


# a RUN that mentions the package manager is assumed to read its index (`xargs apt-get ...`)
TOOL_WORDS = {
    "apt-lists": re.compile(r"(?<![\w.-])(apt-get|apt-cache|aptitude|apt)(?![\w.-])"),
    "apk-index": re.compile(r"(?<![\w.-])apk(?![\w.-])"),
    "rpm-cache": re.compile(r"(?<![\w.-])(yum|dnf|microdnf)(?![\w.-])"),
}


def uses(cmd: Command, t: Target, cwd: str | None = None) -> bool:
    """Visibly needs the files (for kinds whose files something needs); a path by naming it,
    relative words counting from `cwd` when it is known, or its name inside a word with a
    variable (`echo "$SHA  x.tgz"`); a sum or signature check reads names from a file."""
    prog, act = cmd.program, sub(cmd)
    if t.kind == "apt-lists":
        return prog == "apt-cache" or (prog in ("apt-get", "apt", "aptitude") and act not in (None, "clean", "update"))
    if t.kind == "apk-index":
        return prog == "apk"
    if t.kind == "rpm-cache":
        return prog in ("yum", "dnf", "microdnf")
    if t.kind == "gem-cache":
        return reads_gem_cache(cmd)
    if t.kind != "path":
        return False
    return any(covers(t, absolute_in(v, cwd) or v) for v in word_paths(cmd) if v[:1] != "-") or checks_sums(cmd) \
        or (not t.glob and any(w.value is None and name_in(w.text, t.path) for w in cmd.words))


def reads_gem_cache(cmd: Command) -> bool:
    """Installs from (or stores) the downloaded .gem archives: `bundle cache`, `--local`,
    `gem pristine`."""
    if cmd.program == "bundle":
        return sub(cmd) in ("cache", "package", "pack") or cmd.has_option("--local", "--prefer-local")
    if cmd.program == "gem":
        return sub(cmd) == "pristine" or cmd.has_option("--local", "-l")
    return False


def covers(t: Target, value: str) -> bool:
    """The path `value` is (inside) what the target names."""
    if not value.startswith("/"):
        return False
    value = posixpath.normpath(value)
    return under(value, t.path) and (value != t.path or not t.glob)


def deletes_files(cmd: Command) -> bool:
    """An `rm` or a `find ... -delete`/`-exec rm`: what it names it does not make."""
    if cmd.program == "find":
        values = [w.value for w in cmd.args]
        return "-delete" in values or any(v in ("-exec", "-execdir") for v in values)
    return cmd.program == "rm" or deletion(cmd) is not None


def deletes_after(view: ShellView, t: Target, cwd: Callable[[ShellPart, Command], str | None] | None = None,
                  home: str | None = None) -> bool:
    """The RUN deletes what it made of the target after making it, so a later deletion of the
    target is done already. A kind of cache: a deletion of that kind (or of a folder holding
    all its places: `rm -rf /var/cache/*`) after its last maker.
    Paths: every path under the target that the RUN names (or downloads into) is deleted
    after it, by name, by a glob (`rm -rf /tmp/*`) or by `find ... -delete`. `cwd` gives where
    a command runs, for relative names (none when not given); `home` is the home of the
    RUN's user, for `rm -rf ~/.cache/pip` (none when not known)."""
    made, cleaned, alive = False, False, set()
    for part, cmd in view.commands():
        if t.kind == "path":
            here = cwd(part, cmd) if cwd is not None else None
            alive = {p for p in alive if not removes_path(cmd, p, here)}
            if not deletes_files(cmd):
                named = {posixpath.normpath(v) for v in word_paths(cmd) if covers(t, v)}
                fetched = download(cmd, here)
                named |= {fetched} if fetched is not None and covers(t, fetched) else set()
                made, alive = made or bool(named), alive | named
        elif creates(cmd, t) and deletion(cmd) is None:
            made, cleaned = True, False
        elif deletes_kind(cmd, t.kind, home):
            cleaned = made
    return made and not alive if t.kind == "path" else cleaned


def deletes_kind(cmd: Command, kind: str, home: str | None = None) -> bool:
    """The command deletes the files of a KNOWN kind, or a folder holding all its places
    (`rm -rf /var/cache/*`); `home` resolves `~` and `$HOME` (see deletion)."""
    return any(d.kind == kind or holds_all(d, kind) for d in deletion(cmd, None, home) or [])


def holds_all(d: Target, kind: str) -> bool:
    """A deletion of a path that takes every place of the kind with it (a glob does not reach
    a hidden name: `rm -rf /root/*` leaves /root/.cache)."""
    places = [root for root, k in KNOWN if k == kind]
    return d.kind == "path" and bool(places) and all(
        covers(d, root) and not (d.glob and root[len(d.path):].lstrip("/").startswith(".")) for root in places
    )
