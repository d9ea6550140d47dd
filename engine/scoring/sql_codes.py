"""Answer classes of the SQL back-end: each answer reduced to a small number, row by row.

Every row of `responses` gets a raw code from its own columns, with no join:

- 0: no answer (no row at all; the sums below leave the slot at 0),
- 1: answered with neither a rating nor "not applicable",
- 2 / 3: marked "not applicable", with the reason long enough / too short,
- 4 + 2 x rating + evidence short: rated 0..10 (the model's and the table's range), where
  "evidence short" means fewer references than the policy asks at that rating.

The expression is a few integer operations and one list lookup per row: it relies on the
constraints of `sql_tables` (rating 0..10, N/A flag and evidence count never NULL); a rating
outside 0..10 gets no class and counts as no answer.

Raw codes whose facts are the same under the policy (say every rating off the scale) share an
answer class. The classes, numbered from 0 (no answer), are what the bulk query keeps per
requirement; `AnswerFacts` are what a class means, read by `sql_counters`.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.models.policy import Policy
from engine.scoring import figures
from engine.scoring.sql_conditions import SqlFragment

RATINGS = range(0, 11)
"""Every rating the model and the responses table allow."""
RATED = 4
"""Raw code of a rating: RATED + 2 x rating + evidence short."""


@dataclass(frozen=True)
class AnswerFacts:
    """What an answer says, as far as scoring is concerned (independent of the requirement)."""

    present: bool
    rating: int | None
    """The rating that counts: on the policy's scale, else None."""
    off_scale: bool
    marked_na: bool
    reason_ok: bool
    evidence_short: bool


NO_ANSWER = AnswerFacts(False, None, False, False, True, False)


def _rated(policy: Policy, rating: int, short: bool) -> AnswerFacts:
    on_scale = rating in figures.scale_values(policy)
    needs = on_scale and figures.evidence_needed(rating, policy) > 0
    return AnswerFacts(
        True, rating if on_scale else None, not on_scale, False, True, short and needs
    )


def raw_facts(policy: Policy) -> list[AnswerFacts]:
    """The facts of every raw code, indexed by the code."""
    reason_matters = policy.not_applicable.reason_required
    out = [
        NO_ANSWER,
        AnswerFacts(True, None, False, False, True, False),
        AnswerFacts(True, None, False, True, True, False),
        AnswerFacts(True, None, False, True, not reason_matters, False),
    ]
    for rating in RATINGS:
        out += [_rated(policy, rating, False), _rated(policy, rating, True)]
    return out


@dataclass(frozen=True)
class AnswerClasses:
    """The distinct answer classes of a policy and the class of each raw code."""

    facts: tuple[AnswerFacts, ...]
    of_raw: tuple[int, ...]

    @classmethod
    def for_policy(cls, policy: Policy) -> AnswerClasses:
        facts: list[AnswerFacts] = []
        of_raw: list[int] = []
        for fact in raw_facts(policy):
            if fact not in facts:
                facts.append(fact)
            of_raw.append(facts.index(fact))
        return cls(tuple(facts), tuple(of_raw))

    @property
    def bits(self) -> int:
        """Bits that hold one class number."""
        return max(1, (len(self.facts) - 1).bit_length())


def _evidence_needed(policy: Policy) -> SqlFragment:
    """SQL: references needed at `rating` (the most any evidence rule asks)."""
    terms = ["(rating >= ?)::INTEGER * ?" for _ in policy.evidence]
    params: list[object] = [
        v for rule in policy.evidence for v in (rule.min_rating, rule.min_references)
    ]
    if len(terms) > 1:
        return SqlFragment(f"GREATEST({', '.join(terms)})", params)
    return SqlFragment(terms[0] if terms else "0", params)


def _unrated(policy: Policy) -> SqlFragment:
    """SQL (list index = raw code + 1) of a row without a rating: answered without a rating
    (2), or marked N/A with the reason long enough (3) or too short (4, NULL counts as short)."""
    rule = policy.not_applicable
    if not rule.reason_required:
        return SqlFragment("WHEN not_applicable THEN 3 ELSE 2")
    return SqlFragment(
        "WHEN not_applicable THEN CASE WHEN na_reason_length >= ? THEN 3 ELSE 4 END ELSE 2",
        [max(rule.min_reason_length, 1)],
    )


def answer_class(policy: Policy) -> SqlFragment:
    """SQL over one row of `responses`: its answer class (an INTEGER; NULL only for a rating
    outside 0..10). The list index is the raw code + 1; a rated row is tested first, as the
    most common."""
    needed = _evidence_needed(policy)
    unrated = _unrated(policy)
    rated = f"{RATED + 1} + 2 * rating + (evidence_count < {needed.sql})::INTEGER"
    classes = AnswerClasses.for_policy(policy).of_raw
    lookup = "[" + ", ".join(str(c) for c in classes) + "]"
    sql = f"({lookup})[CASE WHEN rating IS NOT NULL THEN {rated} {unrated.sql} END]"
    return SqlFragment(sql, [*needed.params, *unrated.params])
