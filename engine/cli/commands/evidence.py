"""accredit evidence list|get|add|remove: the files and links behind a self-assessment's answers.

The organisation adds evidence (a file under 20 MB of an accepted type, or a link) and removes
it while the self-assessment is being edited; the organisation and the assigned reviewers list
it and save its files. Every file saved is
audited (`evidence.download`) under the account named with --as.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from engine.cli.acting import acting, as_option, with_record
from engine.cli.commands.reports import save_download
from engine.cli.paths import output_file
from engine.cli.registry import EXIT_INVALID, EXIT_OK, Command
from engine.service import evidence, maintenance

FORMATS = ("text", "json")


def _configure_list(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("assessment_id", metavar="ASSESSMENT_ID")
    parser.add_argument("--format", choices=FORMATS, default="text")
    as_option(parser)


def _described(item: evidence.Evidence) -> str:
    if item.kind == "link":
        return f"{item.id}  {item.requirement_id}  link  {item.title}  {item.url}"
    size = f"{item.size_bytes:,} bytes" if item.size_bytes is not None else "size unknown"
    return f"{item.id}  {item.requirement_id}  file  {item.title}  {item.filename} ({size})"


def _list(args: argparse.Namespace, db: maintenance.Database) -> int:
    found = evidence.list_evidence(acting(db, args.acting_user), db, args.assessment_id)
    if args.format == "json":
        print(json.dumps([vars(item) for item in found], indent=2, ensure_ascii=False))
    else:
        for item in found:
            print(_described(item))
        print(f"{len(found)} piece(s) of evidence in {args.assessment_id}")
    return EXIT_OK


def _configure_get(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("evidence_id", metavar="EVIDENCE_ID", help="as `evidence list` shows it")
    parser.add_argument("--out", type=output_file, required=True, metavar="FILE")
    as_option(parser)


def _get(args: argparse.Namespace, db: maintenance.Database) -> int:
    download = evidence.download(acting(db, args.acting_user), db, args.evidence_id)
    return save_download(download, args.out)


def _configure_add(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("assessment_id", metavar="ASSESSMENT_ID")
    parser.add_argument("requirement_id", metavar="REQUIREMENT_ID")
    parser.add_argument("--title", required=True, help="what the evidence is, for the reviewer")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--file", type=Path, metavar="PATH", help="a file to attach")
    source.add_argument("--url", metavar="URL", help="a link (http:// or https://)")
    as_option(parser)


def _add(args: argparse.Namespace, db: maintenance.Database) -> int:
    principal = acting(db, args.acting_user)
    if args.url is not None:
        added = evidence.add_link(
            principal, db, args.assessment_id, args.requirement_id, title=args.title, url=args.url
        )
    else:
        path: Path = args.file
        if not path.is_file() or path.stat().st_size > evidence.MAX_FILE_BYTES:
            print(f"accredit: {path} is not a readable file under 20 MB", file=sys.stderr)
            return EXIT_INVALID
        added = evidence.add_file(
            principal, db, args.assessment_id, args.requirement_id,
            title=args.title, filename=path.name, content=path.read_bytes(),
        )  # fmt: skip
    print(f"added {added.id} to {args.requirement_id} of {args.assessment_id}: {added.title}")
    return EXIT_OK


def _configure_remove(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("evidence_id", metavar="EVIDENCE_ID", help="as `evidence list` shows it")
    as_option(parser)


def _remove(args: argparse.Namespace, db: maintenance.Database) -> int:
    removed = evidence.remove_evidence(acting(db, args.acting_user), db, args.evidence_id)
    print(f"removed {removed.id} ({removed.title}) from {removed.requirement_id}")
    return EXIT_OK


COMMANDS = [
    Command(
        ("evidence", "list"),
        "list the files and links of a self-assessment (`--format json`)",
        _configure_list,
        with_record(_list),
    ),
    Command(
        ("evidence", "get"),
        "save one evidence file to FILE (audited)",
        _configure_get,
        with_record(_get),
    ),
    Command(
        ("evidence", "add"),
        "attach a file (`--file PATH`) or a link (`--url URL`) to an answer",
        _configure_add,
        with_record(_add),
    ),
    Command(
        ("evidence", "remove"),
        "take a file or link off your self-assessment while it is being edited (audited)",
        _configure_remove,
        with_record(_remove),
    ),
]
