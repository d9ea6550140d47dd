"""Loading and validating the whole library, against a bare ruamel.yaml parse of the same files;
and the cost of refusing each hostile input (wall time and peak memory of the real CLI).

    python benchmarks/bench_loading.py [--repeat N] [--library PATH]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from ruamel.yaml import YAML

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine.loading import load_library
from engine.locations import library_root


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def bare_parse(paths: list[Path], typ: str = "rt") -> None:
    yaml = YAML(typ=typ, pure=True)
    for path in paths:
        yaml.load(path.read_bytes())


def hostile_figures() -> None:
    from tests.loading.hostile import CASES

    print("\nhostile inputs through `accredit validate` (child process, incl. interpreter start):")
    with tempfile.TemporaryDirectory() as folder:
        for number, case in enumerate(CASES):
            sub = Path(folder) / f"{number:02d}-{case.code}"  # a code may have several cases
            sub.mkdir()
            path = case.build(sub)
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            start = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "engine", "validate", str(path)],
                capture_output=True,
                check=False,
            )
            seconds = time.perf_counter() - start
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            print(
                f"  {case.name:<32} exit {done.returncode}  {seconds:5.2f} s  "
                f"peak <= {max(peak, before) / 1024:5.0f} MiB"
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--library", type=Path, default=library_root())
    args = parser.parse_args()
    paths = sorted(p for p in args.library.rglob("*.yaml"))
    size = sum(p.stat().st_size for p in paths)
    library, report = load_library(args.library)
    requirements = sum(len(s.requirements) for s in library.standards.values())
    print(
        f"library {args.library}: {len(paths)} files, {size / 1024:.0f} KiB, "
        f"{len(library.standards)} standard versions, {requirements} requirements, "
        f"valid={report.valid}"
    )
    ours = median_seconds(lambda: load_library(args.library), args.repeat)
    bare = median_seconds(lambda: bare_parse(paths), args.repeat)
    safe = median_seconds(lambda: bare_parse(paths, "safe"), args.repeat)
    rows = [
        (f"load + validate + check (median of {args.repeat})", ours, ""),
        ("bare ruamel.yaml YAML().load (rt, default)", bare, f"ratio {ours / bare:.2f}x"),
        ("bare ruamel.yaml YAML(typ='safe').load", safe, f"ratio {ours / safe:.2f}x"),
    ]
    for label, seconds, ratio in rows:
        print(f"{label:<46} {seconds * 1000:8.1f} ms  {ratio}")
    hostile_figures()


if __name__ == "__main__":
    main()
