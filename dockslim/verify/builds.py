"""Builds: the texts a verification builds, each built once and described from the engine.

A `Builds` belongs to one Dockerfile. It makes the text each subset of the passes gives
(`text_for`), writes it to a folder of its own beside a copy of the Dockerfile's own
`.dockerignore`, builds it with the build context on the engine (tag
`dockslim-verify/<hash>:<suffix>`), and reads the image's size, layers and config. Every
line of build output goes to the shared `BuildLog`, and on a terminal each step to `Progress`.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from .. import fix
from ..optimizer.rules import Options, Pass
from .dockerfile import final_base, syntax_directive, without_directive
from .engine import BuildResult, Engine, RunResult
from .image_config import inherited_config

DEFAULT_TIMEOUT = 1800.0


@dataclass
class Settings:
    unsafe_fixes: bool = False
    select: list[str] | None = None
    ignore: list[str] | None = None
    options: Options | None = None
    passes: tuple[Pass, ...] | None = None  # instead of the registry (select/ignore then unused)
    smoke: str | None = None
    context: str | None = None  # default: the Dockerfile's folder
    timeout: float = DEFAULT_TIMEOUT  # per build, smoke run and export
    keep_images: bool = False
    repair: bool = False  # drop the passes that break the image and keep the rest
    attribution: bool = True
    filesystem: bool = True


class BuildLog:
    """Every line of build output, from every job, in one file."""

    def __init__(self, path: str | os.PathLike | None = None):
        if path is None:
            path = os.path.join(tempfile.mkdtemp(prefix="dockslim-verify-"), "build.log")
        self.path = str(path)
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._handle = open(self.path, "a", encoding="utf-8", errors="replace")

    def write(self, label: str, line: str) -> None:
        with self._lock:
            self._handle.write(f"[{label}] {line}\n")
            self._handle.flush()

    def close(self) -> None:
        with self._lock:
            self._handle.close()


_STEP = re.compile(r"^#\d+ \[(?P<step>[^\]]+)\] (?P<what>.+)$")


class Progress:
    """Phase lines on stderr; on a terminal also each build step as it starts."""

    def __init__(self, stream: TextIO | None = None, steps: bool | None = None, quiet: bool = False):
        self.stream = stream or sys.stderr
        self.steps = self.stream.isatty() if steps is None else steps
        self.quiet = quiet
        self._lock = threading.Lock()

    def phase(self, label: str, message: str) -> None:
        if not self.quiet:
            self._emit(f"dockslim: {label}: {message}")

    def build_line(self, label: str, line: str) -> None:
        if self.quiet or not self.steps:
            return
        m = _STEP.match(line)
        if m:
            width = shutil.get_terminal_size((120, 20)).columns
            self._emit(f"  {label} [{m.group('step')}] {m.group('what')}"[: max(40, width - 1)])

    def _emit(self, text: str) -> None:
        with self._lock:
            print(text, file=self.stream, flush=True)


# ------------------------------------------------------------------------------ results


@dataclass
class Candidate:
    """One built text: the original, the rewrite, or a rewrite by a subset of the passes."""

    text: str
    codes: tuple[str, ...]
    tag: str
    build: BuildResult
    size: int | None = None
    layers: int | None = None
    config: dict = field(default_factory=dict)
    image_id: str | None = None
    smoke: RunResult | None = None
    reasons: list[str] | None = None  # None until checked; empty when it verifies
    config_changes: list[dict] = field(default_factory=list)

    @property
    def built(self) -> bool:
        return self.build.ok

    @property
    def ok(self) -> bool:
        return self.reasons == []



class Builds:
    """The builds of one Dockerfile: every text built once, its images removed at the end."""

    def __init__(self, path: str, text: str, settings: Settings, engine: Engine, log: BuildLog, progress: Progress):
        self.path = path
        self.text = text
        self.settings = settings
        self.engine = engine
        self.log = log
        self.progress = progress
        where = "<stdin>" if path == "-" else os.path.abspath(path)
        key = "\0".join(map(str, (
            where, text, os.getpid(), settings.unsafe_fixes, settings.select, settings.ignore, settings.options,
            [p.code for p in settings.passes or ()], settings.context,
        )))
        digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:12]
        self.repo = f"dockslim-verify/{digest}"
        if settings.context:
            self.context = os.path.abspath(settings.context)
        elif path == "-":
            self.context = None
        else:
            self.context = os.path.dirname(os.path.abspath(path))
        self.basename = "Dockerfile" if path == "-" else os.path.basename(path)
        self.effective: tuple[Pass, ...] = ()
        self.texts: dict[tuple[str, ...], str] = {}
        self.candidates: dict[str, Candidate] = {}  # by text
        self.stage_images: dict[tuple[str, str], Candidate] = {}  # (text, stage) -> that stage built
        # what the runtime libraries check found, by text, and the original image's packages
        # (False until asked): the repair loop and the report ask again
        self.libraries: dict[str, dict] = {}
        self.before_packages: set[str] | None | bool = False
        self.tags: list[str] = []
        self.steps = 0
        self.strip_syntax = False
        self.syntax = syntax_directive(text)
        self.tmp: str | None = None
        self.before: Candidate | None = None

    def say(self, message: str) -> None:
        self.progress.phase(self.path, message)

    def text_for(self, codes: tuple[str, ...]) -> str:
        if codes not in self.texts:
            if not codes:
                self.texts[codes] = self.text
            else:
                subset = tuple(p for p in self.effective if p.code in codes)
                s = self.settings
                self.texts[codes] = fix(self.text, unsafe_fixes=s.unsafe_fixes, options=s.options, passes=subset).text
        return self.texts[codes]

    def build_text(self, text: str) -> str:
        return without_directive(text, self.syntax) if self.strip_syntax and self.syntax else text

    def build(self, text: str, codes: tuple[str, ...], suffix: str, target: str | None = None) -> Candidate:
        """Build `text` (up to the stage `target`) as `<repo>:<suffix>`."""
        assert self.tmp is not None and self.context is not None
        folder = os.path.join(self.tmp, suffix)
        os.makedirs(folder, exist_ok=True)
        dockerfile = os.path.join(folder, self.basename)
        Path(dockerfile).write_text(self.build_text(text), encoding="utf-8")
        if self.path != "-":  # BuildKit reads <Dockerfile>.dockerignore beside the Dockerfile first
            own_ignore = self.path + ".dockerignore"
            if os.path.isfile(own_ignore):
                shutil.copyfile(own_ignore, dockerfile + ".dockerignore")
        tag = f"{self.repo}:{suffix}"
        label = f"{self.path} {suffix}"
        self.log.write(label, f"--- build {tag} on {self.engine.name} (context {self.context})")

        def on_line(line: str) -> None:
            self.log.write(label, line)
            self.progress.build_line(label, line)

        result = self.engine.build(dockerfile, self.context, tag, self.settings.timeout, on_line, target=target)
        self.log.write(label, f"--- {'built' if result.ok else 'FAILED: ' + (result.error or '')} in {result.seconds:.1f}s")
        cand = Candidate(text=text, codes=codes, tag=tag, build=result)
        if result.ok:
            self.tags.append(tag)
            info = self.engine.inspect(tag)
            cand.image_id = info.get("Id")
            cand.size = int(info.get("Size") or 0)
            cand.layers = len((info.get("RootFS") or {}).get("Layers") or [])
            cand.config = info.get("Config") or {}
        return cand

    def candidate(self, codes: tuple[str, ...], suffix: str | None = None) -> Candidate:
        """The text the passes `codes` give, built once (`step-N` unless `suffix` names it)."""
        text = self.text_for(codes)
        if text in self.candidates:
            return self.candidates[text]
        if suffix is None:
            self.steps += 1
            suffix = f"step-{self.steps}"
        self.say(f"building {'the rewrite' if suffix == 'after' else suffix} ({', '.join(codes)})")
        cand = self.build(text, codes, suffix)
        self.candidates[text] = cand
        return cand

    def stage_image(self, cand: Candidate, stage: str) -> Candidate:
        """`cand`'s text built up to `stage` (`--target`), once per text."""
        key = (cand.text, stage)
        if key not in self.stage_images:
            # a tag of its own per build, so every image made is removed at the end
            suffix = f"stage-{len(self.stage_images) + 1}-" + re.sub(r"[^a-z0-9_.-]", "-", stage.lower())
            self.stage_images[key] = self.build(cand.text, cand.codes, suffix, target=stage)
        return self.stage_images[key]

    def base_config(self, text: str) -> dict:
        """The configuration the final stage inherits from its base image."""
        return inherited_config(self.engine, final_base(self.build_text(text)))

    def smoke(self, cand: Candidate) -> RunResult:
        """The smoke command in `cand`'s image, its output in the log."""
        assert self.settings.smoke
        result = self.engine.run_shell(cand.tag, self.settings.smoke, self.settings.timeout)
        label = f"{self.path} {cand.tag.rsplit(':', 1)[1]}"
        self.log.write(label, f"--- smoke `{self.settings.smoke}`: exit {result.exit_code} in {result.seconds:.1f}s")
        for line in result.output.splitlines():
            self.log.write(label, "smoke| " + line)
        return result

    def remove_images(self) -> list[str]:
        """Remove the images made, or with keep_images keep them: the tags kept."""
        if self.settings.keep_images:
            return list(self.tags)
        self.engine.remove_images(self.tags)
        return []

    def close(self) -> None:
        if self.tmp:
            shutil.rmtree(self.tmp, ignore_errors=True)
