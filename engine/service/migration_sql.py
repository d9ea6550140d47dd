"""The bulk statements that move stored answers onto a new draft, by a migration plan.

The plan (what happens to each answered requirement) comes from engine.versioning; here it
is applied to many assessments at once inside DuckDB. Parameters are lists that `unnest`
turns into two small tables:

- `moves`: source assessment, new draft, source release (one row per organisation);
- `plan`: source release, requirement, action ('carry', 'reconfirm' or 'archive').
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from engine.storage import records

_TABLES = """
WITH moves AS (
    SELECT unnest($sources::VARCHAR[]) AS source_id, unnest($drafts::VARCHAR[]) AS draft_id,
           unnest($source_releases::VARCHAR[]) AS source_release
),
plan AS (
    SELECT unnest($plan_releases::VARCHAR[]) AS source_release,
           unnest($plan_requirements::VARCHAR[]) AS requirement_id,
           unnest($plan_actions::VARCHAR[]) AS action
),
moved AS (
    SELECT m.draft_id, m.source_id, m.source_release, p.action, r.*
    FROM responses r
    JOIN moves m ON m.source_id = r.assessment_id
    JOIN plan p ON p.source_release = m.source_release AND p.requirement_id = r.requirement_id
)"""

CARRY_RESPONSES = f"""
INSERT INTO responses (assessment_id, requirement_id, rating, not_applicable, na_reason,
                       comment, needs_reconfirmation, updated_at, updated_by)
{_TABLES}
SELECT draft_id, requirement_id, rating, not_applicable, na_reason, comment,
       needs_reconfirmation OR action = 'reconfirm', $at, $by
FROM moved WHERE action <> 'archive'"""  # noqa: S608 - static text, values are parameters

ARCHIVE_RESPONSES = f"""
INSERT INTO archived_responses (assessment_id, requirement_id, source_assessment_id,
                                source_release, rating, not_applicable, na_reason, comment,
                                archived_at, archived_by)
{_TABLES}
SELECT draft_id, requirement_id, source_id, source_release, rating, not_applicable,
       na_reason, comment, $at, $by
FROM moved WHERE action = 'archive'"""  # noqa: S608 - static text, values are parameters

CARRY_EVIDENCE = f"""
INSERT INTO evidence (id, assessment_id, requirement_id, kind, title, filename, sha256,
                      size_bytes, media_type, url, added_at, added_by)
{_TABLES}
SELECT m.draft_id || '-e' || lpad(
           (row_number() OVER (PARTITION BY m.draft_id ORDER BY e.id))::VARCHAR, 3, '0'),
       m.draft_id, e.requirement_id, e.kind, e.title, e.filename, e.sha256, e.size_bytes,
       e.media_type, e.url, e.added_at, e.added_by
FROM evidence e
JOIN moves m ON m.source_id = e.assessment_id
JOIN plan p ON p.source_release = m.source_release AND p.requirement_id = e.requirement_id
WHERE p.action <> 'archive'"""  # noqa: S608 - static text, values are parameters

STATEMENTS = (CARRY_RESPONSES, ARCHIVE_RESPONSES, CARRY_EVIDENCE)


@dataclass
class Batch:
    """The parameters of one batch of moves."""

    sources: list[str] = field(default_factory=list)
    drafts: list[str] = field(default_factory=list)
    source_releases: list[str] = field(default_factory=list)
    plan: dict[tuple[str, str], str] = field(default_factory=dict)
    at: datetime = field(default_factory=datetime.now)
    by: str = ""

    def add(self, source: str, draft: str, source_release: str) -> None:
        self.sources.append(source)
        self.drafts.append(draft)
        self.source_releases.append(source_release)

    def parameters(self) -> dict[str, object]:
        keys = sorted(self.plan)
        return {
            "sources": self.sources,
            "drafts": self.drafts,
            "source_releases": self.source_releases,
            "plan_releases": [k[0] for k in keys],
            "plan_requirements": [k[1] for k in keys],
            "plan_actions": [self.plan[k] for k in keys],
            "at": self.at,
            "by": self.by,
        }


def apply_batch(cursor: records.Cursor, batch: Batch) -> None:
    """Copy, flag, archive and carry evidence for every move of the batch."""
    parameters = batch.parameters()
    for statement in STATEMENTS:
        used = {name: value for name, value in parameters.items() if f"${name}" in statement}
        cursor.execute(statement, used)


def answered(cursor: records.Cursor, assessment_ids: list[str]) -> dict[str, list[str]]:
    """The requirements each of these assessments has an answer to (one list per row)."""
    found = cursor.execute(
        "SELECT assessment_id, list(requirement_id ORDER BY requirement_id) FROM responses "
        "WHERE list_contains($ids::VARCHAR[], assessment_id) GROUP BY assessment_id",
        {"ids": assessment_ids},
    ).fetchall()
    by_assessment: dict[str, list[str]] = {a: [] for a in assessment_ids}
    by_assessment.update({str(a): [str(r) for r in ids] for a, ids in found})
    return by_assessment


INSERT_DRAFTS = """
INSERT INTO assessments (id, org_id, release_version, profile_version, state,
                         previous_assessment_id, created_at, created_by, updated_at)
SELECT unnest($drafts::VARCHAR[]), unnest($orgs::VARCHAR[]), $release,
       unnest($profiles::INTEGER[]), 'draft', unnest($sources::VARCHAR[]), $at, $by, $at"""


def insert_drafts(
    cursor: records.Cursor, batch: Batch, orgs: list[str], profiles: list[int], release: str
) -> None:
    """The new drafts of a batch, in one statement."""
    cursor.execute(
        INSERT_DRAFTS,
        {
            "drafts": batch.drafts,
            "orgs": orgs,
            "release": release,
            "profiles": profiles,
            "sources": batch.sources,
            "at": batch.at,
            "by": batch.by,
        },
    )


def counted(cursor: records.Cursor, sql: str, org_ids: list[str]) -> dict[str, int]:
    """A number per organisation from `sql` (org_id, number), for these organisations."""
    found = cursor.execute(sql, {"orgs": org_ids}).fetchall()
    return {str(org): int(number) for org, number in found}


ASSESSMENT_COUNTS = (
    "SELECT org_id, count(*) FROM assessments "
    "WHERE list_contains($orgs::VARCHAR[], org_id) GROUP BY org_id"
)
PROFILE_VERSIONS = (
    "SELECT org_id, max(version) FROM organisation_profiles "
    "WHERE list_contains($orgs::VARCHAR[], org_id) GROUP BY org_id"
)
