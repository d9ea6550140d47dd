"""The one pass over `responses`: every answer's class, packed per assessment into a few lanes.

Each requirement of the release has a slot of `AnswerClasses.bits` bits in one of a few
HUGEINT lanes. Per row, its answer class (`sql_codes`) is shifted to its slot (arithmetic on
the requirement's position, no lookup) and OR-ed per assessment into its lane: an assessment
answers each requirement at most once, so each slot ends up holding the class of its answer
(0 when there is none). This is one GROUP BY over the responses with a handful of aggregates,
like a plain aggregate; everything else happens per assessment, after it.

The requirement's position in the release (from 0) comes from `enum_code` when
`requirement_id` is the release's ENUM (`sql_tables.create_tables` with the release's
requirement ids), else from a `list_position` over the ids (slower, same result). Unknown
requirement ids get no slot.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.models.bundle import ReleaseBundle
from engine.scoring.sql_applicability import MASK_BITS, requirement_positions
from engine.scoring.sql_codes import AnswerClasses, answer_class
from engine.scoring.sql_conditions import SqlFragment

HALF_BITS = 60
"""A HUGEINT lane is two halves of 60 bits (the sign bit stays clear); a slot never crosses
from one half to the other, so that each half can be unpacked as a BIGINT."""
INDEX_PLACEHOLDER = "{requirement_index}"
BY_ENUM = "enum_code(requirement_id)"
BY_LIST = "list_position((SELECT ids FROM release_ids), requirement_id::VARCHAR) - 1"


def release_requirement_ids(bundle: ReleaseBundle) -> tuple[str, ...]:
    """The requirement ids in release order: the order of slots and of the ENUM."""
    return tuple(r.id for s in bundle.standards for r in s.requirements)


@dataclass(frozen=True)
class Lanes:
    """Where each requirement's answer class sits: lane and bit offset."""

    bits: int
    requirements: int
    contextual: int
    """Context-specific requirements: the bits of the profile's mask `m0` (see `mask_start`)."""

    @property
    def per_half(self) -> int:
        return HALF_BITS // self.bits

    @property
    def per_lane(self) -> int:
        return 2 * self.per_half

    @property
    def count(self) -> int:
        return -(-self.requirements // self.per_lane) if self.requirements else 1

    def slot(self, index: int) -> tuple[int, int]:
        """The lane of requirement `index` and its bit offset in the lane: slots follow each
        other, and a half holds a whole number of them (a class has at most 5 bits), so none
        crosses from one half to the other."""
        return index // self.per_lane, (index % self.per_lane) * self.bits

    def halves(self) -> str:
        """SQL over a row with lanes l0..: each lane as two BIGINT halves h<lane>_<half>."""
        mask = (1 << HALF_BITS) - 1
        return ", ".join(
            f"(COALESCE(l{p}, 0) & {mask})::BIGINT AS h{p}_0, "
            f"(COALESCE(l{p}, 0) >> {HALF_BITS})::BIGINT AS h{p}_1"
            for p in range(self.count)
        )

    def shifted(self, klass: str, index: str) -> str:
        """SQL: class `klass` of the requirement at position `index`, moved to its slot."""
        return f"{klass}::HUGEINT << ({self.bits} * ({index} % {self.per_lane}))"

    @property
    def mask_start(self) -> int | None:
        """Where the profile's mask m0 and a presence bit go: spare bits of the last lane's
        upper half (offset in the lane), or None when they do not fit there."""
        end = self.slot(self.requirements - 1)[1] + self.bits if self.requirements else 0
        start = max(end, HALF_BITS)
        fits = self.contextual < MASK_BITS and start + self.contextual + 1 <= 2 * HALF_BITS
        return start if fits else None

    def profile_row(self, masks: list[str]) -> str:
        """SQL over `app`: the profile's row of the GROUP BY (lane, v, masks...)."""
        start = self.mask_start
        if start is None:
            return f"SELECT assessment_id, NULL, NULL, {', '.join(masks)} FROM app"  # noqa: S608
        value = f"(m0 | {1 << self.contextual})::HUGEINT << {start}"
        return f"SELECT assessment_id, {self.count - 1}, {value} FROM app"  # noqa: S608

    def masks_of_profile(self, masks: list[str]) -> tuple[str, str]:
        """SQL over `lanes`: the mask columns, and the condition that a profile row was seen."""
        start = self.mask_start
        if start is None:
            return "".join(f", {m}" for m in masks), "m0 IS NOT NULL"
        last = f"l{self.count - 1}"
        m0 = f"(({last} >> {start}) & {(1 << self.contextual) - 1})::BIGINT AS m0"
        return f", {m0}", f"(({last} >> {start + self.contextual}) & 1) = 1"

    def lane_filter(self, lane: int) -> str:
        """SQL: the row's requirement has its slot in `lane` (nothing when there is one)."""
        if self.count == 1:
            return ""
        return f" FILTER (WHERE lane = {lane})"

    def class_of(self, index: int) -> str:
        """SQL over a row with halves h<lane>_<half>: the class of requirement `index` plus 1
        (a list index)."""
        lane, shift = self.slot(index)
        half, at = divmod(shift, HALF_BITS)
        return f"((h{lane}_{half} >> {at}) & {(1 << self.bits) - 1}) + 1"


def lanes_for(bundle: ReleaseBundle) -> Lanes:
    classes = AnswerClasses.for_policy(bundle.policy)
    assert HALF_BITS % classes.bits == 0, "a half holds a whole number of slots"
    contextual = sum(p.chunk is not None for p in requirement_positions(bundle))
    return Lanes(classes.bits, len(release_requirement_ids(bundle)), contextual)


def answer_lanes(bundle: ReleaseBundle, masks: list[str]) -> SqlFragment:
    """release_ids, coded, answers, lanes: per assessment, the packed classes of its answers
    and the applicability `masks` of its profile (from `app`).

    The profiles join the one GROUP BY as rows of their own (UNION ALL) instead of being
    joined to it afterwards: no join, and what follows runs in parallel on the groups. Their
    mask goes into spare bits of the last lane when it fits (no aggregate of its own), else
    into columns of its own. An assessment without a profile row is left out later.
    """
    lanes = lanes_for(bundle)
    klass = answer_class(bundle.policy)
    lanes_or = ", ".join(f"bit_or(v){lanes.lane_filter(p)} AS l{p}" for p in range(lanes.count))
    own_columns = lanes.mask_start is None
    masks_or = "".join(f", bit_or({m}) AS {m}" for m in masks) if own_columns else ""
    no_masks = "".join(f", NULL::BIGINT AS {m}" for m in masks) if own_columns else ""
    sql = f"""
    release_ids AS (SELECT ?::VARCHAR[] AS ids),
    coded AS (
      SELECT assessment_id, {INDEX_PLACEHOLDER} AS k, {klass.sql} AS c FROM {{responses}}
    ),
    answers AS (
      SELECT assessment_id, k // {lanes.per_lane} AS lane, {lanes.shifted("c", "k")} AS v{no_masks}
      FROM coded
      UNION ALL {lanes.profile_row(masks)}
    ),
    lanes AS (
      SELECT assessment_id, {lanes_or}{masks_or} FROM answers GROUP BY assessment_id
    )"""  # noqa: S608 - fixed text, generated indexes and literals; values are parameters
    return SqlFragment(sql, [list(release_requirement_ids(bundle)), *klass.params])
