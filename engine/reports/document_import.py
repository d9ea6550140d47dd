"""Reading a self-assessment from any file a member may hand in: workbook, YAML or JSON.

YAML and JSON go through engine.loading (located errors with line and column); on top of the
schema, every requirement must be in the pinned release and every rating on its scale. A
YAML or JSON file is the whole self-assessment, so it covers every requirement of the release.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath

from engine.loading.checks import DocumentContext, run_document_checks
from engine.loading.documents import validate_document
from engine.loading.problems import Location, Problem, ValidationReport
from engine.loading.reader import SourceMap, read_bytes
from engine.models.assessment import SelfAssessment
from engine.models.bundle import ReleaseBundle
from engine.reports.import_result import ReleaseLookup, SelfAssessmentImport
from engine.reports.workbook_import import read_workbook
from engine.wording import quoted


def _release_problems(
    document: SelfAssessment, bundle: ReleaseBundle, source: SourceMap
) -> list[Problem]:
    scale = frozenset(level.value for level in bundle.policy.rating_scale.levels)
    problems: list[Problem] = []
    for requirement_id, response in document.responses.items():
        if bundle.requirement(requirement_id) is None:
            problems.append(
                Problem(
                    "unknown-reference",
                    f"release {bundle.version} has no requirement {requirement_id}",
                    source.locate(("responses", requirement_id), at_key=True),
                )
            )
        elif response.rating is not None and response.rating not in scale:
            allowed = ", ".join(map(str, sorted(scale)))
            problems.append(
                Problem(
                    "invalid-value",
                    f"rating {response.rating} is not on the scale ({allowed})",
                    source.locate(("responses", requirement_id, "rating")),
                )
            )
    return problems


def read_document(raw: bytes, file: str, releases: ReleaseLookup) -> SelfAssessmentImport:
    """A self-assessment from YAML or JSON bytes, checked against its release."""
    report = ValidationReport(files=[file])
    read = read_bytes(raw, file)
    if not read.ok:
        report.problems.extend(read.problems)
        return SelfAssessmentImport(report)
    document, problems = validate_document(read.data, read.source, "self_assessment")
    report.problems.extend(problems)
    if not isinstance(document, SelfAssessment):
        return SelfAssessmentImport(report)
    report.problems.extend(run_document_checks(DocumentContext(document, read.source)))
    bundle = releases(document.release)
    if bundle is None:
        where = read.source.locate(("release",))
        report.problems.append(
            Problem("unknown-reference", f"unknown release {quoted(document.release)}", where)
        )
    else:
        report.problems.extend(_release_problems(document, bundle, read.source))
    if not report.valid or bundle is None:
        return SelfAssessmentImport(report)
    return SelfAssessmentImport(report, document, bundle.requirement_ids())


READERS: dict[str, Callable[[bytes, str, ReleaseLookup], SelfAssessmentImport]] = {
    ".xlsx": read_workbook,
    ".yaml": read_document,
    ".yml": read_document,
    ".json": read_document,
}


def read_self_assessment(raw: bytes, file: str, releases: ReleaseLookup) -> SelfAssessmentImport:
    """Read by the file's suffix: .xlsx, .yaml, .yml or .json."""
    reader = READERS.get(PurePath(file).suffix.lower())
    if reader is None:
        report = ValidationReport(files=[file])
        kinds = ", ".join(READERS)
        message = f"cannot import this kind of file; use one of {kinds}"
        report.problems.append(Problem("unknown-kind", message, Location(file=file)))
        return SelfAssessmentImport(report)
    return reader(raw, file, releases)
