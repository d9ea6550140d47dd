"""The access rules of DESIGN.md section 6, as one table: action -> role -> relation.

A relation says how the acting person must stand to the thing acted on (their own
organisation, an assigned review, an independent decision...). Anything not in the table is
refused. Every service function calls `require` before it reads or writes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from engine.service.errors import AccessDenied
from engine.service.principals import ROLES, Principal, Role


@dataclass(frozen=True)
class Target:
    """What is acted on, as far as access is concerned."""

    org_id: str | None = None
    reviewers: frozenset[str] = field(default_factory=frozenset)
    decider: str | None = None
    conflicted: bool = False
    independent_decision: bool = True
    subject_user_id: str | None = None


Relation = Callable[[Principal, Target], bool]


def _own_org(p: Principal, t: Target) -> bool:
    return p.org_id is not None and p.org_id == t.org_id


def _unrelated(p: Principal, t: Target) -> bool:
    """Not the person's own organisation and no declared conflict of interest."""
    return not t.conflicted and (p.org_id is None or p.org_id != t.org_id)


def _assigned(p: Principal, t: Target) -> bool:
    return p.user_id in t.reviewers and _unrelated(p, t)


def _independent(p: Principal, t: Target) -> bool:
    reviewed_it = p.user_id in t.reviewers
    return _unrelated(p, t) and not (reviewed_it and t.independent_decision)


def _assigned_decider(p: Principal, t: Target) -> bool:
    """The decider an administrator assigned (reviewers see only what they are assigned)."""
    return p.user_id == t.decider and _independent(p, t)


def _self(p: Principal, t: Target) -> bool:
    return p.user_id == t.subject_user_id


def _anyone(p: Principal, t: Target) -> bool:
    return True


OWN, ASSIGNED, INDEPENDENT, SELF, ANY = _own_org, _assigned, _independent, _self, _anyone
DECIDER = _assigned_decider
ORG_STAFF: dict[Role, Relation] = {"org_member": OWN, "org_admin": OWN}

RULES: dict[str, dict[Role, Relation]] = {
    "organisation.create": {"admin": ANY},
    "organisation.read": {**ORG_STAFF, "reviewer": ASSIGNED, "admin": ANY},
    "organisation.update_profile": {"org_admin": OWN, "admin": ANY},
    "user.manage": {"admin": ANY},
    "user.read_self": dict.fromkeys(ROLES, SELF),
    "release.manage": {"admin": ANY},
    "conflict.declare": {"reviewer": SELF, "admin": ANY},
    "assessment.start": ORG_STAFF,
    "assessment.read": {**ORG_STAFF, "reviewer": ASSIGNED, "admin": ANY},
    "assessment.edit": ORG_STAFF,
    "assessment.submit": ORG_STAFF,
    "evidence.read": {**ORG_STAFF, "reviewer": ASSIGNED, "admin": ANY},
    "review.assign": {"admin": ANY},
    "review.conduct": {"reviewer": ASSIGNED},
    "decision.make": {"reviewer": DECIDER, "admin": INDEPENDENT},
    "certificate.read": {**ORG_STAFF, "reviewer": ASSIGNED, "admin": ANY},
    "certificate.change_status": {"admin": ANY},
    "certificate.register": {"admin": ANY},
    "action.update": ORG_STAFF,
    "analytics.read": {"board": ANY, "admin": ANY},
    "audit.verify": {"admin": ANY},
    "policy.what_if": {"board": ANY, "admin": ANY},
    "release.preview": {"admin": ANY},
    "assessment.migrate": {"admin": ANY},
}

_DESCRIPTIONS: dict[str, str] = {
    "organisation.create": "create organisations",
    "organisation.read": "see this organisation",
    "organisation.update_profile": "change this organisation's profile",
    "user.manage": "manage user accounts",
    "user.read_self": "see this account",
    "release.manage": "manage releases",
    "conflict.declare": "declare this conflict of interest",
    "assessment.start": "start a self-assessment for this organisation",
    "assessment.read": "see this self-assessment",
    "assessment.edit": "edit this self-assessment",
    "assessment.submit": "submit this self-assessment",
    "evidence.read": "open the evidence of this self-assessment",
    "review.assign": "assign reviewers",
    "review.conduct": "review this self-assessment",
    "decision.make": "take the certification decision on this self-assessment",
    "certificate.read": "see this certificate",
    "certificate.change_status": "suspend, reinstate or withdraw certificates",
    "certificate.register": "see the register of every organisation's certificates",
    "action.update": "update this improvement action",
    "analytics.read": "see the board's analytics",
    "audit.verify": "verify the audit log",
    "policy.what_if": "re-score decided self-assessments under another policy",
    "release.preview": "preview the impact of a new release",
    "assessment.migrate": "move self-assessments to another release",
}


def allowed(principal: Principal, action: str, target: Target | None = None) -> bool:
    relation = RULES.get(action, {}).get(principal.role)
    return relation is not None and relation(principal, target or Target())


def require(principal: Principal, action: str, target: Target | None = None) -> None:
    """Refuse with AccessDenied unless the table allows it."""
    if not allowed(principal, action, target):
        what = _DESCRIPTIONS.get(action, action)
        raise AccessDenied(
            f"{principal.user_id} ({principal.role}) may not {what}", location=action
        )
