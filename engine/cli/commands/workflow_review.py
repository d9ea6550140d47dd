"""accredit review assign|assign-decider|start|verdict|request-changes: the review of a
submitted self-assessment from a shell (--expected-version as in workflow)."""

from __future__ import annotations

import argparse
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


def _configure_assign(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("assessment_id", metavar="ASSESSMENT_ID")
    parser.add_argument("reviewer_id", metavar="REVIEWER_ID")
    as_option(parser)


def _assign(args: argparse.Namespace, db: maintenance.Database) -> int:
    principal = acting(db, args.acting_user)
    reviews.assign_reviewer(principal, db, args.assessment_id, args.reviewer_id)
    print(f"assigned {args.reviewer_id} to review {args.assessment_id}")
    return EXIT_OK


def _configure_assign_decider(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("assessment_id", metavar="ASSESSMENT_ID")
    parser.add_argument("decider_id", metavar="DECIDER_ID")
    as_option(parser)


def _assign_decider(args: argparse.Namespace, db: maintenance.Database) -> int:
    principal = acting(db, args.acting_user)
    deciders.assign_decider(principal, db, args.assessment_id, args.decider_id)
    print(f"assigned {args.decider_id} to take the decision on {args.assessment_id}")
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
        _configure_assign,
        with_record(_assign),
    ),
    Command(
        ("review", "assign-decider"),
        "assign the reviewer who takes the decision (never one of its reviewers)",
        _configure_assign_decider,
        with_record(_assign_decider),
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
