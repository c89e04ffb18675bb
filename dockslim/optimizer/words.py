"""BuildKit's word-level rules for instruction arguments.

These follow moby/buildkit's `frontend/dockerfile/parser` (line_parsers.go) so that the
values we compute agree with BuildKit's own parser; the tests compare both on every case.
Each splitter also returns where each word starts and ends in its input, so that callers
can map words back to the source.
"""

from __future__ import annotations

import json
import re

WHITESPACE = re.compile(r"[\t\v\f\r ]+")
_HEREDOC_WORD = re.compile(r"^(\d*)<<(-?)([^<]*)$")


_KNOWN = frozenset(
    "ADD ARG CMD COPY ENTRYPOINT ENV EXPOSE FROM HEALTHCHECK LABEL MAINTAINER ONBUILD "
    "RUN SHELL STOPSIGNAL USER VOLUME WORKDIR".split()
)


class ArgumentError(ValueError):
    """An instruction's arguments that BuildKit rejects."""


def split_flags(args: str) -> tuple[list[tuple[str, int, int]], int]:
    """BuildKit's extractBuilderFlags: leading `--name[=value]` words.

    Returns the flags as (unquoted text, start, end) and the offset where the rest begins.
    """
    flags: list[tuple[str, int, int]] = []
    pos, n = 0, len(args)
    while True:
        while pos < n and args[pos].isspace():
            pos += 1
        if pos >= n or not args.startswith("--", pos):
            return flags, min(pos, n)
        start, word, quote, blank_ok = pos, [], "", False
        while pos < n:
            ch = args[pos]
            if quote:
                if ch == quote:
                    quote = ""
                elif ch == "\\" and pos + 1 < n:
                    pos += 1
                    word.append(args[pos])
                elif ch != "\\":
                    word.append(ch)
                pos += 1
                continue
            if ch.isspace():
                break
            if ch in "'\"":
                quote, blank_ok = ch, True
            elif ch == "\\":
                if pos + 1 < n:
                    pos += 1
                    word.append(args[pos])
            else:
                word.append(ch)
            pos += 1
        text = "".join(word)
        if text == "--":
            # a lone `--` ends the flags; the rest starts after the spaces that follow it
            while pos < n and args[pos].isspace():
                pos += 1
            return flags, pos
        if blank_ok or text:
            flags.append((text, start, pos))


def parse_words(rest: str, escape: str = "\\") -> list[tuple[str, int, int]]:
    """BuildKit's parseWords: whitespace-separated words, quotes and escapes kept."""
    words: list[tuple[str, int, int]] = []
    pos, n = 0, len(rest)
    while pos < n:
        while pos < n and rest[pos].isspace():
            pos += 1
        if pos >= n:
            break
        start, word, quote, blank_ok = pos, [], "", False
        while pos < n:
            ch = rest[pos]
            if not quote:
                if ch.isspace():
                    break
                if ch in "'\"":
                    quote, blank_ok = ch, True
                if ch == escape:
                    if pos + 1 == n:
                        pos += 1
                        continue
                    word.append(ch)
                    pos += 1
                    ch = rest[pos]
                word.append(ch)
                pos += 1
                continue
            if ch == quote:
                quote = ""
            if ch == escape and quote != "'":
                if pos + 1 == n:
                    pos += 1
                    continue
                word.append(ch)
                pos += 1
                ch = rest[pos]
            word.append(ch)
            pos += 1
        if blank_ok or word:
            words.append(("".join(word), start, pos))
    return words


def _json_array(rest: str) -> tuple[str, ...] | None:
    """The string array `rest` spells, or None when it is not a JSON array."""
    try:
        value = json.loads(rest)
    except ValueError:
        return None
    if not isinstance(value, list):
        return None
    if not all(isinstance(v, str) for v in value):
        raise ArgumentError("JSON arrays in Dockerfiles must contain only strings")
    return tuple(value)


def instruction_value(kind: str, rest: str, escape: str) -> tuple[tuple[str, ...], bool]:
    """The (value, is_json) BuildKit's parser gives an instruction's argument text."""
    if kind not in _KNOWN:
        return ("",), False  # BuildKit keeps unknown instructions with an empty value
    if not rest:
        return (), False
    if kind in ("RUN", "CMD", "ENTRYPOINT", "SHELL"):
        stripped = rest.lstrip()
        if stripped.startswith("["):
            array = _json_array(stripped)
            if array is not None:
                return array, True
        return (rest,), False
    if kind in ("ADD", "COPY", "VOLUME"):
        stripped = rest.lstrip()
        array = _json_array(stripped) if stripped.startswith("[") else None
        if array is not None:
            return array, True
        return tuple(WHITESPACE.split(rest)), False
    if kind in ("EXPOSE", "FROM"):
        return tuple(WHITESPACE.split(rest)), False
    if kind in ("MAINTAINER", "STOPSIGNAL", "USER", "WORKDIR"):
        return (rest,), False
    if kind == "ARG":
        return tuple(w for w, _, _ in parse_words(rest, escape)), False
    if kind in ("ENV", "LABEL"):
        return name_values(kind, rest, escape), False
    if kind == "HEALTHCHECK":
        sep = 0
        while sep < len(rest) and not rest[sep].isspace():
            sep += 1
        if sep == 0:
            return (), False
        cmd = rest[sep:].lstrip()
        inner, is_json = instruction_value("CMD", cmd, escape)
        return (rest[:sep], *inner), is_json
    return ("",), False


def name_values(kind: str, rest: str, escape: str) -> tuple[str, ...]:
    """ENV/LABEL: `KEY value` (old form) or `KEY=value ...`, flattened as key, value, ..."""
    words = [w for w, _, _ in parse_words(rest, escape)]
    if not words:
        return ()
    if "=" not in words[0]:
        parts = WHITESPACE.split(rest, maxsplit=1)
        if len(parts) < 2:
            raise ArgumentError(f"{kind} must have two arguments")
        return (parts[0], parts[1])
    out: list[str] = []
    for word in words:
        if "=" not in word:
            raise ArgumentError(f"Syntax error - can't find = in {word!r}. Must be of the form: name=value")
        key, value = word.split("=", 1)
        out += [key, value]
    return tuple(out)


def shell_words(line: str) -> list[tuple[str, int, int]]:
    """Whitespace-separated words of a line with quotes and escapes kept raw."""
    out: list[tuple[str, int, int]] = []
    pos, n = 0, len(line)
    while pos < n:
        while pos < n and line[pos].isspace():
            pos += 1
        if pos >= n:
            break
        start, quote = pos, ""
        while pos < n:
            ch = line[pos]
            if quote:
                if ch == quote:
                    quote = ""
                elif ch == "\\" and quote == '"':
                    pos += 1
            elif ch.isspace():
                break
            elif ch in "'\"":
                quote = ch
            elif ch == "\\":
                pos += 1
            pos += 1
        out.append((line[start:min(pos, n)], start, min(pos, n)))
    return out


def unquote(word: str) -> str:
    """Remove shell quoting from a word (no expansion)."""
    out, quote, i = [], "", 0
    while i < len(word):
        ch = word[i]
        if quote:
            if ch == quote:
                quote = ""
            elif ch == "\\" and quote == '"' and i + 1 < len(word) and word[i + 1] in '"\\$`':
                i += 1
                out.append(word[i])
            else:
                out.append(ch)
        elif ch in "'\"":
            quote = ch
        elif ch == "\\" and i + 1 < len(word):
            i += 1
            out.append(word[i])
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def heredoc_marker(word: str) -> tuple[int, bool, str, bool] | None:
    """(fd, chomp, name, quoted) when `word` opens a heredoc (`<<EOF`, `<<-"EOT"`, `2<<X`)."""
    match = _HEREDOC_WORD.match(word)
    if not match or not match.group(3):
        return None
    rest = match.group(3)
    inner = shell_words(rest)
    if len(inner) != 1:
        return None
    name = unquote(rest)
    if not name:
        return None
    return int(match.group(1) or 0), match.group(2) == "-", name, name != rest
