"""Entry points: verify one Dockerfile, or many at once spread over several engines."""

from __future__ import annotations

import queue
import threading
from pathlib import Path

from ..optimizer.rules import Options, Pass
from .builds import DEFAULT_TIMEOUT, BuildLog, Progress, Settings
from .engine import Engine, cancel_all, engine_of
from .job import Job
from .report import Report


def verify(
    path: str,
    text: str | None = None,
    *,
    unsafe_fixes: bool = False,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    options: Options | None = None,
    passes: tuple[Pass, ...] | None = None,
    smoke: str | None = None,
    context: str | None = None,
    engine: Engine | str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    keep_images: bool = False,
    repair: bool = False,
    log: BuildLog | str | None = None,
    progress: Progress | None = None,
) -> Report:
    """Verify one Dockerfile (read from `path` unless `text` is given). Raises EngineError
    when no engine answers."""
    if text is None:
        text = Path(path).read_text(encoding="utf-8")
    settings = Settings(unsafe_fixes=unsafe_fixes, select=select, ignore=ignore, options=options, passes=passes,
                        smoke=smoke, context=context, timeout=timeout, keep_images=keep_images, repair=repair)
    eng = engine_of(engine)
    eng.ping()
    own_log = not isinstance(log, BuildLog)
    build_log = log if isinstance(log, BuildLog) else BuildLog(log)
    try:
        return Job(path, text, settings, eng, build_log, progress or Progress()).run()
    finally:
        if own_log:
            build_log.close()


def verify_all(
    items: list[tuple[str, str, Settings]],
    engines: list[Engine],
    jobs: int,
    log: BuildLog,
    progress: Progress,
) -> list[Report]:
    """Verify (path, text, settings) items with `jobs` workers; worker k builds on engine
    k mod len(engines) and takes the next Dockerfile from a shared queue."""
    reports: list[Report | None] = [None] * len(items)
    work: queue.Queue[int] = queue.Queue()
    for i in range(len(items)):
        work.put(i)

    def worker(k: int) -> None:
        engine = engines[k % len(engines)]
        while True:
            try:
                i = work.get_nowait()
            except queue.Empty:
                return
            path, text, settings = items[i]
            try:
                reports[i] = Job(path, text, settings, engine, log, progress).run()
            except Exception as exc:  # one file's surprise must not lose the others
                r = Report(path=path, engine=engine.name, log=log.path)
                r.error(f"internal error: {type(exc).__name__}: {exc}")
                reports[i] = r

    count = max(1, min(jobs, len(items)))
    threads = [threading.Thread(target=worker, args=(k,), name=f"dockslim-verify-{k}", daemon=True)
               for k in range(count)]
    for t in threads:
        t.start()
    try:
        for t in threads:
            while t.is_alive():
                t.join(0.5)
    except KeyboardInterrupt:
        # stop the builds (they run in sessions of their own), let each job remove its images
        while not work.empty():
            try:
                work.get_nowait()
            except queue.Empty:
                break
        cancel_all()
        for t in threads:
            t.join(60)
        raise
    return [r for r in reports if r is not None]


# ------------------------------------------------------------------------------ rendering
