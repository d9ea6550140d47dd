"""Property: whatever the field, the what-if report shows no figure of 1-4 organisations, and
none can be worked out from the total: the total minus the regions shown, or minus a
standard shown (the organisations it does not apply to), is 0 or at least 5."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.service.decided_answers import DecidedAnswers
from engine.service.impact import DIMENSIONS, SHOWN, Impact, ScoringProblem, summarise
from engine.service.principals import Principal
from tests.service.builders import profile

BOARD = Principal("board", "board", None)
ADMIN = Principal("admin", "admin", None)
REGIONS = ("africa", "americas", "europe")
STANDARDS = ("safeguarding", "case-management", "engagement-of-former-extremists")


def _impact(n: int, region: str, standards: frozenset[str], changed: bool) -> Impact:
    answers = DecidedAnswers(
        f"org-{n}",
        f"org-{n}-001",
        "2026.1",
        region,
        "accredited",
        date(2026, 3, 1),
        profile(),
        {},
    )
    return Impact(answers, standards, "accredited", "not_accredited" if changed else "accredited")


organisation = st.tuples(
    st.sampled_from(REGIONS),
    st.frozensets(st.sampled_from(STANDARDS), min_size=1),
    st.booleans(),
)


def _small(count: int) -> bool:
    return 0 < count < 5


def test_every_dimension_says_what_it_may_show() -> None:
    assert SHOWN.keys() == DIMENSIONS.keys()


@settings(max_examples=300, deadline=None)
@given(field=st.lists(organisation, max_size=24), unscored=st.integers(0, 7))
def test_nothing_of_1_to_4_organisations_can_be_worked_out(
    field: list[tuple[str, frozenset[str], bool]], unscored: int
) -> None:
    impacts = [_impact(n, *organisation) for n, organisation in enumerate(field)]
    problems = [ScoringProblem("SA01", "not scored", f"org-x{i}") for i in range(unscored)]
    report = summarise(BOARD, "policy 1.1.0", impacts, problems)
    assert all(g.organisations >= 5 for g in report.groups)
    if report.organisations is None:
        assert report.groups == () and report.changed is None
        return
    assert report.organisations == len(impacts)
    regions = [g for g in report.groups if g.dimension == "region"]
    assert not _small(report.organisations - sum(g.organisations for g in regions))
    for group in (g for g in report.groups if g.dimension == "standard"):
        assert not _small(report.organisations - group.organisations)
    assert report.unscored == (None if _small(unscored) else unscored)
    assert report.changes == () and report.problems == ()


@given(field=st.lists(organisation, min_size=5, max_size=12))
def test_figures_shown_are_exact(field: list[tuple[str, frozenset[str], bool]]) -> None:
    impacts = [_impact(n, *organisation) for n, organisation in enumerate(field)]
    report = summarise(ADMIN, "policy 1.1.0", impacts, [])
    assert (report.organisations, report.changed) == (len(field), sum(c for *_, c in field))
    for g in report.groups:
        if g.dimension == "region":
            members = [c for r, _, c in field if r == g.group]
        else:
            members = [c for _, s, c in field if g.group in s]
        assert (g.organisations, g.changed) == (len(members), sum(members))
    assert len(report.changes) == sum(c for *_, c in field)
