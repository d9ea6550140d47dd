"""The bump table: which kind of change needs which semantic-version bump.

DESIGN.md section 1: PATCH = wording only, no effect on any score; MINOR = requirement added or
guidance widened; MAJOR = requirement removed, its meaning or the scale changed.

| aspect            | kind               | bump  | why                                      |
|-------------------|--------------------|-------|------------------------------------------|
| requirement       | added              | MINOR | a new requirement                        |
| requirement       | removed            | MAJOR | answers lose their requirement           |
| title             | reworded           | PATCH | wording (requirement, standard, policy)  |
| purpose           | reworded           | PATCH | wording of the standard's purpose        |
| statement         | reworded           | PATCH | only case, spacing, punctuation or a     |
|                   |                    |       | translation (de/fr) changed              |
| statement         | rewritten          | MAJOR | the English statement says something     |
|                   |                    |       | else: what must be true changed          |
| guidance          | reworded           | PATCH | advice, no effect on any score           |
| evidence_examples | reworded           | PATCH | as many examples, other words            |
| evidence_examples | added / removed    | MINOR | guidance widened (or changed)            |
| sources           | changed            | PATCH | citations only                           |
| code              | changed            | MAJOR | the standard's requirement ids change    |
| scope             | rephrased          | PATCH | provably the same context                |
| scope             | widened            | MINOR | applies to more organisations            |
| scope             | narrowed / changed | MAJOR | some lose it; a change we cannot prove   |
|                   |                    |       | to be a widening counts as MAJOR         |
| critical          | made / no longer   | MAJOR | weights and gates change                 |
| na_allowed        | allowed            | MINOR | more freedom; old answers stay valid     |
| na_allowed        | withdrawn          | MAJOR | N/A answers become findings              |
| standard          | added / removed    | MINOR / MAJOR, in a release diff                 |
| labels (policy)   | reworded           | PATCH | rating and band labels, wording only     |
| review (policy)   | changed            | MINOR | procedure, not scores                    |
| rating_scale      | changed            | MAJOR | the scale changed                        |
| weights, critical_threshold, decision_bands, not_applicable, evidence (policy):   |
|                   | changed            | MAJOR | outcomes mean something else             |
"""

from __future__ import annotations

from engine.versioning.bumps import Bump

BUMP_RULES: dict[tuple[str, str], Bump] = {
    ("requirement", "added"): Bump.MINOR,
    ("requirement", "removed"): Bump.MAJOR,
    ("standard", "added"): Bump.MINOR,
    ("standard", "removed"): Bump.MAJOR,
    ("title", "reworded"): Bump.PATCH,
    ("purpose", "reworded"): Bump.PATCH,
    ("statement", "reworded"): Bump.PATCH,
    ("statement", "rewritten"): Bump.MAJOR,
    ("guidance", "reworded"): Bump.PATCH,
    ("evidence_examples", "reworded"): Bump.PATCH,
    ("evidence_examples", "added"): Bump.MINOR,
    ("evidence_examples", "removed"): Bump.MINOR,
    ("sources", "changed"): Bump.PATCH,
    ("code", "changed"): Bump.MAJOR,
    ("scope", "rephrased"): Bump.PATCH,
    ("scope", "widened"): Bump.MINOR,
    ("scope", "narrowed"): Bump.MAJOR,
    ("scope", "changed"): Bump.MAJOR,
    ("critical", "made critical"): Bump.MAJOR,
    ("critical", "no longer critical"): Bump.MAJOR,
    ("na_allowed", "allowed"): Bump.MINOR,
    ("na_allowed", "withdrawn"): Bump.MAJOR,
    ("labels", "reworded"): Bump.PATCH,
    ("review", "changed"): Bump.MINOR,
    ("rating_scale", "changed"): Bump.MAJOR,
    ("weights", "changed"): Bump.MAJOR,
    ("critical_threshold", "changed"): Bump.MAJOR,
    ("decision_bands", "changed"): Bump.MAJOR,
    ("not_applicable", "changed"): Bump.MAJOR,
    ("evidence", "changed"): Bump.MAJOR,
}
"""(aspect, kind of change) -> the bump it needs. Every change the diff reports is listed here."""


def bump_for(aspect: str, kind: str) -> Bump:
    """The bump a change needs; a change missing from the table counts as MAJOR (safe side)."""
    return BUMP_RULES.get((aspect, kind), Bump.MAJOR)
