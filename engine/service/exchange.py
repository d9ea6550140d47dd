"""Offline exchange: the self-assessment workbook out and back in, OSCAL results, board exports.

Access: a workbook is written for and imported by the organisation's own staff; the OSCAL
results go to whoever may download the report (the organisation and its assigned reviewer);
board exports to the board and administrators only, and hold suppressed aggregates only.
"""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from engine.loading import load_document, load_library
from engine.loading.problems import Location, Problem, ValidationReport
from engine.models.assessment import Response
from engine.models.bundle import ReleaseBundle
from engine.models.profile import OrganisationProfileDocument
from engine.reports.board_export import FORMATS, ExportTable, write_board_export
from engine.reports.data import ReviewerVerdict
from engine.reports.document_import import read_self_assessment
from engine.reports.oscal import assessment_results
from engine.reports.workbook_template import WorkbookRequest, build_workbook
from engine.service import analytics, clock
from engine.service.access import require
from engine.service.analytics import EVERYTHING, BoardFilters
from engine.service.assessments import load_assessment, save_responses, start_assessment
from engine.service.downloads import Download, log_download
from engine.service.errors import AccessDenied, InvalidInput, ServiceError
from engine.service.export_folder import check_folder, write_whole
from engine.service.import_target import import_target
from engine.service.lifecycle import EDITABLE_STATES
from engine.service.organisations import load_organisation, load_profile
from engine.service.principals import Principal
from engine.service.releases import release_bundle
from engine.service.report_data import report_data
from engine.service.reports import require_report_reader
from engine.service.reviews import load_verdicts
from engine.service.targets import org_target
from engine.service.users import require_current
from engine.storage import Database, records
from engine.wording import first_few

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOARD_DIMENSIONS: tuple[str, ...] = ("all", "region", "income_group", "organisation_type", "size")


@dataclass(frozen=True)
class ImportOutcome:
    """What an import did: the problems (nothing is changed when there is one), the
    self-assessment written to, and how many answers were set and removed."""

    report: ValidationReport
    assessment_id: str | None = None
    answers_set: int = 0
    answers_removed: int = 0
    dry_run: bool = False

    @property
    def imported(self) -> bool:
        return self.report.valid and self.assessment_id is not None and not self.dry_run


def workbook_file_name(org_id: str, release: str) -> str:
    """The name a self-assessment workbook is saved under."""
    return f"self-assessment-{org_id}-{release}.xlsx"


def oscal_file_name(assessment_id: str) -> str:
    """The name the OSCAL assessment results are saved under."""
    return f"oscal-assessment-results-{assessment_id}.json"


def _editable_draft(cursor: records.Cursor, org_id: str, release: str) -> str | None:
    """The organisation's newest self-assessment of this release that can still be edited."""
    rows = records.find(cursor, "assessments", {"org_id": org_id}, order_by="created_at")
    found = [r for r in rows if r["release_version"] == release and r["state"] in EDITABLE_STATES]
    return str(found[-1]["id"]) if found else None


def workbook_template(
    principal: Principal, db: Database, org_id: str, release: str, language: str = "en"
) -> Download:
    """The offline workbook for an organisation, with the answers of its open draft filled in
    (dashboard: workbook download)."""
    with db.read() as cursor:
        require(principal, "assessment.start", org_target(cursor, principal, org_id))
        organisation = load_organisation(cursor, org_id)
        profile = load_profile(cursor, org_id, organisation.profile_version)
        name = records.get(cursor, "organisations", {"id": org_id})["name"]
        draft = _editable_draft(cursor, org_id, release)
        answers = load_assessment(cursor, draft).responses if draft else {}
    bundle = release_bundle(db, release)
    request = WorkbookRequest(org_id, name, bundle, profile, language, answers)
    content = build_workbook(request)
    payload = {"release": release, "draft": draft, "language": language}
    log_download(db, principal, "workbook.download", ("organisation", org_id, org_id), payload)
    return Download(workbook_file_name(org_id, release), XLSX, content)


def workbook_from_profile(
    profile_path: Path, release: str, language: str = "en"
) -> Download | ValidationReport:
    """Without a database: the workbook for an organisation profile file and a release of
    the installed library, or the problems of the profile file."""
    document, report = load_document(profile_path, "organisation_profile")
    if not isinstance(document, OrganisationProfileDocument):
        return report
    library, library_report = load_library()
    bundle = library.bundle(release) if library_report.valid else None
    if bundle is None:
        problem = Problem(
            "unknown-reference", f"release {release} is not in a valid library", Location()
        )
        return ValidationReport(problems=[problem])
    request = WorkbookRequest(
        document.organisation_id, document.name, bundle, document.profile, language
    )
    file_name = workbook_file_name(document.organisation_id, release)
    return Download(file_name, XLSX, build_workbook(request))


def _lookup(db: Database, release: str) -> ReleaseBundle | None:
    try:
        return release_bundle(db, release)
    except ServiceError:
        return None


def _refuse(report: ValidationReport, message: str, file: str) -> ImportOutcome:
    report.problems.append(Problem("invalid-value", message, Location(file=file)))
    return ImportOutcome(report)


def import_self_assessment(
    principal: Principal,
    db: Database,
    file_name: str,
    content: bytes,
    *,
    org_id: str | None = None,
    dry_run: bool = False,
) -> ImportOutcome:
    """Import answers from a workbook, YAML or JSON file into the organisation's open
    self-assessment of that release (started if it has none; refused beside one submitted, in
    review or decided: `import_target`). All or nothing (dashboard: upload)."""
    reading = read_self_assessment(content, file_name, lambda v: _lookup(db, v))
    document = reading.document
    if document is None:
        return ImportOutcome(reading.report)
    target_org = document.organisation.id
    if org_id is not None and org_id != target_org:
        message = f"the file is for organisation {target_org!r}, not {org_id!r}"
        return _refuse(reading.report, message, file_name)
    if principal.org_id is not None and principal.org_id != target_org:
        raise AccessDenied(
            f"{principal.user_id} ({principal.role}) may not import it: the file is for "
            f"organisation {target_org!r}; you act for {principal.org_id!r}",
            location="assessment.edit",
        )
    with db.read() as cursor:
        require(principal, "assessment.edit", org_target(cursor, principal, target_org))
        draft, refusal = import_target(
            cursor, target_org, document.release, len(document.responses), file_name
        )
        current = load_assessment(cursor, draft).responses if draft else {}
    if refusal is not None:
        reading.report.problems.append(refusal)
        return ImportOutcome(reading.report, dry_run=dry_run)
    answers: dict[str, Response | None] = {
        rid: document.responses.get(rid) for rid in reading.covered
    }
    _evidence_left_out(reading.report, document.responses)
    removed = sum(1 for rid, r in answers.items() if r is None and rid in current)
    answers = {rid: r for rid, r in answers.items() if r is not None or rid in current}
    if dry_run:
        return ImportOutcome(reading.report, draft, len(document.responses), removed, True)
    if draft is None:
        draft = start_assessment(principal, db, target_org, document.release).id
    version = _row_version(db, draft)
    save_responses(principal, db, draft, answers, version)
    return ImportOutcome(reading.report, draft, len(document.responses), removed)


def _evidence_left_out(report: ValidationReport, responses: dict[str, Response]) -> None:
    """Evidence listed in a YAML or JSON file is not imported (a file is stored with its
    bytes, which the file does not hold): a warning says so, never silence."""
    listed = {rid: len(r.evidence) for rid, r in responses.items() if r.evidence}
    if listed:
        message = (
            f"{sum(listed.values())} evidence reference(s) in the file "
            f"({first_few(sorted(listed))}) were not imported"
        )
        file = report.files[0] if report.files else None
        report.problems.append(
            Problem("evidence-not-imported", message, Location(file=file), "warning")
        )


def _row_version(db: Database, assessment_id: str) -> int:
    with db.read() as cursor:
        return int(records.get(cursor, "assessments", {"id": assessment_id})["row_version"])


def oscal_results(principal: Principal, db: Database, assessment_id: str) -> Download:
    """The assessment's results as OSCAL assessment-results JSON (dashboard: OSCAL download)."""
    with db.read() as cursor:
        require_report_reader(cursor, principal, assessment_id)
        verdicts = [
            ReviewerVerdict(v.requirement_id, v.reviewer_id, v.verdict, v.adjusted_rating, v.reason)
            for v in load_verdicts(cursor, assessment_id)
        ]
    data = report_data(db, assessment_id)
    bundle = release_bundle(db, data.result.release_version)
    implemented_at = bundle.policy.rating_scale.implemented_at
    document = assessment_results(data, verdicts, implemented_at, clock.now())
    content = json.dumps(document, indent=2, ensure_ascii=False).encode("utf-8")
    subject = ("assessment", assessment_id, data.org_id)
    log_download(db, principal, "oscal.download", subject)
    return Download(oscal_file_name(assessment_id), "application/json", content)


def board_tables(
    principal: Principal, db: Database, filters: BoardFilters = EVERYTHING
) -> list[ExportTable]:
    """Every board table under the board's filters, suppressed, ready to export (board and
    administrators only); under a profile filter, only the comparisons it allows
    (`analytics.comparable`)."""
    require(principal, "analytics.read")
    dimensions = [d for d in BOARD_DIMENSIONS if analytics.comparable(d, filters)]
    tables = [analytics.adoption(principal, db, d, filters=filters) for d in dimensions]
    tables += [analytics.pipeline(principal, db, d, filters) for d in dimensions]
    tables += [analytics.certificate_status(principal, db, d, filters) for d in dimensions]
    if analytics.over_time(filters):
        tables.append(analytics.adoption_by_quarter(principal, db, filters))
    tables.append(analytics.weakest_requirements(principal, db, limit=50, filters=filters))
    return [ExportTable(t.name, t.dimension, t.rows, t.suppressed_groups) for t in tables]


def _filter_entry(filters: BoardFilters) -> dict[str, object]:
    """The filters as the manifest records them (empty lists and null: everything)."""
    return {
        "regions": list(filters.regions),
        "organisation_types": list(filters.organisation_types),
        "release": filters.release,
    }


def _check_format(file_format: str) -> None:
    if file_format not in FORMATS:
        raise InvalidInput(f"choose a format of {', '.join(FORMATS)}", "format")


def board_export(
    principal: Principal,
    db: Database,
    file_format: str,
    out_dir: Path,
    filters: BoardFilters = EVERYTHING,
) -> list[Path]:
    """Write the board's suppressed aggregates as CSV or Parquet files into `out_dir`; the
    manifest records the filters they were made under."""
    _check_format(file_format)
    require_current(db, principal)  # before anything is written, not only when it is logged
    check_folder(out_dir)
    tables = board_tables(principal, db, filters)
    written = write_whole(
        out_dir,
        lambda staging: write_board_export(
            tables, staging, file_format, clock.now(), filters=_filter_entry(filters)
        ),
    )
    payload = {"format": file_format, "filters": _filter_entry(filters)}
    log_download(
        db, principal, "board.export", ("board_export", clock.today().isoformat(), None), payload
    )
    return written


def board_export_zip(
    principal: Principal, db: Database, file_format: str, filters: BoardFilters = EVERYTHING
) -> Download:
    """The same files in one zip archive (dashboard: board export download)."""
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory() as folder:
        written = board_export(principal, db, file_format, Path(folder), filters)
        with zipfile.ZipFile(buffer, "w") as archive:
            for path in written:
                archive.write(path, path.name)
    stamp = clock.today().isoformat()
    return Download(f"board-export-{file_format}-{stamp}.zip", "application/zip", buffer.getvalue())
