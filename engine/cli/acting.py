"""What the record commands share: the --db and --as options, the acting person, an open record.

The acting person is named with --as USER (an account of the record); the operator who runs
the CLI holds the database file, and every change is audited under that account's name.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from engine.cli.commands.db import guarded
from engine.service import maintenance, users
from engine.service.errors import AccessDenied
from engine.service.principals import SYSTEM, Principal


def db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", type=Path, default=None, help="database file (default: $ACCREDIT_DB)"
    )


def as_option(parser: argparse.ArgumentParser) -> None:
    """--as USER (required) and --db."""
    parser.add_argument(
        "--as", dest="acting_user", required=True, metavar="USER", help="act as this account"
    )
    db_option(parser)


def acting(db: maintenance.Database, user_id: str) -> Principal:
    """The principal of an active account; a deactivated one may not act."""
    user = users.get_user(SYSTEM, db, user_id)
    if not user.active:
        raise AccessDenied(f"account {user_id} is deactivated", "--as")
    return user.principal


def with_record(
    action: Callable[[argparse.Namespace, maintenance.Database], int],
) -> Callable[[argparse.Namespace], int]:
    """Open the record (migrated; it must exist), run the action, close it; service errors
    exit 1 cleanly."""

    def run(args: argparse.Namespace) -> int:
        db, _ = maintenance.open_existing_record(args.db)
        try:
            return action(args, db)
        finally:
            db.close()

    return guarded(run)
