"""Importing YAML and JSON self-assessments: located errors through engine.loading."""

from __future__ import annotations

import json

from engine.service import assessments, exchange, renewal
from tests.reports.worlds import Certified

YAML = """\
kind: self_assessment
schema_version: 1
organisation: {id: alpha, name: Alpha}
release: "2026.1"
profile:
  country: DE
  region: europe
  income_group: high
  organisation_type: civil_society
  settings: [community]
responses:
  SG-01: {rating: 3, comment: "Adopted in March."}
  SG-02:
    rating: RATING
  CM-01: {not_applicable: true, na_reason: "No case management in this project at all."}
"""


def _renewed(certified: Certified) -> str:
    """alpha's decided self-assessment renewed: the open draft an import goes into."""
    world = certified.world
    return renewal.renew_assessment(world.alpha_member, world.db, certified.assessment_id).id


def test_a_yaml_self_assessment_is_imported_into_the_open_draft(certified: Certified) -> None:
    world = certified.world
    renewed = _renewed(certified)
    content = YAML.replace("RATING", "2").encode()
    outcome = exchange.import_self_assessment(world.alpha_member, world.db, "alpha.yaml", content)
    assert outcome.imported and outcome.answers_set == 3, outcome.report.to_text()
    assert outcome.assessment_id == renewed
    imported = assessments.get_assessment(world.alpha_member, world.db, renewed)
    assert imported.state == "draft"
    assert imported.responses["SG-01"].comment == "Adopted in March."
    assert imported.responses["CM-01"].not_applicable
    assert not {"SG-01", "SG-02", "CM-01"} & set(imported.needs_reconfirmation)


def test_yaml_problems_carry_line_and_column(certified: Certified) -> None:
    world = certified.world
    content = YAML.replace("RATING", "7").replace("CM-01", "XX-01").encode()
    outcome = exchange.import_self_assessment(world.alpha_member, world.db, "alpha.yaml", content)
    assert not outcome.imported and outcome.assessment_id is None
    found = {(p.code, p.location.line) for p in outcome.report.errors}
    assert found == {("invalid-value", 14), ("unknown-reference", 15)}
    with world.db.read() as cursor:
        assert cursor.execute("SELECT count(*) FROM assessments").fetchall()[0][0] == 1


def test_a_json_self_assessment_with_a_schema_error(certified: Certified) -> None:
    world = certified.world
    document = {
        "kind": "self_assessment",
        "schema_version": 1,
        "organisation": {"id": "alpha", "name": "Alpha"},
        "release": "2026.1",
        "profile": {"country": "DE"},
        "responses": {"SG-01": {"rating": "three"}},
    }
    content = json.dumps(document, indent=1).encode()
    outcome = exchange.import_self_assessment(world.alpha_member, world.db, "alpha.json", content)
    assert not outcome.report.valid
    assert all(p.location.line is not None for p in outcome.report.errors)
    assert any(p.location.field == "$.responses.SG-01.rating" for p in outcome.report.errors)


def test_an_unknown_release_is_located(certified: Certified) -> None:
    world = certified.world
    content = YAML.replace("RATING", "2").replace('"2026.1"', '"2031.4"').encode()
    outcome = exchange.import_self_assessment(world.alpha_member, world.db, "alpha.yml", content)
    (problem,) = outcome.report.errors
    assert (problem.code, problem.location.line) == ("unknown-reference", 4)


def test_evidence_listed_in_the_file_is_named_as_not_imported(certified: Certified) -> None:
    world = certified.world
    listed = (
        "    evidence:\n"
        "      - {type: link, title: Policy, url: 'https://example.org/policy'}\n"
        "      - {type: link, title: Minutes, url: 'https://example.org/minutes'}\n"
    )
    content = YAML.replace("RATING", "2").replace("    rating: 2\n", "    rating: 2\n" + listed)
    _renewed(certified)
    outcome = exchange.import_self_assessment(
        world.alpha_member, world.db, "alpha.yaml", content.encode()
    )
    assert outcome.imported and outcome.answers_set == 3
    (warning,) = outcome.report.problems
    assert (warning.code, warning.severity) == ("evidence-not-imported", "warning")
    assert "2 evidence reference(s) in the file (SG-02) were not imported" in warning.message
    assert "Attach the files and links" in warning.to_text()
