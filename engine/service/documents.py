"""Validating and reading the standards library and other documents: no principal needed,
because the library is public to every member and nothing here reads organisation data."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from engine.loading import (
    Library,
    Location,
    Problem,
    ValidationReport,
    load_document,
    load_library,
    read_file,
)
from engine.loading.checks import run_library_checks
from engine.locations import library_root
from engine.models import OrganisationProfileDocument, Release, SelfAssessment, Standard
from engine.models.schemas import json_schemas, render
from engine.scoring.figures import scale_values
from engine.service import library_checks
from engine.wording import first_few

__all__ = ["Library", "ValidationReport", "validate_paths"]


def _looks_like_library(folder: Path) -> bool:
    return (folder / "releases").is_dir() or (folder / "policies").is_dir()


def _validate_file(path: Path) -> ValidationReport:
    document, report = load_document(path)
    if isinstance(document, Release) and _looks_like_library(path.parent.parent):
        library, _ = load_library(path.parent.parent)
        own = {p for p in run_library_checks(library) if p.location.file == report.files[0]}
        report.problems.extend(sorted(own, key=lambda p: (p.location.line or 0, p.code)))
    if isinstance(document, SelfAssessment):
        report.problems.extend(_release_problems(document, path, report.files[0]))
    return report


def _release_problems(assessment: SelfAssessment, path: Path, display: str) -> list[Problem]:
    """A self-assessment pins a release of the installed library, and answers its requirements
    on its policy's scale: what `accredit score` would report as SA07 and SA08, found here
    with the line and column of the answer."""
    lib = library()
    known = lib.release_versions()
    source = read_file(path, display).source
    if assessment.release not in known:
        message = f"release {assessment.release} is not in the library"
        hint = f"known releases: {', '.join(known) or 'none'}"
        return [Problem("unknown-reference", message, source.locate(("release",)), hint=hint)]
    bundle = lib.bundle(assessment.release)
    if bundle is None:  # the release's own files are invalid: validating them says why
        return []
    ids = bundle.requirement_ids()
    levels = sorted(scale_values(bundle.policy))
    problems = []
    for requirement_id, response in assessment.responses.items():
        where = ("responses", requirement_id)
        if requirement_id not in ids:
            close = difflib.get_close_matches(requirement_id, ids, n=1)
            message = f"release {bundle.version} has no requirement {requirement_id}"
            hint = f'did you mean "{close[0]}"?' if close else "remove the answer or fix the id"
            at = source.locate(where, at_key=True)
            problems.append(Problem("unknown-reference", message, at, "warning", hint))
        elif response.rating is not None and response.rating not in levels:
            message = f"rating {response.rating} is not on the scale {levels} of {bundle.version}"
            hint = "give one of the scale's levels; off the scale, it is scored as unanswered"
            at = source.locate((*where, "rating"))
            problems.append(Problem("invalid-value", message, at, hint=hint))
    return problems


def validate_paths(paths: list[Path]) -> ValidationReport:
    """Validate files and folders (a folder is read as a library); none: the installed library."""
    if not paths:
        library, report = load_library()
        if not report.files:
            report.problems.extend(library_checks.library_trouble(library, report))
        return report
    report = ValidationReport()
    for path in paths:
        part = load_library(path)[1] if path.is_dir() else _validate_file(path)
        if path.is_dir() and not part.files:
            hint = "Give a library folder (with standards/) or the files themselves."
            message = "no YAML or JSON files in this folder" + _not_regular(path)
            part.problems.append(Problem("file-not-found", message, Location(str(path)), hint=hint))
        report.extend(part)
    return report


def _not_regular(folder: Path) -> str:
    """The YAML or JSON names in `folder` that are no regular file (a broken link, a pipe)."""
    skipped = sorted(
        p.name
        for p in folder.rglob("*")
        if p.suffix.lower() in (".yaml", ".yml", ".json") and not p.is_file()
    )
    if not skipped:
        return ""
    return f" (skipped, not regular files: {first_few(skipped)})"


def library(root: Path | None = None) -> Library:
    """The library, loaded whatever its validity (callers show what is there)."""
    return load_library(root)[0]


def library_trouble(root: Path | None = None) -> list[Problem]:
    """What may explain that the library lacks a release or standard: its errors, or that it
    has no files at all (a wrong ACCREDIT_LIBRARY)."""
    return library_checks.library_trouble(*load_library(root))


@dataclass(frozen=True)
class StandardListing:
    release: str | None
    standards: tuple[Standard, ...]


def standards_in(release: str | None, root: Path | None = None) -> StandardListing | None:
    """The standards of a release (default: the newest), or the newest version of each standard
    when the library has no release yet. None when the release does not exist."""
    lib = library(root)
    version = release or (lib.release_versions()[-1] if lib.releases else None)
    if version is None:
        ids = sorted({i for i, _ in lib.standards})
        return StandardListing(
            None, tuple(lib.standards[(i, lib.standard_versions(i)[-1])] for i in ids)
        )
    bundle = lib.bundle(version)
    return None if bundle is None else StandardListing(version, bundle.standards)


def _standard_id(lib: Library, id_or_code: str) -> str:
    """A standard's id from its id or its code (`SG`, any case); unknown text as it came."""
    by_code = {
        code.casefold(): i for (i, _), code in ((k, s.code) for k, s in lib.standards.items())
    }
    return (
        id_or_code
        if lib.standard_versions(id_or_code)
        else by_code.get(id_or_code.casefold(), id_or_code)
    )


def find_standard(
    standard_id: str, version: str | None = None, root: Path | None = None
) -> Standard | None:
    """A standard by id or code, in the given version or its newest."""
    lib = library(root)
    standard_id = _standard_id(lib, standard_id)
    versions = lib.standard_versions(standard_id)
    chosen = version or (versions[-1] if versions else None)
    return lib.standards.get((standard_id, chosen)) if chosen else None


def standard_versions(standard_id: str, root: Path | None = None) -> list[str]:
    lib = library(root)
    return lib.standard_versions(_standard_id(lib, standard_id))


def load_profile_document(
    path: Path,
) -> tuple[OrganisationProfileDocument | None, ValidationReport]:
    """An organisation profile file, or None with its located problems."""
    document, report = load_document(path, "organisation_profile")
    found = document if isinstance(document, OrganisationProfileDocument) and report.valid else None
    return found, report


def export_schemas(folder: Path) -> list[Path]:
    """Write every JSON Schema into `folder`; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in json_schemas().items():
        target = folder / name
        target.write_text(render(schema), encoding="utf-8")
        written.append(target)
    return written


def default_library_root() -> Path:
    return library_root()
