"""An organisation's "what changed since our certification": the release its certificate was
granted under against the release in effect (or a newer one), per requirement that concerns its
profile, and what each change means for its answers. Nothing here writes; an organisation sees
only its own changes (access.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from engine.models.bundle import ReleaseBundle
from engine.models.common import LocalizedText
from engine.models.profile import OrganisationProfile
from engine.service import clock
from engine.service.assessments import Assessment, get_assessment
from engine.service.certificates import Certificate, list_certificates
from engine.service.errors import InvalidInput
from engine.service.organisations import get_organisation
from engine.service.principals import Principal
from engine.service.release_preview import version_key
from engine.service.release_transition import release_in_effect
from engine.service.releases import list_releases, release_bundle
from engine.service.views_workspace import applicability_for
from engine.storage import Database
from engine.versioning import (
    AspectChange,
    PolicyDiff,
    diff_releases,
    plan_migration,
    requirement_changes,
)

__all__ = [
    "MEANINGS",
    "OrganisationChanges",
    "RequirementEffect",
    "changes_since_certification",
    "effects_between",
]


MEANINGS: dict[str, str] = {
    "answer": "A new requirement to answer",
    "reconfirm": "Your answer will need re-confirmation",
    "carry": "Your answer carries over as it is",
    "archive": "Your answer will be archived",
    "gone": "Removed; you had not answered it",
    "not_applicable": "No longer applies to your organisation; your answer will not count",
}
"""What a change means for the organisation, by code."""


@dataclass(frozen=True)
class RequirementFacts:
    in_old: bool
    in_new: bool
    applies_old: bool
    applies_new: bool
    answered: bool
    reconfirm: bool
    aspects: tuple[AspectChange, ...]


EffectRule = tuple[Callable[[RequirementFacts], bool], str, str]
EFFECT_RULES: tuple[EffectRule, ...] = (
    (lambda f: not f.in_old, "added", "answer"),
    (lambda f: not f.in_new and f.answered, "removed", "archive"),
    (lambda f: not f.in_new, "removed", "gone"),
    (lambda f: not f.applies_old, "now applies", "answer"),
    (lambda f: not f.applies_new, "no longer applies", "not_applicable"),
    (lambda f: f.reconfirm and f.answered, "changed", "reconfirm"),
    (lambda f: f.reconfirm, "changed", "answer"),
    (lambda f: bool(f.aspects), "changed", "carry"),
)
"""Tried in order for a requirement that applies in either release; none: nothing changed."""


@dataclass(frozen=True)
class RequirementEffect:
    requirement_id: str
    standard_id: str
    title: LocalizedText
    change: str
    aspects: tuple[AspectChange, ...]
    meaning: str
    """A key of MEANINGS."""


@dataclass(frozen=True)
class OrganisationChanges:
    org_id: str
    certificate: Certificate | None
    """The latest certificate (any status), granted under `from_release`."""
    from_release: str | None
    in_effect: str | None
    targets: tuple[str, ...]
    """Registered releases newer than the certificate's, oldest first."""
    to_release: str | None
    to_effective_from: date | None
    effects: tuple[RequirementEffect, ...]
    policy: PolicyDiff | None


def _latest(
    principal: Principal, db: Database, org_id: str
) -> tuple[Certificate, Assessment] | None:
    found = list_certificates(principal, db, org_id)
    if not found:
        return None
    return found[-1], get_assessment(principal, db, found[-1].assessment_id)


def _target(wanted: str | None, targets: tuple[str, ...], in_effect: str | None) -> str | None:
    chosen = next((c for c in (wanted, in_effect) if c in targets), None)
    return chosen or (targets[-1] if targets else None)


def _effect(
    rid: str,
    bundles: tuple[ReleaseBundle, ReleaseBundle],
    applies: tuple[set[str], ...],
    answered: set[str],
    reconfirm: bool,
) -> RequirementEffect | None:
    before, after = (b.requirement(rid) for b in bundles)
    aspects = requirement_changes(before[1], after[1]) if before and after else ()
    facts = RequirementFacts(
        before is not None,
        after is not None,
        rid in applies[0],
        rid in applies[1],
        rid in answered,
        reconfirm,
        aspects,
    )
    found = next(((change, meaning) for test, change, meaning in EFFECT_RULES if test(facts)), None)
    located = after or before
    if found is None or located is None:
        return None
    change, meaning = found
    return RequirementEffect(rid, located[0].id, located[1].title, change, aspects, meaning)


def effects_between(
    old: ReleaseBundle, new: ReleaseBundle, profile: OrganisationProfile, answered: set[str]
) -> tuple[RequirementEffect, ...]:
    """Each requirement that applies to `profile` under either release and changed, with what
    that means for an organisation that answered the requirements in `answered`."""
    applies = tuple(
        set(applicability_for(b, profile).applicable_requirement_ids()) for b in (old, new)
    )
    plan = plan_migration(old, new)
    ids = [*old.requirement_ids(), *(r for r in new.requirement_ids() if not old.requirement(r))]
    concerned = [rid for rid in ids if rid in applies[0] | applies[1]]
    found = (
        _effect(rid, (old, new), applies, answered, plan.action(rid) == "reconfirm")
        for rid in concerned
    )
    return tuple(e for e in found if e is not None)


def _newer(db: Database, start: str, wanted: str | None) -> tuple[str, ...]:
    """The registered releases newer than `start`; InvalidInput when `wanted` is not one."""
    newer = tuple(
        r.version for r in list_releases(db) if version_key(r.version) > version_key(start)
    )
    if wanted is not None and wanted not in newer:
        raise InvalidInput(
            f"release {wanted} is not a registered release newer than {start} "
            f"(newer releases: {', '.join(newer) or 'none'})",
            "release",
        )
    return newer


def changes_since_certification(
    principal: Principal, db: Database, org_id: str, to_release: str | None = None
) -> OrganisationChanges:
    """What changed for organisation `org_id` between the release of its latest certificate
    and `to_release` (default: the release in effect now, or else the newest one), for the
    requirements that apply to its current profile under either release."""
    profile = get_organisation(principal, db, org_id).profile
    latest = _latest(principal, db, org_id)
    in_effect = release_in_effect(db, clock.today())
    if latest is None:
        return OrganisationChanges(org_id, None, None, in_effect, (), None, None, (), None)
    certificate, certified = latest
    targets = _newer(db, certified.release_version, to_release)
    chosen = _target(to_release, targets, in_effect)
    if chosen is None:
        return OrganisationChanges(
            org_id, certificate, certified.release_version, in_effect, targets, None, None, (), None
        )
    old, new = release_bundle(db, certified.release_version), release_bundle(db, chosen)
    return OrganisationChanges(
        org_id,
        certificate,
        certified.release_version,
        in_effect,
        targets,
        chosen,
        date.fromisoformat(new.release.effective_from),
        effects_between(old, new, profile, set(certified.responses)),
        diff_releases(old, new).policy,
    )
