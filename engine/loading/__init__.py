"""Loading: any YAML or JSON a person writes becomes a validated model or located errors."""

from __future__ import annotations

from pathlib import Path

from engine.loading.checks import DocumentContext, run_document_checks
from engine.loading.documents import validate_document
from engine.loading.library import Library, LibraryFile, load_library
from engine.loading.problems import (
    PROBLEM_TYPES,
    Location,
    Problem,
    ProblemType,
    ValidationReport,
)
from engine.loading.reader import read_bytes, read_file, read_text
from engine.models import SelfAssessment, StrictModel

_LIBRARY_KINDS = frozenset({"standard", "policy", "release"})


def load_document(
    path: Path, expected_kind: str | None = None, display: str | None = None
) -> tuple[StrictModel | None, ValidationReport]:
    """Read and validate one file. Standards, policies and releases are checked against their
    file name (`<folder>/<version>.yaml`) too."""
    name = display or str(path)
    report = ValidationReport(files=[name])
    read = read_file(path, name)
    if not read.ok:
        report.problems.extend(read.problems)
        return None, report
    document, problems = validate_document(read.data, read.source, expected_kind)
    report.problems.extend(problems)
    if document is None or not isinstance(document, StrictModel):
        return None, report
    kind = str(getattr(document, "kind", ""))
    relative = tuple(path.parts[-2:]) if kind in _LIBRARY_KINDS else None
    report.problems.extend(run_document_checks(DocumentContext(document, read.source, relative)))
    return (document if report.valid else None), report


def load_self_assessment(
    path: Path, display: str | None = None
) -> tuple[SelfAssessment | None, ValidationReport]:
    document, report = load_document(path, "self_assessment", display)
    return (document if isinstance(document, SelfAssessment) else None), report


__all__ = [
    "PROBLEM_TYPES",
    "Library",
    "LibraryFile",
    "Location",
    "Problem",
    "ProblemType",
    "ValidationReport",
    "load_document",
    "load_library",
    "load_self_assessment",
    "read_bytes",
    "read_file",
    "read_text",
]
