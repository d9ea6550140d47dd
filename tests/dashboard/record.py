"""A small demo record for dashboard tests, made once through the service layer, plus a fresh
organisation (no self-assessment yet) whose accounts have known passwords."""

from __future__ import annotations

from pathlib import Path

from engine.models.profile import OrganisationProfile
from engine.service import demo_data, documents, maintenance, organisations, users
from engine.service.principals import SYSTEM

FRESH_ORG = "org-fresh"
FRESH_NAME = "Fresh Start Association"
PASSWORD = "fresh-password-2026"
STAFF = demo_data.STAFF_PASSWORDS
ORG_PASSWORD = "demo-organisation-2026"
FRESH_PROFILE = OrganisationProfile.model_validate(
    {
        "country": "NO",
        "region": "europe",
        "income_group": "high",
        "organisation_type": "civil_society",
        "settings": ["community"],
        "ideologies": ["other"],
        "size": "small",
    }
)


def make_record(path: Path, orgs: int, seed: int = 3) -> Path:
    """A demo record of `orgs` organisations and the fresh organisation, closed afterwards."""
    bundle = documents.library().bundle("2026.1")
    assert bundle is not None
    db, _ = maintenance.open_record(path)
    try:
        demo_data.generate(db, bundle, orgs, seed)
        organisations.create_organisation(SYSTEM, db, FRESH_ORG, FRESH_NAME, FRESH_PROFILE)
        for role in ("org_admin", "org_member"):
            users.create_user(
                SYSTEM,
                db,
                f"{FRESH_ORG}-{role.removeprefix('org_')}",
                display_name=f"{FRESH_NAME} ({role})",
                role=role,
                org_id=FRESH_ORG,
                password=PASSWORD,
            )
    finally:
        db.checkpoint()
        db.close()
    return path


ROLE_ACCOUNTS: dict[str, tuple[str, str]] = {
    "org_member": ("org-0001-member", ORG_PASSWORD),
    "org_admin": ("org-0001-admin", ORG_PASSWORD),
    "reviewer": ("reviewer-1", STAFF["reviewer-1"]),
    "board": ("board", STAFF["board"]),
    "admin": ("admin", STAFF["admin"]),
}
"""One demo account per role (user, password), in every demo record."""
