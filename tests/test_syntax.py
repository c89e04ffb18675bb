"""The lossless syntax tree against BuildKit's own parser, on the torture cases in
tests/data/syntax (read as bytes, decoded as UTF-8, no newline translation)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from dockslim.optimizer import syntax
from dockslim.optimizer.syntax import Instruction, Logical, ParseError, Segment, parse

DATA = Path(__file__).parent / "data" / "syntax"
CASES = sorted(DATA.glob("*.Dockerfile"))


def read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def case(name: str) -> str:
    return read(DATA / f"{name}.Dockerfile")


@pytest.fixture(params=CASES, ids=lambda p: p.stem)
def text(request) -> str:
    return read(request.param)


def test_the_cases_keep_their_exact_bytes():
    """Guards against checkouts that rewrite line endings or strip the BOM."""
    assert len(CASES) >= 40
    assert case("crlf").count("\r\n") == case("crlf").count("\n") > 0
    mixed = case("mixed-line-endings")
    assert 0 < mixed.count("\r\n") < mixed.count("\n")
    assert case("utf8-bom").startswith("\ufeff")
    assert not case("no-final-newline").endswith("\n")
    assert case("empty") == ""
    assert "\n" not in case("cr-only-line-endings")
    assert "\t" in case("heredoc-chomp-tabs") and "\t" in case("tabs")
    assert max(map(len, case("long-lines").splitlines())) > 10_000


# --------------------------------------------------------------------------- every case


def test_round_trip(text):
    assert parse(text).render() == text


def test_agrees_with_buildkit(text, agrees):
    agrees(text)


def test_instructions_tile_the_file(text):
    tree = parse(text)
    pos = 0
    for inst in tree.instructions:
        assert inst.leading_start == pos
        assert inst.leading_start <= inst.start <= inst.keyword_start < inst.end
        assert inst.leading.strip(" \t\r\n\ufeff\u00a0\u3000") == "" or all(
            line.lstrip(" \t\ufeff\u00a0\u3000").startswith("#")
            for line in inst.leading.splitlines()
            if line.strip(" \t\r\ufeff\u00a0\u3000")
        )
        pos = inst.end
    rest = text[pos:]
    assert all(not line.strip() or line.lstrip().startswith("#") for line in rest.splitlines())


def test_keyword_spans_and_lines(text):
    tree = parse(text)
    for inst in tree.instructions:
        assert text[inst.keyword_start : inst.keyword_end] == inst.keyword
        assert tree.position(inst.start)[0] == inst.start_line
        assert tree.position(inst.end - 1)[0] == inst.end_line
        if inst.onbuild is not None:
            inner = inst.onbuild
            assert text[inner.keyword_start : inner.keyword_end] == inner.keyword
            assert inner.keyword_start > inst.keyword_end


def test_logical_text_maps_back_to_the_source(text):
    for inst in parse(text).instructions:
        logical = inst.logical
        for i, ch in enumerate(logical.text):
            assert text[logical.source_offset(i)] == ch


def test_flag_spans(text):
    for inst in parse(text).instructions:
        for holder in (inst, inst.onbuild):
            for flag in holder.flags if holder else ():
                written = _logical_between(inst.logical, flag.start, flag.end)
                assert written.startswith("--")
                assert _unquote_flag(written) == flag.text


def test_heredoc_spans(text):
    tree = parse(text)
    for inst in tree.instructions:
        heredocs = (inst.onbuild or inst).heredocs
        for doc in heredocs:
            marker = text[doc.marker_start : doc.marker_end]
            assert "<<" in marker and marker.endswith(marker.lstrip("0123456789<-"))
            assert doc.body_start <= doc.body_end < doc.terminator_end <= inst.end
            # the body verbatim, each line ending in "\n" (BuildKit keeps a "\r" before it)
            assert text[doc.body_start : doc.body_end] == doc.content
            terminator = text[doc.body_end : doc.terminator_end].rstrip("\r\n")
            assert (terminator.lstrip("\t") if doc.chomp else terminator) == doc.name
        if heredocs:
            assert heredocs[-1].terminator_end == inst.end
            assert all(a.terminator_end == b.body_start for a, b in zip(heredocs, heredocs[1:]))


def _logical_between(logical: Logical, start: int, end: int) -> str:
    """The logical text of the source span [start, end) (continuations left out)."""
    out = []
    for seg in logical.segments:
        lo, hi = max(seg.source, start), min(seg.source + seg.length, end)
        if lo < hi:
            at = seg.logical + (lo - seg.source)
            out.append(logical.text[at : at + (hi - lo)])
    return "".join(out)


def _unquote_flag(word: str) -> str:
    """BuildKit's extractBuilderFlags on one word: quotes go, `\\` escapes the next character."""
    out, quote, i = [], "", 0
    while i < len(word):
        ch = word[i]
        if ch == "\\" and i + 1 < len(word):
            i += 1
            out.append(word[i])
        elif quote and ch == quote:
            quote = ""
        elif not quote and ch in "'\"":
            quote = ch
        elif ch != "\\":
            out.append(ch)
        i += 1
    return "".join(out)


# --------------------------------------------------------------------------- rejections

REJECTED = {
    "unterminated-heredoc": "FROM alpine\nRUN <<EOF\necho never closed\n",
    "unterminated-second-heredoc": "FROM alpine\nCOPY <<A <<B /x\na\nA\nb\n",
    "unterminated-onbuild-heredoc": "FROM alpine\nONBUILD RUN <<EOF\nx\n",
    "chomp-needs-tabs-not-spaces": "FROM alpine\nRUN <<-EOF\nx\n    EOF\n",
    "duplicate-escape-directive": "# escape=`\n# escape=\\\nFROM alpine\n",
    "duplicate-syntax-directive": "# syntax=a\n# syntax=b\nFROM alpine\n",
    "invalid-escape-token": "# escape=x\nFROM alpine\n",
    "invalid-escape-token-bom": "\ufeff# escape=``\nFROM alpine\n",
    "json-number": 'FROM alpine\nRUN ["echo", 1]\n',
    "json-null": "FROM alpine\nCMD [null]\n",
    "json-nested": 'FROM alpine\nENTRYPOINT ["a", ["b"]]\n',
    "json-object-in-copy": 'FROM alpine\nCOPY ["a", {}]\n',
    "json-bool-in-volume": "FROM alpine\nVOLUME [true]\n",
    "json-in-healthcheck": 'FROM alpine\nHEALTHCHECK CMD ["a", 2]\n',
    "json-in-onbuild": 'FROM alpine\nONBUILD RUN ["a", 2]\n',
    "env-one-word": "FROM alpine\nENV ONLYNAME\n",
    "env-missing-equals": "FROM alpine\nENV A=1 B\n",
    "label-one-word": "FROM alpine\nLABEL justakey\n",
    "line-over-64k": "FROM alpine\nRUN echo " + "x" * 65530 + "\n",
    "multibyte-line-over-64k": "FROM alpine\n# " + "é" * 32767 + "\n",
}


@pytest.mark.parametrize("source", REJECTED.values(), ids=REJECTED.keys())
def test_rejects_what_buildkit_rejects(source, buildkit):
    expected = buildkit(source)
    assert isinstance(expected, str), "BuildKit accepts this"
    with pytest.raises(ParseError) as info:
        parse(source)
    assert info.value.line is not None


def test_parse_error_messages():
    with pytest.raises(ParseError, match="unterminated heredoc"):
        parse(REJECTED["unterminated-heredoc"])
    with pytest.raises(ParseError, match="only one escape parser directive"):
        parse(REJECTED["duplicate-escape-directive"])
    with pytest.raises(ParseError, match="invalid escape token"):
        parse(REJECTED["invalid-escape-token"])
    with pytest.raises(ParseError, match="only strings"):
        parse(REJECTED["json-number"])
    with pytest.raises(ParseError, match="greater than max allowed size of 65535"):
        parse(REJECTED["line-over-64k"])


def test_line_size_limit_is_exact(agrees, buildkit):
    # a line may take 65535 bytes before its "\n"; a BOM counts, a "\r" too
    for line in ("RUN " + "x" * 65531, "RUN " + "é" * 32765 + "x", "\ufeffRUN " + "y" * 65528):
        assert len(line.encode()) == 65535
        for end in ("\n", ""):
            agrees(line + end)
        with pytest.raises(ParseError):
            parse(line + "\r\n")
        assert isinstance(buildkit(line + "\r\n"), str)


def test_empty_and_comment_only_files_have_no_instructions(buildkit):
    for name in ("empty", "only-comments", "only-blank-lines"):
        assert parse(case(name)).instructions == ()
        assert buildkit(case(name)) == "file with no instructions"


# --------------------------------------------------------------------------- Logical


def test_source_offset_skips_continuations_and_comment_lines():
    text = "FROM a\nRUN a \\\n  # c\n\n  b \\\n c\n"
    inst = parse(text).instructions[1]
    logical = inst.logical
    assert logical.text == "RUN a   b  c"
    assert [text[logical.source_offset(i)] for i in range(len(logical.text))] == list(logical.text)
    second = text.index("  b")
    assert logical.source_offset(6) == second  # first character after the first join
    assert logical.source_end(6) == text.index("\\")  # just after "RUN a "
    last = text.rindex("c")
    assert logical.source_offset(len(logical.text) - 1) == last
    assert logical.source_offset(len(logical.text)) == last + 1  # one past the end
    assert logical.source_end(len(logical.text)) == last + 1
    assert logical.source_offset(0) == inst.keyword_start == text.index("RUN")


def test_source_offset_with_crlf_and_backtick():
    text = "# escape=`\r\nFROM a\r\nRUN x `\r\n  y\r\n"
    logical = parse(text).instructions[1].logical
    assert logical.text == "RUN x   y"
    assert text[logical.source_offset(6) : logical.source_offset(6) + 3] == "  y"
    assert logical.source_end(6) == text.index("`\r\n  y")


def test_logical_built_from_segments():
    logical = Logical("abcd", (Segment(0, 10, 2), Segment(2, 20, 2)))
    assert [logical.source_offset(i) for i in range(5)] == [10, 11, 20, 21, 22]
    assert logical.source_end(2) == 12 and logical.source_end(4) == 22
    assert logical.segments == (Segment(0, 10, 2), Segment(2, 20, 2))
    assert Logical("", ()).source_offset(0) == 0


def test_rest_span_covers_the_arguments():
    text = "FROM a\nRUN --mount=type=cache,target=/c \\\n    apt-get install x  \n"
    inst = parse(text).instructions[1]
    start, end = inst.rest_span
    assert text[start:end] == "apt-get install x"
    assert inst.rest == "apt-get install x"


# --------------------------------------------------------------------------- trivia


def test_comment_block_above_an_instruction_belongs_to_it():
    text = case("comment-ownership")
    tree = parse(text)
    first, second = tree.instructions
    assert first.leading == "# syntax=docker/dockerfile:1\n\n# Build stage\n# second line of the block\n"
    assert first.text == "FROM golang:1.22 AS build\n"
    assert second.leading == "\n"
    assert text[second.end :] == "# trailing comment at end of file\n\n"
    assert tree.render() == text


def test_comments_inside_a_continuation_belong_to_the_instruction_text():
    text = case("continuation-comments-and-blank-lines")
    run = parse(text).instructions[1]
    assert "# the shell tools" in run.text and run.leading == ""
    assert run.start_line == 2 and run.end_line == 10
    assert run.value == ("apk add --no-cache     bash     curl     jq",)


def test_heredoc_bodies_belong_to_their_instruction():
    tree = parse(case("heredoc-several"))
    run, copy = tree.instructions[1:3]
    assert run.text.endswith("FILE2\n") and copy.leading == ""
    assert [(h.name, h.content) for h in run.heredocs] == [
        ("FILE1", "I am\nfirst\n"), ("FILE2", "I am\nsecond\n")
    ]


# --------------------------------------------------------------------------- details


def test_directives():
    tree = parse(case("directives-syntax-check"))
    assert [(d.name, d.value) for d in tree.directives] == [
        ("syntax", "docker/dockerfile:1.7"), ("check", "skip=JSONArgsRecommended;error=true"), ("escape", "\\")
    ]
    assert parse(case("directives-spacing-and-case")).escape == "`"
    assert parse(case("utf8-bom")).escape == "`" and parse(case("utf8-bom")).bom
    for name in ("directive-after-instruction", "directive-after-comment", "directive-after-blank-line",
                 "directive-unknown-ends-block"):
        assert parse(case(name)).escape == "\\", name


def test_check_directive_is_a_directive():
    # BuildKit >= 0.14 knows `check`: it does not end the block and cannot be repeated
    tree = parse("# check=skip=all\n# escape=`\nFROM a\nRUN x `\n  y\n")
    assert tree.escape == "`" and tree.instructions[1].value == ("x   y",)
    with pytest.raises(ParseError, match="only one check parser directive"):
        parse("# check=a\n# check=b\nFROM a\n")


def test_doubled_escape_at_end_of_line_does_not_continue():
    tree = parse(case("continuation-doubled-escape"))
    assert [i.value for i in tree.instructions[1:4]] == [
        ("echo ends with two \\\\",), ("echo three \\\\\\",), ("echo next",)
    ]


def test_heredoc_attributes():
    tree = parse(case("heredoc-quoted-delimiters"))
    docs = [inst.heredocs[0] for inst in tree.instructions[2:]]
    assert [(d.name, d.quoted) for d in docs] == [("EOF", True), ("EOF", True), ("EOF", False), ("EOF", True)]
    chomp = parse(case("heredoc-chomp-tabs")).instructions[1].heredocs[0]
    assert chomp.chomp and chomp.content.startswith("\tif true")
    fds = [inst.heredocs[0].fd for inst in parse(case("heredoc-fd")).instructions[1:]]
    assert fds == [2, 3]


def test_onbuild_heredocs_are_read_but_belong_to_the_inner_instruction():
    tree = parse(case("heredoc-onbuild"))
    run = tree.instructions[1]
    assert run.kind == "ONBUILD" and run.onbuild.kind == "RUN"
    assert run.heredocs == () and run.onbuild.heredocs[0].content == "echo at child build time\n"
    assert (run.start_line, run.end_line) == (2, 4)


def test_no_heredoc_after_an_unterminated_quote():
    # BuildKit lexes the whole line; a lexing error means it looks for no heredoc at all
    tree = parse(case("heredoc-not-heredoc"))
    assert all(not inst.heredocs for inst in tree.instructions)
    assert [inst.keyword for inst in tree.instructions] == ["FROM", "RUN", "RUN", "EOF", "RUN", "CMD", "WORKDIR"]


def test_json_with_more_text_after_it_is_exec_form():
    # BuildKit's parser (as bound by `dockerfile`, and in Docker 26) decodes the first JSON
    # value and ignores the rest: a trailing comment after CMD [...] is common
    run, cmd = parse(case("json-trailing-text")).instructions[1:]
    assert run.is_json and run.value == ("echo", "hi")
    assert cmd.is_json


def test_json_follows_go_rules():
    tree = parse(case("json-invalid-falls-back"))
    assert not any(inst.is_json for inst in tree.instructions)
    assert parse('CMD ["\\ud800", "\\ud83d\\ude00"]\n').instructions[0].value == ("\ufffd", "\U0001f600")


def test_flags_keep_non_ascii_characters():
    # BuildKit reads flag words byte by byte (Latin-1 mojibake); the tree keeps what is written
    copy = parse(case("non-ascii")).instructions[-1]
    assert [f.text for f in copy.flags] == ["--chown=1000:1000"]
    assert parse("COPY --from=étape a b\n").instructions[0].flags[0].text == "--from=étape"


def test_flag_helpers():
    run = parse(case("run-mount-network")).instructions[1]
    mounts = run.flags_named("mount")
    assert [m.options["type"] for m in mounts] == ["cache", "bind", "secret"]
    assert mounts[0].options["target"] == "/root/.cache/pip"
    assert run.value == ("pip install -r /tmp/requirements.txt",)
    last = parse(case("run-mount-network")).instructions[-1]
    assert last.flag("mount").value == "type=tmpfs,target=/tmp" and last.value == ("echo after double dash",)


def test_unicode_spaces_follow_go():
    tree = parse(case("unicode-spaces"))
    assert [i.keyword for i in tree.instructions] == ["FROM", "RUN", "RUN", "ENV", "EXPOSE"]
    assert tree.instructions[3].value == ("A", "b", "C", "d")
    assert tree.instructions[4].value == ("80\u00a081",)  # EXPOSE splits on ASCII spaces only
    # U+001C..U+001F are spaces to Python, not to Go
    assert parse("\x1cRUN x\n").instructions[0].keyword == "\x1cRUN"


def test_cr_only_file_is_one_line():
    (inst,) = parse(case("cr-only-line-endings")).instructions
    assert inst.kind == "FROM" and inst.value[:3] == ("alpine", "RUN", "echo")


def test_the_tree_knows_nothing_of_shells():
    # which shell reads a RUN, and so whether it has a shell view, is the model's to say (its
    # SHELL and base image): an instruction answers the same before and after the model is built
    tree = ast.parse(Path(syntax.__file__).read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not imported & {"shell", "shellview", "scriptfacts", "run"}
    assert not hasattr(Instruction, "shell")
