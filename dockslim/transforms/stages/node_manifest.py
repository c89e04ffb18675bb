"""What package.json tells the Node split: the manifest npm reads at the install (through the
stage's COPYs and WORKDIR), what it rules out (install scripts, workspaces, yarn 2+, a CMD
that needs devDependencies) and the runtime libraries of its native addons."""

from __future__ import annotations

import posixpath
import re

from ...optimizer.context import BuildContext
from ...optimizer.model import Stage
from ...optimizer.node_addons import ADDONS, runtime_packages
from ...optimizer.packages import DEBIAN, family_of, knows_release, release_of
from ...optimizer.syntax import Instruction
from .commands import exec_words
from .package_json import INSTALL_SCRIPTS, Manifest, Unreadable, context_path, read_manifest
from .plan import Refused

# programs whose package has another name (the others share their package's name)
_BIN_PACKAGES = {"tsc": "typescript", "tsserver": "typescript", "babel": "@babel/cli", "babel-node": "@babel/node",
                 "nest": "@nestjs/cli"}
_SCRIPT_CALL = re.compile(r"\b(?:npm run(?:-script)?|yarn(?: run)?|pnpm(?: run)?)\s+([\w:.-]+)")


def manifest_notes(context, manifest, manager: str) -> tuple[str, ...]:
    """Refuses a package.json the split cannot handle; notes what goes unchecked without one."""
    if manifest is None and manager == "yarn":
        raise Refused("yarn: without the build context, yarn 1 and yarn 2+ (whose production installs differ) cannot be told apart")
    if manifest is None:
        return ("package.json was not read (the build context is not known): its install scripts, "
                "workspaces and native addons' runtime libraries are not checked",)
    _manifest_guards(manifest)
    if manager == "yarn" and yarn_berry(context, manifest):
        raise Refused(f"yarn 2+ ({yarn_berry(context, manifest)}): its production install is not handled")
    return ()



def manifest_at(context: BuildContext | None, stage: Stage, inst: Instruction, wd: str) -> Manifest | None:
    """package.json as npm reads it at `inst`; None when the context is not known."""
    if context is None:
        return None
    path = context_path(context, stage, inst, posixpath.join(wd, "package.json"))
    if path is None:
        raise Refused(f"no COPY before line {inst.start_line} brings package.json into {wd}")
    try:
        return read_manifest(context, path)
    except Unreadable as why:
        raise Refused(str(why)) from None


def _manifest_guards(manifest: Manifest) -> None:
    if manifest.workspaces:
        raise Refused(f"{manifest.path} declares workspaces, which npm links into node_modules from their own folders")
    for script in INSTALL_SCRIPTS:
        if script in manifest.scripts:
            raise Refused(f"the `{script}` script of {manifest.path} runs at install "
                          f"(`{manifest.scripts[script]}`) and may need the source or devDependencies")


def start_guards(stage: Stage, manifest: Manifest | None, context: BuildContext | None = None, wd: str = "/") -> None:
    """A CMD/ENTRYPOINT that calls devDependencies, through package.json's scripts or the
    modules the file node runs requires; without package.json, one that runs npx or a package
    script other than `start`."""
    for kind in ("ENTRYPOINT", "CMD"):
        found = [i for i in stage.body if i.kind == kind]
        words = exec_words(found[-1]) if found else []
        if not words:
            continue
        if manifest is not None:
            needed = dev_needed(words, manifest)
            if needed:
                raise Refused(f"line {found[-1].start_line}: {kind} needs devDependencies ({', '.join(needed)})")
            dev_only = set(manifest.dev_dependencies) - set(manifest.dependencies)
            for script in entry_scripts(words, manifest):
                required = sorted(required_packages(context, stage, found[-1], posixpath.join(wd, script)) & dev_only)
                if required:
                    raise Refused(f"line {found[-1].start_line}: {script}, which {kind} runs with node, requires "
                                  f"devDependencies ({', '.join(required)})")
            continue
        text = " ".join(words)
        called = set(_SCRIPT_CALL.findall(text)) | set(re.findall(r"\bnpm\s+(?!run\b|run-script\b)([\w:.-]+)", text))
        if re.search(r"\bnpx\b", text) or called - {"start"}:
            raise Refused(f"line {found[-1].start_line}: {kind} runs `{' '.join(words[:3])}`, which may call "
                          "devDependencies, and package.json was not read (the build context is not known)")


def dev_needed(words: list[str], manifest: Manifest) -> list[str]:
    """The devDependencies a CMD calls, directly or through package.json's scripts."""
    return sorted({_BIN_PACKAGES.get(w, w) for w in start_words(words, manifest)} & set(manifest.dev_dependencies))


def start_texts(words: list[str], manifest: Manifest) -> list[str]:
    """The start command, and the package.json scripts it calls (`npm start`: prestart, start
    and poststart; `npm run serve`, `yarn serve`)."""
    texts, out = [" ".join(words)], []
    seen: set[str] = set()
    while texts:
        text = texts.pop()
        out.append(text)
        called = _SCRIPT_CALL.findall(text) + (["start"] if re.search(r"\bnpm start\b", text) else [])
        for script in called:
            if script not in seen:
                seen.add(script)
                texts.extend(manifest.scripts.get(f"{p}{script}", "") for p in ("pre", "", "post"))
    return out


def start_words(words: list[str], manifest: Manifest) -> set[str]:
    """The words (base names) a start command runs, with those of the scripts it calls."""
    return {posixpath.basename(w) for text in start_texts(words, manifest)
            for w in re.split(r"[\s;&|()'\"]+", text) if w}


_NODE_RUNS = re.compile(r"(?:^|[\s;&|(])(?:\S*/)?node(?:js)?((?:\s+-\S+)*)\s+([^\s;&|)'\"-][^\s;&|)'\"]*)")
_REQUIRES = re.compile(r"""(?:\brequire\s*\(\s*|\bimport\s*\(\s*|\bfrom\s+|^\s*import\s+)['"]([^'"]+)['"]""", re.M)
_SUFFIXES = ("", ".js", ".cjs", ".mjs", ".ts", "/index.js", "/index.cjs", "/index.mjs", "/index.ts")
_MAX_FILES = 200  # local modules followed from the entry file


def entry_scripts(words: list[str], manifest: Manifest) -> list[str]:
    """The files a start command (or the scripts it calls) runs with node: `node server.js`."""
    return [m.group(2) for text in start_texts(words, manifest) for m in _NODE_RUNS.finditer(text)]


def required_packages(context: BuildContext | None, stage: Stage, inst: Instruction, path: str) -> set[str]:
    """The packages the file at `path` (in the image) requires or imports, and the local
    modules it requires do, as far as the build context holds them (none when it is not known)."""
    start = context_path(context, stage, inst, path) if context is not None else None
    todo, seen, out = [start] if start is not None else [], set(), set()
    while todo and len(seen) < _MAX_FILES:
        rel = todo.pop()
        text = next(((c, t) for c in (rel + s for s in _SUFFIXES) if (t := context.text(c)) is not None), None)
        if text is None or text[0] in seen:
            continue
        seen.add(text[0])
        for spec in _REQUIRES.findall(text[1]):
            if spec.startswith("."):
                todo.append(posixpath.normpath(posixpath.join(posixpath.dirname(text[0]), spec)))
            elif not spec.startswith(("/", "node:")):
                parts = spec.split("/")
                out.add("/".join(parts[:2]) if spec.startswith("@") else parts[0])
    return out


def addon_libraries(stage: Stage, manifest: Manifest | None) -> dict[str, tuple[str, ...]]:
    """addon -> the runtime packages its build links, for the dependencies the table knows."""
    if manifest is None:
        return {}
    family = family_of(stage.base)
    needy = [d for d in manifest.dependencies if d in ADDONS and ADDONS[d].dev]
    if needy and family == DEBIAN and not knows_release(stage.base):
        raise Refused(f"{needy[0]} links system libraries, and the Debian release of {stage.base} is not known")
    return runtime_packages(manifest.dependencies, family, release_of(stage.base))


def yarn_berry(context: BuildContext, manifest: Manifest) -> str | None:
    """What shows yarn 2 or later: package.json's packageManager, or a .yarnrc.yml beside it."""
    if re.match(r"yarn@([2-9]|\d\d)", manifest.package_manager or ""):
        return f"packageManager {manifest.package_manager}"
    rc = posixpath.join(posixpath.dirname(manifest.path), ".yarnrc.yml")
    return rc if context.has(rc) else None
