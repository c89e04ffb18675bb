"""What the build-only package passes (DS111 apk, DS120 apt) share: whether a stage builds or
compiles later, the package operands of an install, and edits that run commands after the
build but before the script's final cleanup, copying the joints the user wrote."""

from __future__ import annotations

import re

from ..optimizer.edits import Edits, Refusal, append
from ..optimizer.findings import Edit
from ..optimizer.model import Model, Stage
from ..optimizer.packages import ALPINE, DEBIAN, TOOLCHAIN_PROGRAMS, is_build_step, is_cleanup
from ..optimizer.rules import Options
from ..optimizer.scriptfacts import follow_operators
from ..optimizer.shell import Command
from ..optimizer.shellview import ShellPart
from ..optimizer.style import chain_style
from ..optimizer.syntax import Instruction
from ._common import later_runs, later_uses, lineage
from ._start_scripts import run_time_commands


def builds_later(model: Model, stage: Stage, inst: Instruction) -> bool:
    """True when a later RUN of the stage, or a RUN of a stage built FROM it, may build."""
    return later_uses(model, stage, inst, is_build_step, unreadable=True)


def used_at_run_time(model: Model, stage: Stage, options: Options) -> bool:
    """True when a start command of the stage (or of a stage built FROM it), or a start script
    the build context holds, runs a compiler or make, or an ONBUILD leaves work for images
    built FROM this one."""
    for st in lineage(stage) + list(model.children(stage)):
        for inst in st.body:
            if inst.kind == "ONBUILD":
                return True
            if inst.kind in ("CMD", "ENTRYPOINT", "HEALTHCHECK"):
                words = re.split(r"[\s;&|()'\"]+", " ".join(inst.value))
                if any(w.rsplit("/", 1)[-1] in TOOLCHAIN_PROGRAMS for w in words):
                    return True
    return any(_runs(cmd) & TOOLCHAIN_PROGRAMS for cmd in run_time_commands(model, stage, options))


BINUTILS = frozenset({"ld", "as", "ar", "nm", "strip", "objdump", "objcopy", "readelf", "ranlib"})
# Packages the toolchain depends on, which `autoremove` (`apk del` of the virtual package)
# takes away with it, with the packages that bring them and the programs they hold. Debian:
# build-essential -> dpkg-dev -> xz-utils, bzip2, patch, perl, binutils; gcc -> binutils;
# autoconf -> perl, m4; libtool -> file; cmake -> procps (Debian's own images have none of
# them). Alpine: build-base -> binutils, file, patch; gcc -> binutils; autoconf -> perl, m4;
# libtool -> bash (busybox has xz and bzip2).
TOOLCHAIN_DEPENDS: dict[str, dict[str, tuple[frozenset[str], frozenset[str]]]] = {
    DEBIAN: {
        "xz-utils": (frozenset({"build-essential", "dpkg-dev"}), frozenset({"xz", "unxz", "xzcat", "lzma", "unlzma"})),
        "bzip2": (frozenset({"build-essential", "dpkg-dev"}), frozenset({"bzip2", "bunzip2", "bzcat"})),
        "patch": (frozenset({"build-essential", "dpkg-dev"}), frozenset({"patch"})),
        "perl": (frozenset({"build-essential", "dpkg-dev", "autoconf", "automake"}), frozenset({"perl", "cpan"})),
        "binutils": (frozenset({"build-essential", "dpkg-dev", "gcc", "g++", "gfortran", "clang", "rustc", "cargo"}),
                     BINUTILS),
        "m4": (frozenset({"autoconf", "automake"}), frozenset({"m4"})),
        "file": (frozenset({"libtool"}), frozenset({"file"})),
        "procps": (frozenset({"cmake"}), frozenset({"ps", "pgrep", "pkill", "top", "free", "watch", "pidof"})),
    },
    ALPINE: {
        "binutils": (frozenset({"build-base", "gcc", "g++"}), BINUTILS),
        "file": (frozenset({"build-base"}), frozenset({"file"})),
        "patch": (frozenset({"build-base"}), frozenset({"patch"})),
        "perl": (frozenset({"autoconf", "automake"}), frozenset({"perl", "cpan"})),
        "m4": (frozenset({"autoconf", "automake"}), frozenset({"m4"})),
        "bash": (frozenset({"libtool"}), frozenset({"bash"})),
    },
}
UNVERSIONED = re.compile(r"^(gcc|g\+\+|gfortran|clang)-\d+$")
TAR_XZ = re.compile(r"-[a-zA-Z]*J|--xz\b|\.t?xz$")
TAR_BZIP2 = re.compile(r"-[a-zA-Z]*j|--bzip2\b|\.(tbz2?|bz2)$")


def _runs(cmd: Command) -> set[str]:
    """The programs a command runs: itself, and the decompressor of a `tar -xJf x.tar.xz`."""
    out = {cmd.program.rsplit("/", 1)[-1]} if cmd.program else set()
    if cmd.program == "tar":
        words = [w.value or "" for w in cmd.args]
        if words and not words[0].startswith("-"):
            words[0] = "-" + words[0]  # `tar xJf`: the old style's first word is options
        out |= {"xz"} if any(TAR_XZ.search(w) for w in words) else set()
        out |= {"bzip2"} if any(TAR_BZIP2.search(w) for w in words) else set()
    return out


def later_programs(model: Model, stage: Stage, inst: Instruction, options: Options) -> set[str]:
    """The programs later RUNs of the stage (and of stages built FROM it) run, the words of
    the start commands and SHELLs (any word may name the program: `CMD ["perl", "app.pl"]`,
    `sh -c ...`), and the programs of the start scripts the build context holds."""
    out: set[str] = set()
    for run in later_runs(model, stage, inst):
        view = model.run(run).view
        for _, cmd in view.commands() if view is not None else ():
            out |= _runs(cmd)
    for st in lineage(stage) + list(model.children(stage)):
        for other in st.body:
            if other.kind in ("CMD", "ENTRYPOINT", "HEALTHCHECK", "SHELL"):
                out |= {w.rsplit("/", 1)[-1] for w in re.split(r"[\s;&|()'\"]+", " ".join(other.value))}
    for cmd in run_time_commands(model, stage, options):
        out |= _runs(cmd)
    return out


def kept_dependencies(family: str, build: list[str], programs: set[str]) -> list[str]:
    """The packages the build-only packages brought that hold a program of `programs`: named in
    the install, they stay when the build-only packages go."""
    build = {UNVERSIONED.sub(r"\1", b) for b in build}  # gcc-12 brings what gcc brings
    return [package for package, (brought_by, holds) in TOOLCHAIN_DEPENDS[family].items()
            if brought_by & build and holds & programs]


def earlier_runs(stage: Stage, inst: Instruction) -> list[Instruction]:
    """RUNs before `inst` in its stage and in the stages it is built FROM."""
    out = []
    for st in lineage(stage):
        out.extend(r for r in st.runs() if st is not stage or r.index < inst.index)
    return out


def literal_packages(cmd: Command) -> list | None:
    """The package operands of an install, or None when one is not a plain package name."""
    words = list(cmd.operands())
    for w in words:
        value = w.value
        if value is None or "/" in value or value.endswith((".apk", ".deb")) or not re.match(r"[A-Za-z0-9]", value):
            return None
    return words


# --------------------------------------------------------------------------- joints


def _clean_joint(text: str) -> str | None:
    """The joint without comment lines or blank lines; None when a comment stays in it."""
    lines = text.splitlines(keepends=True)
    out = "".join(
        ln for i, ln in enumerate(lines)
        if i == 0 or not (ln.lstrip().startswith("#") or (not ln.strip() and ln.endswith("\n")))
    )
    return None if "#" in out else out


def _op_after(part: ShellPart, cmd: Command):
    for op in part.script.operators:
        if op.depth == 0 and op.start >= cmd.end:
            return op if not part.script.text[cmd.end : op.start].strip() else None
    return None


def joint_after(inst: Instruction, part: ShellPart, cmd: Command) -> str | None:
    """The source text joining a top-level command to the statement after it (` && \\<nl>    `)."""
    op = _op_after(part, cmd)
    if op is None or op.kind not in ("&&", ";", "\n"):
        return None
    text = part.script.text
    nxt = op.end + len(text[op.end :]) - len(text[op.end :].lstrip())
    if nxt >= len(text):
        return None
    return _clean_joint(inst.source[part.src_end(cmd.end) : part.src(nxt)])


def joint_before(inst: Instruction, part: ShellPart, cmd: Command) -> str | None:
    """The source text joining a top-level command to the statement before it."""
    ops = [o for o in part.script.operators if o.depth == 0 and o.end <= cmd.start]
    if not ops or ops[-1].kind not in ("&&", ";", "\n"):
        return None
    op = ops[-1]
    text = part.script.text
    if text[op.end : cmd.start].strip():
        return None
    prev_end = len(text[: op.start].rstrip())
    return _clean_joint(inst.source[part.src_end(prev_end) : part.src(cmd.start)])


def default_joint(inst: Instruction, part: ShellPart) -> str:
    """A joint in the script's style when it has none to copy."""
    if part.is_heredoc:
        return "\n"
    for cmd in part.script.top_level:
        if cmd.context == ():
            found = joint_after(inst, part, cmd)
            if found is not None:
                return found
    return chain_style(inst, part).join([""])


def and_joint(inst: Instruction, part: ShellPart, joint: str) -> str:
    """`joint` when it joins with `&&`, else an `&&` joint in the script's style."""
    if "&&" in joint:
        return joint
    return chain_style(inst, part)._replace(separator="&&").join([""])


def cleanup_tail(part: ShellPart) -> Command | None:
    """The first of the cleanup commands (`rm -rf ...`, `apt-get clean`) that end the script."""
    script = part.script
    first = None
    for cmd in reversed(script.top_level):
        if cmd.context != () or not is_cleanup(cmd):
            break
        first = cmd
    if first is None or script.end_of_last_command > script.top_level[-1].full_end:
        return None
    tail = [c for c in script.top_level if c.start >= first.start]
    if any(c.start > first.start and c not in tail for c in script.commands):
        return None  # a compound statement among them
    return first


def run_after_build(
    stage: Stage, inst: Instruction, part: ShellPart, commands: list[str], joint: str | None = None
) -> Edits | Refusal:
    """Edits that run `commands` after everything in the script except its final cleanup
    (joined to the cleanup as the user joined it), else after the script's end: with `joint`
    when given (an `&&` joint copied from another RUN), else edits.append."""
    script = part.script
    if not script.ok or not script.top_level:
        return Refusal("the script cannot be read")
    first = cleanup_tail(part)
    if first is not None and first is not script.top_level[0]:
        sep = joint_before(inst, part, first)
        if sep is not None:
            return (Edit.insert(part.src(first.start), "".join(c + sep for c in commands)),)
    shell = stage.shell_for(inst)
    if joint is None:
        return append(part, commands, shell)
    if "&&" not in follow_operators(script, part.runner if part.is_heredoc else shell):
        return Refusal("a command joined with `&&` cannot follow the end of the script")
    return (Edit.insert(part.src_end(script.end_of_last_command), "".join(joint + c for c in commands)),)
