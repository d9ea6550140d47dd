"""16 threads submitting, reviewing, deciding and editing one draft for 30 seconds.

Prints the counts; exits 1 on a lost update or an error that escaped as something other
than a typed service error. Run: .venv/bin/python benchmarks/stress_workflow.py [SECONDS]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine.service import audit
from tests.service.conftest import make_world
from tests.service.stress import run_stress


def main() -> int:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 30.0
    with tempfile.TemporaryDirectory() as folder:
        world = make_world(Path(folder) / "stress.duckdb")
        out = run_stress(world, threads=16, seconds=seconds)
        intact = audit.verify_audit(world.admin, world.db) == []
        world.db.close()
    lost = out.final_version - out.initial_version != out.saves
    print(
        f"{seconds:.0f} s, 16 threads: {out.saves} saves of the shared draft, "
        f"{out.conflicts} conflicts reported, {out.submissions} submissions, "
        f"{out.decisions} decisions"
    )
    print(
        f"lost updates: {'YES' if lost else 'none'}; unexpected errors: {len(out.unexpected)}; "
        f"audit chain: {'intact' if intact else 'BROKEN'}"
    )
    for line in out.unexpected[:5]:
        print("  ", line)
    return 1 if lost or out.unexpected or not intact else 0


if __name__ == "__main__":
    sys.exit(main())
