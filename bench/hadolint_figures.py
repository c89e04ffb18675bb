"""hadolint's size findings before and after dockslim: DL3059, DL3009 and DL3015.

    python bench/hadolint_figures.py [FOLDER ...] [--reasons [--verbose]]

Counts, over the Dockerfiles of the folders (default: the golden inputs and examples/),
the findings of three hadolint rules in the input, after `fix` and after
`fix --unsafe-fixes`, each file with the settings the command line gives it (its folder is
the build context). The rules are counted as hadolint's current sources decide them
(src/Hadolint/Rule/DL3059.hs, DL3009.hs, DL3015.hs), on dockslim's shell parser:

- DL3059: a RUN right after a RUN (comments and blank lines between do not count; any other
  instruction does) with the same flags, when neither RUN has more than one command
  (hadolint counts each simple command twice and skips a RUN above 2, so `a && b` is
  "chained"). After a finding the earlier RUN stays the one compared with the next.
- DL3009: a RUN that runs `apt-get update` without an `rm` of `-rf` or `/var/lib/apt/lists/*`
  (hadolint accepts any `rm` with either word) and without a cache mount on the lists, in
  the last stage or a stage a later FROM builds on.
- DL3015: a RUN with an `apt-get install` lacking `--no-install-recommends` (or
  `APT::Install-Recommends=false`).

`# hadolint ignore=...` right above an instruction silences it, and `# hadolint global
ignore=...` the whole file, as in hadolint. A second table counts only the findings in stages
whose layers reach the image (after `--unsafe-fixes` a split's builder no longer does), the
stages dockslim's size passes edit. With
`--reasons` the DL3059 pairs left after each fix are counted by why DS201 keeps them apart
(a blank line or comment between, a stage that does not reach the image, independent
steps...); `--verbose` names each pair.
"""

from __future__ import annotations

import argparse
import collections
import glob
import os
import sys
from collections.abc import Iterator

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import dockslim
from dockslim import api
from dockslim.optimizer.model import build_model
from dockslim.optimizer.pragmas import HADOLINT_PRAGMA, globally_suppressed_codes, suppressed_codes
from dockslim.optimizer.shellview import shell_view
from dockslim.optimizer.syntax import parse
from dockslim.transforms._run_kinds import cheap

TESTS = {"[", "[["}  # ShellCheck parses these as conditions, not commands


def _ignored(inst, code: str) -> bool:
    lines = inst.leading.splitlines()
    if not lines:
        return False
    m = HADOLINT_PRAGMA.match(lines[-1])  # hadolint's pragma is the line right above
    return bool(m) and code in {c.strip().upper() for c in m.group("codes").split(",")}


def _commands(inst) -> list:
    """The simple commands hadolint sees in a RUN (nested ones included), or None when the
    shell cannot be read."""
    view = shell_view(inst)
    if view is None or not view.ok:
        return None
    return [c for _, c in view.commands() if c.argv and c.argv[0].text not in TESTS]


def _flags(inst) -> list[str]:
    return sorted(f.text for f in inst.flags)


def dl3059(tree) -> list[tuple]:
    """(RUN above, RUN) of each finding."""
    out, last, previous = [], None, None  # last: (RUN, flags, command count) hadolint compares with
    for inst in tree.instructions:
        if inst.kind != "RUN":
            last = previous = None
            continue
        cmds = _commands(inst)
        count = 2 * (len(cmds) if cmds is not None else 1)
        if last is None or last[1] != _flags(inst) or count > 2 or last[2] > 2:
            last = (inst, _flags(inst), count)
        elif not _ignored(inst, "DL3059"):
            out.append((previous, inst))
        previous = inst
    return out


def _image_name(ref: str) -> str:
    """The image of a FROM without tag or digest (what a later FROM names a stage by)."""
    ref = ref.split("@")[0]
    head, _, last = ref.rpartition("/")
    return (head + "/" if head else "") + last.split(":")[0]


def dl3009(tree) -> list:
    forgets, froms, images, current = [], [], set(), None
    for inst in tree.instructions:
        if inst.kind == "FROM":
            words = list(inst.value)
            alias = words[2] if len(words) > 2 and words[1].upper() == "AS" else None
            current = (tuple(words), _flags(inst), alias)
            froms.append(current)
            images.add(_image_name(words[0]) if words else "")
            continue
        if inst.kind != "RUN" or _ignored(inst, "DL3009"):
            continue
        cmds = _commands(inst) or []
        values = [[w.value for w in c.argv] for c in cmds]
        update = any(v[0] == "apt-get" and "update" in v[1:] for v in values)
        cleanup = any(v[0] == "rm" and {"-rf", "/var/lib/apt/lists/*"} & set(v[1:]) for v in values)
        mounts = [f.text for f in inst.flags if f.text.startswith("--mount") and "type=cache" in f.text]
        cached = any("/var/lib/apt/lists" in m for m in mounts) or (
            any("/var/lib/apt" in m for m in mounts) and any("/var/cache/apt" in m for m in mounts))
        if update and not cleanup and not cached:
            forgets.append((inst, current))
    last = froms[-1] if froms else None
    return [i for i, f in forgets if f == last or (f is not None and f[2] is not None and f[2] in images)]


def dl3015(tree) -> list:
    out = []
    for inst in tree.instructions:
        if inst.kind != "RUN" or _ignored(inst, "DL3015"):
            continue
        for c in _commands(inst) or []:
            v = [w.value for w in c.argv]
            if v[0] == "apt-get" and "install" in v[1:] and "--no-install-recommends" not in v \
                    and "APT::Install-Recommends=false" not in v:
                out.append(inst)
                break
    return out


RULES = {"DL3059": dl3059, "DL3009": dl3009, "DL3015": dl3015}


def figures(text: str, shipped_only: bool = False) -> dict[str, int]:
    """The findings of each rule; with `shipped_only`, only those in stages whose layers reach
    the image (the stages dockslim's size passes edit)."""
    tree = parse(text)
    off = globally_suppressed_codes(tree)  # `# hadolint global ignore=...`
    model = build_model(tree) if shipped_only else None

    def counts(found) -> bool:
        inst = found[1] if isinstance(found, tuple) else found
        stage = model.stage_of(inst) if model is not None else None
        return stage is None or model.ships(stage)

    return {code: 0 if code in off else sum(map(counts, rule(tree))) for code, rule in RULES.items()}


def why_apart(text: str, pair: tuple, ds201: dict[int, str]) -> str:
    """Why DS201 keeps the two RUNs of a remaining DL3059 pair apart."""
    model = build_model(parse(text))
    first, second = pair
    stage = model.stage_of(second)
    if stage is not None and not model.ships(stage):
        return "stage does not reach the image"
    if second.leading:  # the blank and comment lines above it
        return "pragma" if suppressed_codes(second) else "blank line or comment between (an intended split)"
    if _flags(first) != _flags(second):
        return "flags differ"
    if first.is_json or second.is_json or first.heredocs or second.heredocs:
        return "exec form or heredoc"
    if not (model.run(first).posix and model.run(second).posix):
        return "a SHELL that is not POSIX"
    if second.start_line in ds201:
        return "not merged automatically: " + ds201[second.start_line]
    views = [model.run(first).readable, model.run(second).readable]
    if None not in views and any(cheap(v) for v in views):
        return "a cheap RUN after a costly one that stored none of its files: merging loses build cache, saves no byte"
    return "independent steps (builds, installs of other tools): each layer holds its own bytes"


def left_apart(out: str, options) -> Iterator[tuple[int, str]]:
    """(line, why) of each DL3059 pair left in `out`."""
    review = dockslim.review(out, select=["DS201"], options=options)
    tree = parse(out)
    ds201 = {}
    for f in review.findings:
        if f.fix is None and "(not merged automatically: " in f.message:
            ds201[tree.instruction_at(f.start).start_line] = f.message.split("(not merged automatically: ", 1)[1]
    for pair in dl3059(tree):
        why = why_apart(out, pair, ds201)
        if why.startswith("not merged"):  # the reason without the lines and commands it names
            why = why.split(" (`")[0].split(" of the RUN at line")[0].rstrip(")")
        yield pair[1].start_line, why


def files_of(folders: list[str]) -> list[str]:
    out = []
    for folder in folders:
        for path in sorted(glob.glob(os.path.join(folder, "**", "*"), recursive=True)):
            name = os.path.basename(path)
            if os.path.isfile(path) and ("Dockerfile" in name or name.endswith(".dockerfile")) \
                    and not name.startswith("expected"):
                out.append(path)
    return out


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folders", nargs="*", default=[os.path.join(ROOT, "golden"), os.path.join(ROOT, "examples")])
    ap.add_argument("--reasons", action="store_true", help="count why the DL3059 pairs left stay apart")
    ap.add_argument("--verbose", action="store_true", help="with --reasons: name each pair left")
    args = ap.parse_args(argv)
    total = {k: collections.Counter() for k in ("input", "fix", "unsafe")}
    shipped = {k: collections.Counter() for k in ("input", "fix", "unsafe")}
    reasons = {"fix": collections.Counter(), "unsafe": collections.Counter()}
    n = skipped = 0
    for path in files_of(args.folders):
        with open(path, encoding="utf-8", newline="") as f:
            text = f.read()
        try:
            safe = api.settings_for(path, unsafe=False)
            unsafe = api.settings_for(path, unsafe=True)
            outs = {
                "input": text,
                "fix": dockslim.fix(text, False, safe.select, safe.ignore, safe.options).text,
                "unsafe": dockslim.fix(text, True, unsafe.select, unsafe.ignore, unsafe.options).text,
            }
        except dockslim.InputError:
            skipped += 1
            continue
        n += 1
        for key, out in outs.items():
            total[key].update(figures(out))
            shipped[key].update(figures(out, shipped_only=True))
        if args.reasons:
            for key in ("fix", "unsafe"):
                for line, why in left_apart(outs[key], unsafe.options):
                    reasons[key][why] += 1
                    if args.verbose:
                        print(f"  {key}: {path}:{line}: {why}")
    print(f"{n} Dockerfiles ({skipped} not read) in {', '.join(os.path.relpath(f) for f in args.folders)}")
    print(f"{'rule':8} {'input':>6} {'fix':>6} {'--unsafe-fixes':>15}")
    for code in RULES:
        print(f"{code:8} {total['input'][code]:6} {total['fix'][code]:6} {total['unsafe'][code]:15}")
    print("in the stages whose layers reach the image (each file as it is then):")
    for code in RULES:
        print(f"{code:8} {shipped['input'][code]:6} {shipped['fix'][code]:6} {shipped['unsafe'][code]:15}")
    for key, title in (("fix", "fix"), ("unsafe", "fix --unsafe-fixes")):
        if reasons[key]:
            print(f"DL3059 pairs left after {title}, by why they stay apart:")
            for why, count in reasons[key].most_common():
                print(f"  {count:4}  {why}")


if __name__ == "__main__":
    main()
