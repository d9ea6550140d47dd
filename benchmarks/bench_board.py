"""Board queries at 100x today's size: 10,000 organisations, 100,000 self-assessments,
10 million responses. Prints the median time of each board query and the peak memory.

Run: .venv/bin/python benchmarks/bench_board.py [--orgs 10000] [--repeat 5] [--keep PATH]

The record is built in a child process by bulk inserts from Arrow tables (never row by row);
the queries then run in this process through the service layer, as the board would run them,
on the hardened connection (threads=2, memory_limit=1GB).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import duckdb
import numpy as np
import pyarrow as pa

from engine.loading import load_library
from engine.service import analytics, releases
from engine.service.principals import SYSTEM, Principal
from engine.storage import Database, open_database

ASSESSMENTS_PER_ORG = 10
RESPONSES_PER_ASSESSMENT = 100
STANDARDS = 12
REGIONS = {
    "europe": ["DE", "FR", "NL", "SE", "GB", "NO", "DK", "BE", "AT", "FI"],
    "africa": ["KE", "NG", "ZA", "MA", "TN", "SN", "GH", "UG"],
    "americas": ["US", "CA", "CO", "BR", "MX", "AR", "CL"],
    "asia": ["ID", "PH", "PK", "JO", "IQ", "LB", "BD", "MY"],
    "oceania": ["AU", "NZ", "FJ"],
}
STATES = ["draft", "submitted", "in_review", "changes_requested"]


def _organisations(con: duckdb.DuckDBPyConnection, rng: np.random.Generator, orgs: int) -> None:
    places = [(region, country) for region, cs in REGIONS.items() for country in cs]
    pick = rng.integers(0, len(places), orgs)
    table = pa.table(
        {
            "o": np.arange(orgs),
            "region": [places[i][0] for i in pick],
            "country": [places[i][1] for i in pick],
            "income": rng.choice(["low", "lower_middle", "upper_middle", "high"], orgs),
            "kind": rng.choice(["civil_society", "governmental", "mixed"], orgs),
            "size": rng.choice(["small", "medium", "large"], orgs),
        }
    )
    con.register("orgs_in", table)
    con.execute("""INSERT INTO organisations (id, name, created_at)
        SELECT 'org-' || lpad(o::VARCHAR, 5, '0'), 'Organisation ' || o, TIMESTAMP '2024-10-01'
        FROM orgs_in""")
    con.execute("""INSERT INTO organisation_profiles SELECT 'org-' || lpad(o::VARCHAR, 5, '0'), 1,
        '{}', country, region, income, kind, size, TIMESTAMP '2024-10-01', 'bench' FROM orgs_in""")


def _assessments(con: duckdb.DuckDBPyConnection, rng: np.random.Generator, orgs: int) -> None:
    total = orgs * ASSESSMENTS_PER_ORG
    index = np.arange(total)
    k = index % ASSESSMENTS_PER_ORG
    decided = (k < 7) | (rng.random(total) < 0.3)
    states = np.where(decided, "decided", rng.choice(STATES, total))
    offset = k * 70 + rng.integers(0, 30, total)
    con.register(
        "a_in",
        pa.table(
            {"a": index, "o": index // ASSESSMENTS_PER_ORG, "state": states, "days_in": offset}
        ),
    )
    con.execute("""INSERT INTO assessments (id, org_id, release_version, profile_version, state,
            created_at, created_by, updated_at, submitted_at, decided_at)
        SELECT 'A' || lpad(a::VARCHAR, 7, '0'), 'org-' || lpad(o::VARCHAR, 5, '0'), '2026.1', 1,
            state, TIMESTAMP '2024-11-01' + to_days(days_in::INTEGER), 'bench',
            TIMESTAMP '2024-11-01' + to_days(days_in::INTEGER),
            CASE WHEN state <> 'draft' THEN TIMESTAMP '2024-11-21' + to_days(days_in::INTEGER) END,
            CASE WHEN state = 'decided' THEN TIMESTAMP '2024-12-16' + to_days(days_in::INTEGER) END
        FROM a_in""")


def _responses(
    con: duckdb.DuckDBPyConnection, rng: np.random.Generator, orgs: int, requirement_ids: list[str]
) -> None:
    total = orgs * ASSESSMENTS_PER_ORG
    quality = rng.uniform(0.3, 1.0, orgs)
    con.register(
        "req_ids",
        pa.table({"r": np.arange(len(requirement_ids)), "requirement_id": requirement_ids}),
    )
    chunk = 10_000
    for start in range(0, total, chunk):
        a = np.repeat(np.arange(start, min(start + chunk, total)), RESPONSES_PER_ASSESSMENT)
        r = np.tile(np.arange(RESPONSES_PER_ASSESSMENT), len(a) // RESPONSES_PER_ASSESSMENT)
        mean = quality[a // ASSESSMENTS_PER_ORG] * 4
        rating = np.clip(np.rint(rng.normal(mean, 0.8)), 0, 4).astype(np.int32)
        na = rng.random(len(a)) < 0.03
        con.register("r_in", pa.table({"a": a, "r": r, "rating": rating, "na": na}))
        con.execute("""INSERT INTO responses (assessment_id, requirement_id, rating,
                not_applicable, na_reason, updated_at, updated_by)
            SELECT 'A' || lpad(a::VARCHAR, 7, '0'), q.requirement_id,
                CASE WHEN na THEN NULL ELSE rating END, na,
                CASE WHEN na THEN 'This does not apply to our work at all.' END,
                TIMESTAMP '2025-01-01', 'bench'
            FROM r_in JOIN req_ids q USING (r)""")
        con.unregister("r_in")


def _decisions(con: duckdb.DuckDBPyConnection) -> None:
    """Decisions, engine results, per-standard figures, certificates and a verdict each."""
    con.execute("""CREATE TEMP TABLE scored AS
        SELECT a.id, a.org_id, a.decided_at, avg(r.rating) / 4 AS overall
        FROM assessments a JOIN responses r ON r.assessment_id = a.id
        WHERE a.state = 'decided' GROUP BY ALL""")
    con.execute("""INSERT INTO engine_results SELECT id || '-r1', id, 'reviewed',
        CASE WHEN overall >= 0.75 THEN 'accredited' WHEN overall >= 0.55
             THEN 'conditionally_accredited' ELSE 'not_accredited' END,
        overall, '{}', '0.1.0', '1.0.0', '2026.1', decided_at FROM scored""")
    con.execute("""INSERT INTO decisions SELECT e.assessment_id || '-d', e.assessment_id,
        s.org_id, e.id, e.outcome, e.outcome, NULL, 'reviewer-2', s.decided_at
        FROM engine_results e JOIN scored s ON s.id = e.assessment_id""")
    con.execute(f"""INSERT INTO standard_results
        SELECT r.assessment_id || '-r1', r.assessment_id, s.org_id,
            'standard-' || (hash(r.requirement_id) % {STANDARDS}), avg(r.rating) / 4,
            bool_and(coalesce(r.rating, 4) >= 3)
        FROM responses r JOIN scored s ON s.id = r.assessment_id GROUP BY ALL""")
    con.execute("""INSERT INTO certificates (number, org_id, assessment_id, decision_id, outcome,
            issued_on, expires_on, suspended, withdrawn)
        SELECT 'INDEX-' || row_number() OVER (ORDER BY d.id), d.org_id, d.assessment_id, d.id,
            d.outcome, d.decided_at::DATE,
            (d.decided_at + CASE WHEN d.outcome = 'accredited' THEN INTERVAL 36 MONTH
                                 ELSE INTERVAL 12 MONTH END)::DATE,
            hash(d.id) % 20 = 0, hash(d.id) % 50 = 0
        FROM decisions d WHERE d.outcome <> 'not_accredited'""")
    con.execute("""INSERT INTO review_verdicts SELECT r.assessment_id, r.requirement_id,
            'reviewer-1', 'adjust', greatest(r.rating - 1, 0), 'seen less', TIMESTAMP '2025-01-01'
        FROM responses r JOIN scored s ON s.id = r.assessment_id
        WHERE r.rating > 0 AND hash(r.assessment_id || r.requirement_id) % 100 = 0""")


def build(path: Path, orgs: int) -> None:
    library, _ = load_library()
    bundle = library.bundle("2026.1")
    assert bundle is not None
    db = open_database(str(path))
    releases.register_release(SYSTEM, db, bundle)
    db.close()
    ids = list(bundle.requirement_ids())
    requirement_ids = (ids + [f"XX-{n:02d}" for n in range(RESPONSES_PER_ASSESSMENT)])[
        :RESPONSES_PER_ASSESSMENT
    ]
    rng = np.random.default_rng(20261122)
    con = duckdb.connect(str(path))
    con.execute("SET threads = 2")
    started = time.perf_counter()
    for step in (
        lambda: _organisations(con, rng, orgs),
        lambda: _assessments(con, rng, orgs),
        lambda: _responses(con, rng, orgs, requirement_ids),
        lambda: _decisions(con),
    ):
        step()
    con.execute("CHECKPOINT")
    counts = {
        t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
        for t in (
            "organisations",
            "assessments",
            "responses",
            "decisions",
            "standard_results",
            "certificates",
        )
    }
    con.close()
    print(f"built in {time.perf_counter() - started:.1f} s: {counts}", flush=True)


EUROPE = analytics.BoardFilters(regions=("europe",))
NGOS = analytics.BoardFilters(organisation_types=("civil_society",))
RELEASE = analytics.BoardFilters(release="2026.1")
"""A filtered table takes two queries: the table compared by the filtered field (which of its
groups are suppressed), then the filtered table."""


def measure(path: Path, repeat: int) -> None:
    db = Database(path)
    board = Principal("board", "board")
    queries = {
        "adoption (all)": lambda: analytics.adoption(board, db),
        "adoption by region": lambda: analytics.adoption(board, db, "region"),
        "adoption by country": lambda: analytics.adoption(board, db, "country"),
        "adoption by income group": lambda: analytics.adoption(board, db, "income_group"),
        "adoption by organisation type": lambda: analytics.adoption(board, db, "organisation_type"),
        "adoption by quarter": lambda: analytics.adoption_by_quarter(board, db),
        "pipeline by region": lambda: analytics.pipeline(board, db, "region"),
        "certificate status by region": lambda: analytics.certificate_status(board, db, "region"),
        "weakest requirements": lambda: analytics.weakest_requirements(board, db),
        "adoption, region filter": lambda: analytics.adoption(board, db, filters=EUROPE),
        "adoption by country, region f.": lambda: analytics.adoption(
            board, db, "country", filters=EUROPE
        ),
        "score bands, type filter": lambda: analytics.score_bands(board, db, filters=NGOS),
        "weakest, type filter": lambda: analytics.weakest_requirements(board, db, filters=NGOS),
        "adoption, release filter": lambda: analytics.adoption(board, db, filters=RELEASE),
    }
    print(f"{'board query':32} {'median ms':>10} {'min ms':>8} {'rows':>6} {'suppressed':>10}")
    for name, query in queries.items():
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            table = query()
            times.append((time.perf_counter() - start) * 1000)
        print(
            f"{name:32} {statistics.median(times):10.1f} {min(times):8.1f} "
            f"{len(table.rows):6d} {table.suppressed_groups:10d}",
            flush=True,
        )
    db.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of the querying process: {peak:.0f} MiB (DuckDB memory_limit 1GB)")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orgs", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="build here (or reuse it if it exists)")
    parser.add_argument("--build-only", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build_only:
        build(args.build_only, args.orgs)
        return 0
    with tempfile.TemporaryDirectory() as folder:
        path = args.keep or Path(folder) / "board.duckdb"
        if not path.exists():
            subprocess.run(
                [sys.executable, __file__, "--orgs", str(args.orgs), "--build-only", str(path)],
                check=True,
            )
        measure(path, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
