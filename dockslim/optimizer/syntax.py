"""The lossless Dockerfile syntax tree.

Every node records where it stands in the source, so `render()` gives the input back byte
for byte and passes can express changes as text edits on exact spans. Line splitting,
parser directives, continuation lines, comment lines inside continuations and heredocs
follow BuildKit's parser (moby/buildkit frontend/dockerfile/parser), which is the oracle
the tests compare against.
"""


import bisect
import gc
import re
from typing import NamedTuple

# SPACE is Go's unicode.IsSpace, BuildKit's notion of a space: str.isspace() also takes U+001C..U+001F
from .words import SPACE, ArgumentError, heredoc_marker, heredoc_words, instruction_value, split_flags

BOM = "\ufeff"
# Go's regexp `\s` is ASCII only; after the `#` BuildKit trims any space (DirectiveParser)
DIRECTIVE = re.compile(
    "^#[" + SPACE + r"]*([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*(.+?)[\t\n\f\r ]*$"
)
# bufio.Scanner's limit: BuildKit rejects a line of more than 64 KiB (its line ending counted)
MAX_LINE_BYTES = 65536
KNOWN_DIRECTIVES = ("syntax", "escape", "check")
HEREDOC_KINDS = ("RUN", "COPY", "ADD")
KEYWORDS = frozenset(
    "ADD ARG CMD COPY ENTRYPOINT ENV EXPOSE FROM HEALTHCHECK LABEL MAINTAINER ONBUILD "
    "RUN SHELL STOPSIGNAL USER VOLUME WORKDIR".split()
)
_CMD_SPLIT = re.compile(r"[\t\v\f\r ]+")


class ParseError(ValueError):
    """Text that BuildKit's parser rejects; `line` is 1-based."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


# The small read-only records are named tuples: equal, hashed and shown as the frozen
# dataclasses they were, at a seventh of the start-up cost of one.
class Directive(NamedTuple):
    name: str  # lower case
    value: str
    start: int
    end: int  # end of the line, line ending excluded


class Flag(NamedTuple):
    """A builder flag such as `--mount=type=cache,target=/root/.cache`."""

    text: str  # quotes removed, as BuildKit reports it
    start: int  # span in the source
    end: int

    @property
    def name(self) -> str:
        return self.text[2:].split("=", 1)[0]

    @property
    def value(self) -> str | None:
        return self.text.split("=", 1)[1] if "=" in self.text else None

    @property
    def options(self) -> dict[str, str]:
        """`--mount=type=cache,target=/x` as {'type': 'cache', 'target': '/x'}."""
        out: dict[str, str] = {}
        for part in (self.value or "").split(","):
            key, _, val = part.partition("=")
            out[key.strip().lower()] = val.strip()
        return out


class Heredoc(NamedTuple):
    name: str
    fd: int
    chomp: bool  # `<<-`: leading tabs of the terminator line are ignored
    quoted: bool  # `<<"EOF"`: no expansion in the body
    marker_start: int  # the `<<EOF` word in the source
    marker_end: int
    body_start: int  # the body lines, verbatim
    body_end: int
    terminator_end: int  # after the terminator line's line ending
    content: str  # as BuildKit reports it: every body line followed by "\n"


class Segment(NamedTuple):
    """A run of logical text that stands unbroken in the source."""

    logical: int
    source: int
    length: int


class Logical:
    """The text BuildKit reads for one instruction: continuation markers, the line endings
    they escape and comment lines inside continuations are dropped. Maps back to source."""

    # segments are kept as plain (logical, source, length) tuples of ints, which the cyclic
    # garbage collector stops tracking: a 10 MB file makes hundreds of thousands of them
    __slots__ = ("text", "_segs", "_starts")

    def __init__(self, text: str, segments: "tuple[Segment, ...]"):
        self.text = text
        self._segs = tuple((s.logical, s.source, s.length) for s in segments)
        self._starts = tuple(s[0] for s in self._segs)

    @classmethod
    def _of(cls, text: str, segs: tuple[tuple[int, int, int], ...]) -> "Logical":
        self = cls.__new__(cls)
        self.text, self._segs, self._starts = text, segs, tuple(s[0] for s in segs)
        return self

    @property
    def segments(self) -> tuple[Segment, ...]:
        return tuple(Segment(*s) for s in self._segs)

    def source_offset(self, index: int) -> int:
        """Source offset of logical character `index` (index == len(text) maps past the end)."""
        if not self._segs:
            return 0
        i = bisect.bisect_right(self._starts, index) - 1
        logical, source, length = self._segs[max(i, 0)]
        if index - logical >= length and index > 0:
            # one past the end of a segment: the end of that segment, not the next one
            return source + length + (index - logical - length)
        return source + (index - logical)

    def source_end(self, index: int) -> int:
        """Source offset just after logical character index-1 (for exclusive ends)."""
        return self.source_offset(index - 1) + 1 if index > 0 else self.source_offset(0)


class Instruction:
    """One instruction of the tree. Read-only once parsed; two instructions are two even when
    their texts are equal (a plain class: a dataclass costs every start up)."""

    __slots__ = ("index", "source", "leading_start", "start", "end", "start_line", "end_line", "keyword",
                 "keyword_start", "logical", "rest_start", "flags", "value", "is_json", "heredocs", "onbuild",
                 "escape")

    def __init__(self, *, index: int, source: str, leading_start: int, start: int, end: int, start_line: int,
                 end_line: int, keyword: str, keyword_start: int, logical: Logical, rest_start: int,
                 flags: tuple[Flag, ...], value: tuple[str, ...], is_json: bool, heredocs: tuple[Heredoc, ...],
                 onbuild: "Instruction | None", escape: str) -> None:
        self.index = index
        self.source = source  # the whole file text (shared, not copied)
        self.leading_start = leading_start  # where the comment and blank lines above it begin
        self.start = start  # first character of the keyword line (leading whitespace included)
        self.end = end  # after the line ending of its last line (heredocs included)
        self.start_line = start_line
        self.end_line = end_line
        self.keyword = keyword  # as written
        self.keyword_start = keyword_start
        self.logical = logical
        self.rest_start = rest_start  # the arguments after the flags, as an index into logical.text
        self.flags = flags
        self.value = value
        self.is_json = is_json
        self.heredocs = heredocs
        self.onbuild = onbuild  # ONBUILD's inner instruction
        self.escape = escape

    @property
    def kind(self) -> str:
        """The keyword in upper case: RUN, COPY, ..."""
        return self.keyword.upper()

    @property
    def text(self) -> str:
        return self.source[self.start : self.end]

    @property
    def leading(self) -> str:
        """Comment and blank lines above the instruction, which it owns."""
        return self.source[self.leading_start : self.start]

    @property
    def rest(self) -> str:
        """The arguments after the flags, as BuildKit reads them."""
        return self.logical.text[self.rest_start :].strip(SPACE)

    @property
    def rest_span(self) -> tuple[int, int]:
        text = self.logical.text
        lo, hi = self.rest_start, len(text.rstrip(SPACE))
        while lo < hi and text[lo] in SPACE:
            lo += 1
        return self.logical.source_offset(lo), self.logical.source_end(hi)

    @property
    def keyword_end(self) -> int:
        return self.keyword_start + len(self.keyword)

    @property
    def line_ending(self) -> str:
        head = self.text
        if self.heredocs:
            head = self.source[self.start : self.heredocs[0].body_start]
        nl = head.find("\n")
        if nl == -1:
            return ""
        return "\r\n" if nl > 0 and head[nl - 1] == "\r" else "\n"

    @property
    def is_shell_form(self) -> bool:
        return self.kind in ("RUN", "CMD", "ENTRYPOINT") and not self.is_json

    def flag(self, name: str) -> Flag | None:
        return next((f for f in self.flags if f.name == name), None)

    def flags_named(self, name: str) -> tuple[Flag, ...]:
        return tuple(f for f in self.flags if f.name == name)

    def __repr__(self) -> str:
        return f"<Instruction {self.index} {self.keyword} lines {self.start_line}-{self.end_line}>"


class Dockerfile:
    """The lossless tree of a Dockerfile (read-only)."""

    __slots__ = ("text", "bom", "directives", "escape", "instructions", "line_starts")

    def __init__(self, *, text: str, bom: bool, directives: tuple[Directive, ...], escape: str,
                 instructions: tuple[Instruction, ...], line_starts: tuple[int, ...]) -> None:
        self.text = text
        self.bom = bom
        self.directives = directives
        self.escape = escape
        self.instructions = instructions
        self.line_starts = line_starts

    def render(self) -> str:
        """The source, assembled from the nodes: identical to the input by construction."""
        parts = [self.text[: self.instructions[0].leading_start] if self.instructions else self.text]
        for inst in self.instructions:
            parts.append(inst.leading)
            parts.append(inst.text)
        if self.instructions:
            parts.append(self.text[self.instructions[-1].end :])
        return "".join(parts)

    @property
    def newline(self) -> str:
        """The file's main line ending."""
        crlf = self.text.count("\r\n")
        return "\r\n" if crlf and crlf * 2 >= self.text.count("\n") else "\n"

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a source offset; columns count characters."""
        line = bisect.bisect_right(self.line_starts, offset) - 1
        return line + 1, offset - self.line_starts[line] + 1

    def offset(self, line: int, column: int = 1) -> int:
        return self.line_starts[line - 1] + column - 1

    def line_text(self, line: int) -> str:
        start = self.line_starts[line - 1]
        end = self.line_starts[line] if line < len(self.line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def instruction_at(self, offset: int) -> Instruction | None:
        for inst in self.instructions:
            if inst.leading_start <= offset < inst.end:
                return inst
        return None


# --------------------------------------------------------------------------- parsing


def _trim_newline(line: str) -> str:
    return line.rstrip("\r\n")


def _is_comment(line: str) -> bool:
    return line.lstrip(SPACE).startswith("#")


class _Lines:
    """Physical lines: (start, end without "\\n", end with "\\n")."""

    __slots__ = ("text", "starts", "count")

    def __init__(self, text: str):
        self.text = text
        starts = [0]
        find = text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        if starts[-1] == len(text) and len(starts) > 1:
            starts.pop()  # a final newline does not open another line
        if not text:
            starts = [0]
        self.starts = starts
        self.count = 0 if not text else len(starts)

    def bounds(self, i: int) -> tuple[int, int, int]:
        start = self.starts[i]
        full = self.starts[i + 1] if i + 1 < self.count else len(self.text)
        end = full - 1 if full > start and self.text[full - 1] == "\n" else full
        return start, end, full


# Above this size the cyclic garbage collector is paused while parsing: the tree holds no
# reference cycles, and on multi-megabyte inputs its passes over the growing tree cost up to
# a third of the time and make the time grow faster than the size.
_GC_PAUSE_AT = 1 << 20


def parse(text: str) -> Dockerfile:
    """Parse a Dockerfile; raise ParseError for what BuildKit's parser rejects."""
    if len(text) < _GC_PAUSE_AT or not gc.isenabled():
        return _parse(text)
    gc.disable()
    try:
        return _parse(text)
    finally:
        gc.enable()


def _parse(text: str) -> Dockerfile:
    _check_line_sizes(text)
    lines = _Lines(text)
    bom = text.startswith(BOM)
    directives, escape = _directives(text, lines, bom)
    # BuildKit: `([^E])E[ \t]*$|^E[ \t]*$`, so a doubled escape token (`\\`) at the end
    # of a line is not a continuation
    esc = re.escape(escape)
    continuation = re.compile("(?<!" + esc + ")" + esc + r"[ \t]*$")
    instructions: list[Instruction] = []
    i, leading_start = 0, 0
    while i < lines.count:
        start, end, full = lines.bounds(i)
        content_start = start + 1 if (i == 0 and bom) else start
        raw = text[content_start:end]
        if _is_comment(_trim_newline(raw)):
            i += 1
            continue
        stripped = _trim_newline(raw).lstrip(SPACE)
        if not stripped:
            i += 1
            continue
        first_line = i
        lstart = content_start + (len(raw) - len(raw.lstrip(SPACE)))
        logical, last = _logical_line(text, lines, i, lstart, end, continuation)
        inst = _instruction(text, logical, escape, len(instructions), leading_start, start, first_line)
        heredocs: list[Heredoc] = []
        target = inst.onbuild or inst
        if target.kind in HEREDOC_KINDS and not target.is_json and "<<" in logical.text:
            heredocs, last = _read_heredocs(text, lines, logical, last, first_line)
        inst_end = lines.bounds(last)[2]
        # completed in place: nothing else has seen them yet
        for node in (inst, inst.onbuild) if inst.onbuild is not None else (inst,):
            node.end = inst_end
            node.end_line = last + 1
        if heredocs:
            (inst.onbuild or inst).heredocs = tuple(heredocs)
        instructions.append(inst)
        leading_start = inst_end
        i = last + 1
    return Dockerfile(
        text=text, bom=bom, directives=directives, escape=escape,
        instructions=tuple(instructions), line_starts=tuple(lines.starts),
    )


def _logical_line(
    text: str, lines: _Lines, first: int, lstart: int, end: int, continuation: re.Pattern[str]
) -> tuple[Logical, int]:
    """The instruction that starts at ``lstart`` on line ``first``, joined over its
    continuation lines (comment and blank lines among them skipped); returns it and its
    last line."""
    line_text = _trim_newline(text[lstart:end])
    m = continuation.search(line_text)
    chunk = line_text[: m.start()] if m else line_text
    chunks = [chunk] if chunk else []
    segments = [(0, lstart, len(chunk))] if chunk else []
    logical_len = len(chunk)
    last = first
    while m and last + 1 < lines.count:
        last += 1
        s, e, _ = lines.bounds(last)
        raw_line = _trim_newline(text[s:e])
        if _is_comment(raw_line) or not raw_line.strip(SPACE):
            continue
        m = continuation.search(raw_line)
        chunk = raw_line[: m.start()] if m else raw_line
        if chunk:
            chunks.append(chunk)
            segments.append((logical_len, s, len(chunk)))
            logical_len += len(chunk)
    return Logical._of("".join(chunks), tuple(segments)), last


def _read_heredocs(
    text: str, lines: _Lines, logical: Logical, last: int, first_line: int
) -> tuple[list[Heredoc], int]:
    """The here-documents an instruction opens, read from the lines after its last line
    ``last``, one after the other; returns them and the line of the last terminator."""
    heredocs: list[Heredoc] = []
    for word, ws, we in heredoc_words(logical.text):
        marker = heredoc_marker(word)
        if marker is None:
            continue
        fd, chomp, name, quoted = marker
        body_start = lines.bounds(last)[2]
        last, content = _heredoc_body(text, lines, last, name, chomp, first_line)
        s, _, f = lines.bounds(last)
        heredocs.append(
            Heredoc(
                name=name, fd=fd, chomp=chomp, quoted=quoted,
                marker_start=logical.source_offset(ws), marker_end=logical.source_end(we),
                body_start=body_start, body_end=s, terminator_end=f, content=content,
            )
        )
    return heredocs, last


def _heredoc_body(
    text: str, lines: _Lines, last: int, name: str, chomp: bool, first_line: int
) -> tuple[int, str]:
    """The line after ``last`` that ends here-document ``name``, and the body before it."""
    body: list[str] = []
    while True:
        last += 1
        if last >= lines.count:
            raise ParseError("unterminated heredoc", first_line + 1)
        s, e, _ = lines.bounds(last)
        candidate = _trim_newline(text[s:e])
        if chomp:
            candidate = candidate.lstrip("\t")
        if candidate == name:
            return last, "".join(body)
        body.append(text[s:e] + "\n")

# a line of fewer characters cannot reach MAX_LINE_BYTES in UTF-8 (4 bytes a character at most)
_MAYBE_LONG = re.compile(r"[^\n]{%d,}" % (MAX_LINE_BYTES // 4))


def _check_line_sizes(text: str) -> None:
    if len(text) < MAX_LINE_BYTES // 4:
        return
    for m in _MAYBE_LONG.finditer(text):
        if len(m.group().encode("utf-8", "surrogatepass")) >= MAX_LINE_BYTES:
            line = text.count("\n", 0, m.start()) + 1
            raise ParseError(f"dockerfile line greater than max allowed size of {MAX_LINE_BYTES - 1}", line)


def _directives(text: str, lines: _Lines, bom: bool) -> tuple[tuple[Directive, ...], str]:
    found: list[Directive] = []
    escape = "\\"
    for i in range(lines.count):
        start, end, _ = lines.bounds(i)
        if i == 0 and bom:
            start += 1
        line = _trim_newline(text[start:end]).lstrip(SPACE)
        match = DIRECTIVE.match(line)
        if not match or match.group(1).lower() not in KNOWN_DIRECTIVES:
            break
        name, value = match.group(1).lower(), match.group(2)
        if any(d.name == name for d in found):
            raise ParseError(f"only one {name} parser directive can be used", i + 1)
        if name == "escape":
            if value not in ("`", "\\"):
                raise ParseError(f"invalid escape token '{value}' does not match ` or \\", i + 1)
            escape = value
        found.append(Directive(name, value, start, end))
    return tuple(found), escape


def _instruction(
    text: str, logical: Logical, escape: str, index: int, leading_start: int, start: int, first_line: int
) -> Instruction:
    line = logical.text
    lead = len(line) - len(line.lstrip(SPACE))
    body = line.strip(SPACE)
    parts = _CMD_SPLIT.split(body, maxsplit=1)
    keyword = parts[0]
    args_at = lead + len(keyword)
    while args_at < len(line) and line[args_at] in "\t\v\f\r ":
        args_at += 1
    args = line[args_at:].rstrip(SPACE) if len(parts) == 2 else ""
    raw_flags, rest_at = split_flags(args)
    while rest_at < len(args) and args[rest_at] in SPACE:  # BuildKit trims the rest with TrimSpace
        rest_at += 1
    flags = tuple(
        Flag(t, logical.source_offset(args_at + s), logical.source_end(args_at + e)) for t, s, e in raw_flags
    )
    rest = args[rest_at:]
    kind = keyword.upper()
    onbuild = None
    value: tuple[str, ...] = ()
    is_json = False
    if kind == "ONBUILD":
        if rest:
            inner_at = args_at + rest_at
            inner_logical = Logical._of(line[inner_at:], _shift(logical, inner_at))
            onbuild = _instruction(text, inner_logical, escape, index, leading_start, start, first_line)
    else:
        try:
            value, is_json = instruction_value(kind, rest, escape)
        except ArgumentError as exc:
            raise ParseError(str(exc), first_line + 1) from None
    return Instruction(
        index=index, source=text, leading_start=leading_start, start=start, end=start,
        start_line=first_line + 1, end_line=first_line + 1, keyword=keyword,
        keyword_start=logical.source_offset(lead) if keyword else start, logical=logical,
        rest_start=args_at + rest_at, flags=flags, value=value, is_json=is_json, heredocs=(),
        onbuild=onbuild, escape=escape,
    )


def _shift(logical: Logical, at: int) -> tuple[tuple[int, int, int], ...]:
    """The segments of logical.text[at:], renumbered from zero."""
    out = []
    for seg_logical, seg_source, seg_length in logical._segs:
        lo, hi = max(seg_logical, at), seg_logical + seg_length
        if lo < hi:
            out.append((lo - at, seg_source + (lo - seg_logical), hi - lo))
    return tuple(out)

