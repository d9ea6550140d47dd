"""The content of a report, section by section, independent of HTML or PDF.

Both renderers walk the same rows, so the HTML and the PDF always say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.reports.data import ReportData
from engine.reports.i18n import label, percent
from engine.scoring.finding_text import message_in, requirement_titles
from engine.scoring.findings.base import SEVERITY_ORDER

_HELD: dict[str, dict[bool, str]] = {
    "en": {True: "holds", False: "does not hold"},
    "de": {True: "erfüllt", False: "nicht erfüllt"},
    "fr": {True: "remplie", False: "non remplie"},
}


@dataclass(frozen=True)
class Fact:
    name: str
    value: str


def header_facts(data: ReportData, language: str) -> list[Fact]:
    result = data.result
    return [
        Fact(label("organisation", language), f"{data.org_name} ({data.org_id})"),
        Fact(label("assessment", language), data.assessment_id),
        Fact(label("state", language), label(f"state_{data.state}", language)),
        Fact(label("release", language), result.release_version),
        Fact(label("policy", language), result.policy_version),
        Fact(label("scored_on", language), result.as_of.isoformat()),
        Fact(label("overall_score", language), percent(result.overall_score, language)),
        Fact(label("coverage", language), percent(result.coverage, language)),
    ]


def standard_rows(data: ReportData, language: str) -> list[tuple[str, str, str, str]]:
    """(code, title, score, answered) per standard; standards that do not apply say so."""
    rows: list[tuple[str, str, str, str]] = []
    for s in data.result.standards:
        score = percent(s.score, language) if s.applicable else label("not_applicable", language)
        answered = f"{s.answered_requirements}/{s.applicable_requirements}"
        rows.append((s.code, s.title.get(language), score, answered))
    return rows


def finding_rows(data: ReportData, language: str) -> list[tuple[str, str, str, str]]:
    """(severity, code, where, message), most severe first."""
    ordered = sorted(
        data.result.findings,
        key=lambda f: (SEVERITY_ORDER[f.severity], f.location.requirement_id or "", f.code),
    )
    titles = requirement_titles(data.result)
    return [
        (
            label(f.severity, language),
            f.code,
            f.location.requirement_id or f.location.standard_id or "",
            message_in(f, language, titles),
        )
        for f in ordered
    ]


def outcome_text(outcome: str, language: str) -> str:
    return label(outcome, language)


def decision_facts(data: ReportData, language: str) -> list[Fact]:
    """The engine's outcome (provisional until decided) and the decision as recorded: the
    outcome taken, by whom, and the certificate it issued with its status and expiry."""
    engine = data.result.decision.label.get(language)
    taken = data.decision
    if taken is None:
        provisional = f"{engine} ({label('provisional', language)})"
        return [Fact(label("engine_outcome", language), provisional)]
    facts = [
        Fact(label("engine_outcome", language), engine),
        Fact(label("final_outcome", language), outcome_text(taken.outcome, language)),
    ]
    when = f", {taken.decided_on.isoformat()}" if taken.decided_on else ""
    facts.append(Fact(label("decided_by", language), taken.decided_by + when))
    if taken.certificate_number is not None:
        status = label(f"certificate_{taken.certificate_status}", language)
        facts.append(Fact(label("certificate", language), f"{taken.certificate_number} ({status})"))
    if taken.valid_until is not None:
        facts.append(Fact(label("valid_until", language), taken.valid_until.isoformat()))
    return facts


def reason_lines(data: ReportData, language: str) -> list[str]:
    """Each decision band as it was tried: its outcome, whether it held, why it was barred."""
    held = _HELD.get(language, _HELD["en"])
    lines: list[str] = []
    for check in data.result.decision.trace:
        line = f"{check.position}. {outcome_text(check.outcome, language)}: {held[check.held]}"
        if check.barred_because:
            line += f" ({check.barred_because})"
        lines.append(line)
        if check.trace is not None:
            lines.extend("    " + text for text in check.trace.to_lines())
    return lines


def rationale_text(data: ReportData, language: str) -> str:
    if data.decision is None:
        return label("not_decided", language)
    return data.decision.rationale or label("no_rationale", language)


def actions_heading(data: ReportData, language: str) -> str:
    return label("improvement_actions" if data.decision else "provisional_actions", language)


def action_lines(data: ReportData, language: str) -> list[str]:
    """The improvement actions the decision recorded; before the decision, those the engine's
    outcome would bring, without a due date (none is set until a decision is taken)."""
    if data.decision is None:
        return [f"{a.requirement_id}: {a.text}" for a in data.result.decision.improvement_actions]
    due = label("due", language)
    return [
        f"{a.requirement_id or ''}: {a.text}" + (f" ({due} {a.due.isoformat()})" if a.due else "")
        for a in data.decision.actions
    ]
