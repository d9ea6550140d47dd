"""accredit users ... and organisations ...: what an administrator does from a shell, with the
service's access rules, located errors for a bad profile file, and an intact audit log."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.cli import main
from engine.service.releases import list_releases
from engine.storage import Database

PROFILE = """\
kind: organisation_profile
schema_version: 1
organisation_id: exit-north
name: Exit North
profile:
  country: DE
  region: europe
  income_group: high
  organisation_type: {kind}
  settings: [community, custodial]
"""


@pytest.fixture
def record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    db = tmp_path / "record.duckdb"
    monkeypatch.setenv("ACCREDIT_DB", str(db))
    monkeypatch.setenv("ACCREDIT_ADMIN_PASSWORD", "admin-password-1")
    monkeypatch.setenv("ACCREDIT_NEW_PASSWORD", "member-password-1")
    assert main(["db", "init", "--admin", "root"]) == 0
    return db


def profile_file(tmp_path: Path, kind: str = "civil_society") -> Path:
    path = tmp_path / "profile.yaml"
    path.write_text(PROFILE.format(kind=kind), encoding="utf-8")
    return path


def test_an_admin_sets_up_an_organisation_and_its_admin(
    record: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["organisations", "add", str(profile_file(tmp_path)), "--as", "root"]) == 0
    assert main(["users", "add", "alice", "--role", "org_admin", "--org", "exit-north",
                 "--name", "Alice", "--as", "root"]) == 0  # fmt: skip
    capsys.readouterr()
    assert main(["users", "list", "--as", "root"]) == 0
    listing = capsys.readouterr().out
    assert "alice" in listing and "exit-north" in listing and "Alice" in listing
    assert main(["organisations", "list", "--as", "alice"]) == 0
    assert "Exit North" in capsys.readouterr().out
    assert (
        main(["organisations", "update-profile", str(profile_file(tmp_path)), "--as", "alice"]) == 0
    )
    assert "profile version 2" in capsys.readouterr().out
    assert main(["db", "verify-audit"]) == 0


def test_a_bad_profile_file_is_located_and_creates_nothing(
    record: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = profile_file(tmp_path, kind="club")
    assert main(["organisations", "add", str(bad), "--as", "root"]) == 1
    err = capsys.readouterr().err
    assert "profile.yaml:9:22:" in err and "$.profile.organisation_type" in err
    assert main(["organisations", "list", "--as", "root"]) == 0
    assert "exit-north" not in capsys.readouterr().out


def test_an_organisation_admin_may_not_manage_accounts(
    record: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["organisations", "add", str(profile_file(tmp_path)), "--as", "root"])
    main(["users", "add", "alice", "--role", "org_admin", "--org", "exit-north", "--as", "root"])
    capsys.readouterr()
    assert main(["users", "add", "mallory", "--role", "admin", "--as", "alice"]) == 1
    assert "access.denied" in capsys.readouterr().err
    assert main(["users", "list", "--as", "root"]) == 0
    assert "mallory" not in capsys.readouterr().out


def test_oidc_link_conflict_and_deactivation(
    record: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["organisations", "add", str(profile_file(tmp_path)), "--as", "root"])
    main(["users", "add", "rita", "--role", "reviewer", "--no-password", "--as", "root"])
    link = ["users", "link-oidc", "rita", "--issuer", "https://id.example.org", "--subject", "42"]
    assert main([*link, "--as", "root"]) == 0
    assert main(["users", "link-oidc", "rita", "--issuer", "http://plain", "--subject", "42",
                 "--as", "root"]) == 1  # fmt: skip
    conflict = ["users", "conflict", "rita", "--org", "exit-north", "--reason", "former employee"]
    assert main([*conflict, "--as", "root"]) == 0
    assert main(["users", "deactivate", "rita", "--as", "root"]) == 0
    capsys.readouterr()
    assert main(["organisations", "list", "--as", "rita"]) == 1
    assert "deactivated" in capsys.readouterr().err
    assert main(["db", "verify-audit"]) == 0


def test_what_exists_already_is_refused_in_plain_words(
    record: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No raw duplicate-key message: the user hears what exists and what to do."""
    profile = str(profile_file(tmp_path))
    assert main(["organisations", "add", profile, "--as", "root"]) == 0
    assert main(["organisations", "add", profile, "--as", "root"]) == 1
    assert "an organisation 'exit-north' exists already" in capsys.readouterr().err
    assert main(["users", "add", "root", "--role", "board", "--as", "root"]) == 1
    err = capsys.readouterr().err
    assert "an account 'root' exists already" in err and "Duplicate key" not in err
    assert main(["users", "add", "bob", "--role", "board", "--name", "x" * 201, "--as", "root"])
    assert "a display name has 1 to 200 characters" in capsys.readouterr().err
    assert main(["demo-data", "--orgs", "1"]) == 1
    assert "already holds a record" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("admin", "password", "said"),
    [("root", "short", "password needs"), ("ro'ot", "long-enough-1", "not a user id")],
)
def test_a_refused_admin_leaves_no_half_made_record(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    admin: str,
    password: str,
    said: str,
) -> None:
    db = tmp_path / "new.duckdb"
    monkeypatch.setenv("ACCREDIT_ADMIN_PASSWORD", password)
    assert main(["db", "init", "--db", str(db), "--admin", admin]) == 1
    assert said in capsys.readouterr().err
    assert not db.exists()


def test_an_existing_admin_refused_on_an_existing_record_registers_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A second `db init` naming an account that exists registers no release either."""
    library = Path(__file__).parents[1] / "versioning" / "fixtures" / "standards"
    db = tmp_path / "record.duckdb"
    monkeypatch.setenv("ACCREDIT_LIBRARY", str(library))
    monkeypatch.setenv("ACCREDIT_ADMIN_PASSWORD", "admin-password-1")
    assert main(["db", "init", "--db", str(db), "--release", "2026.1", "--admin", "root"]) == 0
    capsys.readouterr()
    assert main(["db", "init", "--db", str(db), "--release", "2026.2", "--admin", "root"]) == 1
    assert "an account 'root' exists already" in capsys.readouterr().err
    record = Database(db)
    try:
        assert [r.version for r in list_releases(record)] == ["2026.1"]
    finally:
        record.close()


def test_a_name_changed_in_the_profile_file_is_said_not_applied(
    record: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["organisations", "add", str(profile_file(tmp_path)), "--as", "root"]) == 0
    renamed = tmp_path / "renamed.yaml"
    text = PROFILE.format(kind="civil_society").replace("name: Exit North", "name: Exit South")
    renamed.write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert main(["organisations", "update-profile", str(renamed), "--as", "root"]) == 0
    assert "the name in the file ('Exit South') was not applied" in capsys.readouterr().err
