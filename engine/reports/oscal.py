"""A self-assessment's results as OSCAL assessment-results JSON (NIST OSCAL 1.1).

Mapping: each answered applicable requirement is an *observation* (what the organisation
declared), each applicable requirement a *finding* whose target status is satisfied or
not-satisfied, the engine's findings are named in the finding's description, and the
reviewer's verdicts and the certification decision are *attestations*. UUIDs are derived
(uuid5) from the assessment and item, so the same data always gives the same document.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from typing import Any

from engine.reports.data import ReportData, ReviewerVerdict
from engine.scoring.result import RequirementResult

OSCAL_VERSION = "1.1.2"
NS = "urn:index-accredit"
JsonObject = dict[str, Any]


def _uuid(*parts: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, ":".join((NS, *parts))))


def _prop(name: str, value: object) -> JsonObject:
    return {"name": name, "ns": NS, "value": str(value)}


def _stamp(day: datetime.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _satisfied(requirement: RequirementResult, implemented_at: int) -> bool:
    return requirement.na or (
        requirement.rating is not None and requirement.rating >= implemented_at
    )


def _observation(data: ReportData, requirement: RequirementResult) -> JsonObject:
    said = "marked not applicable" if requirement.na else f"rated {requirement.rating}"
    return {
        "uuid": _uuid(data.assessment_id, "observation", requirement.requirement_id),
        "title": f"{requirement.requirement_id}: {requirement.title.en}",
        "description": f"The organisation {said} requirement {requirement.requirement_id}.",
        "props": [
            _prop("requirement-id", requirement.requirement_id),
            _prop("standard-id", requirement.standard_id),
            *([_prop("rating", requirement.rating)] if requirement.rating is not None else []),
        ],
        "methods": ["EXAMINE"],
        "types": ["control-objective"],
        "collected": _stamp(data.result.as_of),
    }


def _finding(data: ReportData, requirement: RequirementResult, implemented_at: int) -> JsonObject:
    rid = requirement.requirement_id
    engine_findings = [
        f"{f.code} {f.message}" for f in data.result.findings if f.location.requirement_id == rid
    ]
    state = "satisfied" if _satisfied(requirement, implemented_at) else "not-satisfied"
    finding: JsonObject = {
        "uuid": _uuid(data.assessment_id, "finding", rid),
        "title": f"{rid}: {requirement.title.en}",
        "description": " ".join(engine_findings) or f"{rid} assessed: {state}.",
        "props": [_prop("critical", str(requirement.critical).lower())],
        "target": {"type": "objective-id", "target-id": rid, "status": {"state": state}},
    }
    if requirement.answer != "unanswered":
        observation = _uuid(data.assessment_id, "observation", rid)
        finding["related-observations"] = [{"observation-uuid": observation}]
    return finding


def _parties(data: ReportData, verdicts: Sequence[ReviewerVerdict]) -> list[JsonObject]:
    people = sorted(
        {v.reviewer_id for v in verdicts} | ({data.decision.decided_by} if data.decision else set())
    )
    organisation = {
        "uuid": _uuid("party", data.org_id),
        "type": "organization",
        "name": data.org_name,
    }
    return [
        organisation,
        *({"uuid": _uuid("party", p), "type": "person", "name": p} for p in people),
    ]


def _attestations(data: ReportData, verdicts: Sequence[ReviewerVerdict]) -> list[JsonObject]:
    attestations: list[JsonObject] = []
    for verdict in verdicts:
        prose = f"{verdict.requirement_id}: {verdict.verdict}"
        if verdict.adjusted_rating is not None:
            prose += f", rating adjusted to {verdict.adjusted_rating}"
        if verdict.reason:
            prose += f". {verdict.reason}"
        attestations.append(
            {
                "responsible-parties": [
                    {"role-id": "assessor", "party-uuids": [_uuid("party", verdict.reviewer_id)]}
                ],
                "parts": [{"name": "reviewer-verdict", "ns": NS, "prose": prose}],
            }
        )
    if data.decision is not None:
        taken = data.decision
        prose = f"Decided {taken.outcome} (engine: {taken.machine_outcome})."
        if taken.rationale:
            prose += f" {taken.rationale}"
        attestations.append(
            {
                "responsible-parties": [
                    {"role-id": "decision-maker", "party-uuids": [_uuid("party", taken.decided_by)]}
                ],
                "parts": [{"name": "certification-decision", "ns": NS, "prose": prose}],
            }
        )
    return attestations


_PROVISIONAL = (
    " Provisional: the self-assessment is {state} and not decided; engine-outcome is what the"
    " engine computes on its answers so far, not an accreditation."
)


def _decision_props(data: ReportData) -> list[JsonObject]:
    """The state always; the decided outcome and validity once decided, else provisional."""
    state = _prop("state", data.state)
    taken = data.decision
    if taken is None:
        return [state, _prop("provisional", "true")]
    props = [state, _prop("outcome", taken.outcome)]
    if taken.certificate_number is not None:
        props.append(_prop("certificate", taken.certificate_number))
        props.append(_prop("certificate-status", taken.certificate_status))
    if taken.valid_until is not None:
        props.append(_prop("valid-until", taken.valid_until.isoformat()))
    return props


def _result(
    data: ReportData, verdicts: Sequence[ReviewerVerdict], implemented_at: int
) -> JsonObject:
    result = data.result
    applicable = [r for r in result.requirements if r.applicable]
    answered = [r for r in applicable if r.answer != "unanswered"]
    title = f"Self-assessment {data.assessment_id} against release {result.release_version}"
    entry: JsonObject = {
        "uuid": _uuid(data.assessment_id, "result"),
        "title": title if data.decision else f"{title} (provisional: not decided)",
        "description": (
            f"Scored by Accredit {result.engine_version}, policy {result.policy_version}."
            + ("" if data.decision else _PROVISIONAL.format(state=data.state.replace("_", " ")))
        ),
        "start": _stamp(result.as_of),
        "props": [
            *_decision_props(data),
            _prop("engine-outcome", result.decision.outcome),
            _prop(
                "overall-score",
                "" if result.overall_score is None else round(result.overall_score, 4),
            ),
            _prop("coverage", "" if result.coverage is None else round(result.coverage, 4)),
        ],
        "reviewed-controls": {
            "control-selections": [
                {"include-controls": [{"control-id": r.requirement_id} for r in applicable]}
            ]
        },
        "observations": [_observation(data, r) for r in answered],
        "findings": [_finding(data, r, implemented_at) for r in applicable],
    }
    attestations = _attestations(data, verdicts)
    if attestations:
        entry["attestations"] = attestations
    if not entry["observations"]:
        del entry["observations"]
    return entry


def assessment_results(
    data: ReportData,
    verdicts: Sequence[ReviewerVerdict],
    implemented_at: int,
    generated: datetime.datetime,
) -> JsonObject:
    """The OSCAL assessment-results document as a JSON-ready dict."""
    return {
        "assessment-results": {
            "uuid": _uuid(data.assessment_id, "assessment-results", generated.isoformat()),
            "metadata": {
                "title": f"INDEX accreditation: {data.org_name} ({data.assessment_id})",
                "last-modified": generated.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "version": data.result.release_version,
                "oscal-version": OSCAL_VERSION,
                "roles": [
                    {"id": "assessor", "title": "Reviewer"},
                    {"id": "decision-maker", "title": "Certification decision-maker"},
                ],
                "parties": _parties(data, verdicts),
            },
            "import-ap": {
                "href": f"{NS}:release:{data.result.release_version}",
                "remarks": "The plan is the Accredit release the self-assessment pins.",
            },
            "results": [_result(data, verdicts, implemented_at)],
        }
    }
