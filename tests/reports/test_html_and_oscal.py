"""The HTML report is self-contained and safe; the OSCAL export follows the NIST vocabulary."""

from __future__ import annotations

import datetime
import json
import re
import uuid

import pytest

from engine.reports.data import ReviewerVerdict
from engine.reports.html_report import render_html
from engine.reports.i18n import LABELS, label
from engine.reports.oscal import assessment_results
from engine.service import exchange
from tests.reports.samples import sample_report
from tests.reports.worlds import Certified


def test_the_html_report_needs_nothing_from_outside() -> None:
    page = render_html(sample_report(), "en")
    assert page.startswith("<!DOCTYPE html>")
    assert "<svg" in page and "<style>" in page
    for external in ("<script", "<link", " src=", "url(", "@import"):
        assert external not in page
    urls = set(re.findall(r"https?://[^\"' ]+", page))
    assert urls == {"http://www.w3.org/2000/svg"}  # the SVG namespace, never fetched


def test_the_html_report_shows_scores_findings_decision_and_rationale() -> None:
    page = render_html(sample_report(rationale="Plan for SG-02 agreed with the board."), "en")
    for text in ("Scores per standard", "Findings", "Decision", "Conditionally accredited"):
        assert text in page
    assert "Plan for SG-02 agreed with the board." in page
    assert "SA05" in page  # the unanswered requirement CM-02 is a finding


def test_text_from_people_is_escaped() -> None:
    page = render_html(sample_report("<script>alert(1)</script>", "<img src=x onerror=y>"), "en")
    assert "<script>alert" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize(
    ("language", "heading"), [("de", "Werte je Standard"), ("fr", "Scores par norme")]
)
def test_reports_speak_german_and_french(language: str, heading: str) -> None:
    page = render_html(sample_report(), language)
    assert heading in page
    assert f'<html lang="{language}">' in page


def test_every_label_has_all_three_languages() -> None:
    for key, texts in LABELS.items():
        assert set(texts) == {"en", "de", "fr"}, key
    assert label("decision", "xx") == "Decision"


def test_oscal_document_shape() -> None:
    data = sample_report(rationale="Agreed plan.")
    verdicts = [ReviewerVerdict("SG-02", "rev-1", "adjust", 2, "Seen on site.")]
    moment = datetime.datetime(2026, 11, 22, 10, 0)
    document = assessment_results(data, verdicts, implemented_at=2, generated=moment)
    results = document["assessment-results"]
    assert set(results) == {"uuid", "metadata", "import-ap", "results"}
    assert results["metadata"]["oscal-version"].startswith("1.1")
    assert {"title", "last-modified", "version", "oscal-version"} <= set(results["metadata"])
    (result,) = results["results"]
    assert {"uuid", "title", "description", "start", "reviewed-controls"} <= set(result)
    findings = {f["target"]["target-id"]: f for f in result["findings"]}
    assert set(findings) == {"SG-01", "SG-02", "CM-01", "CM-02"}
    assert findings["SG-01"]["target"]["status"]["state"] == "satisfied"
    assert findings["SG-02"]["target"]["status"]["state"] == "not-satisfied"
    assert "related-observations" not in findings["CM-02"]  # unanswered: nothing observed
    observed = {o["uuid"] for o in result["observations"]}
    for finding in findings.values():
        for link in finding.get("related-observations", []):
            assert link["observation-uuid"] in observed
    prose = [p["prose"] for a in result["attestations"] for p in a["parts"]]
    assert any("SG-02: adjust, rating adjusted to 2. Seen on site." in p for p in prose)
    assert any("Agreed plan." in p for p in prose)
    for item in (results, result, *result["observations"], *result["findings"]):
        uuid.UUID(item["uuid"])
    again = assessment_results(data, verdicts, implemented_at=2, generated=moment)
    assert again == document


def test_oscal_export_from_the_record(certified: Certified) -> None:
    world = certified.world
    download = exchange.oscal_results(world.reviewer, world.db, certified.assessment_id)
    document = json.loads(download.content)
    result = document["assessment-results"]["results"][0]
    props = {p["name"]: p["value"] for p in result["props"]}
    assert props["outcome"] == "accredited"
    prose = " ".join(p["prose"] for a in result["attestations"] for p in a["parts"])
    assert "Case files seen for two of five sites only." in prose
    roles = {r["role-id"] for a in result["attestations"] for r in a["responsible-parties"]}
    assert roles == {"assessor", "decision-maker"}
