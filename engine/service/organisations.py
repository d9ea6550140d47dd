"""Organisations and their profiles, kept in versions: an assessment records the one it used."""

from __future__ import annotations

from dataclasses import dataclass

from engine.models.profile import STORED, OrganisationProfile
from engine.service import clock
from engine.service.access import Target, require
from engine.service.errors import InvalidInput
from engine.service.principals import Principal
from engine.service.reasons import check_name
from engine.service.recording import record
from engine.storage import Database, records


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    profile: OrganisationProfile
    profile_version: int
    row_version: int


def _profile_row(org_id: str, version: int, profile: OrganisationProfile, by: str) -> records.Row:
    return {
        "org_id": org_id,
        "version": version,
        "profile_json": profile.model_dump_json(),
        "country": profile.country,
        "region": profile.region,
        "income_group": profile.income_group,
        "organisation_type": profile.organisation_type,
        "size": profile.size,
        "created_at": clock.now(),
        "created_by": by,
    }


def create_organisation(
    principal: Principal, db: Database, org_id: str, name: str, profile: OrganisationProfile
) -> Organisation:
    require(principal, "organisation.create")
    check_name(name, "an organisation's name")
    with db.transaction() as cursor:
        if records.count(cursor, "organisations", {"id": org_id}):
            raise InvalidInput(f"an organisation {org_id!r} exists already", "org_id")
        records.insert(
            cursor, "organisations", {"id": org_id, "name": name, "created_at": clock.now()}
        )
        records.insert(
            cursor, "organisation_profiles", _profile_row(org_id, 1, profile, principal.user_id)
        )
        record(cursor, principal, "organisation.create", ("organisation", org_id, org_id))
    return Organisation(org_id, name, profile, 1, 1)


def update_profile(
    principal: Principal,
    db: Database,
    org_id: str,
    profile: OrganisationProfile,
    expected_version: int,
) -> Organisation:
    """Record a new profile version; earlier assessments keep the version they were made with."""
    require(principal, "organisation.update_profile", Target(org_id=org_id))
    with db.transaction() as cursor:
        row_version = records.update_versioned(
            cursor, "organisations", {"id": org_id}, expected_version, {}
        )
        version = _latest_profile_version(cursor, org_id) + 1
        records.insert(
            cursor,
            "organisation_profiles",
            _profile_row(org_id, version, profile, principal.user_id),
        )
        name = records.get(cursor, "organisations", {"id": org_id})["name"]
        payload = {"profile_version": version, "profile": profile.model_dump(mode="json")}
        record(cursor, principal, "organisation.profile", ("organisation", org_id, org_id), payload)
    return Organisation(org_id, name, profile, version, row_version)


def _latest_profile_version(cursor: records.Cursor, org_id: str) -> int:
    found = cursor.execute(
        "SELECT coalesce(max(version), 0) FROM organisation_profiles WHERE org_id = ?", [org_id]
    ).fetchall()
    return int(found[0][0])


def load_organisation(cursor: records.Cursor, org_id: str) -> Organisation:
    """Without an access check: for other service modules that have already checked."""
    org = records.get(cursor, "organisations", {"id": org_id})
    version = _latest_profile_version(cursor, org_id)
    profile = load_profile(cursor, org_id, version)
    return Organisation(org_id, org["name"], profile, version, int(org["row_version"]))


def load_profile(cursor: records.Cursor, org_id: str, version: int) -> OrganisationProfile:
    row = records.get(cursor, "organisation_profiles", {"org_id": org_id, "version": version})
    return OrganisationProfile.model_validate_json(row["profile_json"], context=STORED)


def reviewers_of_org(cursor: records.Cursor, org_id: str) -> frozenset[str]:
    found = cursor.execute(
        "SELECT DISTINCT r.reviewer_id FROM review_assignments r "
        "JOIN assessments a ON a.id = r.assessment_id WHERE a.org_id = ?",
        [org_id],
    ).fetchall()
    return frozenset(str(r[0]) for r in found)


def get_organisation(principal: Principal, db: Database, org_id: str) -> Organisation:
    with db.read() as cursor:
        reviewers = reviewers_of_org(cursor, org_id)
        conflicted = records.count(
            cursor, "conflicts_of_interest", {"user_id": principal.user_id, "org_id": org_id}
        )
        require(
            principal,
            "organisation.read",
            Target(org_id=org_id, reviewers=reviewers, conflicted=conflicted > 0),
        )
        return load_organisation(cursor, org_id)


def list_organisations(principal: Principal, db: Database) -> list[Organisation]:
    """Admins see every organisation; organisation staff see their own."""
    if principal.role == "admin":
        with db.read() as cursor:
            ids = [r["id"] for r in records.find(cursor, "organisations", {}, order_by="id")]
    else:
        ids = [principal.org_id] if principal.org_id and principal.role != "reviewer" else []
    return [get_organisation(principal, db, org_id) for org_id in ids]
