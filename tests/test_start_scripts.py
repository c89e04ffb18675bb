"""The start scripts a container runs are read from the build context: their commands count
as what the container runs (transforms/_start_scripts.py)."""

from __future__ import annotations

import pytest

from dockslim.optimizer.context import BuildContext
from dockslim.optimizer.model import build_model
from dockslim.optimizer.rules import Options
from dockslim.optimizer.syntax import parse
from dockslim.transforms._start_scripts import run_time_commands

SCRIPT = "#!/bin/sh\nset -e\nperl -v\nexec \"$@\"\n"


def programs(dockerfile: str, files: dict[str, str] | None) -> set[str]:
    model = build_model(parse(dockerfile))
    extra = {} if files is None else {"context": BuildContext("ctx", files, frozenset(files))}
    return {c.program for c in run_time_commands(model, model.stages[-1], Options(extra=extra))}


@pytest.mark.parametrize(
    "copy, start",
    [
        ("COPY run.sh /usr/local/bin/", 'ENTRYPOINT ["run.sh"]'),  # a bare name found on PATH
        ("COPY run.sh /app/run.sh\nWORKDIR /app", "CMD ./run.sh"),  # relative to the WORKDIR
        ("COPY . /app", 'CMD ["sh", "/app/run.sh"]'),  # a shell running it; a whole folder copied
        ("COPY run.sh /", 'CMD ["/bin/bash", "-c", "/run.sh && echo done"]'),
        ("COPY run.sh /start", 'HEALTHCHECK CMD /start'),  # copied under another name
    ],
)
def test_the_script_a_start_command_runs_is_read(copy, start):
    text = f"FROM debian:bookworm\n{copy}\n{start}\n"
    assert "perl" in programs(text, {"run.sh": SCRIPT})


@pytest.mark.parametrize(
    "files, text",
    [
        (None, 'FROM debian:bookworm\nCOPY run.sh /\nCMD ["/run.sh"]\n'),  # no build context
        ({"run.sh": SCRIPT}, 'FROM debian:bookworm\nCOPY --from=build /run.sh /\nCMD ["/run.sh"]\n'),  # not from it
        ({"run.sh": SCRIPT}, 'FROM debian:bookworm\nCOPY run.sh /\nCMD ["/other.sh"]\n'),  # another file
        # not a shell script (a Python entrypoint): not read as shell
        ({"entrypoint": "#!/usr/bin/env python3\nimport os\nos.system('perl -v')\n"},
         'FROM debian:bookworm\nCOPY entrypoint /\nENTRYPOINT ["/entrypoint"]\n'),
    ],
)
def test_only_a_shell_script_from_the_context_is_read(files, text):
    assert "perl" not in programs(text, files)


def test_the_start_commands_themselves_count():
    text = 'FROM debian:bookworm\nHEALTHCHECK CMD curl -fs localhost\nCMD perl -e 1 && exec app\n'
    assert {"perl", "curl"} <= programs(text, None)
