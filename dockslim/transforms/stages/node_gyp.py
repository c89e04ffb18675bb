"""node-gyp's Python in a Node split. node-gyp builds native addons when npm installs them, and
runs Python to do it: `python3` installed beside `make` and `g++` (or `build-base`,
`build-essential`) in a Node image is there for it, and the builder, which runs the install,
keeps it. The runtime stage needs it only when what it runs uses Python: a RUN it keeps, its
CMD, ENTRYPOINT or HEALTHCHECK, a start script of the build context they run, or a script of
package.json they call (`npm start`)."""

import posixpath
import re

from ...optimizer.model import Model, Stage
from ...optimizer.rules import Options
from ...optimizer.syntax import Instruction
from .._start_scripts import run_time_commands
from .commands import is_install, package_installs
from .node_manifest import start_words
from .package_json import Manifest

# the packages that bring node-gyp its Python (python2 before node-gyp 6; setuptools brings the
# distutils node-gyp 9 and older import on Python 3.12)
GYP_PYTHON = frozenset({
    "python3", "python3-minimal", "python-is-python3", "python3-distutils", "python3-setuptools", "py3-setuptools",
    "python", "python2", "python-minimal", "python2-minimal", "python-is-python2",
})
# node-gyp's other build tools: Python beside one of them is there for it
GYP_TOOLS = re.compile(r"make|build-base|build-essential|(gcc|g\+\+|clang|clang\+\+)(-\d+)?")
# a word that runs Python: the interpreter, pip, a script of its own
RUNS_PYTHON = re.compile(r"(python|pip)[\d.]*|.+\.py")


def gyp_python(model: Model, stage: Stage, options: Options, manifest: Manifest | None,
               builder_only: tuple[Instruction, ...]) -> tuple[str, ...]:
    """The packages of GYP_PYTHON the stage installs beside node-gyp's build tools (in order), when
    nothing the runtime stage runs (but the RUNs in `builder_only`) uses Python; none without
    package.json (the build context is not known: the scripts the start runs are not read)."""
    names = [n for inst in stage.runs() for ins in package_installs(stage.run(inst)) for n in ins.names]
    found = tuple(dict.fromkeys(n for n in names if n in GYP_PYTHON))
    if not found or manifest is None or not any(GYP_TOOLS.fullmatch(n) for n in names):
        return ()
    words: set[str] = set()
    moved = {inst.index for inst in builder_only}
    for inst in stage.runs():
        if inst.index not in moved:
            words.update(w.value or "" for _, cmd in stage.run(inst).view.commands() if not is_install(cmd)
                         for w in cmd.words)
    for cmd in run_time_commands(model, stage, options):
        words |= start_words([w.value or "" for w in cmd.words], manifest)
    if any(RUNS_PYTHON.fullmatch(posixpath.basename(w)) for w in words):
        return ()
    return found
