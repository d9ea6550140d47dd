"""accredit db init | migrate | backup PATH | restore PATH | verify-audit."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from engine.cli.prompts import ask_password
from engine.cli.registry import EXIT_INVALID, EXIT_OK, Command
from engine.service import audit as audit_service
from engine.service import maintenance, users
from engine.service.errors import InvalidInput, ServiceError, StorageError
from engine.service.principals import SYSTEM

ADMIN_PASSWORD_ENV = "ACCREDIT_ADMIN_PASSWORD"  # noqa: S105 - the name of a variable


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        help="database file (default: $ACCREDIT_DB or ./accredit.duckdb)",
    )


def guarded(action: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Storage and service errors become one clear line and exit code 1, never a traceback."""

    def run(args: argparse.Namespace) -> int:
        try:
            return action(args)
        except (StorageError, ServiceError) as error:
            where = f" ({error.location})" if error.location else ""
            print(f"accredit: {error.code}: {error.message}{where}", file=sys.stderr)
            return EXIT_INVALID

    return run


def _open(args: argparse.Namespace, create: bool = False) -> maintenance.Database:
    """The record at --db, migrated; only `db init` may create it."""
    opened = maintenance.open_record if create else maintenance.open_existing_record
    db, applied = opened(args.db)
    if applied:
        print(f"applied schema migrations {', '.join(map(str, applied))} to {db.path}")
    return db


def _configure_init(parser: argparse.ArgumentParser) -> None:
    _db_option(parser)
    parser.add_argument("--release", help="register this release of the library (default: newest)")
    parser.add_argument(
        "--admin",
        metavar="USER_ID",
        help=f"create an admin account (password from ${ADMIN_PASSWORD_ENV} or asked)",
    )


def _init(args: argparse.Namespace) -> int:
    bundle = maintenance.library_release(args.release)
    password = None
    if args.admin:  # asked and checked first: a refused admin leaves no half-made record
        password = ask_password("admin password: ", os.environ.get(ADMIN_PASSWORD_ENV))
        users.check_new_account(args.admin, password)
    db = _open(args, create=True)
    try:
        if args.admin and any(u.id == args.admin for u in users.list_users(SYSTEM, db)):
            message = f"an account {args.admin!r} exists already; choose another id"
            raise InvalidInput(message + " (nothing was written)", "admin")
        if maintenance.ensure_release(SYSTEM, db, bundle):
            print(f"registered release {bundle.version}")
        if args.admin:
            users.create_user(
                SYSTEM, db, args.admin, display_name=args.admin, role="admin", password=password
            )
            print(f"created admin account {args.admin}")
        print(f"record ready at {db.path}")
    finally:
        db.close()
    return EXIT_OK


def _migrate(args: argparse.Namespace) -> int:
    db = _open(args)
    try:
        held = maintenance.status(SYSTEM, db)
    finally:
        db.close()
    print(f"schema versions: {held.schema_versions}")
    if held.without_decider:
        shown = ", ".join(held.without_decider[:10])
        more = ", ..." if len(held.without_decider) > 10 else ""
        print(
            f"note: {len(held.without_decider)} self-assessment(s) in review have no decider "
            f"({shown}{more}); only an administrator can decide them until one is assigned "
            "(`accredit review assign-decider ASSESSMENT_ID DECIDER_ID --as ADMIN_ID`)"
        )
    return EXIT_OK


def _configure_path(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", type=Path, metavar="PATH")
    _db_option(parser)


def _backup(args: argparse.Namespace) -> int:
    db = _open(args)
    try:
        target = maintenance.backup(SYSTEM, db, args.path)
    finally:
        db.close()
    print(f"backup written to {target}")
    key = maintenance.key_file(target)
    if key.is_file():
        print(
            f"certificate signing key written to {key} (readable by you only): keep it with "
            "the backup, restore brings it back; without it issued certificates cannot be verified"
        )
    return EXIT_OK


def _restore(args: argparse.Namespace) -> int:
    problems = maintenance.restore(args.path, args.db)
    for problem in problems:
        print(
            f"backup audit entry {problem.seq}: {problem.code}: {problem.message}", file=sys.stderr
        )
    if problems:
        print("accredit: the backup's audit log is broken; nothing was restored", file=sys.stderr)
        return EXIT_INVALID
    print(f"restored {args.path}")
    note = maintenance.missing_key(args.db)
    if note:
        print(f"accredit: warning: {note}", file=sys.stderr)
    return EXIT_OK


def _verify(args: argparse.Namespace) -> int:
    db = _open(args)
    try:
        problems = audit_service.verify_audit(SYSTEM, db)
        entries = maintenance.status(SYSTEM, db).audit_entries
    finally:
        db.close()
    for problem in problems:
        print(f"audit entry {problem.seq}: {problem.code}: {problem.message}")
    if problems:
        print(f"audit log BROKEN: {len(problems)} problem(s)")
        return EXIT_INVALID
    print(f"audit log intact: {entries} entries")
    return EXIT_OK


COMMANDS = [
    Command(
        ("db", "init"),
        "create the record, register a release, optionally an admin",
        _configure_init,
        guarded(_init),
    ),
    Command(("db", "migrate"), "apply pending schema migrations", _db_option, guarded(_migrate)),
    Command(
        ("db", "backup"),
        "write a consistent copy of the record to PATH",
        _configure_path,
        guarded(_backup),
    ),
    Command(
        ("db", "restore"),
        "replace the record with the backup at PATH",
        _configure_path,
        guarded(_restore),
    ),
    Command(
        ("db", "verify-audit"),
        "check the hash chain of the audit log",
        _db_option,
        guarded(_verify),
    ),
]
