"""DS301 stage-split: one stage both builds and runs the application; split it into a builder and a runtime stage.

## What it does
Recognises a single-stage Dockerfile that builds something and splits it into a `builder`
stage and the runtime stage (the original stage, edited as little as possible):

- **Python**: build-only packages (`gcc`, `build-essential`, `libpq-dev`, ...) and
  `pip install` of requirements (`-r requirements.txt`, `.`, named packages; also after a
  `poetry export` or `pipenv requirements` in the same RUN). The builder is `FROM <same base>
  AS builder` with the stage's instructions up to the last `pip install` (same packages,
  ENV, WORKDIR, COPYs), whose `pip install` becomes `pip wheel --wheel-dir /wheels` (the
  builder installs nothing: what its RUN runs after the last install and may use the
  packages, `python -m spacy download`, is left out of the builder and runs in the runtime
  stage as before; such a command between two installs leaves the stage alone). In the
  runtime stage the build-only packages are replaced by the runtime libraries they stand for
  (`libpq-dev` -> `libpq5`; `gcc` goes; `g++` on Alpine leaves `libstdc++` and `libgcc`,
  which C++ code links), and `pip install` installs the built wheels from a bind mount of the
  builder: `RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels
  pip install --no-index --find-links=/wheels /wheels/*.whl`. A full base image (`python:3.11`)
  already carries -dev packages, so a build may link libraries the Dockerfile never names: the
  requirements the install uses are read from the build context (`-r` files and their
  includes, found through the COPYs and WORKDIR; `pyproject.toml`, `setup.cfg`; `poetry.lock`
  or `Pipfile.lock` behind an export) and the distributions that need a system library at run
  time (`dockslim.optimizer.python_libraries`: psycopg2, psycopg without `[binary]`,
  mysqlclient, python-ldap, pyodbc, uwsgi; lxml, Pillow and others only when built from
  source with `--no-binary`) get that library in the runtime stage, in the release's names
  (`libpq5`, `libmariadb3`; `libldap-2.5-0` on bookworm). Without a build context (standard
  input, an editor buffer) the split is made with a note that the requirement files were not
  read; a file that cannot be read or parsed is a note too. A stage that creates a virtual
  environment and installs only into it (Ubuntu's `python3 -m venv /opt/venv`) keeps that
  in the builder instead: the runtime stage installs the interpreter (`python3`, not
  `python3-venv`) and the runtime libraries, and copies the venv whole (`COPY --from=builder
  /opt/venv /opt/venv`).
- **Node**: `npm ci` (or `npm install`) and `npm run build` (or an `npx` build tool: `npx nest build`, `npx tsc`), with the build output directory
  shown by CMD/ENTRYPOINT (`node dist/server.js`). The builder runs the stage up to the build,
  then `npm prune --omit=dev`; the runtime copies `node_modules` (production dependencies
  only) and the output directory from it instead of running npm (`--chown` to the USER npm
  ran as). Without a build step, on a full `node` image (or with build-only packages), the
  builder runs the stage up to the install and installs the production dependencies only
  (`--omit=dev`, `--production` for node 14 and older, on the install as written: `npm ci`
  would fail where the lock file is out of date; an install that already chooses, or
  `NODE_ENV`, is kept), and the runtime copies
  `node_modules` and keeps every COPY. package.json is read from the build context (found
  through the COPYs and WORKDIR): native addons that link system libraries (`canvas`,
  `libpq`, `odbc`, `kerberos`, ...; `dockslim.optimizer.node_addons`) get those libraries in
  the runtime stage, in the release's names; `python3` (`python-is-python3`,
  `python3-minimal`, ...) installed beside `make` and `g++` (or `build-base`,
  `build-essential`) is node-gyp's, which builds native addons at the install, and stays in
  the builder, unless a RUN the runtime keeps, CMD, ENTRYPOINT, HEALTHCHECK, a start script
  they run or a package.json script they call (`npm start`) runs Python (or the build
  context is not known); install scripts (`postinstall`, `prepare`), workspaces, a CMD
  that calls devDependencies (`npm start` running `ts-node`), `npm link` and `npx` after the
  install are left alone, and without a build context the split is
  made with a note that package.json was not read. yarn 1 the same way (`yarn install
  --production`) when package.json shows it is yarn 1 (no `packageManager`
  of yarn 2+, no `.yarnrc.yml`); yarn 2+, yarn with a build step and pnpm are left alone.
- **Compiled binaries**: `go build` and `go install`, `gcc ... -o X`, and `cargo build
  --release` or `make` when CMD/ENTRYPOINT names the binary. Go names its program by its own
  rules: `-o`, else the last element of the package's import path (`go build` in the module
  root: go.mod's `module` line, read from the build context or taken from `go mod init`, a
  `/v2` suffix skipped; `./cmd/app`: `app`; GOPATH mode: the folder's name), in the current
  folder for `go build` and in `$GOBIN` or `$GOPATH/bin` for `go install` (the runtime keeps
  it in /usr/local/bin, on its PATH; `go install ./...` copies the folder). The builder is
  the stage up to the build, without the RUNs that install only packages a Go or C build does
  not use (an image tool, a database client: the runtime has them); the runtime starts from the
  slim image of the same release (`golang:1.22` -> `debian:bookworm-slim`, `golang:1.25` ->
  `debian:trixie-slim`, `golang:1.22-alpine3.19` -> `alpine:3.19`), keeps the configuration
  instructions, user setup, packages other than build-only ones and files copied outside the
  build directory, and copies the binary with the files of the build context the program may
  read at run time, found among what was copied into the build directory: folders such as
  `templates/`, `static/`, `public/`, `assets/`, `migrations/`, `views/`, `locales/`,
  `config/` and configuration files (`*.yaml`, `*.toml`, `*.json`, `.env`; not manifests nor
  development tools' files, not what .dockerignore excludes, not a folder of source code such
  as a Go package named `config` with its tests and `testdata/`), each at its path so the WORKDIR
  still resolves them, and with the owner its COPY gave it (`--chown`, which a static
  program's scratch runtime could not resolve by name): `COPY --from=builder /src/templates
  /src/templates`, then `COPY --from=builder /bin/server /bin/server`. The finding names them. The slim runtime gets the
  builder's CA bundle (`/etc/ssl/certs/ca-certificates.crt`) when the build image had one
  (golang, rust, gcc) and the runtime installs no ca-certificates: the program's HTTPS calls
  keep working. A full build image (`gcc:13`, `golang`, `rust`) carries -dev packages the
  Dockerfile never names: the libraries a C compiler links there (`-lcurl`, `-lssl`, `-lpq`)
  get their runtime packages in the runtime stage (`libcurl4`, `libssl3`, `libpq5`, in the
  release's names), and so do the crates of Cargo.lock that link a system library
  (`openssl-sys` without `openssl-src`, `pq-sys`, `mysqlclient-sys`, `curl-sys`,
  `libsqlite3-sys`); without Cargo.lock, Cargo.toml's dependencies and their features tell
  them (reqwest before 0.13 uses OpenSSL by default, sqlx `runtime-tokio-native-tls`, diesel
  `postgres`; `vendored` and `bundled` build the library in), and a crate whose libraries are
  not known (git2), a path dependency or a workspace leaves the stage alone; a library dockslim has no
  package for, link flags it cannot read (`$LDLIBS`) and `make` (whose link flags the
  Dockerfile does not show) leave the stage alone. The gcc image builds GCC into /usr/local, and
  its g++ links that GCC's libstdc++, newer than the one of the slim runtime's release (a
  gcc:13 program stops on bookworm-slim with ``GLIBCXX_3.4.32' not found``): a build there that
  may be C++ (`g++`, `c++`, `clang++`, `make`, C++ sources or `-lstdc++` given to `gcc`) is left
  alone unless it links statically; C built with `gcc` splits. A static program
  (`CGO_ENABLED=0`, a `*-linux-musl` Rust target, `cc -static`) runs on `scratch`, with the
  builder's CA bundle when its base had one, when nothing in the runtime stage needs a shell,
  a package or a user database (a kept RUN, a shell-form CMD/ENTRYPOINT/HEALTHCHECK, a USER or
  `--chown` by name); `static-runtime = "distroless"` in `[tool.dockslim]` chooses
  `gcr.io/distroless/static` instead (users root, nobody and nonroot, CA certificates and
  time zones included), `"slim"` the slim image. A split that would start from the same image
  and remove no package saves nothing and is not offered.

The builder keeps the stage's instructions as written (all its packages, ENV, ARG, WORKDIR,
COPY, other RUNs), without USER and image configuration, so the build sees what it saw
before; the runtime stage keeps every instruction that is not build work. Each instruction
the builder copies takes the comment lines above it along; the runtime stage's instruction
keeps them only when it stays as written (a comment naming the build tools does not stay
above an install left without them; pragmas such as `# hadolint ignore=DL3042` stay with
both). The builder text goes right before the FROM, after the comments above it (for a
compiled program before them: they describe the stage the runtime carries on; parser
directives stay first).

Everything else is left alone, with a note that says why ("left alone: ..."): files with
several stages already, ONBUILD instructions or ONBUILD base images, RUNs dockslim cannot
read, build steps it does not know (`python setup.py install`, `poetry install`, `make
install`, yarn), editable installs, package lists with variables, stages that already remove
their build packages (DS120's fix), a CMD that runs a compiler, images for tests, notebooks
or development (as DS303 tells them: a `.devcontainer/` or `Dockerfile.test` path, a CMD
that runs the tests or Jupyter, an install of Jupyter, xvfb or a WebDriver), whose users
build with the full image's tools at run time, unknown base images, and
build packages on a release whose package names dockslim has no data for (`debian:sid`,
`python:3.7`; it knows Debian buster to trixie, Ubuntu focal, jammy, noble and Alpine 3.12+:
the runtime stage installs that release's library names, `libffi7` on bullseye, `libffi8` on
bookworm, `libssl3t64` on trixie). A Python split that would save next to nothing is not
offered either (a note says why): its runtime stage would stay on the same image, since DS302
keeps the full one (a RUN or HEALTHCHECK runs `curl`, the image comes from an ARG), and the
build-only packages it leaves out add under 1% to that image (`gcc` and `libpq-dev` on
`python:3.11`, which has them already), while every step would run twice.

## Why it makes the image smaller
Compilers and headers (150-300 MB on Debian), pip's build trees, devDependencies and Go or
Rust toolchains (500 MB-1 GB) are needed to build, never to run. In a builder stage they stay
out of the final image; only the wheels' installed files, the production `node_modules` or
the binary reach it. The runtime stage is then free to start from a slim base image (DS302).

## Example
    FROM python:3.11
    WORKDIR /app
    RUN apt-get update && apt-get install -y gcc libpq-dev postgresql-client
    COPY requirements.txt .
    RUN pip install -r requirements.txt
    COPY . .
    CMD ["python", "manage.py", "runserver"]
becomes
    FROM python:3.11 AS builder
    WORKDIR /app
    RUN apt-get update && apt-get install -y gcc libpq-dev postgresql-client
    COPY requirements.txt .
    RUN pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt

    FROM python:3.11
    WORKDIR /app
    RUN apt-get update && apt-get install -y libpq5 postgresql-client
    COPY requirements.txt .
    RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels pip install --no-index --find-links=/wheels /wheels/*.whl
    COPY . .
    CMD ["python", "manage.py", "runserver"]

## Fix safety
Unsafe. What the final image contains changes by design, and a Dockerfile does not show
everything the application needs at run time: a native module may link a library that only a
build-only package pulled in and that the package data does not name (the requirement
table sees a source build in `--no-binary` and in distributions without Linux wheels, not in an
old pin that has no wheel for the image's Python); code that compiles at
run time (cffi, numba, node-gyp at start) loses its compiler, and a Node app that starts
Python itself (`child_process.spawn("python3")`) loses node-gyp's Python; a compiled
program may read files of the build directory that the asset rule above does not name (a
`data/` folder, a file `go:embed` did not embed), or files a build step wrote there, and loses the environment
its toolchain image set (`GOPATH`, `PATH` entries; ENV instructions of the file stay); on
`scratch` it has no /tmp, no /etc/passwd and no time zone data. When the build context is not
known (standard input) and a COPY brought more than sources into the build directory, the
stage is left alone with a note rather than split without its files. `/wheels/*.whl` installs exactly the wheels the builder
resolved from the same requirements, which also works with hash-checking requirement files
(wheels built from source cannot match an sdist's hash; `--require-hashes` and `--no-binary`
are dropped from the runtime install for that reason). A compiled program's runtime is the
`debian:*-slim` of the release its builder is built on, since a binary linked against a newer
C library does not start on an older one. Tags that name no release are read by the images'
history: trixie for `golang` 1.24 and later, `rust` 1.89 and later, `gcc` 15 and later and
every `latest` (the images moved to trixie in August 2025), bookworm for `golang` 1.20-1.23,
`rust` 1.71-1.88 and `gcc` 13-14, bullseye for `golang` 1.17-1.18, buster for `golang`
1.13-1.15 (`golang:1.14.4`; `packages.default_release`, which also places `python`, `node` and
`ruby` tags; `node` follows docker-node's own default: buster up to 14, bookworm for 16 and
18-20, trixie from 22); other tags (`golang:1.19`, which moved to bookworm during its life,
`golang:tip`) are left alone.
A Node service's production `node_modules` lacks the devDependencies: a script the image runs
that calls one (beyond the CMD and `npx` after the install, which are checked) fails, and
an addon missing from `node_addons` loses the full image's libraries.
Run `dockslim verify` with a smoke command; `dockslim.verify.runtime_libs.runtime_packages` lists the libraries the
built files really link.

## How verify shows it
The final image loses the build packages' files (gcc, headers, `libpq-dev`), pip's and npm's
build trees and devDependencies, or the whole toolchain; the per-layer table shows the
builder's layers gone and a bind-mounted install in their place. The smoke command shows that
native modules still load (their runtime libraries stay).

## Related hadolint rule
None: hadolint has no rule about stages. Related: DL3059 (consolidate RUNs), DL3042 (pip cache).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator

from ...optimizer.findings import Applicability, Edit, Finding, apply_edits
from ...optimizer.model import Model, Stage, build_model
from ...optimizer.packages import family_of, is_build_step, knows_release, ships_toolchain
from ...optimizer.rules import Options, PassSpec, Phase
from ...optimizer.shellview import is_posix
from ...optimizer.syntax import ParseError, parse
from .commands import build_packages, programs, removes_packages
from .full_variant import left_out_bytes
from .pip import is_pip
from .plan import (
    BUILDS_AT_START, Plan, Refused, compile_commands, installs_without_build, main_pips, misleading_comments, npm_commands,
    step_name,
)
from .stage_text import insertion_point

SPEC = PassSpec(
    code="DS301",
    name="stage-split",
    phase=Phase.STAGES,
    summary="Split a single stage that builds into a builder stage and a runtime stage without the build tools",
    applicability=Applicability.UNSAFE,
    kinds=("FROM", "RUN", "COPY", "ADD"),
)

# one planner module per build shape, imported once a stage shows that shape (most files show
# none): its plan() gives a Plan, None when there is nothing to split, or raises Refused
PLANNERS = {"python": "python", "node": "node", "compiled": "compiled"}


def check(model: Model, options: Options) -> Iterator[Finding]:
    if not model.stages:
        return
    stage = model.final
    frm = stage.from_
    try:
        if len(model.stages) > 1:
            if shapes(stage, build_packages(stage)):
                raise Refused(f"the file already has {len(model.stages)} stages")
            return
        plan = split(model, stage, options)
    except Refused as why:
        yield SPEC.left_alone((frm.start, frm.end), str(why))
        return
    if plan is None:
        return
    at = insertion_point(model, frm.start) if plan.at is None else plan.at
    edits = (*plan.edits, *misleading_comments(plan.builder.copied, plan.edits))
    found = SPEC.report((frm.start, frm.end), plan.message, SPEC.fix(plan.title, Edit.insert(at, plan.builder.text), *edits))
    why = saves_nothing(model, stage, found, options) if plan.shape == "python" else None
    if why:
        yield SPEC.left_alone((frm.start, frm.end), why)
        return
    yield found
    for note in plan.notes:
        yield SPEC.left_alone((frm.start, frm.end), note)


def saves_nothing(model: Model, stage: Stage, found: Finding, options: Options) -> str | None:
    """Why a Python split would save next to nothing: its runtime stage stays on the same image
    (DS302 keeps the full one), and the build-only packages the split leaves out add under 1% to
    it (the full image has gcc already); None when it saves more or that is not known. The
    package sizes are read only once the image stays."""
    stays = _runtime_stays(model, found, options)
    if stays is None:
        return None
    from ...optimizer.estimate import human, image_bytes  # the package sizes: only now

    dropped = build_packages(stage)
    saved = left_out_bytes(stage.base, dropped)
    if saved is None or saved > (image_bytes(stage.base) or 0) / 100:
        return None
    what = f"leaving out {', '.join(dropped)} saves {human(saved)}" if saved else \
        f"it already has {', '.join(dropped)}" if dropped else "no package is left out"
    return f"a split would save next to nothing: its runtime stage would stay on {stage.base} ({stays}), and {what}"


def _runtime_stays(model: Model, found: Finding, options: Options) -> str | None:
    """Why the split's runtime stage keeps its full image once the other stage passes ran on
    the split file (DS303 moving a dev install out, then DS302); None when it may move."""
    from . import ds302_slim_runtime_base as ds302, ds303_dev_stage as ds303

    split = _applied(model, found)
    if split is None:
        return None
    dev = next((f for f in ds303.check(split, options) if f.fix is not None), None)
    split = (_applied(split, dev) if dev is not None else None) or split
    why = ds302.stays_full(split, options)
    # without the line of the split file it names
    return None if why is None else "DS302 keeps it: " + re.sub(r"^line \d+: ", "", why)


def _applied(model: Model, found: Finding) -> Model | None:
    try:
        return build_model(parse(apply_edits(model.dockerfile.render(), found.fix.edits)))
    except ParseError:
        return None


def shapes(stage: Stage, build_pkgs: list[str]) -> list[str]:
    """The build shapes a stage shows."""
    found = []
    if compile_commands(stage):
        found.append("compiled")
    if npm_commands(stage)[1] or installs_without_build(stage, build_pkgs):
        found.append("node")
    pips = [p for p in main_pips(stage) if p[3] != "tooling"]
    if pips and (build_pkgs or ships_toolchain(stage.base)):
        found.append("python")
    if not found and build_pkgs:
        found.append("unknown")
    return found


def split(model: Model, stage: Stage, options: Options) -> Plan | None:
    family = family_of(stage.base)
    build_pkgs = build_packages(stage)
    found = shapes(stage, build_pkgs)
    if not found:
        return None
    common_guards(model, stage, family, build_pkgs)
    from .dev_image import dev_path, runs_tests_or_notebooks, test_harness  # only once a shape is found
    purpose = dev_path(options.extra.get("path")) or runs_tests_or_notebooks(model, stage) or test_harness(model, stage)
    if purpose:
        raise Refused(purpose)  # a test, notebook or development image uses its tools at run time
    if len(found) > 1:
        raise Refused(f"the stage builds in several ways ({', '.join(found)})")
    shape = found[0]
    if shape == "unknown":
        steps = [step_name(c) for i in stage.runs() for _, c in stage.run(i).view.commands() if is_build_step(c) and not is_pip(c)]
        what = f"for `{steps[0]}`, a build step dockslim does not move" if steps else "but no build step is recognised"
        raise Refused(f"build-only packages ({', '.join(build_pkgs)}) are installed {what}")
    planner = importlib.import_module(f"{__package__}.{PLANNERS[shape]}")
    return planner.plan(model, stage, options)


def common_guards(model: Model, stage: Stage, family: str | None, build_pkgs: list[str]) -> None:
    frm = stage.from_
    if any(i.kind == "ONBUILD" for i in model.instructions):
        raise Refused("the file has ONBUILD instructions (images built FROM it would run them)")
    if "onbuild" in (stage.base_tag or "").lower():
        raise Refused(f"the base image {stage.base} runs ONBUILD triggers, in both stages")
    if any(f.name != "platform" for f in frm.flags):
        raise Refused("the FROM has flags dockslim does not copy")
    if build_pkgs and (family is None or not knows_release(stage.base)):
        raise Refused(f"the package names of {stage.base or 'the base image'} are not known to dockslim")
    for inst in stage.body:
        if inst.kind == "SHELL" and not is_posix(inst.value):
            raise Refused(f"line {inst.start_line}: a SHELL that is not a POSIX shell")
        if inst.kind != "RUN":
            continue
        view = stage.run(inst).view
        if view is None or not view.ok:
            raise Refused(f"line {inst.start_line}: a RUN dockslim cannot read")
        for _, cmd in view.commands():
            if removes_packages(cmd):
                raise Refused(f"line {inst.start_line}: the stage already removes packages after the build")
    for inst in stage.body:
        if inst.kind in ("CMD", "ENTRYPOINT", "HEALTHCHECK"):
            used = BUILDS_AT_START.intersection(programs(stage, inst))
            if used:
                raise Refused(f"line {inst.start_line}: {inst.kind} runs {min(used)}, a build tool")
