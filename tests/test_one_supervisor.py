"""Every docker process runs under the engine's one supervisor.

`dockslim/verify/engine.py` starts client processes in exactly one place (`_supervised`: own
session, timeout, killed on failure or interrupt). Anywhere else in `dockslim/`, a call that
starts a process must name its program as a literal that is not a container client: a
program held in a variable (`subprocess.run([cli, ...])`) could be docker, so it fails too.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "dockslim"
ENGINE = PACKAGE / "verify" / "engine.py"
CLIENTS = {"docker", "buildah", "podman", "nerdctl"}
STARTERS = {
    "subprocess": {"run", "Popen", "call", "check_call", "check_output", "getoutput", "getstatusoutput"},
    "os": {"system", "popen", "execv", "execve", "execvp", "execvpe", "execl", "execlp", "spawnv", "spawnvp",
           "posix_spawn", "posix_spawnp"},
    "asyncio": {"create_subprocess_exec", "create_subprocess_shell"},
    "pty": {"spawn"},
}
SDKS = {"docker", "python_on_whales"}


def _starter_names(tree: ast.AST) -> tuple[dict[str, str], set[str]]:
    """Local names of the process modules (alias -> module) and of their starters imported by name."""
    modules, functions = {}, set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in STARTERS:
                    modules[alias.asname or alias.name] = alias.name
        elif isinstance(node, ast.ImportFrom) and node.module in STARTERS:
            functions |= {a.asname or a.name for a in node.names if a.name in STARTERS[node.module]}
    return modules, functions


def _program(call: ast.Call) -> str | None:
    """The program a process call names as a literal (`["git", ...]`, `"bash -n"`), else None."""
    first = call.args[0] if call.args else None
    if isinstance(first, (ast.List, ast.Tuple)) and first.elts:
        first = first.elts[0]
    if isinstance(first, ast.Constant) and isinstance(first.value, str) and first.value.strip():
        return Path(first.value.split()[0]).name
    return None


def process_calls(source: str) -> list[tuple[int, str | None]]:
    """(line, program named or None) for every call that starts a process."""
    tree = ast.parse(source)
    modules, functions = _starter_names(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        by_module = (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
                     and func.attr in STARTERS.get(modules.get(func.value.id, ""), set()))
        if by_module or (isinstance(func, ast.Name) and func.id in functions):
            found.append((node.lineno, _program(node)))
    return found


def violations(source: str) -> list[str]:
    """The process calls that run, or may run, a container client."""
    return [f"line {line}: " + (f"runs {program}" if program else "runs a program held in a variable")
            for line, program in process_calls(source) if program is None or program in CLIENTS]


def sdk_imports(source: str) -> list[str]:
    out = []
    for node in ast.walk(ast.parse(source)):
        names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                 else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
        out += [n for n in names if n.split(".")[0] in SDKS]
    return out


CASES = [
    ('import subprocess\nsubprocess.run(["docker", "ps"])\n', ["line 2: runs docker"]),
    ('import subprocess\nsubprocess.run(["/usr/bin/docker", "ps"])\n', ["line 2: runs docker"]),
    ('import subprocess as sp\nsp.Popen([cli, "build", "."])\n', ["line 2: runs a program held in a variable"]),
    ('from subprocess import check_output\ncheck_output(args)\n', ["line 2: runs a program held in a variable"]),
    ('import os\nos.system("docker rmi x")\n', ["line 2: runs docker"]),
    # a literal program that is not a container client: allowed
    ('import subprocess\nsubprocess.run(["git", "status"])\n', []),
    ('import subprocess\nsubprocess.run(["bash", "-n"], input=s)\n', []),
    # not a process call: `run` of another module, a method named run
    ('import subprocess\nengine.run(["docker"])\nsubprocess.DEVNULL\n', []),
]


@pytest.mark.parametrize("source, expected", CASES)
def test_the_check_finds_docker_processes(source, expected):
    assert violations(source) == expected


def test_no_docker_process_outside_the_engine():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == ENGINE:
            continue
        source = path.read_text(encoding="utf-8")
        found += [f"{path.relative_to(ROOT)}: {v}" for v in violations(source)]
        found += [f"{path.relative_to(ROOT)}: imports {name}" for name in sdk_imports(source)]
    assert not found, "run docker through dockslim.verify.engine.Engine:\n" + "\n".join(found)


def test_the_engine_starts_processes_in_one_place():
    source = ENGINE.read_text(encoding="utf-8")
    calls = process_calls(source)
    assert len(calls) == 1, calls
    supervisor = next(n for n in ast.walk(ast.parse(source))
                      if isinstance(n, ast.FunctionDef) and n.name == "_supervised")
    assert supervisor.lineno <= calls[0][0] <= supervisor.end_lineno
