"""Scoring results as plain text, for the command line and for reports."""

from __future__ import annotations

from engine.models.assessment import SelfAssessment
from engine.models.bundle import ReleaseBundle
from engine.rules.trace import shown
from engine.scoring.findings import SEVERITY_ORDER, Finding
from engine.scoring.result import AssessmentResult, RequirementResult

_ANSWER = {
    "rated": "rated",
    "not_applicable": "not applicable (accepted)",
    "unanswered": "unanswered",
}


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.1f}%"


def _rating_label(bundle: ReleaseBundle, rating: int | None, language: str) -> str:
    levels = {level.value: level.label.get(language) for level in bundle.policy.rating_scale.levels}
    return "-" if rating is None else f"{rating} ({levels.get(rating, 'off the scale')})"


def _finding_lines(findings: tuple[Finding, ...] | list[Finding]) -> list[str]:
    ordered = sorted(findings, key=lambda f: SEVERITY_ORDER[f.severity])
    return [f"  {f.severity:<7} {f.code} {f.name}: {f.message}" for f in ordered]


def _standard_lines(result: AssessmentResult, language: str) -> list[str]:
    lines = [f"  {'code':<5}{'standard':<48}{'score':>8}{'progress':>10}"]
    for s in result.standards:
        title = s.title.get(language)[:46]
        if s.applicable:
            lines.append(
                f"  {s.code:<5}{title:<48}{_percent(s.score):>8}{_percent(s.progress):>10}"
            )
        else:
            lines.append(f"  {s.code:<5}{title:<48}{'does not apply':>18}")
    return lines


def score_lines(
    assessment: SelfAssessment,
    bundle: ReleaseBundle,
    result: AssessmentResult,
    language: str = "en",
) -> list[str]:
    """Per-standard scores, the figures, findings, the decision and why."""
    decision = result.decision
    counts = {s: sum(1 for f in result.findings if f.severity == s) for s in SEVERITY_ORDER}
    validity = "" if decision.valid_until is None else f", valid until {decision.valid_until}"
    lines = [
        f"Self-assessment of {assessment.organisation.name} ({assessment.organisation.id})",
        f"Release {result.release_version}, policy {result.policy_version}, "
        f"engine {result.engine_version}, as of {result.as_of}",
        "",
        f"Decision: {decision.label.get(language)}{validity}",
        f"Overall score: {_percent(result.overall_score)}   Coverage: {_percent(result.coverage)}",
        "",
        "Standards:",
        *_standard_lines(result, language),
        "",
        f"Findings: {counts['error']} error(s), {counts['warning']} warning(s), "
        f"{counts['info']} note(s)",
        *_finding_lines(result.findings),
    ]
    if decision.improvement_actions:
        lines += ["", "Improvement actions:"]
        lines += [f"  by {a.due}: {a.text}" for a in decision.improvement_actions]
    lines += ["", "Why this decision:", *("  " + x for x in decision.why().splitlines())]
    lines += ["", "Metrics:", *(f"  {k}: {shown(v)}" for k, v in result.metrics.items())]
    return lines


def explain_lines(
    bundle: ReleaseBundle,
    requirement: RequirementResult,
    findings: list[Finding],
    language: str = "en",
) -> list[str]:
    """Why a requirement applies (or not) and how it was scored."""
    found = bundle.requirement(requirement.requirement_id)
    standard_text = "" if found is None else f"{found[0].code} {found[0].id} {found[0].version}"
    kind = "critical" if requirement.critical else "not critical"
    lines = [
        f"{requirement.requirement_id} {requirement.title.get(language)}",
        f"Standard: {standard_text}; {kind}; weight {requirement.weight}",
        "",
        f"Applies: {'yes' if requirement.applicable else 'no'}",
        *("  " + x for x in requirement.reason.to_text().splitlines()),
    ]
    if requirement.applicable:
        top = max(level.value for level in bundle.policy.rating_scale.levels)
        score = "not scored" if requirement.score is None else f"{requirement.score:.3f}"
        lines += [
            "",
            f"Answer: {_ANSWER[requirement.answer]}",
            f"Rating: {_rating_label(bundle, requirement.rating, language)} of {top}",
            f"Score: {score} (rating / {top}; unanswered scores 0; accepted N/A is not scored)",
        ]
    lines += ["", f"Findings: {len(findings)}", *_finding_lines(findings)]
    return lines
