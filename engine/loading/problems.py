"""Errors are data: a code from one table, a message, a hint and a location.

The `ValidationReport` is what the CLI prints, the dashboard shows and the database stores.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class ProblemType:
    code: str
    title: str
    hint: str


_TYPES = (
    # reading the file
    ProblemType("file-not-found", "File not found", "Check the path."),
    ProblemType("file-unreadable", "File cannot be read", "Check that it is a readable file."),
    ProblemType("file-too-large", "File too large", "Split the document or remove bulk data."),
    ProblemType("invalid-utf8", "Not UTF-8 text", "Save the file as UTF-8."),
    ProblemType("empty-document", "Empty document", "The file must hold one YAML document."),
    ProblemType("multiple-documents", "More than one document", "Keep one document per file."),
    ProblemType("yaml-syntax", "YAML syntax error", "Fix the YAML at this position."),
    ProblemType(
        "json-syntax",
        "JSON syntax error",
        "Fix the JSON at this position: JSON allows no trailing commas, comments or single "
        "quotes (or save the document as .yaml, which does).",
    ),
    ProblemType(
        "yaml-tab", "Tab character in indentation", "Indent with spaces; YAML forbids tabs."
    ),
    ProblemType(
        "yaml-alias", "Anchors and aliases are refused", "Write the value out in full instead."
    ),
    ProblemType("yaml-tag", "Tags are refused", "Remove the tag; plain values are enough."),
    ProblemType("too-deep", "Nesting too deep", "Flatten the structure."),
    ProblemType("too-many-nodes", "Too many values", "The document is far larger than needed."),
    ProblemType("duplicate-key", "Duplicate key", "Each key may appear once; remove one."),
    ProblemType("non-string-key", "Key is not text", "Write keys as plain text."),
    # schema
    ProblemType("unknown-kind", "Unknown kind of document", "Set `kind` to a known kind."),
    ProblemType("missing-field", "Required field missing", "Add the field."),
    ProblemType("unknown-field", "Unknown field", "Remove it or correct its spelling."),
    ProblemType("wrong-type", "Wrong type", "Give a value of the expected type."),
    ProblemType("invalid-value", "Invalid value", "Give one of the allowed values."),
    ProblemType(
        "evidence-not-imported",
        "Evidence not imported",
        "Attach the files and links on the self-assessment page: an imported file brings "
        "answers, not the evidence itself.",
    ),
    ProblemType(
        "not-importable",
        "No open self-assessment to import into",
        "Import into the organisation's open self-assessment.",
    ),
    ProblemType(
        "no-answers",
        "No answers in the file",
        "Fill in at least one answer before importing the file.",
    ),
    ProblemType(
        "formula-without-value",
        "Formula with no saved result",
        "Type the value itself, or open the workbook in a spreadsheet program and save it.",
    ),
    # meaning
    ProblemType("duplicate-id", "Duplicate id", "Give every item its own id."),
    ProblemType(
        "requirement-id-mismatch",
        "Requirement id does not match its standard",
        "Start requirement ids with the standard's code and a dash.",
    ),
    ProblemType(
        "context-widened",
        "Requirement widens its standard's context",
        "A requirement may narrow its standard's context, never widen it.",
    ),
    ProblemType(
        "version-mismatch",
        "Version contradicts the file name",
        "Name the file after the version inside it.",
    ),
    ProblemType(
        "id-mismatch", "Id contradicts the folder", "Keep standards in a folder of their id."
    ),
    ProblemType("hash-mismatch", "Hash does not match", "A published file must never change."),
    ProblemType("unknown-reference", "Unknown reference", "Refer only to what exists."),
    ProblemType("condition-field", "Field not usable here", "Use a field of the right vocabulary."),
    ProblemType("condition-value", "Value not in vocabulary", "Use one of the allowed values."),
    ProblemType("policy-rule", "Inconsistent policy", "Make the policy consistent."),
    ProblemType("version-bump", "Version bump too small", "Raise the version as the changes need."),
    ProblemType(
        "requirement-id-reused",
        "Removed requirement id used again",
        "Give the new requirement a new id; removed ids are never reused.",
    ),
)
PROBLEM_TYPES: dict[str, ProblemType] = {}
for _type in _TYPES:
    if _type.code in PROBLEM_TYPES:
        raise ValueError(f"duplicate problem code {_type.code}")
    PROBLEM_TYPES[_type.code] = _type


@dataclass(frozen=True)
class Location:
    """Where a problem is: file, 1-based line and column, and the field path ($.a[0].b)."""

    file: str | None = None
    line: int | None = None
    column: int | None = None
    field: str | None = None

    def prefix(self) -> str:
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    location: Location = field(default_factory=Location)
    severity: Severity = "error"
    hint: str | None = None

    def __post_init__(self) -> None:
        if self.code not in PROBLEM_TYPES:
            raise ValueError(f"unknown problem code {self.code!r}")

    @property
    def hint_text(self) -> str:
        return self.hint or PROBLEM_TYPES[self.code].hint

    def to_text(self) -> str:
        where = f" {self.location.field}:" if self.location.field else ""
        kind = "warning: " if self.severity == "warning" else ""
        return (
            f"{self.location.prefix()}: {kind}{self.code}{where} {self.message} ({self.hint_text})"
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "hint": self.hint_text,
            "file": self.location.file,
            "line": self.location.line,
            "column": self.location.column,
            "field": self.location.field,
        }


@dataclass
class ValidationReport:
    """Every problem found in a set of files, and which files were read."""

    files: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def valid(self) -> bool:
        return not self.errors

    def extend(self, other: ValidationReport) -> None:
        self.files.extend(f for f in other.files if f not in self.files)
        self.problems.extend(other.problems)

    def sorted_problems(self) -> list[Problem]:
        def key(p: Problem) -> tuple[str, int, int, str]:
            loc = p.location
            return (loc.file or "", loc.line or 0, loc.column or 0, p.code)

        return sorted(self.problems, key=key)

    def to_text(self) -> str:
        lines = [p.to_text() for p in self.sorted_problems()]
        count = len(self.errors)
        summary = (
            f"{len(self.files)} file(s) valid"
            if self.valid
            else f"{count} error(s) in {len(self.files)} file(s)"
        )
        warnings = len(self.problems) - count
        if warnings:
            summary += f", {warnings} warning(s)"
        return "\n".join([*lines, summary])

    def to_json(self) -> str:
        payload = {
            "valid": self.valid,
            "files": self.files,
            "problems": [p.to_dict() for p in self.sorted_problems()],
        }
        return json.dumps(payload, indent=2, ensure_ascii=False)
