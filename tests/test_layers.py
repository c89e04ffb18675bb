"""The layers of dockslim, as an import contract over every module of the package:

* `dockslim.optimizer`, the pure core, imports nothing of dockslim outside itself;
* the passes (`dockslim.transforms` and below) import the core and each other, never the
  pipeline that runs them (`dockslim.optimizer.pipeline`) and nothing above the core;
* every other module (the adapters: cli, lsp, bot, verify, and what they share) runs check
  and fix through `dockslim.api` or the public `dockslim` functions, never the pipeline itself;
* nothing imports the command line (`dockslim.cli`).

Every import counts: inside functions, under `TYPE_CHECKING`, and `importlib.import_module`
of a literal name. (import-linter's contracts say the same; this reads the source itself, so
the suite needs nothing more.)
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "dockslim"
CORE = "dockslim.optimizer"
PASSES = "dockslim.transforms"
PIPELINE = "dockslim.optimizer.pipeline"
CLI = "dockslim.cli"
PUBLIC = ("dockslim", "dockslim.api")  # the public functions and the one settings module


def under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def modules() -> dict[str, Path]:
    """Every module of the package by its dotted name."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _absolute(module: str, level: int, package: str) -> str:
    """The absolute name of `from <level dots><module> import ...` written in `package`."""
    if not level:
        return module
    base = package.split(".")[: len(package.split(".")) - level + 1]
    return ".".join(base + ([module] if module else []))


def _import_module_call(node: ast.AST) -> str | None:
    """The literal name given to importlib.import_module(...) or __import__(...)."""
    if not isinstance(node, ast.Call) or not node.args:
        return None
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
    first = node.args[0]
    if name in ("import_module", "__import__") and isinstance(first, ast.Constant) and isinstance(first.value, str):
        return first.value
    return None


def imports(source: str, name: str, is_package: bool, known: set[str]) -> list[tuple[int, str]]:
    """(line, module) for every dockslim module that `source` (module `name`) imports."""
    package = name if is_package else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node.module or "", node.level, package)
            # `from . import files` imports the module dockslim.files; `from .x import f`, x
            found += [(node.lineno, f"{base}.{a.name}" if f"{base}.{a.name}" in known else base) for a in node.names]
        elif (literal := _import_module_call(node)) is not None:
            level = len(literal) - len(literal.lstrip("."))
            found.append((node.lineno, _absolute(literal.lstrip("."), level, package)))
    return sorted({(line, target) for line, target in found if under(target, "dockslim")})


@cache
def graph() -> list[tuple[str, int, str]]:
    """(importer, line, imported) over the whole package."""
    mods = modules()
    known = set(mods)
    return [
        (name, line, target)
        for name, path in mods.items()
        for line, target in imports(path.read_text(encoding="utf-8"), name, path.name == "__init__.py", known)
    ]


def assert_kept(rule) -> None:
    """No import of the package breaks `rule(importer, imported)`; else the list of those that do."""
    found = [f"{importer} (line {line}) imports {target}"
             for importer, line, target in graph() if rule(importer, target)]
    assert not found, "\n".join(["imports across the layers:", *found])


def test_the_core_imports_nothing_above_it():
    assert_kept(lambda importer, target: under(importer, CORE) and not under(target, CORE))


def test_passes_import_the_core_and_each_other_never_the_pipeline():
    def rule(importer, target):
        above = not (under(target, CORE) or under(target, PASSES))
        return under(importer, PASSES) and (above or under(target, PIPELINE))

    assert_kept(rule)


def test_adapters_run_check_and_fix_through_the_api():
    def rule(importer, target):
        adapter = not (under(importer, CORE) or under(importer, PASSES) or importer in PUBLIC)
        return adapter and under(target, PIPELINE)

    assert_kept(rule)


def test_nothing_imports_the_command_line():
    assert_kept(lambda importer, target: under(target, CLI) and not under(importer, CLI))


def test_the_contract_sees_the_layers():
    """The contract reads the real package: each layer it names is there."""
    mods = modules()
    assert {CORE, PASSES, PIPELINE, CLI, *PUBLIC} <= set(mods)
    assert sum(under(m, PASSES) for m in mods) > 20


@pytest.mark.parametrize(
    "source, name, is_package, wanted",
    [
        # function-level and TYPE_CHECKING imports count as much as top-level ones
        ("def f():\n    from .pipeline import fix\n", "dockslim.optimizer.rules", False, [(2, PIPELINE)]),
        ("if TYPE_CHECKING:\n    from ..transforms import _apt\n", "dockslim.optimizer.model", False,
         [(2, "dockslim.transforms._apt")]),
        # `from .. import transforms` imports the package, `from . import fix` a name of dockslim
        ("from .. import transforms\n", "dockslim.optimizer.rules", False, [(1, PASSES)]),
        ("from . import fix\n", "dockslim.lsp", False, [(1, "dockslim")]),
        ("from .optimizer import pipeline\n", "dockslim", True, [(1, PIPELINE)]),
        ("import dockslim.cli as c\nimport json\n", "dockslim.bot", False, [(1, CLI)]),
        ("importlib.import_module('dockslim.cli')\nimportlib.import_module('.pipeline', __package__)\n",
         "dockslim.optimizer.x", False, [(1, CLI), (2, PIPELINE)]),
        # an import of something else is not ours to judge
        ("import importlib\nfrom pathlib import Path\n", "dockslim.optimizer.rules", False, []),
    ],
)
def test_imports_reads_every_kind_of_import(source, name, is_package, wanted):
    known = {PIPELINE, PASSES, "dockslim.transforms._apt", CLI}
    assert imports(source, name, is_package, known) == wanted
