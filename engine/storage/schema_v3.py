"""Schema version 3: the decider of a self-assessment, assigned like its reviewers.

Reviewers see only what they are assigned (DESIGN.md section 6), and so does the reviewer who
takes the certification decision: one decider per self-assessment, chosen by an administrator
(never one of its reviewers when the policy asks for an independent decision). Before this,
any independent reviewer could open and decide any self-assessment in review.
"""

from __future__ import annotations

STATEMENTS: tuple[str, ...] = (
    """CREATE TABLE decider_assignments (
        assessment_id VARCHAR PRIMARY KEY, decider_id VARCHAR NOT NULL,
        assigned_at TIMESTAMP NOT NULL, assigned_by VARCHAR NOT NULL)""",
)
