"""Applicability in the SQL back-end: which requirements apply to each profile, as bit masks.

Each context-specific requirement (its own or its standard's `applies_when`) gets one bit in a
BIGINT mask column `m<chunk>` computed per profile from the compiled conditions; a universal
requirement of a universal standard needs no bit. From the masks come the applicable totals
per profile (count, weight, critical count, standards that apply) with no join at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.models.bundle import ReleaseBundle
from engine.models.conditions import Condition
from engine.scoring import figures
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
ALWAYS = 1 << MASK_BITS
"""Bit 62 of mask m0 is always set: the bit that universal requirements test."""


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


def bit(position: Position) -> str:
    return f"((m{position.chunk} >> {position.bit}) & 1)"


def profile_side(bundle: ReleaseBundle) -> SqlFragment:
    """app: per assessment, the context masks and the applicable totals (count, weight,
    critical count, standards that apply)."""
    compiled = context_conditions(bundle)
    positions = requirement_positions(bundle)
    chunks: dict[int, list[str]] = {}
    params: list[object] = []
    contextual = [p for p in positions if p.chunk is not None]
    for condition, position in zip(compiled, contextual, strict=True):
        assert position.chunk is not None
        chunks.setdefault(position.chunk, []).append(
            f"(CASE WHEN {condition.sql} THEN {1 << position.bit} ELSE 0 END)"
        )
        params.extend(condition.params)
    chunks.setdefault(0, []).append(str(ALWAYS))
    masks = [f"({' + '.join(terms)})::BIGINT AS m{c}" for c, terms in sorted(chunks.items())]
    count, weight, critical, applies = [], [], [], []
    requirements = [r for s in bundle.standards for r in s.requirements]
    for s in range(len(bundle.standards)):
        flags = [
            ("1" if p.chunk is None else bit(p), r)
            for p, r in zip(positions, requirements, strict=True)
            if p.standard_idx == s
        ]
        count.append(" + ".join(f for f, _ in flags))
        applies.append(f"(({count[-1]}) > 0)::INTEGER")
        weight += [f"{f} * {float(figures.weight(r, bundle.policy))!r}" for f, r in flags]
        critical += [f for f, r in flags if r.critical]
    select_masks = ", ".join(masks)
    sql = (
        f"app0 AS (SELECT p.assessment_id, {select_masks} FROM {{profiles}} p),\n"  # noqa: S608
        f"app AS (SELECT *, {' + '.join(count)} AS n_app, {' + '.join(weight)} AS w_app, "
        f"{' + '.join(critical) or '0'} AS c_app, {' + '.join(applies)} AS n_standards "
        "FROM app0)"
    )
    return SqlFragment(sql, params)


def standard_weight(bundle: ReleaseBundle) -> str:
    """The applicable weight of standard `standard_idx` for the masks m0.. of the row."""
    positions = requirement_positions(bundle)
    requirements = [r for s in bundle.standards for r in s.requirements]
    branches = []
    for s in range(len(bundle.standards)):
        terms = [
            f"{'1' if p.chunk is None else bit(p)} * {float(figures.weight(r, bundle.policy))!r}"
            for p, r in zip(positions, requirements, strict=True)
            if p.standard_idx == s
        ]
        branches.append(f"WHEN {s} THEN {' + '.join(terms)}")
    return f"CASE standard_idx {' '.join(branches)} END"


def mask_lookup(bundle: ReleaseBundle) -> str:
    """SQL that holds when requirement x applies to assessment a (one bit test)."""
    chunks = mask_chunks(bundle)
    if chunks == [0]:
        return "(a.m0 & x.flag) <> 0"
    lookup = " ".join(f"WHEN {c} THEN a.m{c}" for c in chunks)
    return f"((CASE x.chunk {lookup} END) & x.flag) <> 0"


def mask_chunks(bundle: ReleaseBundle) -> list[int]:
    return sorted({p.chunk for p in requirement_positions(bundle) if p.chunk is not None} | {0})


def flag(position: Position) -> tuple[int, int]:
    """The (chunk, bit value) that a requirement tests: the always-set bit when universal."""
    if position.chunk is None:
        return 0, ALWAYS
    return position.chunk, 1 << position.bit
