"""accredit users list|add|deactivate|link-oidc|conflict and organisations list|add|update-profile.

Administrators run these (--as an admin account); the service layer decides who may do what,
so an organisation admin may update its own profile and nothing else.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from engine.cli.acting import acting, as_option, with_record
from engine.cli.prompts import ask_password
from engine.cli.registry import EXIT_INVALID, EXIT_OK, Command
from engine.models import OrganisationProfileDocument
from engine.service import documents, maintenance, organisations, users
from engine.service.access import require
from engine.service.principals import ROLES

NEW_PASSWORD_ENV = "ACCREDIT_NEW_PASSWORD"  # noqa: S105 - the name of a variable


def _configure_user_list(parser: argparse.ArgumentParser) -> None:
    as_option(parser)


def _user_list(args: argparse.Namespace, db: maintenance.Database) -> int:
    for user in users.list_users(acting(db, args.acting_user), db):
        state = "active" if user.active else "deactivated"
        org = user.org_id or "-"
        print(f"{user.id:<24} {user.role:<11} {org:<16} {state:<12} {user.display_name}")
    return EXIT_OK


def _configure_user_add(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("user_id", metavar="USER_ID")
    parser.add_argument("--role", required=True, choices=ROLES)
    parser.add_argument("--org", help="the organisation of an org_member or org_admin")
    parser.add_argument("--name", help="display name (default: the user id)")
    parser.add_argument(
        "--no-password",
        action="store_true",
        help="an account that signs in only through OIDC (see users link-oidc)",
    )
    as_option(parser)


def _user_add(args: argparse.Namespace, db: maintenance.Database) -> int:
    principal = acting(db, args.acting_user)
    password = None
    if not args.no_password:
        require(principal, "user.manage")  # before asking for a password
        password = ask_password(f"password for {args.user_id}: ", os.environ.get(NEW_PASSWORD_ENV))
    users.create_user(
        principal,
        db,
        args.user_id,
        display_name=args.name or args.user_id,
        role=args.role,
        org_id=args.org,
        password=password,
    )
    print(f"created {args.role} account {args.user_id}")
    return EXIT_OK


def _configure_user_id(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("user_id", metavar="USER_ID")
    as_option(parser)


def _user_deactivate(args: argparse.Namespace, db: maintenance.Database) -> int:
    users.deactivate_user(acting(db, args.acting_user), db, args.user_id)
    print(f"deactivated {args.user_id}; it can no longer sign in or act")
    return EXIT_OK


def _configure_link(parser: argparse.ArgumentParser) -> None:
    _configure_user_id(parser)
    parser.add_argument("--issuer", required=True, help="the identity provider's https issuer")
    parser.add_argument("--subject", required=True, help="the person's subject (sub) there")


def _user_link(args: argparse.Namespace, db: maintenance.Database) -> int:
    principal = acting(db, args.acting_user)
    users.link_oidc_identity(principal, db, args.user_id, args.issuer, args.subject)
    print(f"{args.user_id} may now sign in through {args.issuer}")
    return EXIT_OK


def _configure_conflict(parser: argparse.ArgumentParser) -> None:
    _configure_user_id(parser)
    parser.add_argument("--org", required=True, help="the organisation of the conflict")
    parser.add_argument("--reason", required=True, help="why (kept in the audit log)")


def _user_conflict(args: argparse.Namespace, db: maintenance.Database) -> int:
    principal = acting(db, args.acting_user)
    users.declare_conflict(principal, db, args.user_id, args.org, args.reason)
    print(f"recorded: {args.user_id} has a conflict of interest with {args.org}")
    return EXIT_OK


def _org_list(args: argparse.Namespace, db: maintenance.Database) -> int:
    for org in organisations.list_organisations(acting(db, args.acting_user), db):
        profile = org.profile
        print(
            f"{org.id:<16} {profile.country:<3} {profile.organisation_type:<22} "
            f"profile v{org.profile_version}  {org.name}"
        )
    return EXIT_OK


def _configure_profile_file(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, metavar="PROFILE.yaml", help="organisation profile")
    as_option(parser)


def _profile_document(path: Path) -> OrganisationProfileDocument | None:
    document, report = documents.load_profile_document(path)
    if document is None:
        print(report.to_text(), file=sys.stderr)
    return document


def _org_add(args: argparse.Namespace, db: maintenance.Database) -> int:
    document = _profile_document(args.file)
    if document is None:
        return EXIT_INVALID
    principal = acting(db, args.acting_user)
    organisations.create_organisation(
        principal, db, document.organisation_id, document.name, document.profile
    )
    print(f"created organisation {document.organisation_id} ({document.name})")
    return EXIT_OK


def _org_update(args: argparse.Namespace, db: maintenance.Database) -> int:
    document = _profile_document(args.file)
    if document is None:
        return EXIT_INVALID
    principal = acting(db, args.acting_user)
    current = organisations.get_organisation(principal, db, document.organisation_id)
    updated = organisations.update_profile(
        principal, db, current.id, document.profile, current.row_version
    )
    print(f"recorded profile version {updated.profile_version} of {updated.id}")
    if document.name != current.name:
        print(
            f"note: the name in the file ({document.name!r}) was not applied; the record keeps "
            f"{current.name!r} (update-profile changes the profile only)",
            file=sys.stderr,
        )
    return EXIT_OK


COMMANDS = [
    Command(("users", "list"), "list the accounts", _configure_user_list, with_record(_user_list)),
    Command(
        ("users", "add"),
        f"create an account (password from ${NEW_PASSWORD_ENV} or asked)",
        _configure_user_add,
        with_record(_user_add),
    ),
    Command(
        ("users", "deactivate"),
        "deactivate an account",
        _configure_user_id,
        with_record(_user_deactivate),
    ),
    Command(
        ("users", "link-oidc"),
        "let an account sign in through the OIDC provider (issuer and subject)",
        _configure_link,
        with_record(_user_link),
    ),
    Command(
        ("users", "conflict"),
        "declare a reviewer's conflict of interest with an organisation",
        _configure_conflict,
        with_record(_user_conflict),
    ),
    Command(
        ("organisations", "list"),
        "list the organisations",
        _configure_user_list,
        with_record(_org_list),
    ),
    Command(
        ("organisations", "add"),
        "create an organisation from its profile file",
        _configure_profile_file,
        with_record(_org_add),
    ),
    Command(
        ("organisations", "update-profile"),
        "record a new version of an organisation's profile from its file",
        _configure_profile_file,
        with_record(_org_update),
    ),
]
