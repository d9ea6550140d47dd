"""Decisions and what follows them, for the bulk demo writer: the rows and audit entries that
engine.service.decisions.decide, certificates and improvement_actions make, scored once per
self-assessment with the engine's own scoring."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from engine.scoring import AssessmentResult
from engine.scoring.decision import add_months
from engine.service import clock
from engine.service.certificates import CERTIFIED_OUTCOMES, status_of
from engine.service.decisions import reviewed_responses
from engine.service.demo_aftercare import CERTIFICATE_EVENTS
from engine.service.demo_memory import MemoryRecord
from engine.service.errors import InvalidInput
from engine.service.improvement_actions import ACTION_TRANSITIONS
from engine.service.lifecycle import assessment_step, certificate_step, next_state
from engine.service.principals import SYSTEM, Principal
from engine.service.scoring_rules import score
from engine.storage import records

STATUS_REASONS = {"suspend": "A complaint is under investigation.", "withdraw": "Upheld."}
STATUS_FLAGS: dict[str, dict[str, bool]] = {
    "suspend": {"suspended": True},
    "withdraw": {"withdrawn": True},
}


def decide(memory: MemoryRecord, decider: Principal, assessment_id: str) -> None:
    """The engine's outcome taken as the decision (the demo's deciders agree with it)."""
    row = memory.assessment(assessment_id)
    state = assessment_step(row["state"], "decide")
    reviewed = reviewed_responses(
        memory.loaded_responses(assessment_id), memory.verdicts(assessment_id)
    )
    result = score(memory.bundle, memory.profiles[row["org_id"]], reviewed)
    outcome, validity = result.decision.outcome, result.decision.validity_months
    if outcome in CERTIFIED_OUTCOMES and validity is None:
        raise InvalidInput(f"the policy gives no certificate validity for {outcome}", "outcome")
    moment = clock.now()
    memory.update(assessment_id, {"state": state, "decided_at": moment, "updated_at": moment})
    decision = memory.sink.insert(
        "decisions",
        {
            "id": f"{assessment_id}-d",
            "assessment_id": assessment_id,
            "org_id": row["org_id"],
            "engine_result_id": _store_result(memory, row, result),
            "machine_outcome": outcome,
            "outcome": outcome,
            "rationale": None,
            "decided_by": decider.user_id,
            "decided_at": moment,
        },
    )
    payload = {k: decision[k] for k in ("machine_outcome", "outcome", "rationale")}
    subject = ("assessment", assessment_id, row["org_id"])
    memory.sink.log(decider, "decision.take", subject, payload)
    if outcome in CERTIFIED_OUTCOMES and validity is not None:
        _issue_certificate(memory, decider, decision, validity)
    _add_actions(memory, decider, row, result)


def _store_result(memory: MemoryRecord, row: records.Row, result: AssessmentResult) -> str:
    result_id = f"{row['id']}-r1"
    memory.sink.insert(
        "engine_results",
        {
            "id": result_id,
            "assessment_id": row["id"],
            "basis": "reviewed",
            "outcome": result.decision.outcome,
            "overall_score": result.overall_score,
            "result_json": result.model_dump_json(),
            "engine_version": result.engine_version,
            "policy_version": result.policy_version,
            "release_version": result.release_version,
            "scored_at": clock.now(),
        },
    )
    implemented_at = memory.bundle.policy.rating_scale.implemented_at
    for standard in (s for s in result.standards if s.applicable):
        scored = [
            r
            for r in result.requirements
            if r.standard_id == standard.standard_id and r.applicable and r.score is not None
        ]
        meets = standard.score is not None and all(
            (r.rating or 0) >= implemented_at for r in scored
        )
        memory.sink.insert(
            "standard_results",
            {
                "engine_result_id": result_id,
                "assessment_id": row["id"],
                "org_id": row["org_id"],
                "standard_id": standard.standard_id,
                "score": standard.score,
                "meets": meets,
            },
        )
    return result_id


def _issue_certificate(
    memory: MemoryRecord, decider: Principal, decision: records.Row, validity: int
) -> None:
    issued = clock.today()
    number = f"INDEX-{issued.year}-{len(memory.sink.rows('certificates')) + 1:05d}"
    memory.sink.insert(
        "certificates",
        {
            "number": number,
            "org_id": decision["org_id"],
            "assessment_id": decision["assessment_id"],
            "decision_id": decision["id"],
            "outcome": decision["outcome"],
            "issued_on": issued,
            "expires_on": add_months(issued, validity),
            "suspended": False,
            "withdrawn": False,
            "status_reason": None,
            "row_version": 1,
        },
    )
    payload = {"outcome": decision["outcome"], "validity_months": validity}
    subject = ("certificate", number, decision["org_id"])
    memory.sink.log(decider, "certificate.issue", subject, payload)


def _add_actions(
    memory: MemoryRecord, decider: Principal, row: records.Row, result: AssessmentResult
) -> None:
    for index, action in enumerate(result.decision.improvement_actions, start=1):
        action_id = f"{row['id']}-a{index:02d}"
        memory.sink.insert(
            "improvement_actions",
            {
                "id": action_id,
                "assessment_id": row["id"],
                "org_id": row["org_id"],
                "requirement_id": action.requirement_id,
                "description": action.text,
                "due_on": action.due,
                "status": "open",
                "created_at": clock.now(),
                "completed_at": None,
                "row_version": 1,
            },
        )
        subject = ("improvement_action", action_id, row["org_id"])
        memory.sink.log(decider, "action.create", subject, {"due": action.due.isoformat()})


def aftercare(memory: MemoryRecord) -> None:
    """As engine.service.demo_aftercare.aftercare: certificates in number order, every 5th
    suspended, every 7th suspended and withdrawn; every other action completed."""
    issued = sorted(memory.sink.rows("certificates"), key=lambda r: r["number"])
    for position, row in enumerate(issued, start=1):
        steps = next((s for n, s in CERTIFICATE_EVENTS.items() if position % n == 0), ())
        for offset, step in enumerate(steps, start=1):
            with clock.frozen_at(_noon(row["issued_on"], 60 * offset)):
                _change_certificate(memory, row, step)
    actions = sorted(memory.sink.rows("improvement_actions"), key=lambda r: r["id"])
    for action in actions[::2]:
        member = Principal(f"{action['org_id']}-member", "org_member", action["org_id"])
        with clock.frozen_at(action["created_at"] + timedelta(days=20)):
            due = action["due_on"]
            current = "overdue" if due is not None and clock.today() > due else "open"
            next_state(ACTION_TRANSITIONS, current, "complete", "improvement action")
            version = action["row_version"] + 1
            action.update(status="done", completed_at=clock.now(), row_version=version)
            subject = ("improvement_action", action["id"], action["org_id"])
            memory.sink.log(member, "action.complete", subject)


def _change_certificate(memory: MemoryRecord, row: records.Row, step: str) -> None:
    new_status = certificate_step(status_of(row, clock.today()), step)
    reason = STATUS_REASONS[step]
    row.update(STATUS_FLAGS[step], status_reason=reason, row_version=row["row_version"] + 1)
    payload = {"step": step, "status": new_status, "reason": reason}
    subject = ("certificate", row["number"], row["org_id"])
    memory.sink.log(SYSTEM, f"certificate.{step}", subject, payload)


def _noon(day: date, plus_days: int) -> datetime:
    return datetime.combine(day + timedelta(days=plus_days), time(12))
