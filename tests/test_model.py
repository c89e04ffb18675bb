"""The model over the tree: stages, base images with ARG defaults, SHELL, COPY --from."""

from __future__ import annotations

import pytest

import dockslim
from dockslim.optimizer.model import DEFAULT_SHELL, build_model, expand

MULTI = """\
ARG PY=3.11
ARG VARIANT
FROM python:${PY}-${VARIANT:-slim} AS builder
SHELL ["/bin/bash", "-eo", "pipefail", "-c"]
RUN pip wheel -w /wheels .

FROM builder AS tests
RUN pytest

FROM debian:bookworm-slim
COPY --from=builder /wheels /wheels
RUN --mount=type=bind,from=tests,source=/report,target=/r cat /r
SHELL ["/bin/sh", "-ec"]
CMD ["app"]
"""


def test_stages_bases_aliases_parents():
    model = build_model(dockslim.parse(MULTI))
    builder, tests, final = model.stages
    assert (builder.base, builder.alias, builder.parent) == ("python:3.11-slim", "builder", None)
    assert (builder.base_name, builder.base_tag) == ("python", "3.11-slim")
    assert tests.parent is builder and tests.alias == "tests"
    assert final.alias is None and final.name == "2" and model.final is final
    assert model.children(builder) == (tests,)
    assert model.global_args == {"PY": "3.11", "VARIANT": None}


def test_shell_per_stage_is_inherited_from_the_parent_stage():
    model = build_model(dockslim.parse(MULTI))
    builder, tests, final = model.stages
    run_builder, run_tests = builder.runs()[0], tests.runs()[0]
    assert builder.shell_for(run_builder) == ("/bin/bash", "-eo", "pipefail", "-c")
    assert tests.shell_for(run_tests) == ("/bin/bash", "-eo", "pipefail", "-c")
    assert final.shell_for(final.runs()[0]) == DEFAULT_SHELL
    cmd = final.body[-1]
    assert final.shell_for(cmd) == ("/bin/sh", "-ec")


def test_copied_from_counts_copy_and_mounts():
    model = build_model(dockslim.parse(MULTI))
    builder, tests, final = model.stages
    assert final.copies_from == ("builder", "tests")
    assert model.copied_from(builder) and model.copied_from(tests) and not model.copied_from(final)


def test_stage_of_and_instruction_lookup():
    tree = dockslim.parse(MULTI)
    model = build_model(tree)
    run = next(i for i in tree.instructions if i.kind == "RUN" and "pytest" in i.text)
    assert model.stage_of(run) is model.stages[1]
    assert model.stage_named("BUILDER") is model.stages[0]
    assert model.stage_named("2") is model.stages[2]


def test_expand_follows_the_shell_forms_buildkit_supports():
    env = {"A": "x", "E": ""}
    assert expand("$A-${A}-${B:-d}-${E:-d}-${E-d}-${A:+alt}-${B:+alt}", env) == "x-x-d-d--alt-"


WINDOWS = """\
# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
RUN C:\\TEMP\\vs_buildtools.exe --quiet --wait `
    || IF "%ERRORLEVEL%"=="3010" EXIT 0
RUN md C:\\build
"""


def test_windows_stages_run_cmd_and_are_left_alone():
    model = build_model(dockslim.parse(WINDOWS))
    (stage,) = model.stages
    run = stage.runs()[0]
    assert stage.shell_for(run) == ("cmd", "/S", "/C")
    assert model.run(run).view is None  # no bash reading of a cmd.exe script
    assert model.run(run).unreadable_because == "its SHELL cmd /S /C is not a POSIX shell"
    assert dockslim.fix(WINDOWS, unsafe_fixes=True).text == WINDOWS


def test_powershell_runs_have_no_shell_view():
    text = 'FROM python:3.11\nSHELL ["pwsh", "-Command"]\nRUN pip install flask\nRUN echo a\n'
    model = build_model(dockslim.parse(text))
    assert all(run.view is None and not run.posix for run in model.runs())
    assert dockslim.fix(text).text == text


@pytest.mark.parametrize(
    "shell, posix",
    [
        ('["/bin/bash", "-o", "pipefail", "-c"]', True),
        ('["/bin/ksh", "-c"]', True),
        ('["/bin/busybox", "sh", "-c"]', True),  # busybox's sh is ash
        # zsh's own mode does not split unquoted $VARs and fails a command whose glob matches
        # nothing: a bash reading, and commands added to the script, would mislead
        ('["/bin/zsh", "-c"]', False),
        ('["powershell", "-Command"]', False),
    ],
)
def test_one_posix_definition_decides_whether_a_run_has_a_shell_view(shell, posix):
    text = f"FROM debian:bookworm\nSHELL {shell}\nRUN apt-get update && apt-get install -y curl\n"
    run = next(build_model(dockslim.parse(text)).runs())
    assert run.posix is posix
    assert (run.view is not None) is posix
    assert (run.unreadable_because is None) is posix


def test_a_run_is_worked_out_once_and_knows_its_shell_flags_pragmas_and_mounts():
    model = build_model(dockslim.parse(MULTI))
    builder, _tests, final = model.stages
    run = model.run(builder.runs()[0])
    assert model.run(builder.runs()[0]) is run and builder.run(builder.runs()[0]) is run
    assert (run.stage, run.shell, run.errexit) == (builder, ("/bin/bash", "-eo", "pipefail", "-c"), True)
    mounted = model.run(final.runs()[0])
    assert (mounted.stage, mounted.errexit) == (final, False)
    assert [m.options["from"] for m in mounted.mounts] == ["tests"]
    text = "FROM alpine\n# dockslim: ignore=DS110, ds201\nRUN apk add curl\n\n# dockslim: ignore\nRUN true\n"
    first, second = build_model(dockslim.parse(text)).runs()
    assert (first.suppressed, second.suppressed) == ({"DS110", "DS201"}, {"ALL"})


def test_set_e_at_the_end_of_a_script_comes_from_the_shell_or_the_script():
    text = "FROM debian\nRUN set -e; a; b\nRUN a; set +e\nSHELL [\"/bin/sh\", \"-ec\"]\nRUN a; set +e\nRUN a\n"
    runs = list(build_model(dockslim.parse(text)).runs())
    assert [r.errexit for r in runs] == [False, False, True, True]
    assert [r.errexit_at_end(r.view.main) for r in runs] == [True, False, False, True]


def test_shipped_stages_are_the_final_stage_and_its_bases():
    # builder is only copied from and `tests` is nobody's base: neither ships its layers
    model = build_model(dockslim.parse(MULTI))
    builder, tests, final = model.stages
    assert model.shipped_stages == (final,)
    assert not model.ships(builder) and not model.ships(tests)
    chain = build_model(dockslim.parse("FROM debian AS base\nRUN a\nFROM alpine AS other\nFROM base AS app\nFROM app\n"))
    base, other, app, last = chain.stages
    assert chain.shipped_stages == (base, app, last) and not chain.ships(other)
