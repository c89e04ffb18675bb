"""No function in dockslim/ has a cyclomatic complexity over 15 (ruff's C901, McCabe)."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_COMPLEXITY = 15


def too_complex() -> list[str]:
    """One "file: message" line for every function ruff's C901 reports over the limit."""
    run = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--isolated", "--select", "C901",
         "--config", f"lint.mccabe.max-complexity={MAX_COMPLEXITY}",
         "--output-format", "json", "--exit-zero", "dockslim"],
        cwd=ROOT, capture_output=True, text=True, check=True)
    return sorted(f"{Path(item['filename']).resolve().relative_to(ROOT).as_posix()}: {item['message']}"
                  for item in json.loads(run.stdout))


def test_no_function_over_the_complexity_limit():
    over = too_complex()
    assert not over, "split these into named steps:\n" + "\n".join(over)

