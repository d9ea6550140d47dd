"""accredit demo-data --orgs N --seed S [--db PATH]: a record full of synthetic organisations."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from engine.cli.commands.db import guarded
from engine.cli.registry import EXIT_INVALID, EXIT_OK, EXIT_USAGE, Command
from engine.service import maintenance
from engine.service.principals import SYSTEM


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--orgs", type=int, default=30, help="number of organisations (default 30)")
    parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same data")
    parser.add_argument("--release", default="2026.1", help="release to assess against")
    parser.add_argument(
        "--db", type=Path, default=None, help="database file (must be new or empty)"
    )


def _run(args: argparse.Namespace) -> int:
    from engine.service import demo_data, demo_record  # Arrow and the bulk writer: when used

    if not 1 <= args.orgs <= 2000:
        print("accredit: --orgs must be between 1 and 2000", file=sys.stderr)
        return EXIT_USAGE
    bundle = maintenance.library_release(args.release)
    path: Path = args.db or maintenance.default_path()
    started = time.perf_counter()
    if not path.exists():  # made whole or not at all (Ctrl+C leaves nothing behind)
        summary = demo_record.generate_new(path, bundle, args.orgs, args.seed)
    else:
        db, _ = maintenance.open_record(path)
        try:
            held = maintenance.status(SYSTEM, db)
            if held.organisations or held.audit_entries:
                print(
                    f"accredit: {db.path} already holds a record ({held.organisations} "
                    f"organisations, {held.audit_entries} audit entries); demo data goes into "
                    "a new file",
                    file=sys.stderr,
                )
                return EXIT_INVALID
            summary = demo_data.generate(db, bundle, args.orgs, args.seed)
        finally:
            db.close()
    seconds = time.perf_counter() - started
    print(
        f"{summary.organisations} organisations, {summary.assessments} self-assessments "
        f"in {path} ({seconds:.0f} s)"
    )
    print("demo sign-ins (user: password):")
    for user_id, password in summary.logins.items():
        print(f"  {user_id}: {password}")
    return EXIT_OK


COMMANDS = [
    Command(
        ("demo-data",),
        "fill a new record with synthetic demo organisations",
        _configure,
        guarded(_run),
    ),
]
