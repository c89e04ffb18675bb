"""DS133 lang-build-caches: Go, Composer, RubyGems, Maven, Cargo and Poetry leave build and download caches in the layer.

## What it does
Appends a cleanup to the RUN that filled a language tool's cache, in the RUN's own style:

- `go build`/`install`/`test`/`run`/`vet` → `go clean -cache` (the build cache, GOCACHE);
  plus `-modcache` (the module cache, GOMODCACHE) when the image's CMD/ENTRYPOINT runs a
  program that is not `go` nor a script, and no earlier RUN ran `go` (after `go mod
  download` in an earlier RUN the modules are in that layer). Only in stages that end up in the final image
  (the last stage and the stages it is built FROM): in a builder stage the caches never
  reach the shipped image.
- `composer install`/`update`/`require`/`create-project` → `composer clear-cache`.
- `bundle install` / `gem install` on the official `ruby` image, run as root, with the
  gems in the image's `GEM_HOME` (no other `BUNDLE_PATH`, `--path`, `--deployment` or
  `bundle config`) → `rm -rf /usr/local/bundle/cache` (the downloaded `.gem` archives; with
  `BUNDLE_PATH=/usr/local/bundle` also `/usr/local/bundle/ruby/*/cache`).
- `mvn`/`mvnw` (run as root, no settings file or `-Dmaven.repo.local` that may move the
  repository) → `rm -rf /root/.m2/repository` (and `/root/.m2/wrapper` for the wrapper's
  Maven); `cargo build`/`install`/`fetch`/`test`/`run` on the official `rust` image (CARGO_HOME
  `/usr/local/cargo`) → `rm -rf /usr/local/cargo/registry /usr/local/cargo/git`. Not when an
  earlier RUN of the image already ran the tool (`mvn dependency:go-offline`: the repository
  is in that layer), nor when a later RUN or the running image (a start command, a start
  script, a class path into ~/.m2) uses it.
- `poetry install`/`update`/`add`/`sync` (run as root, no POETRY_CACHE_DIR or `--no-cache`)
  → `rm -rf /root/.cache/pypoetry/cache /root/.cache/pypoetry/artifacts` (the downloaded
  wheels and archives; not `virtualenvs/` beside them, where Poetry installs by default).
- `gem install` without a documentation flag, on an image that does not turn documentation
  off already (the `ruby` image does, in its gemrc) → `gem install --no-document` (unsafe,
  see below).

## Why it makes the image smaller
The Go build cache is often hundreds of MB after a build, and the module cache holds the
source of every dependency. Composer keeps every downloaded archive under
`~/.composer/cache` (`/tmp/cache` in the `composer` image). Maven's local repository and
Cargo's registry hold every dependency's archive (and Cargo its sources), often hundreds of
MB; a jar or a binary is what the image runs. RubyGems keeps the `.gem` file of
every installed gem under `$GEM_HOME/cache`, and generates ri/RDoc documentation unless told
not to.

## Example
    RUN go build -o /usr/local/bin/app ./cmd/app
becomes
    RUN go build -o /usr/local/bin/app ./cmd/app && go clean -cache

## Fix safety
Caches (safe): only cache directories are removed; installed packages and built files are
the same. Left alone when the RUN already cleans that cache, uses a cache mount for it
(any cache mount, for Go), moves the cache with a `NAME=value` prefix, runs the tool through
`sudo` (Go, RubyGems; Composer's cleanup gets the same `sudo`), when a later RUN of the stage (or of a stage built
from it) uses the cache (`go` for the Go caches, `bundle cache`, `--local`, `gem pristine`),
when the last command is `exit`/`exec`, and when the tool only runs inside `if`/subshells.
Go's build cache is also kept when the image runs `go` itself.

Documentation (unsafe): `--no-document` changes which files a gem installs (no ri/RDoc
pages; `ri` finds nothing). Nothing else reads them, but they are not a cache, so the fix is
only applied with `--unsafe-fixes`.

Not done: Bundler's `vendor/cache` (`bundle cache` puts it there on purpose) and
`~/.bundle` (it may hold configuration), pip/npm/apk/rpm (DS130, DS131, DS110, DS132).

## How verify shows it
`/root/.cache/go-build`, `/go/pkg/mod`, Composer's cache directory,
`/usr/local/bundle/cache`, `/root/.m2/repository` or `/usr/local/cargo/registry` are gone
from the layer; the built binaries and installed packages
are the same.

## Related hadolint rule
None: hadolint has no rule for these caches (its cache rules are DL3042 for pip and DL3060
for Yarn, see DS130 and DS131).
"""

from __future__ import annotations

from typing import Iterator

from ..optimizer.edits import add_flag
from ..optimizer.findings import Applicability, Finding
from ..optimizer.model import Model, Stage
from ..optimizer.rules import Options, PassSpec, Phase
from ..optimizer.syntax import Instruction
from ._common import (
    append_finding,
    assigns,
    at_top,
    cache_mount_targets,
    env_in_stage,
    later_uses,
    lineage,
    privilege_prefix,
    readable_runs,
    rm_targets,
    root_home,
    root_of,
    sub,
)
from ._deletions import GEMS_ELSEWHERE, reads_gem_cache
from ._start_scripts import run_time_commands

SPEC = PassSpec(
    code="DS133",
    name="lang-build-caches",
    phase=Phase.CLEANUP,
    summary="Clean Go, Composer, RubyGems, Maven, Cargo and Poetry caches in the RUN that filled them",
    applicability=Applicability.UNSAFE,
    hadolint=(),
)

GO_BUILDS = frozenset({"build", "install", "test", "run", "vet"})
GO_HOME = ("GOCACHE", "GOMODCACHE", "GOPATH", "HOME", "XDG_CACHE_HOME")
COMPOSER_INSTALLS = frozenset({"install", "update", "upgrade", "u", "require", "create-project", "reinstall"})
COMPOSER_HOME = ("COMPOSER_CACHE_DIR", "COMPOSER_HOME", "HOME", "COMPOSER_NO_CACHE")
GEM_HOME = "/usr/local/bundle"
RUBY_HOME = ("GEM_HOME", "BUNDLE_PATH", "BUNDLE_DEPLOYMENT", "HOME")
DOC_FLAGS = ("--no-document", "-N", "--document", "--no-ri", "--no-rdoc", "--ri", "--rdoc")
SCRIPTS = frozenset({"sh", "bash", "dash", "ash", "zsh"})
CARGO_BUILDS = frozenset({"build", "install", "fetch", "test", "run", "b", "t", "r"})
CARGO_HOME = "/usr/local/cargo"  # the rust image's
POETRY_INSTALLS = frozenset({"install", "update", "add", "sync"})
POETRY_CACHE = "/root/.cache/pypoetry"


def _usable(found) -> bool:
    """The tool ran at the top of the script, so it exists when the cleanup runs; a cleanup
    runs with the tool's own `sudo`, so every command's must be readable."""
    return any(at_top(c) for _, c in found) and all(privilege_prefix(c) is not None for _, c in found)


def _finding(stage, inst, found, commands, message, title) -> Iterator[Finding]:
    f = append_finding(SPEC, stage, inst, found, commands, message, title, Applicability.SAFE)
    if f:
        yield f


# -- Go --------------------------------------------------------------------------------------


def _entry_words(model: Model) -> list[str] | None:
    """The program words of the final image's CMD/ENTRYPOINT (the last ones set), or None."""
    final = model.final
    if final is None:
        return None
    found: dict[str, Instruction] = {}
    for st in lineage(final):
        for i in st.body:
            if i.kind in ("CMD", "ENTRYPOINT"):
                found[i.kind] = i
    if not found:
        return None
    words = []
    for i in found.values():
        first = (i.value[0] if i.value else "").split()
        words.append(first[0].rsplit("/", 1)[-1] if first else "")
    return words


def check_go(model: Model, stage: Stage, inst: Instruction, view) -> Iterator[Finding]:
    if cache_mount_targets(inst):
        return
    found = [(p, c) for p, c in view.commands() if c.program == "go" and sub(c) in GO_BUILDS]
    if not found or not _usable(found) or any(assigns(c, GO_HOME) or privilege_prefix(c) for _, c in found):
        return
    if any(c.program == "go" and sub(c) == "clean" for _, c in view.commands()):
        return
    if any("go-build" in t or "pkg/mod" in t for t in rm_targets(view)):
        return
    entry = _entry_words(model)
    if entry is not None and "go" in entry:
        return  # the image builds at run time: keep its caches
    if later_uses(model, stage, inst, lambda c: c.program == "go"):
        return  # a later build reuses the caches (often a dependency-warming step)
    flags = "-cache"
    if entry and not any(w in SCRIPTS or w.endswith(".sh") or not w for w in entry) \
            and not _earlier_uses(model, stage, inst, lambda c: c.program == "go"):
        flags += " -modcache"  # (after `go mod download` in an earlier RUN the modules are in its layer)
    yield from _finding(
        stage, inst, found, [f"go clean {flags}"],
        f"`go {sub(found[0][1])}` leaves Go's build cache{' and module cache' if 'mod' in flags else ''} in the layer",
        f"Append `go clean {flags}`",
    )


# -- Composer --------------------------------------------------------------------------------


def check_composer(model: Model, stage: Stage, inst: Instruction, view) -> Iterator[Finding]:
    found = [(p, c) for p, c in view.commands() if c.program == "composer" and sub(c) in COMPOSER_INSTALLS]
    if not found or not _usable(found):
        return
    if any(assigns(c, COMPOSER_HOME) or c.has_option("--no-cache") for _, c in found):
        return
    if env_in_stage(model, stage, "COMPOSER_CACHE_DIR", before=inst) is not None:
        return  # the user placed (or disabled) the cache on purpose
    if any("composer" in t for t in cache_mount_targets(inst)):
        return
    if any(c.program == "composer" and sub(c) in ("clear-cache", "clearcache", "cc") for _, c in view.commands()):
        return
    if any("composer" in t and "cache" in t for t in rm_targets(view)):
        return
    commands = list(dict.fromkeys(privilege_prefix(c) + "composer clear-cache" for _, c in found))
    yield from _finding(
        stage, inst, found, commands,
        f"`composer {sub(found[0][1])}` leaves Composer's download cache in the layer",
        "Append `composer clear-cache`",
    )


# -- RubyGems and Bundler -----------------------------------------------------------------------


def _bundle_configured(model: Model, stage: Stage, inst: Instruction) -> bool:
    for st in lineage(stage):
        for i in st.runs():
            view = model.run(i).view
            if i.index <= inst.index and view is not None and any(
                c.program == "bundle" and sub(c) == "config" for _, c in view.commands()
            ):
                return True
    return False


def check_gem_cache(model: Model, stage: Stage, inst: Instruction, view) -> Iterator[Finding]:
    found = [
        (p, c) for p, c in view.commands()
        if (c.program == "bundle" and sub(c) == "install") or (c.program == "gem" and sub(c) == "install")
    ]
    if not found or not _usable(found) or root_of(stage).base_name != "ruby":
        return
    if root_home(model, stage, inst) is None or any(assigns(c, RUBY_HOME) or privilege_prefix(c) for _, c in found):
        return
    if env_in_stage(model, stage, "GEM_HOME", before=inst) not in (None, GEM_HOME):
        return
    bundle_path = env_in_stage(model, stage, "BUNDLE_PATH", before=inst)
    deployment = env_in_stage(model, stage, "BUNDLE_DEPLOYMENT", before=inst) not in (None, "", "0", "false")
    if bundle_path not in (None, GEM_HOME, GEM_HOME + "/") or (deployment and bundle_path is None):
        return  # gems go somewhere we do not know
    if any(c.has_option(*GEMS_ELSEWHERE) for _, c in found):
        return
    if _bundle_configured(model, stage, inst):
        return  # `bundle config set path ...` sends the gems elsewhere
    if any("cache" in t and ("bundle" in t or "gem" in t) for t in rm_targets(view)):
        return
    if any("bundle" in t or "gem" in t for t in cache_mount_targets(inst)):
        return
    if any(reads_gem_cache(c) for _, c in view.commands()) or later_uses(model, stage, inst, reads_gem_cache):
        return
    paths = f"{GEM_HOME}/cache" + (f" {GEM_HOME}/ruby/*/cache" if bundle_path else "")
    yield from _finding(
        stage, inst, found, [f"rm -rf {paths}"],
        f"`{found[0][1].program} install` leaves the downloaded .gem archives in {GEM_HOME}/cache",
        f"Append `rm -rf {paths}`",
    )


def _gemrc_in(stage: Stage, inst: Instruction) -> bool:
    """A RUN before `inst` that writes a gemrc or sets documentation defaults."""
    for st in lineage(stage):
        for i in st.body:
            if i.index < inst.index and ("gemrc" in i.text or "no-document" in i.text):
                return True
    return False


def check_gem_docs(model: Model, stage: Stage, inst: Instruction, view) -> Iterator[Finding]:
    if root_of(stage).base_name == "ruby" or _gemrc_in(stage, inst):
        return  # the ruby image's gemrc already says `gem: --no-document`
    for part, cmd in view.commands():
        if cmd.program != "gem" or sub(cmd) != "install" or cmd.has_option(*DOC_FLAGS):
            continue
        yield SPEC.report(
            part.span(cmd),
            "`gem install` generates ri/RDoc documentation into the layer",
            SPEC.fix("Add `--no-document` (unsafe: the documentation is not installed)",
                     *add_flag(part, cmd.subcommand, " --no-document")),
        )


# -- Maven and Cargo: a local repository of every dependency downloaded ------------------------


def _is_maven(cmd) -> bool:
    return cmd.program in ("mvn", "mvnw") or (cmd.program or "").endswith("/mvnw")


def _is_cargo(cmd) -> bool:
    return cmd.program == "cargo" and sub(cmd) in CARGO_BUILDS


def _earlier_uses(model: Model, stage: Stage, inst: Instruction, tool) -> bool:
    """An earlier RUN of the image (its stage, or a stage it is built FROM) runs the tool."""
    for st in lineage(stage):
        for run in st.runs():
            view = model.run(run).view if run.index < inst.index else None
            if view is not None and any(tool(c) for _, c in view.commands()):
                return True
    return False


def _moves_repository(word: str) -> bool:
    """A settings file (which may name another local repository) or -Dmaven.repo.local."""
    return "repo.local" in word or word.split("=", 1)[0] in ("-s", "--settings", "-gs", "--global-settings")


def _named_at_start(model: Model, stage: Stage, marker: str) -> bool:
    """A start command names the repository's folder (a class path into ~/.m2)."""
    return any(marker in i.text for st in lineage(stage) + list(model.children(stage)) for i in st.body
               if i.kind in ("CMD", "ENTRYPOINT", "HEALTHCHECK"))


def _is_poetry(cmd) -> bool:
    return cmd.program == "poetry" and sub(cmd) in POETRY_INSTALLS


def _where_known(tool, model: Model, stage: Stage, inst: Instruction, found) -> bool:
    """The repository or cache is where the tool's defaults put it for this RUN."""
    if tool is _is_cargo:  # only the rust image says where CARGO_HOME is
        return root_of(stage).base_name == "rust" and not any(assigns(c, ("CARGO_HOME",)) for _, c in found) \
            and env_in_stage(model, stage, "CARGO_HOME", before=inst) in (None, CARGO_HOME)
    if root_home(model, stage, inst) is None:
        return False
    if tool is _is_poetry:
        moved = ("POETRY_CACHE_DIR", "XDG_CACHE_HOME", "HOME")
        return not any(assigns(c, moved) or c.has_option("--no-cache") for _, c in found) \
            and all(env_in_stage(model, stage, n, before=inst) is None for n in moved[:2])
    return not any(assigns(c, ("MAVEN_OPTS", "HOME")) or any(_moves_repository(w.text) for w in c.args) for _, c in found) \
        and "repo.local" not in (env_in_stage(model, stage, "MAVEN_OPTS", before=inst) or "")


def _still_needed(tool, model: Model, stage: Stage, inst: Instruction, home: str, options: Options) -> bool:
    """A later build (offline, often), the running image, another stage copying it out, or an
    earlier layer that already holds it (`mvn dependency:go-offline`: deleting here saves little)."""
    return (later_uses(model, stage, inst, tool) or _named_at_start(model, stage, home)
            or (model.copied_from(stage) and any(home in i.text for i in model.instructions if i.flag("from")))
            or _earlier_uses(model, stage, inst, tool)
            or any(tool(c) for c in run_time_commands(model, stage, options)))


def check_repository(model: Model, stage: Stage, inst: Instruction, view, options: Options) -> Iterator[Finding]:
    """Maven's local repository (~/.m2/repository, and the wrapper's Maven in ~/.m2/wrapper),
    Cargo's registry and git checkouts (CARGO_HOME) and Poetry's cache hold the archives (or
    sources) of every dependency; the build's output or the installed packages do not need them."""
    for tool, home in ((_is_maven, "/root/.m2"), (_is_cargo, CARGO_HOME), (_is_poetry, POETRY_CACHE)):
        found = [(p, c) for p, c in view.commands() if tool(c)]
        if not found or not _usable(found) or any(privilege_prefix(c) for _, c in found):
            continue
        if not _where_known(tool, model, stage, inst, found) or any(home in t for t in rm_targets(view) + cache_mount_targets(inst)):
            continue
        if _still_needed(tool, model, stage, inst, home, options):
            continue
        if tool is _is_maven:
            wrapper = any(c.program != "mvn" for _, c in found)
            paths, name, what = f"{home}/repository" + (f" {home}/wrapper" if wrapper else ""), \
                "Maven's local repository", found[0][1].program
        elif tool is _is_cargo:
            paths, name, what = f"{home}/registry {home}/git", "Cargo's registry", f"cargo {sub(found[0][1])}"
        else:
            # not its virtualenvs/ beside them: the installed packages live there by default
            paths, name, what = f"{home}/cache {home}/artifacts", "Poetry's cache", f"poetry {sub(found[0][1])}"
        yield from _finding(stage, inst, found, [f"rm -rf {paths}"], f"`{what}` leaves {name} ({paths}) in the layer",
                            f"Append `rm -rf {paths}`")


def check(model: Model, options: Options) -> Iterator[Finding]:
    for stage, inst, view in readable_runs(model):
        yield from check_go(model, stage, inst, view)
        yield from check_composer(model, stage, inst, view)
        yield from check_gem_cache(model, stage, inst, view)
        yield from check_gem_docs(model, stage, inst, view)
        yield from check_repository(model, stage, inst, view, options)
