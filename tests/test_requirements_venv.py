"""DS301 on a stage that creates a virtual environment and installs into it: the builder builds
the venv, the runtime copies it whole. Two tables: the runtime stages written, and stages whose
installs do not all go into one venv the stage creates (they keep the wheels plan), with why."""

from __future__ import annotations

import dockerfile as buildkit
import pytest

import dockslim

COPY = "COPY --from=builder /opt/venv /opt/venv\n"

VENV_SPLITS = [
    # its own pip; the venv command goes with its RUN, the pip RUN becomes the copy
    ("FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y python3-venv python3-dev gcc\n"
     "RUN python3 -m venv /opt/venv\nCOPY r.txt .\nRUN /opt/venv/bin/pip install -r r.txt\nCMD [\"/opt/venv/bin/python\"]\n",
     "FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y python3\nCOPY r.txt .\n" + COPY + "CMD [\"/opt/venv/bin/python\"]\n"),
    # ENV PATH puts the venv first; a relative venv path under WORKDIR
    ("FROM debian:bookworm\nRUN apt-get update && apt-get install -y python3 python3-venv gcc libyaml-dev\nWORKDIR /opt\n"
     "RUN python3 -m venv venv\nENV PATH=/opt/venv/bin:$PATH\nRUN pip install pyyaml\n",
     "FROM debian:bookworm\nRUN apt-get update && apt-get install -y python3 libyaml-0-2\nWORKDIR /opt\n"
     "ENV PATH=/opt/venv/bin:$PATH\n" + COPY),
    # activate sourced in the RUN that installs; the venv created in the same RUN
    ("FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y python3-venv python3-dev libpq-dev\n"
     "COPY . /src\nRUN python3 -m venv /opt/venv && . /opt/venv/bin/activate && pip install /src\n",
     "FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y python3 libpq5\nCOPY . /src\n" + COPY),
    # a python image brings its own interpreter: nothing more to install
    ("FROM python:3.11\nRUN python -m venv /opt/venv\nCOPY r.txt .\nRUN /opt/venv/bin/pip install -r r.txt\n",
     "FROM python:3.11\nCOPY r.txt .\n" + COPY),
]


@pytest.mark.parametrize("dockerfile, runtime", VENV_SPLITS)
def test_runtime_copies_the_venv(dockerfile, runtime):
    result = dockslim.fix(dockerfile, unsafe_fixes=True, select=["DS301"])
    assert result.text.split("\n\n", 1)[1] == runtime
    assert not result.dropped
    buildkit.parse_string(result.text)
    assert dockslim.fix(result.text, unsafe_fixes=True, select=["DS301"]).text == result.text


WHEELS_INSTEAD = [
    # a USER before the install: the builder runs as root, the copied venv would change owner
    "FROM debian:bookworm\nRUN apt-get update && apt-get install -y python3-venv gcc\nRUN python3 -m venv /opt/venv\n"
    "USER app\nRUN /opt/venv/bin/pip install -r r.txt\n",
    # the system's pip installs too: not everything is in the venv
    "FROM debian:bookworm\nRUN apt-get update && apt-get install -y python3-venv python3-pip gcc\nRUN python3 -m venv /opt/venv\n"
    "RUN pip3 install --break-system-packages supervisor && /opt/venv/bin/pip install -r r.txt\n",
    # two venvs: which one the runtime needs is not one folder
    "FROM debian:bookworm\nRUN apt-get update && apt-get install -y python3-venv gcc\nRUN python3 -m venv /opt/a && python3 -m venv /opt/b\n"
    "RUN /opt/a/bin/pip install -r r.txt\n",
]


@pytest.mark.parametrize("dockerfile", WHEELS_INSTEAD)
def test_wheels_when_the_installs_are_not_one_venv(dockerfile):
    result = dockslim.fix(dockerfile, unsafe_fixes=True, select=["DS301"])
    assert "COPY --from=builder" not in result.text
    assert "--mount=type=bind,from=builder,source=/wheels" in result.text
