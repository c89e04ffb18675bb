"""The model over the tree: stages, base images with ARG defaults, SHELL, COPY --from."""

from __future__ import annotations

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
    assert run.shell is None  # no bash reading of a cmd.exe script
    assert dockslim.fix(WINDOWS, unsafe_fixes=True).text == WINDOWS


def test_powershell_runs_have_no_shell_view():
    text = 'FROM python:3.11\nSHELL ["pwsh", "-Command"]\nRUN pip install flask\nRUN echo a\n'
    model = build_model(dockslim.parse(text))
    assert all(r.shell is None for r in model.stages[0].runs())
    assert dockslim.fix(text).text == text


def test_shipped_stages_are_the_final_stage_and_its_bases():
    # builder is only copied from and `tests` is nobody's base: neither ships its layers
    model = build_model(dockslim.parse(MULTI))
    builder, tests, final = model.stages
    assert model.shipped_stages == (final,)
    assert not model.ships(builder) and not model.ships(tests)
    chain = build_model(dockslim.parse("FROM debian AS base\nRUN a\nFROM alpine AS other\nFROM base AS app\nFROM app\n"))
    base, other, app, last = chain.stages
    assert chain.shipped_stages == (base, app, last) and not chain.ships(other)
