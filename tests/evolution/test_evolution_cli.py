"""accredit what-if and accredit migrate-assessments, run as a user would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.cli import main
from engine.service.errors import NotFoundError
from engine.storage import open_database
from tests.evolution.world import LIBRARY, ONE_TWO, ORGS, decided_world
from tests.service.fingerprint import fingerprint

ONE_TWO_ORGS = sorted(org for org, (_, ratings) in ORGS.items() if ratings == ONE_TWO)


@pytest.fixture(scope="module")
def record(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "record.duckdb"
    decided_world(path).db.close()
    return path


def _fingerprint(path: Path) -> list[tuple[object, ...]]:
    db = open_database(str(path))
    try:
        return fingerprint(db)
    finally:
        db.close()


def _what_if(record: Path, user: str, *extra: str) -> list[str]:
    return ["what-if", "--library", str(LIBRARY), "--db", str(record), "--as", user, *extra]


def test_what_if_as_admin_lists_the_changed_organisations_and_writes_nothing(
    record: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _fingerprint(record)
    assert main(_what_if(record, "admin", "--policy", "2.0.0", "--format", "json")) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["subject"] == "policy 2.0.0"
    assert report["organisations"] == len(ORGS)
    assert {c["org_id"] for c in report["changes"]} >= set(ONE_TWO_ORGS)
    assert _fingerprint(record) == before


def test_what_if_as_board_shows_aggregates_in_text(
    record: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(_what_if(record, "board", "--policy", "1.0.0")) == 0
    out = capsys.readouterr().out
    assert f"0 of {len(ORGS)} organisations would change outcome" in out
    assert "europe" not in out and "africa" not in out  # 8 - Europe's 6 = Africa's 2
    assert "groups of fewer than 5 organisations suppressed: 2" in out


def test_what_if_refuses_an_organisation_member_and_an_unknown_policy(
    record: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(_what_if(record, "eu-1-member", "--policy", "1.0.0")) == 1
    assert "access.denied" in capsys.readouterr().err
    assert main(_what_if(record, "admin", "--policy", "7.0.0")) == 1
    assert "policy 7.0.0 is not in the library" in capsys.readouterr().err
    assert main(_what_if(record, "nobody", "--policy", "1.0.0")) == 1
    assert NotFoundError.code in capsys.readouterr().err


def test_migrate_assessments_dry_run_then_for_real(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "record.duckdb"
    decided_world(path).db.close()
    command = ["migrate-assessments", "--to", "2026.2", "--db", str(path), "--as", "admin"]
    before = _fingerprint(path)
    assert main([*command, "--dry-run"]) == 0
    assert f"would move {len(ORGS)} self-assessment(s) to release 2026.2" in capsys.readouterr().out
    assert _fingerprint(path) == before
    assert main([*command, "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert len(report["moved"]) == len(ORGS)
    assert report["moved"][0]["needs_reconfirmation"] == ["SG-01", "SG-02", "SG-03"]
    assert main(command) == 0
    assert "its latest self-assessment is on release 2026.2 already" in capsys.readouterr().out


def test_migrate_assessments_refuses_a_release_not_yet_in_effect(
    record: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    command = ["migrate-assessments", "--to", "2027.1", "--db", str(record), "--as", "admin"]
    assert main(command) == 1
    assert "release.not_yet_in_effect" in capsys.readouterr().err
    as_board = ["migrate-assessments", "--to", "2026.2", "--db", str(record), "--as", "board"]
    assert main(as_board) == 1
    assert "access.denied" in capsys.readouterr().err
