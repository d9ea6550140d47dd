"""Score many self-assessments in one DuckDB query: the SQL back-end of `engine.scoring`.

The release bundle is compiled once into a query over two tables (see `sql_tables`):
`profiles` (one row per assessment) and `responses` (one row per answer). The formulas are
those of `engine.scoring.figures`, arranged for speed (docs/scoring.md, section 8):

- app: per profile, the bit masks of applicable requirements and the applicable totals
  (`sql_applicability`), with no join;
- kinds: every kind of answer judged once (rating that counts, N/A, findings, packed counters);
- j, ps, agg: each answer joined to its kind and its profile, kept if its requirement applies,
  summed per assessment and standard, then per assessment;
- m: the metrics; then the decision as a CASE over the policy's bands.

Values are parameters; identifiers are fixed or generated from indexes; no Python UDFs.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from engine.models.bundle import ReleaseBundle
from engine.models.policy import Policy
from engine.scoring import figures
from engine.scoring.sql_applicability import (
    flag,
    join_fragments,
    mask_chunks,
    mask_lookup,
    profile_side,
    requirement_positions,
    standard_weight,
)
from engine.scoring.sql_conditions import (
    METRIC_COLUMNS,
    ConditionCompiler,
    SqlFragment,
)
from engine.scoring.sql_counters import Packing, counters

METRICS = ConditionCompiler(alias="m", columns=METRIC_COLUMNS)
RESULT_COLUMNS = ("assessment_id", *METRIC_COLUMNS, "outcome")
BLOCKING_CODES = frozenset({"SA01", "SA02", "SA03", "SA04", "SA08"})
"""The findings of severity error that the SQL counts in blocking_findings (see `_answers`,
SA01 in `_metrics`). A test checks that this is every error code of the finding table."""


@dataclass(frozen=True)
class BulkScore:
    """The figures, metrics and outcome of one assessment scored by the SQL back-end."""

    assessment_id: str
    overall_score: float | None
    min_standard_score: float | None
    share_implemented: float | None
    share_partly_or_better: float | None
    coverage: float | None
    critical_below_implemented: int
    critical_below_partly: int
    unanswered: int
    blocking_findings: int
    outcome: str


def _requirements(bundle: ReleaseBundle) -> SqlFragment:
    rows: list[str] = []
    params: list[object] = []
    policy = bundle.policy
    requirements = [r for s in bundle.standards for r in s.requirements]
    for position, requirement in zip(requirement_positions(bundle), requirements, strict=True):
        rows.append(
            "(?::VARCHAR, ?::INTEGER, ?::BOOLEAN, ?::DOUBLE, ?::BOOLEAN, ?::INTEGER, ?::BIGINT)"
        )
        params += [requirement.id, position.standard_idx, requirement.critical]
        params += [figures.weight(requirement, policy), figures.na_permitted(requirement, policy)]
        params += [*flag(position)]
    columns = "requirement_id, standard_idx, critical, weight, na_permitted, chunk, flag"
    return SqlFragment(f"reqs({columns}) AS (VALUES {', '.join(rows)})", params)


def _on_scale(policy: Policy, column: str) -> SqlFragment:
    scale = sorted(figures.scale_values(policy))
    if scale == list(range(scale[0], scale[-1] + 1)):
        return SqlFragment(f"{column} BETWEEN ? AND ?", [scale[0], scale[-1]])
    return SqlFragment(f"list_contains(?::INTEGER[], {column})", [scale])


def _evidence_needed(policy: Policy) -> SqlFragment:
    terms = ["0"]
    params: list[object] = []
    for rule in policy.evidence:
        terms.append("CASE WHEN rating >= ? THEN ? ELSE 0 END")
        params += [rule.min_rating, rule.min_references]
    return SqlFragment(f"GREATEST({', '.join(terms)})", params)


def _most_evidence(policy: Policy) -> int:
    return max((rule.min_references for rule in policy.evidence), default=0)


def _packing(bundle: ReleaseBundle) -> Packing:
    names = [name for name, _ in counters(bundle.policy)]
    return Packing.for_requirements(names, len(bundle.requirement_ids()))


def _answer_kinds(bundle: ReleaseBundle) -> SqlFragment:
    """kinds: every kind of answer each requirement can get, judged once.

    An answer's kind is (requirement, rating or -1 for none or 11 for any other number, marked
    N/A, reason long enough, evidence references up to the most any rule asks). Its rating
    that counts, N/A, findings and packed counters are computed here, over a few thousand rows,
    instead of once per answer.
    """
    policy = bundle.policy
    on_scale = _on_scale(policy, "rating_key")
    needed = _evidence_needed(policy)
    packed = _packing(bundle).values(counters(policy))
    sql = f"""
    kinds0 AS (
      SELECT q.*, g.rating_key, n.marked_na, o.reason_ok, e.evidence_key,
        CASE WHEN {on_scale.sql} THEN g.rating_key END AS rating
      FROM reqs q, range(-1, 12) g(rating_key), (VALUES (false), (true)) n(marked_na),
        (VALUES (false), (true)) o(reason_ok), range(0, ?::BIGINT) e(evidence_key)
    ),
    kinds1 AS (
      SELECT *, (marked_na AND na_permitted AND reason_ok) AS accepted,
        (rating IS NOT NULL AND evidence_key < {needed.sql})::DOUBLE
        + (marked_na AND NOT reason_ok)::DOUBLE
        + (marked_na AND NOT na_permitted)::DOUBLE
        + (rating_key >= 0 AND rating IS NULL)::DOUBLE AS blocking
      FROM kinds0
    ),
    kinds AS (
      SELECT requirement_id, rating_key, marked_na, reason_ok, evidence_key, standard_idx,
        chunk, flag, CASE WHEN NOT accepted THEN weight * rating END AS swr,
        CASE WHEN accepted THEN weight END AS wna, {packed.sql}
      FROM kinds1
    )"""  # noqa: S608 - fixed text and compiled fragments; every value is a parameter
    evidence = _most_evidence(policy) + 1
    return SqlFragment(sql, [*on_scale.params, evidence, *needed.params, *packed.params])


def _answers(bundle: ReleaseBundle) -> SqlFragment:
    """j: each answer to an applicable requirement, with its kind's figures."""
    rule = bundle.policy.not_applicable
    reason = "COALESCE(r.na_reason_length, 0) >= ?" if rule.reason_required else "true"
    reason_params: list[object] = [max(rule.min_reason_length, 1)] if rule.reason_required else []
    masks = ", ".join(f"a.m{c}" for c in mask_chunks(bundle))
    packs = ", ".join(f"x.pack{p}" for p in range(_packing(bundle).packs()))
    sql = f"""
    j AS (
      SELECT r.assessment_id, x.standard_idx, x.swr, x.wna, {packs}, {masks}
      FROM {{responses}} r
      JOIN kinds x ON x.requirement_id = r.requirement_id
        AND x.rating_key = LEAST(COALESCE(r.rating, -1), 11)
        AND x.marked_na = COALESCE(r.not_applicable, false)
        AND x.reason_ok = ({reason})
        AND x.evidence_key = LEAST(COALESCE(r.evidence_count, 0), ?)
      JOIN app a ON a.assessment_id = r.assessment_id
      WHERE {mask_lookup(bundle)}
    )"""  # noqa: S608 - fixed text and compiled fragments; every value is a parameter
    return SqlFragment(sql, [*reason_params, _most_evidence(bundle.policy)])


def _per_standard(bundle: ReleaseBundle) -> SqlFragment:
    """ps: sums per assessment and standard; the standard's score with its applicable weight."""
    top = float(figures.max_rating(bundle.policy))
    masks = ", ".join(f"any_value(m{c}) AS m{c}" for c in mask_chunks(bundle))
    packs = range(_packing(bundle).packs())
    pack_sums = ", ".join(f"SUM(pack{p}) AS pack{p}" for p in packs)
    sql = f"""
    ps0 AS (
      SELECT assessment_id, standard_idx, {masks}, SUM(swr) AS swr, SUM(wna) AS wna, {pack_sums}
      FROM j GROUP BY assessment_id, standard_idx
    ),
    ps AS (
      SELECT *, COALESCE(swr, 0)
        / NULLIF(({standard_weight(bundle)} - COALESCE(wna, 0)) * {top!r}, 0) AS score
      FROM ps0
    ),
    agg AS (
      SELECT assessment_id, SUM(swr) AS swr, SUM(wna) AS wna, MIN(score) AS min_score,
        COUNT(*) AS n_standards_answered, {pack_sums}
      FROM ps GROUP BY assessment_id
    )"""  # noqa: S608 - fixed text and generated indexes only
    return SqlFragment(sql)


def _metrics(bundle: ReleaseBundle) -> SqlFragment:
    """m: the metrics of every assessment, from the profile side (app) and the answers (agg).

    A standard that applies but has no answer at all scores 0, hence the LEAST with 0.
    """
    top = float(figures.max_rating(bundle.policy))
    packing = _packing(bundle)
    unpacked = ", ".join(f"{packing.unpack(n, 'g')} AS {n}" for n in packing.names)
    sql = f"""
    t AS (
      SELECT a.assessment_id, a.n_app, a.w_app, a.c_app, COALESCE(g.swr, 0) AS swr,
        COALESCE(g.wna, 0) AS wna,
        CASE WHEN COALESCE(g.n_standards_answered, 0) < a.n_standards
          THEN LEAST(0.0, g.min_score) ELSE g.min_score END AS min_standard_score,
        {unpacked}
      FROM app a LEFT JOIN agg g ON g.assessment_id = a.assessment_id
    ),
    m AS (
      SELECT assessment_id,
        swr / NULLIF((w_app - wna) * {top!r}, 0) AS overall_score,
        min_standard_score,
        n_implemented / NULLIF(n_app - n_na, 0)::DOUBLE AS share_implemented,
        n_partly / NULLIF(n_app - n_na, 0)::DOUBLE AS share_partly_or_better,
        n_answered / NULLIF(n_app, 0)::DOUBLE AS coverage,
        (c_app - c_na - c_ok)::BIGINT AS critical_below_implemented,
        (c_app - c_na - c_partly_ok)::BIGINT AS critical_below_partly,
        (n_app - n_answered)::BIGINT AS unanswered,
        (blocking + c_app - c_na - c_ok)::BIGINT AS blocking_findings
      FROM t
    )"""  # noqa: S608 - fixed text and generated indexes only
    return SqlFragment(sql)


def _outcome(policy: Policy) -> SqlFragment:
    """The first band that holds; an "accredited" band is barred by a critical failure."""
    branches: list[str] = []
    params: list[object] = []
    for band in policy.decision_bands:
        holds = SqlFragment("true") if band.when is None else METRICS.compile(band.when)
        gate = " AND m.critical_below_implemented = 0" if band.outcome == "accredited" else ""
        branches.append(f"WHEN {holds.sql}{gate} THEN ?")
        params += [*holds.params, band.outcome]
    return SqlFragment(f"CASE {' '.join(branches)} ELSE 'not_accredited' END", params)


@dataclass(frozen=True)
class CompiledScoring:
    """The bulk scoring query for one release bundle, ready to run on any pair of tables."""

    sql_template: str
    params: tuple[object, ...]

    def sql(self, profiles: str = "profiles", responses: str = "responses") -> str:
        for name in (profiles, responses):
            if not name.isidentifier() or not name.isascii():
                raise ValueError(f"not a plain table name: {name!r}")
        return self.sql_template.replace("{profiles}", profiles).replace("{responses}", responses)

    def score_all(
        self,
        con: duckdb.DuckDBPyConnection,
        profiles: str = "profiles",
        responses: str = "responses",
    ) -> list[BulkScore]:
        rows = con.execute(self.sql(profiles, responses), list(self.params)).fetchall()
        return [BulkScore(**dict(zip(RESULT_COLUMNS, row, strict=True))) for row in rows]


def compile_scoring(bundle: ReleaseBundle) -> CompiledScoring:
    """Compile applicability, figures, metrics and the decision of a bundle to one query."""
    parts = [
        _requirements(bundle),
        profile_side(bundle),
        _answer_kinds(bundle),
        _answers(bundle),
        _per_standard(bundle),
        _metrics(bundle),
    ]
    outcome = _outcome(bundle.policy)
    metric_list = ", ".join(f"m.{name}" for name in METRIC_COLUMNS)
    sql = (
        "WITH "
        + ",\n".join(p.sql for p in parts)
        + f"\nSELECT m.assessment_id, {metric_list}, {outcome.sql} AS outcome"
        + " FROM m ORDER BY m.assessment_id"
    )
    return CompiledScoring(
        sql_template=sql, params=tuple(join_fragments([*parts, outcome], "").params)
    )
