"""One verification: prove a rewrite of one Dockerfile by rebuilding it.

For one Dockerfile, `Job.run`:

1. rewrites it with `fix` (nothing to prove when nothing changes);
2. builds the original (`dockslim-verify/<hash>:before`); when that fails the Dockerfile
   was already broken and the job stops with an error. A `# syntax=` directive whose
   frontend image cannot be fetched is left out of every build copy, and the report
   says so;
3. runs the smoke command in the original image (it must pass there, or the command is
   wrong);
4. builds the rewrite (`:after`) and checks it (`checks`): it builds, the image config is
   the same (`image_config.CONFIG_FIELDS`), it is not larger, the smoke command passes;
5. when a check fails and `repair` is on (`fix --verify`), first adds the runtime packages
   the rewrite lacks (`repair`), up to REPAIR_ROUNDS rebuilds; what still fails is bisected
   (`blame`) and the responsible passes are taken out. With `repair` the verified rest
   becomes the result, and a stage split that then saves next to nothing on its own
   (`split_is_negligible`) is dropped too;
6. describes the image shown: the bytes saved by each pass (`attribution`), the layers side
   by side (`layers`), what the rewrite removed from the filesystem (`filesystem`), the
   runtime libraries and the policy's required packages (`libraries`).
"""

from __future__ import annotations

import os
import tempfile
import time

from ..optimizer.findings import Finding
from .. import InputError, fix
from ..optimizer.rules import Pass
from ..transforms import selected
from .attribution import attribute
from .blame import SPLIT_CODE, blame, drop_negligible_split
from .builds import Builds, Candidate
from .checks import check
from .dockerfile import external_bases, final_base
from .engine import EngineError
from .filesystem import compare_filesystems
from .image_config import CONFIG_FIELDS
from .layers import compare_layers
from .libraries import original_packages, required_packages, runtime_libraries, takes_from_stages
from .repair import repair_runtime
from .report import Report, finding_dict, image_dict, reasons_of, smoke_dict, verified_message


def _ordered_codes(applied: tuple[Finding, ...], effective: tuple[Pass, ...]) -> list[str]:
    present = {f.code for f in applied}
    return [p.code for p in effective if p.code in present]


class Job(Builds):
    """The verification of one Dockerfile, on one engine."""

    def run(self) -> Report:
        started = time.monotonic()
        report = Report(path=self.path, context=self.context, engine=self.engine.name, log=self.log.path,
                        smoke_command=self.settings.smoke, final_text=self.text)
        try:
            self._run(report)
        except (EngineError, InputError) as exc:
            report.error(str(exc))
        except OSError as exc:
            report.error(f"{exc.strerror or exc}")
        finally:
            try:
                report.images = self.remove_images()
            except EngineError:
                pass
            self.close()
            report.seconds = time.monotonic() - started
        if report.status in ("failed", "error") and report.message:
            self.say(f"{report.status}: {report.message}")
        return report

    def _run(self, report: Report) -> None:
        s = self.settings
        self.effective = tuple(s.passes) if s.passes else selected(s.select, s.ignore)
        full = fix(self.text, unsafe_fixes=s.unsafe_fixes, options=s.options, passes=self.effective)
        report.applied = [finding_dict(f, full.original) for f in full.applied]
        report.gate_dropped = [{"code": d.finding.code, "title": d.finding.fix.title if d.finding.fix else "",
                                "reason": d.reason} for d in full.dropped]
        if not full.changed:
            report.status, report.message = "unchanged", "nothing to change: no fix applies"
            return
        if self.context is None:
            raise InputError("a Dockerfile read from stdin needs --context")
        if not os.path.isdir(self.context):
            raise InputError(f"the build context {self.context} is not a directory")
        codes = _ordered_codes(full.applied, self.effective)
        self.texts[tuple(codes)] = full.text
        self.tmp = tempfile.mkdtemp(prefix="dockslim-verify-build-")
        if not self.original(report) or not self.smoke_original(report):
            return
        after = check(self, self.candidate(tuple(codes), "after"))
        if not after.ok and s.repair:
            after = repair_runtime(self, report, after)
        final, final_codes = (after, codes) if after.ok else blame(self, report, after, codes, full.applied)
        if s.repair and final.ok and SPLIT_CODE in final_codes:
            final, final_codes = drop_negligible_split(self, report, final, final_codes, full.applied)
        if s.repair:
            report.final_text = final.text if final.ok else self.text
            self.describe(report, final, final_codes, full.applied)
        else:
            self.describe(report, after, codes, full.applied)
        self.conclude(report, final, after)

    def original(self, report: Report) -> bool:
        """Build the original (without an unreachable `# syntax=` frontend when need be);
        False, with the report's error, when it does not build."""
        self.say(f"building the original on {self.engine.name}")
        before = self.build(self.text, (), "before")
        if not before.built and self.syntax is not None and self.syntax.value in "\n".join(before.build.tail):
            self.strip_syntax = True
            report.notes.append(
                f"the `# syntax={self.syntax.value}` frontend could not be fetched; both Dockerfiles were "
                "built without that line, with the engine's built-in Dockerfile frontend"
            )
            self.say("the syntax frontend cannot be fetched; building without the `# syntax=` line")
            before = self.build(self.text, (), "before")
        self.before = before
        self.candidates[self.text] = before
        report.before = image_dict(before)
        if before.built:
            before.reasons = []
            return True
        missing = [b for b in external_bases(self.text) if not self.engine.image_exists(b)]
        if before.build.timed_out:
            report.error(f"the original did not finish building within {self.settings.timeout:.0f}s (see --timeout)")
        elif missing:
            report.error(f"base image {', '.join(missing)} is not in the engine at {self.engine.name} "
                         f"and could not be pulled: {before.build.error}")
        else:
            report.error(f"the Dockerfile was already broken: the original does not build: {before.build.error}")
        return False

    def smoke_original(self, report: Report) -> bool:
        """The smoke command must pass in the original image (or the command is wrong)."""
        s, before = self.settings, self.before
        assert before is not None
        if not s.smoke:
            return True
        self.say("smoke test of the original")
        before.smoke = self.smoke(before)
        if before.smoke.ok:
            return True
        what = "timed out" if before.smoke.exit_code is None else f"exit {before.smoke.exit_code}"
        report.smoke = smoke_dict(s.smoke, before, None)
        report.error(f"the smoke command fails in the original image too ({what}): "
                     f"{before.smoke.last_line()}; fix the command first")
        return False

    def describe(self, report: Report, shown: Candidate, codes: list[str], applied: tuple[Finding, ...]) -> None:
        """What the shown image is: size, config, smoke, layers, bytes per pass, files, libraries."""
        s, before = self.settings, self.before
        assert before is not None
        report.after = image_dict(shown)
        report.config = {
            "fields": list(CONFIG_FIELDS),
            "same": not shown.config_changes if shown.built else None,
            "changes": shown.config_changes,
        }
        if s.smoke:
            report.smoke = smoke_dict(s.smoke, before, shown)
        if not shown.built:
            return
        if before.size is not None and shown.size is not None:
            saved = before.size - shown.size
            report.saved = {"bytes": saved, "percent": round(100.0 * saved / before.size, 2) if before.size else 0.0}
            report.base, report.layers = compare_layers(self.engine, before.tag, shown.tag, final_base(self.text))
        if s.attribution and codes:
            attribute(self, report, codes, applied, shown)
        if s.filesystem:
            self.say("comparing the filesystems")
            report.filesystem = compare_filesystems(self.engine, before.tag, shown.tag, s.timeout)
        if takes_from_stages(self, shown):
            self.say("checking the runtime libraries of what the final stage takes from the others")
            report.runtime_libraries = runtime_libraries(self, shown)
        report.required_packages = required_packages(self, shown)

    def conclude(self, report: Report, final: Candidate, after: Candidate) -> None:
        """Status and message: the checks, then the packages the image must have."""
        if self.settings.repair:
            self._conclude_repaired(report, final)
        elif after.ok:
            report.status, report.message = "verified", verified_message(report)
        else:
            blame_of = ", ".join(c["code"] for c in report.responsible)
            report.fail("; ".join(report.reasons) + (f" (responsible: {blame_of})" if blame_of else ""))
        self._conclude_packages(report)

    def _conclude_repaired(self, report: Report, final: Candidate) -> None:
        if not final.ok:
            report.fail("no subset of the fixes verifies: " + "; ".join(final.reasons or []))
        elif final.text == self.text:
            report.fail("every fix was dropped: " + "; ".join(report.reasons or reasons_of(report.dropped)))
        elif report.dropped:
            report.status = "verified"
            report.message = (verified_message(report) + " after dropping "
                              + ", ".join(d["code"] for d in report.dropped))
        else:
            report.status, report.message = "verified", verified_message(report)

    def _conclude_packages(self, report: Report) -> None:
        """A required package or a runtime library the image lost fails it; one the original
        lacked too is a note."""
        required = report.required_packages or {}
        if required.get("missing"):
            lost = sorted(set(required["missing"]) & (original_packages(self) or set(required["missing"])))
            too = sorted(set(required["missing"]) - set(lost))
            if too:
                report.notes.append(f"the original image lacks {', '.join(too)} too, which the policy requires")
            if lost:
                _fail_also(report, f"the image lacks {', '.join(lost)}, which the policy requires")
        lacking = (report.runtime_libraries or {}).get("missing")
        if lacking:
            _fail_also(report, f"the runtime stage lacks {', '.join(lacking)}, which the built packages link against")


def _fail_also(report: Report, what: str) -> None:
    """Fail the report with `what`, after the failure already there."""
    report.fail(f"{report.message}; {what}" if report.status == "failed" and report.message else what)
