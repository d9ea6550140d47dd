"""Each hostile or broken input: exit 1, a located message naming the problem, no traceback,
and bounded memory. Run through the real CLI in a child process, as a user would."""

from __future__ import annotations

import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from tests.loading.hostile import CASES, HostileInput

MEMORY_LIMIT_KIB = 200 * 1024


def run_cli(*args: str) -> tuple[int, str, str, int]:
    """Run `accredit` in a child; returns exit code, stdout, stderr and peak memory in KiB.

    The peak is the largest of all children so far (RUSAGE_CHILDREN), an upper bound for this one.
    """
    done = subprocess.run(
        [sys.executable, "-m", "engine", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return done.returncode, done.stdout, done.stderr, peak


@pytest.mark.parametrize("case", CASES, ids=[c.code + ":" + c.name for c in CASES])
def test_hostile_input_is_refused_with_a_located_message(
    case: HostileInput, tmp_path: Path
) -> None:
    path = case.build(tmp_path)
    code, stdout, stderr, peak_kib = run_cli("validate", str(path))

    assert code == 1, (stdout, stderr)
    assert "Traceback" not in stdout + stderr
    line = next((ln for ln in stdout.splitlines() if f": {case.code}" in ln), None)
    assert line is not None, f"no {case.code} problem in:\n{stdout}"
    assert line.startswith(str(path.name)) or path.name in line.split(":")[0]
    if case.located:
        assert re.search(r":\d+:\d+: ", line), f"no line:column in {line!r}"
    assert peak_kib < MEMORY_LIMIT_KIB, f"peak memory {peak_kib / 1024:.0f} MiB"


def test_json_format_carries_the_same_problem(tmp_path: Path) -> None:
    path = CASES[0].build(tmp_path)
    code, stdout, _, _ = run_cli("validate", "--format", "json", str(path))
    assert code == 1
    assert '"code": "yaml-alias"' in stdout
    assert '"line": 1' in stdout
