"""Talking to a container engine through its command-line client.

Everything here runs the `docker` client as a subprocess: builds go through BuildKit
(`docker buildx build`, or `docker build` with DOCKER_BUILDKIT=1 when the client has no
buildx plugin), images are inspected with `docker image inspect` / `docker history`, and
their files are streamed out of a created, never started container (`docker export`, `docker
cp`). Every client process goes through one supervisor, `_supervised` (own session, timeout,
killed on failure or interrupt): dockslim runs no docker command anywhere else, and a test
holds it to that. Nothing imports the `docker` SDK, so `dockslim check` and `fix` never need
an engine.

The client is the first of: $DOCKSLIM_DOCKER_CLI, /usr/bin/docker when it has buildx, the
`docker` executables on PATH that have buildx, then any `docker` on PATH. The endpoint is
the one given (`--engine unix:///a.sock`), else $DOCKER_HOST, else the client's default.

Networking: builds run with `--network host`, containers with `--network none`.
"""

from __future__ import annotations

import json
import os
import posixpath
import signal
import subprocess
import tarfile
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import IO

ENV_CLI = "DOCKSLIM_DOCKER_CLI"
DEBIAN_CLI = "/usr/bin/docker"
PING_TIMEOUT = 20.0
SHORT_TIMEOUT = 120.0
TAIL_LINES = 400  # of a build's or a smoke run's output: the last lines are those that explain


class EngineError(Exception):
    """No usable client or no engine answering; str() is one line for the user."""


@lru_cache(maxsize=16)
def has_buildx(cli: str) -> bool:
    try:
        done = _captured([cli, "buildx", "version"], None, 30)
    except (EngineError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def _executable(path: str | None) -> bool:
    return bool(path) and os.path.isfile(path) and os.access(path, os.X_OK)


def _on_path(name: str) -> list[str]:
    found = []
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        candidate = os.path.join(folder or ".", name)
        if _executable(candidate) and os.path.realpath(candidate) not in {os.path.realpath(f) for f in found}:
            found.append(candidate)
    return found


def find_client() -> tuple[str, bool]:
    """The client to run and whether it has buildx. Raises EngineError when there is none."""
    preset = os.environ.get(ENV_CLI)
    if preset:
        if not _executable(preset):
            raise EngineError(f"{ENV_CLI}={preset} is not an executable")
        return preset, has_buildx(preset)
    if _executable(DEBIAN_CLI) and has_buildx(DEBIAN_CLI):
        return DEBIAN_CLI, True
    path_clients = _on_path("docker")
    for cli in path_clients:
        if has_buildx(cli):
            return cli, True
    if path_clients:
        return path_clients[0], False  # `docker build` with DOCKER_BUILDKIT=1
    if _executable(DEBIAN_CLI):
        return DEBIAN_CLI, False
    raise EngineError(f"no docker client found (install one, or set {ENV_CLI})")


@dataclass
class BuildResult:
    ok: bool
    seconds: float
    image_id: str | None = None
    error: str | None = None  # one line
    timed_out: bool = False
    tail: list[str] = field(default_factory=list)  # the last lines of the output


@dataclass
class RunResult:
    exit_code: int | None  # None when it timed out
    seconds: float
    output: str

    @property
    def ok(self) -> bool:
        return self.exit_code == 0

    def last_line(self) -> str:
        lines = [line for line in self.output.strip().splitlines() if line.strip()]
        return lines[-1].strip() if lines else ""


@dataclass(frozen=True)
class FileEntry:
    size: int
    kind: str  # "file", "dir", "link", "hardlink", "other"


# Builds and exports run in sessions of their own (so a timeout can kill the whole process
# group); an interrupt therefore does not reach them by itself: cancel_all() does that.
_ACTIVE: set[subprocess.Popen] = set()
_ACTIVE_LOCK = threading.Lock()
_CANCELLED = threading.Event()


def cancel_all() -> None:
    """Stop every build, run and export in progress and refuse new ones."""
    _CANCELLED.set()
    with _ACTIVE_LOCK:
        running = list(_ACTIVE)
    for proc in running:
        _kill_group(proc)


def _check_cancelled() -> None:
    if _CANCELLED.is_set():
        raise EngineError("cancelled")


def _track(proc: subprocess.Popen, on: bool) -> None:
    with _ACTIVE_LOCK:
        (_ACTIVE.add if on else _ACTIVE.discard)(proc)


def _kill_group(proc: subprocess.Popen) -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except (ProcessLookupError, PermissionError):
            return
        try:
            proc.wait(timeout=10)
            return
        except subprocess.TimeoutExpired:
            continue


class Engine:
    """One endpoint, reached through one client."""

    def __init__(self, endpoint: str | None = None, cli: str | None = None):
        if cli is None:
            cli, buildx = find_client()
        else:
            buildx = has_buildx(cli)
        self.cli = cli
        self.buildx = buildx
        self.endpoint = endpoint or os.environ.get("DOCKER_HOST") or None
        env = dict(os.environ)
        if endpoint:
            env["DOCKER_HOST"] = endpoint
            env.pop("DOCKER_CONTEXT", None)  # an explicit endpoint wins over a context
        env["DOCKER_BUILDKIT"] = "1"
        env.setdefault("BUILDKIT_PROGRESS", "plain")
        self.env = env

    @property
    def name(self) -> str:
        return self.endpoint or "the default engine"

    def __repr__(self) -> str:
        return f"Engine({self.name!r}, cli={self.cli!r})"

    # ---------------------------------------------------------------- plain commands

    def _run(self, args: list[str], timeout: float = SHORT_TIMEOUT, check: bool = False) -> subprocess.CompletedProcess:
        try:
            done = _captured([self.cli, *args], self.env, timeout)
        except subprocess.TimeoutExpired:
            raise EngineError(f"`docker {' '.join(args[:2])}` did not answer within {timeout:.0f}s at {self.name}") from None
        if check and done.returncode != 0:
            raise EngineError(f"`docker {' '.join(args[:3])}` failed: {_one_line(done.stderr or done.stdout)}")
        return done

    def ping(self) -> str:
        """The server version; raises EngineError with a one-line reason when nothing answers."""
        try:
            done = self._run(["version", "--format", "{{.Server.Version}}"], timeout=PING_TIMEOUT)
        except EngineError as exc:
            raise EngineError(f"no container engine answers at {self.name}: {exc}") from None
        version = done.stdout.strip()
        if done.returncode != 0 or not version:
            reason = _one_line(done.stderr) or "no answer"
            raise EngineError(f"no container engine answers at {self.name}: {reason}")
        if not self.endpoint:  # name the endpoint the client's context points at
            found = self._run(["context", "inspect", "--format", "{{.Endpoints.docker.Host}}"], timeout=PING_TIMEOUT)
            if found.returncode == 0 and found.stdout.strip():
                self.endpoint = found.stdout.strip()
        return version

    def image_exists(self, ref: str) -> bool:
        return self._run(["image", "inspect", "--format", "{{.Id}}", ref]).returncode == 0

    def inspect(self, ref: str) -> dict:
        done = self._run(["image", "inspect", "--format", "{{json .}}", ref], check=True)
        return json.loads(done.stdout)

    def history(self, ref: str) -> list[dict]:
        """History entries, oldest first: {"created_by", "size", "comment"}."""
        done = self._run(["history", "--no-trunc", "--human=false", "--format", "{{json .}}", ref], check=True)
        out = []
        for line in done.stdout.splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            try:
                size = int(item.get("Size") or 0)
            except ValueError:
                size = 0
            out.append({"created_by": item.get("CreatedBy") or "", "size": size, "comment": item.get("Comment") or ""})
        out.reverse()
        return out

    def tag(self, source: str, target: str) -> None:
        self._run(["tag", source, target], check=True)

    def remove_images(self, refs: list[str]) -> None:
        if refs:
            self._run(["image", "rm", "--no-prune", *refs])

    # ---------------------------------------------------------------- builds

    def build(
        self,
        dockerfile: str | Path,
        context: str | Path,
        tag: str,
        timeout: float,
        on_line: Callable[[str], None] | None = None,
        target: str | None = None,
        no_cache: bool = False,
    ) -> BuildResult:
        """Build `dockerfile` with `context` and tag it; every output line goes to on_line.
        `target`: build only up to that stage (`--target`); `no_cache`: without the layer
        cache (the timings of a cold build)."""
        with tempfile.TemporaryDirectory(prefix="dockslim-iid-") as tmp:
            iidfile = os.path.join(tmp, "iid")
            head = ["buildx", "build", "--load"] if self.buildx else ["build"]
            args = [
                *head, "--network", "host", "--progress", "plain", "-f", str(dockerfile),
                "-t", tag, "--iidfile", iidfile, *(["--target", target] if target else []),
                *(["--no-cache"] if no_cache else []), str(context),
            ]
            started = time.monotonic()
            code, lines, timed_out = self._stream(args, timeout, on_line)
            seconds = time.monotonic() - started
            image_id = Path(iidfile).read_text().strip() if os.path.exists(iidfile) else None
        tail = lines[-40:]
        if code == 0 and image_id:
            return BuildResult(True, seconds, image_id=image_id, tail=tail)
        if timed_out:
            error = f"the build did not finish within {timeout:.0f}s"
        else:
            error = next((ln.split("ERROR:", 1)[1].strip() for ln in reversed(lines) if "ERROR:" in ln), None)
            error = error or next((ln.strip() for ln in reversed(lines) if ln.strip()), f"exit status {code}")
        return BuildResult(False, seconds, error=_shorten(error), timed_out=timed_out, tail=tail)

    def _stream(self, args: list[str], timeout: float, on_line,
                keep: int | None = TAIL_LINES) -> tuple[int | None, list[str], bool]:
        """Run the client, hand each output line to on_line; kill it after `timeout` seconds.
        Returns about the last `keep` lines (every line when None)."""
        _check_cancelled()
        lines: list[str] = []
        with _supervised([self.cli, *args], self.env, timeout, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True, errors="replace", bufsize=1) as (proc, expired):
            assert proc.stdout is not None
            for raw in proc.stdout:
                line = raw.rstrip("\n")
                lines.append(line)
                if keep is not None and len(lines) > keep:
                    del lines[: keep // 2]
                if on_line is not None:
                    on_line(line)
            code = proc.wait()
        _check_cancelled()
        return (None if expired.is_set() else code), lines, expired.is_set()

    # ---------------------------------------------------------------- containers

    def run_shell(self, image: str, command: str, timeout: float) -> RunResult:
        """`sh -c COMMAND` in a throw-away container with no network.

        The image's ENTRYPOINT is bypassed (`--entrypoint sh`): an entrypoint would
        receive the command as arguments, or be a program that never returns. USER,
        WORKDIR and ENV of the image stay in effect. An image with no shell (`scratch`, a
        distroless base) runs a command of plain words directly, its first word as the
        entrypoint."""
        code, seconds, output, timed_out = self._throwaway("smoke", image, ["-c", command], timeout, TAIL_LINES)
        words = _plain_words(command)
        if code == 127 and _NO_SHELL in output and words:
            code, seconds, output, timed_out = self._throwaway(
                "smoke", image, words[1:], timeout, TAIL_LINES, entrypoint=words[0])
        if timed_out:
            return RunResult(None, seconds, output + f"\n(timed out after {timeout:.0f}s)")
        return RunResult(code, seconds, output)

    def shell_output(self, image: str, script: str, args: list[str], timeout: float = SHORT_TIMEOUT) -> RunResult:
        """`sh -c SCRIPT sh ARGS...` in a throw-away container with no network, output captured
        (stdout and stderr together), every line: for questions asked of an image (who owns this
        file, which packages are installed)."""
        code, seconds, output, timed_out = self._throwaway("query", image, ["-c", script, "sh", *args], timeout, None)
        return RunResult(None if timed_out else code, seconds, output)

    def _throwaway(self, kind: str, image: str, sh_args: list[str], timeout: float,
                   keep: int | None, entrypoint: str = "sh") -> tuple[int | None, float, str, bool]:
        """`ENTRYPOINT SH_ARGS...` (sh by default) in a container with no network that is
        removed afterwards, even when cancelled or timed out: (exit code, seconds, output,
        timed out)."""
        name = f"dockslim-{kind}-{uuid.uuid4().hex[:12]}"
        args = ["run", "--rm", "--name", name, "--network", "none", "--entrypoint", entrypoint, image, *sh_args]
        started = time.monotonic()
        try:
            code, lines, timed_out = self._stream(args, timeout, None, keep)
        finally:
            if _CANCELLED.is_set() or not _container_gone(self, name):
                self._run(["rm", "-f", name])
        return code, time.monotonic() - started, "\n".join(lines), timed_out

    @contextmanager
    def container(self, image: str):
        """A container of `image` that is created, never started, and removed afterwards:
        for reading the image's files. Yields its id."""
        _check_cancelled()
        created = self._run(["create", "--network", "none", "--entrypoint", "/dockslim-never-started", image], check=True)
        container = created.stdout.strip().splitlines()[-1]
        try:
            yield container
        finally:
            self._run(["rm", "-f", container])

    def files(self, image: str, timeout: float) -> dict[str, FileEntry]:
        """Every path of the image's filesystem (`docker export` of a created container)."""
        entries: dict[str, FileEntry] = {}

        def take(member: tarfile.TarInfo, _archive: tarfile.TarFile) -> None:
            name = member.name.removeprefix("./")
            entries["/" + name.strip("/")] = FileEntry(member.size if member.isreg() else 0, _kind(member))

        with self.container(image) as container:
            if not self._untar(["export", container], take, timeout):
                raise EngineError(f"`docker export` of {image} gave no files")
        _check_cancelled()
        return entries

    def copy_out(self, container: str, path: str, on_file: Callable[[str, IO[bytes]], None], timeout: float) -> bool:
        """Stream `path` (a file or a folder; a link is followed) out of a created container:
        on_file(path in the image, reader) for each regular file under it. False when the
        container has no such path."""
        top = posixpath.dirname(path.rstrip("/")) or "/"

        def take(member: tarfile.TarInfo, archive: tarfile.TarFile) -> None:
            reader = archive.extractfile(member) if member.isreg() else None
            if reader is not None:
                on_file(posixpath.join(top, member.name), reader)

        return self._untar(["cp", "-L", f"{container}:{path}", "-"], take, timeout)

    def _untar(self, args: list[str], take, timeout: float) -> bool:
        """Run a client command that writes a tar stream; take(member, archive) for each
        member as it arrives. False when the command fails before writing anything (`docker
        cp` of a path that is not there); EngineError for any other failure."""
        _check_cancelled()
        with _supervised([self.cli, *args], self.env, timeout,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE) as (proc, expired):
            assert proc.stdout is not None
            empty = False
            try:
                with tarfile.open(fileobj=proc.stdout, mode="r|") as archive:
                    for member in archive:
                        take(member, archive)
            except tarfile.ReadError as exc:
                empty = "empty" in str(exc)
                if not empty:
                    raise EngineError(f"`docker {args[0]}` gave no readable archive: {exc}") from None
            except tarfile.TarError as exc:
                raise EngineError(f"`docker {args[0]}` failed or took longer than {timeout:.0f}s: {exc}") from None
            stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
            code = proc.wait()
        if expired.is_set():
            raise EngineError(f"`docker {args[0]}` took longer than {timeout:.0f}s")
        if code != 0 and empty:
            return False
        if code != 0:
            raise EngineError(f"`docker {args[0]}` failed: {_one_line(stderr) or f'exit status {code}'}")
        return True


@contextmanager
def _supervised(args: list[str], env: dict | None, timeout: float, **popen):
    """The one supervisor of every client process: a session of its own, killed after
    `timeout` seconds, when the caller fails or by cancel_all(); yields (process, expired
    event)."""
    try:
        proc = subprocess.Popen(args, env=env, stdin=subprocess.DEVNULL, start_new_session=True, **popen)
    except OSError as exc:
        raise EngineError(f"cannot run {args[0]}: {exc.strerror or exc}") from None
    expired = threading.Event()

    def on_timeout() -> None:
        expired.set()
        _kill_group(proc)

    timer = threading.Timer(timeout, on_timeout)
    timer.daemon = True
    timer.start()
    _track(proc, True)
    try:
        yield proc, expired
    except BaseException:
        _kill_group(proc)
        raise
    finally:
        timer.cancel()
        _track(proc, False)


def _captured(args: list[str], env: dict | None, timeout: float) -> subprocess.CompletedProcess:
    """A short client command run to its end under the supervisor, its output captured as
    text. Raises subprocess.TimeoutExpired after `timeout` seconds."""
    with _supervised(args, env, timeout, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                     text=True, errors="replace") as (proc, expired):
        stdout, stderr = proc.communicate()
    if expired.is_set():
        raise subprocess.TimeoutExpired(args, timeout)
    return subprocess.CompletedProcess(args, proc.returncode, stdout, stderr)


def _kind(member: tarfile.TarInfo) -> str:
    if member.isreg():
        return "file"
    if member.isdir():
        return "dir"
    if member.issym():
        return "link"
    return "hardlink" if member.islnk() else "other"


def _container_gone(engine: Engine, name: str) -> bool:
    return engine._run(["container", "inspect", "--format", "{{.Id}}", name]).returncode != 0


def _one_line(text: str | None) -> str:
    lines = [line.strip() for line in (text or "").strip().splitlines() if line.strip()]
    return _shorten(lines[-1]) if lines else ""


def _shorten(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def engine_of(engine: Engine | str | None) -> Engine:
    """The engine given, or one for the endpoint given (None: the default one)."""
    return engine if isinstance(engine, Engine) else Engine(engine)


def find_engines(endpoints: list[str] | tuple[str, ...] | None) -> list[Engine]:
    """Engines for the endpoints (or the default one), each checked to answer."""
    engines = [Engine(e) for e in endpoints] if endpoints else [Engine()]
    for engine in engines:
        engine.ping()
    return engines


# what `docker run` says when the entrypoint is not in the image
_NO_SHELL = 'exec: "sh": executable file not found'
_SHELL_SYNTAX = set("|&;<>()$`\\\"'*?[]#~{}\n")


def _plain_words(command: str) -> list[str]:
    """The words of a command that needs no shell (no quotes, operators, variables or globs),
    or [] when it needs one."""
    words = command.split()
    if _SHELL_SYNTAX.intersection(command) or not words or "=" in words[0]:
        return []  # an assignment before the command is the shell's too
    return words
