"""The decision: the first decision band that holds gives the outcome, validity and actions.

One rule is the engine's, not the policy's: a band whose outcome is "accredited" is barred while
any applicable critical requirement is below the critical threshold. A critical failure can
therefore never be accredited, whatever the policy's bands say.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Mapping

from engine.models.common import LocalizedText
from engine.models.policy import DecisionBand, Policy
from engine.rules.evaluator import evaluate
from engine.scoring.context import RequirementFacts, ScoringContext
from engine.scoring.findings import Finding
from engine.scoring.result import BandCheck, Decision, ImprovementAction, MetricValue

NO_BAND_LABEL = LocalizedText(en="Not accredited (no decision band held)")


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day where that day does not exist."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def barred_because(band: DecisionBand, metrics: Mapping[str, MetricValue]) -> str | None:
    failures = metrics.get("critical_below_implemented") or 0
    if band.outcome == "accredited" and failures:
        return f"{failures} critical requirement(s) below the critical threshold"
    return None


def check_band(position: int, band: DecisionBand, metrics: Mapping[str, MetricValue]) -> BandCheck:
    result = None if band.when is None else evaluate(band.when, metrics)
    held = True if result is None else result.value
    barred = barred_because(band, metrics) if held else None
    trace = None if result is None else result.trace
    return BandCheck(
        position=position, outcome=band.outcome, held=held, barred_because=barred, trace=trace
    )


def choose_band(
    policy: Policy, metrics: Mapping[str, MetricValue]
) -> tuple[DecisionBand | None, tuple[BandCheck, ...]]:
    """The first band that holds and is not barred, and the checks made on the way."""
    checks: list[BandCheck] = []
    for position, band in enumerate(policy.decision_bands, start=1):
        check = check_band(position, band, metrics)
        checks.append(check)
        if check.held and check.barred_because is None:
            return band, tuple(checks)
    return None, tuple(checks)


def _action_text(facts: RequirementFacts, findings: list[Finding], policy: Policy) -> str | None:
    blocking = [f.message for f in findings if f.severity == "error"]
    if blocking:
        return "Resolve: " + " ".join(blocking)
    target = policy.rating_scale.implemented_at
    if facts.rating is None or facts.rating < target:
        now = "unanswered" if facts.rating is None else f"rated {facts.rating}"
        return f"Raise {facts.id} ({facts.requirement.title.en}) to at least {target} (now {now})."
    return None


def improvement_actions(
    context: ScoringContext, findings: tuple[Finding, ...], due: datetime.date
) -> tuple[ImprovementAction, ...]:
    """One action per scored requirement below 'implemented' or with a blocking finding.

    Critical requirements come first, then release order.
    """
    by_requirement: dict[str, list[Finding]] = {}
    for finding in findings:
        by_requirement.setdefault(finding.location.requirement_id or "", []).append(finding)
    actions: list[tuple[bool, ImprovementAction]] = []
    for facts in context.scored():
        text = _action_text(facts, by_requirement.get(facts.id, []), context.policy)
        if text is not None:
            action = ImprovementAction(requirement_id=facts.id, text=text, due=due)
            actions.append((not facts.requirement.critical, action))
    return tuple(action for _, action in sorted(actions, key=lambda pair: pair[0]))


def decide(
    context: ScoringContext,
    metrics: Mapping[str, MetricValue],
    findings: tuple[Finding, ...],
    as_of: datetime.date,
) -> Decision:
    band, checks = choose_band(context.policy, metrics)
    if band is None:
        return Decision(
            outcome="not_accredited",
            label=NO_BAND_LABEL,
            validity_months=None,
            valid_until=None,
            improvement_actions=(),
            trace=checks,
        )
    months = band.validity_months
    days = band.improvement_plan_due_days
    actions = (
        ()
        if days is None
        else improvement_actions(context, findings, as_of + datetime.timedelta(days=days))
    )
    return Decision(
        outcome=band.outcome,
        label=band.label,
        validity_months=months,
        valid_until=None if months is None else add_months(as_of, months),
        improvement_actions=actions,
        trace=checks,
    )
