"""When the standards library itself is broken or missing, every command that needs it says
which file, line and column is wrong (or which folder holds nothing), never only "not in the
library", and exits 1 (found by a bad-input review: only `validate` used to say where)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from engine.cli import main
from engine.cli.registry import EXIT_INVALID

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "accredited.yaml"
BROKEN_AT = "1.0.0.yaml:86:15: wrong-type $.requirements[0].critical"


@pytest.fixture
def broken_library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped library with one requirement's `critical: true` written as text."""
    library = tmp_path / "standards"
    shutil.copytree(ROOT / "standards", library)
    standard = library / "safeguarding-children-adults-at-risk" / "1.0.0.yaml"
    text = standard.read_text(encoding="utf-8")
    standard.write_text(text.replace("critical: true", 'critical: "yes"', 1), encoding="utf-8")
    monkeypatch.setenv("ACCREDIT_LIBRARY", str(library))
    return library


@pytest.mark.parametrize(
    "command",
    [
        ["standards", "list"],
        ["standards", "show", "SG"],
        ["score", str(EXAMPLE)],
        ["explain", str(EXAMPLE), "--requirement", "SG-01"],
        ["validate"],
    ],
)
def test_a_broken_library_file_is_named_by_every_command(
    broken_library: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(command) == EXIT_INVALID
    said = capsys.readouterr()
    assert BROKEN_AT in said.out + said.err
    assert "Traceback" not in said.out + said.err


@pytest.mark.parametrize("command", [["standards", "list"], ["validate"]])
def test_a_library_folder_without_files_is_an_error(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
) -> None:
    monkeypatch.setenv("ACCREDIT_LIBRARY", str(tmp_path / "nowhere"))
    assert main(command) == EXIT_INVALID
    said = capsys.readouterr()
    assert f"the standards library at {tmp_path / 'nowhere'} has no YAML or JSON files" in (
        said.out + said.err
    )
    assert "ACCREDIT_LIBRARY" in said.out + said.err


def test_a_release_the_library_lacks_is_located_in_the_self_assessment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace("release: '2026.1'", "release: '2099.9'")
    path = tmp_path / "assessment.yaml"
    path.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("release:"))
    assert main(["score", str(path)]) == EXIT_INVALID
    assert (
        f"{path}:{line}:10: unknown-reference $.release: release 2099.9" in capsys.readouterr().out
    )


def test_a_file_that_is_not_a_record_is_named_as_such(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "notes.duckdb"
    path.write_text("meeting notes\n", encoding="utf-8")
    assert main(["users", "list", "--as", "admin", "--db", str(path)]) == EXIT_INVALID
    assert "is not an Accredit record (not a DuckDB database)" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == "meeting notes\n"
