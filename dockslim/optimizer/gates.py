"""Safety gates every rewrite must pass before it can be kept.

- BuildKit's own parser (the `dockerfile` package binds moby/buildkit's Go parser) accepts it;
- every RUN whose text changed still parses as shell (`bash -n`).
"""

from __future__ import annotations

import os
from collections.abc import Callable

import dockerfile as buildkit

from .shellview import ShellView, shell_view
from .syntax import Dockerfile, Instruction


def buildkit_error(text: str) -> str | None:
    """BuildKit's parser's complaint about `text`, or None when it accepts it."""
    if not text.strip():
        return None
    try:
        buildkit.parse_string(text)
    except (buildkit.GoParseError, buildkit.GoIOError) as exc:
        return str(exc)
    return None


def changed_runs(before: Dockerfile, after: Dockerfile) -> list[Instruction]:
    """RUN instructions of `after` whose text does not stand in `before`."""
    old = {i.text for i in before.instructions if i.kind == "RUN"}
    return [i for i in after.instructions if i.kind == "RUN" and i.text not in old]


def _scripts(view: ShellView | None) -> list[str]:
    if view is None:
        return []
    # line endings are the file's format, not shell syntax: a CRLF file's heredoc body would
    # otherwise read `then\r` to bash
    return [part.script.text.replace("\r\n", "\n") for part in view.parts]


def shell_errors(
    runs: list[Instruction], view_of: Callable[[Instruction], ShellView | None] = shell_view
) -> list[tuple[Instruction, str]]:
    """(instruction, bash's message) for each RUN whose scripts fail `bash -n`; `view_of`
    gives a RUN's shell view (None for a RUN no POSIX shell runs: nothing to check)."""
    candidates = [(inst, script) for inst in runs for script in _scripts(view_of(inst))]
    if not candidates:
        return []
    # One bash for all of them: each script becomes a function body, so one syntax check
    # covers every script; only when it fails is each checked alone to name the culprit.
    combined = "".join(f"__dockslim_{n}() {{\n{script}\n}}\n" for n, (_, script) in enumerate(candidates))
    try:
        if _bash_n(combined) is None:
            return []
    except FileNotFoundError:
        return []  # no bash on this machine: the gate cannot run
    errors = []
    for inst, script in candidates:
        message = _bash_n(script)
        if message is not None:
            errors.append((inst, message))
    return errors


def _bash_n(script: str) -> str | None:
    """bash's first complaint about `script` (read with -n: parsed, never run), None when it
    parses. Spawned with os.posix_spawnp: importing subprocess (signal, selectors) would cost
    `fix` more than the run of bash itself."""
    stdin, feed = os.pipe()
    errors, err_end = os.pipe()
    try:
        pid = os.posix_spawnp("bash", ["bash", "-n"], os.environ, file_actions=[
            (os.POSIX_SPAWN_DUP2, stdin, 0),
            (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
            (os.POSIX_SPAWN_DUP2, err_end, 2),
        ])
    except OSError:
        os.close(feed)
        os.close(errors)
        raise
    finally:
        os.close(stdin)
        os.close(err_end)
    with open(errors, "rb") as from_bash:
        try:
            with open(feed, "wb") as to_bash:
                to_bash.write(script.encode("utf-8", "surrogateescape"))
        except BrokenPipeError:  # bash stopped reading at the first error
            pass
        stderr = from_bash.read().decode("utf-8", "replace")
    status = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    if status == 0:
        return None
    lines = [line for line in stderr.splitlines() if line.strip()]
    return lines[0] if lines else f"bash -n exited {status}"
