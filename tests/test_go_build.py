"""DS301's compiled split built for real on a Go web server that reads `templates/` and
`config.json` from its working directory when it starts (examples/go-templates): the rewritten
Dockerfile, fixed as the command line fixes it (build context and .dockerignore read from the
example's folder), must build, serve a rendered page with no network, keep the image
configuration and come out much smaller than the original. `Dockerfile.naive` names its program
by Go's rules (`go build`, no `-o`) and runs on debian:bookworm-slim; `Dockerfile.static`
(`CGO_ENABLED=0`, `go install`) runs on scratch. Without the templates the program copies, the
same split does not start: the assets are what keeps it working.

The golang image is the stand-in of tests/test_stage_builds.py (Debian's golang-go 1.19).
Run with `pytest -m build -s tests/test_go_build.py` to see the sizes.
"""

from __future__ import annotations

import pytest
from test_stage_builds import CONFIG, EXAMPLES, TAG, build, docker, engine, runtime_base, stand_in  # noqa: F401

import dockslim
from dockslim.api import settings_for

pytestmark = pytest.mark.build

FOLDER = EXAMPLES / "go-templates"
GOLANG = "golang:1.19-bookworm"
PAGE = "<h1>Hello, check!</h1>"


def rewrite(name: str) -> dockslim.FixResult:
    path = FOLDER / name
    return dockslim.fix(path.read_text(), unsafe_fixes=True, **settings_for(str(path)).passes())


def smoke(image: dict) -> str:
    """The page the server renders, fetched by the program itself over loopback."""
    cmd = [*(image["Config"].get("Cmd") or ()), "-check"]
    run = docker("run", "--rm", "--network", "none", image["Id"], *cmd, check=False, timeout=120)
    assert run.returncode == 0, f"{cmd} failed:\n{run.stdout}{run.stderr}"
    return run.stdout


@pytest.mark.parametrize("name, runtime", [("Dockerfile.naive", "debian:bookworm-slim"), ("Dockerfile.static", "scratch")])
def test_go_server_with_templates_split_serves_its_pages(engine, name, runtime, tmp_path):
    stand_in(GOLANG)
    result = rewrite(name)
    assert "DS301" in {f.code for f in result.applied}, [f.message for f in result.remaining]
    assert runtime_base(result.text) == runtime
    assert "COPY --from=builder /src/templates /src/templates" in result.text
    fixed = tmp_path / "Dockerfile.dockslim"
    fixed.write_text(result.text)

    tag = f"{TAG}/go-templates-{name.split('.')[-1]}"
    original = build(FOLDER / name, FOLDER, f"{tag}:original")
    split = build(fixed, FOLDER, f"{tag}:dockslim")
    assert PAGE in smoke(original)
    assert PAGE in smoke(split)
    for key in CONFIG:
        assert original["Config"].get(key) == split["Config"].get(key), key
    lean = docker("run", "--rm", "--network", "none", "--entrypoint", "/usr/lib/go/bin/go", split["Id"], "version",
                  check=False, timeout=60)
    assert lean.returncode != 0, "the split image still has the Go toolchain"
    print(f"\ngo-templates {name}: original {original['Size'] / 1e6:.1f} MB, split on {runtime} {split['Size'] / 1e6:.1f} MB")
    assert split["Size"] < original["Size"] / 4


def test_the_split_without_its_templates_does_not_start(engine, tmp_path):
    """The control: what the runtime copies beside the program is what the program needs."""
    stand_in(GOLANG)
    text = rewrite("Dockerfile.naive").text
    line = "COPY --from=builder /src/templates /src/templates\n"
    assert line in text
    bare = tmp_path / "Dockerfile.bare"
    bare.write_text(text.replace(line, ""))
    image = build(bare, FOLDER, f"{TAG}/go-templates-naive:without-templates")
    run = docker("run", "--rm", "--network", "none", image["Id"], "./greeter", "-check", check=False, timeout=120)
    assert run.returncode != 0 and "templates" in run.stderr, run.stdout + run.stderr


@pytest.mark.parametrize("name, runtime, smoke", [
    ("Dockerfile.naive", "debian:bookworm-slim", "./greeter -check"),
    ("Dockerfile.static", "scratch", "greeter -check"),
])
def test_fix_verify_keeps_the_go_split(engine, name, runtime, smoke):
    """verify compares the configuration the Dockerfile sets, not the toolchain image's own
    GOPATH and PATH, and runs a smoke command of plain words on an image with no shell."""
    from dockslim.verify.engine import Engine
    from dockslim.verify.cli import fix_with_verify

    stand_in(GOLANG)
    path = FOLDER / name
    final, report = fix_with_verify(str(path), path.read_text(), unsafe_fixes=True,
                                    options=settings_for(str(path)).options, engine=Engine(),
                                    smoke=smoke, context=str(FOLDER))
    print(f"\n{name}: {report.status}: {report.message}")
    assert report.status == "verified", report.message
    assert not report.dropped, report.dropped
    assert runtime_base(final) == runtime and " AS builder" in final, final
    assert report.smoke and report.smoke["passed"], report.smoke
