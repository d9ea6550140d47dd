"""Scoring benchmarks: prints medians and ratios (never asserted in tests).

1. Median time to score one complete self-assessment in Python (target < 5 ms).
2. Assessments per second scored in bulk by the SQL back-end at 100,000 assessments.
3. The ratio of that bulk run to a plain DuckDB aggregate (GROUP BY assessment over the same
   responses table), which is the floor (target within 3x).

Run: .venv/bin/python benchmarks/bench_scoring.py [--assessments N] [--repeat R]
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine.loading import load_library, load_self_assessment
from engine.models import ReleaseBundle
from engine.scoring import evaluate_assessment
from engine.scoring.sql_lanes import release_requirement_ids
from engine.scoring.sql_scoring import CompiledScoring, compile_scoring
from engine.scoring.sql_tables import create_tables, requirement_coding

ROOT = Path(__file__).resolve().parents[1]
AS_OF = datetime.date(2026, 11, 22)
SETTINGS = ["custodial", "probation", "community", "online", "family"]


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_python(bundle: ReleaseBundle, repeat: int) -> None:
    assessment, report = load_self_assessment(ROOT / "examples" / "conditionally-accredited.yaml")
    assert assessment is not None, report.to_text()
    answers = len(assessment.responses)

    def score() -> object:
        return evaluate_assessment(bundle, assessment.profile, assessment.responses, as_of=AS_OF)

    score()
    median = median_seconds(score, repeat)
    print(
        f"python: one complete self-assessment ({answers} answers), median of {repeat}: "
        f"{median * 1000:.2f} ms (target < 5 ms)"
    )


def fill_tables(con: duckdb.DuckDBPyConnection, bundle: ReleaseBundle, count: int) -> int:
    """Deterministic synthetic data: every assessment answers every requirement of the release."""
    ids = list(release_requirement_ids(bundle))
    create_tables(con, requirement_ids=ids)
    con.execute(
        """
        INSERT INTO profiles
        SELECT 'a' || i, 'DE', 'europe', 'high', 'civil_society', 'medium',
          list_filter(?::VARCHAR[], lambda s, k: (hash(i, k) % 3) = 0 OR k = 3),
          CASE WHEN i % 2 = 0 THEN ['islamist'] ELSE ['right_wing'] END,
          i % 5 = 0, i % 7 = 0, i % 11 = 0, i % 3 = 0
        FROM range(?) t(i)
        """,
        [SETTINGS, count],
    )
    con.execute(
        """
        INSERT INTO responses
        SELECT 'a' || i, rid,
          CASE WHEN h % 17 = 0 THEN NULL ELSE (h % 5)::INTEGER END,
          h % 17 = 0, CASE WHEN h % 17 = 0 THEN ((h // 17) % 40)::INTEGER END,
          ((h // 5) % 3)::INTEGER
        FROM range(?) t(i), unnest(?::VARCHAR[]) u(rid), LATERAL (SELECT hash(i, rid) AS h)
        """,
        [count, ids],
    )
    rows = con.execute("SELECT count(*) FROM responses").fetchall()
    return int(rows[0][0])


def bench_sql(bundle: ReleaseBundle, count: int, repeat: int) -> None:
    con = duckdb.connect()
    responses = fill_tables(con, bundle, count)
    compiled = compile_scoring(bundle)
    encoded = requirement_coding(con) == compiled.requirement_ids
    sql, params = compiled.sql(encoded=encoded), list(compiled.params)
    floor_sql = (
        "SELECT assessment_id, avg(rating), count(*) FILTER (WHERE not_applicable) "
        "FROM responses GROUP BY assessment_id"
    )
    scored = len(con.execute(sql, params).fetchall())
    assert scored == count, f"{scored} assessments scored, expected {count}"
    coding = "ENUM of the release (dictionary-encoded)" if encoded else "plain text"
    print(f"sql: requirement ids stored as {coding}; floor and bulk read the same table")
    bulk_times, floor_times = [], []
    for _ in range(repeat):  # interleaved, so that load from other processes hits both alike
        bulk_times.append(median_seconds(lambda: con.execute(sql, params).fetchall(), 1))
        floor_times.append(median_seconds(lambda: con.execute(floor_sql).fetchall(), 1))
    bulk, floor = statistics.median(bulk_times), statistics.median(floor_times)
    print(
        f"sql: {count:,} assessments, {responses:,} responses, median of {repeat}: "
        f"{bulk:.3f} s = {count / bulk:,.0f} assessments/s"
    )
    print(f"floor: plain GROUP BY assessment over the same responses: {floor:.3f} s")
    print(f"ratio bulk / floor: {bulk / floor:.2f}x (target within 3x)")
    fixed = fixed_cost(con, compiled, encoded)
    print(
        f"of the bulk run, fixed: {fixed:.3f} s (the same query over empty tables: parsing, "
        "binding and planning, whatever the number of assessments)"
    )


def fixed_cost(con: duckdb.DuckDBPyConnection, compiled: CompiledScoring, encoded: bool) -> float:
    """The bulk query's time over empty tables of the same columns, median of 9."""
    con.execute("CREATE OR REPLACE TEMP TABLE profiles_empty AS FROM profiles LIMIT 0")
    con.execute("CREATE OR REPLACE TEMP TABLE responses_empty AS FROM responses LIMIT 0")
    sql = compiled.sql("profiles_empty", "responses_empty", encoded)
    return median_seconds(lambda: con.execute(sql, list(compiled.params)).fetchall(), 9)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--assessments", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    library, report = load_library()
    bundle = library.bundle("2026.1")
    assert bundle is not None, report.to_text()
    bench_python(bundle, repeat=200)
    bench_sql(bundle, args.assessments, args.repeat)


if __name__ == "__main__":
    main()
