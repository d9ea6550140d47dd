"""The SQL back-end agrees with the Python engine on random releases, profiles and answers."""

from __future__ import annotations

import dataclasses
import datetime

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scoring_builders import profile, rated, sample_bundle
from scoring_strategies import answers, bundles, profiles

from engine.models import ReleaseBundle
from engine.models.conditions import Equals
from engine.rules import EvaluationError
from engine.scoring import evaluate_assessment
from engine.scoring.sql_applicability import PROFILES
from engine.scoring.sql_conditions import METRIC_COLUMNS
from engine.scoring.sql_scoring import compile_scoring
from engine.scoring.sql_tables import create_tables, insert_assessments

AS_OF = datetime.date(2026, 11, 22)
CONNECTION = duckdb.connect()  # one in-memory database for the module; tables are replaced


@st.composite
def scenario(draw: st.DrawFn) -> tuple[ReleaseBundle, list[tuple[str, object, dict[str, object]]]]:
    the_bundle = draw(bundles())
    count = draw(st.integers(1, 4))
    items = [(f"a{i}", draw(profiles()), draw(answers(the_bundle))) for i in range(count)]
    return the_bundle, items  # type: ignore[return-value]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario())
def test_python_and_sql_agree(case: tuple[ReleaseBundle, list[tuple[str, object, object]]]) -> None:
    the_bundle, items = case
    con = CONNECTION
    create_tables(con)
    insert_assessments(con, items)  # type: ignore[arg-type]
    by_id = {row.assessment_id: row for row in compile_scoring(the_bundle).score_all(con)}
    assert set(by_id) == {assessment_id for assessment_id, _, _ in items}
    for assessment_id, the_profile, responses in items:
        expected = evaluate_assessment(the_bundle, the_profile, responses, as_of=AS_OF)  # type: ignore[arg-type]
        row = dataclasses.asdict(by_id[assessment_id])
        assert {name: row[name] for name in METRIC_COLUMNS} == expected.metrics
        assert row["overall_score"] == expected.overall_score
        assert row["coverage"] == expected.coverage
        assert row["outcome"] == expected.decision.outcome


def test_bulk_scoring_of_a_known_assessment() -> None:
    con = duckdb.connect()
    create_tables(con)
    answers_given = {"SG-01": rated(3), "SG-02": rated(1), "CM-01": rated(2), "CM-02": rated(3)}
    insert_assessments(con, [("org-1", profile(), answers_given)])
    (row,) = compile_scoring(sample_bundle()).score_all(con)
    assert row.overall_score == pytest.approx((6 + 1 + 2 + 0 + 6) / 21)  # SG-03 scores 0
    assert row.unanswered == 1  # SG-03
    assert row.outcome == "conditionally_accredited"


def test_compiled_condition_is_parameterised() -> None:
    hostile = "DE'; DROP TABLE profiles; --"
    fragment = PROFILES.compile(Equals(op="eq", field="country", value=hostile))
    assert "DROP" not in fragment.sql
    assert fragment.params == [hostile]


def test_sql_compiler_refuses_a_wrong_type() -> None:
    with pytest.raises(EvaluationError) as caught:
        PROFILES.compile(Equals(op="eq", field="works_with_minors", value="yes"))
    assert caught.value.problem.code == "wrong-type"


def test_table_names_must_be_plain() -> None:
    with pytest.raises(ValueError, match="plain table name"):
        compile_scoring(sample_bundle()).sql(profiles="profiles; DROP TABLE x")
