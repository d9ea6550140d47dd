"""Mistakes at the command line get one clear line and exit 1 or 2, never exit 3, and leave the
record and the file system as they were (found by a bad-input review of every command)."""

from __future__ import annotations

import io
import os
from pathlib import Path

import duckdb
import pytest

from engine.cli import main
from engine.cli.registry import EXIT_INVALID, EXIT_USAGE

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "accredited.yaml"


@pytest.fixture
def record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    db = tmp_path / "record.duckdb"
    monkeypatch.setenv("ACCREDIT_DB", str(db))
    monkeypatch.setenv("ACCREDIT_ADMIN_PASSWORD", "admin-password-1")
    monkeypatch.delenv("ACCREDIT_NEW_PASSWORD", raising=False)
    assert main(["db", "init", "--admin", "root"]) == 0
    return db


def audit_entries(db: Path) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute("SELECT count(*) FROM audit_log").fetchone()
    assert row is not None
    return int(row[0])


@pytest.mark.parametrize(
    "command",
    [
        ["db", "verify-audit"],
        ["db", "backup", "{tmp}/copy.duckdb"],
        ["users", "list", "--as", "root"],
        ["verify-certificate", "ABCD-EFGH-JKLM-NPQR"],
    ],
)
def test_a_mistyped_record_path_is_refused_and_no_record_is_made(
    tmp_path: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    typo = tmp_path / "recrod.duckdb"
    argv = [part.format(tmp=tmp_path) for part in command]
    assert main([*argv, "--db", str(typo)]) == EXIT_INVALID
    assert f"no record at {typo}" in capsys.readouterr().err
    assert not typo.exists()
    assert not (tmp_path / "copy.duckdb").exists()


@pytest.mark.parametrize(
    ("out", "says"),
    [
        ("folder", "is a folder"),
        ("afile/inside.zip", "is a file, not a folder"),
        ("", "a file"),
        ("link.pdf", "is a symbolic link"),
        ("pipe", "is not a regular file"),
    ],
)
def test_an_output_that_cannot_be_a_file_is_a_usage_error_before_anything_happens(
    record: Path, tmp_path: Path, out: str, says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "afile").write_text("x")
    (tmp_path / "link.pdf").symlink_to(tmp_path / "afile")
    os.mkfifo(tmp_path / "pipe")
    target = str(tmp_path / out) if out else ""
    before = audit_entries(record)
    for argv in (
        ["certificate", "INDEX-2026-00001", "--out", target, "--as", "root"],
        ["report", "x-001", "--out", target, "--as", "root"],
        ["template", target, "--profile", str(EXAMPLE)],
    ):
        assert main(argv) == EXIT_USAGE, argv
        assert says in capsys.readouterr().err
    assert audit_entries(record) == before
    assert (tmp_path / "link.pdf").is_symlink() and (tmp_path / "afile").read_text() == "x"


@pytest.mark.filterwarnings("ignore::getpass.GetPassWarning")
def test_a_missing_password_at_the_prompt_is_bad_input(
    record: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["users", "add", "dana", "--role", "board", "--as", "root"]) == EXIT_INVALID
    assert "no password given" in capsys.readouterr().err
    assert main(["users", "list", "--as", "root"]) == 0
    assert "dana" not in capsys.readouterr().out


@pytest.mark.parametrize("user_id", ["", " ", "a b", "_under", "x" * 65, "ü"])
def test_an_account_id_must_be_a_plain_name(
    record: Path, user_id: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["users", "add", user_id, "--role", "board", "--no-password", "--as", "root"]
    assert main(argv) == EXIT_INVALID
    assert "is not a user id" in capsys.readouterr().err


def test_numbers_too_long_for_python_are_named_not_crashed_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "schema_version: 1", "schema_version: 1" + "1" * 5000, 1
    )
    path = tmp_path / "long.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["score", str(path)]) == EXIT_INVALID
    assert "schema_version" in capsys.readouterr().out + capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["score", str(EXAMPLE), "--as-of", "9999-12-31"],
        ["dashboard", "--port", "99999"],
        ["dashboard", "--port", "-1"],
        ["assessment", "submit", "alpha-001", "--expected-version", "-5", "--as", "root"],
        ["assessment", "submit", "alpha-001", "--expected-version", "0", "--as", "root"],
    ],
)
def test_out_of_range_values_are_usage_errors(argv: list[str]) -> None:
    assert main(argv) == EXIT_USAGE


def test_validating_an_empty_folder_is_an_error_not_a_pass(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(tmp_path)]) == EXIT_INVALID
    assert "no YAML or JSON files in this folder" in capsys.readouterr().out


def test_a_folder_of_broken_links_and_pipes_names_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "sg.yaml").symlink_to(tmp_path / "gone.yaml")
    os.mkfifo(tmp_path / "pipe.json")
    assert main(["validate", str(tmp_path)]) == EXIT_INVALID
    out = capsys.readouterr().out
    assert "skipped, not regular files: pipe.json, sg.yaml" in out


def test_a_pipe_is_refused_without_waiting_for_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Reading a named pipe would block until someone writes to it: it is refused at once."""
    pipe = tmp_path / "standard.yaml"
    os.mkfifo(pipe)
    assert main(["validate", str(pipe)]) == EXIT_INVALID
    assert "not a regular file" in capsys.readouterr().out


def test_diffing_a_standard_with_itself_says_no_changes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    standard = next((EXAMPLE.parents[1] / "standards" / "case-management").glob("*.yaml"))
    assert main(["diff", str(standard), str(standard)]) == 0
    out = capsys.readouterr().out
    assert out.endswith(": no changes\n") and "bump" not in out


@pytest.mark.parametrize(
    "argv",
    [
        ["diff", "--release", "2026.1", "2026.1", "--library", "{missing}"],
        ["what-if", "--policy", "1.0.0", "--library", "{missing}", "--as", "admin"],
        ["diff", "--release", "2026.1", "2026.1", "--library", "{empty}"],
    ],
)
def test_a_library_folder_that_is_not_one_is_named(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not 'release 2026.1 is not in the library (releases: none)': the folder is wrong."""
    (tmp_path / "empty").mkdir()
    paths = {"missing": str(tmp_path / "nowhere"), "empty": str(tmp_path / "empty")}
    assert main([a.format(**paths) for a in argv]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "give the standards library's folder" in err and "releases: none" not in err


def _with_answers(tmp_path: Path, old: str, new: str) -> Path:
    """The accredited example with one line of its answers changed."""
    text = EXAMPLE.read_text(encoding="utf-8")
    assert text.count(old) >= 1
    changed = tmp_path / "mine.yaml"
    changed.write_text(text.replace(old, new, 1), encoding="utf-8")
    return changed


def test_validate_finds_an_answer_to_a_requirement_the_release_does_not_have(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What `score` reports as SA07, `validate` finds with its line and a likely id."""
    changed = _with_answers(tmp_path, "\n  MVR-01:\n", "\n  MVR-91:\n")
    assert main(["validate", str(changed)]) == 0  # a warning: scoring ignores the answer
    out = capsys.readouterr().out
    line = changed.read_text(encoding="utf-8").split("\n").index("  MVR-91:") + 1
    assert f"mine.yaml:{line}:3: warning: unknown-reference $.responses.MVR-91: release" in out
    assert out.endswith("1 file(s) valid, 1 warning(s)\n")
    assert 'did you mean "MVR-01"?' in out


def test_validate_refuses_a_rating_off_the_policys_scale(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    changed = _with_answers(tmp_path, "    rating: 4\n", "    rating: 7\n")
    assert main(["validate", str(changed)]) == EXIT_INVALID
    out = capsys.readouterr().out
    assert "invalid-value $.responses." in out
    assert "rating 7 is not on the scale [0, 1, 2, 3, 4]" in out
