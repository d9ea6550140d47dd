"""validate, standards list, standards show, schema export."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path

from engine.cli.paths import output_folder
from engine.cli.registry import EXIT_INVALID, EXIT_OK, EXIT_USAGE, Command
from engine.models import LANGUAGES, Standard
from engine.models.standard import Requirement
from engine.service import documents


def _format_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("text", "json"), default="text")


def _configure_validate(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="files or library folders (default: the installed library)",
    )
    _format_option(parser)


def _validate(args: argparse.Namespace) -> int:
    report = documents.validate_paths(list(args.paths))
    print(report.to_json() if args.format == "json" else report.to_text())
    return EXIT_OK if report.valid else EXIT_INVALID


def _not_found(message: str) -> int:
    """Nothing of that name: with the library's own errors, which may be why."""
    print(f"accredit: {message}", file=sys.stderr)
    trouble = documents.library_trouble()
    for problem in trouble[:3]:
        print(f"  {problem.to_text()}", file=sys.stderr)
    if len(trouble) > 3:
        print(f"  and {len(trouble) - 3} more (run `accredit validate`)", file=sys.stderr)
    return EXIT_INVALID if trouble else EXIT_USAGE


def _standard_summary(standard: Standard) -> dict[str, object]:
    return {
        "id": standard.id,
        "code": standard.code,
        "version": standard.version,
        "scope": standard.scope,
        "title": standard.title.en,
        "requirements": [
            {"id": r.id, "scope": r.scope, "critical": r.critical} for r in standard.requirements
        ],
    }


def _configure_list(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--release", help="release version, e.g. 2026.1 (default: the newest)")
    _format_option(parser)


def _list(args: argparse.Namespace) -> int:
    listing = documents.standards_in(args.release)
    if listing is None or not listing.standards:
        what = f"release {args.release}" if args.release else "the newest release"
        return _not_found(f"{what} is not in the library, or cannot be read")
    if args.format == "json":
        payload = {
            "release": listing.release,
            "standards": [_standard_summary(s) for s in listing.standards],
        }
        print(json.dumps(payload, indent=2, ensure_ascii=False))
        return EXIT_OK
    total = sum(len(s.requirements) for s in listing.standards)
    release = listing.release or "(none)"
    print(f"Release {release}: {len(listing.standards)} standards, {total} requirements")
    for s in listing.standards:
        critical = sum(r.critical for r in s.requirements)
        print(
            f"  {s.code:<4} {s.id:<48} {s.version:<8} {s.scope:<17} "
            f"{len(s.requirements)} requirements, {critical} critical"
        )
    return EXIT_OK


_LABELS = {
    "en": (
        "Scope",
        "universal",
        "context-specific, applies when",
        "Purpose",
        "Statement",
        "Guidance",
        "Evidence a reviewer would accept",
        "critical",
        "N/A allowed",
        "Sources",
    ),
    "de": (
        "Geltung",
        "universell",
        "kontextspezifisch, gilt wenn",
        "Zweck",
        "Anforderung",
        "Hinweise",
        "Nachweise, die Begutachtende anerkennen",
        "kritisch",
        "N/A zulässig",
        "Quellen",
    ),
    "fr": (
        "Portée",
        "universelle",
        "spécifique au contexte, s'applique si",
        "Objet",
        "Exigence",
        "Orientations",
        "Preuves recevables",
        "critique",
        "N/A admis",
        "Sources",
    ),
}


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(
        " ".join(text.split()), 96, initial_indent=indent, subsequent_indent=indent
    )


def _scope(item: Standard | Requirement, lang: str) -> str:
    labels = _LABELS[lang]
    if item.applies_when is None:
        return labels[1]
    condition = item.applies_when.model_dump_json(exclude_none=True)
    return f"{labels[2]} {condition}"


def render_standard(standard: Standard, lang: str) -> str:
    labels = _LABELS[lang]
    title = f"{standard.code} {standard.title.get(lang)} (version {standard.version})"
    lines = [
        title,
        "=" * len(title),
        f"{labels[0]}: {_scope(standard, lang)}",
        "",
        f"{labels[3]}:",
        _wrap(standard.purpose.get(lang), "  "),
        "",
    ]
    for r in standard.requirements:
        flags = [f for f, on in ((labels[7], r.critical), (labels[8], r.na_allowed)) if on]
        lines.append(f"{r.id} {r.title.get(lang)}" + (f"  [{', '.join(flags)}]" if flags else ""))
        lines.append(f"  {labels[0]}: {_scope(r, lang)}")
        lines += [f"  {labels[4]}:", _wrap(r.statement.get(lang), "    ")]
        lines += [f"  {labels[5]}:", _wrap(r.guidance.get(lang), "    ")]
        lines.append(f"  {labels[6]}:")
        lines += [
            _wrap(e.get(lang), "    - ").replace("\n    - ", "\n      ")
            for e in r.evidence_examples
        ]
        lines.append("")
    lines.append(f"{labels[9]}:")
    for s in standard.sources:
        details = ", ".join(str(x) for x in (s.publisher, s.year, s.url) if x)
        lines.append(f"  [{s.id}] {s.title}" + (f" ({details})" if details else ""))
    return "\n".join(lines)


def _configure_show(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "id",
        metavar="ID",
        help="standard id or code, e.g. safeguarding-children-adults-at-risk or SG",
    )
    parser.add_argument("--version", help="version (default: the newest)")
    parser.add_argument("--lang", choices=LANGUAGES, default="en")


def _show(args: argparse.Namespace) -> int:
    standard = documents.find_standard(args.id, args.version)
    if standard is None:
        known = documents.standard_versions(args.id)
        what = f"version {args.version} of " if args.version and known else ""
        hint = f" (known versions: {', '.join(known)})" if known else ""
        return _not_found(f"no {what}standard {args.id!r} in the library{hint}")
    print(render_standard(standard, args.lang))
    return EXIT_OK


def _configure_export(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", type=output_folder, metavar="DIR")


def _export(args: argparse.Namespace) -> int:
    for path in documents.export_schemas(args.folder):
        print(path)
    return EXIT_OK


COMMANDS = [
    Command(
        ("validate",),
        "validate standards, policies, releases and self-assessments",
        _configure_validate,
        _validate,
    ),
    Command(("standards", "list"), "list the standards of a release", _configure_list, _list),
    Command(("standards", "show"), "show a standard in en, de or fr", _configure_show, _show),
    Command(("schema", "export"), "write the JSON Schemas into DIR", _configure_export, _export),
]
