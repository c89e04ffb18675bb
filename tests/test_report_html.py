"""`verify --format html`: one self-contained page with the layers as an SVG bar chart.

The unit tests build a Report by hand (no engine) and read the page back with the standard
library's HTML parser; the browser test opens it in headless Chromium (Debian's `chromium`,
which scripts/test.sh installs), counts the bars in the DOM the browser built and checks in a
screenshot that they were painted.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from dockslim.verify.cli import _write_report
from dockslim.verify.report import Report
from dockslim.verify.report_html import BAR_WIDTH, render_html

HOSTILE = 'RUN echo "</text></svg><script>alert(1)</script>" && cat <<\'EOF\' & <b>bold</b>'
MB = 1_000_000


def layer(instruction: str, size: int) -> dict:
    return {"instruction": instruction, "bytes": size}


def sample_report(path: str = "app/Dockerfile") -> Report:
    """What `verify` reports for a rewrite that dropped a layer and added one: before has 4
    layers, after 4, one of them with a hostile instruction text."""
    r = Report(path=path, status="verified", message="verified: 550.0 MB saved (61.1%)",
               smoke_command="python -c 'import app'")
    r.before = {"image": "dockslim-verify/x:before", "size": 900 * MB, "layers": 3, "build_seconds": 12.0,
                "built": True, "error": None, "id": "sha256:1"}
    r.after = {"image": "dockslim-verify/x:after", "size": 350 * MB, "layers": 3, "build_seconds": 9.5,
               "built": True, "error": None, "id": "sha256:2"}
    r.saved = {"bytes": 550 * MB, "percent": 61.1}
    r.layers = [
        {"change": "same", "before": layer("COPY requirements.txt .", 100 * MB), "after": layer("COPY requirements.txt .", 100 * MB)},
        {"change": "size", "before": layer(HOSTILE, 500 * MB), "after": layer(HOSTILE, 200 * MB)},
        {"change": "removed", "before": layer("RUN apt-get install -y gcc", 300 * MB), "after": None},
        {"change": "added", "before": None, "after": layer("COPY --from=builder /venv /venv", 50 * MB)},
        {"change": "same", "before": layer('CMD ["python", "app.py"]', 0), "after": layer('CMD ["python", "app.py"]', 0)},
    ]
    r.passes = [
        {"code": "DS102", "name": "apt-lists-cleanup", "titles": ["Append `rm -rf /var/lib/apt/lists/*`"],
         "size": 880 * MB, "saved_bytes": 20 * MB, "saved_percent": 2.2},
        {"code": "DS301", "name": "stage-split", "titles": ["Build in a <builder> stage"],
         "size": 350 * MB, "saved_bytes": 530 * MB, "saved_percent": 58.9},
    ]
    r.config = {"fields": ["Cmd", "Env"], "same": True, "changes": []}
    r.smoke = {"command": "python -c 'import app' && test 1 -lt 2", "passed": True,
               "before": {"exit_code": 0}, "after": {"exit_code": 0}}
    r.filesystem = {"files_before": 9000, "files_after": 4000, "removed_files": 5000, "removed_bytes": 540 * MB,
                    "added_files": 2, "added_bytes": 10, "changed_files": 1, "changed_bytes_saved": 5,
                    "top_removed": [{"path": "/usr/lib/gcc", "bytes": 300 * MB, "files": 800},
                                    {"path": "/var/lib/apt/lists", "bytes": 20 * MB, "files": 30}]}
    return r


class Page(HTMLParser):
    """What the tests look at: the bars of each chart, their tooltips, every text, the
    attributes that could fetch something."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.bars: dict[str, list[dict]] = {}
        self.titles: list[str] = []
        self.text: list[str] = []
        self.tags: set[str] = set()
        self.fetching: list[tuple[str, str]] = []
        self._chart: str | None = None
        self._in_title = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.add(tag)
        self.fetching += [(tag, name) for name in ("src", "href", "xlink:href", "srcset") if name in attrs]
        if tag == "svg":
            self._chart = attrs.get("data-image")
            self.bars[self._chart] = []
        elif tag == "rect":
            self.bars[self._chart].append(attrs)
        self._in_title = tag == "title" and self._chart is not None

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "svg":
            self._chart = None
        self._in_title = False

    def handle_data(self, data):
        self.text.append(data)
        if self._in_title:
            self.titles.append(data)


def page_text(html: str) -> str:
    """The page's text as a reader sees it, white space collapsed."""
    return " ".join("".join(Page(html).text).split())


def test_one_bar_per_layer_per_image_on_one_scale():
    page = Page(render_html([sample_report()]))
    assert set(page.bars) == {"before", "after"}
    assert len(page.bars["before"]) == 4 and len(page.bars["after"]) == 4
    widths = {side: [float(b["width"]) for b in bars] for side, bars in page.bars.items()}
    # the largest layer of either image spans the bar area; the others in proportion
    assert widths["before"][:3] == [BAR_WIDTH / 5, BAR_WIDTH, BAR_WIDTH * 3 / 5]
    assert widths["after"][:3] == [BAR_WIDTH / 5, BAR_WIDTH * 2 / 5, BAR_WIDTH / 10]
    assert widths["before"][3] == 1.0  # an empty layer still has a visible bar
    assert [b["class"] for b in page.bars["before"]] == ["same", "size", "removed", "same"]
    assert [b["class"] for b in page.bars["after"]] == ["same", "size", "added", "same"]


def test_each_bar_tells_its_instruction_and_size():
    page = Page(render_html([sample_report()]))
    assert "COPY --from=builder /venv /venv (50.0 MB)" in page.titles
    assert f"{HOSTILE} (500.0 MB)" in page.titles and f"{HOSTILE} (200.0 MB)" in page.titles


def test_hostile_text_is_escaped_everywhere():
    report = sample_report(path='<img src=x onerror="alert(1)">/Dockerfile')
    report.notes = ["left alone: <script>"]
    html = render_html([report])
    page = Page(html)
    assert "script" not in page.tags and "img" not in page.tags and "b" not in page.tags
    assert "<script>" not in html and "<b>" not in html
    text = "".join(page.text)
    # the text reads back as written: escaped once, not twice
    assert '<img src=x onerror="alert(1)">/Dockerfile' in text
    assert "Build in a <builder> stage" in text
    assert "left alone: <script>" in text
    assert "python -c 'import app' && test 1 -lt 2" in text


def test_the_page_fetches_nothing():
    html = render_html([sample_report()])
    page = Page(html)
    assert page.fetching == []
    assert "http://" not in html and "https://" not in html
    assert "url(" not in html and "@import" not in html and "script" not in page.tags


def test_sizes_passes_removed_directories_and_checks_are_shown():
    text = page_text(render_html([sample_report()]))
    assert "900.0 MB" in text and "350.0 MB" in text and "-550.0 MB (-61.1%)" in text
    assert "DS301 stage-split" in text and "530.0 MB (58.9%)" in text
    assert "/usr/lib/gcc" in text and "5,000 files removed (540.0 MB)" in text
    assert "same image config (Cmd, Env)" in text
    assert "passed smoke test" in text


def test_a_failed_check_says_so():
    report = sample_report()
    report.status = "failed"
    report.config = {"fields": ["Cmd"], "same": False, "changes": [{"field": "Cmd", "before": ["a"], "after": ["b"]}]}
    report.smoke["passed"] = False
    report.responsible = [{"code": "DS301", "name": "stage-split", "titles": ["split"], "reasons": ["smoke failed"]}]
    text = page_text(render_html([report]))
    assert "changed config Cmd: ['a'] → ['b']" in text
    assert "failed smoke test" in text
    assert "Fixes that fail" in text and "smoke failed" in text


def test_an_error_report_has_no_chart():
    report = Report(path="Dockerfile")
    report.error("no engine")
    page = Page(render_html([report]))
    assert page.bars == {} and "no engine" in "".join(page.text)


def test_verify_report_file_ending_in_html_is_the_page(tmp_path):
    target = tmp_path / "report.html"
    _write_report(str(target), [sample_report()], "build.log")
    assert target.read_text(encoding="utf-8") == render_html([sample_report()])


# ------------------------------------------------------------------------------ a real browser


def chromium() -> str:
    found = shutil.which("chromium")
    if found is None:
        if os.environ.get("DOCKSLIM_REQUIRE_ENGINE") == "1":
            pytest.fail("chromium is not installed (scripts/test.sh installs Debian's package)")
        pytest.skip("chromium is not installed")
    return found


def run_chromium(page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess:
    command = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run", "--disable-sync", f"--user-data-dir={profile}",
               "--hide-scrollbars", *args, page.as_uri()]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


def png_pixels(data: bytes) -> list[tuple[int, ...]]:
    """The pixels of an 8-bit RGB or RGBA, non-interlaced PNG (what Chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0
    channels = 4 if colour == 6 else 3
    raw, stride = zlib.decompress(idat), width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up, corner = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                nearest = min((abs(p - left), 0, left), (abs(p - up), 1, up), (abs(p - corner), 2, corner))[2]
                line[i] = (line[i] + nearest) & 0xFF
        rows.append(bytes(line))
        previous = line
    return [tuple(row[x:x + 3]) for row in rows for x in range(0, stride, channels)]


def test_chromium_renders_one_bar_per_layer(tmp_path):
    page = tmp_path / "report.html"
    page.write_text(render_html([sample_report()]), encoding="utf-8")
    # the DOM Chromium built: the SVG was read as SVG, with every bar in it
    dom = Page(run_chromium(page, tmp_path / "profile", "--dump-dom").stdout)
    assert len(dom.bars["before"]) == 4 and len(dom.bars["after"]) == 4
    # and painted: the colours of the bars that differ fill their areas (nothing else has
    # them but the legend's 10x10 squares)
    shot = tmp_path / "shot.png"
    run_chromium(page, tmp_path / "profile", "--window-size=1000,1000", f"--screenshot={shot}")
    pixels = png_pixels(shot.read_bytes())
    counts = {colour: pixels.count(colour) for colour in
              ((0xD6, 0x9E, 0x2E), (0xC5, 0x30, 0x30), (0x2F, 0x85, 0x5A))}
    size, removed, added = counts.values()
    bar_height = 12
    assert size >= bar_height * (BAR_WIDTH + BAR_WIDTH * 2 / 5) * 0.9
    assert removed >= bar_height * BAR_WIDTH * 3 / 5 * 0.9
    assert added >= bar_height * BAR_WIDTH / 10 * 0.9


# ------------------------------------------------------------------------------ the pull-request bot


def test_bot_body_has_a_compact_line_per_verified_rewrite():
    from dockslim import bot

    assert bot.verification_summary(sample_report()) == (
        "3 → 3 layers; saved by DS301 530.0 MB, DS102 20.0 MB; removed `/usr/lib/gcc` 300.0 MB, "
        "`/var/lib/apt/lists` 20.0 MB; image config unchanged; smoke test passed")
    measured = {"before": 900 * MB, "after": 350 * MB, "report": sample_report()}
    change = bot.Change("app/Dockerfile", "FROM a\n", "FROM b\n", (), measured)
    body = bot.render_body(bot.Plan([change]), "main")
    assert "- `app/Dockerfile`: 3 → 3 layers; saved by DS301 530.0 MB" in body


def test_bot_writes_the_reports_of_its_rewrites_as_one_page(tmp_path):
    from dockslim import bot

    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "Dockerfile").write_text("FROM python:3.11-slim\nRUN pip install flask\n")
    plan = bot.collect(tmp_path, (), False, lambda path, original, fixed: {
        "before": 900 * MB, "after": 350 * MB, "report": sample_report(path)}, lambda message: None)
    target = tmp_path / "report.html"
    bot.write_report_html(plan, str(target))
    page = Page(target.read_text(encoding="utf-8"))
    assert "app/Dockerfile" in page.text and str(tmp_path) not in "".join(page.text)
    assert len(page.bars["before"]) == 4 and len(page.bars["after"]) == 4
