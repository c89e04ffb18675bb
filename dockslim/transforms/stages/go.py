"""Where `go build` and `go install` write their programs, by Go's own rules (`go help build`,
`go help install`, `go help gopath`):

- the program is named after the last element of its package's import path; in module mode a
  major-version element (`example.com/tool/v2`) is skipped (`tool`); files on the command
  line (`go build main.go`) name it after the first one;
- `go build` writes it in the current directory, or where `-o` says (a directory when the
  value ends with a slash or is one that exists);
- `go install` writes it in $GOBIN, else in the first entry of $GOPATH followed by `/bin`;
  `go install ./...` installs every main package below, so its output is that whole folder.

The import path of a package in the current directory comes from go.mod's `module` line (or
`go mod init PATH`); in GOPATH mode (no go.mod) from the folder's place under $GOPATH/src.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

# flags of `go build` / `go install` that take a value (`go help build`); the others are booleans
VALUE_FLAGS = frozenset({
    "o", "C", "p", "asmflags", "buildmode", "buildvcs", "compiler", "gccgoflags", "gcflags", "installsuffix",
    "ldflags", "mod", "modfile", "overlay", "pgo", "pkgdir", "tags", "toolexec", "covermode", "coverpkg",
})
BOOL_FLAGS = frozenset({
    "a", "n", "v", "x", "race", "msan", "asan", "cover", "work", "trimpath", "linkshared", "modcacherw", "i",
})
# `-buildmode` values that write an executable
EXECUTABLE_MODES = frozenset({"default", "exe", "pie"})
# directories every Debian or Alpine image has: `-o` naming one writes the program inside it
EXISTING_DIRS = frozenset({"/", "/bin", "/sbin", "/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin", "/tmp"})


class NotShown(Exception):
    """Why the program's path cannot be told."""


@dataclass(frozen=True)
class GoCommand:
    sub: str  # "build" or "install"
    output: str | None  # -o
    chdir: str | None  # -C
    buildmode: str | None
    packages: tuple[str, ...]


def read_command(sub: str, words: list[str]) -> GoCommand:
    """The arguments after `go build` / `go install`; a word with an expansion is given as
    written (`"-ldflags=-X main.version=$VERSION"`): only a package, `-o`, `-C` or
    `-buildmode` needs a literal value."""
    flags: dict[str, str | None] = {}
    packages: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        i += 1
        bare = word.lstrip("\"'") if _expands(word) else word
        if packages or not bare.startswith("-") or word == "-":
            packages.append(word)
            continue
        if word == "--":
            packages.extend(words[i:])
            break
        name, eq, value = bare.lstrip("-").partition("=")
        if name in VALUE_FLAGS:
            if not eq:
                if name == "buildvcs":  # a boolean that also takes `=auto`
                    continue
                if i >= len(words):
                    raise NotShown(f"`-{name}` without a value")
                value = words[i]
                i += 1
            flags[name] = None if _expands(value) or _expands(word) else value
            if flags[name] is None and name in ("o", "C", "buildmode"):
                raise NotShown(f"`-{name}` with a variable")
        elif name not in BOOL_FLAGS:
            raise NotShown(f"`go {sub}` with `-{name}`, a flag dockslim does not know")
    if any(_expands(p) for p in packages):
        raise NotShown("a package named with a variable")
    return GoCommand(sub, flags.get("o"), flags.get("C"), flags.get("buildmode"), tuple(packages))


def _expands(word: str) -> bool:
    """A word the shell expands (given as written): its value is not shown."""
    return bool(re.search(r"[$`{]|^~", word))


def is_version_element(elem: str) -> bool:
    """`v2`, `v3`, `v10`: a major-version suffix (`v0` and `v1` are never one)."""
    return bool(re.fullmatch(r"v[0-9]+", elem)) and elem[1] != "0" and elem != "v1"


def exec_name(import_path: str, module_mode: bool = True) -> str:
    """The name Go gives the program of a main package (cmd/go's DefaultExecName)."""
    path = import_path.split("@", 1)[0].rstrip("/")
    head, elem = posixpath.split(path)
    if module_mode and head and is_version_element(elem):
        elem = posixpath.basename(head)
    return elem


def module_path(go_mod: str) -> str | None:
    """The `module` line of a go.mod."""
    for line in go_mod.splitlines():
        m = re.match(r"\s*module\s+(\"[^\"]+\"|`[^`]+`|[^\s/]\S*)", line)
        if m:
            return m.group(1).strip("\"`")
    return None


@dataclass(frozen=True)
class Module:
    """What decides import paths in a folder: the module (path and root folder), or GOPATH mode."""
    path: str | None  # None: GOPATH mode
    root: str  # the module's folder, or $GOPATH/src


def package_names(cmd: GoCommand, cwd: str, module: Module | None) -> list[str]:
    """The program names of the command's packages; `...` stands for "every main package
    below" (go install only). `module` None: not known (a name that needs it is NotShown)."""
    packages = cmd.packages or (".",)
    if all(p.endswith(".go") for p in packages):
        if cmd.sub == "install":
            raise NotShown("`go install` of files names no install folder")
        return [posixpath.basename(packages[0])[: -len(".go")]]
    names = []
    for pkg in packages:
        if "..." in pkg:
            if cmd.sub == "build":
                raise NotShown(f"`go build {pkg}` builds several packages and keeps no program")
            names.append("...")
        elif pkg in ("all", "std", "cmd") or pkg.endswith(".go"):
            raise NotShown(f"`go {cmd.sub} {pkg}`: which programs it writes is not shown")
        elif pkg in (".", "..") or pkg.startswith(("./", "../", "/")):
            names.append(_local_name(posixpath.normpath(posixpath.join(cwd, pkg)), cwd, module))
        else:
            names.append(exec_name(pkg, module_mode=(module is None or module.path is not None) or "@" in pkg))
    if cmd.sub == "build" and len(names) > 1:
        raise NotShown("`go build` of several packages keeps no program")
    return names


def _local_name(folder: str, cwd: str, module: Module | None) -> str:
    """The name of the program of the package in `folder`."""
    elem = posixpath.basename(folder)
    if module is not None and module.path is None:  # GOPATH mode: the folder's name
        return elem
    if module is not None and _inside(folder, module.root):
        rel = posixpath.relpath(folder, module.root)
        return exec_name(module.path if rel == "." else f"{module.path}/{rel}")
    if folder == cwd or is_version_element(elem):
        raise NotShown("the program is named after go.mod's module path")
    return elem


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip("/") + "/")


def outputs(cmd: GoCommand, cwd: str, module: Module | None, gobin: str | None,
            dirs: frozenset[str] = frozenset()) -> list[str]:
    """Absolute paths of what the command writes: programs, or a folder (ending in "/") for
    `...`. `cwd`: where it runs (before `-C`); `gobin`: where go install writes; `dirs`: folders known to exist."""
    if cmd.buildmode not in (None, *EXECUTABLE_MODES):
        raise NotShown(f"`-buildmode={cmd.buildmode}` writes no program")
    cwd = posixpath.normpath(posixpath.join(cwd, cmd.chdir or "."))
    if cmd.sub == "install":
        if gobin is None:
            raise NotShown("`go install` writes to $GOBIN or $GOPATH/bin, and neither is known")
        names = package_names(cmd, cwd, module)
        return sorted({gobin.rstrip("/") + "/" if n == "..." else posixpath.join(gobin, n) for n in names})
    out = cmd.output
    if out is None:
        return [posixpath.join(cwd, package_names(cmd, cwd, module)[0])]
    target = posixpath.normpath(posixpath.join(cwd, out))
    if out.endswith("/") or target in EXISTING_DIRS or target in dirs or target == cwd:
        return [posixpath.join(target, package_names(cmd, cwd, module)[0])]
    return [target]
