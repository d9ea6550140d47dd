"""accredit report | certificate | verify-certificate | template | import | export board|oscal.

The acting person is named with --as USER (an account of the record); the operator who runs
the CLI holds the database file, and every download and import is audited under that name.

The report and exchange services (PDF, workbook and Parquet libraries: seconds to import) are
imported when one of these commands runs, so that `accredit validate` starts fast.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from engine.cli.acting import acting, as_option, db_option, with_record
from engine.cli.commands.db import guarded
from engine.cli.paths import output_file, output_folder
from engine.cli.registry import EXIT_INVALID, EXIT_OK, EXIT_USAGE, Command

if TYPE_CHECKING:
    from engine.service.downloads import Download
    from engine.service.maintenance import Database

MAX_IMPORT_BYTES = 10_000_000
LANGUAGES = ("en", "de", "fr")
REPORT_FORMATS = ("html", "pdf")


def save_download(download: Download, out: Path) -> int:
    """Write the file whole: beside its place first, then moved in (a failed write leaves an
    existing file as it was, never half of the new one)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.writing")
    try:
        partial.write_bytes(download.content)
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)
    print(f"wrote {out} ({len(download.content)} bytes)")
    return EXIT_OK


def _configure_report(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("assessment_id", metavar="ASSESSMENT_ID")
    parser.add_argument(
        "--format",
        choices=REPORT_FORMATS,
        default=None,
        help="default: from FILE's suffix, else pdf",
    )
    parser.add_argument("--lang", choices=LANGUAGES, default="en")
    parser.add_argument("--out", type=output_file, required=True, metavar="FILE")
    as_option(parser)


SUFFIXES = {".html": "html", ".htm": "html", ".pdf": "pdf"}
"""File name endings that say a report's format."""


def _report(args: argparse.Namespace, db: Database) -> int:
    from engine.service import reports as report_service

    named = SUFFIXES.get(args.out.suffix.lower())
    if args.format and named and named != args.format:
        print(
            f"accredit: --format {args.format} but {args.out.name} names {named}; give one that "
            "agrees (or leave --format out: the file name decides)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    principal = acting(db, args.acting_user)
    file_format = str(args.format or named or "pdf")
    download = report_service.assessment_report(
        principal, db, args.assessment_id, file_format, args.lang
    )
    return save_download(download, args.out)


def _configure_certificate(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("number", metavar="CERT_NUMBER")
    parser.add_argument("--lang", choices=LANGUAGES, default="en")
    parser.add_argument("--out", type=output_file, required=True, metavar="FILE")
    as_option(parser)


def _certificate(args: argparse.Namespace, db: Database) -> int:
    from engine.service import reports as report_service

    principal = acting(db, args.acting_user)
    download = report_service.certificate_document(principal, db, args.number, args.lang)
    return save_download(download, args.out)


def _configure_verify(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "code",
        metavar="CODE",
        help="the verification code printed on the certificate (XXXX-XXXX-XXXX-XXXX), not its "
        "number",
    )
    db_option(parser)


def _verify(args: argparse.Namespace, db: Database) -> int:
    from engine.service import reports as report_service

    verification = report_service.verify_certificate(db, args.code)
    print(f"certificate code {args.code}: {verification.to_text()}")
    return EXIT_OK if verification.genuine else EXIT_INVALID


def _configure_template(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", type=output_file, metavar="OUT.xlsx")
    parser.add_argument("--org", help="organisation id (from the record)")
    parser.add_argument("--release", required=True, help="release version, e.g. 2026.1")
    parser.add_argument("--profile", type=Path, help="organisation profile file: no database")
    parser.add_argument("--lang", choices=LANGUAGES, default="en")
    parser.add_argument("--as", dest="acting_user", metavar="USER", help="act as this account")
    db_option(parser)


def _template(args: argparse.Namespace) -> int:
    from engine.service import exchange
    from engine.service.downloads import Download

    if args.profile is not None:
        made = exchange.workbook_from_profile(args.profile, args.release, args.lang)
        if not isinstance(made, Download):
            print(made.to_text(), file=sys.stderr)
            return EXIT_INVALID
        return save_download(made, args.out)
    if not args.org or not args.acting_user:
        print("accredit: give --org and --as USER, or --profile FILE", file=sys.stderr)
        return EXIT_USAGE
    return with_record(_template_from_record)(args)


def _template_from_record(args: argparse.Namespace, db: Database) -> int:
    from engine.service import exchange

    principal = acting(db, args.acting_user)
    download = exchange.workbook_template(principal, db, args.org, args.release, args.lang)
    return save_download(download, args.out)


def _configure_import(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, metavar="FILE", help=".xlsx, .yaml, .yml or .json")
    parser.add_argument("--org", help="refuse the file unless it is for this organisation")
    parser.add_argument("--dry-run", action="store_true", help="check only, change nothing")
    as_option(parser)


def _import(args: argparse.Namespace, db: Database) -> int:
    path: Path = args.file
    if not path.is_file() or path.stat().st_size > MAX_IMPORT_BYTES:
        print(f"accredit: {path} is not a readable file under 10 MB", file=sys.stderr)
        return EXIT_INVALID
    from engine.service import exchange

    principal = acting(db, args.acting_user)
    outcome = exchange.import_self_assessment(
        principal, db, str(path), path.read_bytes(), org_id=args.org, dry_run=args.dry_run
    )
    if not outcome.report.valid:
        print(outcome.report.to_text(), file=sys.stderr)
        done = "the import would be refused" if args.dry_run else "nothing was imported"
        print(done, file=sys.stderr)
        return EXIT_INVALID
    for warning in outcome.report.problems:
        print(warning.to_text(), file=sys.stderr)
    verbs = ("would set", "remove") if outcome.dry_run else ("set", "removed")
    target = outcome.assessment_id or "a new self-assessment (started for the file's release)"
    print(
        f"{verbs[0]} {outcome.answers_set} answers and {verbs[1]} {outcome.answers_removed} "
        f"in {target}"
    )
    return EXIT_OK


def _configure_board(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("csv", "parquet"), default="csv")
    parser.add_argument("--out", type=output_folder, required=True, metavar="DIR")
    parser.add_argument(
        "--region", action="append", default=[], help="only this region (repeat for more)"
    )
    parser.add_argument(
        "--type",
        dest="organisation_types",
        action="append",
        default=[],
        metavar="ORGANISATION_TYPE",
        help="only this organisation type (repeat for more; not with --region)",
    )
    parser.add_argument("--release", help="only self-assessments pinned to this release")
    as_option(parser)


def _board(args: argparse.Namespace, db: Database) -> int:
    from engine.service import exchange
    from engine.service.analytics import BoardFilters

    principal = acting(db, args.acting_user)
    filters = BoardFilters(tuple(args.region), tuple(args.organisation_types), args.release)
    written = exchange.board_export(principal, db, args.format, args.out, filters)
    print(f"wrote {len(written)} files to {args.out}")
    return EXIT_OK


def _configure_oscal(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("assessment_id", metavar="ASSESSMENT_ID")
    parser.add_argument("--out", type=output_file, required=True, metavar="FILE")
    as_option(parser)


def _oscal(args: argparse.Namespace, db: Database) -> int:
    from engine.service import exchange

    principal = acting(db, args.acting_user)
    return save_download(exchange.oscal_results(principal, db, args.assessment_id), args.out)


COMMANDS = [
    Command(
        ("report",),
        "write an assessment report (HTML or PDF)",
        _configure_report,
        with_record(_report),
    ),
    Command(
        ("certificate",),
        "write a certificate PDF",
        _configure_certificate,
        with_record(_certificate),
    ),
    Command(
        ("verify-certificate",),
        "say whether a certificate code is genuine and its status",
        _configure_verify,
        with_record(_verify),
    ),
    Command(
        ("template",),
        "write the offline self-assessment workbook",
        _configure_template,
        guarded(_template),
    ),
    Command(
        ("import",),
        "import a self-assessment workbook, YAML or JSON",
        _configure_import,
        with_record(_import),
    ),
    Command(
        ("export", "board"),
        "export the board's suppressed aggregates",
        _configure_board,
        with_record(_board),
    ),
    Command(
        ("export", "oscal"),
        "export OSCAL assessment results",
        _configure_oscal,
        with_record(_oscal),
    ),
]
