"""The chown/chmod commands DS204 folds into a COPY's flags: the ones that change exactly what
the COPY brought, the one owner and mode they set, and the octal mode a symbolic chmod gives."""

from __future__ import annotations

import re

from ..optimizer.syntax import Instruction
from ._layers import absolute, under

OWNER = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]*)?|:[A-Za-z0-9_][A-Za-z0-9_.-]*")
MODE = re.compile(r"[0-7]{3,4}")
RECURSIVE = ("-R", "--recursive")
ACCOUNT_TOOLS = frozenset({"useradd", "adduser", "groupadd", "addgroup", "usermod", "groupmod"})
QUIET = ("-v", "-c", "--verbose", "--changes", "-f", "--silent", "--quiet")


def leading_changes(pipes, targets: tuple[str, ...], cwd: str, file_dest: bool,
                    holder: str | None = None) -> tuple[list[tuple], int]:
    """The chown/chmod pipelines the RUN starts with (a plain `set` among them skipped, and
    before them mode changes that a chown does not undo, `chmod +x /app/run.sh`, and commands
    that add users, which the caller checks), as
    (pipeline, command, option, value, recursive word, path, words naming the path when the
    command names other paths too), and how many pipelines they span. A recursive change of
    `holder`, the directory the destination is in, counts too (`COPY app.jar /opt/app/app.jar`
    then `chown -R app /opt/app`)."""
    changes: list[tuple] = []
    k = 0
    for p in pipes:
        if len(p.commands) == 1 and p.commands[0].program == "set" and not p.commands[0].context:
            k += 1
            continue
        parsed = change(p, targets, cwd, file_dest, holder)
        if parsed is None and not changes and (keeps_owner_change(p) or adds_accounts(p)):
            k += 1
            continue
        if parsed is None:
            break
        changes.append(parsed)
        k += 1
    return changes, k


def adds_accounts(p) -> bool:
    """A pipeline of one plain command that adds or changes users and groups (`useradd app`)."""
    return len(p.commands) == 1 and plain(p.commands[0]) and p.commands[0].program in ACCOUNT_TOOLS


def plain(cmd) -> bool:
    return not cmd.context and not cmd.redirects and not cmd.assignments


def keeps_owner_change(p) -> bool:
    """A plain `chmod` that sets no setuid/setgid bit (which a later chown would clear):
    done before or after the owner changes, it gives the same files."""
    if len(p.commands) != 1:
        return False
    cmd = p.commands[0]
    if not plain(cmd) or cmd.program != "chmod" or any(w.value is None for w in cmd.args):
        return False
    spec = next((w.value for w in cmd.args if not w.value.startswith("-")), None)
    if spec is None:
        return False
    if MODE.fullmatch(spec):
        return len(spec) == 3 or spec[0] in "01"  # no setuid/setgid digit
    return "s" not in spec


def one_value_each(changes) -> dict[str, str | None] | None:
    """The owner and mode the changes set; None when two of them differ."""
    option: dict[str, str | None] = {}
    for _, _, flag, value, *_ in changes:
        if option.get(flag, value) != value:
            return None
        option[flag] = value
    return option


def change(p, targets: tuple[str, ...], cwd: str, file_dest: bool, holder: str | None = None):
    """(pipeline, command, "chown"|"chmod", flag value or None, recursive word or None) when
    the pipeline is a plain chown/chmod of the destination (or of the one file copied into
    a destination directory, or a recursive one of the directory holding the destination)."""
    if len(p.commands) != 1:
        return None
    cmd = p.commands[0]
    if cmd.context or cmd.redirects or cmd.program not in ("chown", "chmod"):
        return None
    rec = None
    rest = []
    for w in cmd.args:
        if w.value is None:
            return None
        if w.value in RECURSIVE:
            rec = w
        elif w.value in QUIET:
            continue
        elif w.value.startswith("-") and not (cmd.program == "chmod" and re.fullmatch(r"-[rwxXst]+", w.value)):
            return None
        else:
            rest.append(w)
    named = [(w, absolute(w.value, cwd)) for w in rest[1:]]
    if rec is not None and holder is not None:
        targets += (holder,)
    paths = {path for _, path in named if path in targets}
    others = [path for _, path in named if path not in targets]
    if len(paths) != 1 or any(under(o, t) or under(t, o) for o in others for t in targets):
        return None  # a path inside the COPY's files, or holding them: not what the COPY brought
    path = paths.pop()
    words = tuple(w for w, p in named if p == path) if others else None
    if path != targets[0] or file_dest:
        rec = rec or "file"  # one copied file: recursion does not matter
    spec = rest[0].value
    if cmd.program == "chown":
        if not OWNER.fullmatch(spec):
            return None
        user, _, group = spec.partition(":")
        return p, cmd, "chown", f"{user or '0'}:{group or '0'}", rec, path, words
    return p, cmd, "chmod", spec, rec, path, words


def words_of(changes, program: str) -> str:
    return next(" ".join(w.text for w in c[1].words) for c in changes if c[2] == program)


# The mode a file has before the chmod: ADD gives a file fetched from a URL 0600 (BuildKit's
# Dockerfile reference); a file of the build context or of another stage keeps its own, which
# for what git checks out and compilers write is 0644 or 0755 (folders 0755). RUN's umask is
# 0022, so `chmod +x` on such a file gives 0755, on a fetched one 0711.
URL_MODE = 0o600
USUAL_MODES = ((0o644, False), (0o755, False))
UMASK = 0o022
_WHO = {"u": 0o700, "g": 0o070, "o": 0o007, "a": 0o777}
_PERM = {"r": 0o444, "w": 0o222, "x": 0o111}


def numeric_mode(spec: str, copy: Instruction, directory: bool) -> tuple[str | None, bool]:
    """The octal mode a symbolic `chmod` gives the copied files, and whether it rests on the
    usual source modes (`+x`) rather than on the spec alone (`u=rwx,go=rx`) or a URL's 0600;
    None when the files would not all end with one mode (`u+x` on 644 and 755 files, `+X`)."""
    fetched = copy.kind == "ADD" and all("://" in src for src in copy.value[:-1])
    starts = ((URL_MODE, False),) if fetched else USUAL_MODES + (((0o755, True),) if directory else ())
    modes = {apply_mode(spec, mode, is_dir) for mode, is_dir in starts}
    if len(modes) != 1 or None in modes:
        return None, False
    exact = fetched or len({apply_mode(spec, m, d) for m in range(0o1000) for d in {False, directory}}) == 1
    return format(modes.pop(), "03o"), not exact


def apply_mode(spec: str, mode: int, is_dir: bool) -> int | None:
    """`chmod SPEC` on a file of `mode` (clauses `[ugoa]*[+-=][rwxX]*`; None for others)."""
    for clause in spec.split(","):
        m = re.fullmatch(r"([ugoa]*)([-+=])([rwxX]*)", clause)
        if m is None:
            return None
        who, op, perms = m.groups()
        scope = 0
        for ch in who or "a":
            scope |= _WHO[ch]
        bits = 0
        for ch in perms:
            bits |= 0o111 if ch == "X" and (is_dir or mode & 0o111) else _PERM.get(ch, 0)
        bits &= scope & (0o777 if who else ~UMASK)
        mode = mode | bits if op == "+" else mode & ~bits if op == "-" else (mode & ~scope) | bits
    return mode
