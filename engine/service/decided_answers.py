"""The latest decided self-assessment of every organisation, read in bulk for planning tools.

Four queries in all, whatever the number of organisations: the latest decisions, their
answers, evidence and review verdicts. The answers come back as the reviewer saw them (every
adjusted rating in place), which is what the engine scored for the decision.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from engine.models.assessment import EvidenceReference, FileEvidence, LinkEvidence, Response
from engine.models.profile import STORED, OrganisationProfile
from engine.service.decisions import reviewed_responses
from engine.service.reviews import Verdict
from engine.storage import records

_LATEST = """
SELECT d.org_id, d.assessment_id, d.outcome, d.decided_at, a.release_version,
       p.profile_json, p.region
FROM decisions d
JOIN assessments a ON a.id = d.assessment_id
JOIN organisation_profiles p ON p.org_id = a.org_id AND p.version = a.profile_version
QUALIFY row_number() OVER (PARTITION BY d.org_id ORDER BY d.decided_at DESC) = 1
ORDER BY d.org_id"""

_OF_LATEST = """
WITH latest AS (
    SELECT assessment_id FROM decisions
    QUALIFY row_number() OVER (PARTITION BY org_id ORDER BY decided_at DESC) = 1
)
SELECT t.* FROM {table} t JOIN latest l ON l.assessment_id = t.assessment_id
ORDER BY t.assessment_id, {order}"""

_ORDERS = {
    "responses": "t.requirement_id",
    "evidence": "t.id",
    "review_verdicts": "t.requirement_id",
}
"""The tables read for the latest decisions, with their order (identifiers from this table)."""


@dataclass(frozen=True)
class DecidedAnswers:
    org_id: str
    assessment_id: str
    release_version: str
    region: str
    decided_outcome: str
    decided_on: date
    profile: OrganisationProfile
    responses: dict[str, Response]


def _evidence(row: records.Row) -> EvidenceReference:
    if row["kind"] == "link":
        return LinkEvidence(type="link", title=row["title"], url=row["url"])
    return FileEvidence(
        type="file", title=row["title"], filename=row["filename"], sha256=row["sha256"]
    )


def _response(row: records.Row, evidence: list[EvidenceReference]) -> Response:
    return Response(
        rating=row["rating"],
        not_applicable=bool(row["not_applicable"]),
        na_reason=row["na_reason"],
        comment=row["comment"],
        needs_reconfirmation=bool(row["needs_reconfirmation"]),
        evidence=evidence,
    )


def _of_latest(cursor: records.Cursor, table: str) -> dict[str, list[records.Row]]:
    sql = _OF_LATEST.format(table=table, order=_ORDERS[table])
    grouped: dict[str, list[records.Row]] = defaultdict(list)
    for row in records.rows(cursor, sql):
        grouped[row["assessment_id"]].append(row)
    return grouped


def _answers(
    responses: list[records.Row], evidence: list[records.Row], verdicts: list[records.Row]
) -> dict[str, Response]:
    by_requirement: dict[str, list[EvidenceReference]] = defaultdict(list)
    for row in evidence:
        by_requirement[row["requirement_id"]].append(_evidence(row))
    answers = {
        r["requirement_id"]: _response(r, by_requirement[r["requirement_id"]]) for r in responses
    }
    seen = [
        Verdict(
            v["requirement_id"], v["reviewer_id"], v["verdict"], v["adjusted_rating"], v["reason"]
        )
        for v in verdicts
    ]
    return reviewed_responses(answers, seen)


def latest_decided(cursor: records.Cursor) -> list[DecidedAnswers]:
    """Every organisation's latest decided self-assessment, its answers as reviewed."""
    tables = {name: _of_latest(cursor, name) for name in _ORDERS}
    return [
        DecidedAnswers(
            org_id=row["org_id"],
            assessment_id=row["assessment_id"],
            release_version=row["release_version"],
            region=row["region"],
            decided_outcome=row["outcome"],
            decided_on=row["decided_at"].date(),
            profile=OrganisationProfile.model_validate_json(row["profile_json"], context=STORED),
            responses=_answers(
                tables["responses"].get(row["assessment_id"], []),
                tables["evidence"].get(row["assessment_id"], []),
                tables["review_verdicts"].get(row["assessment_id"], []),
            ),
        )
        for row in records.rows(cursor, _LATEST)
    ]
