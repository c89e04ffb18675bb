"""Edits of whole instructions: flags and mounts added, instructions deleted with their
comments moved along, RUNs merged into one."""


from typing import NamedTuple

from ..findings import Edit
from ..shell import Command
from ..shellview import ShellPart
from ..syntax import Instruction
from .result import Edits
from .statements import close_group


def add_flag(part: ShellPart, word, text: str) -> Edits:
    """Insert `text` (with its leading space) right after a word of the script, e.g. a flag
    after `install`."""
    return (Edit.insert(part.src_end(word.end), text),)


def replace_word(part: ShellPart, word, text: str) -> Edits:
    """Put `text` in place of a word of the script (`--update-cache` -> `--no-cache`)."""
    return (Edit(part.src(word.start), part.src_end(word.end), text),)


def add_operands(part: ShellPart, cmd: Command, names: list[str]) -> Edits:
    """Insert words (packages) after the last operand of a command, one per line when the
    list already is."""
    inst = part.instruction
    ops = cmd.operands()
    last = ops[-1]
    src = inst.source
    at = part.src_end(last.end)
    start = part.src(last.start)
    line_start = src.rfind("\n", 0, start) + 1
    indent = src[line_start:start]
    own_line = len(ops) > 1 and not indent.strip() and part.src(ops[-2].start) < line_start
    if not own_line:
        return (Edit.insert(at, "".join(" " + n for n in names)),)
    esc = "\\" if part.is_heredoc else inst.escape
    nl = "\r\n" if src[line_start - 2 : line_start] == "\r\n" else "\n"
    return (Edit.insert(at, "".join(f" {esc}{nl}{indent}{n}" for n in names)),)


def add_mount(inst: Instruction, mounts: list[str]) -> Edits:
    """Insert `--mount=...` flags after the RUN's flags: on lines of their own when the RUN
    already spans several lines (indented like its second line), else on its line."""
    at = inst.rest_span[0]
    head_end = inst.heredocs[0].body_start if inst.heredocs else inst.end
    lines = inst.source[inst.start : head_end].splitlines()[1:]
    body = [ln for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    if not body:
        return (Edit.insert(at, " ".join(mounts) + " "),)
    indent = body[0][: len(body[0]) - len(body[0].lstrip())]
    newline = inst.line_ending or "\n"
    return (Edit.insert(at, "".join(f"{m} {inst.escape}{newline}{indent}" for m in mounts)),)


def add_cache_mount(inst: Instruction, target: str) -> Edits:
    """A BuildKit cache mount on `target` (see add_mount)."""
    return add_mount(inst, [f"--mount=type=cache,target={target}"])


def comment_lines(leading: str) -> list[str]:
    """The comment lines of an instruction's leading block, as written (indentation kept),
    without their line endings."""
    return [ln for ln in leading.splitlines() if ln.lstrip().startswith("#")]


def comments_of(inst: Instruction) -> list[str]:
    """Every Dockerfile comment line an instruction owns, as written: its leading block and
    the comment lines inside its continuation lines (heredoc bodies are not comments)."""
    head_end = inst.heredocs[0].body_start if inst.heredocs else inst.end
    inner = inst.source[inst.start : head_end].splitlines()[1:]
    return comment_lines(inst.leading) + [ln for ln in inner if ln.lstrip().startswith("#")]


def move_comments_above(target: Instruction, comments: list[str]) -> Edits:
    """Insert comment lines, unchanged, as the last lines of the target instruction's comment
    block (nothing when there are none)."""
    if not comments:
        return ()
    nl = target.line_ending or "\n"
    return (Edit.insert(target.start, "".join(f"{c}{nl}" for c in comments)),)


def delete_instruction(inst: Instruction, comments_to: Instruction | None = None, *, keep_leading: bool = False) -> Edits:
    """Remove an instruction with its leading block (`keep_leading`: the comment and blank
    lines above it stay where they are); with `comments_to`, its comment lines (see
    comments_of) move above that instruction."""
    edits = (delete_lines(inst, inst.start if keep_leading else inst.leading_start),)
    if comments_to is not None:
        edits += move_comments_above(comments_to, comments_of(inst))
    return edits


def delete_lines(inst: Instruction, start: int) -> Edit:
    """Delete an instruction from `start` (its start, or a line of its leading block) to its
    end. When blank lines stand both right above `start` and right below it (or the file ends
    there), those above go too: the two separations around it become one, not a double gap."""
    after = inst.source[inst.end :]
    if after and after.split("\n", 1)[0].strip():
        return Edit.delete(start, inst.end)
    above = inst.source[inst.leading_start : start].splitlines(keepends=True)
    for line in reversed(above):
        if line.strip() or not line.endswith("\n"):
            break
        start -= len(line)
    return Edit.delete(start, inst.end)


class Join(NamedTuple):
    """How a RUN joins the RUN above it in a merge: the operator, whether its script is grouped
    `{ ...; }`, and the script offset in the RUN above where a subshell `( ... )` opens."""

    op: str
    brace: bool
    subshell: int | None = None


def merge_runs(parts: list[ShellPart], joins: list[Join], *, leading: bool, indent: str) -> Edits:
    """Merge RUNs into the first: one edit per junction (from the end of a RUN's last command
    to the next RUN's first command, keeping the comment lines there) and the openings of
    subshells, written with leading (`\\` newline `&& next`) or trailing operators and
    `indent`. The whole group at once, so groups never nest."""
    edits = []
    for i, (pa, b, join) in enumerate(zip(parts, [p.instruction for p in parts[1:]], joins)):
        a = pa.instruction
        nl, esc = a.line_ending or "\n", a.escape
        comments = "".join(_junction_comments(b))
        if leading and join.op == "&&":
            text = f" {esc}{nl}{comments}{indent}{join.op} "
        else:
            text = f"{' ' if join.op == '&&' else ''}{join.op} {esc}{nl}{comments}{indent}"
        close = (" )" if join.subshell is not None else "") + ("; }" if i > 0 and joins[i - 1].brace else "")
        edits.append(Edit(pa.src_end(pa.script.end_of_last_command), b.rest_span[0], close + text + ("{ " if join.brace else "")))
        if join.subshell is not None:
            edits.append(Edit.insert(pa.src(join.subshell), "( "))
    last = parts[-1]
    if joins[-1].brace:
        edits.append(close_group(last))
    else:  # claims the end of the group, so no other fix joins it this round
        edits.append(Edit.insert(last.src_end(last.script.end_of_last_command), ""))
    return tuple(edits)


def _junction_comments(b: Instruction) -> list[str]:
    """The comment lines between a later RUN's `RUN [flags] \\` and its first command, which
    stay inside the merged RUN byte for byte with their line endings (BuildKit skips a comment
    line at any indentation there). Blank lines are dropped (an empty continuation line draws
    a BuildKit warning)."""
    lines = b.source[b.leading_start : b.rest_span[0]].splitlines(keepends=True)
    return [ln for ln in lines if ln.lstrip().startswith("#") and ln.endswith("\n")]
