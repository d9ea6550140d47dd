"""A published file edited in place (its bytes no longer what the release pins) stops every
command that would use it, with the problem named at its place: diffing, migrating, a
what-if under the policy, scoring a file, registering the release in a record."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from versioning_fixtures import FIXTURES, LIBRARY

from engine.cli import main
from engine.service import library_checks, maintenance, what_if
from engine.service.errors import InvalidInput
from engine.service.principals import SYSTEM

ALPHA = FIXTURES / "assessments" / "alpha-2026.1.yaml"
HASH_MISMATCH = "releases/2026.1.yaml:"


@pytest.fixture
def edited(tmp_path: Path) -> Path:
    """A copy of the fixture library in which safeguarding 1.0.0 (pinned by release 2026.1)
    and policy 1.0.0 were changed after publication."""
    library = tmp_path / "standards"
    shutil.copytree(LIBRARY, library)
    standard = library / "safeguarding" / "1.0.0.yaml"
    text = standard.read_text(encoding="utf-8")
    standard.write_text(text.replace("critical: true", "critical: false", 1), encoding="utf-8")
    policy = library / "policies" / "1.0.0.yaml"
    text = policy.read_text(encoding="utf-8")
    policy.write_text(text.replace("critical: 2.0", "critical: 3.0", 1), encoding="utf-8")
    return library


def _refused(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code = main(list(argv))
    said = capsys.readouterr()
    assert code == 1, said
    assert "Traceback" not in said.err
    return said.out + said.err


def test_a_diff_of_releases_names_the_edited_files_instead_of_a_false_diff(
    edited: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    said = _refused(capsys, "diff", "--release", "2026.1", "2027.1", "--library", str(edited))
    assert "hash-mismatch" in said and "safeguarding/1.0.0.yaml has sha256" in said
    assert f"{HASH_MISMATCH}13:" in said  # line of the pinned hash in the release file
    assert "policies/1.0.0.yaml has sha256" in said


def test_a_migration_from_an_edited_release_is_refused(
    edited: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "alpha.yaml"
    shutil.copy(ALPHA, source)
    said = _refused(capsys, "migrate", str(source), "--to", "2027.1", "--library", str(edited))
    assert "hash-mismatch" in said
    assert not (tmp_path / "alpha.2027.1.yaml").exists()


def test_a_what_if_under_an_edited_policy_is_refused_with_the_problem(edited: Path) -> None:
    with pytest.raises(InvalidInput) as refused:
        what_if.library_policy("1.0.0", edited)
    message = refused.value.message
    assert message.startswith("policy 1.0.0 cannot be used: ")
    assert "hash-mismatch" in message and "release 2026.1" not in message.split(":")[0]
    assert library_checks.checked_policy("2.0.0", edited).version == "2.0.0"  # untouched


def test_an_unknown_or_untouched_release_is_told_apart_from_an_edited_one(edited: Path) -> None:
    with pytest.raises(InvalidInput, match=r"release 2026\.1 cannot be used: .*hash-mismatch"):
        library_checks.checked_release("2026.1", edited)
    assert library_checks.checked_release("2027.1", edited).version == "2027.1"
    with pytest.raises(Exception, match=r"release 2099\.1 is not in the library"):
        library_checks.checked_release("2099.1", edited)


def test_a_release_registered_with_other_content_is_not_registered_again(
    tmp_path: Path,
) -> None:
    """`db init --release` on a record that has the release already, from edited files."""
    db, _ = maintenance.open_record(tmp_path / "record.duckdb")
    try:
        good = library_checks.checked_release("2026.1", LIBRARY)
        assert maintenance.ensure_release(SYSTEM, db, good)
        assert not maintenance.ensure_release(SYSTEM, db, good)  # the same: nothing to do
        first = good.standards[0]
        changed = first.model_copy(update={"requirements": first.requirements[1:]})
        other = dataclasses.replace(good, standards=(changed, *good.standards[1:]))
        with pytest.raises(InvalidInput, match="registered with other content"):
            maintenance.ensure_release(SYSTEM, db, other)
    finally:
        db.close()
