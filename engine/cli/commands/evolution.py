"""accredit what-if --policy V | migrate-assessments --to RELEASE: standards evolve, in the record.

The acting person is named with --as USER (an account of the record). `what-if` writes
nothing; `migrate-assessments` writes new drafts unless --dry-run is given.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from collections.abc import Callable

from engine.cli.acting import acting, as_option, with_record
from engine.cli.paths import library_folder
from engine.cli.registry import EXIT_OK, Command
from engine.service import maintenance
from engine.service.impact import WhatIfReport
from engine.service.stored_migration import StoredMigrationReport, migrate_assessments
from engine.service.what_if import library_policy, what_if

FORMATS = ("text", "json")


def _common(parser: argparse.ArgumentParser) -> None:
    as_option(parser)
    parser.add_argument("--format", choices=FORMATS, default="text")


def _printed(
    action: Callable[[argparse.Namespace, maintenance.Database], str],
) -> Callable[[argparse.Namespace], int]:
    """Run an action on the open record and print the text it returns."""

    def run(args: argparse.Namespace, db: maintenance.Database) -> int:
        print(action(args, db), end="")
        return EXIT_OK

    return with_record(run)


def _json(report: WhatIfReport | StoredMigrationReport) -> str:
    return json.dumps(dataclasses.asdict(report), indent=2, default=str) + "\n"


def _changes(count: int | None) -> str:
    return "withheld (1-4, or it would give 1-4 away)" if count is None else str(count)


def _what_if_text(report: WhatIfReport) -> str:
    total = "fewer than 5 organisations (suppressed)"
    if report.organisations is not None:
        changed = _changes(report.changed)
        total = f"{changed} of {report.organisations} organisations would change outcome"
    lines = [f"what if {report.subject}: {total}"]
    lines += [
        f"  {g.dimension} {g.group}: {_changes(g.changed)} of {g.organisations}"
        for g in report.groups
    ]
    lines.append(f"  groups of fewer than 5 organisations suppressed: {report.suppressed_groups}")
    lines += [
        f"  {c.org_id} ({c.assessment_id}, release {c.release_version}): {c.before} -> {c.after}"
        f" (decided {c.decided})"
        for c in report.changes
    ]
    lines += [f"  not scored: {p.location}: {p.code}: {p.message}" for p in report.problems]
    if report.unscored is None:
        lines.append("  not scored: fewer than 5 self-assessments (suppressed)")
    elif report.unscored and not report.problems:
        lines.append(f"  not scored: {report.unscored} self-assessment(s)")
    return "\n".join(lines) + "\n"


def _configure_what_if(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--policy", required=True, metavar="VERSION", help="policy version")
    parser.add_argument(
        "--library",
        type=library_folder,
        default=None,
        help="standards library (default: installed)",
    )
    _common(parser)


def _what_if(args: argparse.Namespace, db: maintenance.Database) -> str:
    principal = acting(db, args.acting_user)
    report = what_if(principal, db, library_policy(args.policy, args.library))
    return _json(report) if args.format == "json" else _what_if_text(report)


def _migration_text(report: StoredMigrationReport) -> str:
    verb = "would move" if report.dry_run else "moved"
    lines = [f"{verb} {len(report.moved)} self-assessment(s) to release {report.to_release}"]
    for move in report.moved:
        lines.append(
            f"  {move.org_id}: {move.source_assessment_id} ({move.source_release}) -> "
            f"{move.new_assessment_id}: {len(move.carried)} carried, "
            f"{len(move.needs_reconfirmation)} to re-confirm, {len(move.archived)} archived, "
            f"{len(move.new_requirements)} new"
        )
    lines += [f"  skipped {s.org_id} ({s.assessment_id}): {s.message}" for s in report.skipped]
    return "\n".join(lines) + "\n"


def _configure_migrate(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--to", required=True, metavar="RELEASE", dest="to_release")
    parser.add_argument("--dry-run", action="store_true", help="report the moves, write nothing")
    _common(parser)


def _migrate(args: argparse.Namespace, db: maintenance.Database) -> str:
    principal = acting(db, args.acting_user)
    report = migrate_assessments(principal, db, args.to_release, dry_run=args.dry_run)
    return _json(report) if args.format == "json" else _migration_text(report)


COMMANDS = [
    Command(
        ("what-if",),
        "re-score decided self-assessments under another policy version (writes nothing)",
        _configure_what_if,
        _printed(_what_if),
    ),
    Command(
        ("migrate-assessments",),
        "move organisations' latest self-assessments onto another release as new drafts",
        _configure_migrate,
        _printed(_migrate),
    ),
]
