"""What the container runs when it starts: the commands of its CMD, ENTRYPOINT and HEALTHCHECK,
and of the shell scripts they run when the build context holds them (`COPY
docker-entrypoint.sh /usr/local/bin/` with `ENTRYPOINT ["docker-entrypoint.sh"]`, `CMD
./start.sh`, `CMD ["sh", "/app/run.sh"]`). Passes that take packages away ask it what the
container still needs at run time: curl reaching HTTPS, git over ssh, perl, make."""

import posixpath
import re

from ..optimizer.model import Model, Stage
from ..optimizer.rules import Options
from ..optimizer.shell import Command, parse_shell
from ..optimizer.shellview import posix_program
from ._common import lineage

START = ("CMD", "ENTRYPOINT", "HEALTHCHECK")
PATH = ("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin")
SHELL_SCRIPT = re.compile(r"#!\s*(/usr/bin/env\s+)?(/\S*/)?(ba|da|k|z)?sh\b")


def start_commands(inst) -> list[Command]:
    """The commands a CMD, ENTRYPOINT or HEALTHCHECK runs: its shell form parsed, the script
    of an exec form's `sh -c`, else the exec form's words as one command."""
    words = list(inst.value[1:] if inst.kind == "HEALTHCHECK" else inst.value)
    if not inst.is_json:
        return parse_shell(" ".join(words)).commands
    if len(words) > 2 and posix_program(words[0]) and words[1] == "-c":
        return parse_shell(words[2]).commands
    return parse_shell(" ".join("'" + w.replace("'", "'\\''") + "'" for w in words)).commands


def run_time_commands(model: Model, stage: Stage, options: Options) -> list[Command]:
    """The commands the image of `stage` (or of a stage built FROM it) runs at start, with the
    commands of the shell scripts they run that the build context holds."""
    from ..optimizer.context import context_of  # the build context's readers: only when asked
    from ..optimizer.requirements import Files

    out: list[Command] = []
    context = context_of(options.extra)
    for st in lineage(stage) + list(model.children(stage)):
        for inst in (i for i in st.body if i.kind in START):
            commands = start_commands(inst)
            out += commands
            if context is not None:
                files = Files(st, inst, context)
                for cmd in commands:
                    out += _script_commands(cmd, files)
    return out


def _script_commands(cmd: Command, files) -> list[Command]:
    """The commands of the script a start command runs (`/entrypoint.sh`, `sh run.sh`), when
    it was copied from the build context and is a shell script."""
    words = [w.value for w in cmd.words]
    if not words or words[0] is None:
        return []
    script = words[1] if posix_program(words[0]) and len(words) > 1 else words[0]
    if not script or script.startswith("-"):
        return []
    places = [files.absolute(script)] if "/" in script else [posixpath.join(d, script) for d in PATH]
    for place in places:
        try:
            source = files.context_path(place)
        except ValueError:
            continue
        text = files.context.text(source)
        if text is not None and (source.endswith(".sh") or SHELL_SCRIPT.match(text)):
            return parse_shell(text).commands
    return []
