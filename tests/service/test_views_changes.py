"""Read models of the pages where standards evolve: the administrators' release preview and an
organisation's "what changed since our certification", on the fixture releases."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.models import OrganisationProfile
from engine.rules import applicability
from engine.service import organisations
from engine.service.errors import AccessDenied, InvalidInput
from engine.service.principals import Principal
from engine.service.release_preview import Bump, ReleasePreview, candidate_bundle, release_preview
from engine.service.views_changes import changes_since_certification, effects_between
from engine.versioning import plan_migration
from tests.evolution.world import (
    ALL_THREE,
    LIBRARY,
    ORGS,
    World,
    bundle,
    decided_world,
    make_world,
)
from tests.service.fingerprint import fingerprint
from tests.strategies import profiles


@pytest.fixture(scope="module")
def decided(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """Eight organisations certified on release 2026.1; 2026.2 is in effect, 2027.1 to come.
    Shared by the read-only tests of this module."""
    world = decided_world(tmp_path_factory.mktemp("views-changes") / "record.duckdb")
    yield world
    world.db.close()


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[World]:
    """A record of its own (profiles change): eu-2 and eu-3 certified on release 2026.1."""
    orgs = {org: ORGS[org] for org in ("eu-2", "eu-3")}
    world = make_world(tmp_path / "record.duckdb", orgs=orgs)
    for org_id, (_, ratings) in orgs.items():
        world.decided(org_id, ratings)
    yield world
    world.db.close()


def _rows(preview: ReleasePreview) -> dict[str, tuple[str, str, Bump, dict[str, str]]]:
    """Requirement id -> (standard, change, bump, {aspect: kind})."""
    return {
        row.requirement_id: (
            standard.standard_id,
            row.change,
            row.bump,
            {a.aspect: a.kind for a in row.aspects},
        )
        for standard in preview.standards
        for row in standard.rows
    }


# --- release preview ----------------------------------------------------------------------


def test_a_minor_release_lists_added_and_widened_requirements(decided: World) -> None:
    preview = release_preview(decided.admin, decided.db, "2026.1", "2026.2", LIBRARY)
    rows = _rows(preview)
    assert rows["SG-04"] == ("safeguarding", "added", Bump.MINOR, {})
    assert rows["SG-02"][1:] == ("changed", Bump.MINOR, {"scope": "widened"})
    assert rows["SG-03"][3] == {
        "title": "reworded",
        "statement": "reworded",
        "na_allowed": "allowed",
    }
    assert rows["SG-01"][2] == Bump.PATCH
    assert preview.diff.required_bump == Bump.MINOR
    assert "staff-care" not in {s.standard_id for s in preview.standards}
    assert preview.bump_problems == ()


def test_a_major_release_lists_removals_criticality_weight_and_whole_standards(
    decided: World,
) -> None:
    preview = release_preview(decided.admin, decided.db, "2026.1", "2027.1", LIBRARY)
    rows = _rows(preview)
    assert rows["SG-02"][1:3] == ("removed", Bump.MAJOR)
    assert rows["SG-01"][3]["statement"] == "rewritten"
    assert rows["SG-03"][3]["critical"] == "made critical"
    weight = next(
        a for s in preview.standards for r in s.rows for a in r.aspects if a.aspect == "weight"
    )
    assert (weight.old, weight.new, weight.bump) == ("1", "2", Bump.MAJOR)
    assert rows["OW-01"][:2] == ("online-work", "added")
    assert {rows["SC-01"][1], rows["SC-02"][1]} == {"removed"}
    versions = {s.standard_id: (s.old_version, s.new_version) for s in preview.standards}
    assert versions["online-work"] == (None, "1.0.0")
    assert versions["staff-care"] == ("1.0.0", None)
    assert preview.diff.policy is not None and preview.diff.policy.scale_changed


def test_release_notes_are_markdown_in_the_chosen_language(decided: World) -> None:
    english = release_preview(decided.admin, decided.db, "2026.1", "2027.1", LIBRARY)
    german = release_preview(decided.admin, decided.db, "2026.1", "2027.1", LIBRARY, "de")
    assert english.notes_markdown.startswith("# Release notes: 2026.1 → 2027.1")
    assert "**SG-04**" in english.notes_markdown
    assert german.notes_markdown != english.notes_markdown


def _write(path: Path, text: str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _library_with_a_bad_bump(root: Path) -> Path:
    """A library whose release 2026.9 pins safeguarding 1.0.1: a requirement added in a PATCH
    (and the standard's purpose reworded)."""
    for folder in ("policies", "staff-care", "releases"):
        shutil.copytree(LIBRARY / folder, root / folder)
    for extra in ("2026.2", "2027.1"):
        (root / "releases" / f"{extra}.yaml").unlink()
    (root / "safeguarding").mkdir()
    shutil.copy(LIBRARY / "safeguarding" / "1.0.0.yaml", root / "safeguarding" / "1.0.0.yaml")
    text = (LIBRARY / "safeguarding" / "1.1.0.yaml").read_text(encoding="utf-8")
    text = text.replace('"1.1.0"', '"1.0.1"').replace(
        "Keep clients, staff", "Keep clients and staff"
    )
    digest = _write(root / "safeguarding" / "1.0.1.yaml", text)
    release = (LIBRARY / "releases" / "2026.2.yaml").read_text(encoding="utf-8")
    release = release.replace("2026.2", "2026.9").replace('"1.1.0"', '"1.0.1"')
    old_digest = hashlib.sha256((LIBRARY / "safeguarding" / "1.1.0.yaml").read_bytes()).hexdigest()
    _write(root / "releases" / "2026.9.yaml", release.replace(old_digest, digest))
    return root


def test_a_version_number_that_moves_too_little_is_a_bump_problem(
    decided: World, tmp_path: Path
) -> None:
    root = _library_with_a_bad_bump(tmp_path / "library")
    preview = release_preview(decided.admin, decided.db, "2026.1", "2026.9", root)
    assert [(p.code, p.location.document, p.location.version) for p in preview.bump_problems] == [
        ("version-bump", "safeguarding", "1.0.1")
    ]
    assert "need a minor version bump" in preview.bump_problems[0].message
    safeguarding = next(s for s in preview.standards if s.standard_id == "safeguarding")
    assert [(a.aspect, a.kind) for a in safeguarding.itself] == [("purpose", "reworded")]


def tampered_library(root: Path) -> Path:
    """The fixture library with a comment added to safeguarding 2.0.0: release 2027.1 no
    longer matches the hash it pins."""
    shutil.copytree(LIBRARY, root)
    with (root / "safeguarding" / "2.0.0.yaml").open("a", encoding="utf-8") as file:
        file.write("# edited after publication\n")
    return root


def test_problems_in_the_candidates_files_are_reported(decided: World, tmp_path: Path) -> None:
    root = tampered_library(tmp_path / "library")
    preview = release_preview(decided.admin, decided.db, "2026.1", "2027.1", root)
    codes = [p.code for p in preview.library_problems]
    assert "hash-mismatch" in codes
    untouched = release_preview(decided.admin, decided.db, "2026.1", "2027.1", LIBRARY)
    assert "hash-mismatch" not in [p.code for p in untouched.library_problems]
    clean = release_preview(decided.admin, decided.db, "2026.1", "2026.2", root)
    assert clean.library_problems == ()


def test_an_unknown_candidate_release_is_refused_as_data(decided: World) -> None:
    with pytest.raises(InvalidInput, match=r"release 2030\.1 is not in the library"):
        release_preview(decided.admin, decided.db, "2026.1", "2030.1", LIBRARY)


@pytest.mark.parametrize("who", ["board", "reviewer", "member"])
def test_only_administrators_preview_releases(decided: World, who: str) -> None:
    principal = decided.members["eu-1"] if who == "member" else getattr(decided, who)
    with pytest.raises(AccessDenied):
        release_preview(principal, decided.db, "2026.1", "2027.1", LIBRARY)
    with pytest.raises(AccessDenied):
        candidate_bundle(principal, "2027.1", LIBRARY)


# --- what changed since our certification -------------------------------------------------


def _effects(world: World, org_id: str, to: str | None = None) -> dict[str, tuple[str, str]]:
    changes = changes_since_certification(world.members[org_id], world.db, org_id, to)
    return {e.requirement_id: (e.change, e.meaning) for e in changes.effects}


def test_by_default_the_release_in_effect_is_compared_with_the_certified_one(
    decided: World,
) -> None:
    changes = changes_since_certification(decided.members["eu-1"], decided.db, "eu-1")
    assert changes.certificate is not None and changes.certificate.status == "active"
    assert (changes.from_release, changes.to_release) == ("2026.1", "2026.2")
    assert changes.in_effect == "2026.2"
    assert changes.targets == ("2026.2", "2027.1")
    effects = {e.requirement_id: (e.change, e.meaning) for e in changes.effects}
    assert effects == {
        "SG-01": ("changed", "reconfirm"),
        "SG-02": ("changed", "reconfirm"),
        "SG-03": ("changed", "reconfirm"),
        "SG-04": ("added", "answer"),
    }
    assert changes.policy is None


def test_a_major_release_archives_answers_and_adds_requirements(decided: World) -> None:
    effects = _effects(decided, "eu-1", "2027.1")
    assert {rid for rid, e in effects.items() if e == ("removed", "archive")} == {
        "SG-02",
        "SC-01",
        "SC-02",
    }
    assert effects["OW-01"] == ("added", "answer")
    assert effects["SG-01"] == ("changed", "reconfirm")
    changes = changes_since_certification(decided.members["eu-1"], decided.db, "eu-1", "2027.1")
    assert changes.policy is not None and changes.policy.scale_changed


def _reprofile(world: World, org_id: str, **changes: object) -> None:
    current = organisations.get_organisation(world.admin, world.db, org_id)
    profile = OrganisationProfile.model_validate(
        {**current.profile.model_dump(mode="json"), **changes}
    )
    organisations.update_profile(world.admin, world.db, org_id, profile, current.row_version)


def test_only_requirements_that_concern_the_profile_are_listed(fresh: World) -> None:
    _reprofile(fresh, "eu-2", settings=["community"], works_with_minors=False)
    effects = _effects(fresh, "eu-2")
    assert "SG-04" not in effects  # online contact: eu-2 no longer works online
    assert "SG-02" not in effects  # minors or family: neither
    assert set(effects) == {"SG-01", "SG-03"}


def test_a_widened_context_that_now_covers_the_organisation_is_a_new_requirement(
    fresh: World,
) -> None:
    _reprofile(fresh, "eu-3", settings=["family"], works_with_minors=False)
    assert _effects(fresh, "eu-3")["SG-02"] == ("now applies", "answer")


def test_no_certificate_yet_gives_nothing_to_compare(tmp_path: Path) -> None:
    world = make_world(tmp_path / "none.duckdb", orgs={"eu-1": ORGS["eu-1"]})
    try:
        changes = changes_since_certification(world.members["eu-1"], world.db, "eu-1")
    finally:
        world.db.close()
    assert (changes.certificate, changes.to_release, changes.effects) == (None, None, ())


def test_when_no_newer_release_exists_nothing_changed(tmp_path: Path) -> None:
    world = make_world(
        tmp_path / "one.duckdb", orgs={"eu-1": ORGS["eu-1"]}, bundles=(bundle("2026.1"),)
    )
    try:
        world.decided("eu-1", ALL_THREE)
        changes = changes_since_certification(world.members["eu-1"], world.db, "eu-1")
    finally:
        world.db.close()
    assert changes.certificate is not None
    assert (changes.from_release, changes.targets, changes.to_release) == ("2026.1", (), None)


def test_a_release_that_is_not_newer_is_refused_as_data(decided: World) -> None:
    with pytest.raises(InvalidInput, match=r"not a registered release newer than 2026\.1"):
        changes_since_certification(decided.members["eu-1"], decided.db, "eu-1", "2026.1")


@pytest.mark.parametrize("who", ["other member", "board", "reviewer"])
def test_an_organisation_sees_only_its_own_changes(decided: World, who: str) -> None:
    principals: dict[str, Principal] = {
        "other member": decided.members["eu-2"],
        "board": decided.board,
        "reviewer": decided.reviewer,
    }
    with pytest.raises(AccessDenied):
        changes_since_certification(principals[who], decided.db, "eu-1")


def test_reading_changes_writes_nothing(decided: World) -> None:
    before = fingerprint(decided.db)
    changes_since_certification(decided.members["eu-1"], decided.db, "eu-1", "2027.1")
    release_preview(decided.admin, decided.db, "2026.1", "2027.1", LIBRARY)
    assert fingerprint(decided.db) == before


PAIRS = [("2026.1", "2026.2"), ("2026.1", "2027.1"), ("2026.2", "2027.1"), ("2027.1", "2026.1")]


@settings(max_examples=150, deadline=None)
@given(pair=st.sampled_from(PAIRS), profile=profiles, data=st.data())
def test_every_change_that_concerns_the_profile_is_listed_once_and_only_those(
    pair: tuple[str, str], profile: OrganisationProfile, data: st.DataObject
) -> None:
    old, new = bundle(pair[0]), bundle(pair[1])
    answered = data.draw(st.sets(st.sampled_from(old.requirement_ids())))
    effects = {e.requirement_id: e for e in effects_between(old, new, profile, answered)}
    assert len(effects) == len(effects_between(old, new, profile, answered))
    applies = [set(applicability(b, profile).applicable_requirement_ids()) for b in (old, new)]
    plan = plan_migration(old, new)
    for rid in {*old.requirement_ids(), *new.requirement_ids()}:
        found = effects.get(rid)
        meaning = found.meaning if found else None
        if rid not in applies[0] | applies[1]:
            assert found is None, rid
        elif old.requirement(rid) is None:
            assert meaning == "answer", rid
        elif new.requirement(rid) is None:
            assert meaning == ("archive" if rid in answered else "gone"), rid
        elif (rid in applies[0]) != (rid in applies[1]):
            assert found is not None and found.change in {"now applies", "no longer applies"}
        elif plan.action(rid) == "reconfirm":
            assert meaning == ("reconfirm" if rid in answered else "answer"), rid
        else:
            assert found is None, rid  # unchanged for this organisation: not listed
