"""Suppression over time: no two shown quarters of a standard differ by 1 to 4 organisations.

Walking back from the present (the adoption table shows today's figures), a quarter is
shown only if the organisations decided between it and the last quarter shown after it
(or today) are none or at least `min_group`; otherwise it is withheld, and the walk goes on
comparing with the same later quarter. Any two shown quarters then differ by none or at least
`min_group` organisations, as do the earliest shown one and today.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

Changes = dict[str, dict[tuple[str | None, str], int]]
"""standard -> (since, next) -> organisations that touch it in quarter `since` and next in
quarter `next` (since None: `next` is the first time)."""


def changes_by_standard(rows: Iterable[Mapping[str, Any]]) -> Changes:
    found: Changes = defaultdict(dict)
    for row in rows:
        found[row["standard_id"]][(row["since"], row["next"])] = int(row["organisations"])
    return found


def _decided_between(
    changes: dict[tuple[str | None, str], int], since: str, until: str | None
) -> int:
    """Organisations decided after quarter `since`, up to quarter `until` (None: today):
    those whose next touch after `since` comes by `until`."""
    return sum(
        count
        for (before, nxt), count in changes.items()
        if (before is None or before <= since) and since < nxt and (until is None or nxt <= until)
    )


def quarters_to_withhold(
    rows: Iterable[Mapping[str, Any]], changes: Changes, min_group: int
) -> set[tuple[str, str]]:
    """(quarter, standard) of the shown rows to withhold; `rows` have quarter, standard_id
    and suppressed (quarters as 'YYYY-Qn', which sort in time order)."""
    shown: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        if not row["suppressed"]:
            shown[row["standard_id"]].append(row["quarter"])
    withheld: set[tuple[str, str]] = set()
    for standard, quarters in shown.items():
        later: str | None = None
        for quarter in sorted(quarters, reverse=True):
            between = _decided_between(changes.get(standard, {}), quarter, later)
            if 0 < between < min_group:
                withheld.add((quarter, standard))
            else:
                later = quarter
    return withheld
