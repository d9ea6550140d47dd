"""The worked example of docs/scoring.md, number by number."""

from __future__ import annotations

import datetime

import duckdb
import pytest
from scoring_builders import na, profile, rated, sample_bundle

from engine.scoring import evaluate_assessment
from engine.scoring.sql_scoring import compile_scoring
from engine.scoring.sql_tables import create_tables, insert_assessments

AS_OF = datetime.date(2026, 11, 22)
RESPONSES = {
    "SG-01": rated(3),
    "SG-02": rated(1, 0),
    "SG-03": na("We run no residential services."),
    "CM-02": rated(2),
    "PW-01": rated(2),
}


def test_worked_example() -> None:
    result = evaluate_assessment(sample_bundle(), profile(), RESPONSES, as_of=AS_OF)
    scores = {r.requirement_id: r.score for r in result.requirements}
    assert scores == {
        "SG-01": 1.0,
        "SG-02": pytest.approx(1 / 3),
        "SG-03": None,
        "SG-04": None,
        "CM-01": 0.0,
        "CM-02": pytest.approx(2 / 3),
        "PW-01": None,
        "PW-02": None,
    }
    standards = {s.standard_id: (s.score, s.progress) for s in result.standards}
    assert standards["safeguarding"] == (pytest.approx(7 / 9), 1.0)
    assert standards["case-management"] == (pytest.approx(4 / 9), 0.5)
    assert standards["prison-work"] == (None, None)
    assert result.overall_score == pytest.approx(11 / 18)
    assert result.coverage == 0.8
    assert result.metrics == {
        "overall_score": pytest.approx(11 / 18),
        "min_standard_score": pytest.approx(4 / 9),
        "share_implemented": 0.5,
        "share_partly_or_better": 0.75,
        "coverage": 0.8,
        "critical_below_implemented": 0,
        "critical_below_partly": 0,
        "unanswered": 1,
        "blocking_findings": 0,
    }
    assert [(f.code, f.location.requirement_id) for f in result.findings] == [
        ("SA05", "CM-01"),
        ("SA06", "PW-01"),
    ]
    decision = result.decision
    assert decision.outcome == "conditionally_accredited"
    assert decision.valid_until == datetime.date(2027, 11, 22)
    assert [(a.requirement_id, a.due) for a in decision.improvement_actions] == [
        ("SG-02", datetime.date(2027, 5, 21)),
        ("CM-01", datetime.date(2027, 5, 21)),
    ]
    assert [(c.position, c.held) for c in decision.trace] == [(1, False), (2, True)]


def test_worked_example_in_sql() -> None:
    con = duckdb.connect()
    create_tables(con)
    insert_assessments(con, [("example", profile(), RESPONSES)])
    (row,) = compile_scoring(sample_bundle()).score_all(con)
    assert row.overall_score == pytest.approx(11 / 18)
    assert row.min_standard_score == pytest.approx(4 / 9)
    assert (row.coverage, row.unanswered, row.outcome) == (0.8, 1, "conditionally_accredited")
