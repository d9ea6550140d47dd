"""accredit review assign|assign-decider|start|verdict|request-changes: the review of a
submitted self-assessment from a shell (--expected-version as in workflow)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from functools import partial

from engine.cli.acting import acting, as_option, with_record
from engine.cli.commands.workflow import (
    configure_assessment,
    expected,
    row_version,
    say_state,
    version_option,
)
from engine.cli.registry import EXIT_OK, Command
from engine.service import deciders, maintenance, reviews
from engine.service.principals import Principal

ASSIGNMENTS: dict[
    str, tuple[str, Callable[[Principal, maintenance.Database, str, str], None], str]
] = {
    "assign": ("REVIEWER_ID", reviews.assign_reviewer, "assigned {person} to review {assessment}"),
    "assign-decider": (
        "DECIDER_ID",
        deciders.assign_decider,
        "assigned {person} to take the decision on {assessment}",
    ),
}
"""Per command: who is named, the service call, and what is printed."""


def _configure_assign(name: str, parser: argparse.ArgumentParser) -> None:
    parser.add_argument("assessment_id", metavar="ASSESSMENT_ID")
    parser.add_argument("person_id", metavar=ASSIGNMENTS[name][0])
    as_option(parser)


def _assign(name: str, args: argparse.Namespace, db: maintenance.Database) -> int:
    _, assign, done = ASSIGNMENTS[name]
    assign(acting(db, args.acting_user), db, args.assessment_id, args.person_id)
    print(done.format(person=args.person_id, assessment=args.assessment_id))
    return EXIT_OK


def _start(args: argparse.Namespace, db: maintenance.Database) -> int:
    principal = acting(db, args.acting_user)
    version = expected(args, partial(row_version, principal, db, args.assessment_id))
    reviews.start_review(principal, db, args.assessment_id, version)
    say_state(principal, db, args.assessment_id)
    return EXIT_OK


def _configure_verdict(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("assessment_id", metavar="ASSESSMENT_ID")
    parser.add_argument("requirement_id", metavar="REQUIREMENT_ID")
    kind = parser.add_mutually_exclusive_group(required=True)
    kind.add_argument("--agree", action="store_true", help="keep the organisation's rating")
    kind.add_argument(
        "--adjust", type=int, metavar="RATING", help="put this rating in its place (--reason)"
    )
    parser.add_argument("--reason", help="why (needed with --adjust; audited)")
    version_option(parser)
    as_option(parser)


def _verdict(args: argparse.Namespace, db: maintenance.Database) -> int:
    principal = acting(db, args.acting_user)
    version = expected(args, partial(row_version, principal, db, args.assessment_id))
    given = reviews.record_verdict(
        principal, db, args.assessment_id, args.requirement_id,
        "agree" if args.agree else "adjust",
        expected_version=version, adjusted_rating=args.adjust, reason=args.reason,
    )  # fmt: skip
    said = "agreed" if given.verdict == "agree" else f"adjusted to {given.adjusted_rating}"
    print(f"verdict on {given.requirement_id} of {args.assessment_id}: {said}")
    say_state(principal, db, args.assessment_id)
    return EXIT_OK


def _configure_changes(parser: argparse.ArgumentParser) -> None:
    configure_assessment(parser)
    parser.add_argument("--reason", required=True, help="what needs to change (audited)")


def _request_changes(args: argparse.Namespace, db: maintenance.Database) -> int:
    principal = acting(db, args.acting_user)
    version = expected(args, partial(row_version, principal, db, args.assessment_id))
    reviews.request_changes(principal, db, args.assessment_id, version, args.reason)
    say_state(principal, db, args.assessment_id)
    return EXIT_OK


COMMANDS = [
    Command(
        ("review", "assign"),
        "assign a reviewer to a submitted self-assessment",
        partial(_configure_assign, "assign"),
        with_record(partial(_assign, "assign")),
    ),
    Command(
        ("review", "assign-decider"),
        "assign the reviewer who takes the decision (never one of its reviewers)",
        partial(_configure_assign, "assign-decider"),
        with_record(partial(_assign, "assign-decider")),
    ),
    Command(
        ("review", "start"),
        "start the review of a submitted self-assessment assigned to you",
        configure_assessment,
        with_record(_start),
    ),
    Command(
        ("review", "verdict"),
        "agree with one requirement's rating or adjust it, with the reason",
        _configure_verdict,
        with_record(_verdict),
    ),
    Command(
        ("review", "request-changes"),
        "return a self-assessment in review to its organisation, with the reason",
        _configure_changes,
        with_record(_request_changes),
    ),
]
