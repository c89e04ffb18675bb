"""What a pass declares about itself, and the registry that finds the passes."""

from __future__ import annotations

import enum
import importlib
import pkgutil
import re
from dataclasses import dataclass, field
from functools import cache
from types import ModuleType
from typing import Callable, Iterator

from .findings import Applicability, Finding
from .model import Model


class Phase(enum.IntEnum):
    """Passes run phase by phase, each to a fixpoint, in this order."""

    STRUCTURE = 1  # merging RUNs, before cleanup is added to them
    COMMAND = 2  # flags on package-manager commands
    CLEANUP = 3  # caches and build-only packages removed in the layer that made them
    STAGES = 4  # builder/runtime split


@dataclass(frozen=True)
class PassSpec:
    code: str  # DSNNN
    name: str  # kebab-case
    phase: Phase
    summary: str  # one line
    applicability: Applicability  # the highest it ever emits (SAFE when it only emits safe fixes)
    kinds: tuple[str, ...] = ("RUN",)  # instruction kinds it may edit
    hadolint: tuple[str, ...] = ()  # related hadolint rules whose pragmas it honours
    fixable: bool = True
    # a size pass: it reports only in stages whose layers reach the image (Model.ships), since
    # elsewhere no byte is saved and the build cache is lost; None means every pass but the
    # STAGES ones (the builder/runtime split is about every stage)
    stage_bound: bool | None = None

    def __post_init__(self) -> None:
        if self.stage_bound is None:
            object.__setattr__(self, "stage_bound", self.phase is not Phase.STAGES)


@dataclass(frozen=True)
class Options:
    """Settings from the command line or `[tool.dockslim]`."""

    strategy: str = "cleanup"  # or "cache-mounts"
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Pass:
    spec: PassSpec
    doc: str
    check: Callable[[Model, Options], Iterator[Finding]]

    @property
    def code(self) -> str:
        return self.spec.code


@cache
def registry() -> tuple[Pass, ...]:
    """Every pass module in dockslim.transforms (named dsNNN_*), ordered by code."""
    from .. import transforms

    found = []
    for info in pkgutil.iter_modules(transforms.__path__):
        if re.fullmatch(r"ds\d{3}_\w+", info.name):
            module: ModuleType = importlib.import_module(f"{transforms.__name__}.{info.name}")
            found.append(Pass(spec=module.SPEC, doc=(module.__doc__ or "").strip(), check=module.check))
    return tuple(sorted(found, key=lambda p: p.code))


def find_pass(code: str) -> Pass | None:
    code = code.upper()
    return next((p for p in registry() if p.code == code or p.spec.name == code.lower()), None)


def selected(select: list[str] | None, ignore: list[str] | None) -> tuple[Pass, ...]:
    """Passes chosen by code prefixes (`DS1` selects DS100-DS199), ignore winning."""

    def matches(p: Pass, prefixes: list[str]) -> bool:
        return any(p.code.startswith(x.upper()) or p.spec.name == x.lower() or x.upper() == "ALL" for x in prefixes)

    out = registry()
    if select:
        out = tuple(p for p in out if matches(p, select))
    if ignore:
        out = tuple(p for p in out if not matches(p, ignore))
    return out
