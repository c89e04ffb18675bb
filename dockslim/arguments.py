"""Argument parsing shared by dockslim's commands, on the standard library's argparse (a
command-line framework costs more at start-up than a small `fix --diff` takes to run).

A usage error is one line on stderr and exit code 2, as a bad input file is."""

from __future__ import annotations

import argparse
import os
import sys

EXIT_USAGE = 2


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """The description as written; the width of the terminal found without shutil (argparse
    makes a formatter for every option it adds, and shutil costs a `fix` 3 ms to import)."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None):
        if width is None:
            try:
                width = int(os.environ["COLUMNS"])
            except (KeyError, ValueError):
                try:
                    width = os.get_terminal_size(sys.__stdout__.fileno()).columns
                except (AttributeError, ValueError, OSError):
                    width = 80
            width -= 2
        super().__init__(prog, indent_increment, max_help_position, width)


class Parser(argparse.ArgumentParser):
    """A command's parser: -h/--help, no abbreviated options, one-line usage errors, the
    description printed as written."""

    def __init__(self, prog: str, description: str | None) -> None:
        if description:  # a docstring: its lines after the first are indented
            description = "\n".join(line.removeprefix("    ") for line in description.strip().splitlines())
        super().__init__(prog=prog, description=description, allow_abbrev=False, formatter_class=_Formatter)

    def error(self, message: str):
        sys.stderr.write(f"dockslim: error: {message} (see `{self.prog} --help`)\n")
        sys.exit(EXIT_USAGE)

    def parse(self, argv: list[str] | None) -> argparse.Namespace:
        """Options and arguments in any order, as a user writes them."""
        return self.parse_intermixed_args(sys.argv[1:] if argv is None else [str(a) for a in argv])


def directory(value: str) -> str:
    """A path that is not an existing file (the folder may not exist yet)."""
    if os.path.isfile(value):
        raise argparse.ArgumentTypeError(f"{value!r} is a file, not a directory")
    return value


def file_path(value: str) -> str:
    """A path that is not an existing directory."""
    if os.path.isdir(value):
        raise argparse.ArgumentTypeError(f"{value!r} is a directory, not a file")
    return value


def at_least(minimum: int, kind: type):
    """A number (int or float) of at least `minimum`."""

    def convert(value: str):
        try:
            number = kind(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{value!r} is not a valid {kind.__name__}") from None
        if number < minimum:
            raise argparse.ArgumentTypeError(f"{value} is smaller than the minimum {minimum}")
        return number

    convert.__name__ = kind.__name__
    return convert


def several(parser: argparse.ArgumentParser, *flags: str, **settings) -> None:
    """An option that may be given more than once; its values as a list (empty when not given)."""
    parser.add_argument(*flags, action="append", default=[], **settings)


def say(text: str, err: bool = False, nl: bool = True) -> None:
    """Print a line (or text without its newline) to stdout or stderr, flushed at once so
    that the two streams keep their order."""
    stream = sys.stderr if err else sys.stdout
    stream.write(text + "\n" if nl else text)
    stream.flush()
