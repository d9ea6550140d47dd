"""The report and the OSCAL export say what was decided, and nothing decided before it was.

When the decider takes another outcome than the engine's, the report shows the decision's
certificate and improvement actions, not the engine's; before the decision, the engine's
outcome is marked provisional and no validity is printed.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from engine.service import certificates, decisions, exchange, improvement_actions, reports
from engine.service.decisions import DecisionRecord
from tests.service.conftest import World

ENGINE_ACCREDITS = {"SG-01": 3, "SG-02": 1, "CM-01": 3, "CM-02": 3}
"""Overall score about 0.8: the engine accredits, with SG-02 below 'implemented'."""
ENGINE_REFUSES = 1
"""Every answer rated 1: the engine does not accredit."""


def _decided(world: World, ratings: int | dict[str, int], outcome: str) -> DecisionRecord:
    assessment_id = world.in_review(rating=ratings)
    world.verdict(assessment_id, "SG-01")
    return decisions.decide(
        world.decider,
        world.db,
        assessment_id,
        world.version(assessment_id),
        outcome=outcome,  # type: ignore[arg-type]
        rationale="Seen on site: the figures do not tell the whole story.",
    )


def _facts(page: str) -> dict[str, str]:
    pairs = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", page)
    return {html.unescape(name): html.unescape(value) for name, value in pairs}


def _report(world: World, assessment_id: str) -> str:
    made = reports.assessment_report(world.alpha_member, world.db, assessment_id, "html", "en")
    return made.content.decode("utf-8")


def test_a_conditional_decision_over_the_engines_accreditation(world: World) -> None:
    taken = _decided(world, ENGINE_ACCREDITS, "conditionally_accredited")
    assert (taken.machine_outcome, taken.certificate_number) == ("accredited", "INDEX-2026-00001")
    certificate = certificates.get_certificate(world.alpha_member, world.db, "INDEX-2026-00001")
    page = _report(world, taken.assessment_id)
    facts = _facts(page)
    assert facts["Outcome computed by the engine"] == "Accredited"
    assert facts["Outcome decided"] == "Conditionally accredited"
    assert facts["Valid until"] == certificate.expires_on.isoformat()  # 12 months, not 36
    assert facts["Certificate"] == "INDEX-2026-00001 (current)"
    (action,) = improvement_actions.list_actions(world.alpha_member, world.db, "alpha")
    assert action.due_on is not None
    assert "<h3>Improvement actions</h3>" in page
    assert f"SG-02: {html.escape(action.description)} (due {action.due_on.isoformat()})" in page


def test_an_accreditation_over_the_engines_refusal(world: World) -> None:
    taken = _decided(world, ENGINE_REFUSES, "accredited")
    assert taken.machine_outcome == "not_accredited" and taken.certificate_number is not None
    certificate = certificates.get_certificate(world.alpha_member, world.db, "INDEX-2026-00001")
    page = _report(world, taken.assessment_id)
    facts = _facts(page)
    assert facts["Outcome decided"] == "Accredited"
    assert facts["Valid until"] == certificate.expires_on.isoformat()
    assert "Improvement actions" not in page


def test_the_report_shows_a_withdrawn_certificate_as_withdrawn(world: World) -> None:
    taken = _decided(world, ENGINE_ACCREDITS, "accredited")
    number = str(taken.certificate_number)
    version = certificates.get_certificate(world.admin, world.db, number).row_version
    certificates.change_certificate_status(
        world.admin, world.db, number, step="withdraw", reason="Upheld.", expected_version=version
    )
    assert _facts(_report(world, taken.assessment_id))["Certificate"] == f"{number} (withdrawn)"


@pytest.mark.parametrize("state", ["submitted", "in_review"])
def test_an_undecided_report_is_provisional(world: World, state: str) -> None:
    assessment_id = world.submitted(3) if state == "submitted" else world.in_review(3)
    page = _report(world, assessment_id)
    facts = _facts(page)
    assert facts["State"] == {"submitted": "Submitted", "in_review": "In review"}[state]
    assert facts["Outcome computed by the engine"] == "Accredited (provisional: not decided)"
    assert "Valid until" not in facts
    assert "Outcome decided" not in facts
    assert "Not decided yet" in page


def test_an_undecided_report_lists_its_actions_as_provisional_without_due_dates(
    world: World,
) -> None:
    assessment_id = world.in_review({"SG-01": 2, "SG-02": 1, "CM-01": 2, "CM-02": 1})
    page = _report(world, assessment_id)
    assert _facts(page)["Outcome computed by the engine"].endswith("(provisional: not decided)")
    assert "Improvement actions that this outcome would bring (provisional)" in page
    assert "(due " not in page


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_the_pdf_report_says_the_same(world: World, tmp_path: Path) -> None:
    taken = _decided(world, ENGINE_ACCREDITS, "conditionally_accredited")
    certificate = certificates.get_certificate(world.alpha_member, world.db, "INDEX-2026-00001")
    made = reports.assessment_report(world.alpha_member, world.db, taken.assessment_id, "pdf", "en")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(made.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert re.search(rf"Valid until\s+{certificate.expires_on.isoformat()}", text)
    assert "Improvement actions" in text and "SG-02:" in text


def _oscal_props(world: World, assessment_id: str) -> tuple[dict[str, str], dict[str, str]]:
    made = exchange.oscal_results(world.alpha_member, world.db, assessment_id)
    result = json.loads(made.content)["assessment-results"]["results"][0]
    return {p["name"]: p["value"] for p in result["props"]}, result


def test_oscal_of_an_undecided_self_assessment_is_provisional(world: World) -> None:
    assessment_id = world.in_review(3)
    props, result = _oscal_props(world, assessment_id)
    assert props["state"] == "in_review"
    assert props["provisional"] == "true"
    assert "outcome" not in props and "valid-until" not in props
    assert props["engine-outcome"] == "accredited"
    assert result["title"].endswith("(provisional: not decided)")
    assert "not decided" in result["description"]


def test_oscal_of_a_decision_gives_the_decided_outcome_and_certificate(world: World) -> None:
    taken = _decided(world, ENGINE_ACCREDITS, "conditionally_accredited")
    certificate = certificates.get_certificate(world.alpha_member, world.db, "INDEX-2026-00001")
    props, result = _oscal_props(world, taken.assessment_id)
    assert props["state"] == "decided" and "provisional" not in props
    assert (props["outcome"], props["engine-outcome"]) == ("conditionally_accredited", "accredited")
    assert props["valid-until"] == certificate.expires_on.isoformat()
    assert props["certificate"] == "INDEX-2026-00001"
    assert "provisional" not in result["title"]
