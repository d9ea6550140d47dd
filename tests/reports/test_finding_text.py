"""A finding's message in the report's language: every code has a German and a French template
that its English values fill, the requirement's title follows the language, and anything that
does not fit falls back to the message the engine recorded."""

from __future__ import annotations

import pytest

from engine.models.common import LocalizedText
from engine.scoring.finding_text import TEMPLATES, message_in
from engine.scoring.findings import FINDING_RULES, Finding, Location

TITLES = {"SG-01": LocalizedText(en="Policy", de="Schutzkonzept", fr="Politique de protection")}
VALUES: dict[str, dict[str, object]] = {
    "SA01": {"rating": 1, "shown": "rated 1", "threshold": 2},
    "SA02": {"rating": 3, "needed": 1, "given": 0},
    "SA03": {"length": 3, "needed": 20},
    "SA04": {},
    "SA05": {},
    "SA06": {"applies": False, "reason": "context_does_not_match"},
    "SA07": {"release": "2026.1"},
    "SA08": {"rating": 9, "levels": "0-4"},
    "SA09": {},
}


def _finding(code: str, **values: object) -> Finding:
    rule = FINDING_RULES.get(code)
    assert rule is not None
    shown = {"requirement_id": "SG-01", "title": "Policy", **values}
    return Finding(
        code=code,
        name=rule.name,
        severity=rule.severity,
        message=rule.template.format(**shown),
        location=Location(standard_id="safeguarding", requirement_id="SG-01", field="rating"),
        values=shown,  # type: ignore[arg-type]
    )


def test_every_finding_code_has_a_german_and_a_french_template() -> None:
    assert set(TEMPLATES) == {rule.code for rule in FINDING_RULES}
    assert set(VALUES) == set(TEMPLATES)
    for languages in TEMPLATES.values():
        assert set(languages) == {"de", "fr"}


@pytest.mark.parametrize("code", sorted(VALUES))
@pytest.mark.parametrize("language", ["de", "fr"])
def test_the_message_is_in_the_language_with_the_title_in_it(code: str, language: str) -> None:
    finding = _finding(code, **VALUES[code])
    message = message_in(finding, language, TITLES)
    assert message != finding.message
    assert "SG-01" in message
    if code != "SA07":  # an answer to an unknown requirement has no title
        assert TITLES["SG-01"].get(language) in message
    assert "{" not in message


def test_words_behind_values_follow_the_language() -> None:
    unanswered = _finding("SA01", rating=None, shown="unanswered", threshold=2)
    assert "unbeantwortet" in message_in(unanswered, "de", TITLES)
    assert "évaluée à 1" in message_in(_finding("SA01", **VALUES["SA01"]), "fr", TITLES)
    assert "contexte ne correspond pas" in message_in(_finding("SA06", **VALUES["SA06"]), "fr")


def test_english_and_unfitting_values_keep_the_recorded_message() -> None:
    finding = _finding("SA02", **VALUES["SA02"])
    assert message_in(finding, "en", TITLES) == finding.message
    assert message_in(finding, "es", TITLES) == finding.message
    broken = finding.model_copy(update={"values": {"requirement_id": "SG-01"}})
    assert message_in(broken, "de", TITLES) == finding.message
