"""Transition windows: the release in effect, what may be started, certificates kept valid.

Fixture releases take effect on 2026-01-01 (2026.1), 2026-07-01 (2026.2) and 2027-01-01
(2027.1); the service's clock says 2026-11-22 unless a test freezes it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.service import assessments, certificates, clock, releases
from engine.service.errors import ReleaseUnavailable
from engine.service.principals import SYSTEM
from engine.service.release_transition import (
    NoReleaseInEffect,
    ReleaseEnded,
    ReleaseNotYetInEffect,
    certificate_basis,
    release_in_effect,
    release_windows,
)
from tests.evolution.world import ALL_THREE, World, bundle, make_world, with_window
from tests.service.builders import side_by_side

ORG = "eu-1"


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, 0)


def _start(world: World, release: str | None = None) -> str:
    with side_by_side():  # several starts of one organisation, each asking for a release
        draft = assessments.start_assessment(world.members[ORG], world.db, ORG, release)
    return draft.release_version


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 12, 31), None),
        (date(2026, 1, 1), "2026.1"),
        (date(2026, 6, 30), "2026.1"),
        (date(2026, 7, 1), "2026.2"),
        (date(2026, 11, 22), "2026.2"),
        (date(2027, 1, 1), "2027.1"),
    ],
)
def test_the_release_in_effect(empty: World, day: date, expected: str | None) -> None:
    assert release_in_effect(empty.db, day) == expected


def test_a_new_self_assessment_uses_the_release_in_effect(empty: World) -> None:
    assert _start(empty) == "2026.2"
    with clock.frozen_at(datetime(2027, 3, 1)):
        assert _start(empty) == "2027.1"


def test_a_release_not_yet_in_effect_is_refused(empty: World) -> None:
    with pytest.raises(ReleaseNotYetInEffect) as refused:
        _start(empty, "2027.1")
    assert refused.value.code == "release.not_yet_in_effect"
    assert "2027-01-01" in refused.value.message and "2026.2" in refused.value.message


def test_before_any_release_takes_effect_one_may_start_early(empty: World) -> None:
    with clock.frozen_at(datetime(2025, 6, 1)):
        assert _start(empty, "2026.1") == "2026.1"
        with pytest.raises(NoReleaseInEffect):
            _start(empty)


@pytest.fixture
def ending(tmp_path: Path) -> Iterator[World]:
    """2026.1 ends on 2027-03-31: a transition window of three months with 2027.1."""
    registered = (with_window("2026.1", "2026-01-01", "2027-03-31"), bundle("2027.1"))
    world = make_world(tmp_path / "ending.duckdb", bundles=registered)
    yield world
    world.db.close()


def test_both_releases_are_accepted_inside_the_transition_window(ending: World) -> None:
    with clock.frozen_at(datetime(2027, 2, 1)):
        assert _start(ending, "2026.1") == "2026.1"
        assert _start(ending) == "2027.1"


def test_a_release_whose_window_has_ended_is_refused(ending: World) -> None:
    with clock.frozen_at(datetime(2027, 4, 1)), pytest.raises(ReleaseEnded) as refused:
        _start(ending, "2026.1")
    assert "2027-03-31" in refused.value.message and "2027.1" in refused.value.message


def test_a_closed_release_is_refused(empty: World) -> None:
    releases.set_release_open(SYSTEM, empty.db, "2026.2", False)
    assert release_in_effect(empty.db, date(2026, 11, 22)) == "2026.1"
    with pytest.raises(ReleaseUnavailable) as refused:
        _start(empty, "2026.2")
    assert refused.value.code == "release.unavailable"


def test_a_certificate_stays_valid_against_its_own_release(ending: World) -> None:
    with clock.frozen_at(datetime(2027, 2, 1, 9)):
        assessment_id = ending.decided(ORG, ALL_THREE, release="2026.1")
    (certificate,) = certificates.list_certificates(ending.admin, ending.db, ORG)
    member = ending.members[ORG]
    after_the_end = date(2028, 6, 1)
    with clock.frozen_at(_at(after_the_end)):
        with pytest.raises(ReleaseEnded):
            _start(ending, "2026.1")
        basis = certificate_basis(member, ending.db, certificate.number)
        assert (basis.release_version, basis.status) == ("2026.1", "active")
        assert certificates.get_certificate(member, ending.db, certificate.number).status == (
            "active"
        )
    expired = certificate_basis(
        member, ending.db, certificate.number, basis.expires_on + timedelta(1)
    )
    assert expired.status == "expired"
    last_day = certificate_basis(member, ending.db, certificate.number, basis.expires_on)
    assert last_day.status == "active"
    assert assessments.get_assessment(member, ending.db, assessment_id).release_version == "2026.1"


@settings(max_examples=60, deadline=None)
@given(day=st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 12, 31)))
def test_the_release_in_effect_is_the_newest_whose_window_covers_the_day(
    decided: World, day: date
) -> None:
    windows = release_windows(decided.db)
    chosen = release_in_effect(decided.db, day)
    covering = [w.version for w in windows if w.covers(day)]
    assert chosen == (covering[-1] if covering else None)
    assert all(w.effective_from <= day for w in windows if w.version == chosen)
