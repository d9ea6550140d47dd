"""Score many self-assessments in one DuckDB query: the SQL back-end of `engine.scoring`.

The release bundle is compiled once into a query over two tables (see `sql_tables`):
`profiles` (one row per assessment) and `responses` (one row per answer). The formulas are
those of `engine.scoring.figures`, arranged for speed (docs/scoring.md, section 8):

- app: per profile, the bit masks of the requirements that apply (`sql_applicability`);
- lanes: one GROUP BY over the responses (and the profiles' masks, as rows of their own) packs
  the class of every answer per assessment (`sql_lanes`); no join;
- joined, lk, g, t: per assessment, each requirement's class unpacked and turned into
  packed counters (`sql_counters`, one lookup in a one-row table `lk` of the distinct
  lists) when it applies, summed per standard and weight class;
- m: the metrics; then the decision as a CASE over the policy's bands.

The query returns one row per assessment in no particular order, like any GROUP BY (sorting
100,000 ids in SQL costs more than a tenth of the run); `score_all` returns them by id.

Each assessment answers each requirement at most once (a self-assessment's responses are a
mapping by requirement id), as `sql_tables.insert_assessments` writes them.

Values are parameters; identifiers are fixed or generated from indexes; the list literals
are whole numbers computed here from the release; no Python UDFs.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from engine.models.bundle import ReleaseBundle
from engine.models.policy import Policy
from engine.scoring import figures
from engine.scoring.sql_applicability import (
    applies,
    join_fragments,
    mask_chunks,
    profile_masks,
    requirement_positions,
)
from engine.scoring.sql_codes import AnswerClasses
from engine.scoring.sql_conditions import METRIC_COLUMNS, ConditionCompiler, SqlFragment
from engine.scoring.sql_counters import Answer, FigureWords
from engine.scoring.sql_lanes import (
    BY_ENUM,
    BY_LIST,
    INDEX_PLACEHOLDER,
    answer_lanes,
    lanes_for,
    release_requirement_ids,
)
from engine.scoring.sql_tables import requirement_coding

METRICS = ConditionCompiler(alias="m", columns=METRIC_COLUMNS)
RESULT_COLUMNS = ("assessment_id", *METRIC_COLUMNS, "outcome")
BLOCKING_CODES = frozenset({"SA01", "SA02", "SA03", "SA04", "SA08"})
"""The findings of severity error that the SQL counts in blocking_findings (see
`sql_counters._blocking`, SA01 in `_metrics`). A test checks that this is every error code of
the finding table."""


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


def _words(bundle: ReleaseBundle) -> FigureWords:
    return FigureWords.for_requirements(len(release_requirement_ids(bundle)))


def _joined(bundle: ReleaseBundle) -> SqlFragment:
    """joined: per assessment, its masks and its lanes as BIGINT halves."""
    lanes = lanes_for(bundle)
    masks, seen = lanes.masks_of_profile([f"m{c}" for c in mask_chunks(bundle)])
    sql = f"""
    joined AS (SELECT assessment_id{masks}, {lanes.halves()} FROM lanes WHERE {seen})"""  # noqa: S608
    return SqlFragment(sql)


WEIGHT_CLASSES = {"d": False, "c": True}
"""Requirements are summed per standard and weight class: d(efault) or c(ritical)."""


def _applicable_count(bundle: ReleaseBundle, s: int, critical: bool) -> str:
    """SQL: how many requirements of standard s and this weight class apply (mask bits)."""
    positions = requirement_positions(bundle)
    always = 0
    bits: dict[int, int] = {}
    requirements = [r for st in bundle.standards for r in st.requirements]
    for position, requirement in zip(positions, requirements, strict=True):
        if position.standard_idx != s or requirement.critical != critical:
            continue
        if position.chunk is None:
            always += 1
        else:
            bits[position.chunk] = bits.get(position.chunk, 0) | (1 << position.bit)
    terms = [str(always)] + [f"bit_count(m{c} & {mask})" for c, mask in sorted(bits.items())]
    return " + ".join(terms)


def _group_words(bundle: ReleaseBundle) -> SqlFragment:
    """g: per assessment, standard and weight class, the packed counters of the requirements
    that apply (g<s><class>_w<word>) and how many apply (a<s><class>); t: their totals."""
    words = _words(bundle)
    lanes = lanes_for(bundle)
    facts = AnswerClasses.for_policy(bundle.policy).facts
    requirements = [(s, r) for s, st in enumerate(bundle.standards) for r in st.requirements]
    terms: dict[tuple[int, bool, int], list[str]] = {}
    lists: dict[str, str] = {}
    for index, ((s, requirement), position) in enumerate(
        zip(requirements, requirement_positions(bundle), strict=True)
    ):
        values = [words.values(Answer(requirement, f, bundle.policy)) for f in facts]
        for w in range(words.words):
            literal = f"[{', '.join(str(v[w]) for v in values)}]::BIGINT[]"
            name = lists.setdefault(literal, f"lk.v{len(lists)}")
            lookup = f"{name}[{lanes.class_of(index)}]"
            flag = applies(position)
            terms.setdefault((s, requirement.critical, w), []).append(
                lookup if flag is None else f"{lookup} * {flag}"
            )
    groups = [(s, n, c) for s in range(len(bundle.standards)) for n, c in WEIGHT_CLASSES.items()]
    columns = [
        f"({' + '.join(terms.get((s, c, w), ['0']))})::BIGINT AS g{s}{n}_w{w}"
        for s, n, c in groups
        for w in range(words.words)
    ]
    columns += [f"({_applicable_count(bundle, s, c)})::BIGINT AS a{s}{n}" for s, n, c in groups]
    totals = [
        f"({' + '.join(f'g{s}{n}_w{w}' for s in range(len(bundle.standards)))}) AS t{n}_w{w}"
        for n in WEIGHT_CLASSES
        for w in range(words.words)
    ]
    totals += [
        f"({' + '.join(f'a{s}{n}' for s in range(len(bundle.standards)))}) AS a{n}"
        for n in WEIGHT_CLASSES
    ]
    tables = ", ".join(f"{literal} AS {name[3:]}" for literal, name in lists.items())
    sql = f"""
    lk AS (SELECT {tables or "NULL AS v_none"}),
    g AS (SELECT assessment_id, {", ".join(columns)} FROM joined, lk),
    t AS (SELECT *, {", ".join(totals)} FROM g)"""  # noqa: S608 - generated indexes only
    return SqlFragment(sql)


def _group(words: FigureWords, prefix: str, name: str, weight_class: str) -> str:
    """SQL: counter `name` of the words `<prefix><class>_w<word>` of table t."""
    return words.unpack(name, lambda w: f"t.{prefix}{weight_class}_w{w}")


def _score(words: FigureWords, prefix: str, applicable: str) -> str:
    """SQL: the weighted score of a group of requirements (None if nothing is scored):
    sum(weight x rating) / (sum(weight) x max rating), as `figures`."""
    rated = " + ".join(f"pol.w{n} * {_group(words, prefix, 'rating', n)}" for n in WEIGHT_CLASSES)
    weights = " + ".join(
        f"pol.w{n} * (t.{applicable}{n} - {_group(words, prefix, 'accepted_na', n)})"
        for n in WEIGHT_CLASSES
    )
    return f"({rated}) / NULLIF(({weights}) * pol.top, 0)"


def _metrics(bundle: ReleaseBundle) -> SqlFragment:
    """m: the metrics of every assessment from its group counters and totals (t)."""
    words = _words(bundle)

    def total(name: str) -> str:
        return "(" + " + ".join(_group(words, "t", name, n) for n in WEIGHT_CLASSES) + ")"

    standards = [_score(words, f"g{s}", f"a{s}") for s in range(len(bundle.standards))]
    applicable = "(t.ad + t.ac)"
    accepted = total("accepted_na")
    critical_open = f"(t.ac - {_group(words, 't', 'accepted_na', 'c')})"
    below = f"({critical_open} - {_group(words, 't', 'critical_ok', 'c')})"
    partly_ok = _group(words, "t", "critical_partly_ok", "c")
    sql = f"""
    pol AS (SELECT ?::DOUBLE AS wd, ?::DOUBLE AS wc, ?::DOUBLE AS top),
    m AS (
      SELECT t.assessment_id,
        {_score(words, "t", "a")} AS overall_score,
        {f"LEAST({', '.join(standards)})" if standards else "NULL::DOUBLE"} AS min_standard_score,
        {total("implemented")} / NULLIF({applicable} - {accepted}, 0) AS share_implemented,
        {total("partly")} / NULLIF({applicable} - {accepted}, 0) AS share_partly_or_better,
        {total("answered")} / NULLIF({applicable}, 0) AS coverage,
        {below}::BIGINT AS critical_below_implemented,
        ({critical_open} - {partly_ok})::BIGINT AS critical_below_partly,
        ({applicable} - {total("answered")})::BIGINT AS unanswered,
        ({total("blocking")} + {below})::BIGINT AS blocking_findings
      FROM t, pol
    )"""  # noqa: S608 - generated indexes only; every value is a parameter
    policy = bundle.policy
    numbers = [policy.weights.default, policy.weights.critical, figures.max_rating(policy)]
    return SqlFragment(sql, [float(n) for n in numbers])


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


def _plain(name: str) -> str:
    if not name.isidentifier() or not name.isascii():
        raise ValueError(f"not a plain table name: {name!r}")
    return name


@dataclass(frozen=True)
class CompiledScoring:
    """The bulk scoring query for one release bundle, ready to run on any pair of tables."""

    sql_template: str
    params: tuple[object, ...]
    requirement_ids: tuple[str, ...]

    def sql(
        self, profiles: str = "profiles", responses: str = "responses", encoded: bool = False
    ) -> str:
        """The query; `encoded`: `requirement_id` is the release's ENUM (faster)."""
        return (
            self.sql_template.replace("{profiles}", _plain(profiles))
            .replace("{responses}", _plain(responses))
            .replace(INDEX_PLACEHOLDER, BY_ENUM if encoded else BY_LIST)
        )

    def score_all(
        self,
        con: duckdb.DuckDBPyConnection,
        profiles: str = "profiles",
        responses: str = "responses",
    ) -> list[BulkScore]:
        """Every assessment that has a profile, scored, in the order of its id."""
        encoded = requirement_coding(con, _plain(responses)) == self.requirement_ids
        sql = self.sql(profiles, responses, encoded)
        rows = con.execute(sql, list(self.params)).fetchall()
        scores = [BulkScore(**dict(zip(RESULT_COLUMNS, row, strict=True))) for row in rows]
        return sorted(scores, key=lambda score: score.assessment_id)


def compile_scoring(bundle: ReleaseBundle) -> CompiledScoring:
    """Compile applicability, figures, metrics and the decision of a bundle to one query."""
    parts = [
        profile_masks(bundle),
        answer_lanes(bundle, [f"m{c}" for c in mask_chunks(bundle)]),
        _joined(bundle),
        _group_words(bundle),
        _metrics(bundle),
    ]
    outcome = _outcome(bundle.policy)
    metric_list = ", ".join(f"m.{name}" for name in METRIC_COLUMNS)
    sql = (
        "WITH "
        + ",\n".join(p.sql.strip() for p in parts)
        + f"\nSELECT m.assessment_id, {metric_list}, {outcome.sql} AS outcome"
        + " FROM m"
    )
    return CompiledScoring(
        sql_template=sql,
        params=tuple(join_fragments([*parts, outcome], "").params),
        requirement_ids=release_requirement_ids(bundle),
    )
