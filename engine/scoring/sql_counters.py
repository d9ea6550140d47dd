"""Counters of the SQL back-end, packed several to a DOUBLE so that one SUM adds them all.

Every counter per assessment is a small whole number (at most four per requirement), so each
gets a field of `width` bits, and as many fields share one DOUBLE as fit exactly in its 53-bit
mantissa. Summing the packed value sums every field at once, exactly, because no field can
carry into the next. Fewer aggregates make the bulk query faster.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.models.policy import Policy
from engine.scoring.sql_conditions import SqlFragment

MANTISSA_BITS = 53
MAX_PER_REQUIREMENT = 4
"""A counter never grows by more than this per answer (blocking: SA02/SA03/SA04/SA08)."""


def counters(policy: Policy) -> list[tuple[str, SqlFragment]]:
    """Each counter's name and its per-answer value, over the columns of the answers (k)."""
    scale = policy.rating_scale
    return [
        ("n_na", SqlFragment("accepted::DOUBLE")),
        ("n_answered", SqlFragment("(accepted OR rating IS NOT NULL)::DOUBLE")),
        (
            "n_implemented",
            SqlFragment("(NOT accepted AND rating >= ?)::DOUBLE", [scale.implemented_at]),
        ),
        ("n_partly", SqlFragment("(NOT accepted AND rating >= ?)::DOUBLE", [scale.partly_at])),
        ("c_na", SqlFragment("(critical AND accepted)::DOUBLE")),
        (
            "c_ok",
            SqlFragment(
                "(critical AND NOT accepted AND rating >= ?)::DOUBLE", [policy.critical_threshold]
            ),
        ),
        (
            "c_partly_ok",
            SqlFragment("(critical AND NOT accepted AND rating >= ?)::DOUBLE", [scale.partly_at]),
        ),
        ("blocking", SqlFragment("blocking")),
    ]


@dataclass(frozen=True)
class Packing:
    """Where each counter lives: pack number and bit offset, `width` bits each."""

    names: tuple[str, ...]
    width: int

    @classmethod
    def for_requirements(cls, names: list[str], requirements: int) -> Packing:
        width = max(1, (MAX_PER_REQUIREMENT * requirements).bit_length())
        if width > MANTISSA_BITS:
            raise ValueError("too many requirements to pack counters")
        return cls(tuple(names), width)

    @property
    def per_pack(self) -> int:
        return MANTISSA_BITS // self.width

    def slot(self, name: str) -> tuple[int, int]:
        index = self.names.index(name)
        return index // self.per_pack, (index % self.per_pack) * self.width

    def packs(self) -> int:
        return -(-len(self.names) // self.per_pack)

    def values(self, values: list[tuple[str, SqlFragment]]) -> SqlFragment:
        """(...) AS pack0, (...) AS pack1, ...: the packed per-answer values (NULL counts 0)."""
        terms: dict[int, list[SqlFragment]] = {}
        for name, value in values:
            pack, shift = self.slot(name)
            terms.setdefault(pack, []).append(
                SqlFragment(f"COALESCE({value.sql}, 0) * {float(1 << shift)!r}", value.params)
            )
        parts = [
            SqlFragment(
                f"({' + '.join(t.sql for t in group)}) AS pack{pack}",
                [v for t in group for v in t.params],
            )
            for pack, group in sorted(terms.items())
        ]
        return SqlFragment(", ".join(p.sql for p in parts), [v for p in parts for v in p.params])

    def unpack(self, name: str, source: str) -> str:
        """The counter `name` from the packed sums of the row `source` (0 when missing)."""
        pack, shift = self.slot(name)
        mask = (1 << self.width) - 1
        return f"((COALESCE({source}.pack{pack}, 0)::BIGINT >> {shift}) & {mask})"
