"""score and explain: score a self-assessment file and say why, requirement by requirement."""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from pathlib import Path

from engine.cli.registry import EXIT_INVALID, EXIT_OK, EXIT_USAGE, Command
from engine.service import clock
from engine.service.assessment_scoring import (
    ScoredFile,
    explain_lines,
    score_lines,
    score_self_assessment_file,
)

LATEST_YEAR = 9000
"""--as-of later than this is refused: a certificate's expiry must still be a date."""


def _date(text: str) -> datetime.date:
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from error
    if day.year > LATEST_YEAR:
        raise argparse.ArgumentTypeError(f"give a date before the year {LATEST_YEAR}: {text!r}")
    return day


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, metavar="FILE", help="self-assessment (YAML or JSON)")
    parser.add_argument(
        "--as-of", type=_date, default=None, help="date of the decision (default: today, UTC)"
    )
    parser.add_argument(
        "--lang", "--language", dest="language", choices=("en", "de", "fr"), default="en"
    )


def _configure_score(parser: argparse.ArgumentParser) -> None:
    _common(parser)
    parser.add_argument("--format", choices=("text", "json"), default="text")


def _configure_explain(parser: argparse.ArgumentParser) -> None:
    _common(parser)
    parser.add_argument("--requirement", required=True, metavar="ID", help="e.g. CM-01")
    parser.add_argument("--format", choices=("text", "json"), default="text")


def _scored(args: argparse.Namespace) -> ScoredFile:
    as_of = args.as_of or clock.today()
    return score_self_assessment_file(args.file, as_of=as_of)


def _refused(scored: ScoredFile, output: str) -> int:
    print(scored.report.to_json() if output == "json" else scored.report.to_text())
    return EXIT_INVALID


def _score(args: argparse.Namespace) -> int:
    scored = _scored(args)
    if scored.result is None or scored.assessment is None or scored.bundle is None:
        return _refused(scored, args.format)
    if args.format == "json":
        payload = {
            "organisation": scored.assessment.organisation.model_dump(mode="json"),
            **scored.result.model_dump(mode="json"),
        }
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        print(
            "\n".join(score_lines(scored.assessment, scored.bundle, scored.result, args.language))
        )
    return EXIT_OK


def _explain(args: argparse.Namespace) -> int:
    scored = _scored(args)
    if scored.result is None or scored.assessment is None or scored.bundle is None:
        return _refused(scored, args.format)
    requirement = scored.result.requirement(args.requirement)
    if requirement is None:
        known = ", ".join(r.requirement_id for r in scored.result.requirements)
        print(
            f"accredit: release {scored.result.release_version} has no requirement "
            f"{args.requirement!r}; known: {known}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    findings = [f for f in scored.result.findings if f.location.requirement_id == args.requirement]
    if args.format == "json":
        payload = {
            "requirement": requirement.model_dump(mode="json"),
            "findings": [f.model_dump(mode="json") for f in findings],
        }
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        lines = explain_lines(scored.bundle, requirement, findings, args.language)
        print("\n".join(lines))
    return EXIT_OK


COMMANDS = [
    Command(
        ("score",),
        "score a self-assessment: per-standard scores, findings, the decision and why",
        _configure_score,
        _score,
    ),
    Command(
        ("explain",),
        "explain one requirement of a self-assessment: why it applies and how it was scored",
        _configure_explain,
        _explain,
    ),
]
