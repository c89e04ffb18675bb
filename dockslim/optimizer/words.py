"""BuildKit's word-level rules for instruction arguments.

These follow moby/buildkit's `frontend/dockerfile/parser` (line_parsers.go) so that the
values we compute agree with BuildKit's own parser; the tests compare both on every case.
Each splitter also returns where each word starts and ends in its input, so that callers
can map words back to the source.
"""

from __future__ import annotations

import json
import math
import re

WHITESPACE = re.compile(r"[\t\v\f\r ]+")
# Go's unicode.IsSpace, BuildKit's test for a space: Python's str.isspace() minus U+001C..U+001F
SPACE = " \t\n\v\f\r\x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000"
_SPACE = frozenset(SPACE)
# extractBuilderFlags and HEALTHCHECK test bytes, not characters: only ASCII spaces separate there
_BYTE_SPACE = frozenset(" \t\n\v\f\r")
_HEREDOC_WORD = re.compile(r"^([0-9]*)<<(-?)([^<]*)$")  # Go's `\d` is ASCII


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
    pos = _skip_byte_spaces(args, 0)
    while args.startswith("--", pos):
        start = pos
        text, quoted, pos = _flag_word(args, pos)
        if text == "--":
            # a lone `--` ends the flags; the rest starts after the spaces that follow it
            return flags, _skip_byte_spaces(args, pos)
        if quoted or text:
            flags.append((text, start, pos))
        pos = _skip_byte_spaces(args, pos)
    return flags, pos


def _skip_byte_spaces(args: str, pos: int) -> int:
    while pos < len(args) and args[pos] in _BYTE_SPACE:
        pos += 1
    return pos


def _flag_word(args: str, pos: int) -> tuple[str, bool, int]:
    """The word at ``pos`` with quotes and escapes removed, whether it had quotes (then
    even an empty word counts), and the offset where it ends."""
    n = len(args)
    word: list[str] = []
    quote, quoted = "", False
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
        elif ch in _BYTE_SPACE:
            break
        elif ch in "'\"":
            quote, quoted = ch, True
        elif ch == "\\":
            if pos + 1 < n:
                pos += 1
                word.append(args[pos])
        else:
            word.append(ch)
        pos += 1
    return "".join(word), quoted, pos


def parse_words(rest: str, escape: str = "\\") -> list[tuple[str, int, int]]:
    """BuildKit's parseWords: whitespace-separated words, quotes and escapes kept."""
    words: list[tuple[str, int, int]] = []
    pos, n = 0, len(rest)
    while pos < n:
        while pos < n and rest[pos] in _SPACE:
            pos += 1
        if pos >= n:
            break
        start, word, quote, blank_ok = pos, [], "", False
        while pos < n:
            ch = rest[pos]
            if not quote:
                if ch in _SPACE:
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


def _not_json(_: str) -> None:
    raise ValueError("NaN and Infinity are not JSON")


def _go_number(text: str) -> float:
    # Go decodes numbers into float64 and fails on overflow (`1e999`): shell form, not an error
    value = float(text)
    if math.isinf(value):
        raise ValueError("number out of range")
    return value


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


_DECODER = json.JSONDecoder(parse_constant=_not_json, parse_float=_go_number, parse_int=_go_number)


def _json_array(rest: str) -> tuple[str, ...] | None:
    """The string array `rest` starts with, or None when it does not start with a JSON array.

    Like BuildKit's parser up to v0.14 (the `dockerfile` binding, and Docker 26's BuildKit):
    Go's json.Decoder reads the first value and ignores what follows it, so
    `CMD ["python", "app.py"] # comment` is exec form. (BuildKit >= 0.15 reads such a line as
    shell form.) Numbers and constants follow Go's rules."""
    try:
        value, _end = _DECODER.raw_decode(rest)
    except (ValueError, RecursionError):
        return None
    if not isinstance(value, list):
        return None
    if not all(isinstance(v, str) for v in value):
        raise ArgumentError("JSON arrays in Dockerfiles must contain only strings")
    # Go turns an unpaired surrogate escape (`"\ud800"`) into U+FFFD
    return tuple(_LONE_SURROGATE.sub("\ufffd", v) for v in value)


def instruction_value(kind: str, rest: str, escape: str) -> tuple[tuple[str, ...], bool]:
    """The (value, is_json) BuildKit's parser gives an instruction's argument text."""
    if kind not in _KNOWN:
        return ("",), False  # BuildKit keeps unknown instructions with an empty value
    if not rest:
        return (), False
    if kind in ("RUN", "CMD", "ENTRYPOINT", "SHELL"):
        stripped = rest.lstrip(SPACE)
        if stripped.startswith("["):
            array = _json_array(stripped)
            if array is not None:
                return array, True
        return (rest,), False
    if kind in ("ADD", "COPY", "VOLUME"):
        stripped = rest.lstrip(SPACE)
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
        while sep < len(rest) and rest[sep] not in _BYTE_SPACE:
            sep += 1
        if sep == 0:
            return (), False
        cmd = rest[sep:].lstrip(" \t\n\v\f\r")
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
        while pos < n and line[pos] in _SPACE:
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
            elif ch in _SPACE:
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


class _LexError(ValueError):
    pass


class _Lex:
    """BuildKit's shell lexer (frontend/dockerfile/shell/lex.go) in the mode its parser uses to
    find heredocs: `\\` escapes, no environment, unset variables kept as written. `words()`
    gives (word, start, end); a lexing error (an unterminated quote, `${}`) raises _LexError."""

    __slots__ = ("s", "n", "pos", "raw_quotes", "raw_escapes")

    def __init__(self, text: str, raw_quotes: bool, raw_escapes: bool):
        self.s, self.n = text, len(text)
        self.pos = 1 if text.startswith("\ufeff") else 0  # text/scanner skips a leading BOM
        self.raw_quotes, self.raw_escapes = raw_quotes, raw_escapes

    def peek(self) -> str | None:
        return self.s[self.pos] if self.pos < self.n else None

    def next(self) -> str | None:
        if self.pos >= self.n:
            return None
        self.pos += 1
        return self.s[self.pos - 1]

    def words(self) -> list[tuple[str, int, int]]:
        return self.stop_on(None, self.raw_escapes)[1]

    def stop_on(self, stop: str | None, raw_escapes: bool) -> tuple[str, list[tuple[str, int, int]]]:
        saved, self.raw_escapes = self.raw_escapes, raw_escapes
        try:
            result: list[str] = []
            words = _Words()
            while self.pos < self.n:
                at, ch = self.pos, self.s[self.pos]
                if ch == stop:
                    self.pos += 1
                    return "".join(result), words.get()
                if ch in "$'\"":
                    tmp = self.dollar() if ch == "$" else self.single() if ch == "'" else self.double()
                    result.append(tmp)
                    if ch == "$":
                        for c in tmp:  # an expansion is split at its spaces
                            words.add_char(c, at, self.pos)
                    else:
                        words.add_raw(tmp, at, self.pos)
                    continue
                self.pos += 1
                if ch == "\\":
                    if self.raw_escapes:
                        words.add_raw(ch, at, self.pos)
                        result.append(ch)
                    ch = self.next()
                    if ch is None:
                        break
                    words.add_raw(ch, at, self.pos)
                else:
                    words.add_char(ch, at, self.pos)
                result.append(ch)
            if stop is not None:
                raise _LexError(f"unexpected end of statement while looking for matching {stop}")
            return "".join(result), words.get()
        finally:
            self.raw_escapes = saved

    def single(self) -> str:
        quote = self.next()
        result = [quote] if self.raw_quotes else []
        while True:
            ch = self.next()
            if ch is None:
                raise _LexError("unexpected end of statement while looking for matching single-quote")
            if ch == "'":
                if self.raw_quotes:
                    result.append(ch)
                return "".join(result)
            result.append(ch)

    def double(self) -> str:
        quote = self.next()
        result = [quote] if self.raw_quotes else []
        while True:
            ch = self.peek()
            if ch is None:
                raise _LexError("unexpected end of statement while looking for matching double-quote")
            if ch == '"':
                self.pos += 1
                if self.raw_quotes:
                    result.append(ch)
                return "".join(result)
            if ch == "$":
                result.append(self.dollar())
                continue
            self.pos += 1
            if ch == "\\":
                if self.raw_escapes:
                    result.append(ch)
                following = self.peek()
                if following is None:
                    continue
                if following in '"$\\':
                    ch = self.next()
            result.append(ch)

    def dollar(self) -> str:
        self.pos += 1
        if self.peek() != "{":
            return "$" + self.name()
        self.pos += 1
        ch = self.peek()
        if ch is None:
            raise _LexError("syntax error: missing '}'")
        if ch in "{}:":
            raise _LexError("syntax error: bad substitution")
        name = self.name()
        ch = self.next()
        if ch == "}":
            return "${" + name + "}"
        modifier = ch or ""
        if ch == ":":
            ch = self.next()
            modifier += ch or ""
        if modifier.startswith(":") or ch in ("+", "-", "?", "#", "%"):
            try:
                word, _ = self.stop_on("}", ch in ("#", "%"))
            except _LexError:
                if self.pos >= self.n:
                    raise _LexError("syntax error: missing '}'") from None
                raise
            return "${" + name + modifier + word + "}"
        if ch == "/":
            if self.peek() == "/":
                self.pos += 1
            pattern, _ = self.stop_on("/", True)
            replacement, _ = self.stop_on("}", True)
            return "${" + name + "/" + pattern + "/" + replacement + "}"
        raise _LexError(f"unsupported modifier ({modifier}) in substitution")

    def name(self) -> str:
        out: list[str] = []
        while self.pos < self.n:
            ch = self.s[self.pos]
            if not out and ch.isdecimal():
                while self.pos < self.n and self.s[self.pos].isdecimal():
                    out.append(self.s[self.pos])
                    self.pos += 1
                return "".join(out)
            if not out and ch in "@*#?-$!0":
                self.pos += 1
                return ch
            if not (ch.isalpha() or ch.isdecimal() or ch == "_"):
                break
            out.append(ch)
            self.pos += 1
        return "".join(out)


class _Words:
    """lex.go's wordsStruct, with where each word starts and ends."""

    __slots__ = ("word", "words", "in_word", "start", "end")

    def __init__(self):
        self.word, self.words, self.in_word, self.start, self.end = "", [], False, 0, 0

    def add_char(self, ch: str, at: int, end: int) -> None:
        if ch in _SPACE:
            if self.in_word and self.word:
                self.words.append((self.word, self.start, self.end))
                self.word, self.in_word = "", False
        else:
            self.add_raw(ch, at, end)

    def add_raw(self, text: str, at: int, end: int) -> None:
        if not self.word and text:
            self.start = at
        self.word += text
        self.in_word = True
        self.end = end

    def get(self) -> list[tuple[str, int, int]]:
        if self.word:
            self.words.append((self.word, self.start, self.end))
            self.word, self.in_word = "", False
        return self.words


def heredoc_words(line: str) -> list[tuple[str, int, int]]:
    """The words of an instruction line that open heredocs, as BuildKit finds them: the line is
    lexed as a whole, so an unterminated quote anywhere in it means no heredocs at all."""
    try:
        words = _Lex(line, raw_quotes=True, raw_escapes=True).words()
    except _LexError:
        return []
    return [w for w in words if heredoc_marker(w[0]) is not None]


def heredoc_marker(word: str) -> tuple[int, bool, str, bool] | None:
    """(fd, chomp, name, quoted) when `word` opens a heredoc (`<<EOF`, `<<-"EOT"`, `2<<X`).

    As BuildKit's heredocFromMatch: the name is the word after `<<` with quotes and escapes
    removed, and it counts as quoted (no expansion in the body) when quotes were removed."""
    match = _HEREDOC_WORD.match(word)
    if not match or not match.group(3):
        return None
    rest = match.group(3)
    try:
        words = _Lex(rest, raw_quotes=False, raw_escapes=False).words()
        raw = _Lex(rest, raw_quotes=True, raw_escapes=False).words()
    except _LexError:
        return None
    if len(words) != 1 or len(raw) != 1:
        return None
    name = words[0][0]
    quoted = name.count("'") + name.count('"') != raw[0][0].count("'") + raw[0][0].count('"')
    fd = min(int(match.group(1) or 0), 2**64 - 1)  # strconv.ParseUint saturates on overflow
    return fd, match.group(2) == "-", name, quoted
