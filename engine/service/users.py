"""User accounts, roles and sign-in (argon2id), and declared conflicts of interest."""

from __future__ import annotations

import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from engine.service import clock
from engine.service.access import Target, allowed, require
from engine.service.errors import AccessDenied, AuthenticationFailed, InvalidInput
from engine.service.principals import ROLES, Principal, Role
from engine.service.reasons import check_name, check_reason
from engine.service.recording import record
from engine.storage import Database, records

_HASHER = PasswordHasher()  # argon2id with the library's recommended parameters
USER_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
"""What an account id may be: it appears in the audit log, file names and --as."""
MIN_PASSWORD_LENGTH = 10


@dataclass(frozen=True)
class User:
    id: str
    display_name: str
    role: Role
    org_id: str | None
    active: bool

    @property
    def principal(self) -> Principal:
        return Principal(self.id, self.role, self.org_id)


def _user(row: records.Row) -> User:
    return User(row["id"], row["display_name"], row["role"], row["org_id"], bool(row["active"]))


def check_new_account(user_id: str, password: str | None) -> None:
    """InvalidInput unless the id and the password (if any) would make an account: checked
    before anything is written (`accredit db init --admin` asks first, then makes the file)."""
    if not USER_ID.fullmatch(user_id):
        raise InvalidInput(
            f"{user_id!r} is not a user id: 1 to 64 letters, digits, dots, hyphens or "
            "underscores, starting with a letter or digit",
            "user_id",
        )
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")


def create_user(
    principal: Principal,
    db: Database,
    user_id: str,
    *,
    display_name: str,
    role: Role,
    org_id: str | None = None,
    password: str | None = None,
    password_hash: str | None = None,
) -> User:
    """A new account. `password_hash` takes an existing argon2id hash (imports, demo data)."""
    require(principal, "user.manage")
    check_new_account(user_id, password)
    if role not in ROLES:
        raise InvalidInput(f"unknown role {role!r}; choose one of {', '.join(ROLES)}", "role")
    check_name(display_name, "a display name", "display_name")
    _valid_pair(role, org_id)
    if password_hash is not None and not password_hash.startswith("$argon2id$"):
        raise InvalidInput("a stored password must be an argon2id hash", "password_hash")
    hashed = _HASHER.hash(password) if password is not None else password_hash
    with db.transaction() as cursor:
        if org_id is not None:
            records.get(cursor, "organisations", {"id": org_id})
        if records.count(cursor, "users", {"id": user_id}):
            raise InvalidInput(
                f"an account {user_id!r} exists already; choose another id", "user_id"
            )
        records.insert(
            cursor,
            "users",
            {
                "id": user_id,
                "display_name": display_name,
                "role": role,
                "org_id": org_id,
                "password_hash": hashed,
                "created_at": clock.now(),
            },
        )
        record(cursor, principal, "user.create", ("user", user_id, org_id), {"role": role})
    return User(user_id, display_name, role, org_id, True)


def _valid_pair(role: Role, org_id: str | None) -> None:
    try:
        Principal("check", role, org_id)
    except ValueError as error:
        raise InvalidInput(str(error), "org_id") from None


def hash_password(password: str) -> str:
    """An argon2id hash, e.g. to give several demo accounts the same published password."""
    return _HASHER.hash(password)


def authenticate(db: Database, user_id: str, password: str) -> Principal:
    """Sign in with a local account; the same message for every failure."""
    with db.read() as cursor:
        found = records.find(cursor, "users", {"id": user_id})
    failure = AuthenticationFailed("unknown user or wrong password")
    if not found or not found[0]["active"] or not found[0]["password_hash"]:
        raise failure
    try:
        _HASHER.verify(found[0]["password_hash"], password)
    except (VerificationError, InvalidHashError):
        raise failure from None
    return _user(found[0]).principal


def principal_now(db: Database, principal: Principal) -> Principal | None:
    """The signed-in account as the record has it now: None once it is deactivated or gone
    (its session ends there), else with its current role and organisation."""
    with db.read() as cursor:
        found = records.find(cursor, "users", {"id": principal.user_id})
    if not found or not found[0]["active"]:
        return None
    return _user(found[0]).principal


def require_current(db: Database, principal: Principal) -> None:
    """AccessDenied unless the account is active and holds the role and organisation it acts
    with (a page drawn before a deactivation must not hand out files after it)."""
    if principal_now(db, principal) != principal:
        raise AccessDenied(
            f"{principal.user_id}: the account is no longer active or has changed; sign in again",
            location="account",
        )


def principal_for_oidc(db: Database, issuer: str, subject: str) -> Principal:
    """Map a verified OIDC identity (iss + sub, never the e-mail alone) to a local account."""
    with db.read() as cursor:
        found = records.find(
            cursor, "users", {"oidc_issuer": issuer, "oidc_subject": subject, "active": True}
        )
    if not found:
        raise AuthenticationFailed("this sign-in is not linked to an account")
    return _user(found[0]).principal


MAX_OIDC = 255
"""Characters of an OIDC issuer or subject (OpenID Connect: a subject has at most 255)."""


def link_oidc_identity(
    principal: Principal, db: Database, user_id: str, issuer: str, subject: str
) -> None:
    """Let an account sign in through OIDC (`st.login`): keyed on issuer and subject."""
    require(principal, "user.manage")
    if not issuer.startswith("https://") or not subject.strip():
        raise InvalidInput("an OIDC identity needs an https issuer and a subject", "issuer")
    check_name(issuer, "an OIDC issuer", "issuer", longest=MAX_OIDC)
    check_name(subject, "an OIDC subject", "subject", longest=MAX_OIDC)
    with db.transaction() as cursor:
        row = records.get(cursor, "users", {"id": user_id})
        taken = records.find(cursor, "users", {"oidc_issuer": issuer, "oidc_subject": subject})
        if taken and taken[0]["id"] != user_id:
            raise InvalidInput(f"this identity is already linked to {taken[0]['id']}", "subject")
        changes = {"oidc_issuer": issuer, "oidc_subject": subject}
        records.update(cursor, "users", {"id": user_id}, changes)
        record(cursor, principal, "user.link_oidc", ("user", user_id, row["org_id"]), changes)


def list_users(principal: Principal, db: Database) -> list[User]:
    require(principal, "user.manage")
    with db.read() as cursor:
        return [_user(r) for r in records.find(cursor, "users", {}, order_by="id")]


def get_user(principal: Principal, db: Database, user_id: str) -> User:
    """Anyone may see their own account; administrators see every account."""
    if not allowed(principal, "user.read_self", Target(subject_user_id=user_id)):
        require(principal, "user.manage")
    with db.read() as cursor:
        return _user(records.get(cursor, "users", {"id": user_id}))


def deactivate_user(principal: Principal, db: Database, user_id: str) -> None:
    require(principal, "user.manage")
    with db.transaction() as cursor:
        row = records.get(cursor, "users", {"id": user_id})
        if not row["active"]:
            raise InvalidInput(f"{user_id} is deactivated already", "user_id")
        admins = records.count(cursor, "users", {"role": "admin", "active": True})
        if row["role"] == "admin" and row["active"] and admins <= 1:
            raise InvalidInput(
                f"{user_id} is the last active administrator: make another one first", "user_id"
            )
        records.update(cursor, "users", {"id": user_id}, {"active": False})
        record(cursor, principal, "user.deactivate", ("user", user_id, row["org_id"]))


CONFLICTED_ROLES = frozenset({"reviewer", "admin"})
"""Who can have a conflict of interest: those who review and decide (admins decide too)."""


def declare_conflict(
    principal: Principal, db: Database, user_id: str, org_id: str, reason: str
) -> None:
    """A reviewer (for themself) or an admin records a conflict of interest with an org."""
    require(principal, "conflict.declare", Target(org_id=org_id, subject_user_id=user_id))
    check_reason(reason, "give the reason for the conflict of interest")
    with db.transaction() as cursor:
        records.get(cursor, "organisations", {"id": org_id})
        account = records.get(cursor, "users", {"id": user_id})
        if account["role"] not in CONFLICTED_ROLES:
            raise InvalidInput(
                f"{user_id} is a board or organisation account ({account['role']}): conflicts "
                "of interest are declared for reviewers and administrators, who decide",
                "user_id",
            )
        if records.count(cursor, "conflicts_of_interest", {"user_id": user_id, "org_id": org_id}):
            raise InvalidInput(f"{user_id} has declared a conflict with {org_id} already", "org_id")
        records.insert(
            cursor,
            "conflicts_of_interest",
            {"user_id": user_id, "org_id": org_id, "reason": reason, "declared_at": clock.now()},
        )
        record(cursor, principal, "conflict.declare", ("user", user_id, org_id))


def has_conflict(db: Database, user_id: str, org_id: str) -> bool:
    with db.read() as cursor:
        match = {"user_id": user_id, "org_id": org_id}
        return records.count(cursor, "conflicts_of_interest", match) > 0
