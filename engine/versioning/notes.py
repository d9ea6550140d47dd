"""Release notes in markdown, generated from a release diff or a standard diff.

Headings are translated (en, de, fr; others fall back to en); titles come from the documents
in the requested language; aspect and change names stay as their stable codes.
"""

from __future__ import annotations

from collections.abc import Iterable

from engine.models.standard import Requirement, Standard
from engine.versioning.bumps import Bump
from engine.versioning.changes import AspectChange
from engine.versioning.release_diff import ReleaseDiff
from engine.versioning.standard_diff import RequirementChange, StandardDiff

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "release": "Release notes: {old} → {new}",
        "standard": "Changes to {title}: {old} → {new}",
        "bump": "Required version bump: **{bump}**.",
        "policy": "Accreditation policy {old} → {new}",
        "standards_added": "Standards added",
        "standards_removed": "Standards removed",
        "added": "Requirements added",
        "removed": "Requirements removed",
        "changed": "Requirements changed",
        "itself": "The standard itself",
        "none": "No changes.",
        Bump.MAJOR.label: "Self-assessments need an explicit migration.",
        Bump.MINOR.label: "Requirements were added or guidance widened.",
        Bump.PATCH.label: "Wording only; no score changes.",
    },
    "de": {
        "release": "Versionshinweise: {old} → {new}",
        "standard": "Änderungen an {title}: {old} → {new}",
        "bump": "Nötige Versionserhöhung: **{bump}**.",
        "policy": "Akkreditierungsrichtlinie {old} → {new}",
        "standards_added": "Neue Standards",
        "standards_removed": "Entfernte Standards",
        "added": "Neue Anforderungen",
        "removed": "Entfernte Anforderungen",
        "changed": "Geänderte Anforderungen",
        "itself": "Der Standard selbst",
        "none": "Keine Änderungen.",
        Bump.MAJOR.label: "Selbstbewertungen müssen ausdrücklich migriert werden.",
        Bump.MINOR.label: "Anforderungen wurden ergänzt oder Hinweise erweitert.",
        Bump.PATCH.label: "Nur Formulierungen; keine Änderung der Bewertung.",
    },
    "fr": {
        "release": "Notes de version : {old} → {new}",
        "standard": "Modifications de {title} : {old} → {new}",
        "bump": "Changement de version requis : **{bump}**.",
        "policy": "Politique d'accréditation {old} → {new}",
        "standards_added": "Normes ajoutées",
        "standards_removed": "Normes retirées",
        "added": "Exigences ajoutées",
        "removed": "Exigences retirées",
        "changed": "Exigences modifiées",
        "itself": "La norme elle-même",
        "none": "Aucune modification.",
        Bump.MAJOR.label: "Les auto-évaluations doivent être migrées explicitement.",
        Bump.MINOR.label: "Des exigences ont été ajoutées ou les conseils élargis.",
        Bump.PATCH.label: "Formulation seulement ; aucun effet sur les scores.",
    },
}


def _label(language: str, key: str, **values: str) -> str:
    return LABELS.get(language, LABELS["en"])[key].format(**values)


def _bump_lines(bump: Bump, language: str) -> list[str]:
    if bump == Bump.NONE:
        return [_label(language, "none"), ""]
    return [f"{_label(language, 'bump', bump=bump.name)} {_label(language, bump.label)}", ""]


def _section(title: str, items: Iterable[str], level: int = 3) -> list[str]:
    lines = [f"- {item}" for item in items]
    return [f"{'#' * level} {title}", "", *lines, ""] if lines else []


def _aspects(changes: Iterable[AspectChange]) -> str:
    return "; ".join(f"`{c.aspect}` {c.kind} ({c.bump.name})" for c in changes)


def _requirement(requirement: Requirement, language: str) -> str:
    return f"**{requirement.id}** {requirement.title.get(language)}"


def _changed(change: RequirementChange, language: str) -> str:
    title = change.title.get(language)
    return f"**{change.requirement_id}** {title}: {_aspects(change.changes)}"


def _standard_body(diff: StandardDiff, language: str) -> list[str]:
    return [
        *_section(_label(language, "added"), (_requirement(r, language) for r in diff.added)),
        *_section(_label(language, "removed"), (_requirement(r, language) for r in diff.removed)),
        *_section(_label(language, "changed"), (_changed(c, language) for c in diff.changed)),
        *_section(_label(language, "itself"), (_aspects([c]) for c in diff.standard_changes)),
    ]


def standard_notes_markdown(diff: StandardDiff, language: str = "en") -> str:
    """Notes for two versions of one standard, in markdown."""
    title = _label(
        language,
        "standard",
        title=diff.title.get(language),
        old=diff.old_version,
        new=diff.new_version,
    )
    lines = [f"# {title}", "", *_bump_lines(diff.required_bump, language)]
    return "\n".join([*lines, *_standard_body(diff, language)]).rstrip() + "\n"


def _standard_line(standard: Standard, language: str) -> str:
    return f"**{standard.title.get(language)}** (`{standard.id}` {standard.version})"


def _standard_heading(diff: StandardDiff, language: str) -> list[str]:
    versions = f"{diff.old_version} → {diff.new_version}"
    bump = f" ({diff.required_bump.name})" if diff.required_bump else ""
    return [f"## {diff.title.get(language)} (`{diff.standard_id}` {versions}){bump}", ""]


def release_notes_markdown(release_diff: ReleaseDiff, language: str = "en") -> str:
    """Release notes for moving from one release to the next, in markdown."""
    diff, lang = release_diff, language
    lines = [f"# {_label(lang, 'release', old=diff.old_release, new=diff.new_release)}", ""]
    lines += _bump_lines(diff.required_bump, lang)
    if diff.policy is not None:
        heading = _label(lang, "policy", old=diff.policy.old_version, new=diff.policy.new_version)
        changes = (f"- {_aspects([c])}{c.values}" for c in diff.policy.changes)
        lines += [f"## {heading}", "", *changes, ""]
    added = (_standard_line(s, lang) for s in diff.standards_added)
    removed = (_standard_line(s, lang) for s in diff.standards_removed)
    lines += _section(_label(lang, "standards_added"), added, level=2)
    lines += _section(_label(lang, "standards_removed"), removed, level=2)
    for standard in diff.standards_changed:
        lines += [*_standard_heading(standard, lang), *_standard_body(standard, lang)]
    return "\n".join(lines).rstrip() + "\n"
