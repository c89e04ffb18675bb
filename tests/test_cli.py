"""The command line, run as a user runs it: a real process on real files."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

NAIVE = "FROM python:3.11-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n"
FIXED = "FROM python:3.11-slim\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n"
CLEAN = "FROM python:3.11-slim\nCMD [\"python\"]\n"


def dockslim(*args: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dockslim.cli", *args], cwd=cwd, input=stdin, capture_output=True,
    )


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def test_check_exit_codes(tmp_path: Path):
    write(tmp_path / "Dockerfile", NAIVE)
    write(tmp_path / "clean" / "Dockerfile", CLEAN)
    found = dockslim("check", "Dockerfile", cwd=tmp_path)
    assert found.returncode == 1
    assert b"Dockerfile:3:5: DS130" in found.stdout
    assert dockslim("check", "clean/Dockerfile", cwd=tmp_path).returncode == 0
    assert dockslim("check", "--exit-zero", "Dockerfile", cwd=tmp_path).returncode == 0
    assert dockslim("check", "--ignore", "DS130", "Dockerfile", cwd=tmp_path).returncode == 0
    assert dockslim("check", "--select", "DS2", "Dockerfile", cwd=tmp_path).returncode in (0, 1)


def test_check_json_document(tmp_path: Path):
    write(tmp_path / "Dockerfile", NAIVE)
    out = dockslim("check", "--format", "json", "Dockerfile", cwd=tmp_path)
    doc = json.loads(out.stdout)
    assert doc["notes"] == []
    pip = [f for f in doc["findings"] if f["code"] == "DS130"]
    assert len(pip) == 1
    f = pip[0]
    assert (f["path"], f["line"], f["column"], f["end_line"]) == ("Dockerfile", 3, 5, 3)
    assert f["end_column"] == len("RUN pip install -r requirements.txt") + 1
    assert f["fix"]["applicability"] == "safe"
    assert f["fix"]["edits"] == [
        {"start": {"line": 3, "column": 16}, "end": {"line": 3, "column": 16}, "content": " --no-cache-dir"}
    ]


# clean, but for the build output DS301 cannot find (`npm start` does not show it): a note
UBUNTU = (
    "FROM ubuntu:22.04\n"
    "RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*\n"
    "WORKDIR /app\n"
    "COPY package.json package-lock.json ./\n"
    "RUN npm ci && npm cache clean --force\n"
    "COPY src ./src\n"
    "RUN npm run build\n"
    'CMD ["npm", "start"]\n'
)
UBUNTU_NOTE = "left alone: CMD/ENTRYPOINT does not run node on a file, so the build output directory is not shown"


def test_notes_are_shown_on_request_and_never_change_the_exit_code(tmp_path: Path):
    write(tmp_path / "Dockerfile", UBUNTU)
    quiet = dockslim("check", "Dockerfile", cwd=tmp_path)
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, b"", b"")
    shown = dockslim("check", "--show-notes", "Dockerfile", cwd=tmp_path)
    assert shown.returncode == 0
    assert shown.stdout.decode().splitlines() == [f"Dockerfile:1:1: DS301 note: {UBUNTU_NOTE}"]
    # with a finding as well, only the finding counts
    write(tmp_path / "Dockerfile", UBUNTU + "RUN pip install flask\n")
    both = dockslim("check", "--show-notes", "Dockerfile", cwd=tmp_path)
    assert both.returncode == 1
    assert [line.split(": ", 1)[1].split()[0:2] for line in both.stdout.decode().splitlines()] == [
        ["DS301", "note:"], ["DS130", "`pip"]
    ]
    assert b"Found 1 finding:" in both.stderr


def test_notes_in_the_machine_formats(tmp_path: Path):
    write(tmp_path / "Dockerfile", UBUNTU)
    doc = json.loads(dockslim("check", "--format", "json", "Dockerfile", cwd=tmp_path).stdout)
    assert doc["findings"] == []
    [note] = doc["notes"]
    assert (note["code"], note["message"], note["line"], note["fix"]) == ("DS301", UBUNTU_NOTE, 1, None)
    sarif = dockslim("check", "--format", "sarif", "Dockerfile", cwd=tmp_path)
    assert sarif.returncode == 0
    run = json.loads(sarif.stdout)["runs"][0]
    assert run["results"] == []
    [invocation] = run["invocations"]
    assert invocation["executionSuccessful"] is True
    [notification] = invocation["toolExecutionNotifications"]
    assert (notification["level"], notification["associatedRule"]["id"]) == ("note", "DS301")
    github = dockslim("check", "--format", "github", "Dockerfile", cwd=tmp_path)
    assert (github.returncode, github.stdout) == (0, b"")
    notice = dockslim("check", "--format", "github", "--show-notes", "Dockerfile", cwd=tmp_path)
    assert notice.returncode == 0
    assert notice.stdout.decode().startswith("::notice file=Dockerfile,line=1,") and b"::warning" not in notice.stdout


def test_fix_shows_notes_on_request_and_exits_0(tmp_path: Path):
    path = write(tmp_path / "Dockerfile", UBUNTU)
    out = dockslim("fix", "--unsafe-fixes", "--show-notes", "Dockerfile", cwd=tmp_path)
    assert out.returncode == 0 and path.read_text() == UBUNTU
    assert f"Dockerfile:1:1: DS301 note: {UBUNTU_NOTE}" in out.stderr.decode().splitlines()
    assert b"note" not in dockslim("fix", "--unsafe-fixes", "Dockerfile", cwd=tmp_path).stderr


def test_fix_shows_no_note_its_own_fix_brought_about(tmp_path: Path):
    text = (
        "FROM python:3.11\nWORKDIR /app\nRUN apt-get update && apt-get install -y gcc libpq-dev\n"
        "COPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nCMD [\"python\", \"app.py\"]\n"
    )
    path = write(tmp_path / "Dockerfile", text)
    out = dockslim("fix", "--unsafe-fixes", "--select", "DS301", "--show-notes", "Dockerfile", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert path.read_text().count("FROM ") == 2  # split
    assert b"note" not in out.stderr  # not "the file already has 2 stages" about its own split
    again = dockslim("check", "--select", "DS301", "--show-notes", "Dockerfile", cwd=tmp_path)
    assert b"DS301 note: left alone: the file already has 2 stages" in again.stdout  # a later run says it
    assert again.returncode == 0


def test_fix_diff_writes_nothing_and_exits_1(tmp_path: Path):
    path = write(tmp_path / "Dockerfile", NAIVE)
    out = dockslim("fix", "--diff", "Dockerfile", cwd=tmp_path)
    assert out.returncode == 1
    assert path.read_text() == NAIVE
    assert out.stdout.decode().splitlines()[:2] == ["--- a/Dockerfile", "+++ b/Dockerfile"]
    assert "+RUN pip install --no-cache-dir -r requirements.txt" in out.stdout.decode()
    write(tmp_path / "clean" / "Dockerfile", CLEAN)
    empty = dockslim("fix", "--diff", "clean/Dockerfile", cwd=tmp_path)
    assert (empty.returncode, empty.stdout) == (0, b"")


def test_fix_writes_atomically_keeping_mode_and_crlf(tmp_path: Path):
    path = write(tmp_path / "Dockerfile", NAIVE.replace("\n", "\r\n"))
    os.chmod(path, 0o640)
    out = dockslim("fix", "Dockerfile", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert path.read_bytes() == FIXED.replace("\n", "\r\n").encode()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Dockerfile"]  # no temporary left
    again = dockslim("fix", "--diff", "Dockerfile", cwd=tmp_path)
    assert (again.returncode, again.stdout) == (0, b"")


def test_fix_keeps_bom_and_missing_final_newline(tmp_path: Path):
    path = write(tmp_path / "Dockerfile", ("\ufeff" + NAIVE.rstrip("\n")).encode())
    assert dockslim("fix", "Dockerfile", cwd=tmp_path).returncode == 0
    assert path.read_bytes() == ("\ufeff" + FIXED.rstrip("\n")).encode()


def test_stdin_to_stdout(tmp_path: Path):
    out = dockslim("fix", "-", cwd=tmp_path, stdin=NAIVE.encode())
    assert out.stdout.decode() == FIXED
    diff = dockslim("fix", "--diff", "-", cwd=tmp_path, stdin=NAIVE.encode())
    assert diff.returncode == 1 and b"--no-cache-dir" in diff.stdout
    # a filter: a text with nothing to change comes out as it went in, never as nothing
    again = dockslim("fix", "-", cwd=tmp_path, stdin=FIXED.encode())
    assert again.returncode == 0 and again.stdout.decode() == FIXED
    assert dockslim("fix", "--diff", "-", cwd=tmp_path, stdin=FIXED.encode()).stdout == b""


def test_directories_are_searched(tmp_path: Path):
    for name in ("Dockerfile", "Dockerfile.dev", "api.Dockerfile", "Containerfile", "README.md"):
        write(tmp_path / "svc" / name, NAIVE if name != "README.md" else "# not a Dockerfile")
    write(tmp_path / "svc" / "node_modules" / "Dockerfile", NAIVE)
    out = dockslim("check", "svc", cwd=tmp_path)
    paths = sorted({line.split(":")[0] for line in out.stdout.decode().splitlines()})
    assert paths == sorted(f"svc/{n}" for n in ("Containerfile", "Dockerfile", "Dockerfile.dev", "api.Dockerfile"))


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("binary.Dockerfile", b"\x7fELF\x00\x01\x02", "binary file"),
        ("latin1.Dockerfile", "FROM debian\nRUN echo caf\xe9\n".encode("latin-1"), "not UTF-8"),
        ("heredoc.Dockerfile", b"FROM debian\nRUN <<EOF\necho never closed\n", "unterminated heredoc"),
        ("escape.Dockerfile", b"# escape=x\nFROM debian\n", "invalid escape token"),
        ("unknown.Dockerfile", b"FROM debian\nFOO bar\n", "unknown instruction"),
        ("huge.Dockerfile", b"FROM debian\n" + b"RUN echo x\n" * 1_000_000, "too large"),
    ],
)
def test_bad_input_one_line_exit_2_others_processed_file_untouched(tmp_path: Path, name, content, reason):
    bad = write(tmp_path / name, content)
    write(tmp_path / "Dockerfile", NAIVE)
    out = dockslim("fix", name, "Dockerfile", cwd=tmp_path)
    assert out.returncode == 2
    errors = out.stderr.decode().splitlines()
    assert [e for e in errors if e.startswith("dockslim: error:")] == [e for e in errors if name in e]
    line = next(e for e in errors if name in e)
    assert reason in line and "Traceback" not in out.stderr.decode()
    assert bad.read_bytes() == content
    assert (tmp_path / "Dockerfile").read_text() == FIXED  # the good file was still fixed


def test_missing_path_and_directory_without_dockerfiles(tmp_path: Path):
    (tmp_path / "empty").mkdir()
    out = dockslim("check", "nope/Dockerfile", "empty", cwd=tmp_path)
    assert out.returncode == 2
    err = out.stderr.decode()
    assert "nope/Dockerfile: no such file" in err
    assert "empty: no Dockerfile found" in err


def test_pragma_and_pyproject_config(tmp_path: Path):
    write(tmp_path / "a" / "Dockerfile", NAIVE.replace("RUN pip", "# dockslim: ignore=DS130\nRUN pip"))
    assert dockslim("check", "a", cwd=tmp_path).returncode == 0
    write(tmp_path / "b" / "Dockerfile", NAIVE.replace("RUN pip", "# hadolint ignore=DL3042\nRUN pip"))
    assert dockslim("check", "b", cwd=tmp_path).returncode == 0
    write(tmp_path / "c" / "pyproject.toml", '[tool.dockslim]\nignore = ["DS130"]\n')
    write(tmp_path / "c" / "Dockerfile", NAIVE)
    assert dockslim("check", "c", cwd=tmp_path).returncode == 0
    write(tmp_path / "d" / "pyproject.toml", '[tool.dockslim]\nstrategy = "sideways"\n')
    write(tmp_path / "d" / "Dockerfile", NAIVE)
    bad = dockslim("check", "d", cwd=tmp_path)
    assert bad.returncode == 2 and b"strategy" in bad.stderr


def test_rules_and_explain(tmp_path: Path):
    rules = dockslim("rules", cwd=tmp_path).stdout.decode()
    assert "DS130" in rules and "pip-no-cache-dir" in rules
    explained = dockslim("explain", "DS130", cwd=tmp_path)
    assert explained.returncode == 0 and b"## Fix safety" in explained.stdout
    assert dockslim("explain", "DS999", cwd=tmp_path).returncode == 2


def test_a_reader_that_stops_reading_ends_the_command_quietly(tmp_path: Path):
    """`dockslim rules | head -1`: the closed pipe ends the command without a traceback."""
    proc = subprocess.Popen([sys.executable, "-m", "dockslim.cli", "rules"], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = proc.stdout.readline()
    proc.stdout.close()  # the reader is gone before the listing is written
    err = proc.stderr.read()
    assert proc.wait(timeout=60) == 2
    assert first.startswith(b"DS101") and err == b""


def test_fix_writes_its_whole_output_before_it_leaves(tmp_path: Path):
    """`fix` ends the process without the interpreter's teardown: what it printed and wrote
    must all be there, into a pipe as into the file."""
    text = "FROM python:3.11-slim\n" + "".join(f"\nRUN pip install flask{n}\n" for n in range(300))
    write(tmp_path / "Dockerfile", text)
    diff = dockslim("fix", "--diff", "Dockerfile", cwd=tmp_path)
    assert diff.returncode == 1 and diff.stdout.count(b"+RUN pip install --no-cache-dir flask") == 300
    assert dockslim("fix", "Dockerfile", cwd=tmp_path).returncode == 0
    assert (tmp_path / "Dockerfile").read_text().count("--no-cache-dir") == 300
