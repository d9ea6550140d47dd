"""The finding rules, one per module, collected into one table that rejects duplicate codes."""

from __future__ import annotations

import importlib
import pkgutil

from engine.scoring.context import ScoringContext
from engine.scoring.findings.base import (
    SEVERITY_ORDER,
    DuplicateFindingCodeError,
    Finding,
    FindingRule,
    FindingTable,
    Location,
    Severity,
)


def _discover() -> FindingTable:
    table = FindingTable()
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        rule = getattr(module, "RULE", None)
        if isinstance(rule, FindingRule):
            table.add(rule)
    return table


FINDING_RULES = _discover()


def find_all(context: ScoringContext, table: FindingTable = FINDING_RULES) -> tuple[Finding, ...]:
    """Every finding of every rule, ordered by requirement (release order), then code."""
    order = {facts.id: index for index, facts in enumerate(context.requirements)}
    findings = [finding for rule in table for finding in rule.evaluate(context)]

    def key(finding: Finding) -> tuple[int, str, str]:
        rid = finding.location.requirement_id or ""
        return (order.get(rid, len(order)), rid, finding.code)

    return tuple(sorted(findings, key=key))


__all__ = [
    "FINDING_RULES",
    "SEVERITY_ORDER",
    "DuplicateFindingCodeError",
    "Finding",
    "FindingRule",
    "FindingTable",
    "Location",
    "Severity",
    "find_all",
]
