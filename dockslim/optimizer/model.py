"""The semantic model over the syntax tree: stages, base images, ARGs, SHELL."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .run import Run
from .syntax import Dockerfile, Instruction
from .words import parse_words, unquote

DEFAULT_SHELL = ("/bin/sh", "-c")
WINDOWS_SHELL = ("cmd", "/S", "/C")  # the default SHELL of Windows images
_WINDOWS_IMAGE = re.compile(r"(mcr\.microsoft\.com/windows|servercore|nanoserver|windows-?server|ltsc20\d\d)", re.I)


def is_windows_base(from_inst: Instruction, base: str) -> bool:
    """A FROM whose image (or --platform) says Windows: its RUNs go to cmd.exe, not sh."""
    platform = from_inst.flag("platform")
    if platform is not None and (platform.value or "").lower().startswith("windows"):
        return True
    return bool(_WINDOWS_IMAGE.search(base))


_VAR = re.compile(r"\$(?:\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-+])(?P<word>[^}]*))?\}|(?P<plain>[A-Za-z_][A-Za-z0-9_]*))")


def expand(text: str, env: dict[str, str | None]) -> str:
    """Substitute `$VAR`, `${VAR}`, `${VAR:-default}` and `${VAR:+alt}` as BuildKit does."""

    def sub(m: re.Match) -> str:
        name = m.group("braced") or m.group("plain")
        value = env.get(name)
        op = m.group("op")
        if op in (":-", "-"):
            return value if value or (op == "-" and value is not None) else m.group("word")
        if op in (":+", "+"):
            return m.group("word") if value or (op == "+" and value is not None) else ""
        return value or ""

    return _VAR.sub(sub, text)


def arg_pairs(inst: Instruction) -> list[tuple[str, str | None]]:
    """ARG NAME[=default] ... as (name, default)."""
    out = []
    for word, _, _ in parse_words(inst.rest, inst.escape):
        name, eq, default = word.partition("=")
        out.append((name, unquote(default) if eq else None))
    return out


class Stage:
    """One stage: FROM and the instructions up to the next FROM (read-only)."""

    __slots__ = ("index", "from_", "base", "alias", "parent", "body", "copies_from", "shell_by_index", "_runs")

    def __init__(self, *, index: int, from_: Instruction, base: str, alias: str | None, parent: Stage | None,
                 body: tuple[Instruction, ...], copies_from: tuple[str, ...],
                 shell_by_index: dict[int, tuple[str, ...]] | None = None) -> None:
        self.index = index
        self.from_ = from_
        self.base = base  # the image reference with ARG defaults resolved
        self.alias = alias
        self.parent = parent  # the earlier stage this one is built FROM
        self.body = body  # the instructions after FROM, up to the next FROM
        self.copies_from = copies_from  # --from= values of COPY (and RUN --mount from=)
        self.shell_by_index = {} if shell_by_index is None else shell_by_index
        self._runs: dict[int, Run] = {}

    @property
    def name(self) -> str:
        return self.alias or str(self.index)

    def shell_for(self, inst: Instruction) -> tuple[str, ...]:
        """The SHELL in effect for an instruction of this stage."""
        return self.shell_by_index.get(inst.index, DEFAULT_SHELL)

    def run(self, inst: Instruction) -> Run:
        """The Run of one of the stage's RUNs (the same as `Model.run(inst)`), worked out once."""
        found = self._runs.get(inst.index)
        if found is None or found.inst is not inst:
            found = self._runs[inst.index] = Run(inst, self, self.shell_for(inst))
        return found

    @property
    def base_name(self) -> str:
        """`python:3.11-slim@sha256:...` -> `python`."""
        ref = self.base.split("@", 1)[0]
        last = ref.rsplit("/", 1)[-1]
        return last.split(":", 1)[0]

    @property
    def base_tag(self) -> str | None:
        ref = self.base.split("@", 1)[0]
        last = ref.rsplit("/", 1)[-1]
        return last.split(":", 1)[1] if ":" in last else None

    def runs(self) -> tuple[Instruction, ...]:
        return tuple(i for i in self.body if i.kind == "RUN")


class Model:
    """The stages of a Dockerfile, what each is built FROM and copies, and the global ARGs
    (read-only)."""

    __slots__ = ("dockerfile", "stages", "global_args")

    def __init__(self, *, dockerfile: Dockerfile, stages: tuple[Stage, ...], global_args: dict[str, str | None]) -> None:
        self.dockerfile = dockerfile
        self.stages = stages
        self.global_args = global_args

    def run(self, inst: Instruction) -> Run:
        """What passes need to know about a RUN (its shell, shell view, stage...), worked
        out once per RUN of this model (by its stage)."""
        stage = self.stage_of(inst)
        return stage.run(inst) if stage is not None else Run(inst, None, DEFAULT_SHELL)

    def runs(self) -> Iterator[Run]:
        """Every RUN of every stage, in order."""
        for stage in self.stages:
            for inst in stage.runs():
                yield stage.run(inst)

    @property
    def instructions(self) -> tuple[Instruction, ...]:
        return self.dockerfile.instructions

    @property
    def final(self) -> Stage | None:
        return self.stages[-1] if self.stages else None

    def stage_of(self, inst: Instruction) -> Stage | None:
        for stage in self.stages:
            if stage.from_.index <= inst.index and (not stage.body or inst.index <= stage.body[-1].index):
                return stage
        return None

    def stage_named(self, ref: str) -> Stage | None:
        for stage in self.stages:
            if (stage.alias and stage.alias.lower() == ref.lower()) or str(stage.index) == ref:
                return stage
        return None

    def children(self, stage: Stage) -> tuple[Stage, ...]:
        """Stages built FROM `stage` (directly or through other stages)."""
        out = []
        for other in self.stages:
            parent = other.parent
            while parent is not None:
                if parent is stage:
                    out.append(other)
                    break
                parent = parent.parent
        return tuple(out)

    @property
    def shipped_stages(self) -> tuple[Stage, ...]:
        """The stages whose layers end up in the image: the final stage and the stages it is
        built FROM, root first. A stage only copied from (`COPY --from`) ships the files it
        hands over, not its layers, and a stage nothing uses ships nothing. The image is the
        last stage's, as `docker build` without `--target` makes it: a `--target` is not
        known from the file."""
        out: list[Stage] = []
        stage = self.final
        while stage is not None:
            out.append(stage)
            stage = stage.parent
        return tuple(reversed(out))

    def ships(self, stage: Stage) -> bool:
        """True when the stage's layers end up in the image (see shipped_stages)."""
        return any(s is stage for s in self.shipped_stages)

    def copied_from(self, stage: Stage) -> bool:
        """True when another stage copies files out of this one."""
        return any(
            (ref.lower() == (stage.alias or "").lower() or ref == str(stage.index))
            for other in self.stages
            for ref in other.copies_from
        )


def build_model(dockerfile: Dockerfile) -> Model:
    global_args: dict[str, str | None] = {}
    stages: list[Stage] = []
    current: list = []  # [from_inst, body list, shell, shells dict, copies list]

    def close() -> None:
        if not current:
            return
        from_inst, body, _shell, shells, copies = current
        words = [w for w in from_inst.value]
        base = expand(words[0], global_args) if words else ""
        alias = words[2] if len(words) >= 3 and words[1].lower() == "as" else None
        parent = next(
            (s for s in reversed(stages) if s.alias and s.alias.lower() == base.lower()), None
        )
        stages.append(
            Stage(
                index=len(stages), from_=from_inst, base=base, alias=alias, parent=parent,
                body=tuple(body), copies_from=tuple(copies), shell_by_index=shells,
            )
        )

    for inst in dockerfile.instructions:
        kind = inst.kind
        if kind == "FROM":
            close()
            base = expand(inst.value[0], global_args) if inst.value else ""
            parent_shell = WINDOWS_SHELL if is_windows_base(inst, base) else DEFAULT_SHELL
            for s in stages:
                if s.alias and s.alias.lower() == base.lower():
                    parent_shell = s.shell_by_index.get(s.body[-1].index, parent_shell) if s.body else parent_shell
            current[:] = [inst, [], parent_shell, {}, []]
            continue
        if not current:
            if kind == "ARG":
                global_args.update(arg_pairs(inst))
            continue
        _from, body, shell, shells, copies = current
        if kind == "SHELL" and inst.is_json:
            current[2] = shell = inst.value
        shells[inst.index] = shell
        body.append(inst)
        if kind == "COPY" and inst.flag("from"):
            copies.append(inst.flag("from").value or "")
        if kind == "RUN":
            for mount in inst.flags_named("mount"):
                source = mount.options.get("from")
                if source:
                    copies.append(source)
    close()
    return Model(dockerfile=dockerfile, stages=tuple(stages), global_args=global_args)
