"""The `--verify` options of `dockslim fix`, apart from the rest of verify so that `fix`
without them loads nothing of it (dockslim.cli imports this module, and verify.cli, with the
VerifyRequest, only when --verify is given)."""

from __future__ import annotations

import functools

import click

DEFAULT_TIMEOUT = 1800.0


_FIX_OPTIONS = [
    click.option("--verify", "verify_flag", is_flag=True,
                 help="Rebuild before and after on a container engine; write only fixes that verify."),
    click.option("--smoke", "verify_smoke", metavar="CMD", default=None,
                 help="With --verify: shell command that must exit 0 in the rebuilt image."),
    click.option("--context", "verify_context", type=click.Path(file_okay=False), default=None,
                 help="Build context whose requirement files the passes read and --verify builds (default: the Dockerfile's folder)."),
    click.option("--engine", "verify_engine", metavar="ENDPOINT", default=None,
                 help="With --verify: engine endpoint (default: $DOCKER_HOST)."),
    click.option("--timeout", "verify_timeout", type=click.FloatRange(min=1), default=DEFAULT_TIMEOUT,
                 help="With --verify: seconds each build may take.", show_default=True),
    click.option("--keep-images", "verify_keep_images", is_flag=True, help="With --verify: keep the images built."),
    click.option("--log", "verify_log", type=click.Path(dir_okay=False), default=None,
                 help="With --verify: build log file."),
    click.option("--verify-report", "verify_report", type=click.Path(dir_okay=False), default=None,
                 help="With --verify: write the verification report to this file (.json, .md, .html or text)."),
]
_FIX_KEYS = ("verify_flag", "verify_smoke", "verify_context", "verify_engine", "verify_timeout",
             "verify_keep_images", "verify_log", "verify_report")


def fix_verify_options(fn):
    """Decorator for `dockslim fix`: adds the --verify options and passes them on as one
    keyword argument, `verify` (None without --verify, else a VerifyRequest), and --context
    as `context` (the build context the passes read, with or without --verify)."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        given = {k: kwargs.pop(k) for k in _FIX_KEYS}
        request = None
        if given["verify_flag"]:
            from .cli import VerifyRequest

            request = VerifyRequest(
                smoke=given["verify_smoke"], context=given["verify_context"], engine=given["verify_engine"],
                timeout=given["verify_timeout"], keep_images=given["verify_keep_images"], log=given["verify_log"],
                report=given["verify_report"],
            )
        elif any(given[k] for k in ("verify_smoke", "verify_engine", "verify_report")):
            raise click.UsageError("--smoke, --engine and --verify-report need --verify")
        return fn(*args, verify=request, context=given["verify_context"], **kwargs)

    for option in reversed(_FIX_OPTIONS):
        wrapper = option(wrapper)
    return wrapper
