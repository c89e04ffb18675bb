"""DS301's compiled split beyond the golden cases: Go's rules for naming and placing programs
(tables: the command, where it runs, what go.mod says -> the path Go writes), the files of the
build context a program may read at run time, and the static runtime a setting chooses."""

from __future__ import annotations

import pytest

import dockslim
from dockslim.optimizer.context import BuildContext
from dockslim.optimizer.rules import Options
from dockslim.transforms.stages import go
from dockslim.transforms.stages.assets import is_asset

MODULE = go.Module("github.com/acme/api", "/src")
MODULE_V2 = go.Module("github.com/acme/api/v2", "/src")
GOPATH_MODE = go.Module(None, "/go/src")


@pytest.mark.parametrize(
    "import_path, module_mode, name",
    [
        ("github.com/acme/api", True, "api"),
        ("github.com/acme/api/v2", True, "api"),  # a major-version suffix is skipped
        ("github.com/acme/api/v2", False, "v2"),  # ... in module mode only
        ("github.com/acme/api/v10", True, "api"),
        ("github.com/acme/api/v1", True, "v1"),  # v0 and v1 are never major-version suffixes
        ("github.com/acme/api/v0", True, "v0"),
        ("github.com/acme/api/v2beta", True, "v2beta"),
        ("v2", True, "v2"),  # a single element is kept
        ("golang.org/x/tools/cmd/goimports@v0.20.0", True, "goimports"),
        ("github.com/acme/tool/v3/cmd/tool@latest", True, "tool"),
        ("example.com/mod/v3@v3.1.0", True, "mod"),
    ],
)
def test_exec_name(import_path, module_mode, name):
    assert go.exec_name(import_path, module_mode) == name


@pytest.mark.parametrize(
    "text, path",
    [
        ("module github.com/acme/api\n\ngo 1.22\n", "github.com/acme/api"),
        ("// comment\nmodule   example.com/x/v2 // trailing\n", "example.com/x/v2"),
        ('module "example.com/quoted"\n', "example.com/quoted"),
        ("go 1.22\n", None),
    ],
)
def test_module_path(text, path):
    assert go.module_path(text) == path


def outputs(line: str, cwd: str = "/src", module=MODULE, gobin="/go/bin", dirs=frozenset()) -> list[str]:
    sub, *words = line.split()
    return go.outputs(go.read_command(sub, words), cwd, module, gobin, dirs)


@pytest.mark.parametrize(
    "line, cwd, module, expected",
    [
        ("build", "/src", MODULE, ["/src/api"]),  # the module root: go.mod's last element
        ("build .", "/src", MODULE_V2, ["/src/api"]),
        ("build -trimpath -ldflags -s", "/src", MODULE, ["/src/api"]),  # -ldflags takes a value
        ("build ./cmd/server", "/src", MODULE, ["/src/server"]),  # a package: its folder, in the cwd
        ("build ./cmd/server", "/src", None, ["/src/server"]),  # ... which needs no go.mod
        ("build -o /out/ ./cmd/server", "/src", MODULE, ["/out/server"]),  # -o a folder
        ("build -o /usr/local/bin ./cmd/server", "/src", MODULE, ["/usr/local/bin/server"]),  # an existing one
        ("build -o bin/app ./cmd/server", "/src", MODULE, ["/src/bin/app"]),  # -o a file
        ("build -o=app", "/src", None, ["/src/app"]),
        ("build -C cmd/server", "/src", MODULE, ["/src/cmd/server/server"]),
        ("build main.go util.go", "/src", None, ["/src/main"]),  # files: the first one's name
        ("build ./v2", "/src", MODULE, ["/src/api"]),  # a version folder in module mode
        ("build", "/go/src/github.com/acme/legacy", GOPATH_MODE, ["/go/src/github.com/acme/legacy/legacy"]),
        ("build -mod=vendor -tags netgo,osusergo .", "/src/cmd/api", MODULE, ["/src/cmd/api/api"]),
        ("install", "/src", MODULE, ["/go/bin/api"]),
        ("install -v ./cmd/...", "/src", MODULE, ["/go/bin/"]),  # every main package: the folder
        ("install ./cmd/a ./cmd/b", "/src", MODULE, ["/go/bin/a", "/go/bin/b"]),
        ("install github.com/acme/tool/v3/cmd/tool@v3.1.0", "/", None, ["/go/bin/tool"]),
        ("install -v", "/go/src/github.com/acme/legacy", GOPATH_MODE, ["/go/bin/legacy"]),
    ],
)
def test_outputs(line, cwd, module, expected):
    assert outputs(line, cwd, module) == expected


@pytest.mark.parametrize(
    "line, module, reason",
    [
        # the root package's name is go.mod's, and go.mod is not known
        ("build", None, "named after go.mod's module path"),
        ("build ./v2", None, "named after go.mod's module path"),
        # several packages: go build keeps no program
        ("build ./...", MODULE, "builds several packages"),
        ("build ./cmd/a ./cmd/b", MODULE, "several packages"),
        ("build std", MODULE, "not shown"),
        # no executable
        ("build -buildmode=c-shared -o lib.so .", MODULE, "writes no program"),
        # a flag whose arity is not known could swallow the package
        ("build -frobnicate ./cmd/a", MODULE, "does not know"),
        ("install main.go", MODULE, "names no install folder"),
    ],
)
def test_outputs_not_shown(line, module, reason):
    with pytest.raises(go.NotShown, match=reason):
        outputs(line, "/src", module)


def test_install_without_gobin_is_not_shown():
    with pytest.raises(go.NotShown, match="GOBIN"):
        outputs("install ./cmd/a", gobin=None)


@pytest.mark.parametrize(
    "name, folder, wanted",
    [
        ("templates", True, True),
        ("static", True, True),
        ("migrations", True, True),
        ("internal", True, False),  # Go packages
        ("cmd", True, False),
        ("config.yaml", False, True),
        ("Rocket.toml", False, True),
        (".env", False, True),
        ("Cargo.toml", False, False),  # a manifest, read by the build only
        ("docker-compose.yml", False, False),  # the configuration of development tools
        (".golangci.yml", False, False),
        ("main.go", False, False),
        ("README.md", False, False),
    ],
)
def test_is_asset(name, folder, wanted):
    assert is_asset(name, folder) is wanted


STATIC = """\
FROM golang:1.22-bookworm
WORKDIR /src
COPY go.mod main.go ./
RUN CGO_ENABLED=0 go build -o /usr/local/bin/app .
USER nobody
ENTRYPOINT ["/usr/local/bin/app"]
"""
CONTEXT = BuildContext("ctx", {"go.mod": "module example.com/app\n"}, frozenset({"go.mod", "main.go"}))


def runtime_of(text: str, **extra) -> str:
    result = dockslim.fix(text, unsafe_fixes=True, select=["DS301"], options=Options(extra={"context": CONTEXT, **extra}))
    return [line for line in result.text.splitlines() if line.startswith("FROM")][-1]


def test_static_runtime_setting():
    # scratch has no /etc/passwd, so `USER nobody` keeps the slim image; distroless has nobody
    assert runtime_of(STATIC) == "FROM debian:bookworm-slim"
    assert runtime_of(STATIC, **{"static-runtime": "distroless"}) == "FROM gcr.io/distroless/static"
    numeric = STATIC.replace("USER nobody", "USER 65534")
    assert runtime_of(numeric) == "FROM scratch"
    assert runtime_of(numeric, **{"static-runtime": "slim"}) == "FROM debian:bookworm-slim"


def test_scratch_gets_the_ca_bundle_only_where_the_builder_had_one():
    numeric = STATIC.replace("USER nobody", "USER 65534")
    out = dockslim.fix(numeric, unsafe_fixes=True, select=["DS301"], options=Options(extra={"context": CONTEXT})).text
    assert "COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt" in out
    distroless = dockslim.fix(numeric, unsafe_fixes=True, select=["DS301"],
                              options=Options(extra={"context": CONTEXT, "static-runtime": "distroless"})).text
    assert "ca-certificates.crt" not in distroless  # distroless/static carries its own


def test_comments_above_the_from_stay_with_the_runtime_after_the_bom():
    text = "\ufeff# The API server\nFROM golang:1.22\nWORKDIR /src\nCOPY go.mod main.go ./\nRUN go build\nCMD [\"./app\"]\n"
    out = dockslim.fix(text, unsafe_fixes=True, select=["DS301"], options=Options(extra={"context": CONTEXT})).text
    assert out.startswith("\ufeffFROM golang:1.22 AS builder\n")
    assert "\n\n# The API server\nFROM debian:bookworm-slim\n" in out


@pytest.mark.parametrize(
    "words, output, packages",
    [
        # a flag's value with a variable is fine unless the path depends on it
        (['"-ldflags=-X main.version=$VERSION"', "-o", "/app", "."], "/app", (".",)),
        (["-ldflags", '"-X main.version=${VERSION}"', "./cmd/api"], None, ("./cmd/api",)),
        (["-tags", "netgo", "-o=bin/", "./cmd/api"], "bin/", ("./cmd/api",)),
    ],
)
def test_read_command(words, output, packages):
    cmd = go.read_command("build", words)
    assert (cmd.output, cmd.packages) == (output, packages)


@pytest.mark.parametrize("words", [["-o", "$OUT", "."], ["./cmd/$APP"], ['"-o=$BIN"']])
def test_read_command_needs_literal_paths(words):
    with pytest.raises(go.NotShown, match="variable"):
        go.read_command("build", words)


RUST = """FROM rust:1.79-bookworm
WORKDIR /usr/src/app
COPY . .
RUN cargo build --release --locked
CMD ["./target/release/server"]
"""
LOCK = 'version = 3\n\n[[package]]\nname = "server"\n\n[[package]]\nname = "{crate}"\n\n[[package]]\nname = "{other}"\n'


def _rust_split(lock: str | None):
    files = {"Cargo.toml": '[package]\nname = "server"\n'} | ({"Cargo.lock": lock} if lock is not None else {})
    context = BuildContext("ctx", files, frozenset({"Cargo.toml", "Cargo.lock", "src/"}))
    options = Options(extra={"context": context})
    return dockslim.fix(RUST, unsafe_fixes=True, select=["DS301"], options=options).text, dockslim.review(RUST, select=["DS301"], options=options)


@pytest.mark.parametrize(
    "crate, other, installed",
    [
        ("openssl-sys", "native-tls", "libssl3"),  # reqwest's default TLS: libssl.so.3 at run time
        ("pq-sys", "diesel", "libpq5"),
        ("openssl-sys", "openssl-src", None),  # the `vendored` feature compiles OpenSSL in
        ("rustls", "ring", None),
    ],
)
def test_rust_runtime_gets_the_libraries_its_crates_link(crate, other, installed):
    out, _ = _rust_split(LOCK.format(crate=crate, other=other))
    runtime = out.split("FROM debian:bookworm-slim", 1)[1]
    if installed:
        assert f"apt-get install -y --no-install-recommends {installed} &&" in runtime
    else:
        assert "apt-get" not in runtime


def test_rust_split_without_cargo_lock_reads_cargo_toml():
    out, review = _rust_split(None)  # Cargo.lock not read; Cargo.toml names no dependency
    assert "FROM debian:bookworm-slim" in out and "apt-get" not in out.split("FROM debian:bookworm-slim", 1)[1]
    assert not review.notes
