"""The words of the reports and certificates in English, German and French.

One table: key -> language -> text. A missing key is a bug caught by the tests, a missing
language falls back to English, like every multilingual text of the library.
"""

from __future__ import annotations

from engine.models.common import LANGUAGES, Language

LABELS: dict[str, dict[Language, str]] = {
    "report_title": {
        "en": "Self-assessment report",
        "de": "Bericht zur Selbstbewertung",
        "fr": "Rapport d'auto-évaluation",
    },
    "organisation": {"en": "Organisation", "de": "Organisation", "fr": "Organisation"},
    "assessment": {"en": "Self-assessment", "de": "Selbstbewertung", "fr": "Auto-évaluation"},
    "release": {"en": "Release", "de": "Release", "fr": "Version de référence"},
    "policy": {"en": "Policy", "de": "Richtlinie", "fr": "Politique"},
    "scored_on": {"en": "Scored on", "de": "Bewertet am", "fr": "Évalué le"},
    "overall_score": {"en": "Overall score", "de": "Gesamtwert", "fr": "Score global"},
    "coverage": {"en": "Coverage", "de": "Abdeckung", "fr": "Couverture"},
    "scores_per_standard": {
        "en": "Scores per standard",
        "de": "Werte je Standard",
        "fr": "Scores par norme",
    },
    "standard": {"en": "Standard", "de": "Standard", "fr": "Norme"},
    "score": {"en": "Score", "de": "Wert", "fr": "Score"},
    "progress": {"en": "Answered", "de": "Beantwortet", "fr": "Répondu"},
    "not_applicable": {"en": "does not apply", "de": "nicht anwendbar", "fr": "non applicable"},
    "no_score": {"en": "no score", "de": "kein Wert", "fr": "pas de score"},
    "findings": {"en": "Findings", "de": "Feststellungen", "fr": "Constats"},
    "no_findings": {
        "en": "No findings.",
        "de": "Keine Feststellungen.",
        "fr": "Aucun constat.",
    },
    "severity": {"en": "Severity", "de": "Schweregrad", "fr": "Gravité"},
    "where": {"en": "Where", "de": "Wo", "fr": "Où"},
    "decision": {"en": "Decision", "de": "Entscheidung", "fr": "Décision"},
    "engine_outcome": {
        "en": "Outcome computed by the engine",
        "de": "Vom System berechnetes Ergebnis",
        "fr": "Résultat calculé par le moteur",
    },
    "final_outcome": {
        "en": "Outcome decided",
        "de": "Entschiedenes Ergebnis",
        "fr": "Résultat décidé",
    },
    "reasons": {"en": "Reasons", "de": "Gründe", "fr": "Motifs"},
    "rationale": {
        "en": "Reviewer's rationale",
        "de": "Begründung der Prüfung",
        "fr": "Justification de l'évaluateur",
    },
    "no_rationale": {
        "en": "None given: the engine's outcome was confirmed.",
        "de": "Keine: das berechnete Ergebnis wurde bestätigt.",
        "fr": "Aucune : le résultat calculé a été confirmé.",
    },
    "decided_by": {"en": "Decided by", "de": "Entschieden von", "fr": "Décidé par"},
    "not_decided": {
        "en": "Not decided yet: the figures are the engine's provisional result.",
        "de": "Noch nicht entschieden: die Werte sind das vorläufige Ergebnis.",
        "fr": "Pas encore décidé : les chiffres sont le résultat provisoire.",
    },
    "provisional": {
        "en": "provisional: not decided",
        "de": "vorläufig: nicht entschieden",
        "fr": "provisoire : non décidé",
    },
    "provisional_actions": {
        "en": "Improvement actions that this outcome would bring (provisional)",
        "de": "Verbesserungsmaßnahmen, die dieses Ergebnis mit sich brächte (vorläufig)",
        "fr": "Actions d'amélioration qu'entraînerait ce résultat (provisoire)",
    },
    "state": {"en": "State", "de": "Stand", "fr": "État"},
    "state_draft": {"en": "Draft", "de": "Entwurf", "fr": "Brouillon"},
    "state_submitted": {"en": "Submitted", "de": "Eingereicht", "fr": "Soumise"},
    "state_in_review": {"en": "In review", "de": "In Prüfung", "fr": "En cours d'examen"},
    "state_changes_requested": {
        "en": "Changes requested",
        "de": "Änderungen angefordert",
        "fr": "Modifications demandées",
    },
    "state_decided": {"en": "Decided", "de": "Entschieden", "fr": "Décidée"},
    "certificate": {"en": "Certificate", "de": "Zertifikat", "fr": "Certificat"},
    "certificate_active": {"en": "current", "de": "gültig", "fr": "en vigueur"},
    "certificate_expired": {"en": "expired", "de": "abgelaufen", "fr": "expiré"},
    "certificate_suspended": {"en": "suspended", "de": "ausgesetzt", "fr": "suspendu"},
    "certificate_withdrawn": {"en": "withdrawn", "de": "entzogen", "fr": "retiré"},
    "valid_until": {"en": "Valid until", "de": "Gültig bis", "fr": "Valable jusqu'au"},
    "improvement_actions": {
        "en": "Improvement actions",
        "de": "Verbesserungsmaßnahmen",
        "fr": "Actions d'amélioration",
    },
    "due": {"en": "due", "de": "fällig", "fr": "échéance"},
    "certificate_title": {
        "en": "Certificate of accreditation",
        "de": "Akkreditierungszertifikat",
        "fr": "Certificat d'accréditation",
    },
    "certifies": {
        "en": "INDEX certifies that",
        "de": "INDEX bestätigt, dass",
        "fr": "INDEX certifie que",
    },
    "meets": {
        "en": "has been assessed against the following standards with the outcome",
        "de": "anhand der folgenden Standards bewertet wurde, mit dem Ergebnis",
        "fr": "a été évaluée au regard des normes suivantes, avec le résultat",
    },
    "scope": {"en": "Scope", "de": "Geltungsbereich", "fr": "Périmètre"},
    "issued_on": {"en": "Issued on", "de": "Ausgestellt am", "fr": "Délivré le"},
    "certificate_number": {
        "en": "Certificate number",
        "de": "Zertifikatsnummer",
        "fr": "Numéro de certificat",
    },
    "verification_code": {
        "en": "Verification code",
        "de": "Prüfcode",
        "fr": "Code de vérification",
    },
    "verify_hint": {
        "en": (
            "Anyone can check this certificate: scan the QR code, or enter the verification "
            'code on INDEX\'s page "Verify a certificate"{page}. With access to the '
            "record: accredit verify-certificate {code}"
        ),
        "de": (
            "Jede Person kann dieses Zertifikat prüfen: den QR-Code scannen oder den Prüfcode "
            'auf der Seite "Verify a certificate" von INDEX eingeben{page}. Mit Zugang zum '
            "Register: accredit verify-certificate {code}"
        ),
        "fr": (
            "Chacun peut vérifier ce certificat : scanner le code QR, ou saisir le code de "
            "vérification sur la page « Verify a certificate » d'INDEX{page}. Avec accès au "
            "registre : accredit verify-certificate {code}"
        ),
    },
    "expired_notice": {
        "en": "EXPIRED on {date}: this certificate is no longer valid.",
        "de": "ABGELAUFEN am {date}: dieses Zertifikat ist nicht mehr gültig.",
        "fr": "EXPIRÉ le {date} : ce certificat n'est plus valable.",
    },
    "accredited": {"en": "Accredited", "de": "Akkreditiert", "fr": "Accrédité"},
    "conditionally_accredited": {
        "en": "Conditionally accredited",
        "de": "Unter Auflagen akkreditiert",
        "fr": "Accrédité sous conditions",
    },
    "not_accredited": {"en": "Not accredited", "de": "Nicht akkreditiert", "fr": "Non accrédité"},
    "error": {"en": "error", "de": "Fehler", "fr": "erreur"},
    "warning": {"en": "warning", "de": "Warnung", "fr": "avertissement"},
    "info": {"en": "note", "de": "Hinweis", "fr": "remarque"},
}


def label(key: str, language: str) -> str:
    """The text of `key` in `language`, English where that language is missing."""
    texts = LABELS[key]
    chosen = language if language in LANGUAGES else "en"
    return texts.get(chosen) or texts["en"]


def percent(value: float | None, language: str) -> str:
    """0.755 -> '75.5 %' ('75,5 %' in German and French); None -> the 'no score' label."""
    if value is None:
        return label("no_score", language)
    text = f"{value * 100:.1f}"
    return (text.replace(".", ",") if language in ("de", "fr") else text) + " %"
