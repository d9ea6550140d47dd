"""Standards evolve: compare standard files and releases, migrate a self-assessment file.

These calls read files and the public standards library only (no organisation data in the
record), so they take no principal: a self-assessment file is migrated by whoever holds it.
The pure logic is in `engine.versioning`; here are loading, rendering and writing.
"""

from __future__ import annotations

import errno
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from ruamel.yaml import YAML

from engine.loading import ValidationReport, load_library, load_self_assessment
from engine.loading.checks import DocumentContext, run_document_checks
from engine.loading.documents import validate_document
from engine.loading.reader import read_file
from engine.models import ReleaseBundle, Standard
from engine.service.library_checks import release_problems, unknown_release
from engine.versioning import (
    MigrationResult,
    ReleaseDiff,
    StandardDiff,
    VersionProblem,
    check_version_bump,
    diff_releases,
    diff_standards,
    migrate_self_assessment,
    release_diff_data,
    release_diff_text,
    release_notes_markdown,
    standard_diff_data,
    standard_diff_text,
    standard_notes_markdown,
)
from engine.versioning.render import JsonObject

__all__ = [
    "FORMATS",
    "Loaded",
    "StandardComparison",
    "ValidationReport",
    "compare_releases",
    "compare_standard_files",
    "default_output",
    "migrate_file",
    "migration_summary",
    "migration_yaml",
    "render_release_diff",
    "render_standard_comparison",
    "report_path",
    "write_migration",
]

T = TypeVar("T")
FORMATS = ("text", "json", "markdown")


@dataclass(frozen=True)
class Loaded(Generic[T]):
    """A result, or None with the problems that prevented it."""

    value: T | None
    report: ValidationReport


@dataclass(frozen=True)
class StandardComparison:
    diff: StandardDiff
    bump_problems: tuple[VersionProblem, ...]


def _load_standard(path: Path) -> tuple[Standard | None, ValidationReport]:
    """A standard file anywhere (a draft need not sit in the library), fully checked."""
    report = ValidationReport(files=[str(path)])
    read = read_file(path)
    report.problems.extend(read.problems)
    if not read.ok:
        return None, report
    document, problems = validate_document(read.data, read.source, "standard")
    report.problems.extend(problems)
    if isinstance(document, Standard):
        report.problems.extend(run_document_checks(DocumentContext(document, read.source)))
    return (document if isinstance(document, Standard) and report.valid else None), report


def compare_standard_files(old: Path, new: Path) -> Loaded[StandardComparison]:
    """The diff between two standard files, and whether the new version's number fits it."""
    (before, first), (after, second) = _load_standard(old), _load_standard(new)
    first.extend(second)
    if before is None or after is None:
        return Loaded(None, first)
    diff = diff_standards(before, after)
    same = diff.is_empty and before.version == after.version  # e.g. a file with itself
    problems = () if same else tuple(check_version_bump(before, after))
    comparison = StandardComparison(diff, problems)
    return Loaded(comparison, first)


def _bundles(versions: list[str], root: Path | None) -> Loaded[list[ReleaseBundle]]:
    """The releases, each refused while a problem of the library concerns one of its files
    (a published file edited in place, a schema error): the problems are passed on."""
    library, library_report = load_library(root)
    report = ValidationReport(files=[str(library.root)])
    for version in dict.fromkeys(versions):
        if version not in library.releases:
            report.problems.append(unknown_release(library, version))
        else:
            report.problems.extend(release_problems(library, library_report, version))
    found = {v: library.bundle(v) for v in versions}
    bundles = [b for v in versions if (b := found[v]) is not None]
    complete = report.valid and len(bundles) == len(versions)
    return Loaded(bundles if complete else None, report)


def compare_releases(old: str, new: str, root: Path | None = None) -> Loaded[ReleaseDiff]:
    """The diff between two releases of the library (default: the installed library)."""
    loaded = _bundles([old, new], root)
    if loaded.value is None:
        return Loaded(None, loaded.report)
    return Loaded(diff_releases(*loaded.value), loaded.report)


def migrate_file(path: Path, to_release: str, root: Path | None = None) -> Loaded[MigrationResult]:
    """A self-assessment file moved onto another release of the library (nothing is written)."""
    assessment, report = load_self_assessment(path)
    if assessment is None:
        return Loaded(None, report)
    loaded = _bundles([assessment.release, to_release], root)
    report.extend(loaded.report)
    if loaded.value is None:
        return Loaded(None, report)
    old, new = loaded.value
    return Loaded(migrate_self_assessment(assessment, old, new), report)


def render_standard_comparison(
    comparison: StandardComparison, fmt: str, language: str = "en"
) -> str:
    diff, problems = comparison.diff, comparison.bump_problems
    renderers: dict[str, Callable[[], str]] = {
        "text": lambda: standard_diff_text(diff) + "".join(f"{p.message}\n" for p in problems),
        "json": lambda: _json({**standard_diff_data(diff), "problems": _problems(problems)}),
        "markdown": lambda: standard_notes_markdown(diff, language),
    }
    return renderers[fmt]()


def render_release_diff(diff: ReleaseDiff, fmt: str, language: str = "en") -> str:
    renderers: dict[str, Callable[[], str]] = {
        "text": lambda: release_diff_text(diff),
        "json": lambda: _json(release_diff_data(diff)),
        "markdown": lambda: release_notes_markdown(diff, language),
    }
    return renderers[fmt]()


def _problems(problems: tuple[VersionProblem, ...]) -> list[JsonObject]:
    return [
        {
            "code": p.code,
            "message": p.message,
            "document": p.location.document,
            "version": p.location.version,
            "requirement": p.location.requirement_id,
        }
        for p in problems
    ]


def _json(data: JsonObject) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def migration_summary(result: MigrationResult) -> JsonObject:
    """What a migration did, as plain data (archived answers in full)."""
    return {
        "organisation": result.assessment.organisation.id,
        "from_release": result.source_release,
        "to_release": result.target_release,
        "carried": list(result.carried),
        "needs_reconfirmation": list(result.reconfirm),
        "off_scale": list(result.off_scale),
        "new_requirements": list(result.new_requirements),
        "archived": {
            rid: r.model_dump(mode="json", exclude_defaults=True)
            for rid, r in result.archived.items()
        },
    }


def _yaml(data: object) -> str:
    yaml = YAML()
    yaml.indent(mapping=2, sequence=4, offset=2)
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


def migration_yaml(result: MigrationResult) -> tuple[str, str]:
    """The migrated self-assessment and the migration report, as YAML texts."""
    assessment = result.assessment.model_dump(mode="json", exclude_defaults=True)
    return _yaml(assessment), _yaml({"migration": migration_summary(result)})


def default_output(source: Path, release: str) -> Path:
    """Where a migrated copy goes by default: next to the source, named after the release
    (always .yaml: it is written as YAML, whatever the source was)."""
    return source.with_name(f"{source.stem}.{release}.yaml")


def report_path(output: Path) -> Path:
    return output.with_name(f"{output.stem}.migration.yaml")


def write_migration(result: MigrationResult, output: Path) -> tuple[Path, Path]:
    """Write the migrated self-assessment to `output` and its migration report beside it; both
    places are checked first, so that a refusal leaves neither file written."""
    assessment_text, report_text = migration_yaml(result)
    report_file = report_path(output)
    for target in (output, report_file):
        if target.is_dir():
            raise IsADirectoryError(errno.EISDIR, "a folder, not a file", str(target))
    output.write_text(assessment_text, encoding="utf-8")
    report_file.write_text(report_text, encoding="utf-8")
    return output, report_file
