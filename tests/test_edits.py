"""The edit kit (dockslim/optimizer/edits): each layout case once, for every pass. Tables of
(input, expected) pairs and of inputs the kit refuses, each with why; the RUN edited is the
last one of the input, and the output must still parse with BuildKit's parser."""

from __future__ import annotations

import dockerfile as buildkit
import pytest

from dockslim.optimizer import edits
from dockslim.optimizer.findings import apply_edits
from dockslim.optimizer.model import build_model
from dockslim.optimizer.syntax import parse


def last_run(text: str):
    model = build_model(parse(text))
    inst = [i for i in model.instructions if i.kind == "RUN"][-1]
    run = model.run(inst)
    return run, run.readable.parts[0]


def applied(text: str, result) -> str:
    assert result, f"refused: {getattr(result, 'why', result)}"
    out = apply_edits(text, result)
    buildkit.parse_string(out)
    return out


PREPEND = [
    # a chain of `&&`: the command joins it
    ("FROM d\nRUN a && b\n", "FROM d\nRUN x && a && b\n"),
    # after a leading `set -e`, a statement of its own
    ("FROM d\nRUN set -eux; a; b\n", "FROM d\nRUN set -eux; x; a; b\n"),
    # ... on a line of its own when the next statement has one
    ("FROM d\nRUN set -e; \\\n    a; b\n", "FROM d\nRUN set -e; \\\n    x; \\\n    a; b\n"),
    # a `;` list: grouped, so that `x` failing fails the RUN and the list runs as before
    ("FROM d\nRUN a; echo done\n", "FROM d\nRUN x && { a; echo done; }\n"),
    ("FROM d\nRUN a || true\n", "FROM d\nRUN x && { a || true; }\n"),
    # the user's own trailing `;` closes the group
    ("FROM d\nRUN a; b;\n", "FROM d\nRUN x && { a; b; }\n"),
    # `-e` from SHELL: `;` keeps failing the RUN, no group needed; a chain of `&&` stays one
    ('FROM d\nSHELL ["/bin/bash", "-e", "-c"]\nRUN a && b\n', 'FROM d\nSHELL ["/bin/bash", "-e", "-c"]\nRUN x && a && b\n'),
    ('FROM d\nSHELL ["/bin/bash", "-e", "-c"]\nRUN a; b\n', 'FROM d\nSHELL ["/bin/bash", "-e", "-c"]\nRUN x; a; b\n'),
    # a heredoc body after `set -e`: a new line
    ("FROM d\nRUN <<EOF\nset -e\na\nEOF\n", "FROM d\nRUN <<EOF\nset -e\nx\na\nEOF\n"),
]


@pytest.mark.parametrize("text, expected", PREPEND)
def test_prepend(text, expected):
    run, part = last_run(text)
    assert applied(text, edits.prepend(part, "x", run.shell)) == expected


def test_prepend_own_line_breaks_a_multiline_run():
    text = "FROM d\nRUN a && \\\n    b\n"
    run, part = last_run(text)
    assert applied(text, edits.prepend(part, "x", run.shell, own_line=True)) == "FROM d\nRUN x && \\\n    a && \\\n    b\n"


def test_prepend_a_command_that_cannot_fail_needs_no_group():
    text = "FROM d\nRUN a; b\n"
    run, part = last_run(text)
    assert applied(text, edits.prepend(part, "rm -f y", run.shell, can_fail=False)) == "FROM d\nRUN rm -f y; a; b\n"


APPEND = [
    ("FROM d\nRUN a && b\n", "FROM d\nRUN a && b && x\n"),
    # `;` only where `set -e` makes it exact
    ("FROM d\nRUN set -e; a; b\n", "FROM d\nRUN set -e; a; b; x\n"),
    ("FROM d\nRUN a; b\n", "FROM d\nRUN a; b && x\n"),
    # the user's layout: trailing operators, continuation indentation
    ("FROM d\nRUN a && \\\n    b\n", "FROM d\nRUN a && \\\n    b && \\\n    x\n"),
    # leading operators
    ("FROM d\nRUN a \\\n    && b\n", "FROM d\nRUN a \\\n    && b \\\n    && x\n"),
]


@pytest.mark.parametrize("text, expected", APPEND)
def test_append(text, expected):
    run, part = last_run(text)
    assert applied(text, edits.append(part, ["x"], run.shell)) == expected


REFUSED = [
    # nothing runs after a background job or `exec`: append has nowhere to go
    ("append", "FROM d\nRUN a &\n"),
    ("append", "FROM d\nRUN a && exec b\n"),
    # `x && a & b` would send x to the background
    ("prepend", "FROM d\nRUN a & b\n"),
]


@pytest.mark.parametrize("kind, text", REFUSED)
def test_refusals_say_why(kind, text):
    run, part = last_run(text)
    result = edits.append(part, ["x"], run.shell) if kind == "append" else edits.prepend(part, "x", run.shell)
    assert not result and result.why


REMOVE = [
    ("FROM d\nRUN a && b && c\n", 1, "FROM d\nRUN a && c\n"),
    ("FROM d\nRUN a && b\n", 0, "FROM d\nRUN b\n"),
    # `a; b && c` without b: the `;` that lets a's failure pass stays
    ("FROM d\nRUN a; b && c\n", 1, "FROM d\nRUN a; c\n"),
    # a comment line inside the continuation stays where it is
    ("FROM d\nRUN a && \\\n# why\n    b && \\\n    c\n", 1, "FROM d\nRUN a && \\\n# why\n    c\n"),
]


@pytest.mark.parametrize("text, k, expected", REMOVE)
def test_remove_statement(text, k, expected):
    _, part = last_run(text)
    assert applied(text, edits.remove_statement(part, part.script.commands[k])) == expected


def test_remove_statement_refuses_a_command_inside_a_construct():
    text = "FROM d\nRUN if a; then b; fi\n"
    _, part = last_run(text)
    cmd = next(c for c in part.script.commands if c.program == "b")
    assert not edits.remove_statement(part, cmd)


def test_insert_before_refuses_after_an_or():
    """`a || x && b` would regroup the list."""
    text = "FROM d\nRUN a || b\n"
    _, part = last_run(text)
    result = edits.insert_before(part, part.script.commands[1], "x")
    assert not result and "regroup" in result.why
    assert applied(text, edits.insert_before(part, part.script.commands[0], "x")) == "FROM d\nRUN x && a || b\n"


def test_add_mount_follows_the_layout():
    one = "FROM d\nRUN a\n"
    assert applied(one, edits.add_cache_mount(last_run(one)[0].inst, "/c")) == "FROM d\nRUN --mount=type=cache,target=/c a\n"
    many = "FROM d\nRUN a && \\\n    b\n"
    assert applied(many, edits.add_cache_mount(last_run(many)[0].inst, "/c")) == \
        "FROM d\nRUN --mount=type=cache,target=/c \\\n    a && \\\n    b\n"


def test_delete_instruction_moves_its_comments():
    text = "FROM d\n# fetch\nRUN a\nCOPY . /\nRUN b\n"
    model = build_model(parse(text))
    first, second = [i for i in model.instructions if i.kind == "RUN"]
    out = applied(text, edits.delete_instruction(first, comments_to=second))
    assert out == "FROM d\nCOPY . /\n# fetch\nRUN b\n"
    assert applied(text, edits.delete_instruction(first, keep_leading=True)) == "FROM d\n# fetch\nCOPY . /\nRUN b\n"


DELETE_BETWEEN_BLANK_LINES = [
    # (input, output once its first RUN is deleted with its leading block kept)
    ("FROM d\n\nRUN a\n\nRUN b\n", "FROM d\n\nRUN b\n"),  # one of the two separations goes
    ("FROM d\n\nRUN a\n", "FROM d\n"),  # the end of the file separates too
    ("FROM d\r\n\r\nRUN a\r\n\r\nRUN b\r\n", "FROM d\r\n\r\nRUN b\r\n"),
    ("FROM d\n\n# tools\nRUN a\n\nRUN b\n", "FROM d\n\n# tools\n\nRUN b\n"),  # the comment keeps its spacing
    ("FROM d\n\nRUN a\nRUN b\n", "FROM d\n\nRUN b\n"),  # no blank line below: nothing more goes
    ("FROM d\nRUN a\n\nRUN b\n", "FROM d\n\nRUN b\n"),  # none above
]


@pytest.mark.parametrize(("text", "expected"), DELETE_BETWEEN_BLANK_LINES)
def test_deleting_an_instruction_leaves_no_double_blank_line(text, expected):
    first = next(i for i in build_model(parse(text)).instructions if i.kind == "RUN")
    assert applied(text, edits.delete_instruction(first, keep_leading=True)) == expected


def test_deleting_with_the_leading_block_leaves_no_double_blank_line():
    text = "FROM d\n\n# fetch\nRUN a\n\nRUN b\n"
    first = next(i for i in build_model(parse(text)).instructions if i.kind == "RUN")
    assert applied(text, edits.delete_instruction(first)) == "FROM d\n\nRUN b\n"
