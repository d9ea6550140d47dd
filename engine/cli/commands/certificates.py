"""accredit certificates list | suspend | reinstate | withdraw: the register, for administrators."""

from __future__ import annotations

import argparse
from functools import partial

from engine.cli.acting import acting, as_option, with_record
from engine.cli.registry import EXIT_OK, Command
from engine.service import certificates, maintenance

STEPS = {
    "suspend": "suspend a certificate, with the reason",
    "reinstate": "reinstate a suspended certificate, with the reason",
    "withdraw": "withdraw a certificate for good, with the reason",
}


def _register(args: argparse.Namespace, db: maintenance.Database) -> int:
    for entry in certificates.certificate_register(acting(db, args.acting_user), db):
        c = entry.certificate
        print(
            f"{c.number:<18} {c.status:<10} {c.issued_on} to {c.expires_on}  "
            f"release {entry.release:<8} {c.outcome:<25} {entry.org_name}"
        )
    return EXIT_OK


def _configure_step(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("number", metavar="CERT_NUMBER")
    parser.add_argument("--reason", required=True, help="why (kept in the audit log)")
    as_option(parser)


def _step(step: str, args: argparse.Namespace, db: maintenance.Database) -> int:
    principal = acting(db, args.acting_user)
    current = certificates.get_certificate(principal, db, args.number)
    changed = certificates.change_certificate_status(
        principal, db, args.number, step=step, reason=args.reason,
        expected_version=current.row_version,
    )  # fmt: skip
    print(f"{changed.number} is now {changed.status}")
    return EXIT_OK


COMMANDS = [
    Command(
        ("certificates", "list"),
        "list every certificate with its status",
        as_option,
        with_record(_register),
    ),
    *(
        Command(("certificates", step), text, _configure_step, with_record(partial(_step, step)))
        for step, text in STEPS.items()
    ),
]
