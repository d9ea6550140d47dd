"""Policy what-if and release preview: the board's and the admin's planning tools.

They re-score in memory: the record must be exactly as it was afterwards.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.service.errors import AccessDenied, InvalidInput
from engine.service.what_if import library_policy, preview_release_impact, what_if
from tests.evolution.world import (
    ALL_ONE,
    LIBRARY,
    ONE_TWO,
    ORGS,
    World,
    bundle,
    make_world,
    policy,
    stricter_policy,
)
from tests.service.fingerprint import fingerprint

ONE_TWO_ORGS = {org for org, (_, ratings) in ORGS.items() if ratings == ONE_TWO}


def test_a_stricter_band_changes_exactly_the_organisations_below_it(decided: World) -> None:
    report = what_if(decided.admin, decided.db, stricter_policy(0.95))
    assert {c.org_id for c in report.changes} == ONE_TWO_ORGS
    assert {(c.decided, c.before, c.after) for c in report.changes} == {
        ("accredited", "accredited", "not_accredited")
    }
    assert (report.organisations, report.changed) == (len(ORGS), len(ONE_TWO_ORGS))
    assert report.subject == "policy 1.1.0"


def test_the_policy_of_the_release_itself_changes_nothing(decided: World) -> None:
    report = what_if(decided.admin, decided.db, policy("1.0.0"))
    assert report.changed == 0
    assert report.changes == ()


def test_what_if_and_preview_change_nothing_in_the_record(decided: World) -> None:
    before = fingerprint(decided.db)
    what_if(decided.admin, decided.db, stricter_policy())
    what_if(decided.board, decided.db, policy("2.0.0"))
    preview_release_impact(decided.admin, decided.db, bundle("2027.1"))
    assert fingerprint(decided.db) == before


def test_groups_of_fewer_than_five_organisations_are_suppressed(decided: World) -> None:
    """Africa has 2 organisations: hidden. Europe (6) is hidden beside it, else the total (8)
    minus Europe would give Africa's figures away."""
    report = what_if(decided.admin, decided.db, stricter_policy())
    shown = {(g.dimension, g.group): (g.organisations, g.changed) for g in report.groups}
    assert not {g for d, g in shown if d == "region"}
    assert report.suppressed_groups == 2
    assert report.organisations == len(ORGS)
    assert shown[("standard", "safeguarding")] == (len(ORGS), len(ONE_TWO_ORGS))


def test_a_record_of_fewer_than_five_organisations_shows_no_figures(tmp_path: Path) -> None:
    few = {org: ORGS[org] for org in ("eu-1", "eu-2", "eu-3", "eu-4")}
    world = make_world(tmp_path / "few.duckdb", orgs=few)
    try:
        for org_id, (_, ratings) in few.items():
            world.decided(org_id, ratings)
        report = what_if(world.board, world.db, stricter_policy())
    finally:
        world.db.close()
    assert (report.organisations, report.changed, report.groups) == (None, None, ())
    assert report.suppressed_groups == 4  # all, europe and both standards
    assert report.changes == ()


def test_the_board_sees_aggregates_only(decided: World) -> None:
    """4 of 8 would change: a count of 1-4, withheld from the board (the admin sees it)."""
    report = what_if(decided.board, decided.db, stricter_policy())
    assert (report.organisations, report.changed) == (len(ORGS), None)
    assert {g.changed for g in report.groups} == {None}
    assert report.changes == ()
    assert not report.changes_shown
    assert what_if(decided.admin, decided.db, stricter_policy()).changed == len(ONE_TWO_ORGS)


def test_the_board_sees_that_nothing_would_change(decided: World) -> None:
    report = what_if(decided.board, decided.db, policy("1.0.0"))
    assert (report.organisations, report.changed) == (len(ORGS), 0)
    assert {g.changed for g in report.groups} == {0}


def test_the_board_cannot_single_out_an_organisation_by_sweeping_a_threshold(
    decided: World,
) -> None:
    """Raising the accredited band step by step, the board never sees 1-4 organisations
    change outcome (or keep it), in the field or in any group shown."""
    for step in range(80, 101):
        report = what_if(decided.board, decided.db, stricter_policy(step / 100))
        counts = [(report.organisations, report.changed)]
        counts += [(g.organisations, g.changed) for g in report.groups]
        for organisations, changed in counts:
            if changed is not None and organisations is not None:
                assert changed in (0, organisations) or min(changed, organisations - changed) >= 5


@pytest.mark.parametrize("role", ["eu-1-member", "reviewer", "decider"])
def test_organisations_and_reviewers_may_not_run_what_if(decided: World, role: str) -> None:
    principal = decided.members["eu-1"] if role == "eu-1-member" else getattr(decided, role)
    before = fingerprint(decided.db)
    with pytest.raises(AccessDenied) as refused:
        what_if(principal, decided.db, stricter_policy())
    assert refused.value.code == "access.denied"
    with pytest.raises(AccessDenied):
        preview_release_impact(principal, decided.db, bundle("2027.1"))
    assert fingerprint(decided.db) == before


def test_only_the_admin_previews_a_release(decided: World) -> None:
    with pytest.raises(AccessDenied):
        preview_release_impact(decided.board, decided.db, bundle("2027.1"))


def test_previewing_the_same_release_changes_nothing(decided: World) -> None:
    report = preview_release_impact(decided.admin, decided.db, bundle("2026.1"))
    assert (report.organisations, report.changed) == (len(ORGS), 0)


def test_preview_of_a_release_with_a_longer_scale_and_a_new_standard(decided: World) -> None:
    """2027.1 scores out of 4 and adds online-work: no answer of 3 reaches 0.8 any more."""
    report = preview_release_impact(decided.admin, decided.db, bundle("2027.1"))
    accredited = {org for org, (_, ratings) in ORGS.items() if ratings != ALL_ONE}
    assert {c.org_id for c in report.changes} == accredited
    assert {c.after for c in report.changes} == {"not_accredited"}
    assert ("standard", "online-work") in {(g.dimension, g.group) for g in report.groups}
    assert ("standard", "staff-care") not in {(g.dimension, g.group) for g in report.groups}


def test_a_policy_is_taken_from_the_library_or_refused() -> None:
    assert library_policy("2.0.0", LIBRARY).version == "2.0.0"
    with pytest.raises(InvalidInput) as refused:
        library_policy("9.9.9", LIBRARY)
    assert "1.0.0, 2.0.0" in refused.value.message
