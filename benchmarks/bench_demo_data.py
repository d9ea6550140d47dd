"""Demo data: seconds per organisation before and after the bulk writer.

"before" makes the demo the way the generator did until now: one service call per change, each
its own transaction with its own audit append (`mode="service"`, which makes exactly the same
record). "after" is the bulk writer (`mode="bulk"`, the default of `accredit demo-data`).
Prints the median seconds per organisation of each, their ratio, and checks the audit chain
of the bulk record.

Run: .venv/bin/python benchmarks/bench_demo_data.py [--before 20] [--after 1000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine.models.bundle import ReleaseBundle
from engine.service import demo_data, maintenance
from engine.storage import audit


def _one_run(folder: Path, bundle: ReleaseBundle, orgs: int, mode: demo_data.Mode) -> float:
    """Seconds per organisation for one fresh record; the audit chain must hold."""
    path = folder / f"{mode}-{orgs}-{time.monotonic_ns()}.duckdb"
    db, _ = maintenance.open_record(path)
    try:
        started = time.perf_counter()
        summary = demo_data.generate(db, bundle, orgs, seed=1, mode=mode)
        seconds = time.perf_counter() - started
        problems = audit.verify(db)
    finally:
        db.close()
    if problems or summary.organisations != orgs:
        raise SystemExit(f"{mode}: the record is wrong: {problems[:3]}")
    return seconds / orgs


def _median(folder: Path, bundle: ReleaseBundle, orgs: int, mode: demo_data.Mode, n: int) -> float:
    runs = [_one_run(folder, bundle, orgs, mode) for _ in range(n)]
    print(f"  {mode:<8} {orgs:>5} orgs: " + ", ".join(f"{r:.4f}" for r in runs) + " s/org")
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=int, default=20, help="organisations, service mode")
    parser.add_argument("--after", type=int, default=1000, help="organisations, bulk mode")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    bundle = maintenance.library_release(demo_data.RELEASE)
    with tempfile.TemporaryDirectory(prefix="accredit-bench-demo-") as folder:
        print("seconds per organisation (each run a new record, seed 1):")
        before = _median(Path(folder), bundle, args.before, "service", args.repeat)
        after = _median(Path(folder), bundle, args.after, "bulk", args.repeat)
        small = _median(Path(folder), bundle, args.before, "bulk", args.repeat)
    print()
    print(f"{'':<32}{'median s/org':>14}")
    print(f"{'before: service calls, ' + str(args.before) + ' orgs':<32}{before:>14.4f}")
    print(f"{'after: bulk, ' + str(args.before) + ' orgs':<32}{small:>14.4f}")
    print(f"{'after: bulk, ' + str(args.after) + ' orgs':<32}{after:>14.4f}")
    print(
        f"ratio before/after: {before / after:.1f}x; {args.after} organisations in "
        f"{after * args.after:.0f} s (audit chain verified on every record)"
    )


if __name__ == "__main__":
    main()
