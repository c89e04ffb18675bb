"""Run a dockslim command in this process as the console script runs it: its argv, its
exit code, what it wrote to stdout and stderr."""

from __future__ import annotations

import contextlib
import io
import os
from dataclasses import dataclass
from unittest import mock


@dataclass
class Ran:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run(command, args, env: dict[str, str] | None = None) -> Ran:
    """`command(argv)` (dockslim.cli.main, or one command such as verify_command) with `env`
    added to the environment; a command that returns without exiting exits 0."""
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with mock.patch.dict(os.environ, env or {}), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            command([str(a) for a in args])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return Ran(code, out.getvalue(), err.getvalue())
