"""A release resolved into the documents it binds: what an assessment is scored against."""

from __future__ import annotations

from dataclasses import dataclass, field

from engine.models.policy import Policy
from engine.models.release import Release
from engine.models.standard import Requirement, Standard


@dataclass(frozen=True)
class ReleaseBundle:
    """A release with its policy and standard versions loaded (hashes already checked)."""

    release: Release
    policy: Policy
    standards: tuple[Standard, ...]
    _requirements: dict[str, tuple[Standard, Requirement]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        index = {r.id: (s, r) for s in self.standards for r in s.requirements}
        object.__setattr__(self, "_requirements", index)

    @property
    def version(self) -> str:
        return self.release.version

    def standard(self, standard_id: str) -> Standard | None:
        return next((s for s in self.standards if s.id == standard_id), None)

    def requirement(self, requirement_id: str) -> tuple[Standard, Requirement] | None:
        """The requirement with this id and the standard it belongs to, if the release has it."""
        return self._requirements.get(requirement_id)

    def requirement_ids(self) -> tuple[str, ...]:
        return tuple(self._requirements)
