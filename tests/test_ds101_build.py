"""DS101 built for real: `--no-install-recommends` must not take the CA bundle from an image that
downloads over HTTPS.

debian:bookworm-slim has no CA bundle; `curl` only recommends `ca-certificates` (through
libcurl). The Dockerfile installs curl, trusts a throw-away certificate authority through the
bundle (`update-ca-certificates`, a tool of the ca-certificates package) and fetches a file
from a local HTTPS server (Python's http.server on 127.0.0.1 with a certificate that CA signed;
the build runs with --network host). The original builds; the flag alone breaks the build;
DS101's rewrite names ca-certificates, builds, has /etc/ssl/certs/ca-certificates.crt and
fetched the file, and is still smaller than the original. Needs the engine, the local
debian:bookworm-slim and openssl; apt reaches Debian's archive.
"""

from __future__ import annotations

import http.server
import json
import os
import shutil
import ssl
import subprocess
import threading
from pathlib import Path

import pytest

import dockslim

pytestmark = pytest.mark.build

BASE = "debian:bookworm-slim"
CLI = os.environ.get("DOCKSLIM_DOCKER_CLI") or shutil.which("docker") or "/usr/bin/docker"
PAYLOAD = b"fetched over https from the test server\n"
DOCKERFILE = """\
FROM {base}
RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
COPY test-ca.crt /usr/local/share/ca-certificates/dockslim-test-ca.crt
RUN update-ca-certificates && curl -fsS https://127.0.0.1:{port}/payload -o /payload
"""


def docker(*args: str, stdin: str | None = None, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run([CLI, *args], capture_output=True, text=True, input=stdin, timeout=900, check=False)
    if check and proc.returncode != 0:
        pytest.fail(f"docker {' '.join(args[:2])} failed: {proc.stderr.strip()[-2000:]}")
    return proc


def openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, capture_output=True, check=True, timeout=60)


@pytest.fixture(scope="module")
def engine():
    if not os.access(CLI, os.X_OK):
        pytest.skip("no docker client")
    if shutil.which("openssl") is None:
        pytest.skip("no openssl to make the test certificate authority")
    if subprocess.run([CLI, "image", "inspect", BASE], capture_output=True, check=False).returncode != 0:
        pytest.skip(f"no engine or no {BASE} (run scripts/engine.sh)")


@pytest.fixture
def https_server(tmp_path):
    """(build context holding test-ca.crt, port) of an HTTPS server on 127.0.0.1 whose
    certificate that CA signed."""
    certs = tmp_path / "certs"
    context = tmp_path / "context"
    certs.mkdir()
    context.mkdir()
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=dockslim test CA",
            "-keyout", "ca.key", "-out", "ca.crt", cwd=certs)
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", "server.key",
            "-out", "server.csr", cwd=certs)
    (certs / "san.ext").write_text("subjectAltName = IP:127.0.0.1\n")
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
            "-days", "1", "-extfile", "san.ext", "-out", "server.crt", cwd=certs)
    shutil.copy(certs / "ca.crt", context / "test-ca.crt")
    (certs / "payload").write_bytes(PAYLOAD)

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(certs), **kwargs)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(certs / "server.crt", certs / "server.key")
    server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield context, server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def build(text: str, context: Path, tag: str) -> subprocess.CompletedProcess:
    return docker("build", "--network", "host", "-q", "-t", tag, "-f", "-", str(context), stdin=text, check=False)


def test_the_ca_bundle_stays_for_a_later_https_download(engine, https_server):
    context, port = https_server
    original = DOCKERFILE.format(base=BASE, port=port)
    fixed = dockslim.fix(original, unsafe_fixes=True, select=["DS101"]).text
    naive = original.replace("install -y curl", "install --no-install-recommends -y curl")
    assert "install --no-install-recommends -y curl ca-certificates" in fixed

    tags = {name: f"dockslim-test-ds101-{name}" for name in ("original", "naive", "fixed")}
    try:
        built = {name: build(text, context, tags[name])
                 for name, text in (("original", original), ("naive", naive), ("fixed", fixed))}
        assert built["original"].returncode == 0, built["original"].stderr[-2000:]
        assert built["naive"].returncode != 0, "without ca-certificates the download should have failed"
        # for want of the bundle: update-ca-certificates not found (127), or curl's certificate errors
        assert any(f"exit code: {code}" in built["naive"].stderr for code in (127, 60, 77)), built["naive"].stderr
        assert built["fixed"].returncode == 0, built["fixed"].stderr[-2000:]

        check = "test -s /etc/ssl/certs/ca-certificates.crt && cat /payload"
        for name in ("original", "fixed"):
            out = docker("run", "--rm", "--network", "none", tags[name], "sh", "-c", check)
            assert out.stdout.encode() == PAYLOAD, name
        sizes = {name: json.loads(docker("image", "inspect", tags[name]).stdout)[0]["Size"]
                 for name in ("original", "fixed")}
        print(f"\nDS101 with curl: {sizes['original'] / 1e6:.1f} MB -> {sizes['fixed'] / 1e6:.1f} MB")
        assert sizes["fixed"] < sizes["original"]
    finally:
        subprocess.run([CLI, "image", "rm", "-f", *tags.values()], capture_output=True, check=False)


RUN_TIME = """\
FROM {base}
RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
COPY test-ca.crt /usr/local/share/ca-certificates/dockslim-test-ca.crt
"""


def test_the_ca_bundle_stays_for_curl_used_at_run_time(engine, https_server):
    """curl left in the image is there to be used by the container (here a command given to
    `docker run`, which the Dockerfile does not show): the rewrite keeps its CA bundle."""
    context, port = https_server
    original = RUN_TIME.format(base=BASE)
    fixed = dockslim.fix(original, unsafe_fixes=True, select=["DS101"]).text
    naive = original.replace("install -y curl", "install --no-install-recommends -y curl")
    assert "install --no-install-recommends -y curl ca-certificates" in fixed

    fetch = f"update-ca-certificates >/dev/null && curl -fsS https://127.0.0.1:{port}/payload"
    tags = {name: f"dockslim-test-ds101-run-{name}" for name in ("original", "naive", "fixed")}
    try:
        for name, text in (("original", original), ("naive", naive), ("fixed", fixed)):
            made = build(text, context, tags[name])
            assert made.returncode == 0, made.stderr[-2000:]
        runs = {name: docker("run", "--rm", "--network", "host", tags[name], "sh", "-c", fetch, check=False)
                for name in tags}
        assert runs["original"].stdout.encode() == PAYLOAD and runs["fixed"].stdout.encode() == PAYLOAD
        assert runs["naive"].returncode != 0, "without ca-certificates the container's download should fail"
    finally:
        subprocess.run([CLI, "image", "rm", "-f", *tags.values()], capture_output=True, check=False)
