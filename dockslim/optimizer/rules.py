"""What a pass declares about itself, and how the pipeline sees a pass (dockslim.transforms
lists them)."""


import enum
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Callable, Iterator, NamedTuple

from .findings import Applicability, Edit, Finding, Fix
from .model import Model


class Phase(enum.IntEnum):
    """Passes run phase by phase, each to a fixpoint, in this order."""

    STAGES = 1  # builder/runtime split, first: a stage it makes a builder ships no bytes, so
    # the size passes after it leave that stage as the user wrote it
    STRUCTURE = 2  # merging RUNs, before cleanup is added to them
    COMMAND = 3  # flags on package-manager commands
    CLEANUP = 4  # caches and build-only packages removed in the layer that made them


class PassSpec(NamedTuple):
    code: str  # DSNNN
    name: str  # kebab-case
    phase: Phase
    summary: str  # one line
    applicability: Applicability  # the highest it ever emits (SAFE when it only emits safe fixes)
    kinds: tuple[str, ...] = ("RUN",)  # instruction kinds it may edit
    hadolint: tuple[str, ...] = ()  # related hadolint rules whose pragmas it honours
    fixable: bool = True
    stage_bound: bool | None = None  # see `bound_to_shipped_stages`; None: by the phase

    @property
    def bound_to_shipped_stages(self) -> bool:
        """A size pass: it reports only in stages whose layers reach the image (Model.ships),
        since elsewhere no byte is saved and the build cache is lost. Unless the spec says
        otherwise, every pass but the STAGES ones (the builder/runtime split is about every
        stage)."""
        return self.phase is not Phase.STAGES if self.stage_bound is None else self.stage_bound

    def fix(self, title: str, *edits: Edit, applicability: Applicability | None = None) -> Fix:
        """A fix of this pass: the spec's applicability unless a lower one is given (a pass
        may say a fix needs less trust than it declares, never more)."""
        level = self.applicability if applicability is None else applicability
        if level > self.applicability:
            raise ValueError(f"{self.code} declares {self.applicability} fixes at most, not {level}")
        return Fix(title, level, tuple(edits))

    def report(self, span: tuple[int, int], message: str, fix: Fix | None = None) -> Finding:
        """A finding of this pass on text[span[0]:span[1]] (ruff's report_diagnostic)."""
        if fix is not None and fix.applicability > self.applicability:
            raise ValueError(f"{self.code} declares {self.applicability} fixes at most")
        return Finding(self.code, message, span[0], span[1], fix)

    def left_alone(self, span: tuple[int, int], why: str) -> Finding:
        """The note this pass gives when it leaves text[span[0]:span[1]] alone, saying why."""
        return Finding.left_alone(self.code, why, span[0], span[1])


class Options(NamedTuple):
    """Settings from the command line or `[tool.dockslim]`."""

    strategy: str = "cleanup"  # or "cache-mounts"
    extra: Mapping = MappingProxyType({})  # read-only: one default for every Options


class Pass(NamedTuple):
    spec: PassSpec
    doc: str
    check: Callable[[Model, Options], Iterator[Finding]]
    # a text that contains none of these words has nothing for the pass (none: every text)
    words: tuple[str, ...] = ()

    @property
    def code(self) -> str:
        return self.spec.code

    @property
    def name(self) -> str:
        return self.spec.name


# what `concerned` reads past: line continuations, escapes and quotes (`a"pt"-g\et` runs apt-get)
_NOT_WORDS = re.compile(r"[\\`]\r?\n|[\\`'\"]")


def concerned(passes: tuple[Pass, ...], text: str) -> tuple[Pass, ...]:
    """The passes that can have something to say about `text`: those with one of their words
    in it, in any case. The others are not asked (nor, when a registry loads passes on first
    use, loaded)."""
    plain = _NOT_WORDS.sub("", text).lower()
    return tuple(p for p in passes if not p.words or any(w in plain for w in p.words))
