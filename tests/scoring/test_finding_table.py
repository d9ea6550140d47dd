"""The finding table: one rule per code, duplicates refused, and the SQL counts every error."""

from __future__ import annotations

import pytest

from engine.scoring import FINDING_RULES
from engine.scoring.findings import DuplicateFindingCodeError, FindingTable
from engine.scoring.sql_scoring import BLOCKING_CODES


def test_table_refuses_a_duplicate_code() -> None:
    rule = next(iter(FINDING_RULES))
    with pytest.raises(DuplicateFindingCodeError, match=rule.code):
        FindingTable([rule, rule])


def test_codes_and_names_are_unique_and_stable() -> None:
    codes = [r.code for r in FINDING_RULES]
    names = [r.name for r in FINDING_RULES]
    assert codes == sorted(set(codes))
    assert len(set(names)) == len(names)
    assert codes[:8] == ["SA01", "SA02", "SA03", "SA04", "SA05", "SA06", "SA07", "SA08"]


def test_sql_back_end_counts_every_blocking_finding() -> None:
    errors = {r.code for r in FINDING_RULES if r.severity == "error"}
    assert errors == BLOCKING_CODES
