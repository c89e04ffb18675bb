"""`dockslim bot`: keep one pull request open that makes a repository's images smaller.

A run looks at the Dockerfiles of the remote's default branch (in a temporary worktree, so
the checkout it is started from is left alone), applies dockslim's fixes, commits them on
top of that branch to `dockslim/slim-images`, pushes that branch (force-with-lease, never
the default branch) and opens a pull request through the GitHub REST API, or updates the one
it opened before. With nothing to change it does nothing, and closes its own pull request
(with a comment, deleting its branch) when the changes were made another way.

The token comes from the environment only (`DOCKSLIM_GITHUB_TOKEN`, else `GITHUB_TOKEN`).
It goes to the API in an `Authorization` header and to git as an `http.extraheader` passed
in the environment (never on a command line), only for the GitHub host; every line the bot
prints has it masked. Exit codes: 0 done (opened, updated, closed or nothing to do), 2 error.
"""

from __future__ import annotations

import base64
import ipaddress
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from . import __version__, files
from .arguments import Parser, file_path, say as echo_line
from .api import settings_for
from .config import ConfigError, config_for_dir
from .optimizer.diff import unified_diff
from .optimizer.findings import Applicability, Finding
from . import InputError, fix as run_fix
from .transforms import find_pass
from .report_formats import rule_url

DEFAULT_BRANCH = "dockslim/slim-images"
DEFAULT_API_URL = "https://api.github.com"
DEFAULT_SERVER_URL = "https://github.com"
API_VERSION = "2022-11-28"
BODY_LIMIT = 65536  # GitHub refuses longer pull request bodies
TITLE = "Make Docker images smaller (dockslim)"
TOKEN_VARS = ("DOCKSLIM_GITHUB_TOKEN", "GITHUB_TOKEN")
EXIT_OK, EXIT_ERROR = 0, 2
GIT_TIMEOUT = 600
HTTP_TIMEOUT = 30

# (path of the Dockerfile, original text, rewritten text) -> {"before": bytes, "after": bytes}
# (optionally "ok": False and "reason" when the rewrite does not build; "report": the verify
# Report, when the measurement made one) or None: not measured
Measure = Callable[[str, str, str], "dict | None"]


class BotError(Exception):
    """Stops the run; str() is one line for the user."""


# --------------------------------------------------------------------------- secrets


class Secrets:
    """Values that must never be printed, and the masking of them."""

    URL_CREDENTIALS = re.compile(r"(\b[a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\s]+@")

    def __init__(self) -> None:
        self._values: list[str] = []

    def add(self, value: str | None) -> None:
        if value and len(value) >= 4 and value not in self._values:
            self._values.append(value)
            self._values.sort(key=len, reverse=True)

    def mask(self, text: str) -> str:
        for value in self._values:
            text = text.replace(value, "***")
        return self.URL_CREDENTIALS.sub(r"\1***@", text)


def token_from_env(env: dict | None = None) -> str | None:
    env = os.environ if env is None else env
    for name in TOKEN_VARS:
        value = (env.get(name) or "").strip()
        if value:
            return value
    return None


# --------------------------------------------------------------------------- git


class Git:
    """Runs git without prompts, hooks or smudge filters; errors become one masked line."""

    def __init__(self, cwd: Path, secrets: Secrets, config: list[tuple[str, str]] | None = None) -> None:
        self.cwd = cwd
        self.secrets = secrets
        self.env = dict(os.environ)
        self.env.update(GIT_TERMINAL_PROMPT="0", GIT_LFS_SKIP_SMUDGE="1", GCM_INTERACTIVE="never")
        self.env.pop("GIT_DIR", None)
        self.env.pop("GIT_WORK_TREE", None)
        # Settings go in the environment (GIT_CONFIG_COUNT, git >= 2.31), never on the
        # command line, where other users of the machine could read them.
        entries = [("core.hooksPath", os.devnull), *(config or [])]
        start = int(self.env.get("GIT_CONFIG_COUNT", "0") or 0)
        for i, (key, value) in enumerate(entries, start):
            self.env[f"GIT_CONFIG_KEY_{i}"] = key
            self.env[f"GIT_CONFIG_VALUE_{i}"] = value
        self.env["GIT_CONFIG_COUNT"] = str(start + len(entries))

    def __call__(self, *args: str, cwd: Path | None = None, check: bool = True, env: dict | None = None) -> str:
        try:
            proc = subprocess.run(
                ["git", *args], cwd=cwd or self.cwd, env={**self.env, **(env or {})},
                stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=GIT_TIMEOUT,
            )
        except FileNotFoundError:
            raise BotError("git is not installed (or not on PATH)") from None
        except subprocess.TimeoutExpired:
            raise BotError(f"git {args[0]} did not finish within {GIT_TIMEOUT} s") from None
        if check and proc.returncode != 0:
            raise BotError(f"git {args[0]} failed: {self._reason(proc.stderr or proc.stdout)}")
        return proc.stdout

    def ok(self, *args: str, cwd: Path | None = None) -> bool:
        try:
            self(*args, cwd=cwd)
        except BotError:
            return False
        return True

    def _reason(self, output: str) -> str:
        lines = [ln.strip() for ln in self.secrets.mask(output).splitlines() if ln.strip()]
        for line in reversed(lines):
            if line.startswith(("fatal:", "error:", "!")):
                return line
        return lines[-1] if lines else "(no message)"


@dataclass(frozen=True)
class RemoteHeads:
    default: str | None  # the branch the remote's HEAD points to
    shas: dict[str, str]  # branch name -> commit


def remote_heads(git: Git, remote: str, names: list[str]) -> RemoteHeads:
    out = git("ls-remote", "--symref", remote, "HEAD", *[f"refs/heads/{n}" for n in names])
    default, head_sha, shas = None, None, {}
    for line in out.splitlines():
        left, _, ref = line.partition("\t")
        if left.startswith("ref: ") and ref == "HEAD" and left[5:].startswith("refs/heads/"):
            default = left[5 + len("refs/heads/"):]
        elif ref == "HEAD":
            head_sha = left
        elif ref.startswith("refs/heads/") and ref[len("refs/heads/"):] in names:
            shas[ref[len("refs/heads/"):]] = left
    if default and head_sha:
        shas.setdefault(default, head_sha)
    return RemoteHeads(default, shas)


def repository_from_url(url: str) -> str | None:
    """OWNER/NAME from a remote URL (https://host/o/n(.git), git@host:o/n.git, ssh://...)."""
    m = re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://[^/]+/(.+)$", url) or re.match(r"^[^/@:\s]+@[^/:\s]+:(.+)$", url)
    if not m:
        return None
    parts = m.group(1).strip("/").removesuffix(".git").split("/")
    return "/".join(parts[-2:]) if len(parts) >= 2 and all(parts[-2:]) else None


def _host(url: str) -> str | None:
    try:
        parsed = urllib.parse.urlsplit(url)
        return (parsed.hostname or "").lower() or None
    except ValueError:
        return None


def _is_loopback(host: str | None) -> bool:
    if host == "localhost":
        return True
    try:
        return bool(host) and ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def git_auth(remote_url: str, token: str | None, api_url: str, secrets: Secrets) -> list[tuple[str, str]]:
    """An http.extraheader for the remote when it is the GitHub server the token is for.

    The empty value first resets headers set earlier (actions/checkout persists its own for
    the same URL), so exactly one Authorization header is sent.
    """
    if not token:
        return []
    parsed = urllib.parse.urlsplit(remote_url)
    if parsed.scheme not in ("https", "http") or not parsed.hostname:
        return []  # ssh or a local path: git's own credentials, no token needed
    if parsed.scheme == "http" and not _is_loopback(parsed.hostname):
        return []
    api_host = _host(api_url) or ""
    allowed = {_host(os.environ.get("GITHUB_SERVER_URL") or DEFAULT_SERVER_URL), api_host,
               api_host.removeprefix("api.")}
    if parsed.hostname.lower() not in allowed:
        return []
    credential = base64.b64encode(f"x-access-token:{token}".encode()).decode()
    secrets.add(credential)
    prefix = f"{parsed.scheme}://{parsed.netloc.rpartition('@')[2]}/"
    key = f"http.{prefix}.extraheader"
    return [(key, ""), (key, f"AUTHORIZATION: basic {credential}")]


# --------------------------------------------------------------------------- GitHub REST API


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # the token must not follow a redirect elsewhere
        return None


class GitHub:
    """The few REST endpoints the bot uses, on urllib."""

    def __init__(self, api_url: str, repository: str, token: str, secrets: Secrets) -> None:
        parsed = urllib.parse.urlsplit(api_url)
        if parsed.scheme not in ("https", "http") or not parsed.hostname:
            raise BotError(f"--api-url must be an http(s) URL, not {api_url!r}")
        if parsed.scheme == "http" and not _is_loopback(parsed.hostname):
            raise BotError("--api-url must use https (the token would travel in clear text)")
        self.base = api_url.rstrip("/")
        self.owner, self.name = repository.split("/", 1)
        self.token = token
        self.secrets = secrets
        handlers: list = [_NoRedirect()]
        if _is_loopback(parsed.hostname):
            handlers.append(urllib.request.ProxyHandler({}))
        self.opener = urllib.request.build_opener(*handlers)

    def request(self, method: str, path: str, body: dict | None = None, query: dict | None = None):
        url = self.base + path + ("?" + urllib.parse.urlencode(query) if query else "")
        headers = {
            "Accept": "application/vnd.github+json",
            "Authorization": f"Bearer {self.token}",
            "X-GitHub-Api-Version": API_VERSION,
            "User-Agent": f"dockslim-bot/{__version__}",
        }
        data = None
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            headers["Content-Type"] = "application/json"
        req = urllib.request.Request(url, data=data, method=method, headers=headers)
        where = f"{method} {path}"
        try:
            with self.opener.open(req, timeout=HTTP_TIMEOUT) as resp:
                payload = resp.read()
        except urllib.error.HTTPError as exc:
            raise BotError(self.secrets.mask(f"GitHub API {where}: HTTP {exc.code} {_api_message(exc)}")) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise BotError(self.secrets.mask(f"GitHub API {where}: cannot reach {_host(url)}: {reason}")) from None
        try:
            return json.loads(payload) if payload.strip() else None
        except ValueError:
            raise BotError(f"GitHub API {where}: the answer is not JSON") from None

    def _repo(self, rest: str) -> str:
        q = urllib.parse.quote
        return f"/repos/{q(self.owner, safe='')}/{q(self.name, safe='')}{rest}"

    def pulls(self, branch: str, state: str) -> list[dict]:
        found = self.request("GET", self._repo("/pulls"),
                             query={"head": f"{self.owner}:{branch}", "state": state, "per_page": 100})
        if not isinstance(found, list):
            raise BotError("GitHub API GET pulls: expected a list of pull requests")
        return [p for p in found if isinstance(p, dict) and (p.get("head") or {}).get("ref", branch) == branch]

    def create_pull(self, title: str, head: str, base: str, body: str) -> dict:
        return self.request("POST", self._repo("/pulls"), {"title": title, "head": head, "base": base, "body": body})

    def update_pull(self, number: int, **fields) -> dict:
        return self.request("PATCH", self._repo(f"/pulls/{int(number)}"), fields)

    def comment(self, number: int, body: str) -> dict:
        return self.request("POST", self._repo(f"/issues/{int(number)}/comments"), {"body": body})


def _api_message(exc: urllib.error.HTTPError) -> str:
    try:
        data = json.loads(exc.read() or b"{}")
    except (ValueError, OSError):
        data = {}
    message = str(data.get("message") or exc.reason or "")
    details = [e.get("message") or e.get("code") for e in data.get("errors") or [] if isinstance(e, dict)]
    details = [str(d) for d in details if d]
    return " ".join((message + (": " + "; ".join(details) if details else "")).split())


# --------------------------------------------------------------------------- fixes


@dataclass
class Change:
    path: str  # relative to the repository root, with /
    original: str
    fixed: str
    applied: tuple[Finding, ...]
    measured: dict | None = None

    @property
    def report(self):
        """The verify Report of the measurement, if it made one."""
        return (self.measured or {}).get("report")

    @property
    def unsafe(self) -> bool:
        return any(f.fix and f.fix.applicability > Applicability.SAFE for f in self.applied)


@dataclass
class Plan:
    changes: list[Change] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    docs_url: str | None = None  # the repository's `docs-url` (None: dockslim's own pages)


def _measure(measure: Measure, path: Path, original: str, fixed: str) -> dict | None:
    try:
        result = measure(str(path), original, fixed)
    except Exception as exc:  # a measurement that fails is reported, not fatal
        return {"ok": False, "reason": f"measuring failed: {type(exc).__name__}: {exc}"}
    if result is None:
        return None
    if not isinstance(result, dict):
        return {"ok": False, "reason": "the measurement is not a dict"}
    return result


def _measured_ok(m: dict | None) -> bool:
    return m is not None and m.get("ok", True) is not False


def collect(root: Path, paths: tuple[str, ...], unsafe: bool, measure: Measure | None,
            warn: Callable[[str], None]) -> Plan:
    """Rewrite the Dockerfiles below `root` (a scratch worktree) in place; what changed."""
    plan = Plan()
    try:
        plan.docs_url = config_for_dir(str(root.resolve())).docs_url
    except ConfigError:
        pass  # each Dockerfile says so when it is skipped
    targets = []
    for p in paths or (".",):
        if os.path.isabs(p) or os.path.normpath(p).split(os.sep)[0] == "..":
            raise BotError(f"paths must be inside the repository, relative to its root: {p}")
        if not (root / p).exists():
            raise BotError(f"no such file or directory in the repository: {p}")
        targets.append(str(root / p))
    for path, problem in files.discover(targets):
        rel = Path(os.path.relpath(path, root)).as_posix()
        if problem is not None:
            warn(f"{rel}: {problem}")
            continue
        if Path(path).is_symlink():
            plan.skipped.append((rel, "a symbolic link (its target is processed if it is a Dockerfile)"))
            continue
        try:
            change = _rewrite(Path(path), rel, unsafe, measure, plan.skipped)
        except (files.FileError, InputError, ConfigError) as exc:
            plan.skipped.append((rel, str(exc)))
            continue
        except Exception as exc:  # one file dockslim cannot handle must not stop the others
            plan.skipped.append((rel, f"internal error: {type(exc).__name__}: {exc}"))
            continue
        if change is not None:
            files.write_atomic(str(path), change.fixed)
            plan.changes.append(change)
    return plan


def _rewrite(path: Path, rel: str, unsafe: bool, measure: Measure | None,
             skipped: list[tuple[str, str]]) -> Change | None:
    """The change to make to one Dockerfile, or None."""
    source = files.read(str(path))
    settings = settings_for(str(path)).passes()
    result = run_fix(source.text, unsafe_fixes=unsafe, **settings)
    if not result.changed:
        return None
    change = Change(rel, result.original, result.text, result.applied)
    if measure is None:
        return change
    change.measured = _measure(measure, path, change.original, change.fixed)
    if unsafe and change.unsafe and not _measured_ok(change.measured):
        # an unsafe rewrite goes in only when a build proves it; otherwise the safe one
        why = (change.measured or {}).get("reason") or "no build verified them"
        skipped.append((rel, f"unsafe fixes left out ({why})"))
        safe = run_fix(source.text, unsafe_fixes=False, **settings)
        if not safe.changed:
            return None
        change = Change(rel, safe.original, safe.text, safe.applied)
        change.measured = _measure(measure, path, change.original, change.fixed)
    if change.measured is not None and not _measured_ok(change.measured):
        skipped.append((rel, f"left out: {change.measured.get('reason') or 'the rewrite did not build'}"))
        return None
    if change.report is not None:
        change.report.path = rel  # not the scratch worktree's path
    return change


# --------------------------------------------------------------------------- pull request body


def _size(n: float) -> str:
    n = float(n)
    for unit in ("B", "kB", "MB", "GB"):
        if abs(n) < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} GB"  # pragma: no cover


def _sizes(m: dict | None) -> tuple[str, str, str]:
    try:
        before, after = int(m["before"]), int(m["after"])  # type: ignore[index]
    except (TypeError, KeyError, ValueError):
        return ("not measured",) * 3
    saved = before - after
    pct = f" ({saved / before:.1%})" if before > 0 else ""
    return _size(before), _size(after), (_size(saved) + pct) if saved >= 0 else f"none (grew by {_size(-saved)})"


def _sizes_or_estimate(c: Change) -> tuple[str, str, str]:
    """The measured sizes; without a build, the saving the applied fixes' estimates add up to."""
    sizes = _sizes(c.measured)
    known = [f.estimated_bytes for f in c.applied if f.estimated_bytes]
    if sizes[0] != "not measured" or not known:
        return sizes
    return sizes[0], sizes[1], f"not measured (estimated ~{_size(sum(known))})"


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    ticks = "`" * (max((len(r) for r in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def _why(doc: str) -> str:
    """The first paragraph of the pass's "Why it makes the image smaller" section."""
    m = re.search(r"^## Why[^\n]*\n(.+?)(?:\n\s*\n|\n## |\Z)", doc, re.MULTILINE | re.DOTALL)
    return " ".join(m.group(1).split()) if m else ""


def _fit(lines: list[str], budget: int) -> tuple[list[str], int]:
    """The leading lines whose UTF-8 size stays within budget, and how many were left out."""
    kept, used = [], 0
    for line in lines:
        size = len(line.encode("utf-8"))
        if used + size > budget:
            break
        kept.append(line)
        used += size
    return kept, len(lines) - len(kept)


def render_body(plan: Plan, base: str, limit: int = BODY_LIMIT) -> str:
    changes = plan.changes
    n = len(changes)
    intro = (
        f"dockslim rewrote {n} Dockerfile{'s' * (n != 1)} on `{base}` so that the images come out "
        "smaller. Every rewrite passed dockslim's gates: BuildKit's parser accepts it, every "
        "changed `RUN` passes `bash -n`, and a second run changes nothing.\n"
    )
    rows = [f"| {_cell(_code(c.path))} | " + " | ".join(_sizes_or_estimate(c)) + " |\n" for c in changes]
    measured = [c.measured for c in changes if _sizes(c.measured)[0] != "not measured"]
    if len(measured) > 1:
        total = {"before": sum(int(m["before"]) for m in measured), "after": sum(int(m["after"]) for m in measured)}
        rows.append("| **total (measured)** | " + " | ".join(_sizes(total)) + " |\n")

    by_code: dict[str, list[Change]] = {}
    counts: dict[str, int] = {}
    unsafe_codes: set[str] = set()
    for c in changes:
        for f in c.applied:
            counts[f.code] = counts.get(f.code, 0) + 1
            if c not in by_code.setdefault(f.code, []):
                by_code[f.code].append(c)
            if f.fix and f.fix.applicability > Applicability.SAFE:
                unsafe_codes.add(f.code)
    passes = []
    for code in sorted(by_code):
        p = find_pass(code)
        name = f" {p.spec.name}" if p else ""
        summary = p.spec.summary.rstrip(".") + "." if p else ""
        why = _why(p.doc) if p else ""
        where = ", ".join(_code(c.path) for c in by_code[code][:5]) + (
            f" and {len(by_code[code]) - 5} more" if len(by_code[code]) > 5 else "")
        unsafe = " Unsafe fix, applied because a rebuild verified it." if code in unsafe_codes else ""
        times = f"{counts[code]} fix{'es' * (counts[code] != 1)}"
        passes.append(f"- **[{code}{name}]({rule_url(code, plan.docs_url)})**: {summary} {why}"
                      f"{unsafe} ({times} in {where})\n".replace("  ", " "))
    skipped = [f"- {_code(path)}: {_cell(reason)}\n" for path, reason in plan.skipped]
    checks = _verification_lines(changes)
    footer = (
        "\n---\n<sub>Opened by `dockslim bot`, which updates this pull request when the "
        "Dockerfiles change and closes it when there is nothing left to change. Sizes come "
        "from real builds (`--verify`); \"not measured\" means no build was run.</sub>\n"
    )

    diff = "".join(unified_diff(c.original, c.fixed, c.path) for c in changes)
    fence = "`" * max(3, max((len(r) for r in re.findall(r"`{3,}", diff)), default=0) + 1)
    diff_lines = diff.splitlines(keepends=True)

    def assemble(row_lines, row_cut, pass_lines, pass_cut, skip_lines, skip_cut, d_lines, d_cut,
                 check_lines=(), check_cut=0) -> str:
        out = ["## Smaller Docker images\n\n", intro, "\n### Image sizes\n\n",
               "| Dockerfile | Before | After | Saved |\n", "|---|---:|---:|---:|\n", *row_lines]
        if row_cut:
            out.append(f"\n… and {row_cut} more rows (see the diff and the Files changed tab).\n")
        out += _cut_list(check_lines, check_cut, "\n")
        out += ["\n### What changed\n\n", *pass_lines]
        if pass_cut:
            out.append(f"- … and {pass_cut} more passes.\n")
        if skip_lines or skip_cut:
            out += ["\n### Not changed\n\n", *skip_lines]
            if skip_cut:
                out.append(f"- … and {skip_cut} more.\n")
        out += ["\n### Diff\n\n", f"{fence}diff\n", *d_lines]
        if d_lines and not d_lines[-1].endswith("\n"):
            out.append("\n")
        out.append(f"{fence}\n")
        if d_cut:
            out.append(f"\nThe diff is cut here: {d_cut} more lines are in the Files changed tab.\n")
        out.append(footer)
        return "".join(out)

    full = assemble(rows, 0, passes, 0, skipped, 0, diff_lines, 0, checks)
    if len(full.encode("utf-8")) <= limit:
        return full
    # Too long for GitHub: the fixed parts first, then the lists and the diff in what is left.
    reserve = 400  # the "cut here" notes
    fixed = len(assemble([], 0, [], 0, [], 0, [], 0).encode("utf-8")) + reserve
    budget = max(0, limit - fixed)
    row_lines, row_cut = _fit(rows, budget // 4)
    pass_lines, pass_cut = _fit(passes, budget // 4)
    skip_lines, skip_cut = _fit(skipped, budget // 8)
    check_lines, check_cut = _fit(checks, budget // 8)
    used = sum(len(x.encode("utf-8")) for x in (*row_lines, *pass_lines, *skip_lines, *check_lines))
    d_lines, d_cut = _fit(diff_lines, budget - used)
    return assemble(row_lines, row_cut, pass_lines, pass_cut, skip_lines, skip_cut, d_lines, d_cut,
                    check_lines, check_cut)


def _cut_list(lines, cut: int, heading: str) -> list[str]:
    """A list of the body under its heading, with what was cut for length counted."""
    if not lines and not cut:
        return []
    return [heading, *lines] + ([f"- … and {cut} more.\n"] if cut else [])


def _verification_lines(changes: list[Change]) -> list[str]:
    return [f"- {_code(c.path)}: {_cell(verification_summary(c.report))}\n" for c in changes if c.report is not None]


def verification_summary(report) -> str:
    """One line of what a verify Report proved: layers, the passes that saved the most, the
    directories the rewrite emptied most, the config and smoke checks."""
    parts = []
    if report.before and report.after:
        parts.append(f"{report.before['layers']} → {report.after['layers']} layers")
    saved = sorted((p for p in report.passes if (p["saved_bytes"] or 0) > 0), key=lambda p: -p["saved_bytes"])
    if saved:
        parts.append("saved by " + ", ".join(f"{p['code']} {_size(p['saved_bytes'])}" for p in saved[:3]))
    removed = (report.filesystem or {}).get("top_removed") or []
    if removed:
        parts.append("removed " + ", ".join(f"{_code(g['path'])} {_size(g['bytes'])}" for g in removed[:3]))
    if report.config is not None:
        parts.append("image config unchanged" if report.config["same"] else "image config CHANGED")
    if report.smoke:
        parts.append("smoke test passed" if report.smoke["passed"] else "smoke test FAILED")
    return "; ".join(parts) or report.message


def commit_message(plan: Plan) -> str:
    codes: dict[str, int] = {}
    for c in plan.changes:
        for f in c.applied:
            codes[f.code] = codes.get(f.code, 0) + 1
    lines = []
    for code in sorted(codes):
        p = find_pass(code)
        lines.append(f"- {code}{' ' + p.spec.name if p else ''}: {codes[code]} fix{'es' * (codes[code] != 1)}")
    paths = "\n".join(f"- {c.path}" for c in plan.changes[:50])
    more = f"\n- ... and {len(plan.changes) - 50} more" if len(plan.changes) > 50 else ""
    return f"{TITLE}\n\nFixes applied:\n" + "\n".join(lines) + f"\n\nFiles:\n{paths}{more}\n"


CLOSE_COMMENT = (
    "The Dockerfiles on `{base}` no longer need the changes of this pull request (they were "
    "made another way), so dockslim closes it and deletes its branch. It opens a new pull "
    "request when it finds something else to make smaller."
)


# --------------------------------------------------------------------------- the run


@dataclass(frozen=True)
class Settings:
    repo: str = "."
    paths: tuple[str, ...] = ()
    base: str | None = None
    branch: str = DEFAULT_BRANCH
    remote: str = "origin"
    unsafe_fixes: bool = False
    api_url: str = DEFAULT_API_URL
    repository: str | None = None
    dry_run: bool = False
    report_html: str | None = None  # with a measure: write the verify Reports here as HTML


@dataclass(frozen=True)
class Outcome:
    action: str  # nothing | opened | updated | closed | declined | dry-run
    number: int | None = None
    url: str | None = None


def _identity(git: Git, cwd: Path) -> dict:
    """Author and committer for the commit when git has none configured."""
    env = {}
    bot = ("github-actions[bot]", "41898282+github-actions[bot]@users.noreply.github.com") \
        if os.environ.get("GITHUB_ACTIONS") == "true" else ("dockslim", "dockslim@localhost")
    for key, default in zip(("name", "email"), bot, strict=True):
        if not git("config", f"user.{key}", cwd=cwd, check=False).strip():
            for who in ("AUTHOR", "COMMITTER"):
                env.setdefault(f"GIT_{who}_{key.upper()}", os.environ.get(f"GIT_{who}_{key.upper()}") or default)
    return env


def _commit_facts(git: Git, sha: str) -> tuple[str, list[str]]:
    """(tree, parents) read from the raw commit (shallow clones hide parents otherwise)."""
    raw = git("cat-file", "commit", sha)
    tree, parents = "", []
    for line in raw.split("\n\n", 1)[0].splitlines():
        key, _, value = line.partition(" ")
        if key == "tree":
            tree = value
        elif key == "parent":
            parents.append(value)
    return tree, parents


@contextmanager
def scratch_worktree(git: Git, commit: str) -> Iterator[Path]:
    top = Path(tempfile.mkdtemp(prefix="dockslim-bot-"))
    tree = top / "tree"
    try:
        git("worktree", "add", "--detach", "--quiet", str(tree), commit)
        yield tree
    finally:
        git("worktree", "remove", "--force", str(tree), check=False)
        shutil.rmtree(top, ignore_errors=True)
        git("worktree", "prune", check=False)


def run(settings: Settings, token: str | None = None, measure: Measure | None = None,
        log: Callable[[str], None] | None = None, echo: Callable[[str], None] | None = None) -> Outcome:
    """One bot run. `log` gets progress lines (masked), `echo` the dry run's body."""
    secrets = Secrets()
    secrets.add(token)

    def say(line: str) -> None:
        (log or _stderr)(secrets.mask(line))

    s = settings
    if s.unsafe_fixes and measure is None:
        raise BotError("--unsafe-fixes needs --verify: the bot applies unsafe fixes only when a build proves them")
    if s.base is not None and s.branch == s.base:
        raise BotError(f"refusing to push to {s.branch!r}: it is the base branch; the bot pushes only to its own branch")
    repo, remote_url, repository = _checked_repository(s, secrets)
    git = Git(repo, secrets, git_auth(remote_url, token, s.api_url, secrets))

    def github() -> GitHub:
        if not token:
            raise BotError(f"no GitHub token: set {' or '.join(reversed(TOKEN_VARS))} in the environment")
        return GitHub(s.api_url, repository, token, secrets)

    heads = remote_heads(git, s.remote, [n for n in (s.base, s.branch) if n])
    base = _base_branch(s, heads)
    theirs = heads.shas.get(s.branch)  # the bot's branch as the remote has it now

    shallow = git("rev-parse", "--is-shallow-repository", check=False).strip() == "true"
    refs = {"base": "refs/dockslim-bot/base", "head": "refs/dockslim-bot/head"}
    fetch = [f"+refs/heads/{base}:{refs['base']}"] + ([f"+refs/heads/{s.branch}:{refs['head']}"] if theirs else [])
    try:
        git("fetch", "--no-tags", "--quiet", *(["--depth=1"] if shallow else []), s.remote, *fetch)
        base_sha = git("rev-parse", "--verify", f"{refs['base']}^{{commit}}").strip()
        if theirs:
            theirs = git("rev-parse", "--verify", f"{refs['head']}^{{commit}}").strip()
        with scratch_worktree(git, base_sha) as tree:
            plan = collect(tree, s.paths, s.unsafe_fixes, measure, lambda m: say(f"dockslim: warning: {m}"))
            write_report_html(plan, s.report_html)
            for path, reason in plan.skipped:
                say(f"dockslim: warning: {path}: {reason}")
            if not plan.changes:
                return _nothing_to_change(s, base, theirs, git, github, say)
            git("add", "--", *[c.path for c in plan.changes], cwd=tree)
            git("-c", "commit.gpgsign=false", "commit", "--quiet", "--no-verify", "-m", commit_message(plan),
                cwd=tree, env=_identity(git, tree))
            ours = git("rev-parse", "HEAD", cwd=tree).strip()
        body = render_body(plan, base)
        n = len(plan.changes)
        say(f"dockslim: {n} Dockerfile{'s' * (n != 1)} to change: " + ", ".join(c.path for c in plan.changes))
        if s.dry_run:
            (echo or echo_line)(secrets.mask(body))
            say(f"dockslim: dry run: would push {s.branch!r} (from {base!r}) and open or update its pull request")
            return Outcome("dry-run")
        return _push_and_propose(s, git, github(), base, (base_sha, theirs, ours), body, say)
    finally:
        for ref in refs.values():
            git("update-ref", "-d", ref, check=False)


def _checked_repository(s: Settings, secrets: Secrets) -> tuple[Path, str, str]:
    """The repository's folder, its remote's URL and its GitHub name (OWNER/NAME)."""
    repo = Path(s.repo).resolve()
    if not repo.is_dir():
        raise BotError(f"no such directory: {s.repo}")
    plain = Git(repo, secrets)
    if not plain.ok("rev-parse", "--git-dir"):
        raise BotError(f"not a git repository: {s.repo}")
    if not plain.ok("check-ref-format", f"refs/heads/{s.branch}"):
        raise BotError(f"not a valid branch name: {s.branch!r}")
    remote_url = plain("remote", "get-url", s.remote, check=False).strip()
    if not remote_url:
        raise BotError(f"no remote named {s.remote!r} in {s.repo}")
    repository = s.repository or repository_from_url(remote_url)
    if not repository or not re.fullmatch(r"[\w.-]+/[\w.-]+", repository):
        raise BotError("cannot tell the GitHub repository: pass --repository OWNER/NAME or set GITHUB_REPOSITORY")
    return repo, remote_url, repository


def _base_branch(s: Settings, heads) -> str:
    """The branch the bot works from: --base, else the remote's default branch."""
    base = s.base or heads.default
    if not base:
        raise BotError(f"cannot tell the default branch of {s.remote!r}: pass --base BRANCH")
    if s.branch in (base, heads.default):
        raise BotError(f"refusing to push to {s.branch!r}: it is the default branch; the bot pushes only to its own branch")
    if base not in heads.shas:
        raise BotError(f"no branch {base!r} on remote {s.remote!r}")
    return base


def _push_and_propose(s: Settings, git: Git, api: GitHub, base: str, shas: tuple[str, str | None, str],
                      body: str, say) -> Outcome:
    """Push the commit ``ours`` to the bot's branch (unless it holds it already), then update
    the branch's open pull request or open one, but not again one that was closed unmerged."""
    base_sha, theirs, ours = shas
    same = bool(theirs) and _commit_facts(git, theirs) == _commit_facts(git, ours)
    open_pulls = api.pulls(s.branch, "open")
    if not same:
        git("push", "--quiet", "--no-verify", f"--force-with-lease=refs/heads/{s.branch}:{theirs or ''}",
            s.remote, f"{ours}:refs/heads/{s.branch}")
        say(f"dockslim: pushed {s.branch!r} ({ours[:12]}, on {base!r} {base_sha[:12]})")
    else:
        say(f"dockslim: {s.branch!r} already holds these changes")
    if open_pulls:
        pull = open_pulls[0]
        update = {"title": TITLE, "body": body}
        if (pull.get("base") or {}).get("ref", base) != base:
            update["base"] = base
        pull = api.update_pull(pull["number"], **update) or pull
        say(f"dockslim: updated pull request #{pull.get('number')}: {pull.get('html_url', '')}".rstrip(": "))
        return Outcome("updated", pull.get("number"), pull.get("html_url"))
    if same:
        declined = [p for p in api.pulls(s.branch, "closed")
                    if (p.get("head") or {}).get("sha") == theirs and not p.get("merged_at")]
        if declined:
            say(f"dockslim: pull request #{declined[0].get('number')} with these changes was closed; "
                f"not opening it again (delete the branch {s.branch!r} to get a new one)")
            return Outcome("declined", declined[0].get("number"), declined[0].get("html_url"))
    pull = api.create_pull(TITLE, s.branch, base, body) or {}
    say(f"dockslim: opened pull request #{pull.get('number')}: {pull.get('html_url', '')}".rstrip(": "))
    return Outcome("opened", pull.get("number"), pull.get("html_url"))


def _nothing_to_change(s: Settings, base: str, theirs: str | None, git: Git, github, say) -> Outcome:
    say("dockslim: nothing to change")
    if not theirs:
        return Outcome("nothing")
    if s.dry_run:
        say(f"dockslim: dry run: would close the open pull request of {s.branch!r}, if any, and delete the branch")
        return Outcome("dry-run")
    api = github()
    open_pulls = api.pulls(s.branch, "open")
    if not open_pulls:
        say(f"dockslim: {s.branch!r} has no open pull request; leaving the branch alone")
        return Outcome("nothing")
    pull = open_pulls[0]
    number = pull["number"]
    api.comment(number, CLOSE_COMMENT.format(base=base))
    api.update_pull(number, state="closed")
    git("push", "--quiet", "--no-verify", f"--force-with-lease=refs/heads/{s.branch}:{theirs}",
        s.remote, f":refs/heads/{s.branch}")
    say(f"dockslim: closed pull request #{number} (its changes are on {base!r} already) and deleted {s.branch!r}")
    return Outcome("closed", number, pull.get("html_url"))


def _stderr(line: str) -> None:
    echo_line(line, err=True)


def _write_outputs(outcome: Outcome) -> None:
    """Step outputs for GitHub Actions (result, pull-request-number, pull-request-url)."""
    target = os.environ.get("GITHUB_OUTPUT")
    if not target:
        return
    try:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(f"result={outcome.action}\n")
            handle.write(f"pull-request-number={outcome.number or ''}\n")
            handle.write(f"pull-request-url={outcome.url or ''}\n")
    except OSError:
        pass


def load_measure(full_report: bool = False) -> Measure:
    """A measurement by `dockslim.verify` (imported only when --verify asks for it): its
    `measure` (two builds: the sizes), or with `full_report` its `verify` (more builds: the
    sizes and the Report, with the layers, the bytes each pass saved, the files removed)."""
    try:
        from .verify import measure as sizes
    except ImportError as exc:
        raise BotError(f"--verify is not available: cannot import dockslim.verify.measure ({exc})") from None
    if not callable(getattr(sizes, "measure", None)):
        raise BotError("--verify is not available: dockslim.verify.measure has no measure()")
    if not full_report:
        return sizes.measure
    from .verify.builds import Progress
    from .verify.engine import EngineError
    from .verify.run import verify

    def measure(path: str, original: str, fixed: str) -> dict | None:
        passes = settings_for(path).passes()
        unsafe = run_fix(original, unsafe_fixes=False, **passes).text != fixed
        if unsafe and run_fix(original, unsafe_fixes=True, **passes).text != fixed:
            return sizes.measure(path, original, fixed)  # not a rewrite verify makes: sizes only
        try:
            report = verify(path, original, unsafe_fixes=unsafe, progress=Progress(quiet=True), **passes)
        except EngineError:
            return None
        if report.status == "failed":
            return {"ok": False, "reason": report.message}
        if report.status != "verified":
            return None
        return {"before": report.before["size"], "after": report.after["size"], "report": report}

    return measure


def write_report_html(plan: Plan, target: str | None) -> None:
    """The verify Reports of the plan's changes as one HTML page (`--report-html`), if asked."""
    if not target:
        return
    from .verify.report_html import render_html

    Path(target).write_text(render_html([c.report for c in plan.changes if c.report is not None]), encoding="utf-8")


def bot_command(argv: list[str] | None = None, prog: str = "dockslim bot") -> None:
    """Open (or update, or close) one pull request that makes the images of PATHS smaller.

    PATHS are relative to the repository root (default: the whole repository). The token
    comes from the environment only: DOCKSLIM_GITHUB_TOKEN or GITHUB_TOKEN.
    """
    parser = Parser(prog, bot_command.__doc__)
    add = parser.add_argument
    add("paths", nargs="*", metavar="PATHS")
    add("--repo", default=".", help="The git repository (a clone with the remote). [default: .]")
    add("--base", default=None, help="The branch to start from and open the pull request against [default: the remote's default branch].")
    add("--branch", default=DEFAULT_BRANCH, help=f"The bot's own branch; never the base branch. [default: {DEFAULT_BRANCH}]")
    add("--remote", default="origin", help="The git remote to fetch from and push to. [default: origin]")
    add("--unsafe-fixes", action="store_true", help="Also apply unsafe fixes, only those a build verifies (needs --verify).")
    add("--verify", action="store_true", help="Build each image before and after the rewrite and report the sizes.")
    add("--api-url", default=os.environ.get("GITHUB_API_URL", DEFAULT_API_URL),
        help=f"GitHub REST API URL (env GITHUB_API_URL). [default: {DEFAULT_API_URL}]")
    add("--repository", default=os.environ.get("GITHUB_REPOSITORY"),
        help="OWNER/NAME [default: env GITHUB_REPOSITORY, else from the remote URL].")
    add("--dry-run", action="store_true", help="Print the pull request body; push nothing, call no API.")
    add("--report-html", type=file_path, default=None,
        help="With --verify: write the verification report of every rewrite to this HTML file.")
    a = parser.parse(argv)
    _bot(tuple(a.paths), a.repo, a.base, a.branch, a.remote, a.unsafe_fixes, a.verify, a.api_url, a.repository,
         a.dry_run, a.report_html)


def _bot(paths, repo, base, branch, remote, unsafe_fixes, verify, api_url, repository, dry_run, report_html) -> None:
    token = token_from_env()
    secrets = Secrets()
    secrets.add(token)
    try:
        if unsafe_fixes and not verify:
            raise BotError("--unsafe-fixes needs --verify: the bot applies unsafe fixes only when a build proves them")
        if report_html and not verify:
            raise BotError("--report-html needs --verify: the report comes from the builds")
        settings = Settings(repo=repo, paths=tuple(paths), base=base or None, branch=branch, remote=remote,
                            unsafe_fixes=unsafe_fixes, api_url=api_url or DEFAULT_API_URL,
                            repository=repository or None, dry_run=dry_run,
                            report_html=os.path.abspath(report_html) if report_html else None)
        outcome = run(settings, token=token, measure=load_measure(bool(report_html)) if verify else None)
    except BotError as exc:
        echo_line("dockslim: error: " + " ".join(secrets.mask(str(exc)).split()), err=True)
        sys.exit(EXIT_ERROR)
    except Exception as exc:  # one line, masked, rather than a traceback
        echo_line(f"dockslim: error: internal error: {type(exc).__name__}: "
                   + " ".join(secrets.mask(str(exc)).split()), err=True)
        sys.exit(EXIT_ERROR)
    _write_outputs(outcome)
    sys.exit(EXIT_OK)


if __name__ == "__main__":  # pragma: no cover
    bot_command()
