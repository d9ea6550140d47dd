"""Which self-assessment an import writes into: the rule of the dashboard's workspace and of
renewal, so that an organisation never has two self-assessments open at once.

The organisation's latest self-assessment decides. Open (a draft, or changes requested) on the
file's release: the answers go into it. Submitted or in review: refused, it cannot change while
it is reviewed and nothing is started beside it. Decided: refused, the next cycle starts with its
renewal (which carries the answers over), and the file is imported into that. None yet: a new
self-assessment is started, but never for a file without a single answer.
"""

from __future__ import annotations

from engine.loading.problems import Location, Problem
from engine.service.lifecycle import EDITABLE_STATES
from engine.storage import records


def _latest(cursor: records.Cursor, org_id: str) -> records.Row | None:
    rows = records.find(cursor, "assessments", {"org_id": org_id}, order_by="created_at")
    return rows[-1] if rows else None


def _refusal(message: str, hint: str, file: str, code: str = "not-importable") -> Problem:
    return Problem(code, message, Location(file=file), hint=hint)


def _closed(row: records.Row, file: str) -> Problem:
    """Why the latest self-assessment takes no import, and what to do instead."""
    assessment_id, state = str(row["id"]), str(row["state"])
    if state == "decided":
        return _refusal(
            f"{assessment_id} has been decided: a new cycle starts with its renewal, which "
            "carries its answers and evidence over",
            f"Start the renewal (dashboard: Start the renewal; command line: `accredit "
            f"assessment renew {assessment_id} --as USER`), then import this file into it: "
            "its empty cells clear the answers carried over (the renewal's own workbook holds "
            "them).",
            file,
        )
    return _refusal(
        f"{assessment_id} is {state.replace('_', ' ')}: its answers cannot change while it is "
        "reviewed, and no other self-assessment is started beside it",
        f"Import the file into {assessment_id} once the reviewers request changes, or into "
        "its renewal once it is decided.",
        file,
    )


def import_target(
    cursor: records.Cursor, org_id: str, release: str, answers: int, file: str
) -> tuple[str | None, Problem | None]:
    """(the self-assessment to import into, None to start one; or why none is)."""
    latest = _latest(cursor, org_id)
    if latest is None:
        if answers:
            return None, None
        return None, _refusal(
            f"the file holds no answers and {org_id} has no self-assessment yet: nothing was "
            "started",
            "Fill in at least one answer before importing the file.",
            file,
            "no-answers",
        )
    if latest["state"] not in EDITABLE_STATES:
        return None, _closed(latest, file)
    if latest["release_version"] != release:
        return None, _refusal(
            f"the file is for release {release}, but {latest['id']}, the open "
            f"self-assessment of {org_id}, is on release {latest['release_version']}",
            f"Download the workbook of release {latest['release_version']} for {latest['id']}, "
            "fill it in and import that.",
            file,
        )
    return str(latest["id"]), None
