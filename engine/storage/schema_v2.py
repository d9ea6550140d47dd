"""Schema version 2: answers archived when a self-assessment moves to another release.

A requirement that the new release no longer has cannot hold an answer in the new draft; the
answer is kept here, beside the draft, with the assessment it came from. The source
assessment itself is never changed.
"""

from __future__ import annotations

STATEMENTS: tuple[str, ...] = (
    """CREATE TABLE archived_responses (
        assessment_id VARCHAR NOT NULL, requirement_id VARCHAR NOT NULL,
        source_assessment_id VARCHAR NOT NULL, source_release VARCHAR NOT NULL,
        rating INTEGER, not_applicable BOOLEAN NOT NULL DEFAULT false, na_reason VARCHAR,
        comment VARCHAR, archived_at TIMESTAMP NOT NULL, archived_by VARCHAR NOT NULL,
        PRIMARY KEY (assessment_id, requirement_id))""",
    "CREATE INDEX archived_responses_source ON archived_responses (source_assessment_id)",
)
