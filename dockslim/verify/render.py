"""The verification report as text (the terminal) and as Markdown (a pull request)."""

from __future__ import annotations

import json

from .report import Report, human, plural


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def render_text(reports: list[Report]) -> str:
    out: list[str] = []
    for r in reports:
        out.append(f"{r.path}: {r.status}" + (f" - {r.message}" if r.message else ""))
        out += [f"  note: {note}" for note in r.notes]
        if r.engine:
            out.append(f"  engine    {r.engine}")
        for section in (_text_sizes, _text_checks, _text_changes, _text_passes, _text_layers, _text_files,
                        _text_libraries):
            out += section(r)
        if r.log:
            out.append(f"  log       {r.log}")
        out.append("")
    return "\n".join(out)


def _text_sizes(r: Report) -> list[str]:
    out: list[str] = []
    if r.before and r.after:
        b, a = r.before, r.after
        out.append(f"  before    {human(b['size']):>12}  {b['layers'] or '-':>3} layers  built in {b['build_seconds']:.1f}s  {b['image']}")
        out.append(f"  after     {human(a['size']):>12}  {a['layers'] or '-':>3} layers  built in {a['build_seconds']:.1f}s  {a['image']}"
                   + ("" if a["built"] else f"  (build failed: {a['error']})"))
    if r.saved:
        out.append(f"  saved     {human(r.saved['bytes']):>12}  ({r.saved['percent']:.1f}%)")
    return out


def _text_checks(r: Report) -> list[str]:
    out: list[str] = []
    if r.config is not None and r.config["same"]:
        out.append("  config    unchanged")
    elif r.config is not None:
        out += [f"  config    CHANGED {c['field']}: {c['before']!r} -> {c['after']!r}" for c in r.config["changes"]]
    if r.smoke:
        sb, sa = r.smoke["before"], r.smoke["after"]
        state = "passed" if r.smoke["passed"] else "FAILED"
        codes = f"exit {sb['exit_code'] if sb else '-'} before, {sa['exit_code'] if sa else '-'} after"
        out.append(f"  smoke     {state} ({codes}): {r.smoke['command']}")
    elif r.before and r.after:
        out.append("  smoke     not run (no --smoke command)")
    return out


def _text_changes(r: Report) -> list[str]:
    """The repair rounds, then the passes blamed or dropped."""
    out = [f"  repair    round {step['round']}: "
           + (f"added {', '.join(step['added'])} ({step['reason']})" if step["added"] else step["reason"])
           for step in r.repairs]
    verb = "dropped" if r.dropped else "responsible"
    out += [f"  {verb:<9} {d['code']} {d.get('name', '')}: {'; '.join(d['reasons'])}" for d in r.responsible]
    return out


def _text_passes(r: Report) -> list[str]:
    if not r.passes:
        return []
    out = ["  per pass (cumulative rebuilds)"]
    for p in r.passes:
        saved = f"{human(p['saved_bytes']):>12}  ({p['saved_percent']:.1f}%)" if p["saved_bytes"] is not None else "  build failed"
        out.append(f"    {p['code']:<7} {p['name'][:28]:<28} {saved}")
    return out


def _text_layers(r: Report) -> list[str]:
    if not r.layers:
        return []
    base = f"; base {r.base['image']}: {r.base['history_entries']} entries, {human(r.base['size'])}" if r.base else ""
    out = [f"  layers (instruction -> bytes{base})"]
    for row in r.layers:
        left = row["before"] or {"instruction": "", "bytes": None}
        right = row["after"] or {"instruction": "", "bytes": None}
        mark = {"same": " ", "size": "~", "changed": "*", "removed": "-", "added": "+"}[row["change"]]
        out.append(
            f"   {mark} {_clip(left['instruction'], 44):<44} {human(left['bytes']) if row['before'] else '':>10} | "
            f"{_clip(right['instruction'], 44):<44} {human(right['bytes']) if row['after'] else '':>10}"
        )
    return out


def _text_files(r: Report) -> list[str]:
    fs = r.filesystem
    if not fs:
        return []
    if "error" in fs:
        return [f"  filesystem: {fs['error']}"]
    out = [f"  removed   {plural(fs['removed_files'], 'file')}, {human(fs['removed_bytes'])}"
           f"; added {plural(fs['added_files'], 'file')}, {human(fs['added_bytes'])}"
           f"; {plural(fs['changed_files'], 'file')} changed size (net {human(-fs['changed_bytes_saved'])})"]
    out += [f"    {_clip(g['path'], 50):<50} {human(g['bytes']):>12} {plural(g['files'], 'file'):>12}"
            for g in fs["top_removed"]]
    return out


def _text_libraries(r: Report) -> list[str]:
    rl = r.runtime_libraries
    if not rl:
        return []
    if rl.get("error"):
        return [f"  runtime   not checked: {rl['error']}"]
    needed = ", ".join(rl["needed"]) or "nothing beyond the base image"
    state = f"MISSING {', '.join(rl['missing'])}" if rl["missing"] else "all installed"
    taken = f" ({', '.join(rl['scanned'])})" if rl.get("scanned") else ""
    return [f"  runtime   what the final stage takes from the builder{taken} links against: {needed}; {state}"]


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(reports: list[Report]) -> str:
    out: list[str] = []
    for r in reports:
        out += [f"### dockslim verify: `{r.path}` — {r.status}", ""]
        if r.message:
            out += [_md(r.message), ""]
        for note in r.notes:
            out += [f"> Note: {_md(note)}", ""]
        for section in (_md_sizes, _md_checks, _md_changes, _md_passes, _md_layers, _md_files, _md_libraries):
            out += section(r)
    return "\n".join(out)


def _md_sizes(r: Report) -> list[str]:
    if not (r.before and r.after):
        return []
    b, a = r.before, r.after
    change = f"{human(-r.saved['bytes'])} ({-r.saved['percent']:.1f}%)" if r.saved else "-"
    dl = (a["layers"] - b["layers"]) if a["layers"] is not None and b["layers"] is not None else None
    return ["| | before | after | change |", "|---|---:|---:|---:|",
            f"| image size | {human(b['size'])} | {human(a['size'])} | {change} |",
            f"| layers | {b['layers'] or '-'} | {a['layers'] or '-'} | {dl if dl is not None else '-'} |",
            f"| build time | {b['build_seconds']:.1f} s | {a['build_seconds']:.1f} s | |", ""]


def _md_checks(r: Report) -> list[str]:
    out: list[str] = []
    if r.config is not None and r.config["same"]:
        out += [f"**Image config:** unchanged ({', '.join(r.config['fields'])}).", ""]
    elif r.config is not None:
        out += ["**Image config changed:** " + ", ".join(
            f"`{c['field']}` {_md(json.dumps(c['before']))} → {_md(json.dumps(c['after']))}" for c in r.config["changes"]), ""]
    if r.smoke:
        state = "passed in both images" if r.smoke["passed"] else "**failed**"
        out += [f"**Smoke test** (`{_md(r.smoke['command'])}`, no network): {state}.", ""]
    elif r.before and r.after:
        out += ["**Smoke test:** not run (no `--smoke` command).", ""]
    return out


def _md_changes(r: Report) -> list[str]:
    out: list[str] = []
    if r.repairs:
        out += ["**Repaired runtime stage:**", ""]
        out += [f"- round {step['round']}: " + (f"added `{'`, `'.join(step['added'])}` ({_md(step['reason'])})"
                                                if step["added"] else _md(step["reason"])) for step in r.repairs]
        out.append("")
    if r.responsible:
        out += ["| pass | fix | " + ("dropped because" if r.dropped else "fails because") + " |", "|---|---|---|"]
        out += [f"| {d['code']} {d.get('name', '')} | {_md('; '.join(d.get('titles', [])))} | {_md('; '.join(d['reasons']))} |"
                for d in r.responsible]
        out.append("")
    return out


def _md_passes(r: Report) -> list[str]:
    if not r.passes:
        return []
    out = ["#### Bytes saved per pass", "", "| pass | fixes | image after | saved |", "|---|---|---:|---:|"]
    for p in r.passes:
        saved = f"{human(p['saved_bytes'])} ({p['saved_percent']:.1f}%)" if p["saved_bytes"] is not None else "build failed"
        out.append(f"| {p['code']} {p['name']} | {_md('; '.join(p['titles']))} | {human(p['size'])} | {saved} |")
    return out + [""]


def _md_layers(r: Report) -> list[str]:
    if not r.layers:
        return []
    out = ["#### Layers", ""]
    if r.base:
        out += [f"Base image `{r.base['image']}`: {r.base['history_entries']} history entries, {human(r.base['size'])}.", ""]
    out += ["| before | bytes | after | bytes |", "|---|---:|---|---:|"]
    for row in r.layers:
        left, right = row["before"], row["after"]
        out.append(
            f"| {'`' + _md(_clip(left['instruction'], 70)) + '`' if left else ''} | {human(left['bytes']) if left else ''} "
            f"| {'`' + _md(_clip(right['instruction'], 70)) + '`' if right else ''} | {human(right['bytes']) if right else ''} |"
        )
    return out + [""]


def _md_files(r: Report) -> list[str]:
    fs = r.filesystem
    if not fs or "error" in fs or not fs["top_removed"]:
        return []
    out = ["#### Removed from the image's filesystem", "",
           f"{plural(fs['removed_files'], 'file')}, {human(fs['removed_bytes'])}.", "",
           "| directory | bytes | files |", "|---|---:|---:|"]
    out += [f"| `{_md(g['path'])}` | {human(g['bytes'])} | {g['files']:,} |" for g in fs["top_removed"]]
    return out + [""]


def _md_libraries(r: Report) -> list[str]:
    rl = r.runtime_libraries
    if not rl:
        return []
    if rl.get("error"):
        return [f"**Runtime libraries:** not checked: {_md(rl['error'])}.", ""]
    needed = ", ".join(f"`{p}`" for p in rl["needed"]) or "nothing beyond the base image"
    state = ("**missing from the final image: " + ", ".join(f"`{p}`" for p in rl["missing"]) + "**"
             if rl["missing"] else "all installed in the final image")
    taken = " (" + ", ".join(f"`{t}`" for t in rl["scanned"]) + ")" if rl.get("scanned") else ""
    return [f"**Runtime libraries** (packages that what the final stage takes from the builder{taken} links against): "
            f"{needed}; {state}.", ""]
