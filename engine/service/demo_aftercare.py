"""After the demo decisions: some certificates suspended or withdrawn, some actions done."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from engine.service import certificates, improvement_actions
from engine.service.clock import frozen_at
from engine.service.principals import SYSTEM, Principal
from engine.storage import Database, records

CERTIFICATE_EVENTS: dict[int, tuple[str, ...]] = {
    5: ("suspend",),
    7: ("suspend", "withdraw"),
}
"""Every 5th certificate is suspended, every 7th suspended and then withdrawn."""


def aftercare(db: Database) -> None:
    with db.read() as cursor:
        issued = records.find(cursor, "certificates", {}, order_by="number")
        actions = records.find(cursor, "improvement_actions", {}, order_by="id")
    for position, row in enumerate(issued, start=1):
        steps = next((s for n, s in CERTIFICATE_EVENTS.items() if position % n == 0), ())
        version = int(row["row_version"])
        for offset, step in enumerate(steps, start=1):
            moment = row["issued_on"]
            with frozen_at(_noon(moment, 60 * offset)):
                reason = "A complaint is under investigation." if step == "suspend" else "Upheld."
                certificates.change_certificate_status(
                    SYSTEM, db, row["number"], step=step, reason=reason, expected_version=version
                )
            version += 1
    for position, action in enumerate(actions):
        if position % 2 == 0:
            member = Principal(f"{action['org_id']}-member", "org_member", action["org_id"])
            with frozen_at(action["created_at"] + timedelta(days=20)):
                improvement_actions.change_action(
                    member, db, action["id"], "complete", int(action["row_version"])
                )


def _noon(day: date, plus_days: int) -> datetime:
    return datetime.combine(day + timedelta(days=plus_days), time(12))
