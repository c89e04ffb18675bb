"""The verification report as one self-contained HTML page (`verify --format html`).

The page needs nothing but itself: styles inline, no script, no font or image to fetch. The
layers of each image are an inline SVG bar chart (one bar per layer, both images on one
scale, the instruction as text and as the bar's tooltip); the bytes saved per pass and the
files removed by directory are tables with bars drawn by CSS; then the config and smoke
checks, the repairs and the fixes dropped. Every text that comes from the Dockerfile, the
engine or the command line is escaped.
"""

from __future__ import annotations

from html import escape

from .report import Report, human, plural

# Chart geometry (px): instruction label, bar area, size label; one row per layer.
LABEL_WIDTH, BAR_WIDTH, SIZE_WIDTH, ROW_HEIGHT = 430, 360, 90, 20
LABEL_CHARS = 58  # what fits in LABEL_WIDTH at the chart's 12px monospace
# How a layer compares with the other image's, as `side_by_side` says, and its legend.
CHANGES = {
    "same": "the same in both images",
    "size": "same instruction, other size",
    "changed": "instruction changed",
    "removed": "only before",
    "added": "only after",
}

STYLE = """
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2933; margin: 24px auto;
       max-width: 960px; padding: 0 16px; }
h1 { font-size: 22px; margin: 0 0 8px; } h2 { font-size: 18px; margin: 32px 0 6px; word-break: break-all; }
h3 { font-size: 15px; margin: 20px 0 6px; }
table { border-collapse: collapse; margin: 6px 0; } td, th { padding: 3px 10px 3px 0; text-align: left; vertical-align: top; }
th { border-bottom: 1px solid #cbd2d9; font-weight: 600; } td.n, th.n { text-align: right; white-space: nowrap; }
td:first-child { white-space: nowrap; }
code { font: 12px ui-monospace, "DejaVu Sans Mono", monospace; background: #f0f4f8; padding: 1px 3px; word-break: break-all; }
.status { display: inline-block; padding: 1px 8px; border-radius: 9px; color: #fff; font-size: 13px; }
.verified, .unchanged, .ok { background: #276749; } .failed, .error, .bad { background: #9b2c2c; }
.muted { color: #616e7c; } .track { width: 200px; padding-top: 5px; }
.bar { height: 10px; background: #3182ce; min-width: 1px; }
svg.layers { display: block; margin: 2px 0 12px; font: 12px ui-monospace, "DejaVu Sans Mono", monospace; }
svg.layers text { fill: #1f2933; } svg.layers text.size { fill: #616e7c; }
.same { fill: #9aa5b1; } .size { fill: #d69e2e; } .changed { fill: #dd6b20; } .removed { fill: #c53030; }
.added { fill: #2f855a; }
.legend span { display: inline-block; margin-right: 14px; } .legend i { display: inline-block; width: 10px;
  height: 10px; margin-right: 4px; }
.legend .same { background: #9aa5b1; } .legend .size { background: #d69e2e; } .legend .changed { background: #dd6b20; }
.legend .removed { background: #c53030; } .legend .added { background: #2f855a; }
"""


def render_html(reports: list[Report]) -> str:
    """One page for every report, in order."""
    title = "dockslim verify: " + (reports[0].path if len(reports) == 1 else plural(len(reports), "Dockerfile"))
    body = "\n".join(_report(r) for r in reports)
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
            f"<h1>dockslim verify</h1>\n{body}\n</body>\n</html>\n")


def _report(r: Report) -> str:
    heading = (f'<h2><code>{escape(r.path)}</code> '
               f'<span class="status {escape(r.status)}">{escape(r.status)}</span></h2>')
    parts = ['<section class="report">', heading]
    if r.message:
        parts.append(f"<p>{escape(r.message)}</p>")
    parts += [f'<p class="muted">Note: {escape(note)}</p>' for note in r.notes]
    for section in (_sizes, _checks, _changes, _layers, _passes, _files):
        parts.append(section(r))
    parts.append("</section>")
    return "\n".join(p for p in parts if p)


def _table(head: list[str], rows: list[list[str]], numeric: set[int] = frozenset()) -> str:
    """Cells are HTML already; `numeric` columns are right-aligned."""
    def row(cells: list[str], tag: str) -> str:
        return "<tr>" + "".join(f'<{tag}{" class=n" if i in numeric else ""}>{c}</{tag}>'
                                for i, c in enumerate(cells)) + "</tr>"
    return "<table>\n" + row(head, "th") + "\n" + "\n".join(row(r, "td") for r in rows) + "\n</table>"


def _css_bar(value: int | None, largest: int) -> str:
    share = 100.0 * max(value or 0, 0) / largest if largest > 0 else 0.0
    return f'<div class="track"><div class="bar" style="width: {share:.1f}%"></div></div>'


# ------------------------------------------------------------------------------ sections


def _sizes(r: Report) -> str:
    if not (r.before and r.after):
        return ""
    b, a = r.before, r.after
    change = f"{human(-r.saved['bytes'])} ({-r.saved['percent']:.1f}%)" if r.saved else "-"
    rows = [["image size", human(b["size"]), human(a["size"]), escape(change)],
            ["layers", str(b["layers"] or "-"), str(a["layers"] or "-"), ""],
            ["build time", f"{b['build_seconds']:.1f} s", f"{a['build_seconds']:.1f} s", ""]]
    if not a["built"]:
        rows.append(["build", "", f"failed: {escape(str(a['error']))}", ""])
    return _table(["", "before", "after", "change"], rows, {1, 2, 3})


def _checks(r: Report) -> str:
    items = []
    if r.config is not None and r.config["same"]:
        items.append(f'<span class="status ok">same</span> image config ({escape(", ".join(r.config["fields"]))})')
    elif r.config is not None:
        items += [f'<span class="status bad">changed</span> config <code>{escape(c["field"])}</code>: '
                  f'<code>{escape(repr(c["before"]))}</code> &rarr; <code>{escape(repr(c["after"]))}</code>'
                  for c in r.config["changes"]]
    if r.smoke:
        state = '<span class="status ok">passed</span>' if r.smoke["passed"] else '<span class="status bad">failed</span>'
        items.append(f"{state} smoke test in both images, no network: <code>{escape(r.smoke['command'])}</code>"
                     + _smoke_codes(r.smoke))
    elif r.before and r.after:
        items.append('<span class="muted">smoke test not run (no <code>--smoke</code> command)</span>')
    items += _libraries(r)
    if not items:
        return ""
    return "<h3>Checks</h3>\n<ul>\n" + "\n".join(f"<li>{i}</li>" for i in items) + "\n</ul>"


def _smoke_codes(smoke: dict) -> str:
    sb, sa = smoke.get("before"), smoke.get("after")
    return (f' <span class="muted">(exit {sb["exit_code"] if sb else "-"} before, '
            f'{sa["exit_code"] if sa else "-"} after)</span>')


def _libraries(r: Report) -> list[str]:
    rl = r.runtime_libraries
    if not rl:
        return []
    if rl.get("error"):
        return [f"runtime libraries not checked: {escape(rl['error'])}"]
    needed = ", ".join(f"<code>{escape(p)}</code>" for p in rl["needed"]) or "nothing beyond the base image"
    state = ('<span class="status bad">missing</span> ' + ", ".join(f"<code>{escape(p)}</code>" for p in rl["missing"])
             if rl["missing"] else '<span class="status ok">installed</span>')
    return [f"{state} runtime libraries that what the final stage takes from the builder links against: {needed}"]


def _changes(r: Report) -> str:
    """Packages the repair added, then the passes blamed or dropped."""
    parts = []
    if r.repairs:
        parts.append("<h3>Repairs</h3>\n<ul>\n" + "\n".join(
            f"<li>round {step['round']}: "
            + (f"added {', '.join(f'<code>{escape(p)}</code>' for p in step['added'])} ({escape(step['reason'])})"
               if step["added"] else escape(step["reason"])) + "</li>" for step in r.repairs) + "\n</ul>")
    if r.responsible:
        heading = "Fixes dropped" if r.dropped else "Fixes that fail"
        rows = [[escape(f"{d['code']} {d.get('name', '')}"), escape("; ".join(d.get("titles", []))),
                 escape("; ".join(d["reasons"]))] for d in r.responsible]
        parts.append(f"<h3>{heading}</h3>\n" + _table(["pass", "fix", "because"], rows))
    return "\n".join(parts)


def _passes(r: Report) -> str:
    if not r.passes:
        return ""
    largest = max((p["saved_bytes"] or 0 for p in r.passes), default=0)
    rows = []
    for p in r.passes:
        saved = (f"{human(p['saved_bytes'])} ({p['saved_percent']:.1f}%)" if p["saved_bytes"] is not None
                 else "build failed")
        rows.append([escape(f"{p['code']} {p['name']}"), escape("; ".join(p["titles"])), human(p["size"]),
                     escape(saved), _css_bar(p["saved_bytes"], largest)])
    return ('<h3>Bytes saved per pass</h3>\n<p class="muted">Rebuilt with the passes added one at a time; '
            "each row is what that pass saved on top of the ones above it.</p>\n"
            + _table(["pass", "fixes", "image after", "saved", ""], rows, {2, 3}))


def _files(r: Report) -> str:
    fs = r.filesystem
    if not fs:
        return ""
    if "error" in fs:
        return f"<h3>Removed files</h3>\n<p>{escape(fs['error'])}</p>"
    largest = max((g["bytes"] for g in fs["top_removed"]), default=0)
    rows = [[f"<code>{escape(g['path'])}</code>", human(g["bytes"]), f"{g['files']:,}", _css_bar(g["bytes"], largest)]
            for g in fs["top_removed"]]
    summary = (f"{plural(fs['removed_files'], 'file')} removed ({human(fs['removed_bytes'])}), "
               f"{plural(fs['added_files'], 'file')} added ({human(fs['added_bytes'])}), "
               f"{plural(fs['changed_files'], 'file')} changed size (net {human(-fs['changed_bytes_saved'])}).")
    table = _table(["directory", "bytes", "files", ""], rows, {1, 2}) if rows else ""
    return f"<h3>Removed files by directory</h3>\n<p>{escape(summary)}</p>\n{table}"


# ------------------------------------------------------------------------------ the layer chart


def _layers(r: Report) -> str:
    if not r.layers:
        return ""
    images = {side: [(row["change"], row[side]) for row in r.layers if row[side]] for side in ("before", "after")}
    largest = max((cell["bytes"] or 0 for cells in images.values() for _, cell in cells), default=0)
    base = (f'<p class="muted">On the base image <code>{escape(r.base["image"])}</code> '
            f'({human(r.base["size"])}, not drawn).</p>' if r.base else "")
    legend = '<p class="legend">' + "".join(
        f'<span><i class="{kind}"></i>{escape(text)}</span>' for kind, text in CHANGES.items()) + "</p>"
    charts = "\n".join(
        f"<h4>{side}: {human(sum(c['bytes'] or 0 for _, c in cells))} in {plural(len(cells), 'instruction')}</h4>\n"
        + layer_chart(side, cells, largest) for side, cells in images.items())
    return f"<h3>Layers</h3>\n{base}\n{legend}\n{charts}"


def layer_chart(side: str, cells: list[tuple[str, dict]], largest: int) -> str:
    """An SVG with one bar per layer of one image: `cells` are (change, {instruction, bytes}),
    `largest` the bytes that span the whole bar area (the same for both images)."""
    width = LABEL_WIDTH + BAR_WIDTH + SIZE_WIDTH
    height = ROW_HEIGHT * len(cells)
    rows = [_layer_row(i, change, cell, largest) for i, (change, cell) in enumerate(cells)]
    return (f'<svg class="layers" data-image="{escape(side)}" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(side)}: layer sizes">\n'
            + "\n".join(rows) + "\n</svg>")


def _layer_row(i: int, change: str, cell: dict, largest: int) -> str:
    size = cell["bytes"] or 0
    length = max(1.0, BAR_WIDTH * size / largest) if largest > 0 else 1.0
    y = i * ROW_HEIGHT
    text_y = y + ROW_HEIGHT - 6
    instruction = cell["instruction"]
    label = instruction if len(instruction) <= LABEL_CHARS else instruction[: LABEL_CHARS - 1] + "…"
    kind = change if change in CHANGES else "same"
    return (f'<g class="layer"><title>{escape(instruction)} ({escape(human(size))})</title>'
            f'<text x="0" y="{text_y}">{escape(label)}</text>'
            f'<rect class="{kind}" x="{LABEL_WIDTH}" y="{y + 4}" width="{length:.1f}" height="{ROW_HEIGHT - 8}"/>'
            f'<text class="size" x="{LABEL_WIDTH + length + 6:.1f}" y="{text_y}">{escape(human(size))}</text></g>')
