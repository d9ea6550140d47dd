"""accredit assessment submit|renew|show, decide and action complete|reopen: the lifecycle of a
self-assessment from a shell (the review steps are in workflow_review).

Each step that the service locks takes --expected-version N, the self-assessment's (or the
action's) row version as the caller last saw it: a stale one is refused as a conflict. Without
it the current version is read just before the step, so a script need not track versions.
Every step prints the new state and row version, which `assessment show` also prints.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from functools import partial

from engine.cli.acting import acting, as_option, with_record
from engine.cli.registry import EXIT_OK, Command
from engine.service import (
    assessments,
    decisions,
    improvement_actions,
    maintenance,
    renewal,
    reviews,
    views_queue,
)
from engine.service.principals import ORG_ROLES, Principal

ACTION_STEPS = {
    "complete": "mark an improvement action of your organisation done",
    "reopen": "reopen a done improvement action of your organisation",
}


def _row_version(text: str) -> int:
    """A row version: a whole number from 1."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a row version (a whole number from 1)")
    return int(text)


def version_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--expected-version",
        type=_row_version,
        metavar="N",
        help="the row version you last saw (refused as a conflict if it has moved on); "
        "default: the current one",
    )


def expected(args: argparse.Namespace, current: Callable[[], int]) -> int:
    """--expected-version if given, else the row version read now."""
    given: int | None = args.expected_version
    return current() if given is None else given


def row_version(principal: Principal, db: maintenance.Database, assessment_id: str) -> int:
    return assessments.get_assessment(principal, db, assessment_id).row_version


def say_state(principal: Principal, db: maintenance.Database, assessment_id: str) -> None:
    """One line a script can follow: the state and the row version after a step."""
    now = assessments.get_assessment(principal, db, assessment_id)
    print(f"{now.id} is now {now.state} (row version {now.row_version})")


def configure_assessment(parser: argparse.ArgumentParser, versioned: bool = True) -> None:
    parser.add_argument("assessment_id", metavar="ASSESSMENT_ID")
    if versioned:
        version_option(parser)
    as_option(parser)


def _submit(args: argparse.Namespace, db: maintenance.Database) -> int:
    principal = acting(db, args.acting_user)
    version = expected(args, partial(row_version, principal, db, args.assessment_id))
    done = assessments.submit_assessment(principal, db, args.assessment_id, version)
    print(f"{done.id} is now {done.state} (row version {done.row_version})")
    return EXIT_OK


def _configure_renew(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("previous_id", metavar="PREVIOUS_ID", help="a decided self-assessment")
    parser.add_argument("--release", metavar="VERSION", help="default: the release in effect today")
    as_option(parser)


def _renew(args: argparse.Namespace, db: maintenance.Database) -> int:
    principal = acting(db, args.acting_user)
    draft = renewal.renew_assessment(principal, db, args.previous_id, args.release)
    print(
        f"started {draft.id} from {args.previous_id} on release {draft.release_version} "
        f"(row version {draft.row_version}): {len(draft.needs_reconfirmation)} carried "
        "answer(s) to confirm or change before submitting"
    )
    return EXIT_OK


def _show(args: argparse.Namespace, db: maintenance.Database) -> int:
    principal = acting(db, args.acting_user)
    found = assessments.get_assessment(principal, db, args.assessment_id)
    verdicts = reviews.list_verdicts(principal, db, found.id)
    decision = decisions.get_decision(principal, db, found.id)
    lines = {
        "assessment": found.id,
        "organisation": found.org_id,
        "state": found.state,
        "release": found.release_version,
        "row version": str(found.row_version),
        "answers": str(len(found.responses)),
        "to confirm": str(len(found.needs_reconfirmation)),
        "verdicts": str(len(verdicts)),
        "adjusted": str(sum(1 for v in verdicts if v.verdict == "adjust")),
        "previous": found.previous_assessment_id or "-",
        "outcome": decision.outcome if decision else "-",
        "certificate": (decision.certificate_number if decision else None) or "-",
    }
    for key, value in lines.items():
        print(f"{key}: {value}")
    return EXIT_OK


def _configure_decide(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("assessment_id", metavar="ASSESSMENT_ID")
    parser.add_argument(
        "--outcome", choices=decisions.OUTCOMES, help="default: the engine's outcome"
    )
    parser.add_argument(
        "--rationale", help="why (needed when the outcome is not the engine's; audited)"
    )
    parser.add_argument(
        "--preview",
        action="store_true",
        help="show what the decision rests on (verdicts, the engine's result) and decide nothing",
    )
    version_option(parser)
    as_option(parser)


def _preview(principal: Principal, db: maintenance.Database, assessment_id: str) -> int:
    """What the decider sees on the Decisions page, as text."""
    view = views_queue.decision_view(principal, db, assessment_id)
    result, found = view.result, view.assessment
    score = "-" if result.overall_score is None else f"{result.overall_score:.0%}"
    print(f"{found.id} of {view.org_name}: {found.state}, row version {found.row_version}")
    print(f"engine's outcome on the reviewed answers: {result.decision.outcome} (score {score})")
    for verdict in view.verdicts:
        said = "agree" if verdict.verdict == "agree" else f"adjusted to {verdict.adjusted_rating}"
        why = f": {verdict.reason}" if verdict.reason else ""
        print(f"  {verdict.requirement_id} {said} ({verdict.reviewer_id}){why}")
    for action in result.decision.improvement_actions:
        print(f"  condition {action.requirement_id}, due {action.due}: {action.text}")
    return EXIT_OK


def _decide(args: argparse.Namespace, db: maintenance.Database) -> int:
    principal = acting(db, args.acting_user)
    if args.preview:
        return _preview(principal, db, args.assessment_id)

    def current() -> int:  # a decider need not be assigned, so read what deciders may read
        return views_queue.decision_view(principal, db, args.assessment_id).assessment.row_version

    taken = decisions.decide(
        principal, db, args.assessment_id, expected(args, current),
        outcome=args.outcome, rationale=args.rationale,
    )  # fmt: skip
    print(f"{taken.assessment_id} decided: {taken.outcome}")
    print(f"engine's outcome: {taken.machine_outcome}")
    print(f"certificate: {taken.certificate_number or 'none'}")
    return EXIT_OK


def _configure_action(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action_id", metavar="ACTION_ID")
    version_option(parser)
    as_option(parser)


def _action_version(principal: Principal, db: maintenance.Database, action_id: str) -> int:
    """The action's row version, found among the acting person's organisation's actions.

    Only organisation staff may change an action; for anyone else, or an action not of their
    organisation, 0 (never a stored version) lets change_action give its own refusal (access
    denied, not found), which it checks before the version."""
    if principal.role in ORG_ROLES and principal.org_id is not None:
        for action in improvement_actions.list_actions(principal, db, principal.org_id):
            if action.id == action_id:
                return action.row_version
    return 0


def _action(step: str, args: argparse.Namespace, db: maintenance.Database) -> int:
    principal = acting(db, args.acting_user)
    version = expected(args, partial(_action_version, principal, db, args.action_id))
    changed = improvement_actions.change_action(principal, db, args.action_id, step, version)
    print(f"{changed.id} is now {changed.status} (row version {changed.row_version})")
    return EXIT_OK


COMMANDS = [
    Command(
        ("assessment", "submit"),
        "submit a self-assessment for review",
        configure_assessment,
        with_record(_submit),
    ),
    Command(
        ("assessment", "renew"),
        "start a new self-assessment from a decided one (carried answers to confirm)",
        _configure_renew,
        with_record(_renew),
    ),
    Command(
        ("assessment", "show"),
        "show a self-assessment's state, release, row version, answers, verdicts and outcome",
        partial(configure_assessment, versioned=False),
        with_record(_show),
    ),
    Command(
        ("decide",),
        "take the certification decision on a reviewed self-assessment",
        _configure_decide,
        with_record(_decide),
    ),
    *(
        Command(("action", step), text, _configure_action, with_record(partial(_action, step)))
        for step, text in ACTION_STEPS.items()
    ),
]
