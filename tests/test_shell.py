"""The shell view of RUN bodies (dockslim.optimizer.shell)."""

from __future__ import annotations


import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dockslim.optimizer.shell import Command, Operator, Redirect, Script, Word, parse_shell


def check_spans(sc: Script) -> None:
    """Every span the view reports is an exact slice of the script."""
    text = sc.text
    for c in sc.commands:
        assert 0 <= c.start <= c.end <= len(text)
        assert c.depth == len(c.context)
        assert c.words == c.assignments + c.argv
        for w in c.words:
            assert text[w.start : w.end] == w.text
            assert c.start <= w.start <= w.end <= c.end
        for r in c.redirects:
            assert text[r.start : r.end] == r.text
            assert c.start <= r.start <= r.end <= c.end
            if r.target is not None:
                assert text[r.target.start : r.target.end] == r.target.text
            if r.body_end is not None:
                assert r.end <= r.body_start <= r.body_end <= len(text)
    for o in sc.operators:
        assert text[o.start : o.end] == o.kind
    starts = [c.start for c in sc.commands]
    assert starts == sorted(starts)


def one(sc: Script, program: str, subcommand: str | None = None) -> Command:
    found = sc.find(program, subcommand)
    assert len(found) == 1, found
    return found[0]


def values(words) -> list[str | None]:
    return [w.value for w in words]


APT_CHAIN = (
    "set -eux; \\\n"
    "    apt-get update; \\\n"
    "    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \\\n"
    "        ca-certificates \\\n"
    "        curl \\\n"
    "        'git' \\\n"
    '        "libpq-dev" \\\n'
    "    ; \\\n"
    "    rm -rf /var/lib/apt/lists/*"
)


# --------------------------------------------------------------------------
# Structure: commands, operators, contexts
# --------------------------------------------------------------------------


def test_long_and_chain_with_line_continuations() -> None:
    s = (
        "apt-get update \\\n"
        "    && apt-get install -qqy --no-install-recommends curl git \\\n"
        "    && curl -fsSL https://example.invalid/x.sh | sh \\\n"
        "    && apt-get purge -y --auto-remove curl \\\n"
        "    && rm -rf /var/lib/apt/lists/*"
    )
    sc = parse_shell(s)
    check_spans(sc)
    assert sc.ok
    assert [c.program for c in sc.commands] == ["apt-get", "apt-get", "curl", "sh", "apt-get", "rm"]
    assert [o.kind for o in sc.operators] == ["&&", "&&", "|", "&&", "&&"]
    assert all(o.depth == 0 for o in sc.operators)
    assert sc.has_top_level("&&") and sc.has_top_level("|")
    assert not sc.has_top_level(";") and not sc.has_top_level("||")
    update, install, curl, sh, purge, rm = sc.commands
    assert (update.op_before, update.op_after) == (None, "&&")
    assert (install.op_before, install.op_after) == ("&&", "&&")
    assert (curl.op_before, curl.op_after) == ("&&", "|")
    assert (sh.op_before, sh.op_after) == ("|", "&&")
    assert (rm.op_before, rm.op_after) == ("&&", None)
    assert curl.context == sh.context == ("pipeline",)
    assert install.context == ()
    assert sc.top_level == sc.commands
    assert s[install.start : install.end] == "apt-get install -qqy --no-install-recommends curl git"
    assert sc.end_of_last_command == len(s)


def test_chain_with_continuations_already_removed() -> None:
    s = "apt-get update &&     apt-get install -y curl &&     rm -rf /var/lib/apt/lists/*"
    sc = parse_shell(s)
    check_spans(sc)
    assert [c.program for c in sc.commands] == ["apt-get", "apt-get", "rm"]
    assert values(one(sc, "apt-get", "install").operands()) == ["curl"]


def test_set_prefix_semicolons_and_realistic_body() -> None:
    sc = parse_shell(APT_CHAIN)
    check_spans(sc)
    assert sc.ok
    set_cmd, update, install, rm = sc.commands
    assert set_cmd.program == "set" and values(set_cmd.args) == ["-eux"]
    assert set_cmd.op_after == ";" and update.op_before == ";"
    assert install.assignments[0].text == "DEBIAN_FRONTEND=noninteractive"
    assert install.program == "apt-get"
    assert install.subcommand is not None and install.subcommand.value == "install"
    assert values(install.operands()) == ["ca-certificates", "curl", "git", "libpq-dev"]
    assert [w.text for w in install.operands()][2:] == ["'git'", '"libpq-dev"']
    assert install.op_after == ";" and rm.op_before == ";"
    assert sc.has_top_level(";") and not sc.has_top_level("&&")
    assert [o.kind for o in sc.operators] == [";", ";", ";"]
    assert APT_CHAIN[install.start : install.end].endswith('"libpq-dev"')
    assert sc.end_of_last_command == len(APT_CHAIN)


def test_newlines_and_comments_separate_commands() -> None:
    s = "apt-get update\n# install the tools\napt-get install -y make   # build tool\n\necho done  # the end\n"
    sc = parse_shell(s)
    check_spans(sc)
    update, install, echo = sc.commands
    assert update.op_after == "\n" and install.op_before == "\n"
    assert install.op_after == "\n" and echo.op_before == "\n"
    assert echo.op_after is None
    newline_ops = [o for o in sc.operators if o.kind == "\n"]
    assert len(newline_ops) == 2
    # the separator after `make   # build tool` is the newline ending the comment
    assert newline_ops[1].start == s.index("\n", s.index("# build tool"))
    assert s[install.start : install.end] == "apt-get install -y make"
    assert s[: sc.end_of_last_command].endswith("echo done")
    assert sc.has_top_level("\n")


def test_comment_after_operator_and_continuation() -> None:
    s = "apt-get update && \\\n  # refresh first\n  apt-get install -y curl"
    sc = parse_shell(s)
    check_spans(sc)
    assert sc.ok
    update, install = sc.commands
    assert update.op_after == "&&" and install.op_before == "&&"
    assert [o.kind for o in sc.operators] == ["&&"]


def test_background_and_or() -> None:
    s = "dockerd & sleep 3; apt-get install -y x || true"
    sc = parse_shell(s)
    check_spans(sc)
    dockerd, sleep, install, true = sc.commands
    assert dockerd.op_after == "&" and sleep.op_before == "&"
    assert sleep.op_after == ";"
    assert install.op_after == "||" and true.op_before == "||"
    assert sc.has_top_level("&") and sc.has_top_level("||")
    trailing = parse_shell("long-task &")
    assert trailing.commands[0].op_after == "&"
    assert trailing.end_of_last_command == len("long-task")


def test_if_for_while_until_case_contexts() -> None:
    s = (
        'if [ "$TARGETARCH" = arm64 ]; then apt-get install -y qemu; '
        "elif command -v apk; then apk add --no-cache qemu; else echo none; fi\n"
        "for f in /opt/*.sh; do chmod +x \"$f\"; done\n"
        "while read -r pkg; do pip install \"$pkg\"; done < /tmp/list\n"
        "until curl -fs http://localhost; do sleep 1; done\n"
        'case "$(uname -m)" in x86_64) ARCH=amd64;; aarch64|arm64) ARCH=arm64;; *) exit 1;; esac\n'
        "echo $ARCH"
    )
    sc = parse_shell(s)
    check_spans(sc)
    assert sc.ok
    ctx = {s[c.start : c.end]: c.context for c in sc.commands}
    assert ctx['[ "$TARGETARCH" = arm64 ]'] == ("if",)
    assert ctx["apt-get install -y qemu"] == ("if",)
    assert ctx["command -v apk"] == ("if",)
    assert ctx["apk add --no-cache qemu"] == ("if",)
    assert ctx["echo none"] == ("if",)
    assert ctx['chmod +x "$f"'] == ("for",)
    assert ctx["read -r pkg"] == ("while",)
    assert ctx['pip install "$pkg"'] == ("while",)
    assert ctx["curl -fs http://localhost"] == ("until",)
    assert ctx["uname -m"] == ("case", "command_substitution")
    assert ctx["ARCH=amd64"] == ("case",)
    assert ctx["exit 1"] == ("case",)
    assert ctx["echo $ARCH"] == ()
    assert [s[c.start : c.end] for c in sc.top_level] == ["echo $ARCH"]
    # `;` inside the constructs is not a top-level `;`
    assert not sc.has_top_level(";")
    assert sc.has_top_level("\n")
    assert all(o.depth >= 1 for o in sc.operators if o.kind == ";")
    # the if's condition is joined to nothing; the body command starts its own list
    test = sc.commands[0]
    assert test.program == "[" and values(test.argv) == ["[", None, "=", "arm64", "]"]
    assert test.op_before is None and test.op_after == ";"
    # the while loop's redirect belongs to the loop, not to a command in it
    assert all(not c.redirects for c in sc.commands if "while" in c.context)


def test_group_subshell_function_negation() -> None:
    s = (
        "{ apt-get update; apt-get install -y curl; } > /dev/null\n"
        "(cd /src && make install)\n"
        "cleanup() { rm -rf /tmp/*; }\n"
        "function build { make -j4; }\n"
        "! grep -q bad /etc/os-release\n"
        "cleanup"
    )
    sc = parse_shell(s)
    check_spans(sc)
    assert sc.ok
    ctx = {s[c.start : c.end]: c.context for c in sc.commands}
    assert ctx["apt-get update"] == ("group",)
    assert ctx["apt-get install -y curl"] == ("group",)
    assert ctx["cd /src"] == ("subshell",)
    assert ctx["make install"] == ("subshell",)
    assert ctx["rm -rf /tmp/*"] == ("function",)
    assert ctx["make -j4"] == ("function",)
    assert ctx["grep -q bad /etc/os-release"] == ("negated",)
    assert ctx["cleanup"] == ()
    group_ops = [o for o in sc.operators if o.context == ("group",)]
    assert [o.kind for o in group_ops] == [";", ";"]
    sub_ops = [o for o in sc.operators if o.context == ("subshell",)]
    assert [(o.kind, o.depth) for o in sub_ops] == [("&&", 1)]
    assert not sc.has_top_level("&&")
    # the `> /dev/null` belongs to the group
    assert all(not c.redirects for c in sc.commands)


def test_nested_contexts_outermost_first() -> None:
    s = "if true; then (for x in a b; do echo $(date | tr a b); done) | tee log; fi"
    sc = parse_shell(s)
    check_spans(sc)
    ctx = {s[c.start : c.end]: c.context for c in sc.commands}
    assert ctx["echo $(date | tr a b)"] == ("if", "pipeline", "subshell", "for")
    assert ctx["date"] == ("if", "pipeline", "subshell", "for", "command_substitution", "pipeline")
    assert ctx["tee log"] == ("if", "pipeline")
    assert sc.commands[0].depth == 1
    assert max(c.depth for c in sc.commands) == 6


def test_command_substitution_and_backticks() -> None:
    s = 'cd "$(dirname "$0")" && VERSION=`cat VERSION` make && echo "$(id -u):`id -g`"'
    sc = parse_shell(s)
    check_spans(sc)
    assert sc.ok
    progs = [(c.program, c.context) for c in sc.commands]
    assert progs == [
        ("cd", ()),
        ("dirname", ("command_substitution",)),
        ("make", ()),
        ("cat", ("command_substitution",)),
        ("echo", ()),
        ("id", ("command_substitution",)),
        ("id", ("command_substitution",)),
    ]
    cd = sc.commands[0]
    assert cd.argv[1].value is None and cd.argv[1].text == '"$(dirname "$0")"'
    make = one(sc, "make")
    assert make.assignments[0].text == "VERSION=`cat VERSION`" and make.assignments[0].value is None
    assert [c.program for c in sc.top_level] == ["cd", "make", "echo"]
    # operators inside substitutions are not top-level ones
    sub = parse_shell("echo $(a && b)")
    assert not sub.has_top_level("&&")
    assert [(o.kind, o.depth, o.context) for o in sub.operators] == [("&&", 1, ("command_substitution",))]


def test_process_substitution() -> None:
    sc = parse_shell("diff <(sort a) <(sort b)")
    check_spans(sc)
    assert [(c.program, c.context) for c in sc.commands] == [
        ("diff", ()),
        ("sort", ("process_substitution",)),
        ("sort", ("process_substitution",)),
    ]


# --------------------------------------------------------------------------
# Redirections and here-documents
# --------------------------------------------------------------------------


def test_redirects() -> None:
    s = "apt-get update >/dev/null 2>&1 && make 2> err.log all && exec 3>&- && grep x <<< \"$y\""
    sc = parse_shell(s)
    check_spans(sc)
    update, make, exe, grep = sc.commands
    assert [(r.text, r.op, r.fd) for r in update.redirects] == [(">/dev/null", ">", None), ("2>&1", ">&", "2")]
    assert update.redirects[0].target is not None and update.redirects[0].target.value == "/dev/null"
    assert s[update.start : update.end] == "apt-get update >/dev/null 2>&1"
    assert values(make.argv) == ["make", "all"]  # `all` after the redirect target is an argument
    assert [r.text for r in make.redirects] == ["2> err.log"]
    assert exe.program == "exec" and [r.text for r in exe.redirects] == ["3>&-"]
    assert [r.op for r in grep.redirects] == ["<<<"]


def test_trailing_redirect_belongs_to_last_command_of_list() -> None:
    s = "apt-get update && apt-get install -y curl > /tmp/log 2>&1"
    sc = parse_shell(s)
    check_spans(sc)
    update, install = sc.commands
    assert update.redirects == ()
    assert [r.text for r in install.redirects] == ["> /tmp/log", "2>&1"]
    assert s[install.start : install.end] == "apt-get install -y curl > /tmp/log 2>&1"
    pipe = parse_shell("a | b > out")
    assert pipe.commands[0].redirects == () and [r.text for r in pipe.commands[1].redirects] == ["> out"]


def test_leading_redirect() -> None:
    sc = parse_shell(">/dev/null 2>&1 apt-get update")
    check_spans(sc)
    (c,) = sc.commands
    assert c.program == "apt-get" and c.start == 0
    assert [r.text for r in c.redirects] == [">/dev/null", "2>&1"]


def test_heredoc_in_script() -> None:
    s = (
        "apt-get update && cat <<EOF > /etc/app.conf && chmod 600 /etc/app.conf\n"
        "user=$(id -un)\n"
        "EOF\n"
        "echo done"
    )
    sc = parse_shell(s)
    check_spans(sc)
    assert sc.ok
    update, cat, chmod, idc, echo = sc.commands
    assert cat.program == "cat"
    assert [r.text for r in cat.redirects] == ["<<EOF", "> /etc/app.conf"]
    heredoc = cat.redirects[0]
    assert heredoc.op == "<<" and heredoc.target is not None and heredoc.target.value == "EOF"
    assert heredoc.body_start is not None and heredoc.body_end is not None
    assert s[heredoc.body_start : heredoc.body_end] == "user=$(id -un)\nEOF"
    assert s[cat.start : cat.end] == "cat <<EOF > /etc/app.conf"
    assert cat.full_end == heredoc.body_end
    # the commands after the here-doc operator are back in the main list
    assert (cat.op_before, cat.op_after) == ("&&", "&&")
    assert chmod.op_before == "&&" and chmod.context == ()
    assert chmod.op_after == "\n" and echo.op_before == "\n"
    assert idc.context == ("command_substitution",)
    newline = [o for o in sc.operators if o.kind == "\n"]
    assert [o.start for o in newline] == [heredoc.body_end]
    assert [c.program for c in sc.top_level] == ["apt-get", "cat", "chmod", "echo"]


def test_heredoc_quoted_delimiter_and_pipeline() -> None:
    s = "cat <<-'END' | tee /tmp/out && echo ok\n\tliteral $(not run)\n\tEND"
    sc = parse_shell(s)
    check_spans(sc)
    assert sc.ok
    assert [(c.program, c.context) for c in sc.commands] == [
        ("cat", ("pipeline",)),
        ("tee", ("pipeline",)),
        ("echo", ()),
    ]
    r = sc.commands[0].redirects[0]
    assert (r.text, r.op) == ("<<-'END'", "<<-")
    assert r.target is not None and r.target.value == "END"
    # `&& more` can go right after `echo ok`, before the here-doc body
    assert s[: sc.end_of_last_command].endswith("echo ok")


def test_heredoc_last_in_script() -> None:
    s = "cat > /etc/motd <<EOF\nhello\nEOF\n"
    sc = parse_shell(s)
    check_spans(sc)
    (cat,) = sc.commands
    assert s[cat.start : cat.end] == "cat > /etc/motd <<EOF"
    assert sc.end_of_last_command == cat.end
    assert s[cat.full_end - 3 : cat.full_end] == "EOF"


# --------------------------------------------------------------------------
# Words
# --------------------------------------------------------------------------


def test_word_values() -> None:
    s = (
        "echo plain 'single $x' \"double\" \"a\\\"b\" mixed'q'\"d\" a\\ b /usr/lib/*.so "
        "$HOME \"$x\" ${y:-z} $'c' {a,b} ~/x \"{a,b}\" {} '' \"\" x=\"1 2\" --opt=\"v w\" caf\u00e9"
    )
    sc = parse_shell(s)
    check_spans(sc)
    (c,) = sc.commands
    assert values(c.argv) == [
        "echo",
        "plain",
        "single $x",
        "double",
        'a"b',
        "mixedqd",
        "a b",
        "/usr/lib/*.so",
        None,
        None,
        None,
        None,
        None,
        None,
        "{a,b}",
        "{}",
        "",
        "",
        "x=1 2",
        "--opt=v w",
        "caf\u00e9",
    ]


def test_escaped_newline_inside_words() -> None:
    s = 'apt-get inst\\\nall -y cu\\\nrl "multi\\\nline" \\\n  git'
    sc = parse_shell(s)
    check_spans(sc)
    (c,) = sc.commands
    assert [w.text for w in c.argv] == ["apt-get", "inst\\\nall", "-y", "cu\\\nrl", '"multi\\\nline"', "git"]
    assert values(c.argv) == ["apt-get", "install", "-y", "curl", "multiline", "git"]
    assert c.subcommand is not None and c.subcommand.value == "install"
    assert values(c.operands()) == ["curl", "multiline", "git"]


def test_assignments_and_declarations() -> None:
    s = "export PATH=/opt/bin:$PATH LANG=C.UTF-8; A=1 B='two words'; unset A; readonly R"
    sc = parse_shell(s)
    check_spans(sc)
    export, assign, unset, readonly = sc.commands
    assert export.program == "export" and export.assignments == ()
    assert values(export.args) == [None, "LANG=C.UTF-8"]
    assert assign.program is None and assign.argv == ()
    assert values(assign.assignments) == ["A=1", "B=two words"]
    assert unset.program == "unset" and values(unset.args) == ["A"]
    assert readonly.program == "readonly"


# --------------------------------------------------------------------------
# Programs, wrappers, options
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("src", "program", "wrappers"),
    [
        ("sudo apt-get install -y x", "apt-get", ["sudo"]),
        ("sudo -E apt-get install -y x", "apt-get", ["sudo", "-E"]),
        ("sudo -u root -H apt-get install -y x", "apt-get", ["sudo", "-u", "root", "-H"]),
        ("sudo --user=root -- apt install -y x", "apt", ["sudo", "--user=root", "--"]),
        ("sudo DEBIAN_FRONTEND=noninteractive apt-get install -y x", "apt-get",
         ["sudo", "DEBIAN_FRONTEND=noninteractive"]),
        ("env DEBIAN_FRONTEND=noninteractive apt-get install -y x", "apt-get",
         ["env", "DEBIAN_FRONTEND=noninteractive"]),
        ("env -i PATH=/usr/bin -u HOME /usr/bin/apt-get install x", "apt-get",
         ["env", "-i", "PATH=/usr/bin", "-u", "HOME"]),
        ("/usr/bin/env sudo -E /usr/bin/apt-get install x", "apt-get", ["/usr/bin/env", "sudo", "-E"]),
        ("command apt-get install x", "apt-get", ["command"]),
        ("exec apk add x", "apk", ["exec"]),
        ("nohup time nice -n 10 pip install x", "pip", ["nohup", "time", "nice", "-n", "10"]),
        ("stdbuf -oL -e 0 npm ci", "npm", ["stdbuf", "-oL", "-e", "0"]),
        ("timeout -s KILL 300 yum install -y x", "yum", ["timeout", "-s", "KILL", "300"]),
        ("eatmydata apt-get install -y x", "apt-get", ["eatmydata"]),
        ("gosu app npm install", "npm", ["gosu", "app"]),
        # wrappers that run nothing are the program themselves
        ("command -v apt-get", "command", []),
        ("sudo -l", "sudo", []),
        ("env", "env", []),
        ("exec", "exec", []),
        ('sudo "$INSTALLER" x', None, ["sudo"]),
        ('"$CMD" install x', None, []),
    ],
)
def test_program_and_wrappers(src: str, program: str | None, wrappers: list[str]) -> None:
    sc = parse_shell(src)
    check_spans(sc)
    (c,) = sc.commands
    assert c.program == program
    assert [w.text for w in c.wrappers] == wrappers
    if program is not None:
        assert c.program_word is not None and c.args == c.argv[len(wrappers) + 1 :]


def test_apt_get_options() -> None:
    s = (
        "DEBIAN_FRONTEND=noninteractive sudo -E apt-get -qqy -o Dpkg::Options::=--force-confold "
        "--no-install-recommends install -t bookworm-backports curl=7.* 'git' -oAPT::Keep-Downloaded-Packages=false"
    )
    sc = parse_shell(s)
    check_spans(sc)
    c = one(sc, "apt-get", "install")
    assert c.has_option("-y") and c.has_option("-q") and c.has_option("-qq") and c.has_option("-qqy")
    assert not c.has_option("-qqq")
    assert c.has_option("--yes", "-y", "--assume-yes")
    assert c.has_option("--no-install-recommends")
    assert not c.has_option("--purge") and not c.has_option("-f")
    assert c.has_option("-o") and c.option_value("-o") == "APT::Keep-Downloaded-Packages=false"
    assert c.option_value("-t", "--target-release") == "bookworm-backports"
    assert [w.text for w in c.option_words("--no-install-recommends")] == ["--no-install-recommends"]
    assert [w.text for w in c.option_words("-y", "--yes")] == ["-qqy"]
    # option values are neither the subcommand nor packages
    assert values(c.operands()) == ["curl=7.*", "git"]
    assert [w.text for w in c.operands()] == ["curl=7.*", "'git'"]
    for w in c.operands():
        assert s[w.start : w.end] == w.text


def test_apt_and_long_yes() -> None:
    sc = parse_shell("apt update && apt --yes install --no-install-recommends=true vim && apt-get -y autoremove")
    check_spans(sc)
    install = one(sc, "apt", "install")
    assert install.has_option("--yes", "-y")
    assert install.has_option("--no-install-recommends")
    assert values(install.operands()) == ["vim"]
    assert one(sc, "apt-get").subcommand.value == "autoremove"
    assert len(sc.find(("apt", "apt-get"))) == 3
    assert [c.subcommand.value for c in sc.find("apt")] == ["update", "install"]


def test_apk() -> None:
    s = "apk --no-cache add --virtual .build-deps gcc musl-dev && apk add -U -t .rt libpq && apk del .build-deps"
    sc = parse_shell(s)
    check_spans(sc)
    add1, add2 = sc.find("apk", "add")
    assert add1.has_option("--no-cache") and not add2.has_option("--no-cache")
    assert add1.option_value("--virtual", "-t") == ".build-deps"
    assert values(add1.operands()) == ["gcc", "musl-dev"]
    assert add2.has_option("-U", "--update-cache")
    assert values(add2.operands()) == ["libpq"]
    assert values(one(sc, "apk", "del").operands()) == [".build-deps"]


def test_pip_and_python_module() -> None:
    s = (
        "pip install --no-cache-dir -r requirements.txt gunicorn==21.2 && "
        "python -m pip install -U pip && "
        "python3 -m pip install --index-url https://example.invalid/simple 'uvicorn[standard]' && "
        "python3.11 -um pip --disable-pip-version-check install -q -e . && "
        "pip3 install --user httpx && "
        "python3 -c 'import pip' && python3 manage.py collectstatic"
    )
    sc = parse_shell(s)
    check_spans(sc)
    pip = sc.find("pip", "install")
    assert [c.program for c in pip] == ["pip", "python", "python3", "python3.11"]
    assert [c.python_module for c in pip] == [None, "pip", "pip", "pip"]
    first, py, py3, py311 = pip
    assert first.has_option("--no-cache-dir") and first.option_value("-r") == "requirements.txt"
    assert values(first.operands()) == ["gunicorn==21.2"]
    assert py.program == "python" and values(py.args) == ["-m", "pip", "install", "-U", "pip"]
    assert py.tool == "pip" and values(py.tool_args) == ["install", "-U", "pip"]
    assert py.has_option("-U", "--upgrade") and values(py.operands()) == ["pip"]
    assert not py3.has_option("--no-cache-dir")
    assert values(py3.operands()) == ["uvicorn[standard]"]
    assert py311.subcommand.value == "install" and py311.has_option("-q")
    assert py311.operands() == ()  # `-e .` is an option with a value
    assert py311.option_value("-e", "--editable") == "."
    pip3 = one(sc, "pip3", "install")
    assert pip3.has_option("--user") and values(pip3.operands()) == ["httpx"]
    code, script = sc.commands[-2:]
    assert code.python_module is None and script.python_module is None
    assert script.subcommand.value == "manage.py"


def test_npm_yum_dnf() -> None:
    s = (
        "npm --prefix /app ci --omit=dev --no-audit && npm install -g --registry https://r.invalid pnpm@8 && "
        "yum -y --setopt=tsflags=nodocs install httpd mod_ssl && yum clean all && "
        "dnf install -y --enablerepo crb --setopt install_weak_deps=False gcc && microdnf -y install jq"
    )
    sc = parse_shell(s)
    check_spans(sc)
    ci = one(sc, "npm", "ci")
    assert ci.option_value("--prefix") == "/app" and ci.option_value("--omit") == "dev"
    assert ci.operands() == ()
    npm_install = one(sc, "npm", "install")
    assert npm_install.has_option("-g", "--global") and values(npm_install.operands()) == ["pnpm@8"]
    yum = one(sc, "yum", "install")
    assert yum.has_option("-y") and yum.option_value("--setopt") == "tsflags=nodocs"
    assert values(yum.operands()) == ["httpd", "mod_ssl"]
    assert values(one(sc, "yum", "clean").operands()) == ["all"]
    dnf = one(sc, "dnf", "install")
    assert values(dnf.operands()) == ["gcc"]
    assert dnf.option_value("--enablerepo") == "crb"
    assert one(sc, "microdnf", "install").has_option("-y")


def test_options_after_double_dash_are_operands() -> None:
    sc = parse_shell("pip install -- -weird-name ok")
    (c,) = sc.commands
    assert values(c.operands()) == ["-weird-name", "ok"]
    assert not c.has_option("-w")


def test_operands_without_subcommand() -> None:
    (rm,) = parse_shell("rm -rf /var/lib/apt/lists/* /tmp/*").commands
    assert values(rm.operands(after_subcommand=False)) == ["/var/lib/apt/lists/*", "/tmp/*"]
    assert rm.has_option("-r") and rm.has_option("-f") and rm.has_option("-rf")


def test_non_literal_args() -> None:
    (c,) = parse_shell('apt-get install -y "$PKGS" ${EXTRA} curl').commands
    assert c.program == "apt-get"
    assert values(c.operands()) == [None, None, "curl"]
    assert [w.text for w in c.operands()] == ['"$PKGS"', "${EXTRA}", "curl"]


# --------------------------------------------------------------------------
# Non-ASCII text, broken input, edits
# --------------------------------------------------------------------------


def test_non_ascii_offsets() -> None:
    s = (
        "echo 'caf\u00e9 \u2013 na\u00efve \U0001f40d' && \\\n"
        "  \u00fcber=\u00e4 apt-get install -y curl \u65e5\u672c # \u00e9t\u00e9 \U0001f680\n"
        "echo \"\u00e0 $(printf '\u00df')\" > /tmp/\u00f8"
    )
    sc = parse_shell(s)
    check_spans(sc)
    echo, install, echo2, printf = sc.commands
    assert echo.argv[1].value == "caf\u00e9 \u2013 na\u00efve \U0001f40d"
    assert install.program == "apt-get"
    assert s[install.start : install.end] == "\u00fcber=\u00e4 apt-get install -y curl \u65e5\u672c"
    assert values(install.operands()) == ["curl", "\u65e5\u672c"]
    assert printf.context == ("command_substitution",)
    assert echo2.redirects[0].text == "> /tmp/\u00f8"
    assert sc.end_of_last_command == len(s)
    ops = [(o.kind, s[o.start : o.end]) for o in sc.operators]
    assert ops == [("&&", "&&"), ("\n", "\n")]


@pytest.mark.parametrize(
    "src",
    [
        'echo "unterminated',
        "if true; then echo x",
        "apt-get install -y x &&",
        "echo $(",
        "for x in; do",
        "a && && b",
        "case $x in a) echo;; ",
        "cat <<EOF; echo x\nbody\nEOF",  # valid bash that tree-sitter-bash rejects
    ],
)
def test_broken_syntax_is_not_ok(src: str) -> None:
    sc = parse_shell(src)
    assert not sc.ok
    for c in sc.commands:  # whatever was recovered still has exact spans
        for w in c.words:
            assert src[w.start : w.end] == w.text


def test_empty_and_comment_only() -> None:
    for src in ("", "   \n", "# nothing here\n"):
        sc = parse_shell(src)
        assert sc.ok and sc.commands == () and sc.operators == () and sc.end_of_last_command == 0


def test_spans_drive_exact_edits() -> None:
    s = "apt-get update && \\\n    apt-get install -y \u00e9diteur curl \\\n    && echo ok # done\n"
    sc = parse_shell(s)
    install = one(sc, "apt-get", "install")
    sub = install.subcommand
    assert sub is not None
    # insert a flag after `install` and append a cleanup at the end of the chain
    edits = [
        (sc.end_of_last_command, sc.end_of_last_command, " && rm -rf /var/lib/apt/lists/*"),
        (sub.end, sub.end, " --no-install-recommends"),
    ]
    out = s
    for start, end, text in sorted(edits, reverse=True):
        out = out[:start] + text + out[end:]
    assert out == (
        "apt-get update && \\\n    apt-get install --no-install-recommends -y \u00e9diteur curl \\\n"
        "    && echo ok && rm -rf /var/lib/apt/lists/* # done\n"
    )
    again = parse_shell(out)
    assert again.ok
    assert one(again, "apt-get", "install").has_option("--no-install-recommends")
    assert [c.program for c in again.top_level] == ["apt-get", "apt-get", "echo", "rm"]
    # deleting a command together with its operator
    (echo,) = sc.find("echo")
    op = [o for o in sc.operators if o.kind == "&&" and o.end <= echo.start][-1]
    cut = s[: install.end] + s[echo.end :]
    assert op.start > install.end
    assert parse_shell(cut).ok and [c.program for c in parse_shell(cut).commands] == ["apt-get", "apt-get"]


# --------------------------------------------------------------------------
# Data model and speed
# --------------------------------------------------------------------------


def test_records_are_immutable_named_tuples() -> None:
    sc = parse_shell("echo hi > f")
    c = sc.commands[0]
    for obj in (sc, c.words[0], c.redirects[0], Operator("&&", 0, 2, 0)):
        assert not hasattr(obj, "__dict__")  # no per-object dict: a script holds many words
    for obj in (sc, c, c.words[0], c.redirects[0]):
        with pytest.raises(AttributeError):
            obj.start = 3  # type: ignore[misc]
    assert isinstance(c.words[0], Word) and isinstance(c.redirects[0], Redirect)
    assert Operator("&&", 0, 2, 0) == Operator("&&", 0, 2, 0)
    assert c._replace(end=c.end) == c and type(c._replace(end=c.end)) is type(c)
    # conveniences are cached but do not affect equality
    other = parse_shell("echo hi > f").commands[0]
    assert c.program == "echo"
    assert c == other


TWENTY_LINES = (
    "set -eux; \\\n"
    "    apt-get update; \\\n"
    "    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \\\n"
    "        ca-certificates \\\n"
    "        curl \\\n"
    "        gnupg \\\n"
    "        git \\\n"
    "        build-essential \\\n"
    "        libssl-dev \\\n"
    "        python3-dev; \\\n"
    "    curl -fsSL https://example.invalid/key.gpg | gpg --dearmor -o /usr/share/keyrings/x.gpg; \\\n"
    '    echo "deb [signed-by=/usr/share/keyrings/x.gpg] https://example.invalid stable main" '
    "> /etc/apt/sources.list.d/x.list; \\\n"
    "    apt-get update && apt-get install -y x-tool; \\\n"
    "    pip3 install --no-cache-dir -r /tmp/requirements.txt; \\\n"
    '    if [ "$TARGETARCH" = "arm64" ]; then ln -s /usr/lib/aarch64 /usr/lib/arch; fi; \\\n'
    '    for f in /opt/*.sh; do chmod +x "$f"; done; \\\n'
    "    useradd --create-home --shell /bin/bash app; \\\n"
    "    apt-get purge -y --auto-remove build-essential; \\\n"
    "    rm -rf /var/lib/apt/lists/* /tmp/*; \\\n"
    "    echo done"
)


def test_twenty_line_run() -> None:
    assert TWENTY_LINES.count("\n") == 19
    sc = parse_shell(TWENTY_LINES)
    check_spans(sc)
    assert sc.ok and len(sc.commands) == 16
    assert len(sc.find("apt-get", "install")) == 2


# --------------------------------------------------------------------------
# Robustness
# --------------------------------------------------------------------------

_TOKENS = [
    "apt-get", "install", "-y", "-qqy", "sudo", "-E", "env", "A=1", "curl", "'q w'", '"$x"', '"d q"',
    "$(", ")", "`", "&&", "||", ";", "|", "&", "\n", " ", "  ", "\\\n", "#c\n", "{", "}", "(", "if",
    "then", "fi", "for", "in", "do", "done", ">", "2>&1", "<<EOF\nbody\nEOF\n", "\u00e9", "\U0001f40d",
    "caf\u00e9", "x\\ y", "*", "~", "{a,b}", "python3", "-m", "pip", "case", "esac", "a)", ";;",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), max_size=30))
def test_random_token_soup_never_breaks_spans(tokens: list[str]) -> None:
    src = " ".join(tokens)
    sc = parse_shell(src)
    check_spans(sc)
    for c in sc.commands:
        c.program, c.subcommand, c.operands(), c.has_option("-y", "--yes"), c.python_module
    assert 0 <= sc.end_of_last_command <= len(src)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_arbitrary_text_never_raises(src: str) -> None:
    sc = parse_shell(src)
    for c in sc.commands:
        for w in c.words:
            assert src[w.start : w.end] == w.text


def test_parser_is_created_once_per_thread() -> None:
    import threading

    from dockslim.optimizer import shell

    assert shell._get_parser() is shell._get_parser()
    seen = []
    t = threading.Thread(target=lambda: seen.append(shell._get_parser()))
    t.start()
    t.join()
    assert seen[0] is not shell._get_parser()
