"""Counters of the SQL back-end, packed several to a BIGINT so that one addition adds them all.

What an applicable requirement adds to the figures of its assessment depends only on the
requirement and the class of its answer (`sql_codes`), so it is worked out here, in Python,
once per (requirement, class): a few counters (rating that counts, accepted N/A, answered,
implemented, partly, critical ok, blocking findings). Each counter gets
a field wide enough for its largest total over a whole release, and fields are packed into as
few BIGINT words as fit in 62 bits. Adding packed words adds every field at once, exactly,
because no field can carry into the next.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from engine.models.policy import Policy
from engine.models.standard import Requirement
from engine.scoring import figures
from engine.scoring.sql_codes import AnswerFacts

WORD_BITS = 62


@dataclass(frozen=True)
class Answer:
    """One applicable requirement, the facts of its answer, and the policy."""

    requirement: Requirement
    facts: AnswerFacts
    policy: Policy

    @property
    def na_permitted(self) -> bool:
        return figures.na_permitted(self.requirement, self.policy)

    @property
    def accepted(self) -> bool:
        return self.facts.marked_na and self.na_permitted and self.facts.reason_ok

    @property
    def scored_rating(self) -> int | None:
        return None if self.accepted else self.facts.rating

    def at_least(self, level: int) -> bool:
        rating = self.scored_rating
        return rating is not None and rating >= level


def _blocking(a: Answer) -> int:
    """SA02 + SA03 + SA04 + SA08 (SA01 comes from the critical counts, see `sql_scoring`)."""
    facts = a.facts
    return (
        int(facts.rating is not None and facts.evidence_short)
        + int(facts.marked_na and not facts.reason_ok)
        + int(facts.marked_na and not a.na_permitted)
        + int(facts.off_scale)
    )


def _critical(check: Callable[[Answer], bool]) -> Callable[[Answer], int]:
    return lambda a: int(a.requirement.critical and check(a))


COUNTERS: dict[str, tuple[int, Callable[[Answer], int]]] = {
    "rating": (10, lambda a: a.scored_rating or 0),
    "accepted_na": (1, lambda a: int(a.accepted)),
    "answered": (1, lambda a: int(a.accepted or a.facts.rating is not None)),
    "implemented": (1, lambda a: int(a.at_least(a.policy.rating_scale.implemented_at))),
    "partly": (1, lambda a: int(a.at_least(a.policy.rating_scale.partly_at))),
    "critical_ok": (1, _critical(lambda a: a.at_least(a.policy.critical_threshold))),
    "critical_partly_ok": (1, _critical(lambda a: a.at_least(a.policy.rating_scale.partly_at))),
    "blocking": (4, _blocking),
}
"""Every counter: the most it grows per answer (ratings are at most 10), and what one
applicable answer adds to it. Summed per standard and weight class, rating and accepted_na
give the standard and overall scores; the others are only needed in total."""


@dataclass(frozen=True)
class Field:
    word: int
    shift: int
    width: int


@dataclass(frozen=True)
class FigureWords:
    """Where each counter lives: its word and bit offset."""

    fields: dict[str, Field]
    words: int

    @classmethod
    def for_requirements(cls, requirements: int) -> FigureWords:
        fields: dict[str, Field] = {}
        word, used = 0, 0
        for name, (per_answer, _) in COUNTERS.items():
            width = max(1, (per_answer * requirements).bit_length())
            if width > WORD_BITS:
                raise ValueError("too many requirements to pack counters")
            if used + width > WORD_BITS:
                word, used = word + 1, 0
            fields[name] = Field(word, used, width)
            used += width
        return cls(fields, word + 1)

    def values(self, answer: Answer) -> list[int]:
        """The packed words that one applicable answer adds."""
        out = [0] * self.words
        for name, (_, count) in COUNTERS.items():
            field = self.fields[name]
            out[field.word] += count(answer) << field.shift
        return out

    def unpack(self, name: str, word_column: Callable[[int], str]) -> str:
        """SQL: the counter `name` from the words named by `word_column(word)`."""
        field = self.fields[name]
        mask = (1 << field.width) - 1
        return f"(({word_column(field.word)} >> {field.shift}) & {mask})"
