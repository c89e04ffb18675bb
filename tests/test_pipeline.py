"""The pipeline's guarantees, shown with small passes written for these tests: fixes that
fail a gate are dropped and reported, fixes that never settle are not kept, fixes that
touch the same text are applied one after the other."""

from __future__ import annotations

import os

import pytest

import dockslim
from dockslim.optimizer.findings import Applicability, Edit, Finding, Fix
from dockslim.optimizer.rules import Pass, PassSpec, Phase

SOURCE = "FROM debian:bookworm-slim\nRUN echo one\nRUN echo two\n"


def make_pass(code: str, edit_for, applicability=Applicability.SAFE, phase=Phase.COMMAND) -> Pass:
    """A pass that proposes `edit_for(inst)` on every RUN (None: nothing)."""

    def check(model, options):
        for inst in model.instructions:
            if inst.kind == "RUN":
                edit = edit_for(inst)
                if edit is not None:
                    yield Finding(code, "test finding", inst.start, inst.end,
                                  Fix(f"{code} fix", applicability, (edit,)))

    spec = PassSpec(code=code, name=code.lower(), phase=phase, summary="test", applicability=applicability)
    return Pass(spec=spec, doc="", check=check)


def once(marker: str):
    """Append `marker` to a RUN that does not have it yet."""
    return lambda inst: None if marker in inst.text else Edit.insert(inst.rest_span[1], marker)


def test_fix_that_breaks_buildkit_parsing_is_dropped_and_reported():
    unterminated = make_pass("DS901", once(" <<EOF"))
    result = dockslim.fix(SOURCE, passes=(unterminated,))
    assert result.text == SOURCE
    assert result.dropped and "BuildKit" in result.dropped[0].reason


def test_fix_that_breaks_shell_syntax_is_dropped_and_good_ones_kept():
    broken = make_pass("DS902", lambda i: Edit.insert(i.rest_span[1], " && (") if "one" in i.text and "(" not in i.text else None)
    good = make_pass("DS903", once(" ok"))
    result = dockslim.fix(SOURCE, passes=(broken, good))
    assert "bash -n" in result.dropped[0].reason and result.dropped[0].finding.code == "DS902"
    assert result.text == "FROM debian:bookworm-slim\nRUN echo one ok\nRUN echo two ok\n"
    assert dockslim.fix(result.text, passes=(broken, good)).text == result.text


def test_fix_that_never_settles_is_not_kept():
    forever = make_pass("DS904", lambda i: Edit.insert(i.rest_span[1], " x"))
    result = dockslim.fix(SOURCE, passes=(forever,))
    assert result.text == SOURCE and not result.applied
    assert [(d.finding.code, d.reason) for d in result.dropped] == [
        ("DS904", "the fixes of DS904 never settle (each run undoes or redoes them): left out")
    ]


def without(marker: str):
    """Take `marker` out of a RUN that has it: undoes once(marker)."""
    def edit(inst):
        at = inst.text.find(marker)
        return None if at < 0 else Edit(inst.start + at, inst.start + at + len(marker), "")
    return edit


def test_fixes_that_undo_each_other_are_left_out_in_one_line_and_the_others_kept():
    adds, takes = make_pass("DS908", once(" a")), make_pass("DS909", without(" a"))
    good = make_pass("DS903", once(" ok"))
    result = dockslim.fix(SOURCE, passes=(adds, takes, good))
    assert result.text == "FROM debian:bookworm-slim\nRUN echo one ok\nRUN echo two ok\n"
    assert {f.code for f in result.applied} == {"DS903"}
    assert len(result.dropped) == 1 and result.dropped[0].reason == (
        "the fixes of DS908, DS909 never settle (each run undoes or redoes them): left out; the other fixes are applied"
    )
    assert {f.code for f in result.remaining} == {"DS908"}  # still reported on the result


def test_unsafe_fixes_only_on_request():
    risky = make_pass("DS905", once(" --risky"), applicability=Applicability.UNSAFE)
    assert dockslim.fix(SOURCE, passes=(risky,)).text == SOURCE
    assert dockslim.fix(SOURCE, passes=(risky,), unsafe_fixes=True).text.count("--risky") == 2


def test_overlapping_fixes_are_applied_in_turn():
    a = make_pass("DS906", once(" a"))
    b = make_pass("DS907", once(" b"))
    result = dockslim.fix(SOURCE, passes=(a, b))
    for line in result.text.splitlines()[1:]:
        assert line.endswith((" a b", " b a"))
    assert not result.dropped


def test_phases_run_in_order():
    seen = []

    def recorder(phase):
        def edit(inst):
            seen.append(phase)
            return None
        return edit

    passes = tuple(make_pass(f"DS91{n}", recorder(ph), phase=ph) for n, ph in enumerate(reversed(list(Phase))))
    dockslim.fix(SOURCE, passes=passes)
    del seen[: 2 * len(passes)]  # the first look at the input runs every pass once
    order = [p for i, p in enumerate(seen) if i == 0 or seen[i - 1] != p]
    assert order == sorted(order)


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian\n# dockslim: ignore=DS130\nRUN pip install flask\n",
        "FROM debian\n# dockslim: ignore\nRUN pip install flask\n",
        "FROM debian\n# hadolint ignore=DL3042,DL3013\nRUN pip install flask\n",
    ],
)
def test_pragmas_silence_a_pass_for_one_instruction(text):
    assert not [f for f in dockslim.check(text) if f.code == "DS130"]
    assert dockslim.fix(text).text == text


@pytest.mark.parametrize(
    "pragma",
    [
        "# hadolint global ignore=DL3042",  # hadolint's spelling, its rule code
        "# dockslim: global ignore=DS130,DS201",
        "# HADOLINT GLOBAL IGNORE=DL3059, DL3042",
    ],
)
def test_a_global_pragma_silences_a_pass_in_the_whole_file(pragma):
    text = f"{pragma}\nFROM debian\nRUN pip install flask\n\nFROM debian\nRUN pip install django\n"
    assert not [f for f in dockslim.check(text) if f.code == "DS130"]
    assert dockslim.fix(text).text == text


@pytest.mark.parametrize(
    "pragma",
    [
        "# hadolint ignore=DL3042",  # not global: only the instruction right below
        "# hadolint global ignore=DL3008",  # another rule
        "RUN echo '# hadolint global ignore=DL3042'",  # not a comment line
    ],
)
def test_a_global_pragma_is_a_comment_naming_the_rule(pragma):
    text = f"FROM debian\n{pragma}\nRUN true\nRUN pip install flask\n"
    assert [f.code for f in dockslim.check(text, select=["DS130"])] == ["DS130"]


def test_pragma_only_counts_right_above():
    text = "FROM debian\n# dockslim: ignore=DS130\n\nRUN pip install flask\n"
    assert [f.code for f in dockslim.check(text, select=["DS130"])] == ["DS130"]


def test_input_errors_are_one_line():
    for bad, reason in [
        ("FROM debian\nRUN <<EOF\nnever closed\n", "unterminated heredoc"),
        ("RUN echo before from\n", "before the first FROM"),
        ("FROM debian\nRUN [1, 2]\n", "only strings"),
    ]:
        with pytest.raises(dockslim.InputError) as err:
            dockslim.check(bad)
        assert reason in str(err.value) and "\n" not in str(err.value)


def test_a_failing_pass_is_reported_and_the_others_still_run():
    def explode(model, options):
        raise RuntimeError("boom")
        yield  # pragma: no cover

    broken = Pass(spec=PassSpec(code="DS908", name="explodes", phase=Phase.COMMAND, summary="t",
                                applicability=Applicability.SAFE), doc="", check=explode)
    good = make_pass("DS909", once(" ok"))
    found = dockslim.check(SOURCE, passes=(broken, good))
    assert [f.code for f in found if f.code == "DS000"] == ["DS000"]
    assert "internal error in DS908 (RuntimeError: boom)" in found[0].message
    assert dockslim.fix(SOURCE, passes=(broken, good)).text.count(" ok") == 2


def test_crlf_heredoc_is_checked_as_shell_not_as_carriage_returns():
    text = "FROM debian:bookworm\r\nRUN <<EOF\r\nif true; then\r\n  apt-get update\r\nfi\r\napt-get install -y curl\r\nEOF\r\n"
    result = dockslim.fix(text, select=["DS102"], unsafe_fixes=True)
    assert not result.dropped
    assert "apt-get install -y curl && rm -rf /var/lib/apt/lists/*\r\nEOF\r\n" in result.text


def test_size_passes_edit_only_stages_that_reach_the_image():
    # the builder is only copied from: a size pass's fix there saves no byte; a STAGES pass
    # (and a pass declared not stage-bound) still works on it
    text = "FROM debian AS builder\nRUN echo build\nFROM debian\nCOPY --from=builder /a /a\nRUN echo final\n"
    size = make_pass("DS914", once(" # size"))
    stages = make_pass("DS915", once(" # split"), phase=Phase.STAGES)
    assert (size.spec.bound_to_shipped_stages, stages.spec.bound_to_shipped_stages) == (True, False)
    assert dockslim.fix(text, passes=(size,)).text == text.replace("echo final", "echo final # size")
    assert dockslim.fix(text, passes=(stages,)).text.count("# split") == 2
    assert [f.begin_pos.line for f in dockslim.check(text, passes=(size,))] == [5]


def test_the_shell_gate_reads_bash_on_scripts_larger_than_a_pipe():
    """bash stops reading at the first error; the rest of a long script must not hang the gate
    nor leave a descriptor open."""
    from dockslim.optimizer.gates import _bash_n

    open_before = len(os.listdir("/proc/self/fd"))
    long_tail = "echo fine\n" * 100_000  # ~1 MB, far beyond a pipe's buffer
    assert _bash_n(long_tail) is None
    assert "syntax error" in _bash_n("fi\n" + long_tail)
    assert len(os.listdir("/proc/self/fd")) == open_before


@pytest.mark.parametrize("diff", [True, False])
def test_fix_exits_1_when_a_fix_was_left_out(tmp_path, monkeypatch, capsys, diff):
    """A fix the pipeline left out leaves its finding: `fix` (and `fix --diff`) exit 1 and
    say why, even when nothing else changed."""
    from dockslim import cli

    real, forever = dockslim.fix, make_pass("DS904", lambda i: Edit.insert(i.rest_span[1], " x"))
    monkeypatch.setattr(dockslim, "fix", lambda text, **kw: real(text, passes=(forever,)))
    path = tmp_path / "Dockerfile"
    path.write_text(SOURCE)
    with pytest.raises(SystemExit) as leaving:
        cli.fix_command([str(path), *(["--diff"] if diff else [])])
    assert leaving.value.code == 1
    assert "dropped DS904 fix" in capsys.readouterr().err and path.read_text() == SOURCE
