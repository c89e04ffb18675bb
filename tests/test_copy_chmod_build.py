"""DS204 built for real: `COPY --chmod` / `ADD --chmod` instead of a later `RUN chmod` stores
the file once and gives it the same mode. The builder writes a 20 MB file of random bytes
(mode 644, as a checkout would) and the final stage copies it with `COPY --from`; an `ADD` of
an https:// URL (mode 600) is made executable too. Needs the engine and debian:bookworm-slim."""

from __future__ import annotations

import json

import pytest
from _builds import docker, require_engine

import dockslim

pytestmark = pytest.mark.build

BASE = "debian:bookworm-slim"
SIZE = 20_000_000
DOCKERFILE = f"""\
FROM {BASE} AS build
RUN head -c {SIZE} /dev/urandom > /app && chmod 644 /app

FROM {BASE}
COPY --from=build /app /usr/local/bin/app
ENV MODE=check
RUN chmod +x /usr/local/bin/app
ADD https://deb.debian.org/debian/dists/bookworm/Release /opt/Release
RUN chmod +x /opt/Release
"""
@pytest.fixture(scope="module")
def engine():
    return require_engine([BASE])


def test_copy_chmod_stores_the_file_once_with_the_same_mode(engine, tmp_path):
    fixed = dockslim.fix(DOCKERFILE, unsafe_fixes=True, select=["DS204"]).text
    assert "COPY --chmod=755 --from=build" in fixed and "ADD --chmod=711 https://" in fixed
    assert "chmod +x" not in fixed
    found = {}
    for name, text in (("before", DOCKERFILE), ("after", fixed)):
        tag = f"dockslim-test-ds204-{name}"
        docker("build", "--network", "host", "-q", "-t", tag, "-f", "-", str(tmp_path), stdin=text)
        try:
            image = json.loads(docker("image", "inspect", tag).stdout)[0]
            modes = docker("run", "--rm", "--network", "none", tag, "stat", "-c", "%a", "/usr/local/bin/app",
                           "/opt/Release").stdout.split()
            found[name] = (image["Size"], modes, image["Config"])
        finally:
            docker("image", "rm", "-f", tag, check=False)
    (before, before_modes, before_config), (after, after_modes, after_config) = found["before"], found["after"]
    assert before_modes == after_modes == ["755", "711"]
    assert before_config == after_config
    print(f"\nDS204: {before / 1e6:.1f} MB -> {after / 1e6:.1f} MB")
    assert before - after >= SIZE * 0.99  # the copy the chmod made is gone
