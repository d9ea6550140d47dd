"""Improvement actions from a decision: due dates and status (overdue derived on read)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from engine.service import clock
from engine.service.access import require
from engine.service.lifecycle import next_state
from engine.service.principals import Principal
from engine.service.recording import record
from engine.service.targets import org_target, row_for
from engine.storage import Database, records

ActionStatus = Literal["open", "overdue", "done"]
ACTION_TRANSITIONS: dict[tuple[str, str], str] = {
    ("open", "complete"): "done",
    ("overdue", "complete"): "done",
    ("done", "reopen"): "open",
}


@dataclass(frozen=True)
class ImprovementAction:
    id: str
    assessment_id: str
    requirement_id: str | None
    description: str
    due_on: date | None
    status: ActionStatus
    row_version: int


def _status(row: records.Row, today: date) -> ActionStatus:
    if row["status"] == "done":
        return "done"
    return "overdue" if row["due_on"] is not None and today > row["due_on"] else "open"


def _action(row: records.Row) -> ImprovementAction:
    return ImprovementAction(
        row["id"],
        row["assessment_id"],
        row["requirement_id"],
        row["description"],
        row["due_on"],
        _status(row, clock.today()),
        int(row["row_version"]),
    )


def list_actions(principal: Principal, db: Database, org_id: str) -> list[ImprovementAction]:
    with db.read() as cursor:
        require(principal, "assessment.read", org_target(cursor, principal, org_id))
        found = records.find(cursor, "improvement_actions", {"org_id": org_id}, order_by="id")
    return [_action(r) for r in found]


def change_action(
    principal: Principal, db: Database, action_id: str, step: str, expected_version: int
) -> ImprovementAction:
    """Complete or reopen an improvement action of the person's own organisation."""
    with db.transaction() as cursor:
        row = row_for(cursor, principal, "improvement_actions", {"id": action_id}, "action.update")
        require(principal, "action.update", org_target(cursor, principal, row["org_id"]))
        state = next_state(
            ACTION_TRANSITIONS, _status(row, clock.today()), step, "improvement action"
        )
        stored = "done" if state == "done" else "open"
        done_at = clock.now() if stored == "done" else None
        records.update_versioned(
            cursor,
            "improvement_actions",
            {"id": action_id},
            expected_version,
            {"status": stored, "completed_at": done_at},
        )
        subject = ("improvement_action", action_id, row["org_id"])
        record(cursor, principal, f"action.{step}", subject)
        return _action(records.get(cursor, "improvement_actions", {"id": action_id}))
