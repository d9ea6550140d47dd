"""Schema version 1: the record of organisations, assessments, reviews and certificates.

Facts (responses, evidence), machine judgements (engine results) and human judgements
(verdicts, decisions) live in separate tables; nothing is overwritten by re-scoring.
"""

from __future__ import annotations

STATEMENTS: tuple[str, ...] = (
    """CREATE TABLE organisations (
        id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL,
        row_version INTEGER NOT NULL DEFAULT 1)""",
    """CREATE TABLE organisation_profiles (
        org_id VARCHAR NOT NULL, version INTEGER NOT NULL, profile_json VARCHAR NOT NULL,
        country VARCHAR NOT NULL, region VARCHAR NOT NULL, income_group VARCHAR NOT NULL,
        organisation_type VARCHAR NOT NULL, size VARCHAR NOT NULL,
        created_at TIMESTAMP NOT NULL, created_by VARCHAR NOT NULL,
        PRIMARY KEY (org_id, version))""",
    """CREATE TABLE users (
        id VARCHAR PRIMARY KEY, display_name VARCHAR NOT NULL, role VARCHAR NOT NULL,
        org_id VARCHAR, password_hash VARCHAR, active BOOLEAN NOT NULL DEFAULT true,
        oidc_issuer VARCHAR, oidc_subject VARCHAR, created_at TIMESTAMP NOT NULL,
        row_version INTEGER NOT NULL DEFAULT 1)""",
    """CREATE TABLE conflicts_of_interest (
        user_id VARCHAR NOT NULL, org_id VARCHAR NOT NULL, reason VARCHAR NOT NULL,
        declared_at TIMESTAMP NOT NULL, PRIMARY KEY (user_id, org_id))""",
    """CREATE TABLE releases (
        version VARCHAR PRIMARY KEY, bundle_json VARCHAR NOT NULL, open BOOLEAN NOT NULL,
        registered_at TIMESTAMP NOT NULL, registered_by VARCHAR NOT NULL)""",
    """CREATE TABLE assessments (
        id VARCHAR PRIMARY KEY, org_id VARCHAR NOT NULL, release_version VARCHAR NOT NULL,
        profile_version INTEGER NOT NULL, state VARCHAR NOT NULL,
        previous_assessment_id VARCHAR, created_at TIMESTAMP NOT NULL,
        created_by VARCHAR NOT NULL, updated_at TIMESTAMP NOT NULL,
        submitted_at TIMESTAMP, decided_at TIMESTAMP, row_version INTEGER NOT NULL DEFAULT 1)""",
    """CREATE TABLE responses (
        assessment_id VARCHAR NOT NULL, requirement_id VARCHAR NOT NULL, rating INTEGER,
        not_applicable BOOLEAN NOT NULL DEFAULT false, na_reason VARCHAR, comment VARCHAR,
        needs_reconfirmation BOOLEAN NOT NULL DEFAULT false,
        updated_at TIMESTAMP NOT NULL, updated_by VARCHAR NOT NULL,
        row_version INTEGER NOT NULL DEFAULT 1, PRIMARY KEY (assessment_id, requirement_id))""",
    """CREATE TABLE evidence (
        id VARCHAR PRIMARY KEY, assessment_id VARCHAR NOT NULL, requirement_id VARCHAR NOT NULL,
        kind VARCHAR NOT NULL, title VARCHAR NOT NULL, filename VARCHAR, sha256 VARCHAR,
        size_bytes BIGINT, media_type VARCHAR, url VARCHAR,
        added_at TIMESTAMP NOT NULL, added_by VARCHAR NOT NULL)""",
    """CREATE TABLE review_assignments (
        assessment_id VARCHAR NOT NULL, reviewer_id VARCHAR NOT NULL,
        assigned_at TIMESTAMP NOT NULL, assigned_by VARCHAR NOT NULL,
        PRIMARY KEY (assessment_id, reviewer_id))""",
    """CREATE TABLE review_verdicts (
        assessment_id VARCHAR NOT NULL, requirement_id VARCHAR NOT NULL,
        reviewer_id VARCHAR NOT NULL, verdict VARCHAR NOT NULL, adjusted_rating INTEGER,
        reason VARCHAR, recorded_at TIMESTAMP NOT NULL,
        PRIMARY KEY (assessment_id, requirement_id))""",
    """CREATE TABLE engine_results (
        id VARCHAR PRIMARY KEY, assessment_id VARCHAR NOT NULL, basis VARCHAR NOT NULL,
        outcome VARCHAR NOT NULL, overall_score DOUBLE, result_json VARCHAR NOT NULL,
        engine_version VARCHAR NOT NULL, policy_version VARCHAR NOT NULL,
        release_version VARCHAR NOT NULL, scored_at TIMESTAMP NOT NULL)""",
    """CREATE TABLE standard_results (
        engine_result_id VARCHAR NOT NULL, assessment_id VARCHAR NOT NULL,
        org_id VARCHAR NOT NULL, standard_id VARCHAR NOT NULL, score DOUBLE,
        meets BOOLEAN NOT NULL, PRIMARY KEY (engine_result_id, standard_id))""",
    """CREATE TABLE decisions (
        id VARCHAR PRIMARY KEY, assessment_id VARCHAR NOT NULL UNIQUE,
        org_id VARCHAR NOT NULL, engine_result_id VARCHAR NOT NULL,
        machine_outcome VARCHAR NOT NULL, outcome VARCHAR NOT NULL, rationale VARCHAR,
        decided_by VARCHAR NOT NULL, decided_at TIMESTAMP NOT NULL)""",
    """CREATE TABLE certificates (
        number VARCHAR PRIMARY KEY, org_id VARCHAR NOT NULL, assessment_id VARCHAR NOT NULL,
        decision_id VARCHAR NOT NULL, outcome VARCHAR NOT NULL, issued_on DATE NOT NULL,
        expires_on DATE NOT NULL, suspended BOOLEAN NOT NULL DEFAULT false,
        withdrawn BOOLEAN NOT NULL DEFAULT false, status_reason VARCHAR,
        row_version INTEGER NOT NULL DEFAULT 1)""",
    """CREATE TABLE improvement_actions (
        id VARCHAR PRIMARY KEY, assessment_id VARCHAR NOT NULL, org_id VARCHAR NOT NULL,
        requirement_id VARCHAR, description VARCHAR NOT NULL, due_on DATE,
        status VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL, completed_at TIMESTAMP,
        row_version INTEGER NOT NULL DEFAULT 1)""",
    """CREATE TABLE audit_log (
        seq BIGINT PRIMARY KEY, logged_at TIMESTAMP NOT NULL, actor VARCHAR NOT NULL,
        action VARCHAR NOT NULL, entity VARCHAR NOT NULL, entity_id VARCHAR NOT NULL,
        org_id VARCHAR, payload_json VARCHAR NOT NULL, prev_hash VARCHAR NOT NULL,
        hash VARCHAR NOT NULL)""",
    """CREATE TABLE audit_head (
        id INTEGER PRIMARY KEY, seq BIGINT NOT NULL, hash VARCHAR NOT NULL)""",
    "CREATE INDEX assessments_org ON assessments (org_id)",
    "CREATE INDEX evidence_assessment ON evidence (assessment_id)",
)
