"""The `--verify` options of `dockslim fix`, apart from the rest of verify so that `fix`
without them loads nothing of it (dockslim.cli imports this module, and verify.cli, with the
VerifyRequest, only when --verify is given)."""

from __future__ import annotations

from ..arguments import at_least, directory, file_path

DEFAULT_TIMEOUT = 1800.0


def add_fix_verify_options(parser) -> None:
    """The --verify options of `dockslim fix`, and --context (the build context the passes
    read, with or without --verify)."""
    add = parser.add_argument
    add("--verify", dest="verify_flag", action="store_true",
        help="Rebuild before and after on a container engine; write only fixes that verify.")
    add("--smoke", dest="verify_smoke", metavar="CMD", default=None,
        help="With --verify: shell command that must exit 0 in the rebuilt image.")
    add("--context", dest="verify_context", type=directory, default=None,
        help="Build context whose requirement files the passes read and --verify builds (default: the Dockerfile's folder).")
    add("--engine", dest="verify_engine", metavar="ENDPOINT", default=None,
        help="With --verify: engine endpoint (default: $DOCKER_HOST).")
    add("--timeout", dest="verify_timeout", type=at_least(1, float), default=DEFAULT_TIMEOUT,
        help=f"With --verify: seconds each build may take. [default: {DEFAULT_TIMEOUT}]")
    add("--keep-images", dest="verify_keep_images", action="store_true", help="With --verify: keep the images built.")
    add("--log", dest="verify_log", type=file_path, default=None, help="With --verify: build log file.")
    add("--verify-report", dest="verify_report", type=file_path, default=None,
        help="With --verify: write the verification report to this file (.json, .md, .html or text).")


def verify_request(args, parser):
    """None without --verify, else the VerifyRequest the options make (a usage error when a
    --verify option is given without it)."""
    if not args.verify_flag:
        if args.verify_smoke or args.verify_engine or args.verify_report:
            parser.error("--smoke, --engine and --verify-report need --verify")
        return None
    from .cli import VerifyRequest

    return VerifyRequest(smoke=args.verify_smoke, context=args.verify_context, engine=args.verify_engine,
                         timeout=args.verify_timeout, keep_images=args.verify_keep_images, log=args.verify_log,
                         report=args.verify_report)
