"""DS301 beyond its golden cases: node-gyp's Python stays out of a Node split's runtime stage
unless what the runtime runs uses Python (a start script of the build context, a HEALTHCHECK,
a script of package.json), and the comments above an instruction the builder copies leave the
runtime's copy when the runtime edits it (pragmas stay)."""

import json
from pathlib import Path

import pytest

import dockslim
from dockslim.files import build_context
from dockslim.optimizer.findings import Edit, apply_edits
from dockslim.optimizer.rules import Options
from dockslim.optimizer.syntax import parse
from dockslim.transforms.stages.plan import misleading_comments

NODE = """\
FROM node:20-alpine
# node-gyp's tools
RUN apk add --no-cache python3 make g++
WORKDIR /app
COPY package.json ./
COPY docker-entrypoint.sh /usr/local/bin/
RUN npm install
COPY . .
{tail}
"""
ENTRYPOINT = 'ENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["node", "server.js"]'


def split(tmp_path: Path, tail: str, scripts: dict | None = None, entrypoint: str = "exec \"$@\"\n") -> str:
    (tmp_path / "package.json").write_text(json.dumps({"dependencies": {"bcrypt": "5"}, "scripts": scripts or {}}))
    (tmp_path / "docker-entrypoint.sh").write_text("#!/bin/sh\nset -e\n" + entrypoint)
    options = Options(extra={"context": build_context(str(tmp_path))})
    out = dockslim.fix(NODE.format(tail=tail), unsafe_fixes=True, select=["DS301"], options=options).text
    assert "AS builder" in out
    return out.split("AS builder", 1)[1].split("\nFROM ", 1)[1]  # the runtime stage


def test_python_leaves_the_runtime_when_nothing_there_runs_it(tmp_path):
    runtime = split(tmp_path, ENTRYPOINT)
    assert "apk add" not in runtime and "python3" not in runtime


@pytest.mark.parametrize("tail, scripts, entrypoint", [
    (ENTRYPOINT, None, "python3 /app/migrate.py\nexec \"$@\"\n"),  # the entrypoint script runs it
    ('CMD ["node", "server.js"]\nHEALTHCHECK CMD python3 /app/health.py', None, ""),
    ('CMD ["npm", "run", "serve"]', {"serve": "npm run warm && node server.js", "warm": "python3 warm.py"}, ""),
    ('CMD ["./manage.py", "serve"]', None, ""),  # a Python script of its own
])
def test_python_stays_when_the_runtime_runs_it(tmp_path, tail, scripts, entrypoint):
    runtime = split(tmp_path, tail, scripts, entrypoint)
    assert "RUN apk add --no-cache python3\n" in runtime
    assert "# node-gyp's tools" not in runtime  # the comment names the tools the builder alone installs


DOCKERFILE = """\
FROM debian:bookworm
# one
RUN a
# two
# dockslim: ignore=DS201
RUN b
# three
RUN c
# four
RUN d
"""


def test_misleading_comments():
    tree = parse(DOCKERFILE)
    a, b, c, d = tree.instructions[1:]
    edits = (
        Edit.insert(a.start, "RUN inserted\n"),  # something new above the instruction: edited
        Edit(b.start + 4, b.start + 5, "B"),
        Edit.delete(c.leading_start, c.end),  # deleted with its comments: nothing more to do
    )
    out = apply_edits(DOCKERFILE, [*edits, *misleading_comments((a, b, c, d), edits)])
    assert out == "FROM debian:bookworm\nRUN inserted\nRUN a\n# dockslim: ignore=DS201\nRUN B\n# four\nRUN d\n"
