"""What every pass needs to know about one RUN, worked out once per RUN (`Model.run(inst)`):
the SHELL that runs it, whether that shell reads the script as the shell view does (POSIX),
the shell view itself or why there is none, `set -e` from the SHELL, the pragmas above it,
its mounts and its stage."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from .pragmas import suppressed_codes
from .scriptfacts import errexit_at_end, shell_errexit
from .shellview import ShellPart, ShellView, is_posix, shell_view

if TYPE_CHECKING:
    from .model import Stage
    from .syntax import Flag, Instruction


class Run:
    """One RUN as the passes see it (read-only; what it works out, it works out once)."""

    def __init__(self, inst: Instruction, stage: Stage | None, shell: tuple[str, ...]) -> None:
        self.inst = inst
        self.stage = stage
        self.shell = shell  # the SHELL in effect (`/bin/sh -c` unless a SHELL or the base says otherwise)

    @property
    def posix(self) -> bool:
        """The SHELL is a POSIX shell, which reads the script as the shell view does."""
        return is_posix(self.shell)

    @cached_property
    def view(self) -> ShellView | None:
        """The scripts the RUN runs, with source spans; None for the exec form and for a
        shell that is not POSIX (cmd.exe, PowerShell, zsh): a bash reading would mislead."""
        return shell_view(self.inst) if self.posix else None

    @property
    def readable(self) -> ShellView | None:
        """The shell view when every script of it parses, else None."""
        view = self.view
        return view if view is not None and view.ok else None

    @property
    def unreadable_because(self) -> str | None:
        """Why the RUN has no readable shell view, None when it has one."""
        if self.inst.is_json:
            return "an exec-form RUN runs no shell"
        if not self.posix:
            return f"its SHELL {' '.join(self.shell)} is not a POSIX shell"
        return None if self.readable is not None else "dockslim cannot read its shell syntax"

    @property
    def errexit(self) -> bool:
        """`-e` is in force when the RUN starts: only its SHELL can say so (`SHELL ["/bin/bash",
        "-eo", "pipefail", "-c"]`); each RUN is a new shell, so no earlier `set -e` carries over."""
        return shell_errexit(self.shell)

    def errexit_at_end(self, part: ShellPart) -> bool:
        """`-e` is in force after the part's script: from what runs it or a `set -e` in it."""
        return errexit_at_end(part.script, part.runner if part.is_heredoc else self.shell)

    @cached_property
    def suppressed(self) -> frozenset[str]:
        """Codes silenced by pragmas right above the RUN (`ALL` for a bare one)."""
        return frozenset(suppressed_codes(self.inst))

    @property
    def mounts(self) -> tuple["Flag", ...]:
        """The RUN's `--mount` flags."""
        return self.inst.flags_named("mount")
