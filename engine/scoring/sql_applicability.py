"""Applicability in the SQL back-end: which requirements apply to each profile, as bit masks.

Each context-specific requirement (its own or its standard's `applies_when`) gets one bit in a
BIGINT mask column `m<chunk>` computed per profile from the compiled conditions; a universal
requirement of a universal standard needs no bit. The masks are computed over the profiles
only (one row per assessment) and read after the answers have been summed per assessment.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.models.bundle import ReleaseBundle
from engine.models.conditions import Condition
from engine.scoring.sql_conditions import PROFILE_COLUMNS, ConditionCompiler, SqlFragment

PROFILES = ConditionCompiler(alias="p", columns=PROFILE_COLUMNS)


def join_fragments(fragments: list[SqlFragment], separator: str) -> SqlFragment:
    return SqlFragment(
        separator.join(f.sql for f in fragments), [v for f in fragments for v in f.params]
    )


@dataclass(frozen=True)
class Position:
    """Where a requirement sits: its standard, and its bit in the context mask (None if it
    applies whenever its standard does and its standard is universal)."""

    standard_idx: int
    chunk: int | None
    bit: int


def requirement_positions(bundle: ReleaseBundle) -> list[Position]:
    out: list[Position] = []
    contextual = 0
    for s, standard in enumerate(bundle.standards):
        for requirement in standard.requirements:
            if standard.applies_when is None and requirement.applies_when is None:
                out.append(Position(s, None, 0))
                continue
            out.append(Position(s, contextual // MASK_BITS, contextual % MASK_BITS))
            contextual += 1
    return out


MASK_BITS = 62
"""Context-specific requirements per BIGINT mask column (bits 0..61)."""


def context_conditions(bundle: ReleaseBundle) -> list[SqlFragment]:
    """Per context-specific requirement, in release order: does it apply to profile p?"""
    out: list[SqlFragment] = []
    for standard in bundle.standards:
        for requirement in standard.requirements:
            parts: list[Condition] = [
                c for c in (standard.applies_when, requirement.applies_when) if c is not None
            ]
            if parts:
                out.append(join_fragments([PROFILES.compile(c) for c in parts], " AND "))
    return out


def applies(position: Position) -> str | None:
    """SQL: 1 when the requirement applies to the row's profile, else 0 (None: always 1)."""
    if position.chunk is None:
        return None
    return f"((m{position.chunk} >> {position.bit}) & 1)"


def mask_chunks(bundle: ReleaseBundle) -> list[int]:
    return sorted({p.chunk for p in requirement_positions(bundle) if p.chunk is not None} | {0})


def _bits_by_condition(bundle: ReleaseBundle) -> dict[int, dict[str, tuple[SqlFragment, int]]]:
    """Per mask chunk, each distinct condition (by its SQL and values) with the bits of all
    the requirements that it governs: a condition shared by several requirements is
    evaluated once."""
    contextual = [p for p in requirement_positions(bundle) if p.chunk is not None]
    chunks: dict[int, dict[str, tuple[SqlFragment, int]]] = {c: {} for c in mask_chunks(bundle)}
    for condition, position in zip(context_conditions(bundle), contextual, strict=True):
        assert position.chunk is not None
        key = repr((condition.sql, condition.params))
        _, bits = chunks[position.chunk].get(key, (condition, 0))
        chunks[position.chunk][key] = (condition, bits | 1 << position.bit)
    return chunks


def profile_masks(bundle: ReleaseBundle) -> SqlFragment:
    """app: per assessment, the masks of the context-specific requirements that apply."""
    masks: list[str] = []
    params: list[object] = []
    for c, conditions in sorted(_bits_by_condition(bundle).items()):
        terms = [f"({cond.sql})::BIGINT * {bits}" for cond, bits in conditions.values()]
        params.extend(v for cond, _ in conditions.values() for v in cond.params)
        masks.append(f"({' + '.join(terms) or '0'})::BIGINT AS m{c}")
    sql = f"app AS (SELECT p.assessment_id, {', '.join(masks)} FROM {{profiles}} p)"  # noqa: S608
    return SqlFragment(sql, params)
