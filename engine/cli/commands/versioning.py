"""diff (two standard files, or two releases) and migrate (a self-assessment file)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from engine.cli.paths import library_folder, output_file
from engine.cli.registry import EXIT_INVALID, EXIT_OK, EXIT_USAGE, Command
from engine.service import versioning

LANGUAGES = ("en", "de", "fr")


def _fail(report: versioning.ValidationReport) -> int:
    print(report.to_text(), file=sys.stderr)
    return EXIT_INVALID


def _configure_diff(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Compare two versions of a standard (OLD_FILE NEW_FILE) or two releases of the library "
        "(--release A B): requirements added, removed and changed, each with the version bump "
        "it needs. Exit code 1 when a file is invalid or NEW_FILE's version number moves less "
        "than its changes need."
    )
    parser.add_argument("files", nargs="*", type=Path, metavar="FILE", help="OLD_FILE NEW_FILE")
    parser.add_argument("--release", nargs=2, metavar=("A", "B"), help="two release versions")
    parser.add_argument(
        "--library", type=library_folder, metavar="DIR", help="library folder for --release"
    )
    parser.add_argument("--format", choices=versioning.FORMATS, default="text")
    parser.add_argument("--lang", choices=LANGUAGES, default="en", help="language of markdown")


def _diff_files(args: argparse.Namespace) -> int:
    loaded = versioning.compare_standard_files(*args.files)
    if loaded.value is None:
        return _fail(loaded.report)
    print(versioning.render_standard_comparison(loaded.value, args.format, args.lang), end="")
    return EXIT_INVALID if loaded.value.bump_problems else EXIT_OK


def _diff_releases(args: argparse.Namespace) -> int:
    old, new = args.release
    loaded = versioning.compare_releases(old, new, root=args.library)
    if loaded.value is None:
        return _fail(loaded.report)
    print(versioning.render_release_diff(loaded.value, args.format, args.lang), end="")
    return EXIT_OK


def _diff(args: argparse.Namespace) -> int:
    if (args.release is None) == (len(args.files) != 2) or (args.release and args.files):
        print(
            "accredit diff: give two standard files (OLD_FILE NEW_FILE) or --release A B",
            file=sys.stderr,
        )
        return EXIT_USAGE
    return _diff_releases(args) if args.release else _diff_files(args)


def _configure_migrate(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Move a self-assessment file onto another release. The source file never changes: a "
        "new file pinned to RELEASE is written (default: FILE's name with the release added), "
        "with a .migration.yaml report beside it that keeps the answers to removed "
        "requirements. Changed requirements are flagged needs_reconfirmation."
    )
    parser.add_argument("file", type=Path, metavar="FILE")
    parser.add_argument("--to", required=True, metavar="RELEASE", help="e.g. 2027.1")
    parser.add_argument("--output", type=output_file, metavar="OUT", help="the result file")
    parser.add_argument("--dry-run", action="store_true", help="report only; write nothing")
    parser.add_argument("--force", action="store_true", help="overwrite OUT if it exists")
    parser.add_argument("--library", type=library_folder, metavar="DIR", help="library folder")
    parser.add_argument("--format", choices=("text", "json"), default="text")


SUMMARY_LINES = (
    ("carried", "carried over"),
    ("needs_reconfirmation", "carried, to be re-confirmed"),
    ("off_scale", "of these, rated off the new scale"),
    ("new_requirements", "new requirements"),
    ("archived", "archived (not in the new release)"),
)
"""Summary field -> its label in the text output."""


def _summary_text(summary: dict[str, object]) -> str:
    def ids(key: str) -> str:
        value = summary[key]
        return ", ".join(value) if isinstance(value, (list, dict)) and value else "none"

    head = (
        f"{summary['organisation']}: release {summary['from_release']} -> {summary['to_release']}"
    )
    width = max(len(label) for _, label in SUMMARY_LINES) + 1
    lines = [f"  {label + ':':<{width}} {ids(key)}" for key, label in SUMMARY_LINES]
    return "\n".join([head, *lines]) + "\n"


def _output_for(args: argparse.Namespace) -> Path | None:
    output: Path = args.output or versioning.default_output(args.file, args.to)
    if output.suffix.lower() not in (".yaml", ".yml"):
        print(f"accredit migrate: the migrated file is YAML; name it .yaml, not {output.name}",
              file=sys.stderr)  # fmt: skip
        return None
    targets = (output, versioning.report_path(output))
    if any(t.resolve() == args.file.resolve() for t in targets):
        print("accredit migrate: the output must not replace the source file", file=sys.stderr)
        return None
    if not args.force and any(t.exists() for t in targets):
        print(f"accredit migrate: {output} (or its report) exists; use --force", file=sys.stderr)
        return None
    return output


def _migrate(args: argparse.Namespace) -> int:
    loaded = versioning.migrate_file(args.file, args.to, root=args.library)
    if loaded.value is None:
        return _fail(loaded.report)
    output = None if args.dry_run else _output_for(args)
    if output is None and not args.dry_run:
        return EXIT_USAGE
    written = versioning.write_migration(loaded.value, output) if output else ()
    summary = {**versioning.migration_summary(loaded.value), "written": [str(p) for p in written]}
    text = _summary_text(summary) + "".join(f"  wrote {p}\n" for p in written)
    print(json.dumps(summary, indent=2) if args.format == "json" else text, end="")
    return EXIT_OK


COMMANDS = [
    Command(("diff",), "compare two standard versions or two releases", _configure_diff, _diff),
    Command(
        ("migrate",),
        "move a self-assessment file onto another release",
        _configure_migrate,
        _migrate,
    ),
]
