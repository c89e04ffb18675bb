"""_layers.removes_path: which commands delete a downloaded file (DS203 leaves those alone)."""

from __future__ import annotations

import pytest

from dockslim.optimizer.shell import parse_shell
from dockslim.transforms._layers import removes_path

ARCHIVE = "/tmp/dist/app.tar.gz"


@pytest.mark.parametrize(
    "command, cwd",
    [
        ("rm -f /tmp/dist/app.tar.gz", None),
        ("rm -rf /tmp/*", None),
        ("rm -rf /tmp", None),
        ("rm /tmp/dist/*.tar.gz", None),
        ("rm -r /tmp/d[i]st", None),
        ("rm -rf ./*", "/tmp"),
        ("rm -f app.tar.gz", "/tmp/dist"),
        ("find /tmp -name '*.gz' -delete", None),
        ("find /tmp -type f -mindepth 1 -delete", None),
        ("find . -iname '*.TAR.GZ' -exec rm -f {} +", "/tmp"),
        ("find /tmp/dist -maxdepth 1 -type f -exec rm {} \\;", None),
    ],
)
def test_deletes(command, cwd):
    assert removes_path(parse_shell(command).commands[0], ARCHIVE, cwd)


@pytest.mark.parametrize(
    "command, cwd",
    [
        ("rm -f /tmp/*", None),  # not recursive: /tmp/dist stays, and the archive in it
        ("rm -rf /tmp/*.zip", None),  # another name
        ("rm -rf /tmp/.*", None),  # `.*` names dot files only
        ('rm -rf "/tmp/*"', None),  # quoted: a file named `*`
        ("rm -rf ./*", None),  # relative, and where it runs is not known
        ("rm -rf /tmp/{dist,x}", None),  # brace expansion: not in sh
        ("rm -rf $DIR/*", None),  # not literal
        ("find /tmp -mtime +7 -delete", None),  # spares a file just downloaded
        ("find /tmp -maxdepth 1 -delete", None),  # the archive is two levels down
        ("find /tmp -type d -delete", None),  # folders only
        ("find /tmp -name '*.gz'", None),  # deletes nothing
        ("find /tmp -name '*.gz' -exec echo {} +", None),
    ],
)
def test_does_not_delete(command, cwd):
    assert not removes_path(parse_shell(command).commands[0], ARCHIVE, cwd)
