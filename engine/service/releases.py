"""Releases that organisations are assessed against, kept in the record.

The whole bundle (release, policy, standard versions) is stored when an administrator
registers a release, so that an assessment pinned to it can be scored again years later
without the files.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass

from engine.models.bundle import ReleaseBundle
from engine.models.policy import Policy
from engine.models.release import Release
from engine.models.standard import Standard
from engine.service import clock
from engine.service.access import require
from engine.service.errors import InvalidInput, ReleaseUnavailable
from engine.service.principals import Principal
from engine.service.recording import record
from engine.storage import Database, records

_CACHE: dict[tuple[str, str], ReleaseBundle] = {}
_CACHE_LOCK = threading.Lock()


@dataclass(frozen=True)
class ReleaseInfo:
    version: str
    title: str
    open: bool


def bundle_to_json(bundle: ReleaseBundle) -> str:
    return json.dumps(
        {
            "release": bundle.release.model_dump(mode="json"),
            "policy": bundle.policy.model_dump(mode="json"),
            "standards": [s.model_dump(mode="json") for s in bundle.standards],
        },
        sort_keys=True,
    )


def bundle_from_json(text: str) -> ReleaseBundle:
    data = json.loads(text)
    return ReleaseBundle(
        release=Release.model_validate_json(json.dumps(data["release"])),
        policy=Policy.model_validate_json(json.dumps(data["policy"])),
        standards=tuple(Standard.model_validate_json(json.dumps(s)) for s in data["standards"]),
    )


def register_release(
    principal: Principal, db: Database, bundle: ReleaseBundle, open_for_assessment: bool = True
) -> ReleaseInfo:
    require(principal, "release.manage")
    with db.transaction() as cursor:
        if records.count(cursor, "releases", {"version": bundle.version}):
            raise InvalidInput(
                f"release {bundle.version} is registered already (a published release never "
                "changes)",
                "version",
            )
        records.insert(
            cursor,
            "releases",
            {
                "version": bundle.version,
                "bundle_json": bundle_to_json(bundle),
                "open": open_for_assessment,
                "registered_at": clock.now(),
                "registered_by": principal.user_id,
            },
        )
        payload = {"open": open_for_assessment}
        record(cursor, principal, "release.register", ("release", bundle.version, None), payload)
    return ReleaseInfo(bundle.version, bundle.release.title.en, open_for_assessment)


def set_release_open(principal: Principal, db: Database, version: str, is_open: bool) -> None:
    require(principal, "release.manage")
    with db.transaction() as cursor:
        records.get(cursor, "releases", {"version": version})
        records.update(cursor, "releases", {"version": version}, {"open": is_open})
        record(cursor, principal, "release.open", ("release", version, None), {"open": is_open})


def list_releases(db: Database) -> list[ReleaseInfo]:
    """Public information: which releases exist and which are open for new assessments."""
    with db.read() as cursor:
        rows = records.find(cursor, "releases", {}, order_by="version")
    return [
        ReleaseInfo(r["version"], bundle_from_json(r["bundle_json"]).release.title.en, r["open"])
        for r in rows
    ]


def release_bundle(db: Database, version: str) -> ReleaseBundle:
    """The stored bundle of a release (cached per database file)."""
    key = (str(db.path.resolve()), version)
    with _CACHE_LOCK:
        if key in _CACHE:
            return _CACHE[key]
    with db.read() as cursor:
        found = records.find(cursor, "releases", {"version": version})
    if not found:
        raise ReleaseUnavailable(f"release {version} is not registered", version)
    bundle = bundle_from_json(found[0]["bundle_json"])
    with _CACHE_LOCK:
        _CACHE[key] = bundle
    return bundle
