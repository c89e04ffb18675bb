"""DS101 built for real: `--no-install-recommends` must not take from a package what it is
installed for.

xvfb only recommends xauth, and `xvfb-run` stops without it ("xauth command not found"). The
Dockerfile installs xvfb on debian:bookworm-slim and runs `xvfb-run` in a later step. The
original builds; the flag alone breaks the build; DS101's rewrite names xauth and builds.
Needs the engine and the local debian:bookworm-slim; apt reaches Debian's archive.
"""

from __future__ import annotations

import pytest
from _builds import built, require_engine

import dockslim

pytestmark = pytest.mark.build

BASE = "debian:bookworm-slim"
DOCKERFILE = f"""\
FROM {BASE}
RUN apt-get update && apt-get install -y xvfb && rm -rf /var/lib/apt/lists/*
RUN xvfb-run --auto-servernum true
"""


@pytest.fixture(scope="module")
def engine():
    return require_engine([BASE])


def test_xvfb_keeps_xauth_for_xvfb_run(engine, tmp_path):
    fixed = dockslim.fix(DOCKERFILE, unsafe_fixes=True, select=["DS101"]).text
    naive = DOCKERFILE.replace("install -y xvfb", "install --no-install-recommends -y xvfb")
    assert "install --no-install-recommends -y xvfb xauth &&" in fixed

    texts = {"original": DOCKERFILE, "naive": naive, "fixed": fixed}
    with built(texts, tmp_path, "dockslim-test-ds101-function") as made:
        assert made["original"].returncode == 0, made["original"].stderr[-2000:]
        assert made["naive"].returncode != 0, "without xauth xvfb-run should have failed"
        # the xvfb-run step fails, with xvfb-run's "xauth command not found" status (3)
        assert 'xvfb-run --auto-servernum true" did not complete successfully: exit code: 3' in made["naive"].stderr
        assert made["fixed"].returncode == 0, made["fixed"].stderr[-2000:]
