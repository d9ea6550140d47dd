"""The SQL back-end agrees with the Python engine on random releases, profiles and answers."""

from __future__ import annotations

import dataclasses
import datetime

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scoring_builders import bundle, policy, profile, rated, requirement, sample_bundle, standard
from scoring_strategies import answers, bundles, profiles

from engine.models import ReleaseBundle
from engine.models.conditions import Equals
from engine.rules import EvaluationError
from engine.scoring import evaluate_assessment
from engine.scoring.sql_applicability import PROFILES
from engine.scoring.sql_codes import AnswerClasses
from engine.scoring.sql_conditions import METRIC_COLUMNS
from engine.scoring.sql_counters import FigureWords
from engine.scoring.sql_lanes import lanes_for, release_requirement_ids
from engine.scoring.sql_scoring import compile_scoring
from engine.scoring.sql_tables import create_tables, insert_assessments, requirement_coding

AS_OF = datetime.date(2026, 11, 22)
CONNECTION = duckdb.connect()  # one in-memory database for the module; tables are replaced


@st.composite
def scenario(draw: st.DrawFn) -> tuple[ReleaseBundle, list[tuple[str, object, dict[str, object]]]]:
    the_bundle = draw(bundles())
    count = draw(st.integers(1, 4))
    items = [(f"a{i}", draw(profiles()), draw(answers(the_bundle))) for i in range(count)]
    return the_bundle, items  # type: ignore[return-value]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario(), st.booleans())
def test_python_and_sql_agree(
    case: tuple[ReleaseBundle, list[tuple[str, object, object]]], encoded: bool
) -> None:
    """Both ways of storing requirement ids (ENUM of the release, or plain text) agree."""
    the_bundle, items = case
    con = CONNECTION
    ids = release_requirement_ids(the_bundle) if encoded else ()
    create_tables(con, requirement_ids=ids)
    insert_assessments(con, items)  # type: ignore[arg-type]
    assert (requirement_coding(con) is not None) == encoded
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


def test_requirement_ids_are_dictionary_encoded_in_release_order() -> None:
    con = duckdb.connect()
    ids = release_requirement_ids(sample_bundle())
    create_tables(con, requirement_ids=ids)
    assert requirement_coding(con) == ids
    create_tables(con)
    assert requirement_coding(con) is None


def test_answers_to_unknown_requirements_change_nothing() -> None:
    answers_given = {"SG-01": rated(3), "SG-02": rated(1), "CM-01": rated(2), "CM-02": rated(3)}
    with_unknown = {**answers_given, "XX-99": rated(0)}
    rows = []
    for ids in (release_requirement_ids(sample_bundle()), ()):
        for answers_now in (answers_given, with_unknown):
            con = duckdb.connect()
            create_tables(con, requirement_ids=ids)
            insert_assessments(con, [("org-1", profile(), answers_now)])
            rows.append(compile_scoring(sample_bundle()).score_all(con)[0])
    assert all(row == rows[0] for row in rows)


def test_the_table_refuses_a_rating_off_the_model_range() -> None:
    con = duckdb.connect()
    create_tables(con)
    with pytest.raises(duckdb.ConstraintException):
        con.execute("INSERT INTO responses VALUES ('a', 'SG-01', 11, false, NULL, 0)")


def test_every_answer_class_fits_its_slot_and_every_counter_its_word() -> None:
    classes = AnswerClasses.for_policy(sample_bundle().policy)
    assert len(classes.facts) <= 1 << classes.bits
    assert max(classes.of_raw) == len(classes.facts) - 1
    assert FigureWords.for_requirements(76).words == 1
    with pytest.raises(ValueError, match="too many requirements"):
        FigureWords.for_requirements(1 << 62)


def test_an_assessment_without_answers_is_scored() -> None:
    con = duckdb.connect()
    create_tables(con, requirement_ids=release_requirement_ids(sample_bundle()))
    insert_assessments(con, [("org-1", profile(), {})])
    (row,) = compile_scoring(sample_bundle()).score_all(con)
    expected = evaluate_assessment(sample_bundle(), profile(), {}, as_of=AS_OF)
    assert (row.overall_score, row.coverage, row.unanswered) == (0.0, 0.0, 5)
    assert {name: getattr(row, name) for name in METRIC_COLUMNS} == expected.metrics
    assert row.outcome == expected.decision.outcome == "not_accredited"


def test_an_enum_of_another_release_is_read_by_its_text() -> None:
    answers_given = {"SG-01": rated(3), "SG-02": rated(1), "CM-01": rated(2), "CM-02": rated(3)}
    rows = []
    ids = release_requirement_ids(sample_bundle())
    for coding in (tuple(reversed(ids)), ids):
        con = duckdb.connect()
        create_tables(con, requirement_ids=coding)
        insert_assessments(con, [("org-1", profile(), answers_given)])
        rows.append(compile_scoring(sample_bundle()).score_all(con)[0])
    assert rows[0] == rows[1]
    assert rows[0].unanswered == 1  # SG-03, as in test_bulk_scoring_of_a_known_assessment


def _full_lane_bundle() -> ReleaseBundle:
    """As many requirements as fill one lane, every other one context-specific: no spare bits
    for the profile's mask, which then gets an aggregate of its own."""
    bits = AnswerClasses.for_policy(policy()).bits
    count = 2 * (60 // bits)
    minors = {"op": "eq", "field": "works_with_minors", "value": True}
    requirements = [
        requirement(f"AB-{i:02d}", critical=i % 3 == 0, applies_when=minors if i % 2 else None)
        for i in range(1, count + 1)
    ]
    return bundle([standard("full-lane", "AB", requirements)])


@pytest.mark.parametrize("works_with_minors", [True, False])
def test_the_mask_has_columns_of_its_own_when_the_lanes_are_full(works_with_minors: bool) -> None:
    the_bundle = _full_lane_bundle()
    assert lanes_for(sample_bundle()).mask_start is not None
    assert lanes_for(the_bundle).mask_start is None
    the_profile = profile(works_with_minors=works_with_minors)
    answers_given = {f"AB-{i:02d}": rated(i % 4) for i in range(1, 20)}
    con = duckdb.connect()
    create_tables(con, requirement_ids=release_requirement_ids(the_bundle))
    insert_assessments(con, [("org-1", the_profile, answers_given), ("org-2", the_profile, {})])
    rows = compile_scoring(the_bundle).score_all(con)
    assert [row.assessment_id for row in rows] == ["org-1", "org-2"]
    for row, answers_now in zip(rows, (answers_given, {}), strict=True):
        expected = evaluate_assessment(the_bundle, the_profile, answers_now, as_of=AS_OF)
        assert {name: getattr(row, name) for name in METRIC_COLUMNS} == expected.metrics
        assert row.outcome == expected.decision.outcome
