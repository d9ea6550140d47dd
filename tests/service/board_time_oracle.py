"""The oracle of suppression over time, counted from the record in plain Python: which shown
quarters of adoption by quarter must be withheld so that no two shown quarters of a standard
(nor the earliest shown one and today) differ by 1 to 4 organisations."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from engine.service.analytics import MIN_GROUP, BoardFilters
from tests.service.board_oracle import Record, quarter_ends, standards_by

State = dict[str, Any]
"""organisation -> the decision its figures come from."""


def _states(record: Record, chosen: BoardFilters, end: datetime) -> dict[str, State]:
    """standard -> the organisations counted by `end`, each with its decision."""
    found: dict[str, State] = {}
    for d, s in standards_by(record, chosen, end):
        found.setdefault(s["standard_id"], {})[d["org_id"]] = d["id"]
    return found


def _differ(first: State, second: State) -> int:
    return sum(first.get(org) != second.get(org) for org in set(first) | set(second))


def withheld_over_time(
    record: Record, chosen: BoardFilters, shown: set[tuple[str, str]]
) -> set[tuple[str, str]]:
    """(quarter, standard) of the `shown` rows to withhold, walking back from today."""
    ends = dict(quarter_ends(record))
    today = _states(record, chosen, datetime.now())
    withheld: set[tuple[str, str]] = set()
    for standard in {s for _, s in shown}:
        later = today.get(standard, {})
        for quarter in sorted((q for q, s in shown if s == standard), reverse=True):
            state = _states(record, chosen, ends[quarter]).get(standard, {})
            if 0 < _differ(state, later) < MIN_GROUP:
                withheld.add((quarter, standard))
            else:
                later = state
    return withheld
