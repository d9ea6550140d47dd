"""Diffs of the fixture standard versions and releases, the notes and the plain forms."""

from __future__ import annotations

import hashlib
import json

import pytest
from versioning_fixtures import LIBRARY, bundle, release, standard

from engine.models.conditions import AllOf, AnyOf, AtLeast, ContainsAll, ContainsAny, Equals, Not
from engine.versioning import (
    Bump,
    bump_for,
    diff_releases,
    diff_standards,
    release_diff_data,
    release_diff_text,
    release_notes_markdown,
    standard_diff_data,
    standard_diff_text,
    standard_notes_markdown,
)
from engine.versioning.scope import implies


def _summary(old: str, new: str) -> dict[str, object]:
    diff = diff_standards(standard("safeguarding", old), standard("safeguarding", new))
    return {
        "bump": diff.required_bump,
        "added": [r.id for r in diff.added],
        "removed": [r.id for r in diff.removed],
        "changed": {
            c.requirement_id: [(a.aspect, a.kind) for a in c.changes] for c in diff.changed
        },
    }


def test_a_wording_fix_needs_a_patch() -> None:
    assert _summary("1.0.0", "1.0.1") == {
        "bump": Bump.PATCH,
        "added": [],
        "removed": [],
        "changed": {
            "SG-01": [("guidance", "reworded")],
            "SG-03": [("title", "reworded"), ("statement", "reworded")],
        },
    }


def test_an_added_requirement_and_wider_context_need_a_minor() -> None:
    assert _summary("1.0.1", "1.1.0") == {
        "bump": Bump.MINOR,
        "added": ["SG-04"],
        "removed": [],
        "changed": {"SG-02": [("scope", "widened")], "SG-03": [("na_allowed", "allowed")]},
    }


def test_a_removed_requirement_and_changed_meaning_need_a_major() -> None:
    assert _summary("1.1.0", "2.0.0") == {
        "bump": Bump.MAJOR,
        "added": [],
        "removed": ["SG-02"],
        "changed": {
            "SG-01": [("statement", "rewritten")],
            "SG-03": [("critical", "made critical"), ("na_allowed", "withdrawn")],
        },
    }


def test_a_change_missing_from_the_table_counts_as_major() -> None:
    assert bump_for("statement", "something new") == Bump.MAJOR


def test_release_diff_lists_standards_added_removed_changed_and_the_policy() -> None:
    diff = diff_releases(bundle("2026.1"), bundle("2027.1"))
    assert [s.id for s in diff.standards_added] == ["online-work"]
    assert [s.id for s in diff.standards_removed] == ["staff-care"]
    assert [(d.standard_id, d.old_version, d.new_version) for d in diff.standards_changed] == [
        ("safeguarding", "1.0.0", "2.0.0")
    ]
    assert diff.policy is not None
    assert diff.policy.scale_changed
    assert diff.required_bump == Bump.MAJOR


def test_a_release_that_only_adds_a_standard_needs_a_minor() -> None:
    old, new = bundle("2026.2"), bundle("2026.2")
    grown = type(new)(new.release, new.policy, (*new.standards, standard("online-work", "1.0.0")))
    diff = diff_releases(old, grown)
    assert [s.id for s in diff.standards_added] == ["online-work"]
    assert diff.required_bump == Bump.MINOR
    assert diff_releases(grown, old).required_bump == Bump.MAJOR


def test_a_release_compared_with_itself_is_empty() -> None:
    diff = diff_releases(bundle("2026.2"), bundle("2026.2"))
    assert diff.is_empty
    assert diff.required_bump == Bump.NONE


@pytest.mark.parametrize("version", ["2026.1", "2026.2", "2027.1"])
def test_fixture_releases_pin_the_files_they_name(version: str) -> None:
    pinned = release(version)
    files = [(LIBRARY / "policies" / f"{pinned.policy.version}.yaml", pinned.policy.sha256)]
    files += [(LIBRARY / s.id / f"{s.version}.yaml", s.sha256) for s in pinned.standards]
    assert all(hashlib.sha256(path.read_bytes()).hexdigest() == sha for path, sha in files)


WITH_MINORS = Equals(op="eq", field="works_with_minors", value=True)
ONLINE = ContainsAny(op="contains_any", field="settings", values=["online"])
ONLINE_OR_FAMILY = ContainsAny(op="contains_any", field="settings", values=["online", "family"])
BOTH = ContainsAll(op="contains_all", field="settings", values=["online", "family"])
LARGE = AtLeast(op="gte", field="overall_score", value=0.8)
LARGER = AtLeast(op="gte", field="overall_score", value=0.9)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (WITH_MINORS, None, True),
        (None, WITH_MINORS, False),
        (ONLINE, ONLINE_OR_FAMILY, True),
        (ONLINE_OR_FAMILY, ONLINE, False),
        (BOTH, ONLINE, True),
        (BOTH, ONLINE_OR_FAMILY, True),
        (LARGER, LARGE, True),
        (LARGE, LARGER, False),
        (AllOf(op="all", conditions=[ONLINE, WITH_MINORS]), WITH_MINORS, True),
        (WITH_MINORS, AnyOf(op="any", conditions=[ONLINE, WITH_MINORS]), True),
        (AnyOf(op="any", conditions=[ONLINE, WITH_MINORS]), WITH_MINORS, False),
        (Not(op="not", condition=ONLINE_OR_FAMILY), Not(op="not", condition=ONLINE), True),
        (Not(op="not", condition=ONLINE), Not(op="not", condition=ONLINE_OR_FAMILY), False),
        (ONLINE, WITH_MINORS, False),
    ],
)
def test_implication_between_conditions(a: object, b: object, expected: bool) -> None:
    assert implies(a, b) is expected  # type: ignore[arg-type]


def test_release_notes_in_markdown_name_every_change() -> None:
    notes = release_notes_markdown(diff_releases(bundle("2026.1"), bundle("2027.1")))
    assert notes.startswith("# Release notes: 2026.1 → 2027.1\n")
    assert "Required version bump: **MAJOR**" in notes
    for text in ("**Online work** (`online-work` 1.0.0)", "**Staff care**", "**SG-02**",
                 "`rating_scale` changed (MAJOR)", "**SG-03** Incident register:",
                 "`critical` made critical (MAJOR)"):  # fmt: skip
        assert text in notes


def test_release_notes_translate_headings_and_titles() -> None:
    notes = release_notes_markdown(diff_releases(bundle("2026.1"), bundle("2027.1")), "de")
    assert notes.startswith("# Versionshinweise: 2026.1 → 2027.1\n")
    assert "## Schutzkonzept (`safeguarding` 1.0.0 → 2.0.0) (MAJOR)" in notes
    assert "### Entfernte Anforderungen" in notes
    unknown = release_notes_markdown(diff_releases(bundle("2026.1"), bundle("2027.1")), "xx")
    assert unknown.startswith("# Release notes:")


def test_notes_for_identical_versions_say_there_are_no_changes() -> None:
    same = standard("safeguarding", "1.0.0")
    assert "No changes." in standard_notes_markdown(diff_standards(same, same))
    assert "No changes." in release_notes_markdown(
        diff_releases(bundle("2026.1"), bundle("2026.1"))
    )


def test_json_and_text_forms_of_the_diffs() -> None:
    diff = diff_releases(bundle("2026.1"), bundle("2027.1"))
    data = json.loads(json.dumps(release_diff_data(diff)))
    assert data["required_bump"] == "major"
    assert data["standards_removed"] == [{"standard": "staff-care", "version": "1.0.0"}]
    changed = data["standards_changed"][0]
    assert changed["removed"] == ["SG-02"]
    assert {"requirement": "SG-01", "bump": "major"}.items() <= changed["changed"][0].items()
    text = release_diff_text(diff)
    assert "- standard staff-care 1.0.0" in text
    assert "  - SG-02 Safeguarding minors [major]" in text
    one = diff.standards_changed[0]
    assert standard_diff_data(one)["new_version"] == "2.0.0"
    assert standard_diff_text(one).startswith("safeguarding 1.0.0 -> 2.0.0: needs a major bump")
