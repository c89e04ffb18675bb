"""DS101 keeps what a later command needs, from the release's Recommends: (packages installed,
later command) -> what the fix adds besides `--no-install-recommends`, on debian:bookworm (no CA
bundle, no dirmngr)."""

from __future__ import annotations

import pytest

import dockslim

TEMPLATE = "FROM debian:bookworm\nRUN apt-get update && apt-get install -y {packages}\nRUN {later}\n"


def fixed_install(packages: str, later: str) -> str:
    text = dockslim.fix(TEMPLATE.format(packages=packages, later=later), unsafe_fixes=True, select=["DS101"]).text
    return text.splitlines()[1].split("apt-get install ", 1)[1]


@pytest.mark.parametrize(
    "packages, later, added",
    [
        ("curl", "curl -fsSL https://example.org/install.sh | sh", "ca-certificates"),
        ("curl", 'curl -fsSLo /tool "$TOOL_URL"', "ca-certificates"),  # a URL that is not literal
        ("curl", "curl -fsSLo /x http://example.org/x", "ca-certificates"),  # http may redirect to https
        ("wget", "wget -qO- https://example.org/key | tee /key", "ca-certificates"),
        # git stays in the image: it keeps openssh-client too, for remotes reached over ssh at run time
        ("git", "git clone https://github.com/example/app /app", "ca-certificates openssh-client"),
        ("git", "cd /app && git submodule update --init", "ca-certificates openssh-client"),  # .gitmodules
        ("cargo", "cargo install ripgrep", "ca-certificates"),  # crates.io over https
        ("curl", "echo 'deb https://apt.example.org stable main' > /etc/apt/sources.list.d/x.list", "ca-certificates"),
        ("python3-pip", "pip3 install --break-system-packages uwsgi", "build-essential python3-dev"),
        # npm depends on node-gyp, which recommends the compilers native addons build with
        ("nodejs npm", "cd /app && npm ci --omit=dev", "build-essential ca-certificates"),
        ("nodejs npm", "npm ci --ignore-scripts", "ca-certificates"),  # no install script runs node-gyp
    ],
)
def test_needed_recommends_are_named(packages, later, added):
    assert fixed_install(packages, later) == f"--no-install-recommends -y {packages} {added}"


@pytest.mark.parametrize(
    "packages, later",
    [
        # ssh, no TLS, and git leaves the image
        ("git openssh-client", "git clone git@github.com:example/app.git /app && apt-get purge -y git"),
        ("curl", "curl --version && apt-get purge -y curl"),  # no download, and curl leaves the image
        ("jq", "curl -fsSL https://example.org/x"),  # jq brings no CA bundle either way
        ("curl ca-certificates", "curl -fsSL https://example.org/x"),  # named already
        ("gnupg", "gpg --keyserver hkp://keyserver.ubuntu.com --recv-keys 0xB1998361219BD9C9"),  # depends on dirmngr
        ("python3-pip", "pip3 install --break-system-packages --only-binary :all: requests"),  # wheels only
        ("python3-pip", "pip3 install --break-system-packages /wheels/app-1.0-py3-none-any.whl"),
    ],
)
def test_nothing_added_when_nothing_is_dropped_that_is_needed(packages, later):
    assert fixed_install(packages, later) == f"--no-install-recommends -y {packages}"


@pytest.mark.parametrize(
    "packages, later, added",
    [
        ("curl jq", "echo built > /built", " ca-certificates"),  # curl stays: for run time
        ("wget", "true", " ca-certificates"),
        ("git", "git --version", " ca-certificates openssh-client"),
        ("git", "git --version && apt-get purge -y git", ""),  # git leaves the image
        ("curl", "apt-get purge -y curl", ""),  # removed in the stage: no run-time use
        ("jq", "true", ""),  # no HTTPS client
    ],
)
def test_an_https_client_left_in_the_image_keeps_the_ca_bundle(packages, later, added):
    assert fixed_install(packages, later) == f"--no-install-recommends -y {packages}{added}"


def test_one_install_names_it_for_all():
    """The first install that would bring ca-certificates names it; a later one that also
    recommends it leaves it to that one."""
    text = (
        "FROM debian:bookworm\n"
        "RUN apt-get update && apt-get install -y curl\n"
        "RUN apt-get install -y wget\n"
        "RUN wget -q https://example.org/a && curl -fsSLO https://example.org/b\n"
    )
    lines = dockslim.fix(text, unsafe_fixes=True, select=["DS101"]).text.splitlines()
    assert lines[1].endswith("install --no-install-recommends -y curl ca-certificates")
    assert lines[2] == "RUN apt-get install --no-install-recommends -y wget"


@pytest.mark.parametrize(
    "base, earlier, install, later, added",
    [
        # a variable install may bring ca-certificates (the fix names it there when a later
        # command needs it), not pip's build tools: no fix names them there
        ("ubuntu:22.04", "$PKGS", "python3-pip", "pip3 install -r /req.txt", "build-essential python3-dev"),
        # stretch's Recommends are not known: curl's install does not bring gcc's C headers
        ("debian:stretch", "curl", "gcc make", "make -C /src", "libc6-dev"),
    ],
)
def test_an_earlier_install_brings_only_what_it_names_or_is_named_for_it(base, earlier, install, later, added):
    text = f"FROM {base}\nRUN apt-get update && apt-get install -y {earlier}\nRUN apt-get install -y {install} && {later}\n"
    lines = dockslim.fix(text, unsafe_fixes=True, select=["DS101"]).text.splitlines()
    assert lines[2] == f"RUN apt-get install --no-install-recommends -y {install} {added} && {later}"


@pytest.mark.parametrize(
    "start, added",
    [
        ('CMD git clone "$REPO" /app && /app/run', " ca-certificates openssh-client"),  # a URL that is not literal
        ('CMD ["sh", "-c", "git clone $REPO /app && exec /app/run"]', " ca-certificates openssh-client"),
        ('ENTRYPOINT ["git", "clone", "git@github.com:example/app.git"]', " openssh-client ca-certificates"),
        # git stays in the image: run-time use is not all in the file (a script, a shell)
        ('CMD ["git", "--version"]', " ca-certificates openssh-client"),
    ],
)
def test_the_start_command_is_read_as_commands(start, added):
    text = f"FROM debian:bookworm\nRUN apt-get update && apt-get install -y git\n{start}\n"
    lines = dockslim.fix(text, unsafe_fixes=True, select=["DS101"]).text.splitlines()
    assert lines[1] == f"RUN apt-get update && apt-get install --no-install-recommends -y git{added}"


@pytest.mark.parametrize(
    "packages, start, added",
    [
        ("python3", 'CMD ["python3", "/app.py"]', " ca-certificates"),  # ssl verifies with the system bundle
        ("nodejs", 'ENTRYPOINT ["node", "/srv/server.js"]', " ca-certificates"),  # Debian's node too
        ("python3", "", ""),  # nothing started: an image to build FROM
        ("jq", 'CMD ["jq", "."]', ""),  # no interpreter that reaches HTTPS
    ],
)
def test_an_interpreter_the_image_starts_keeps_the_ca_bundle(packages, start, added):
    text = f"FROM debian:bookworm\nRUN apt-get update && apt-get install -y {packages}\n{start}\n"
    lines = dockslim.fix(text, unsafe_fixes=True, select=["DS101"]).text.splitlines()
    assert lines[1] == f"RUN apt-get update && apt-get install --no-install-recommends -y {packages}{added}"
