"""Run the passes: findings for `check`, and gated rewrites to a fixpoint for `fix`."""


from typing import NamedTuple

from . import gates
from .findings import Applicability, Finding, Position, apply_edits, overlaps
from .model import Model, build_model
from .policy import in_force
from .pragmas import globally_suppressed_codes, suppressed_codes
from .rules import Options, Pass, Phase, concerned
from .syntax import Dockerfile, Instruction, ParseError, parse

MAX_ROUNDS = 12
INTERNAL = "DS000"  # a pass failed; reported as a finding so the run goes on
KNOWN = frozenset(
    "ADD ARG CMD COPY ENTRYPOINT ENV EXPOSE FROM HEALTHCHECK LABEL MAINTAINER ONBUILD "
    "RUN SHELL STOPSIGNAL USER VOLUME WORKDIR".split()
)


class InputError(ValueError):
    """Input dockslim cannot work on; the message is one line for the user."""


class Dropped(NamedTuple):
    finding: Finding
    reason: str


class Review(NamedTuple):
    """What `check` reports: findings (problems; they decide exit codes) and, apart, notes
    (why a pass left something alone)."""

    findings: tuple[Finding, ...]
    notes: tuple[Finding, ...]

    @classmethod
    def of(cls, found: list[Finding]) -> "Review":
        return cls(tuple(f for f in found if not f.note), tuple(f for f in found if f.note))


class FixResult(NamedTuple):
    text: str  # the rewritten file
    original: str
    findings: tuple[Finding, ...]  # what `check` finds in the input
    applied: tuple[Finding, ...]  # findings whose fixes made `text`
    dropped: tuple[Dropped, ...]  # fixes a safety gate refused
    remaining: tuple[Finding, ...] = ()  # findings still present in `text`
    notes: tuple[Finding, ...] = ()  # notes on `text`, but those its own fixes caused

    @property
    def changed(self) -> bool:
        return self.text != self.original


def load(text: str) -> Dockerfile:
    """Parse and validate input, or raise InputError with a one-line reason."""
    try:
        tree = parse(text)
    except ParseError as exc:
        raise InputError(f"not a valid Dockerfile: {exc}") from None
    if tree.render() != text:  # gate: the tree gives the input back
        raise InputError("internal error: the syntax tree does not reproduce the input")
    error = gates.buildkit_error(text)
    if error:
        raise InputError(f"BuildKit's parser rejects it: {error}")
    seen_from = False
    for inst in tree.instructions:
        kind = inst.kind
        if kind not in KNOWN:
            raise InputError(f"line {inst.start_line}: unknown instruction: {inst.keyword or '(empty)'}")
        if kind == "FROM":
            if not inst.value:
                raise InputError(f"line {inst.start_line}: FROM requires an image")
            seen_from = True
        elif kind != "ARG" and not seen_from:
            raise InputError(f"line {inst.start_line}: {kind} before the first FROM")
    return tree


def _is_suppressed(p: Pass, inst: Instruction | None, file_codes: frozenset[str]) -> bool:
    codes = file_codes | suppressed_codes(inst) if inst is not None else file_codes
    return bool(codes) and ("ALL" in codes or p.code in codes or any(h in codes for h in p.spec.hadolint))


def _where_bytes_are(model: Model, finding: Finding, inst: Instruction | None) -> bool:
    """The finding and every edit of its fix lie in stages whose layers reach the image (or
    outside every stage: global ARGs, the end of the file)."""
    edits = finding.fix.edits if finding.fix else ()
    # an insertion belongs to the text before it (an instruction's end is the next one's start)
    places = [inst] + [model.dockerfile.instruction_at(e.start - (e.start == e.end and e.start > 0)) for e in edits]
    for place in places:
        stage = model.stage_of(place) if place is not None else None
        if stage is not None and not model.ships(stage):
            return False
    return True


def run_passes(model: Model, passes: tuple[Pass, ...], options: Options, phase: Phase | None = None,
               estimates: bool = True) -> list[Finding]:
    """Findings of the passes (of `phase` only, when given) that the text concerns; with
    `estimates`, each with the bytes its fix keeps out of the image (reading package sizes
    is wasted on a command that never shows them: `dockslim fix`)."""
    if estimates:
        from .estimate import estimate
    else:
        estimate = _no_estimate
    tree = model.dockerfile
    out: list[Finding] = []
    file_codes = globally_suppressed_codes(tree)
    for p in concerned(passes, tree.text):
        if phase is not None and p.spec.phase != phase:
            continue
        try:
            with in_force(options.extra):  # required packages count as runtime packages
                found = list(p.check(model, options))
        except Exception as exc:  # a bug in one pass must not cost the user the others
            found = [Finding(INTERNAL, f"internal error in {p.code} ({type(exc).__name__}: {exc}); the pass was skipped", 0, 0)]
        for finding in found:
            if finding.code == INTERNAL:
                out.append(finding._replace(begin_pos=Position(1, 1), end_pos=Position(1, 1)))
                continue
            inst = tree.instruction_at(finding.start)
            if _is_suppressed(p, inst, file_codes) or (p.spec.bound_to_shipped_stages and not _where_bytes_are(model, finding, inst)):
                continue
            line, col = tree.position(finding.start)
            end_line, end_col = tree.position(finding.end)
            out.append(
                finding._replace(
                    begin_pos=Position(line, col),
                    end_pos=Position(end_line, end_col),
                    instruction_index=inst.index if inst else None,
                    estimated_bytes=estimate(finding, model),
                )
            )
    out.sort(key=lambda f: (f.start, f.code))
    return out


def _no_estimate(finding: Finding, model: Model) -> None:
    return None


def review(text: str, passes: tuple[Pass, ...], options: Options | None = None) -> Review:
    """Findings and notes of `passes` on `text`."""
    tree = load(text)
    return Review.of(run_passes(build_model(tree), passes, options or Options()))


def check(text: str, passes: tuple[Pass, ...], options: Options | None = None) -> list[Finding]:
    """Findings of `passes` on `text`; notes are not findings (`review` gives both)."""
    return list(review(text, passes, options).findings)


def caused_notes(fixed: set[str], before: tuple[Finding, ...], after: tuple[Finding, ...]) -> tuple[Finding, ...]:
    """The notes of `after` that fixes of the `fixed` codes brought: new notes of those codes
    (DS301 saying "the file already has 2 stages" about its own split)."""
    seen = {(n.code, n.message) for n in before}
    return tuple(n for n in after if n.code in fixed and (n.code, n.message) not in seen)


def _key(f: Finding, tree: Dockerfile) -> tuple:
    inst = tree.instruction_at(f.start)
    return (f.code, f.fix.title if f.fix else "", tuple(e.text for e in f.fix.edits) if f.fix else (), inst.text if inst else "")


def _gate(before: Dockerfile, text: str) -> tuple[Model | None, str | None]:
    """The model of `text` when it passes every gate (the next round reuses it), else the
    reason it does not."""
    error = gates.buildkit_error(text)
    if error:
        return None, f"BuildKit's parser rejects the result: {error}"
    try:
        after = parse(text)
    except ParseError as exc:
        return None, f"the result does not parse: {exc}"
    model = build_model(after)
    errors = gates.shell_errors(gates.changed_runs(before, after), lambda inst: model.run(inst).view)
    if errors:
        inst, message = errors[0]
        return None, f"the rewritten RUN at line {inst.start_line} fails `bash -n`: {message}"
    return model, None


class _Fixing:
    """What a fix run has done so far: the fixes applied, those dropped with the reason, and
    the fixes refused at the text where they failed a gate."""

    def __init__(self, options: Options, limit: Applicability, estimates: bool = True) -> None:
        self.options = options
        self.estimates = estimates
        self.limit = limit
        self.applied: list[Finding] = []
        self.dropped: list[Dropped] = []
        self.refused: set[tuple] = set()

    def sweep(self, model: Model, passes: tuple[Pass, ...]) -> tuple[Model, bool]:
        """Run the phases in order, each to its fixpoint; returns the model and whether a fix
        was applied. A phase that does not reach its fixpoint ends the sweep."""
        changed = False
        for phase in Phase:
            for _round in range(MAX_ROUNDS):
                after = self.one_round(model, passes, phase)
                if after is None:
                    break
                model, changed = after, True
            else:
                break
        return model, changed

    def one_round(self, model: Model, passes: tuple[Pass, ...], phase: Phase) -> Model | None:
        """Apply every fix of the phase that does not overlap another; None when there is
        none left."""
        current = model.dockerfile
        while True:
            chosen = self.choose(run_passes(model, passes, self.options, phase, self.estimates), current)
            if not chosen:
                return None
            after, reason = _gate(current, apply_edits(current.text, [e for f in chosen for e in f.fix.edits]))
            if after is not None:
                self.applied.extend(chosen)
                return after
            self.refuse_culprits(chosen, current, reason)

    def choose(self, findings: list[Finding], current: Dockerfile) -> list[Finding]:
        """The fixes allowed and not refused, in order, each not overlapping one before it."""
        chosen: list[Finding] = []
        for f in findings:
            if f.fix and f.fix.applicability <= self.limit and _key(f, current) not in self.refused:
                if not any(overlaps(f.fix, c.fix) for c in chosen):
                    chosen.append(f)
        return chosen

    def refuse_culprits(self, chosen: list[Finding], current: Dockerfile, reason: str | None) -> None:
        # Gate each fix alone and refuse those that fail, then the caller tries the rest
        # again. Fixes that pass alone but fail together lose the last one.
        culprits = [
            (f, why) for f in chosen
            for _, why in [_gate(current, apply_edits(current.text, list(f.fix.edits)))]
            if why
        ] or [(chosen[-1], reason)]
        for f, why in culprits:
            self.refused.add(_key(f, current))
            self.dropped.append(Dropped(f, why or "refused"))

    def settle(self, start: Model, passes: tuple[Pass, ...]) -> tuple[Model, list[Finding]]:
        """Sweep to the fixpoint: (the result, []), or when the fixes never settle (`start`,
        the fixes of the last sweep: those that keep changing the file), none kept."""
        current = start
        for _sweep in range(MAX_ROUNDS):  # a later phase may enable an earlier one's fix
            mark = len(self.applied)
            current, changed = self.sweep(current, passes)
            if not changed:
                return current, []
        restless = self.applied[mark:]
        self.applied.clear()
        return start, restless

    def give_up(self, restless: list[Finding]) -> None:
        """Fixes that keep changing the file are a bug (a result that a second run would
        change again is never written): one line names their passes."""
        codes = ", ".join(sorted({f.code for f in restless}))
        others = "; the other fixes are applied" if self.applied else ""
        self.dropped.append(Dropped(restless[-1], f"the fixes of {codes} never settle (each run undoes or redoes them): left out{others}"))


def fix(text: str, passes: tuple[Pass, ...], unsafe_fixes: bool = False, options: Options | None = None,
        estimates: bool = True) -> FixResult:
    """Apply the fixes of `passes` phase by phase to a fixpoint; only text that passes every
    gate is kept. Without `estimates` the findings' estimated_bytes stay None."""
    options = options or Options()
    tree = load(text)
    start = build_model(tree)
    first = run_passes(start, passes, options, estimates=estimates)
    limit = Applicability.UNSAFE if unsafe_fixes else Applicability.SAFE
    fixing = _Fixing(options, limit, estimates)
    current, restless = fixing.settle(start, passes)
    if restless:  # the other passes' fixes still count: apply them without the restless passes
        fixing = _Fixing(options, limit, estimates)
        codes = {f.code for f in restless}
        current, more = fixing.settle(start, tuple(p for p in passes if p.code not in codes))
        fixing.give_up(restless + more)
    applied, dropped = fixing.applied, fixing.dropped
    before = Review.of(first)
    after = Review.of(run_passes(current, passes, options, estimates=estimates)) if current.dockerfile.text != text else before
    caused = caused_notes({f.code for f in applied}, before.notes, after.notes)
    return FixResult(
        text=current.dockerfile.text, original=text, findings=before.findings, applied=tuple(applied),
        dropped=tuple(dropped), remaining=after.findings, notes=tuple(n for n in after.notes if n not in caused),
    )
