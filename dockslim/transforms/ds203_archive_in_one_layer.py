"""DS203 archive-in-one-layer: download, extract and delete an archive in one RUN.

## What it does
- A RUN that downloads an archive (`curl -o /tmp/x.tgz`, `wget -O /tmp/x.zip`) and extracts
  it (`tar -xf`, `unzip`) but never deletes it: appends `rm -f /tmp/x.tgz`. The same for a
  downloaded file the RUN uses up otherwise: an installer it runs (`bash Miniconda3.sh -b -p
  /opt/conda`, `sh x.sh`, `./x.sh` or `./x.run` after `chmod +x`), a package it installs
  (`dpkg -i x.deb`, `apt-get install ./x.deb`, `rpm -i x.rpm`), a file it copies elsewhere
  (`install -m 0755 kubectl /usr/local/bin/kubectl`, `cp`). Not a file downloaded into a
  bin folder (`/usr/local/bin/setup.sh`): a program there stays to be run. Downloads into
  the working directory count too: `wget URL` and `curl -O URL` (`-LO`, `-fsSLO`,
  `--remote-name`) write the URL's last path segment there, `wget -P DIR`
  (`--directory-prefix`) and `curl --output-dir DIR` into DIR, `curl -o x.tgz` and
  `tar -xf x.tgz` name a file relative to it. The working directory is the WORKDIR in
  effect (relative WORKDIRs resolved, `/` without one), moved by a literal `cd DIR` that
  surely ran before (in the RUN's own list, starting a statement or joined by `&&`);
  `ADD URL .` writes into the WORKDIR. A deletion that already happens counts, however it
  is written: the path, a folder above it, a glob (`rm -rf /tmp/*`, `rm /tmp/*.tgz`,
  `rm -rf ./*` after `cd /tmp`), or `find /tmp -name '*.tgz' -delete` (only with tests
  that hold for a fresh file: `-type f`, `-name`, `-mindepth`, `-maxdepth`). When a later RUN deletes it (`RUN rm -rf /tmp/*`), nothing is
  appended: DS202 moves that deletion here.
- A RUN that extracts an archive an earlier RUN downloaded: moves the download into the
  RUN that extracts it, so the archive is fetched, unpacked and deleted in one layer.
- `ADD https://.../x.tar.gz /tmp/` followed by a RUN that extracts and deletes the file:
  replaces the ADD by a `curl` (or `wget`) at the start of that RUN (unsafe, see below).

## Why it makes the image smaller
The archive is only needed while it is unpacked (an installer while it runs: a Miniconda
installer is 70-150 MB, Anaconda's over 500 MB). Left in the image, or deleted only by a
later RUN (the earlier layer keeps it), it costs its whole size on top of the unpacked files:
often tens or hundreds of megabytes for toolchains and language runtimes.

## Example
    RUN curl -fsSL -o /tmp/node.tar.xz https://nodejs.org/dist/v20.11.0/node-v20.11.0-linux-x64.tar.xz
    ENV PATH=/opt/node/bin:$PATH
    RUN tar -xJf /tmp/node.tar.xz -C /opt && rm /tmp/node.tar.xz
becomes
    ENV PATH=/opt/node/bin:$PATH
    RUN curl -fsSL -o /tmp/node.tar.xz https://nodejs.org/dist/v20.11.0/node-v20.11.0-linux-x64.tar.xz && \\
        tar -xJf /tmp/node.tar.xz -C /opt && rm /tmp/node.tar.xz

## Fix safety
- Appending `rm -f`: safe when the archive lies under `/tmp` or `/var/tmp` and no later
  instruction (of the stage, of a stage built FROM it, or copying from it) names it; unsafe
  elsewhere (someone may want the archive in the image). A file the RUN copied into a bin
  folder under its own name is not named by that name alone (`CMD ["kubectl", "version"]`
  runs the copy from the PATH); a path to it (`./kubectl`) still counts.
- Moving a download: safe when only instructions that are not RUNs stand between (none
  naming the archive, no SHELL or USER, no ENV or ARG setting a variable the download
  uses: one it names, or one curl and wget read by themselves, a proxy (`https_proxy`), a
  CA bundle (`SSL_CERT_FILE`, `CURL_CA_BUNDLE`), `HOME`, `WGETRC`) and the download is the
  whole RUN or its last `&&` command, with nothing else in it naming the archive (also
  inside a word: `echo "$SHA  x.tgz" | sha256sum -c -`) or checking sums or signatures
  (`sha256sum -c SHA256SUMS`, `gpg --verify`: the names stand in a file). Unsafe
  when RUNs stand between (a script could read the file). Left alone when a package removal
  after the download (in its RUN or a RUN between) may take its curl or wget away: one that
  names it, a pattern (`apt-mark auto '.*'`), a variable (`apk del $BUILD_DEPS`) or an apk
  virtual package (`apk del .fetch-deps`).
  Done only when the archive is then deleted (by the RUN, or by the appended `rm -f`).
- Replacing ADD: always unsafe. It needs `curl` or `wget` in the image (an earlier RUN of
  the stage installs or runs one of them, or the base is a full official image built on
  buildpack-deps, and no later removal of packages may have taken it away), and it changes
  caching: ADD checks the URL on every build, a RUN is cached by its text. ADD fetches with
  BuildKit's own TLS and certificates; for an `https://` URL the image's tool must do as
  well: done only when an earlier RUN already fetched an `https://` URL with it, or when the base image's release is one dockslim knows (placed from
  a codename or the tag's version: `python:3.6` is bullseye; `php:5.6`, `python:3.5` and
  unknown images are not placed, and their old CA list or TLS library may fail today's
  servers) and a CA bundle is there (`ca-certificates` installed, or a `python`/buildpack-deps
  image). Otherwise the finding comes without a fix and says why.
A download that writes into its working directory moves as it is written when the
extracting RUN starts in the same directory, else in a subshell that enters it first
(`(cd /tmp && curl -LO URL) && ...`); a RUN left with nothing but `cd`s goes.
The moved download joins the RUN with `&&` (the rest grouped in `{ ...; }` when it has a
top-level `;` or `||`), or with `;` after a leading `set -e` or under a SHELL with `-e`, so
it still fails the build.
Left alone: archives piped into tar (`curl ... | tar -xz`, nothing to delete), paths with
variables, archives under a cache or tmpfs mount, heredoc RUNs; downloads whose file's name
is not literal: a variable in the URL's last segment, a query string or fragment (wget keeps
`?x=1` in the name, and curl -O too), a name the server gives (`-J`,
`--content-disposition`, `--trust-server-names`), several URLs for one `-O`, options in a
variable (`wget $OPTS URL`); and relative names in a working directory that is not known (a
WORKDIR with a variable, a `cd` inside `if` or after a test that may skip it, `cd "$DIR"`).

## How verify shows it
The layers that held the archive shrink by its size; `verify` lists the archive among the
files the rewrite removed from the image.

## Related hadolint rule
None directly. DL3020 (use COPY instead of ADD for files and folders) and DL3047/DL4001
(wget/curl usage) are about the same instructions; hadolint does not follow an archive
across layers.
"""

from __future__ import annotations

import posixpath
import re
import shlex
from functools import partial
from typing import Iterator

from ..optimizer.edits import append, comments_of, cut_pipeline, delete_instruction, move_comments_above, prepend
from ..optimizer.findings import Applicability, Finding
from ..optimizer.model import Model, Stage
from ..optimizer.rules import Options, PassSpec, Phase
from ..optimizer.scriptfacts import command_text, pipelines
from ..optimizer.shell import Command, Script
from ..optimizer.shellview import ShellPart
from ..optimizer.syntax import Instruction
from ._archives import add_target, extracted, fetch_tool, https_problem, removes_tool
from ._common import at_top, mount_over
from ._downloads import checks_sums, download, name_in, used_up
from ._layers import cwd_from, is_cd, is_set, later_instructions, line_script, literal_workdir, mentions, removes_path, state_commands, under

SPEC = PassSpec(
    code="DS203",
    name="archive-in-one-layer",
    phase=Phase.CLEANUP,
    summary="Download, extract and delete an archive in one RUN",
    applicability=Applicability.UNSAFE,
    kinds=("RUN", "ADD"),
)

TEMP = ("/tmp", "/var/tmp")
_VAR = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")
# variables curl and wget read without naming them: proxies, CA bundles, their config files
_TOOL_ENV = frozenset({
    "http_proxy", "https_proxy", "ftp_proxy", "all_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY",
    "ALL_PROXY", "NO_PROXY", "SSL_CERT_FILE", "SSL_CERT_DIR", "CURL_CA_BUNDLE", "CURL_HOME", "WGETRC", "HOME",
})


# --------------------------------------------------------------------------- where the archive goes


def _deleted_after(model: Model, stage: Stage, inst: Instruction, script: Script, after: Command, path: str) -> bool:
    """A command of the RUN after `after` deletes the file (by name, glob or `find -delete`)."""
    workdir = literal_workdir(model, stage, inst)
    return any(removes_path(c, path, cwd_from(workdir, script, c)) for c in script.commands if c.start > after.start)


def _deleted_later(model: Model, stage: Stage, inst: Instruction, path: str) -> bool:
    """A later RUN that sees the file deletes it (`RUN rm -rf /tmp/*`): DS202 moves that deletion."""
    for later in later_instructions(model, stage, inst):
        view = model.run(later).readable if later.kind == "RUN" else None
        if view is None:
            continue
        own = later in stage.body  # a stage built FROM this one has WORKDIRs of its own
        workdir = literal_workdir(model, stage, later) if own else None
        if any(removes_path(c, path, cwd_from(workdir, part.script, c) if own else None)
               for part, c in view.commands()):
            return True
    return False


def _used_later(model: Model, stage: Stage, inst: Instruction, path: str, command: bool = False) -> bool:
    """A later instruction names the file: by its path, or by its name alone (a relative
    path, from a working directory this does not follow). With `command` the RUN put a copy
    of the same name in a bin folder: the name standing alone (`kubectl version`) runs that
    copy from the PATH, only a path (`./kubectl`) names this file."""
    bare = re.compile(rf"(?<![\w./-]){re.escape(posixpath.basename(path))}(?![\w.-])")
    for i in later_instructions(model, stage, inst):
        text = bare.sub("", i.text) if command else i.text
        if mentions(i.text, path) or name_in(text, path):
            return True
    return False


def _reads(script: Script, cmd: Command, path: str) -> bool:
    """A command of the download's RUN reads the archive: its name stands in the command
    (`tar -xf x.tgz`, `echo "$SHA  x.tgz" | sha256sum -c -`), or it checks sums or a
    signature, reading names from a file (`sha256sum -c x.tgz.sha256`, `gpg --verify x.asc`)."""
    return name_in(command_text(script, cmd), path) or checks_sums(cmd)


def _downloads(model: Model, stage: Stage, inst: Instruction) -> set[str]:
    """The files the curl/wget commands of a RUN write (or the file of an `ADD <url>`)."""
    if inst.kind == "ADD":
        return {add_target(inst, literal_workdir(model, stage, inst))} - {None}
    view = model.run(inst).readable if inst.kind == "RUN" else None
    if view is None:
        return set()
    workdir = literal_workdir(model, stage, inst)
    return {download(c, cwd_from(workdir, part.script, c)) for part, c in view.commands()} - {None}


def _mounted(inst: Instruction, path: str) -> bool:
    """The path lies under a mount of the RUN (cache, tmpfs, bind): not in the layer."""
    return mount_over(inst, path, types=None) is not None


# --------------------------------------------------------------------------- the pass


def check(model: Model, options: Options) -> Iterator[Finding]:
    for stage in model.stages:
        for inst in stage.runs():
            part = line_script(model, inst)
            if part is None:
                continue
            yield from _kept_archive(model, stage, inst, part)
            yield from _fetched_earlier(model, stage, inst, part)


_WHAT = {"extracted": "the archive", "run": "the installer", "installed": "the package", "copied": "the file"}
_DOING = {"extracted": "extracting", "run": "running", "installed": "installing", "copied": "copying"}


def _kept_archive(model: Model, stage: Stage, inst: Instruction, part: ShellPart) -> Iterator[Finding]:
    """Downloaded and used up here (extracted, run, installed, copied elsewhere), never deleted."""
    script = part.script
    here = partial(cwd_from, literal_workdir(model, stage, inst), script)
    seen: set[str] = set()
    for i, cmd in enumerate(script.commands):
        path = download(cmd, here(cmd)) if at_top(cmd) else None
        if path is None or path in seen or _mounted(inst, path):
            continue
        seen.add(path)
        uses = [u for c in script.commands[i + 1 :] if at_top(c) for u in used_up(c, here(c)) if u.path == path]
        if not uses or (uses[0].how != "extracted" and _is_program(path)):
            continue  # a program downloaded where it stays (`/usr/local/bin/tool`), run to check it
        if _deleted_after(model, stage, inst, script, cmd, path):
            continue  # already deleted (`rm -rf /tmp/*`, `find /tmp -name '*.tgz' -delete`)
        command = any(u.command for u in uses)
        if _used_later(model, stage, inst, path, command) or _deleted_later(model, stage, inst, path):
            continue  # used (or deleted) later: DS202 moves a later deletion
        how = uses[0].how
        temp = any(under(path, t) for t in TEMP)
        edits = append(part, [f"rm -f {shlex.quote(path)}"], stage.shell_for(inst))
        fix = SPEC.fix(f"Delete `{path}` after {_DOING[how]} it", *edits,
                       applicability=Applicability.SAFE if temp else None) if edits else None
        yield SPEC.report(part.span(cmd), f"{_WHAT[how]} `{path}` stays in the image after it is {how}", fix)


def _is_program(path: str) -> bool:
    return posixpath.basename(posixpath.dirname(path)) in ("bin", "sbin")


def _fetched_earlier(model: Model, stage: Stage, y: Instruction, part: ShellPart) -> Iterator[Finding]:
    """Extracted here, downloaded by an earlier RUN or ADD."""
    script = part.script
    here = partial(cwd_from, literal_workdir(model, stage, y), script)
    for cmd in script.commands:
        path = extracted(cmd, here(cmd)) if at_top(cmd) else None
        if path is None or any(download(c, here(c)) == path for c in script.commands if c.start < cmd.start):
            continue
        if _mounted(y, path):
            continue
        earlier = [i for i in stage.body if i.index < y.index]
        source = next((i for i in reversed(earlier) if mentions(i.text, path) or path in _downloads(model, stage, i)), None)
        if source is None:
            continue
        deleted = _deleted_after(model, stage, y, script, cmd, path)
        if not deleted and not (any(under(path, t) for t in TEMP) and not _used_later(model, stage, y, path)):
            continue  # the archive stays anyway: moving the download gains nothing
        between = earlier[earlier.index(source) + 1 :]
        start, end = part.span(cmd)
        if source.kind == "RUN":
            plan = _from_run(model, stage, source, y, part, path, between)
        elif source.kind == "ADD":
            plan = _from_add(model, stage, source, y, part, path, between)
        else:
            continue
        if plan is None:
            continue
        message = f"`{path}` is downloaded by the {source.kind} at line {source.start_line} and extracted here: " \
                  "it stays in that layer"
        if isinstance(plan, str):
            yield SPEC.report((start, end), f"{message} (not moved automatically: {plan})")
        else:
            yield SPEC.report((start, end), message, plan)
        return


def _from_run(model: Model, stage: Stage, x: Instruction, y: Instruction, part: ShellPart, path: str, between):
    xpart = line_script(model, x)
    if xpart is None:
        return None
    pipes = pipelines(xpart.script)
    here = partial(cwd_from, literal_workdir(model, stage, x), xpart.script)
    k = next((n for n, p in enumerate(pipes) if any(download(c, here(c)) == path for c in p.commands)), None)
    if k is None:
        return None  # X mentions the path without downloading it
    fetch = pipes[k]
    if len(fetch.commands) != 1 or fetch.commands[0].context:
        return "the download is not a plain command"
    cmd = fetch.commands[0]
    problem = _between_problem(between, xpart.script, cmd)
    if problem:
        return problem
    if any(c.program not in ("set", "cd") and c.start < cmd.start for c in state_commands(xpart.script)):
        return "commands before it change the shell it runs in"
    problem = _tool_gone(model, cmd, xpart.script, between)
    if problem:
        return problem
    others = [c for p in pipes if p is not fetch for c in p.commands]
    if any(_reads(xpart.script, c, path) for c in others):
        return f"other commands of the RUN at line {x.start_line} use the archive"
    alone = all(is_set(p) or is_cd(p) for p in pipes if p is not fetch)
    cut = None if alone else cut_pipeline(xpart, pipes, k)
    if cut is not None and not cut:
        return "the download is not joined to the other commands of its RUN by `&&`"
    if sorted(f.text for f in x.flags) != sorted(f.text for f in y.flags) and (x.flags or _isolated(y)):
        return "the two RUNs have different flags"
    text = command_text(xpart.script, cmd)
    if download(cmd) is None and here(cmd) != literal_workdir(model, stage, y):
        text = f"(cd {shlex.quote(here(cmd))} && {text})"  # it writes into the directory it ran in
    insert = prepend(part, text, stage.shell_for(y), own_line=True)
    if not insert:
        return "the extracting RUN cannot take a command in front"
    removed, comments = cut if cut is not None else (delete_instruction(x), comments_of(x))
    runs = any(i.kind == "RUN" for i in between)
    return SPEC.fix("Download it in the RUN that extracts it", *insert, *removed, *move_comments_above(y, comments),
                    applicability=None if runs else Applicability.SAFE)


def _from_add(model: Model, stage: Stage, add: Instruction, y: Instruction, part: ShellPart, path: str, between):
    if add.flags or add.is_json or add.heredocs or len(add.value) != 2:
        return None
    url = add.value[0]
    if add_target(add, literal_workdir(model, stage, add)) != path:
        return None
    tool = fetch_tool(model, stage, add)
    if tool is None:
        return "neither curl nor wget is known to be in the image"
    problem = https_problem(model, stage, add, tool) if url.startswith("https://") else None
    if problem:
        return problem
    if _isolated(y):
        return "the extracting RUN has no network"
    problem = _between_problem(between, None, None)
    if problem:
        return problem
    q = shlex.quote
    text = f"curl -fsSL -o {q(path)} {q(url)}" if tool == "curl" else f"wget -q -O {q(path)} {q(url)}"
    insert = prepend(part, text, stage.shell_for(y), own_line=True)
    if not insert:
        return "the extracting RUN cannot take a command in front"
    return SPEC.fix(f"Download it with {tool} in the RUN that extracts it", *insert, *delete_instruction(add, comments_to=y))


def _tool_gone(model: Model, cmd: Command, xscript: Script, between) -> str | None:
    """Why the download's curl/wget may be gone by the extracting RUN (a removal of packages
    after it, in its RUN or a RUN between), or None."""
    later = [c for c in xscript.commands if c.start > cmd.start]
    for inst in between:
        view = model.run(inst).readable if inst.kind == "RUN" else None
        if inst.kind == "RUN" and view is None:
            return f"the RUN at line {inst.start_line} cannot be read: it may remove {cmd.program}"
        later += [c for _, c in view.commands()] if view is not None else []
    removal = next((c for c in later if removes_tool(c, cmd.program)), None)
    if removal is None:
        return None
    return f"`{' '.join(w.text for w in removal.words)}` after it may remove {cmd.program}"


def _isolated(inst: Instruction) -> bool:
    return any(f.name in ("network", "security") for f in inst.flags)


def _between_problem(between, xscript: Script | None, cmd: Command | None) -> str | None:
    """Why the download cannot move past the instructions between, or None."""
    names = set(_VAR.findall(" ".join(w.text for w in cmd.words))) | _TOOL_ENV if cmd is not None else set()
    if xscript is not None and names:
        assigned = set()
        for c in xscript.commands:
            if not c.argv:
                words = c.assignments  # `VAR=value` alone
            elif c.program in ("export", "readonly", "read", "declare", "typeset", "local", "for"):
                words = c.args
            else:
                continue
            assigned |= {w.text.split("=", 1)[0] for w in words}
        if names & assigned:
            return "the download uses a variable its RUN sets"
    for inst in between:
        if inst.kind in ("SHELL", "USER", "ONBUILD"):
            return f"a {inst.kind} instruction stands between"
        if names & _sets(inst):
            return f"the {inst.kind} at line {inst.start_line} changes a variable the download uses"
    return None


def _sets(inst: Instruction) -> set[str]:
    """The variables an ENV or ARG sets."""
    if inst.kind == "ENV":
        return set(inst.value[::2])
    return {w.split("=", 1)[0] for w in inst.value} if inst.kind == "ARG" else set()
