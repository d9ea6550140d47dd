"""Each hostile or broken input: exit 1, a located message naming the problem, no traceback,
and bounded memory. Run through the real CLI in a child process, as a user would."""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.loading.hostile import CASES, HostileInput

MEMORY_LIMIT_KIB = 200 * 1024


LAUNCHER = (
    "import pathlib, resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[2:])\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "pathlib.Path(sys.argv[1]).write_text(str(peak))\n"
    "sys.exit(code)\n"
)
"""A small interpreter that runs the CLI and reports the CLI's own peak memory. Forking the
CLI straight from pytest would count pytest's pages (already large after other tests) too."""


def run_cli(*args: str) -> tuple[int, str, str, int]:
    """Run `accredit` in a child; returns exit code, stdout, stderr and its peak memory in KiB."""
    with tempfile.TemporaryDirectory() as scratch:
        peak_file = Path(scratch) / "peak"
        done = subprocess.run(
            [sys.executable, "-c", LAUNCHER, str(peak_file), sys.executable, "-m", "engine", *args],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        return done.returncode, done.stdout, done.stderr, int(peak_file.read_text())


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
