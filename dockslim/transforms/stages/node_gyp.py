"""node-gyp's Python. node-gyp builds native addons when npm installs them, and runs Python to
do it: `python3` installed beside `make` and `g++` (or `build-base`, `build-essential`) in a
stage that installs package.json's dependencies is there for it, and is build-only like them
once the install is done, unless what the image runs later uses Python: a RUN, its CMD,
ENTRYPOINT or HEALTHCHECK, a start script of the build context they run, or a script of
package.json they call (`npm start`). The Node split leaves it in the builder; DS111 and DS120
remove it after the install with the build tools."""

import posixpath
import re

from ...optimizer.context import context_of
from ...optimizer.model import Model, Stage
from ...optimizer.packages import is_build_step
from ...optimizer.rules import Options
from ...optimizer.syntax import Instruction
from .._layers import workdir_before
from .._start_scripts import run_time_commands
from .commands import is_install, package_installs, sub_of
from .node_manifest import manifest_at, start_words
from .package_json import Manifest
from .plan import INSTALLS, Refused

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
               builds: tuple[Instruction, ...]) -> tuple[str, ...]:
    """The packages of GYP_PYTHON the stage installs beside node-gyp's build tools (in order),
    when the RUNs `builds` install package.json's dependencies and nothing else the image runs
    uses Python; none without package.json (the build context is not known: the scripts the
    start runs are not read)."""
    found = _beside_tools(stage)
    if not found or manifest is None or not any(_installs_node_packages(stage, inst) for inst in builds):
        return ()
    words: set[str] = set()
    skip = {inst.index for inst in builds}
    for inst in [*stage.runs(), *(r for child in model.children(stage) for r in child.runs())]:
        if inst.index in skip:
            continue
        view = model.run(inst).view
        if view is None or any(is_build_step(cmd) for _, cmd in view.commands()):
            return ()  # a RUN dockslim cannot read may run Python, one that builds (`npm rebuild`) node-gyp
        words.update(w.value or "" for _, cmd in view.commands() if not is_install(cmd) for w in cmd.words)
    for cmd in run_time_commands(model, stage, options):
        words |= start_words([w.value or "" for w in cmd.words], manifest)
    if any(RUNS_PYTHON.fullmatch(posixpath.basename(w)) for w in words):
        return ()
    return found


def build_only_python(model: Model, stage: Stage, builds: tuple[Instruction, ...], options: Options) -> frozenset[str]:
    """gyp_python for a stage that keeps building where it runs (DS111, DS120): package.json
    read as the install in `builds` sees it; none when it cannot be read."""
    install = next((inst for inst in builds if _installs_node_packages(stage, inst)), None)
    if install is None or not _beside_tools(stage):
        return frozenset()
    try:
        manifest = manifest_at(context_of(options.extra), stage, install, workdir_before(model, stage, install))
    except Refused:
        return frozenset()
    return frozenset(gyp_python(model, stage, options, manifest, builds))


def _beside_tools(stage: Stage) -> tuple[str, ...]:
    """The packages of GYP_PYTHON the stage installs (in order), when it installs node-gyp's
    build tools too."""
    names = [n for inst in stage.runs() for ins in package_installs(stage.run(inst)) for n in ins.names]
    found = tuple(dict.fromkeys(n for n in names if n in GYP_PYTHON))
    return found if any(GYP_TOOLS.fullmatch(n) for n in names) else ()


def _installs_node_packages(stage: Stage, inst: Instruction) -> bool:
    """The RUN installs node packages (`npm ci`, `yarn`, `pnpm install`): node-gyp runs there."""
    view = stage.run(inst).view
    return view is not None and any(
        cmd.program in INSTALLS and sub_of(cmd) in INSTALLS[cmd.program] for _, cmd in view.commands())
