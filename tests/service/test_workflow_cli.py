"""accredit assessment | review | decide | action: the whole review lifecycle from a shell, on a
record with organisations alpha and beta and one account per role (tests/service/conftest.py).

Each test checks what a person at the terminal sees (the printed lines, the exit code) and what
the record then holds, read back through the service."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from engine.cli import main
from engine.cli.registry import EXIT_INVALID, EXIT_OK, EXIT_USAGE
from engine.service import assessments, certificates, decisions, improvement_actions, reviews
from engine.service.principals import Principal
from engine.storage import Database, open_database
from tests.service.conftest import CONDITIONAL, make_world

T = TypeVar("T")
ADMIN = Principal("admin", "admin")
MEMBER = Principal("alpha-member", "org_member", "alpha")
ALL_THREE = {"SG-01": 3, "SG-02": 3, "CM-01": 3, "CM-02": 3}
FILE = """\
kind: self_assessment
schema_version: 1
organisation: {{id: alpha, name: Alpha}}
release: '2026.1'
profile:
  country: DE
  region: europe
  income_group: high
  organisation_type: civil_society
  settings: [community]
responses:
{answers}
"""


@pytest.fixture
def record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "record.duckdb"
    make_world(path).db.close()
    monkeypatch.setenv("ACCREDIT_DB", str(path))
    return path


def look(record: Path, read: Callable[[Database], T]) -> T:
    """Read the record through the service, as the CLI left it."""
    db = open_database(str(record))
    try:
        return read(db)
    finally:
        db.close()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    said = capsys.readouterr()
    return code, said.out, said.err


def refused(capsys: pytest.CaptureFixture[str], code: str, *argv: str) -> str:
    """The step exits 1 with one line on stderr naming the service's error code, no output."""
    exit_code, out, err = run(capsys, *argv)
    assert exit_code == EXIT_INVALID, (argv, out, err)
    assert out == ""
    assert err.startswith(f"accredit: {code}: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


def imported(record: Path, capsys: pytest.CaptureFixture[str], ratings: dict[str, int]) -> str:
    """alpha's member imports the answers from a YAML file, as a member would from a shell."""
    answers = "\n".join(f"  {rid}: {{rating: {rating}}}" for rid, rating in ratings.items())
    path = record.parent / "answers.yaml"
    path.write_text(FILE.format(answers=answers), encoding="utf-8")
    code, out, err = run(capsys, "import", str(path), "--as", "alpha-member")
    assert code == EXIT_OK, err
    found = re.search(r"in (alpha-\d{3})$", out.strip())
    assert found is not None, out
    return found.group(1)


def state(record: Path, assessment_id: str) -> assessments.Assessment:
    return look(record, lambda db: assessments.get_assessment(ADMIN, db, assessment_id))


def in_review(record: Path, capsys: pytest.CaptureFixture[str], ratings: dict[str, int]) -> str:
    assessment_id = imported(record, capsys, ratings)
    for argv in (
        ["assessment", "submit", assessment_id, "--as", "alpha-member"],
        ["review", "assign", assessment_id, "reviewer", "--as", "admin"],
        ["review", "assign-decider", assessment_id, "decider", "--as", "admin"],
        ["review", "start", assessment_id, "--as", "reviewer"],
    ):
        code, _, err = run(capsys, *argv)
        assert code == EXIT_OK, (argv, err)
    return assessment_id


def reviewed(record: Path, capsys: pytest.CaptureFixture[str], ratings: dict[str, int]) -> str:
    """In review, with the reviewer's verdict (agree) on SG-01: ready for a decision."""
    assessment_id = in_review(record, capsys, ratings)
    argv = ["review", "verdict", assessment_id, "SG-01", "--agree", "--as", "reviewer"]
    assert run(capsys, *argv)[0] == EXIT_OK
    return assessment_id


def decided(record: Path, capsys: pytest.CaptureFixture[str], ratings: dict[str, int]) -> str:
    assessment_id = reviewed(record, capsys, ratings)
    code, _, err = run(capsys, "decide", assessment_id, "--as", "decider")
    assert code == EXIT_OK, err
    return assessment_id


def test_a_self_assessment_goes_from_submission_to_certificate(
    record: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    aid = imported(record, capsys, ALL_THREE)
    code, out, _ = run(capsys, "assessment", "show", aid, "--as", "alpha-member")
    assert code == EXIT_OK
    assert "state: draft\n" in out and "release: 2026.1\n" in out and "answers: 4\n" in out
    assert f"row version: {state(record, aid).row_version}\n" in out

    code, out, _ = run(capsys, "assessment", "submit", aid, "--as", "alpha-member")
    now = state(record, aid)
    assert (code, now.state) == (EXIT_OK, "submitted")
    assert out == f"{aid} is now submitted (row version {now.row_version})\n"

    code, out, _ = run(capsys, "review", "assign", aid, "reviewer", "--as", "admin")
    assert (code, out) == (EXIT_OK, f"assigned reviewer to review {aid}\n")
    code, out, _ = run(capsys, "review", "assign-decider", aid, "decider", "--as", "admin")
    assert (code, out) == (EXIT_OK, f"assigned decider to take the decision on {aid}\n")
    code, out, err = run(capsys, "review", "assign-decider", aid, "reviewer", "--as", "admin")
    assert code != EXIT_OK and "reviewer reviews" in err  # never one of its reviewers
    code, out, _ = run(capsys, "review", "start", aid, "--as", "reviewer")
    assert (code, state(record, aid).state) == (EXIT_OK, "in_review")
    assert f"{aid} is now in_review" in out

    before = state(record, aid).row_version
    code, out, _ = run(capsys, "review", "verdict", aid, "SG-02", "--adjust", "1",
                       "--reason", "the policy is a draft", "--as", "reviewer")  # fmt: skip
    assert code == EXIT_OK
    assert out.startswith(f"verdict on SG-02 of {aid}: adjusted to 1\n")
    verdicts = look(record, lambda db: reviews.list_verdicts(ADMIN, db, aid))
    assert [(v.requirement_id, v.verdict, v.adjusted_rating, v.reason) for v in verdicts] == [
        ("SG-02", "adjust", 1, "the policy is a draft")
    ]
    assert state(record, aid).row_version == before + 1  # a verdict moves the version on
    code, out, _ = run(capsys, "assessment", "show", aid, "--as", "reviewer")
    assert "verdicts: 1\n" in out and "adjusted: 1\n" in out

    code, out, _ = run(capsys, "review", "request-changes", aid,
                       "--reason", "attach the signed policy", "--as", "reviewer")  # fmt: skip
    assert (code, state(record, aid).state) == (EXIT_OK, "changes_requested")
    assert f"{aid} is now changes_requested" in out

    assert imported(record, capsys, {**ALL_THREE, "SG-02": 2}) == aid  # the member answers
    code, out, _ = run(capsys, "assessment", "submit", aid, "--as", "alpha-member")
    assert (code, state(record, aid).state) == (EXIT_OK, "submitted")
    code, out, _ = run(capsys, "review", "start", aid, "--as", "reviewer")
    assert (code, state(record, aid).state) == (EXIT_OK, "in_review")
    code, out, _ = run(capsys, "review", "verdict", aid, "SG-02", "--agree", "--as", "reviewer")
    assert out.startswith(f"verdict on SG-02 of {aid}: agreed\n")

    code, out, err = run(capsys, "decide", aid, "--as", "decider")
    assert code == EXIT_OK, err
    found = re.fullmatch(
        rf"{aid} decided: accredited\nengine's outcome: accredited\ncertificate: (\S+)\n", out
    )
    assert found is not None, out
    decision = look(record, lambda db: decisions.get_decision(ADMIN, db, aid))
    assert decision is not None and decision.certificate_number == found.group(1)
    assert decision.decided_by == "decider"
    certificate = look(record, lambda db: certificates.get_certificate(ADMIN, db, found.group(1)))
    assert (certificate.assessment_id, certificate.status) == (aid, "active")
    assert state(record, aid).state == "decided"
    code, out, _ = run(capsys, "assessment", "show", aid, "--as", "alpha-member")
    assert "state: decided\n" in out and f"certificate: {found.group(1)}\n" in out
    assert run(capsys, "db", "verify-audit")[0] == EXIT_OK


def test_a_decision_other_than_the_engines_needs_a_rationale(
    record: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    aid = reviewed(record, capsys, ALL_THREE)
    err = refused(capsys, "input.invalid", "decide", aid, "--outcome", "not_accredited",
                  "--as", "decider")  # fmt: skip
    assert "the engine's outcome is accredited" in err
    why = "a safeguarding concern reported since"
    code, out, _ = run(capsys, "decide", aid, "--outcome", "not_accredited", "--rationale", why,
                       "--as", "decider")  # fmt: skip
    assert code == EXIT_OK
    assert out == (
        f"{aid} decided: not_accredited\nengine's outcome: accredited\ncertificate: none\n"
    )
    decision = look(record, lambda db: decisions.get_decision(ADMIN, db, aid))
    assert decision is not None and (decision.outcome, decision.certificate_number) == (
        "not_accredited",
        None,
    )


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["decide", "{aid}", "--as", "alpha-member"], "access.denied"),
        (["decide", "{aid}", "--as", "reviewer"], "access.denied"),  # reviewed it: not independent
        (["review", "start", "{aid}", "--as", "decider"], "access.denied"),  # not assigned
        (["review", "assign", "{aid}", "decider", "--as", "alpha-admin"], "access.denied"),
        (["review", "assign", "{aid}", "beta-member", "--as", "admin"], "input.invalid"),
        (["assessment", "submit", "{aid}", "--as", "beta-member"], "access.denied"),
        (["assessment", "submit", "{aid}", "--as", "alpha-member"], "lifecycle.illegal_transition"),
        (["review", "verdict", "{aid}", "SG-01", "--adjust", "2", "--as", "reviewer"],
         "input.invalid"),  # no reason
        (["review", "verdict", "{aid}", "XX-99", "--agree", "--as", "reviewer"], "input.invalid"),
        (["review", "request-changes", "{aid}", "--reason", " ", "--as", "reviewer"],
         "input.invalid"),
        (["assessment", "show", "{aid}", "--as", "beta-member"], "access.denied"),
        (["assessment", "renew", "{aid}", "--as", "alpha-member"], "lifecycle.illegal_transition"),
        (["decide", "{aid}", "--as", "nobody"], "storage.not_found"),
        (["decide", "{aid}", "--as", "decider"], "lifecycle.illegal_transition"),  # no verdict
    ],
)  # fmt: skip
def test_a_refused_step_says_why_in_one_line_and_changes_nothing(
    record: Path, capsys: pytest.CaptureFixture[str], argv: list[str], code: str
) -> None:
    aid = in_review(record, capsys, ALL_THREE)
    before = state(record, aid)
    refused(capsys, code, *(part.format(aid=aid) for part in argv))
    assert state(record, aid) == before
    assert look(record, lambda db: reviews.list_verdicts(ADMIN, db, aid)) == []
    assert look(record, lambda db: decisions.get_decision(ADMIN, db, aid)) is None


def test_a_verdict_needs_agree_or_adjust(record: Path, capsys: pytest.CaptureFixture[str]) -> None:
    aid = in_review(record, capsys, ALL_THREE)
    code, out, err = run(capsys, "review", "verdict", aid, "SG-01", "--as", "reviewer")
    assert (code, out) == (EXIT_USAGE, "")
    assert "one of the arguments --agree --adjust is required" in err
    code, _, err = run(capsys, "review", "verdict", aid, "SG-01", "--agree", "--adjust", "2",
                       "--as", "reviewer")  # fmt: skip
    assert code == EXIT_USAGE and "not allowed with argument" in err


def test_a_stale_expected_version_is_a_conflict(
    record: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    aid = in_review(record, capsys, ALL_THREE)
    seen = state(record, aid).row_version
    code, out, _ = run(capsys, "review", "verdict", aid, "SG-01", "--agree",
                       "--expected-version", str(seen), "--as", "reviewer")  # fmt: skip
    assert (code, state(record, aid).row_version) == (EXIT_OK, seen + 1)
    for argv in (
        ["review", "verdict", aid, "SG-02", "--agree"],
        ["review", "request-changes", aid, "--reason", "more evidence"],
        ["decide", aid],
    ):
        who = "decider" if argv[0] == "decide" else "reviewer"
        err = refused(capsys, "storage.conflict", *argv, "--expected-version", str(seen),
                      "--as", who)  # fmt: skip
        assert f"was changed by someone else (version {seen + 1}, you had {seen}); reload it" in err
    now = state(record, aid)
    assert (now.state, now.row_version) == ("in_review", seen + 1)
    verdicts = look(record, lambda db: reviews.list_verdicts(ADMIN, db, aid))
    assert [v.requirement_id for v in verdicts] == ["SG-01"]
    code, out, _ = run(capsys, "decide", aid, "--expected-version", str(seen + 1),
                       "--as", "decider")  # fmt: skip
    assert code == EXIT_OK and "decided: accredited" in out


def test_a_decided_self_assessment_is_renewed_with_answers_to_confirm(
    record: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    aid = decided(record, capsys, ALL_THREE)
    code, out, _ = run(capsys, "assessment", "renew", aid, "--as", "alpha-admin")
    assert code == EXIT_OK
    found = re.fullmatch(
        rf"started (alpha-\d{{3}}) from {aid} on release 2026\.1 \(row version \d+\): "
        r"4 carried answer\(s\) to confirm or change before submitting\n",
        out,
    )
    assert found is not None, out
    renewed = state(record, found.group(1))
    assert (renewed.state, renewed.previous_assessment_id) == ("draft", aid)
    assert renewed.needs_reconfirmation == sorted(ALL_THREE)
    err = refused(capsys, "input.invalid", "assessment", "submit", renewed.id,
                  "--as", "alpha-member")  # fmt: skip
    assert "confirm or change the carried-over answers first" in err
    code, out, _ = run(capsys, "assessment", "show", renewed.id, "--as", "alpha-member")
    assert f"previous: {aid}\n" in out and "to confirm: 4\n" in out


def test_an_improvement_action_is_completed_and_reopened(
    record: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    aid = reviewed(record, capsys, CONDITIONAL)
    code, out, _ = run(capsys, "decide", aid, "--as", "decider")
    assert code == EXIT_OK and out.startswith(f"{aid} decided: conditionally_accredited\n")

    def actions() -> list[improvement_actions.ImprovementAction]:
        return look(record, lambda db: improvement_actions.list_actions(MEMBER, db, "alpha"))

    first = actions()[0]
    assert first.status == "open"
    refused(capsys, "access.denied", "action", "complete", first.id, "--as", "beta-member")
    refused(capsys, "access.denied", "action", "complete", first.id, "--as", "admin")
    code, out, _ = run(capsys, "action", "complete", first.id, "--as", "alpha-member")
    assert (code, out) == (EXIT_OK, f"{first.id} is now done (row version 2)\n")
    assert actions()[0].status == "done"
    err = refused(capsys, "lifecycle.illegal_transition", "action", "complete", first.id,
                  "--as", "alpha-admin")  # fmt: skip
    assert "from here you can: reopen" in err
    refused(capsys, "storage.conflict", "action", "reopen", first.id,
            "--expected-version", "1", "--as", "alpha-member")  # fmt: skip
    code, out, _ = run(capsys, "action", "reopen", first.id, "--expected-version", "2",
                       "--as", "alpha-member")  # fmt: skip
    assert (code, out) == (EXIT_OK, f"{first.id} is now open (row version 3)\n")
    assert actions()[0].status == "open"


def test_the_decider_previews_what_the_decision_rests_on(
    record: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`decide --preview`: the verdicts and the engine's outcome, as on the Decisions page;
    nothing is decided, and only the assigned decider (or an administrator) may look."""
    aid = reviewed(record, capsys, CONDITIONAL)
    code, out, _ = run(capsys, "decide", aid, "--preview", "--as", "decider")
    assert code == EXIT_OK
    assert "engine's outcome on the reviewed answers: conditionally_accredited" in out
    assert "  SG-01 agree (reviewer)\n" in out
    assert "  condition SG-02, due " in out
    assert state(record, aid).state == "in_review"
    refused(capsys, "access.denied", "decide", aid, "--preview", "--as", "beta-reviewer")


def test_db_migrate_names_self_assessments_in_review_that_no_one_can_decide_but_an_admin(
    record: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As after migrating a record to schema v3: a self-assessment went into review before
    deciders were assigned; `db migrate` says so instead of leaving it to be found later."""
    aid = imported(record, capsys, ALL_THREE)
    for argv in (
        ["assessment", "submit", aid, "--as", "alpha-member"],
        ["review", "assign", aid, "reviewer", "--as", "admin"],
        ["review", "start", aid, "--as", "reviewer"],
    ):
        assert run(capsys, *argv)[0] == EXIT_OK, argv
    code, out, _ = run(capsys, "db", "migrate")
    assert code == EXIT_OK
    assert f"note: 1 self-assessment(s) in review have no decider ({aid});" in out
    assert "accredit review assign-decider" in out

    assert run(capsys, "review", "assign-decider", aid, "decider", "--as", "admin")[0] == EXIT_OK
    code, out, _ = run(capsys, "db", "migrate")
    assert code == EXIT_OK and "no decider" not in out
