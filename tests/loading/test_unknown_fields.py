"""An unknown field is named with a hint that helps: a near spelling, or that the field
belongs to another kind of document (never "did you mean" the very same name)."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.loading import load_document

PROFILE = """\
kind: organisation_profile
schema_version: 1
organisation_id: exit-north
name: Exit North
{extra}
profile:
  country: DE
  region: europe
  income_group: high
  organisation_type: civil_society
  settings: [community]
"""


@pytest.mark.parametrize(
    ("extra", "hint"),
    [
        ("organisation: {id: exit-north, name: Exit North}", "belongs to another kind"),
        ("nmae: Exit North", 'did you mean "name"?'),
        ("wingspan: 12", "remove it or fix its spelling"),
    ],
)
def test_the_hint_of_an_unknown_field(tmp_path: Path, extra: str, hint: str) -> None:
    path = tmp_path / "profile.yaml"
    path.write_text(PROFILE.format(extra=extra), encoding="utf-8")
    document, report = load_document(path, "organisation_profile")
    assert document is None
    (problem,) = report.errors
    assert problem.code == "unknown-field"
    assert (problem.location.line, problem.location.column) == (5, 1)
    assert hint in problem.hint_text


FIXTURE_STANDARD = (
    Path(__file__).parents[1] / "versioning" / "fixtures" / "standards" / "safeguarding"
)


def test_a_near_spelling_is_offered_only_from_the_fields_that_object_has(tmp_path: Path) -> None:
    """`weight` on a requirement: "weights" belongs to the policy, not to a requirement."""
    text = (FIXTURE_STANDARD / "1.0.0.yaml").read_text(encoding="utf-8")
    path = tmp_path / "1.0.0.yaml"
    path.write_text(text.replace("    critical: true\n", "    critical: true\n    weight: 2\n", 1))
    document, report = load_document(path)
    assert document is None
    (problem,) = report.errors
    assert problem.code == "unknown-field" and problem.message == 'unknown field "weight"'
    assert "weights" not in problem.hint_text
    text_with_typo = text.replace("    critical: true\n", "    critcal: true\n", 1)
    path.write_text(text_with_typo, encoding="utf-8")
    (problem,) = load_document(path)[1].errors
    assert 'did you mean "critical"?' in problem.hint_text
