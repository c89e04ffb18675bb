"""_downloads.download: the file a curl/wget command writes (DS202 and DS203 follow it)."""

from __future__ import annotations

import pytest

from dockslim.optimizer.shell import parse_shell
from dockslim.transforms._downloads import download, used_up

URL = "https://example.org/dist/tool-1.2.tar.gz"


@pytest.mark.parametrize(
    "command, cwd, wanted",
    [
        (f"wget {URL}", "/opt", "/opt/tool-1.2.tar.gz"),
        (f"wget -nv -q {URL}", "/", "/tool-1.2.tar.gz"),
        (f"wget -P /usr/src {URL}", None, "/usr/src/tool-1.2.tar.gz"),
        (f"wget -qP dl {URL}", "/srv", "/srv/dl/tool-1.2.tar.gz"),
        (f"wget --directory-prefix=/var/cache/dl {URL}", None, "/var/cache/dl/tool-1.2.tar.gz"),
        (f"wget --directory-prefix /var/cache/dl {URL}", None, "/var/cache/dl/tool-1.2.tar.gz"),
        (f"wget -O t.tgz {URL}", "/tmp", "/tmp/t.tgz"),
        (f"wget -P /ignored -O /tmp/t.tgz {URL}", None, "/tmp/t.tgz"),  # -O wins over -P
        (f"curl -O {URL}", "/opt", "/opt/tool-1.2.tar.gz"),
        (f"curl -LO {URL}", "/opt", "/opt/tool-1.2.tar.gz"),
        (f"curl -fsSLO {URL}", "/opt", "/opt/tool-1.2.tar.gz"),
        (f"curl --remote-name --location {URL}", "/opt", "/opt/tool-1.2.tar.gz"),
        (f"curl -H 'Accept: */*' -O {URL}", "/opt", "/opt/tool-1.2.tar.gz"),  # -H's value is no URL
        (f"curl --output-dir /dl -O {URL}", None, "/dl/tool-1.2.tar.gz"),
        (f"curl --output-dir /dl -o t.tgz {URL}", None, "/dl/t.tgz"),
        (f"curl -fsSL -o t.tgz {URL}", "/build", "/build/t.tgz"),
        (f"curl -fsSLo/tmp/t.tgz {URL}", None, "/tmp/t.tgz"),
        ('curl -fsSL -o /tmp/t.tgz "$URL"', None, "/tmp/t.tgz"),  # the URL does not name it
        (f"curl -fsSL {URL} > /tmp/t.tgz", None, "/tmp/t.tgz"),
        ('curl -fsSLO "https://github.com/o/r/releases/download/v${V}/cli.tar.gz"', "/opt", "/opt/cli.tar.gz"),
    ],
)
def test_writes(command, cwd, wanted):
    assert download(parse_shell(command).commands[0], cwd) == wanted


@pytest.mark.parametrize(
    "command, cwd",
    [
        (f"wget {URL}", None),  # where it runs is not known
        (f"wget -qO- {URL}", "/opt"),  # standard output
        (f"curl -fsSL {URL}", "/opt"),  # standard output
        (f"curl -o - {URL}", "/opt"),
        (f'wget -O "$OUT" {URL}', "/opt"),
        (f'curl -fsSLo"$OUT" {URL}', "/opt"),
        (f"wget $WGET_OPTS {URL}", "/opt"),  # the options may name another file
        ('curl -fsSLO "https://example.org/tool-${V}.tar.gz"', "/opt"),  # a variable in the name
        ("curl -fsSLO 'https://example.org/tool.tar.gz?x=1'", "/opt"),  # curl -O may keep the query
        ("wget 'https://example.org/tool.tar.gz?x=1'", "/opt"),  # wget keeps the query in the name
        ("wget https://example.org/tool.tar.gz#sha256=abc", "/opt"),
        (f"curl -OJ {URL}", "/opt"),  # the server's Content-Disposition names it
        (f"wget --content-disposition {URL}", "/opt"),
        (f"wget --trust-server-names {URL}", "/opt"),  # named after the redirect
        (f"wget -r {URL}", "/opt"),
        (f"curl -O {URL} {URL}.sha256", "/opt"),  # one -O, two URLs
        (f"wget {URL} {URL}.sha256", "/opt"),  # two files
        ("wget https://example.org/", "/opt"),  # no name in the URL
    ],
)
def test_not_known(command, cwd):
    assert download(parse_shell(command).commands[0], cwd) is None


@pytest.mark.parametrize(
    "command, wanted",
    [
        ("tar -xzf tool.tgz -C /opt", [("/work/tool.tgz", "extracted", False)]),
        ("bash Miniforge3.sh -b -p /opt/conda", [("/work/Miniforge3.sh", "run", False)]),
        ("sh -x /opt/setup.sh --quiet", [("/opt/setup.sh", "run", False)]),
        ("./cuda_12.4.0_linux.run --silent", [("/work/cuda_12.4.0_linux.run", "run", False)]),
        ("dpkg -i ./tool_1.0_amd64.deb", [("/work/tool_1.0_amd64.deb", "installed", False)]),
        ("apt-get install -y --no-install-recommends ./agent.deb", [("/work/agent.deb", "installed", False)]),
        ("rpm -ivh /tmp/agent.rpm", [("/tmp/agent.rpm", "installed", False)]),
        ("install -o root -g root -m 0755 kubectl /usr/local/bin/kubectl", [("/work/kubectl", "copied", True)]),
        ("install -m 0755 -t /usr/local/bin helm", [("/work/helm", "copied", True)]),
        ("cp yq /usr/bin/", [("/work/yq", "copied", True)]),
        ("cp config.yml /etc/tool/config.yml", [("/work/config.yml", "copied", False)]),
        ("bash -c 'echo hi'", []),  # no script file
        ("sh -s -- --prefix /opt", []),  # the script comes from standard input
        ("./kubectl version", []),  # a program, not an installer
        ("apt-get install -y curl", []),  # a package name, not a file
        ("dpkg -l", []),
        ("install -d -m 0755 /opt/app", []),  # makes a folder
    ],
)
def test_used_up(command, wanted):
    assert [tuple(u) for u in used_up(parse_shell(command).commands[0], "/work")] == wanted
