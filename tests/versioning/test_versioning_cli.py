"""`accredit diff` and `accredit migrate` as a user runs them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from versioning_fixtures import FIXTURES, LIBRARY

from engine.cli import main

SAFEGUARDING = LIBRARY / "safeguarding"
ALPHA = FIXTURES / "assessments" / "alpha-2026.1.yaml"


def test_diff_of_two_standard_files(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["diff", str(SAFEGUARDING / "1.0.1.yaml"), str(SAFEGUARDING / "1.1.0.yaml")])
    out = capsys.readouterr().out
    assert code == 0
    assert out.splitlines()[0] == "safeguarding 1.0.1 -> 1.1.0: needs a minor bump"
    assert "  + SG-04 Online contact [minor]" in out


def test_diff_fails_when_the_new_version_number_is_too_small(
    capsys: pytest.CaptureFixture[str],
) -> None:
    bad = FIXTURES / "invalid" / "safeguarding-1.2.0.yaml"
    code = main(["diff", str(SAFEGUARDING / "1.1.0.yaml"), str(bad), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 1
    assert data["required_bump"] == "major"
    assert [p["code"] for p in data["problems"]] == ["version-bump"]


def test_diff_of_two_releases_as_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["diff", "--release", "2026.1", "2027.1", "--library", str(LIBRARY)]
    code = main([*args, "--format", "markdown"])
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("# Release notes: 2026.1 → 2027.1")


def test_diff_of_releases_reads_the_library_from_the_environment(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACCREDIT_LIBRARY", str(LIBRARY))
    assert main(["diff", "--release", "2026.1", "2026.2", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["required_bump"] == "minor"


@pytest.mark.parametrize(
    "args",
    [
        ["diff"],
        ["diff", "one.yaml"],
        ["diff", "a.yaml", "b.yaml", "--release", "2026.1", "2026.2"],
    ],
)
def test_diff_usage_errors(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(args) == 2
    assert "give two standard files" in capsys.readouterr().err


def test_diff_of_bad_input_is_reported_not_raised(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("kind: standard\nid: [unclosed\n", encoding="utf-8")
    assert main(["diff", str(SAFEGUARDING / "1.0.0.yaml"), str(broken)]) == 1
    err = capsys.readouterr().err
    assert "broken.yaml" in err
    assert "Traceback" not in err
    args = ["diff", "--release", "2026.1", "1999.1", "--library", str(LIBRARY)]
    assert main(args) == 1
    assert "release 1999.1 is not in the library" in capsys.readouterr().err


def test_migrate_writes_a_new_file_and_a_report(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "alpha.yaml"
    shutil.copy(ALPHA, source)
    original = source.read_bytes()
    code = main(["migrate", str(source), "--to", "2027.1", "--library", str(LIBRARY)])
    out = capsys.readouterr().out
    assert code == 0
    assert source.read_bytes() == original
    migrated = YAML(typ="safe").load((tmp_path / "alpha.2027.1.yaml").read_text())
    assert migrated["release"] == "2027.1"
    assert migrated["responses"]["SG-01"]["needs_reconfirmation"] is True
    report = YAML(typ="safe").load((tmp_path / "alpha.2027.1.migration.yaml").read_text())
    assert set(report["migration"]["archived"]) == {"SG-02", "SC-01", "SC-02"}
    assert "archived (not in the new release):" in out
    monkeypatch.setenv("ACCREDIT_LIBRARY", str(LIBRARY))  # the library that has release 2027.1
    assert main(["validate", str(tmp_path / "alpha.2027.1.yaml")]) == 0


def test_migrate_dry_run_writes_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = tmp_path / "alpha.yaml"
    shutil.copy(ALPHA, source)
    args = ["migrate", str(source), "--to", "2026.2", "--library", str(LIBRARY)]
    assert main([*args, "--dry-run", "--format", "json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["needs_reconfirmation"] == ["SG-01", "SG-02", "SG-03"]
    assert summary["written"] == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alpha.yaml"]


def test_migrate_never_overwrites_without_force(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "alpha.yaml"
    shutil.copy(ALPHA, source)
    args = ["migrate", str(source), "--to", "2026.2", "--library", str(LIBRARY)]
    assert main([*args, "--output", str(source)]) == 2
    assert "must not replace the source" in capsys.readouterr().err
    out = tmp_path / "out.yaml"
    out.write_text("keep me", encoding="utf-8")
    assert main([*args, "--output", str(out)]) == 2
    assert out.read_text(encoding="utf-8") == "keep me"
    assert main([*args, "--output", str(out), "--force"]) == 0
    assert "release: '2026.2'" in out.read_text(encoding="utf-8")


def test_migrate_to_an_unknown_release(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["migrate", str(ALPHA), "--to", "2030.1", "--library", str(LIBRARY)]) == 1
    assert "release 2030.1 is not in the library" in capsys.readouterr().err


def test_a_json_self_assessment_migrates_to_a_yaml_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The migrated copy is written as YAML: it is named .yaml, never YAML inside .json."""
    source = tmp_path / "alpha.json"
    source.write_text(
        json.dumps(YAML(typ="safe").load(ALPHA.read_text(encoding="utf-8"))), encoding="utf-8"
    )
    args = ["migrate", str(source), "--to", "2027.1", "--library", str(LIBRARY)]
    assert main([*args, "--output", str(tmp_path / "out.json")]) == 2
    assert "name it .yaml" in capsys.readouterr().err
    assert main(args) == 0
    assert (tmp_path / "alpha.2027.1.yaml").is_file()
    assert not (tmp_path / "alpha.2027.1.json").exists()
