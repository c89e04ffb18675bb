"""`dockslim bot` against real git (a bare repository as the remote) and a local stand-in for
the GitHub REST API that checks every request the way GitHub documents it: method, path,
headers (token, media type, API version, User-Agent) and the JSON fields of each body."""

from __future__ import annotations

import base64
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import threading
import time
import types
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from _command import run as run_command

import dockslim.verify
from dockslim import bot
from dockslim.optimizer.findings import Applicability
from dockslim import fix

OWNER, NAME = "acme", "shop"
BRANCH = "dockslim/slim-images"
NAIVE = "FROM python:3.12-slim\nRUN pip install flask\n"
FIXED = "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask\n"
NAIVE_SVC = "FROM python:3.12-slim\nWORKDIR /app\nRUN pip install gunicorn requests\n"
FIXED_SVC = "FROM python:3.12-slim\nWORKDIR /app\nRUN pip install --no-cache-dir gunicorn requests\n"
SERVER_LIFETIME = 60  # seconds; the server stops by itself after this even if a test hangs


# --------------------------------------------------------------------------- stand-in GitHub


class FakeGitHub:
    """Answers the endpoints the bot uses; records requests and what GitHub would refuse."""

    def __init__(self, token: str, bare: Path) -> None:
        self.token = token
        self.bare = bare
        self.requests: list[dict] = []
        self.problems: list[str] = []
        self.pulls: dict[int, dict] = {}
        self.comments: list[dict] = []
        self.git_auth: list[list[str]] = []  # Authorization headers of git smart-HTTP requests
        self.fail: dict[tuple[str, str], tuple[int, dict]] = {}  # (method, route) -> answer
        self.url = ""

    def branch_sha(self, branch: str) -> str | None:
        out = subprocess.run(["git", "--git-dir", str(self.bare), "rev-parse", "--verify", "-q", f"refs/heads/{branch}"],
                             capture_output=True, text=True)
        return out.stdout.strip() or None

    def problem(self, req: dict, why: str) -> None:
        self.problems.append(f"{req['method']} {req['path']}: {why}")

    def pull_json(self, p: dict) -> dict:
        return {
            "number": p["number"], "state": p["state"], "title": p["title"], "body": p["body"],
            "html_url": f"https://github.example/{OWNER}/{NAME}/pull/{p['number']}",
            "head": {"ref": p["head"], "label": f"{OWNER}:{p['head']}", "sha": p["sha"],
                     "repo": {"full_name": f"{OWNER}/{NAME}"}},
            "base": {"ref": p["base"]}, "merged_at": None,
        }

    def handle(self, method: str, raw_path: str, headers, body: bytes) -> tuple[int, object]:
        parsed = urllib.parse.urlsplit(raw_path)
        path, query = parsed.path, dict(urllib.parse.parse_qsl(parsed.query))
        if path.endswith("/info/refs") or "/git-" in path:  # git over smart HTTP
            self.git_auth.append(headers.get_all("Authorization") or [])
            return 404, {"message": "Not Found"}
        req = {"method": method, "path": path, "query": query, "json": None,
               "headers": {k.lower(): v for k, v in headers.items()}}
        self.requests.append(req)
        if headers.get_all("Authorization") != [f"Bearer {self.token}"]:
            self.problem(req, "missing or wrong Authorization: Bearer header")
            return 401, {"message": "Bad credentials"}
        if headers.get("Accept") != "application/vnd.github+json":
            self.problem(req, f"Accept is {headers.get('Accept')!r}")
        if headers.get("X-GitHub-Api-Version") != "2022-11-28":
            self.problem(req, f"X-GitHub-Api-Version is {headers.get('X-GitHub-Api-Version')!r}")
        if not headers.get("User-Agent"):
            self.problem(req, "no User-Agent (GitHub rejects requests without one)")
        if method in ("POST", "PATCH"):
            if not (headers.get("Content-Type") or "").startswith("application/json"):
                self.problem(req, "body is not sent as application/json")
            try:
                req["json"] = json.loads(body)
            except ValueError:
                self.problem(req, "body is not JSON")
                return 400, {"message": "Problems parsing JSON"}
            if not isinstance(req["json"], dict):
                self.problem(req, "body is not a JSON object")
                return 400, {"message": "Problems parsing JSON"}
        prefix = f"/repos/{OWNER}/{NAME}"
        if not path.startswith(prefix + "/"):
            self.problem(req, "not this repository")
            return 404, {"message": "Not Found"}
        route = re.sub(r"/\d+(?=/|$)", "/{n}", path[len(prefix):])
        if (method, route) in self.fail:
            return self.fail[(method, route)]
        data = req["json"] or {}

        if method == "GET" and route == "/pulls":
            head, state = query.get("head"), query.get("state", "open")
            if head is not None and not re.fullmatch(r"[^:]+:.+", head):
                self.problem(req, "head filter must be user:ref-name")
            if state not in ("open", "closed", "all"):
                self.problem(req, f"state {state!r}")
            found = [self.pull_json(p) for p in self.pulls.values()
                     if (head is None or f"{OWNER}:{p['head']}" == head) and state in ("all", p["state"])]
            return 200, found
        if method == "POST" and route == "/pulls":
            for key in ("title", "head", "base", "body"):
                if not isinstance(data.get(key), str) or (key != "body" and not data[key]):
                    self.problem(req, f"{key} missing or not a string")
            if len(data.get("body", "")) > 65536:
                return 422, {"message": "Validation Failed", "errors": [{"message": "body is too long (maximum is 65536 characters)"}]}
            sha = self.branch_sha(data.get("head", ""))
            if sha is None or self.branch_sha(data.get("base", "")) is None:
                self.problem(req, "head or base branch does not exist on the remote")
                return 422, {"message": "Validation Failed", "errors": [{"field": "head", "code": "invalid"}]}
            if any(p["head"] == data["head"] and p["state"] == "open" for p in self.pulls.values()):
                self.problem(req, "a pull request already exists for this head")
                return 422, {"message": "Validation Failed", "errors": [{"message": "A pull request already exists"}]}
            number = len(self.pulls) + 1
            self.pulls[number] = {"number": number, "state": "open", "title": data["title"], "body": data["body"],
                                  "head": data["head"], "base": data["base"], "sha": sha}
            return 201, self.pull_json(self.pulls[number])
        if method == "PATCH" and route == "/pulls/{n}":
            number = int(path.rsplit("/", 1)[1])
            if number not in self.pulls:
                self.problem(req, "no such pull request")
                return 404, {"message": "Not Found"}
            unknown = set(data) - {"title", "body", "state", "base", "maintainer_can_modify"}
            if unknown or not data:
                self.problem(req, f"unexpected fields {sorted(unknown)}")
            if "state" in data and data["state"] not in ("open", "closed"):
                self.problem(req, f"state {data['state']!r}")
            pull = self.pulls[number]
            pull.update({k: v for k, v in data.items() if k in ("title", "body", "state", "base")})
            pull["sha"] = self.branch_sha(pull["head"]) or pull["sha"]
            return 200, self.pull_json(pull)
        if method == "POST" and route == "/issues/{n}/comments":
            number = int(path.split("/")[-2])
            if number not in self.pulls:
                self.problem(req, "no such issue")
                return 404, {"message": "Not Found"}
            if not isinstance(data.get("body"), str) or not data["body"]:
                self.problem(req, "body missing")
            self.comments.append({"issue": number, "body": data.get("body")})
            return 201, {"id": len(self.comments), "body": data.get("body")}
        self.problem(req, "endpoint not served")
        return 404, {"message": "Not Found"}

    def calls(self) -> list[str]:
        return [f"{r['method']} {r['path']}" for r in self.requests]


@pytest.fixture
def github(tmp_path: Path, token: str):
    fake = FakeGitHub(token, tmp_path / "remote.git")

    class Handler(BaseHTTPRequestHandler):
        def _any(self):
            length = int(self.headers.get("Content-Length") or 0)
            status, payload = fake.handle(self.command, self.path, self.headers, self.rfile.read(length))
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PATCH = do_DELETE = do_PUT = _any

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.timeout = 0.1
    stop = threading.Event()
    deadline = time.monotonic() + SERVER_LIFETIME

    def serve():
        while not stop.is_set() and time.monotonic() < deadline:
            server.handle_request()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield fake
    finally:
        stop.set()
        thread.join(timeout=5)
        server.server_close()
    assert fake.problems == []


# --------------------------------------------------------------------------- git fixtures


@pytest.fixture
def token() -> str:
    return "ghs_" + secrets.token_hex(18)


@pytest.fixture
def env(tmp_path: Path, monkeypatch) -> dict:
    """A clean git environment: own HOME, no system config, identity only for the humans."""
    home = tmp_path / "home"
    home.mkdir()
    for name in list(os.environ):
        if name.startswith(("GIT_", "GITHUB_")) or name in ("DOCKSLIM_GITHUB_TOKEN",):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    return dict(os.environ)


def git(*args: str, cwd: Path, env: dict) -> str:
    human = {**env, "GIT_AUTHOR_NAME": "Dev", "GIT_AUTHOR_EMAIL": "dev@example.com",
             "GIT_COMMITTER_NAME": "Dev", "GIT_COMMITTER_EMAIL": "dev@example.com"}
    return subprocess.run(["git", *args], cwd=cwd, env=human, check=True, capture_output=True, text=True).stdout


class Repo:
    """A bare remote, a developer's clone that pushes to main, and the clone the bot runs in."""

    def __init__(self, root: Path, env: dict, files: dict[str, str]) -> None:
        self.env = env
        self.bare = root / "remote.git"
        self.dev = root / "dev"
        self.ci = root / "ci"
        git("init", "--quiet", "--bare", "--initial-branch=main", str(self.bare), cwd=root, env=env)
        git("init", "--quiet", "--initial-branch=main", str(self.dev), cwd=root, env=env)
        git("remote", "add", "origin", str(self.bare), cwd=self.dev, env=env)
        self.commit(files, "initial")
        git("clone", "--quiet", str(self.bare), str(self.ci), cwd=root, env=env)

    def commit(self, files: dict[str, str], message: str) -> None:
        for name, text in files.items():
            path = self.dev / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        git("add", "-A", cwd=self.dev, env=self.env)
        git("commit", "--quiet", "-m", message, cwd=self.dev, env=self.env)
        git("push", "--quiet", "origin", "main", cwd=self.dev, env=self.env)

    def remote(self, *args: str) -> str:
        return git("--git-dir", str(self.bare), *args, cwd=self.bare, env=self.env)

    def sha(self, ref: str) -> str | None:
        out = subprocess.run(["git", "--git-dir", str(self.bare), "rev-parse", "--verify", "-q", ref],
                             capture_output=True, text=True, env=self.env)
        return out.stdout.strip() or None

    def show(self, ref: str, path: str) -> str:
        return self.remote("show", f"{ref}:{path}")


@pytest.fixture
def repo(tmp_path: Path, env: dict) -> Repo:
    return Repo(tmp_path, env, {"Dockerfile": NAIVE, "app.py": "print('hi')\n"})


@pytest.fixture
def git_log(tmp_path: Path, env: dict) -> Path:
    """Puts a `git` first on PATH that logs its arguments, so tests can see what the bot ran."""
    shim_dir, log = tmp_path / "shim", tmp_path / "git-args.log"
    shim_dir.mkdir()
    shim = shim_dir / "git"
    shim.write_text(f"#!/bin/sh\nprintf '%s\\n' \"$*\" >> '{log}'\nexec '{shutil.which('git')}' \"$@\"\n")
    shim.chmod(0o755)
    log.write_text("")
    env["PATH"] = f"{shim_dir}{os.pathsep}{env['PATH']}"
    return log


def run_bot(repo: Repo, github: FakeGitHub, token: str | None, *args: str, git_log: Path | None = None,
            extra_env: dict | None = None) -> subprocess.CompletedProcess:
    env = {**repo.env, "GITHUB_REPOSITORY": f"{OWNER}/{NAME}", "GITHUB_API_URL": github.url, **(extra_env or {})}
    if token:
        env["GITHUB_TOKEN"] = token
    proc = subprocess.run([sys.executable, "-m", "dockslim.bot", "--repo", str(repo.ci), *args],
                          env=env, capture_output=True, text=True, timeout=120)
    if token:
        b64 = base64.b64encode(f"x-access-token:{token}".encode()).decode()
        for secret in (token, b64):
            assert secret not in proc.stdout and secret not in proc.stderr
            if git_log is not None:
                assert secret not in git_log.read_text()  # never on a git command line
    return proc


def assert_ci_clone_untouched(repo: Repo) -> None:
    assert (repo.ci / "Dockerfile").read_text() == NAIVE
    assert git("status", "--porcelain", cwd=repo.ci, env=repo.env) == ""
    assert len(git("worktree", "list", cwd=repo.ci, env=repo.env).splitlines()) == 1
    assert "dockslim-bot" not in git("for-each-ref", cwd=repo.ci, env=repo.env)


# --------------------------------------------------------------------------- the runs


def test_first_run_opens_one_pull_request_and_pushes_the_branch(repo, github, token, git_log, tmp_path):
    outputs = tmp_path / "github-output"
    main_before = repo.sha("refs/heads/main")
    proc = run_bot(repo, github, token, git_log=git_log, extra_env={"GITHUB_OUTPUT": str(outputs)})
    assert proc.returncode == 0, proc.stderr
    assert github.calls() == [f"GET /repos/{OWNER}/{NAME}/pulls", f"POST /repos/{OWNER}/{NAME}/pulls"]
    listing, create = github.requests
    assert listing["query"] == {"head": f"{OWNER}:{BRANCH}", "state": "open", "per_page": "100"}
    sent = create["json"]
    assert sent["head"] == BRANCH and sent["base"] == "main" and sent["title"]
    body = sent["body"]
    assert "| Dockerfile | Before | After | Saved |" in body
    assert "| `Dockerfile` | not measured | not measured | not measured |" in body
    assert "(https://github.com/dockslim/dockslim/blob/main/docs/rules/DS130.md)" in body
    assert "```diff\n" in body and "-RUN pip install flask\n+RUN pip install --no-cache-dir flask\n" in body
    # the branch: the fix on top of main, main itself untouched
    assert repo.show(BRANCH, "Dockerfile") == FIXED
    assert repo.show(BRANCH, "app.py") == "print('hi')\n"
    assert repo.sha(f"{BRANCH}^") == main_before == repo.sha("refs/heads/main")
    assert repo.show("main", "Dockerfile") == NAIVE
    assert len(github.pulls) == 1 and github.pulls[1]["state"] == "open"
    assert "opened pull request #1" in proc.stderr
    assert outputs.read_text() == f"result=opened\npull-request-number=1\npull-request-url=https://github.example/{OWNER}/{NAME}/pull/1\n"
    assert_ci_clone_untouched(repo)


def test_second_run_after_another_change_updates_the_same_pull_request(repo, github, token, git_log):
    assert run_bot(repo, github, token, git_log=git_log).returncode == 0
    first = repo.sha(BRANCH)
    repo.commit({"svc/Dockerfile": NAIVE_SVC}, "add a service")
    github.requests.clear()

    proc = run_bot(repo, github, token, git_log=git_log)
    assert proc.returncode == 0, proc.stderr
    assert github.calls() == [f"GET /repos/{OWNER}/{NAME}/pulls", f"PATCH /repos/{OWNER}/{NAME}/pulls/1"]
    patch = github.requests[1]["json"]
    assert set(patch) == {"title", "body"}
    assert "`svc/Dockerfile`" in patch["body"] and "+RUN pip install --no-cache-dir gunicorn requests" in patch["body"]
    assert len(github.pulls) == 1 and github.pulls[1]["state"] == "open"
    # the branch was rebuilt on the new main and force-pushed
    assert repo.sha(BRANCH) != first
    assert repo.sha(f"{BRANCH}^") == repo.sha("refs/heads/main")
    assert repo.show(BRANCH, "Dockerfile") == FIXED
    assert repo.show(BRANCH, "svc/Dockerfile") == FIXED_SVC
    assert "updated pull request #1" in proc.stderr

    # once more with nothing new: no push, the same pull request refreshed
    second = repo.sha(BRANCH)
    github.requests.clear()
    proc = run_bot(repo, github, token, git_log=git_log)
    assert proc.returncode == 0, proc.stderr
    assert github.calls() == [f"GET /repos/{OWNER}/{NAME}/pulls", f"PATCH /repos/{OWNER}/{NAME}/pulls/1"]
    assert repo.sha(BRANCH) == second
    assert "push" not in git_log.read_text().splitlines()[-1]
    assert "already holds these changes" in proc.stderr


def test_clean_repository_does_nothing(tmp_path, env, github, token):
    clean = Repo(tmp_path, env, {"Dockerfile": FIXED})
    for tok in (token, None):  # no token needed when there is nothing to do
        proc = run_bot(clean, github, tok)
        assert proc.returncode == 0, proc.stderr
        assert "nothing to change" in proc.stderr
    assert github.requests == []
    assert clean.sha(f"refs/heads/{BRANCH}") is None
    assert clean.remote("for-each-ref", "--format=%(refname)") == "refs/heads/main\n"


def test_repository_without_dockerfiles_does_nothing(tmp_path, env, github, token):
    empty = Repo(tmp_path, env, {"README.md": "hello\n"})
    proc = run_bot(empty, github, token)
    assert proc.returncode == 0, proc.stderr
    assert "no Dockerfile found" in proc.stderr and "nothing to change" in proc.stderr
    assert github.requests == [] and empty.sha(f"refs/heads/{BRANCH}") is None


def test_fix_applied_by_hand_closes_the_stale_pull_request(repo, github, token, git_log):
    assert run_bot(repo, github, token, git_log=git_log).returncode == 0
    assert repo.sha(BRANCH) is not None
    repo.commit({"Dockerfile": FIXED}, "pip: no cache")
    github.requests.clear()

    proc = run_bot(repo, github, token, git_log=git_log)
    assert proc.returncode == 0, proc.stderr
    assert github.calls() == [
        f"GET /repos/{OWNER}/{NAME}/pulls",
        f"POST /repos/{OWNER}/{NAME}/issues/1/comments",
        f"PATCH /repos/{OWNER}/{NAME}/pulls/1",
    ]
    assert github.requests[2]["json"] == {"state": "closed"}
    assert github.pulls[1]["state"] == "closed"
    assert len(github.comments) == 1 and "closes it" in github.comments[0]["body"]
    assert repo.sha(f"refs/heads/{BRANCH}") is None  # its branch deleted on the remote
    assert "closed pull request #1" in proc.stderr

    # and after that, nothing at all
    github.requests.clear()
    assert run_bot(repo, github, token).returncode == 0
    assert github.requests == []


@pytest.mark.parametrize("args", [
    ("--branch", "main"),
    ("--base", "main", "--branch", "main"),
    ("--base", "dev", "--branch", "main"),  # main is the remote's default branch
])
def test_refuses_to_push_to_the_default_branch(repo, github, token, args):
    if "dev" in args:
        git("push", "--quiet", "origin", "main:dev", cwd=repo.dev, env=repo.env)
    main = repo.sha("refs/heads/main")
    proc = run_bot(repo, github, token, *args)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("dockslim: error: refusing to push to 'main'")
    assert github.requests == []
    assert repo.sha("refs/heads/main") == main


def test_unsafe_fixes_need_verify(repo, github, token):
    proc = run_bot(repo, github, token, "--unsafe-fixes")
    assert proc.returncode == 2
    assert proc.stderr == "dockslim: error: --unsafe-fixes needs --verify: the bot applies unsafe fixes only when a build proves them\n"
    assert github.requests == [] and repo.sha(f"refs/heads/{BRANCH}") is None


def test_dry_run_prints_the_body_and_changes_nothing(repo, github, token):
    proc = run_bot(repo, github, token, "--dry-run")
    assert proc.returncode == 0, proc.stderr
    assert "```diff" in proc.stdout and "+RUN pip install --no-cache-dir flask" in proc.stdout
    assert "dry run" in proc.stderr
    assert github.requests == [] and repo.sha(f"refs/heads/{BRANCH}") is None
    assert_ci_clone_untouched(repo)


def test_api_errors_are_one_masked_line(repo, github, token):
    github.fail[("POST", "/pulls")] = (422, {"message": "Validation Failed",
                                              "errors": [{"message": f"token {token} is not allowed here"}]})
    proc = run_bot(repo, github, token)
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[-1] == (
        f"dockslim: error: GitHub API POST /repos/{OWNER}/{NAME}/pulls: HTTP 422 "
        "Validation Failed: token *** is not allowed here")
    assert not [ln for ln in proc.stderr.splitlines() if ln.startswith("dockslim: error:")][:-1]


def test_missing_token_is_an_error_before_anything_is_pushed(repo, github):
    proc = run_bot(repo, github, None)
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[-1] == "dockslim: error: no GitHub token: set GITHUB_TOKEN or DOCKSLIM_GITHUB_TOKEN in the environment"
    assert github.requests == [] and repo.sha(f"refs/heads/{BRANCH}") is None


def test_git_over_https_gets_the_token_once_in_a_header(repo, github, token, git_log):
    """The remote on the GitHub host: one Authorization header (an older one, as
    actions/checkout leaves, is replaced), never on a command line or in the output."""
    url = f"{github.url}/{OWNER}/{NAME}.git"
    git("remote", "set-url", "origin", url, cwd=repo.ci, env=repo.env)
    git("config", f"http.{github.url}/.extraheader", "AUTHORIZATION: basic c3RhbGU=", cwd=repo.ci, env=repo.env)
    proc = run_bot(repo, github, token, git_log=git_log)
    assert proc.returncode == 2
    assert proc.stderr.startswith("dockslim: error: git ls-remote failed:")
    expected = "basic " + base64.b64encode(f"x-access-token:{token}".encode()).decode()
    assert github.git_auth and all(h == [expected] for h in github.git_auth)
    assert github.requests == []


def test_token_is_not_sent_to_another_host(repo, github, token, git_log):
    git("remote", "set-url", "origin", f"{github.url}/{OWNER}/{NAME}.git", cwd=repo.ci, env=repo.env)
    proc = run_bot(repo, github, token, "--api-url", "https://api.github.com", git_log=git_log)
    assert proc.returncode == 2
    assert github.git_auth and all(h == [] for h in github.git_auth)


# --------------------------------------------------------------------------- measure and --verify


def test_measurements_fill_the_table(repo, github, token):
    seen = []

    def measure(path, original, fixed):
        seen.append((Path(path).name, original, fixed))
        return {"before": 150_000_000, "after": 120_000_000}

    lines: list[str] = []
    outcome = bot.run(bot.Settings(repo=str(repo.ci), api_url=github.url, repository=f"{OWNER}/{NAME}"), token=token, measure=measure,
                      log=lines.append)
    assert outcome.action == "opened" and outcome.number == 1
    assert seen == [("Dockerfile", NAIVE, FIXED)]
    body = github.requests[-1]["json"]["body"]
    assert "| `Dockerfile` | 150.0 MB | 120.0 MB | 30.0 MB (20.0%) |" in body


def test_a_rewrite_that_does_not_build_is_left_out(repo, github, token):
    lines: list[str] = []
    outcome = bot.run(bot.Settings(repo=str(repo.ci), api_url=github.url, repository=f"{OWNER}/{NAME}"), token=token,
                      measure=lambda *a: {"ok": False, "reason": "build failed at step 2"}, log=lines.append)
    assert outcome.action == "nothing"
    assert any("left out: build failed at step 2" in ln for ln in lines)
    assert github.requests == [] and repo.sha(f"refs/heads/{BRANCH}") is None


def test_verify_flag_uses_the_verify_module(repo, token, monkeypatch):
    fake = types.ModuleType("dockslim.verify.measure")
    fake.measure = lambda path, original, fixed: {"before": 2_000_000, "after": 1_500_000}
    monkeypatch.setitem(sys.modules, "dockslim.verify.measure", fake)
    monkeypatch.setattr(dockslim.verify, "measure", fake, raising=False)
    monkeypatch.setenv("GITHUB_TOKEN", token)
    result = run_command(bot.bot_command, ["--repo", str(repo.ci), "--repository", f"{OWNER}/{NAME}",
                                                  "--verify", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "| `Dockerfile` | 2.0 MB | 1.5 MB | 500.0 kB (25.0%) |" in result.stdout
    assert token not in result.output


# --------------------------------------------------------------------------- the body


def test_body_fits_githubs_limit():
    original = "FROM python:3.12-slim\n" + "".join(f"RUN pip install pkg{i}\n" for i in range(6000))
    fixed = original.replace("pip install", "pip install --no-cache-dir")
    change = bot.Change("big/Dockerfile", original, fixed, fix(NAIVE).applied * 6000)
    plan = bot.Plan([change] + [bot.Change(f"svc{i}/Dockerfile", NAIVE, FIXED, fix(NAIVE).applied) for i in range(50)])
    body = bot.render_body(plan, "main")
    assert len(body.encode("utf-8")) <= bot.BODY_LIMIT
    assert "The diff is cut here:" in body
    diff = body.split("```diff\n", 1)[1]
    assert diff.count("\n```\n") == 1  # the block is closed
    assert body.rstrip().endswith("</sub>")
    small = bot.render_body(bot.Plan([bot.Change("Dockerfile", NAIVE, FIXED, fix(NAIVE).applied)]), "main")
    assert "cut here" not in small


def test_diff_with_backticks_gets_a_longer_fence():
    text = "FROM python:3.12-slim\nRUN <<EOF\necho '```'\npip install flask\nEOF\n"
    result = fix(text)
    assert result.changed
    body = bot.render_body(bot.Plan([bot.Change("Dockerfile", text, result.text, result.applied)]), "main")
    assert "````diff\n" in body


@pytest.mark.parametrize("url, expected", [
    ("https://github.com/acme/shop.git", "acme/shop"),
    ("https://x-access-token:abc@github.com/acme/shop", "acme/shop"),
    ("git@github.com:acme/shop.git", "acme/shop"),
    ("ssh://git@github.com/acme/shop.git", "acme/shop"),
    ("/srv/git/shop.git", None),
    ("../shop", None),
])
def test_repository_from_remote_url(url, expected):
    assert bot.repository_from_url(url) == expected


def test_mask_hides_tokens_and_url_credentials():
    s = bot.Secrets()
    s.add("ghs_secret123")
    assert s.mask("https://user:pw@github.com/x ghs_secret123") == "https://***@github.com/x ***"


def test_unsafe_rewrite_without_proof_falls_back_to_the_safe_one(tmp_path, monkeypatch):
    """With --unsafe-fixes, a rewrite with unsafe fixes that no build verified is replaced by
    the safe rewrite of the same file."""
    (tmp_path / "Dockerfile").write_text(NAIVE)
    safe = fix(NAIVE)
    unsafe_text = FIXED.replace("flask", "flask==3.0.0")
    unsafe_finding = safe.applied[0]._replace(
        code="DS999", fix=safe.applied[0].fix._replace(applicability=Applicability.UNSAFE))

    def fake_fix(text, unsafe_fixes=False, **kwargs):
        if unsafe_fixes:
            return safe._replace(text=unsafe_text, applied=(unsafe_finding,))
        return fix(text, **kwargs)

    monkeypatch.setattr(bot, "run_fix", fake_fix)
    measured = []

    def measure(path, original, fixed):
        measured.append(fixed)
        return None if fixed == unsafe_text else {"before": 10, "after": 5}

    plan = bot.collect(tmp_path, (), True, measure, lambda m: None)
    assert measured == [unsafe_text, FIXED]
    assert [c.fixed for c in plan.changes] == [FIXED] and (tmp_path / "Dockerfile").read_text() == FIXED
    assert plan.skipped == [("Dockerfile", "unsafe fixes left out (no build verified them)")]


def test_paths_limit_the_run_and_must_exist(tmp_path, env, github, token):
    two = Repo(tmp_path, env, {"Dockerfile": NAIVE, "svc/Dockerfile": NAIVE_SVC})
    proc = run_bot(two, github, token, "svc")
    assert proc.returncode == 0, proc.stderr
    assert two.show(BRANCH, "svc/Dockerfile") == FIXED_SVC and two.show(BRANCH, "Dockerfile") == NAIVE
    proc = run_bot(two, github, token, "nope/Dockerfile")
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[-1] == "dockslim: error: no such file or directory in the repository: nope/Dockerfile"
