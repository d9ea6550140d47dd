"""Who is acting: a user with one role and, for organisation roles, one organisation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

Role = Literal["org_member", "org_admin", "reviewer", "board", "admin"]
ROLES: tuple[Role, ...] = get_args(Role)
ORG_ROLES: frozenset[Role] = frozenset({"org_member", "org_admin"})
NO_ORG_ROLES: frozenset[Role] = frozenset({"board", "admin"})

SYSTEM_ID = "system"


@dataclass(frozen=True)
class Principal:
    """The acting person. Organisation roles carry their organisation; a reviewer may carry
    a home organisation (never reviewed by them); board and admin carry none."""

    user_id: str
    role: Role
    org_id: str | None = None

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r}")
        if self.role in ORG_ROLES and self.org_id is None:
            raise ValueError("organisation roles need an organisation")
        if self.role in NO_ORG_ROLES and self.org_id is not None:
            raise ValueError("board and admin accounts belong to no organisation")


SYSTEM = Principal(SYSTEM_ID, "admin")
"""Used by `accredit db init` and the demo data generator to set up the first accounts."""
