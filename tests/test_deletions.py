"""_deletions.deletion with a home directory and deletes_kind: which `rm` takes a cache away."""

from __future__ import annotations

import pytest

from dockslim.optimizer.shell import parse_shell
from dockslim.transforms._deletions import deletes_kind, deletion


def command(text: str):
    return parse_shell(text).commands[0]


@pytest.mark.parametrize(
    "text, path",
    [
        ("rm -rf ~/.cache/pip", "/root/.cache/pip"),
        ("rm -rf ~", None),  # the whole home is no cleanup that can move
        ('rm -rf "$HOME/.cache/pip"', "/root/.cache/pip"),
        ("rm -rf ${HOME}/.cache", "/root/.cache"),
        ('rm -rf "$HOME"/.npm', "/root/.npm"),
        ("rm -rf $HOME/.cache/*", "/root/.cache"),
        ('rm -rf "$HOME/.cache/*"', None),  # a quoted star is no glob
        ("rm -rf $HOMEDIR/.cache", None),
        ("rm -rf ~app/.cache", None),  # another user's home
    ],
)
def test_home_paths(text, path):
    found = deletion(command(text), home="/root")
    assert (found[0].path if found else None) == path


def test_home_unknown():
    assert deletion(command("rm -rf ~/.cache/pip")) is None
    assert deletion(command("rm -rf $HOME/.cache/pip")) is None


@pytest.mark.parametrize(
    "text, kind, expected",
    [
        ("rm -rf /var/cache/*", "apk-index", True),
        ("rm -rf /var/cache", "rpm-cache", True),
        ("rm -rf /var/cache/apk", "apk-index", True),
        ("rm -rf /var/*", "apt-lists", True),
        ("rm -rf /root/*", "pip-cache", False),  # * does not reach .cache
        ("rm -rf /root/.cache", "pip-cache", True),
        ("rm -rf ~/.cache/pip", "pip-cache", True),
        ("rm -rf /var/log/*", "apk-index", False),
        ("pip cache purge", "pip-cache", True),
    ],
)
def test_deletes_kind(text, kind, expected):
    assert deletes_kind(command(text), kind, "/root") is expected
