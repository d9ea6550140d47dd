"""Report and certificate data without a database, for the pure renderer tests."""

from __future__ import annotations

import datetime

from engine.models import Response
from engine.reports.data import ActionFacts, CertificateFacts, DecisionFacts, ReportData, ScopeEntry
from engine.scoring import evaluate_assessment
from tests.service.builders import bundle, profile

DAY = datetime.date(2026, 11, 22)


def sample_report(
    org_name: str = "Alpha", rationale: str | None = None, *, decided: bool = True
) -> ReportData:
    the_bundle = bundle()
    answers = {
        "SG-01": Response(rating=3),
        "SG-02": Response(rating=1),
        "CM-01": Response(rating=2),
    }
    result = evaluate_assessment(the_bundle, profile(), answers, as_of=DAY)
    decision = DecisionFacts(
        machine_outcome=result.decision.outcome,
        outcome="conditionally_accredited",
        rationale=rationale,
        decided_by="decider",
        decided_on=DAY,
        certificate_number="INDEX-2026-00001",
        certificate_status="active",
        valid_until=datetime.date(2027, 11, 22),
        actions=(
            ActionFacts("SG-02", "Write the safeguarding policy.", datetime.date(2027, 5, 22)),
        ),
    )
    state = "decided" if decided else "in_review"
    return ReportData("alpha", org_name, "alpha-001", state, result, decision if decided else None)


def sample_certificate(org_name: str = "Alpha", **changes: object) -> CertificateFacts:
    values: dict[str, object] = {
        "number": "INDEX-2026-00001",
        "org_id": "alpha",
        "org_name": org_name,
        "outcome": "accredited",
        "release_version": "2026.1",
        "scope": (
            ScopeEntry("safeguarding", "SG", "1.0.0", "Standard SG"),
            ScopeEntry("case-management", "CM", "1.0.0", "Standard CM"),
        ),
        "issued_on": DAY,
        "expires_on": datetime.date(2029, 11, 22),
    }
    values.update(changes)
    return CertificateFacts(**values)  # type: ignore[arg-type]
