"""The file a curl or wget command writes: named on its command line (`-o FILE`, `-O FILE`,
`> FILE`) or by the URL's last path segment (`curl -O`, a wget without `-O`), in a folder
(`wget -P`, `curl --output-dir`) or the working directory. DS202 traces a later deletion to
the download; DS203 follows the file to the command that uses it up (`used_up`)."""


import posixpath
import re
from typing import Iterator, NamedTuple

from ..optimizer.shell import Command, Word
from ._archives import extracted
from ._layers import absolute_in

# short options that take a value (the rest of the word or the next one); the others are flags
_CURL_VALUED = frozenset("bcdeEFHKmoPQrtTuUwxXyYzACD")
_WGET_VALUED = frozenset("eoaiBtOTwQPlARDIXU")
# options after which the file's name is not the URL's last segment (the server's name, a tree
# of files, a list of URLs read from a file)
_SERVER_NAMED = frozenset({
    "--remote-header-name", "--content-disposition", "--trust-server-names", "--recursive", "--mirror",
    "--force-directories", "--input-file", "--page-requisites",
})
_LONG_VALUED = frozenset({"--output", "--output-document", "--output-dir", "--directory-prefix", "--url"})
_URL = re.compile(r"[A-Za-z][\w+.-]*://")
# programs that check a download's sum or signature, reading the names from a file
# (`sha256sum -c SHA256SUMS`, `gpg --verify x.asc`)
_VERIFIERS = re.compile(r"(md5|sha1|sha224|sha256|sha384|sha512|b2|sha)sum|gpgv?|cosign|minisign")


def checks_sums(cmd: Command) -> bool:
    return bool(_VERIFIERS.fullmatch(cmd.program or ""))


def name_in(text: str, path: str) -> bool:
    """The file's name stands alone in a text (`x.tgz`, `./x.tgz`, `"$SHA  x.tgz"`)."""
    return re.search(rf"(?<![\w.-]){re.escape(posixpath.basename(path))}(?![\w.-])", text) is not None


class _Request(NamedTuple):
    """What a curl/wget command line says about the file it writes."""

    output: str | None  # -o/-O FILE ("-": standard output)
    folder: str | None  # wget -P, curl --output-dir
    remote: bool  # curl -O: named by the URL's last segment
    urls: tuple[Word, ...]
    opaque: bool  # the output or folder is not literal
    renamed: bool  # a word may name the file otherwise than by its URL (`$OPTS`, -J, -r)


def _options(cmd: Command) -> Iterator[tuple[str, str | None, Word | None]]:
    """(option, its value when it takes one, the word) for each option of a curl/wget command,
    ("", None, word) for each operand; short clusters split (`-fsSLo F` gives -f, -s, ..., -o F)."""
    valued = _CURL_VALUED if cmd.program == "curl" else _WGET_VALUED
    words = cmd.args
    i = 0
    while i < len(words):
        w, v = words[i], words[i].value
        nxt = words[i + 1] if i + 1 < len(words) else None
        i += 1
        if v is None or not v.startswith("-") or v == "-":
            yield "", None, w
        elif v.startswith("--"):
            name, eq, value = v.partition("=")
            if eq or name not in _LONG_VALUED:
                yield name, value if eq else None, w
            else:
                yield name, nxt.value if nxt else None, nxt
                i += 1
        else:
            for n, ch in enumerate(v[1:], start=2):
                if ch == "n" and cmd.program == "wget":  # -nv, -nc, -nd, -nH, -np
                    break
                if ch not in valued:
                    yield "-" + ch, None, w
                    continue
                if v[n:]:
                    yield "-" + ch, v[n:], w
                else:
                    yield "-" + ch, nxt.value if nxt else None, nxt
                    i += 1
                break


def _request(cmd: Command) -> _Request:
    curl = cmd.program == "curl"
    output = folder = None
    remote = opaque = renamed = False
    urls: list[Word] = []
    for name, value, word in _options(cmd):
        if name in (("-o", "--output") if curl else ("-O", "--output-document")):
            output, opaque = value, opaque or value is None
        elif name in ("--output-dir", "--directory-prefix") or (name == "-P" and not curl):
            folder, opaque = value, opaque or value is None
        elif name in ("-O", "--remote-name", "--remote-name-all") and curl:
            remote = True
        elif name in _SERVER_NAMED or name in (("-J",) if curl else ("-r", "-m", "-x", "-p", "-i")):
            renamed = True
        elif name in ("", "--url") and word is not None:
            if _URL.match(word.value if word.value is not None else word.text.lstrip("'\"")):
                urls.append(word)
            elif word.value is None:
                renamed = True  # `$OPTS`, `-o"$F"`: may name the file
    return _Request(output, folder, remote, tuple(urls), opaque, renamed)


def download(cmd: Command, cwd: str | None = None) -> str | None:
    """The file a curl/wget command writes, absolute, else None: `curl -o FILE`, `wget -O FILE`,
    `curl URL > FILE`, and the URL's last path segment for `curl -O`/`--remote-name` and a wget
    without `-O` (in `--output-dir`/`-P`, else the working directory). Relative names resolve
    from `cwd` (None: not known). None when the name is not literal or not the URL's: a
    variable in it, a query string or fragment (wget keeps `?x=1` in the name, curl -O too),
    the server's name (`-J`, `--content-disposition`, `--trust-server-names`), several URLs
    for one name, a recursive wget."""
    if cmd.program not in ("curl", "wget"):
        return None
    req = _request(cmd)
    if req.opaque:
        return None
    stdout = [r.target for r in cmd.redirects if r.op in (">", ">|") and r.fd in (None, "1")]
    if req.output is not None:
        name = stdout[-1].value if req.output == "-" and stdout else req.output
        if cmd.program == "curl" and name == req.output != "-":
            name = posixpath.join(req.folder or "", name)  # curl's --output-dir holds -o's file too
    elif cmd.program == "curl" and not req.remote:
        name = stdout[-1].value if stdout else None
    else:
        name = _last_segment(req.urls[0]) if len(req.urls) == 1 and not req.renamed else None
        name = name and posixpath.join(req.folder or "", name)
    if not name or name == "-" or any(ch in name for ch in "*?[$`"):
        return None
    return absolute_in(name, cwd)


def _last_segment(url: Word) -> str | None:
    """The name `curl -O`/wget give the file of a URL: the path's last segment, when it is
    literal (variables may stand before it) and the URL has no query or fragment."""
    text = url.value if url.value is not None else url.text
    if url.value is None and any(ch in url.text for ch in "\\`"):
        return None
    rest = text.strip("'\"").split("://", 1)[-1]
    if "/" not in rest or any(ch in rest for ch in "?#"):
        return None
    name = rest.rsplit("/", 1)[-1]
    return name if name and not any(ch in name for ch in "$'\"") and name not in (".", "..") else None


# --------------------------------------------------------------------------- what uses the file up

_SHELLS = frozenset({"sh", "bash", "dash", "ash", "zsh", "ksh"})
_INSTALLER = re.compile(r"\.(sh|run|bin)$")  # `./Miniconda3-latest-Linux-x86_64.sh`, cuda_12.run
_PACKAGE_TOOLS = {"dpkg": ".deb", "apt-get": ".deb", "apt": ".deb", "rpm": ".rpm", "yum": ".rpm", "dnf": ".rpm"}
# options of install and cp that take the next word (`install -o root -g root -m 0755 f /usr/local/bin/`)
_COPY_VALUED = frozenset({"-m", "-o", "-g", "-t", "-S", "--mode", "--owner", "--group", "--target-directory",
                          "--suffix"})


class Use(NamedTuple):
    """A command that leaves a file of no more use: `how` it used it ("extracted", "run",
    "installed", "copied"); `command` when the copy is a program in a bin folder under the
    same name (`install kubectl /usr/local/bin/`: a later `kubectl` runs the copy)."""

    path: str
    how: str
    command: bool = False


def used_up(cmd: Command, cwd: str | None = None) -> list[Use]:
    """The files (absolute; a relative name from `cwd`) a command unpacks (tar, unzip, 7z),
    runs as an installer (`sh X.sh`, `bash X.sh -b -p /opt/conda`, `./X.sh`, `./X.run`),
    installs as a package (`dpkg -i x.deb`, `apt-get install ./x.deb`, `rpm -i x.rpm`) or
    copies elsewhere (`install -m 0755 kubectl /usr/local/bin/`, `cp`)."""
    archive = extracted(cmd, cwd)
    if archive is not None:
        return [Use(archive, "extracted")]
    if cmd.program in _SHELLS:
        script = _script_of(cmd)
        return [Use(p, "run") for p in [script and absolute_in(script, cwd)] if p]
    word = cmd.program_word
    if word is not None and word.value and "/" in word.value and _INSTALLER.search(word.value):
        return [Use(p, "run") for p in [absolute_in(word.value, cwd)] if p]
    if cmd.program in _PACKAGE_TOOLS:
        return [Use(p, "installed") for p in _packages(cmd, cwd)]
    if cmd.program in ("install", "cp"):
        return _copied(cmd, cwd)
    return []


def _script_of(cmd: Command) -> str | None:
    """The script file a shell runs (`bash -x X.sh -b`), None for `-c`/`-s` (no file)."""
    words = iter(cmd.args)
    for w in words:
        v = w.value
        if v is None:
            return None
        if v in ("-o", "+o", "-O", "+O"):
            next(words, None)
        elif not v.startswith(("-", "+")):
            return v
        elif v[0] == "-" and v[1:2] != "-" and any(ch in v for ch in "cs"):
            return None
    return None


def _packages(cmd: Command, cwd: str | None) -> list[str]:
    """The package files a dpkg/rpm install (`-i`, `-U`) or an apt/yum/dnf install names by path."""
    if cmd.program in ("dpkg", "rpm"):
        if not cmd.has_option("-i", "--install", "-U", "--upgrade"):
            return []
        words = cmd.operands(after_subcommand=False)
    elif cmd.subcommand is not None and cmd.subcommand.value in ("install", "localinstall", "reinstall"):
        words = tuple(w for w in cmd.operands() if "/" in (w.value or ""))  # `./x.deb`: a name alone is a package
    else:
        return []
    suffix = _PACKAGE_TOOLS[cmd.program]
    paths = [absolute_in(w.value, cwd) for w in words if w.value and w.value.endswith(suffix)]
    return [p for p in paths if p]


def _copied(cmd: Command, cwd: str | None) -> list[Use]:
    """The sources an `install` or `cp` copies; none for `install -d` (it makes folders)."""
    operands, target, words = [], None, iter(cmd.args)
    for w in words:
        v = w.value
        if v is None:
            return []
        if v in ("-d", "--directory") or (v.startswith("-") and not v.startswith("--") and "d" in v
                                          and cmd.program == "install"):
            return []
        if v.startswith("--target-directory="):
            target = v.split("=", 1)[1]
        elif v in _COPY_VALUED:
            value = next(words, None)
            if v in ("-t", "--target-directory"):
                target = value.value if value is not None else None
        elif not v.startswith("-") or v == "-":
            operands.append(v)
    if target is None:
        operands, target = operands[:-1], operands[-1] if operands else None
    if not target or not operands:
        return []
    folder = absolute_in(target, cwd)
    uses = []
    for source in operands:
        path = absolute_in(source, cwd)
        if path is None or folder is None or path == folder:
            continue
        name = posixpath.basename(path)
        copy = folder if posixpath.basename(folder) == name else posixpath.join(folder, name)
        uses.append(Use(path, "copied", posixpath.basename(posixpath.dirname(copy)) in ("bin", "sbin")))
    return uses
