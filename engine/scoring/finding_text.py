"""A finding's message in the reader's language (en, de, fr).

The engine records each finding with its English message and the values that decided; the
message in another language is the rule's translated template filled with the same values,
the requirement's title in that language, and the few words a value stands for. English, an
unknown language or code, or a template that does not fit the values: the recorded message.
"""

from __future__ import annotations

from collections.abc import Mapping

from engine.models.common import LocalizedText
from engine.rules.trace import FactValue
from engine.scoring.findings import Finding
from engine.scoring.result import AssessmentResult

TEMPLATES: dict[str, dict[str, str]] = {
    "SA01": {
        "de": "Kritische Anforderung {requirement_id} ({title}) ist {shown}; jede kritische "
        "Anforderung muss mindestens {threshold} erreichen.",
        "fr": "L'exigence critique {requirement_id} ({title}) est {shown} ; chaque exigence "
        "critique doit atteindre au moins {threshold}.",
    },
    "SA02": {
        "de": "{requirement_id} ({title}) ist mit {rating} bewertet und braucht dafür mindestens "
        "{needed} Nachweis(e); {given} angegeben.",
        "fr": "{requirement_id} ({title}) est évaluée à {rating}, ce qui demande au moins "
        "{needed} preuve(s) ; {given} fournie(s).",
    },
    "SA03": {
        "de": "{requirement_id} ({title}) ist als nicht zutreffend markiert, mit einer "
        "Begründung von {length} Zeichen; nötig sind mindestens {needed}. Sie wird als "
        "unbeantwortet gewertet.",
        "fr": "{requirement_id} ({title}) est marquée non applicable avec une justification de "
        "{length} caractère(s) ; il en faut au moins {needed}. Elle compte comme sans réponse.",
    },
    "SA04": {
        "de": "{requirement_id} ({title}) darf nach der Richtlinie nicht als nicht zutreffend "
        "beantwortet werden; bitte bewerten. Sie wird als unbeantwortet gewertet.",
        "fr": "{requirement_id} ({title}) ne peut pas être déclarée non applicable selon la "
        "politique ; donnez une évaluation. Elle compte comme sans réponse.",
    },
    "SA05": {
        "de": "{requirement_id} ({title}) gilt für Ihre Organisation, hat aber keine Antwort.",
        "fr": "{requirement_id} ({title}) s'applique à votre organisation mais n'a pas de réponse.",
    },
    "SA06": {
        "de": "{requirement_id} ({title}) gilt nicht für Ihre Organisation ({reason}); die "
        "Antwort wird nicht gewertet.",
        "fr": "{requirement_id} ({title}) ne s'applique pas à votre organisation ({reason}) ; "
        "sa réponse n'est pas prise en compte.",
    },
    "SA07": {
        "de": "Es gibt eine Antwort zu {requirement_id}, aber Release {release} hat keine solche "
        "Anforderung; sie wird nicht berücksichtigt.",
        "fr": "Il existe une réponse à {requirement_id}, mais la version {release} n'a pas cette "
        "exigence ; elle est ignorée.",
    },
    "SA08": {
        "de": "{requirement_id} ({title}) ist mit {rating} bewertet, das nicht auf der Skala "
        "{levels} liegt; sie wird als unbeantwortet gewertet.",
        "fr": "{requirement_id} ({title}) est évaluée à {rating}, hors de l'échelle {levels} ; "
        "elle compte comme sans réponse.",
    },
    "SA09": {
        "de": "{requirement_id} ({title}) wurde aus einer früheren Selbstbewertung übernommen; "
        "bitte bestätigen oder ändern Sie die Antwort.",
        "fr": "{requirement_id} ({title}) a été reprise d'une auto-évaluation précédente ; "
        "confirmez ou modifiez la réponse.",
    },
}
"""Per finding code, the message template in each language besides English (the rule's own)."""

UNANSWERED = {"de": "unbeantwortet", "fr": "sans réponse"}
RATED = {"de": "mit {rating} bewertet", "fr": "évaluée à {rating}"}
REASONS: dict[str, dict[str, str]] = {
    "context_does_not_match": {
        "de": "der Kontext trifft nicht zu",
        "fr": "le contexte ne correspond pas",
    },
    "standard_does_not_apply": {
        "de": "der Standard gilt nicht",
        "fr": "la norme ne s'applique pas",
    },
}


def _words(values: dict[str, FactValue], language: str) -> dict[str, FactValue]:
    """The values that stand for words (SA01's state, SA06's reason), in `language`."""
    words: dict[str, FactValue] = {}
    if "shown" in values:
        rating = values.get("rating")
        words["shown"] = (
            UNANSWERED[language] if rating is None else RATED[language].format(rating=rating)
        )
    reason = values.get("reason")
    if isinstance(reason, str) and reason in REASONS:
        words["reason"] = REASONS[reason][language]
    return words


def message_in(
    finding: Finding, language: str, titles: Mapping[str, LocalizedText] | None = None
) -> str:
    """The finding's message in `language`; `titles` are requirement titles by id."""
    template = TEMPLATES.get(finding.code, {}).get(language)
    if template is None:
        return finding.message
    values = dict(finding.values)
    requirement_id = finding.location.requirement_id
    if titles is not None and requirement_id is not None and requirement_id in titles:
        values["title"] = titles[requirement_id].get(language)
    values.update(_words(values, language))
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return finding.message


def requirement_titles(result: AssessmentResult) -> dict[str, LocalizedText]:
    """Every requirement's title by id, as the result records them."""
    return {r.requirement_id: r.title for r in result.requirements}
