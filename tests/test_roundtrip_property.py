"""Generated Dockerfiles: the tree always renders its input back, and agrees with BuildKit's
parser whenever BuildKit accepts the text (see conftest.py for the oracle)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dockslim.optimizer.syntax import ParseError, parse

PROFILE = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI stays deterministic
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

KEYWORDS = tuple(
    "FROM RUN COPY ADD ENV LABEL ARG CMD ENTRYPOINT EXPOSE VOLUME WORKDIR USER SHELL "
    "HEALTHCHECK ONBUILD STOPSIGNAL MAINTAINER".split()
)
UNKNOWN = ("FOO", "CROSS_BUILD", "é")
FLAGS = (
    "--mount=type=cache,target=/root/.cache",
    "--mount=type=bind,source=.,target=/src",
    '--mount="type=secret,id=tok"',
    "--network=host",
    "--network=none",
    "--from=builder",
    "--chown=1000:1000",
    "--chmod=755",
    "--link",
    "--platform=$BUILDPLATFORM",
    "--interval=30s",
    "--a='b c'",
    "--x=y\\ z",
    "--",
)
WORDS = (
    "apt-get", "install", "-y", "curl", "&&", "||", "|", ";", "rm", "-rf", "/var/lib/apt/lists/*",
    "echo", "$HOME", "${VAR:-x}", "a=b", "key=value", '"quoted words"', "'single quoted'",
    '"esc\\"aped"', "\\$notvar", "#not-a-comment", "# also", "x#y", "=", "==", "8080/tcp",
    "/app", "[", "]", "[\"sh\",", "\"-c\"]", "résumé", "日本", "a\tb", "=x", "k=\"v w\"",
    "\\\\", "\\", "`", "``", "<", "<<", "<<<", "2>&1", ">/dev/null", "$(id)",
)
JSON_FORMS = (
    '["executable", "param1"]',
    '[ "sh", "-c", "echo $HOME" ]',
    '["a", "b\\"c", "\\u00e9"]',
    "[]",
    "['single', 'quotes']",
    '["unterminated"',
    '["a", 1]',
    '["a"] trailing',
    '["/data", "/logs"]',
)
HEREDOC_NAMES = ("EOF", "EOT", "END_OF_SCRIPT", "X1")


@st.composite
def heredoc_marker(draw):
    name = draw(st.sampled_from(HEREDOC_NAMES))
    chomp = draw(st.booleans())
    quote = draw(st.sampled_from(("", "", '"', "'")))
    fd = draw(st.sampled_from(("", "", "", "2", "3")))
    return f"{fd}<<{'-' if chomp else ''}{quote}{name}{quote}", name, chomp


@st.composite
def instruction(draw, escape: str):
    """One instruction: (first lines as a list of line texts without endings, heredoc bodies)."""
    keyword = draw(st.sampled_from(KEYWORDS + UNKNOWN))
    case = draw(st.sampled_from(("upper", "upper", "lower", "mixed")))
    if case == "lower":
        keyword = keyword.lower()
    elif case == "mixed":
        keyword = "".join(c.lower() if i % 2 else c for i, c in enumerate(keyword))
    onbuild = keyword.upper() == "ONBUILD"
    inner = draw(st.sampled_from(("RUN", "COPY", "CMD", "ENV", "run"))) if onbuild else keyword
    pieces: list[str] = [keyword]
    if onbuild:
        pieces.append(inner)
    pieces += draw(st.lists(st.sampled_from(FLAGS), max_size=3))
    form = draw(st.sampled_from(("words", "words", "json", "heredoc", "empty")))
    heredocs = []
    if form == "json":
        pieces.append(draw(st.sampled_from(JSON_FORMS)))
    elif form == "heredoc":
        for _ in range(draw(st.integers(1, 3))):
            text, name, chomp = draw(heredoc_marker())
            pieces.append(text)
            heredocs.append((name, chomp))
            pieces += draw(st.lists(st.sampled_from(("bash", "/dst", ">", "/f", "cat", "&&")), max_size=2))
    elif form == "words":
        pieces += draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8))

    # join the pieces with spaces or with continuations (comment and blank lines inside)
    lines = [draw(st.sampled_from(("", "", " ", "\t", "  ")))]
    for i, piece in enumerate(pieces):
        if i and draw(st.integers(0, 4)) == 0:
            trail = draw(st.sampled_from(("", " ", "\t", "  \t")))
            lines[-1] += draw(st.sampled_from((" ", ""))) + escape + trail
            for _ in range(draw(st.integers(0, 2))):
                lines.append(draw(st.sampled_from(("# inside", "  # indented comment", "", "   ", "\t", "#"))))
            lines.append(draw(st.sampled_from(("", "  ", "\t"))) + piece)
        else:
            lines[-1] += (draw(st.sampled_from((" ", " ", "\t", "   "))) if i else "") + piece
    if draw(st.integers(0, 9)) == 0:
        lines[-1] += draw(st.sampled_from((" #", " # trailing", escape + escape, " " + escape + escape)))

    bodies: list[list[str]] = []
    for name, chomp in heredocs:
        body = draw(st.lists(st.sampled_from(
            ("set -eux", "\techo tabbed", "apt-get update", "", "  indented", "$VAR", "# shell comment",
             "EOF2", " EOF", "\\", "RUN not an instruction")
        ), max_size=4))
        bodies.append(body + [("\t" * draw(st.integers(0, 2)) if chomp else "") + name])
    return lines, bodies


@st.composite
def dockerfile_text(draw):
    """A whole file with directives, trivia, mixed line endings, BOM and EOF quirks."""
    escape = "\\"
    head: list[str] = []
    for name in draw(st.lists(st.sampled_from(("syntax", "escape", "check", "escape_bt", "other")),
                              max_size=3, unique=True)):
        if name == "escape_bt":
            if any("escape" in h.lower() for h in head):
                continue
            escape = "`"
            head.append(draw(st.sampled_from(("# escape=`", "#escape = `", "# ESCAPE=`\t"))))
        elif name == "escape":
            if any("escape" in h.lower() for h in head):
                continue
            head.append("# escape=\\")
        elif name == "syntax":
            head.append("# syntax=docker/dockerfile:1")
        elif name == "check":
            head.append("# check=skip=all")
        else:
            head.append("# not=a-known-directive")
    lines: list[str] = list(head)
    if draw(st.booleans()):
        lines.append(draw(st.sampled_from(("ARG BASE=alpine:3.19", "FROM alpine AS build", "from scratch"))))
    for _ in range(draw(st.integers(0, 6))):
        for _ in range(draw(st.integers(0, 2))):
            lines.append(draw(st.sampled_from(
                ("", "# a comment", "  # indented", "#escape=`", "# syntax=late", "   ", "\t")
            )))
        first, bodies = draw(instruction(escape))
        lines += first
        for body in bodies:
            lines += body
    endings = draw(st.sampled_from(("lf", "crlf", "mixed")))
    out = []
    for line in lines:
        if endings == "lf":
            eol = "\n"
        elif endings == "crlf":
            eol = "\r\n"
        else:
            eol = draw(st.sampled_from(("\n", "\r\n")))
        out.append(line + eol)
    text = "".join(out)
    ending = draw(st.sampled_from(("keep", "keep", "strip", "continuation")))
    if ending == "strip":
        text = text.rstrip("\r\n")
    elif ending == "continuation":
        text = text.rstrip("\r\n") + draw(st.sampled_from((" " + escape, escape + "\n", " " + escape + " \r\n")))
    if draw(st.integers(0, 5)) == 0:
        text = "\ufeff" + text
    return text


# lines of tokens that matter to the line and word rules, to find what the structured
# cases miss
TOKENS = (
    "RUN", "run", "COPY", "FROM", "ENV", "LABEL", "ARG", "ONBUILD", "HEALTHCHECK", "CMD", "x",
    " ", " ", "\t", "\\", "`", "#", "# escape=`", "# syntax=a", "# check=b", '"', "'", "=",
    "<<EOF", "<<-EOF", "EOF", "\tEOF", "<<'EOF'", '<<"EOF"', "2<<EOF", "<<", "--a=b", "--",
    "[", "]", '["a"]', ",", "$", "é", "\ufeff", "\r", "\v", "\xa0", "\u3000", "\x1c", "à",
    "${X:-<<EOF}", '"\\ud800"', "1e999", "NaN", "\\\\", "-", "0",
)
SOUP = st.lists(
    st.tuples(st.lists(st.sampled_from(TOKENS), max_size=8), st.sampled_from(("\n", "\r\n", "\n", ""))),
    max_size=10,
).map(lambda lines: "".join("".join(tokens) + eol for tokens, eol in lines))


@PROFILE
@given(dockerfile_text())
def test_generated_files_round_trip_and_agree(agrees, text):
    agrees(text)


@PROFILE
@given(SOUP)
def test_character_soup_round_trips_and_agrees(agrees, text):
    agrees(text)


@PROFILE
@given(st.text(max_size=200))
def test_any_text_round_trips_or_raises_parse_error(text):
    try:
        tree = parse(text)
    except ParseError:
        return
    assert tree.render() == text
    for inst in tree.instructions:
        assert text[inst.keyword_start : inst.keyword_end] == inst.keyword
        assert inst.start <= inst.keyword_start < inst.end
