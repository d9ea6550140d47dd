"""accredit evidence add | list | get: the organisation attaches evidence from a shell, its
reviewer lists it and saves a file; everyone else is refused with one line, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.cli.registry import EXIT_INVALID, EXIT_OK
from tests.service.test_workflow_cli import ALL_THREE, imported, record, refused, run

__all__ = ["record"]  # the fixture, shared with the workflow tests

POLICY = b"%PDF-1.7 safeguarding policy"


def _attached(record: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """alpha's draft with a file and a link for SG-01, submitted, `reviewer` assigned."""
    aid = imported(record, capsys, ALL_THREE)
    policy = record.parent / "policy.pdf"
    policy.write_bytes(POLICY)
    code, out, err = run(
        capsys, "evidence", "add", aid, "SG-01", "--title", "Safeguarding policy",
        "--file", str(policy), "--as", "alpha-member",
    )  # fmt: skip
    assert (code, err) == (EXIT_OK, "")
    assert out == f"added {aid}-e001 to SG-01 of {aid}: Safeguarding policy\n"
    link = ("--url", "https://example.org/code", "--title", "Code of conduct")
    assert run(capsys, "evidence", "add", aid, "SG-01", *link, "--as", "alpha-admin")[0] == 0
    for argv in (
        ["assessment", "submit", aid, "--as", "alpha-member"],
        ["review", "assign", aid, "reviewer", "--as", "admin"],
    ):
        assert run(capsys, *argv)[0] == EXIT_OK, argv
    return aid


def test_the_reviewer_lists_and_saves_the_evidence(
    record: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    aid = _attached(record, capsys)
    code, out, _ = run(capsys, "evidence", "list", aid, "--as", "reviewer")
    assert code == EXIT_OK
    assert out.splitlines() == [
        f"{aid}-e001  SG-01  file  Safeguarding policy  policy.pdf ({len(POLICY)} bytes)",
        f"{aid}-e002  SG-01  link  Code of conduct  https://example.org/code",
        f"2 piece(s) of evidence in {aid}",
    ]
    code, out, _ = run(capsys, "evidence", "list", aid, "--format", "json", "--as", "reviewer")
    listed = json.loads(out)
    assert [(e["id"], e["kind"], e["media_type"]) for e in listed] == [
        (f"{aid}-e001", "file", "application/pdf"),
        (f"{aid}-e002", "link", None),
    ]
    saved = record.parent / "saved" / "policy.pdf"
    code, out, _ = run(capsys, "evidence", "get", f"{aid}-e001", "--out", str(saved),
                       "--as", "reviewer")  # fmt: skip
    assert (code, saved.read_bytes()) == (EXIT_OK, POLICY)
    assert out == f"wrote {saved} ({len(POLICY)} bytes)\n"


@pytest.mark.parametrize("who", ["beta-member", "decider", "board"])
def test_others_are_refused_in_one_line(
    record: Path, capsys: pytest.CaptureFixture[str], who: str
) -> None:
    aid = _attached(record, capsys)
    out = record.parent / "taken.pdf"
    err = refused(capsys, "access.denied", "evidence", "get", f"{aid}-e001", "--out", str(out),
                  "--as", who)  # fmt: skip
    assert "may not open the evidence" in err
    assert not out.exists()
    refused(capsys, "access.denied", "evidence", "list", aid, "--as", who)


def test_bad_input_is_named(record: Path, capsys: pytest.CaptureFixture[str]) -> None:
    aid = imported(record, capsys, ALL_THREE)
    link = ("--url", "https://example.org/code", "--title", "Code of conduct")
    assert run(capsys, "evidence", "add", aid, "SG-01", *link, "--as", "alpha-member")[0] == 0
    err = refused(capsys, "input.invalid", "evidence", "get", f"{aid}-e001",
                  "--out", str(record.parent / "x"), "--as", "alpha-member")  # fmt: skip
    assert "is a link, not a file" in err
    nowhere = str(record.parent / "nowhere.pdf")
    code, _, err = run(capsys, "evidence", "add", aid, "SG-01", "--title", "t",
                       "--file", nowhere, "--as", "alpha-member")  # fmt: skip
    assert code == EXIT_INVALID and "is not a readable file under 20 MB" in err
    script = record.parent / "run.sh"
    script.write_text("#!/bin/sh\n", encoding="utf-8")
    err = refused(capsys, "input.invalid", "evidence", "add", aid, "SG-02", "--title", "t",
                  "--file", str(script), "--as", "alpha-member")  # fmt: skip
    assert "files of type .sh are not accepted" in err
    policy = record.parent / "policy.pdf"
    policy.write_bytes(POLICY)
    err = refused(capsys, "input.invalid", "evidence", "add", aid, "NOPE-1", "--title", "t",
                  "--file", str(policy), "--as", "alpha-member")  # fmt: skip
    assert "has no requirement NOPE-1" in err
    assert not any(p.is_file() for p in Path(f"{record}.evidence").rglob("*"))
    assert run(capsys, "assessment", "submit", aid, "--as", "alpha-member")[0] == EXIT_OK
    err = refused(capsys, "lifecycle.illegal_transition", "evidence", "add", aid, "SG-01",
                  "--title", "t", "--file", str(policy), "--as", "alpha-member")  # fmt: skip
    assert "cannot edit a self-assessment that is submitted" in err


def test_the_organisation_removes_evidence_while_editing_only(
    record: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    aid = imported(record, capsys, ALL_THREE)
    link = ("--url", "https://example.org/wrong", "--title", "Wrong link")
    assert run(capsys, "evidence", "add", aid, "SG-02", *link, "--as", "alpha-member")[0] == 0
    code, out, _ = run(capsys, "evidence", "remove", f"{aid}-e001", "--as", "alpha-admin")
    assert (code, out) == (EXIT_OK, f"removed {aid}-e001 (Wrong link) from SG-02\n")
    code, out, _ = run(capsys, "evidence", "list", aid, "--as", "alpha-member")
    assert out == f"0 piece(s) of evidence in {aid}\n"
    refused(capsys, "access.denied", "evidence", "remove", f"{aid}-e001", "--as", "alpha-admin")
    link = ("--url", "https://example.org/right", "--title", "Right link")
    assert run(capsys, "evidence", "add", aid, "SG-02", *link, "--as", "alpha-member")[0] == 0
    assert run(capsys, "assessment", "submit", aid, "--as", "alpha-member")[0] == EXIT_OK
    err = refused(capsys, "lifecycle.illegal_transition", "evidence", "remove", f"{aid}-e002",
                  "--as", "alpha-admin")  # fmt: skip
    assert "submitted" in err
