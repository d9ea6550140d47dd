"""YAML test cases for every problem code of the semantic checks, found and parametrised
automatically: `pytest -k context-widened` runs that code's cases.

Each file `cases/<code>.yaml` holds a list of cases. A case edits a copy of the fixture library
(`edit: {file: [[old, new], ...]}`, `add: {file: text}`), re-pins the release hashes unless
`rehash: false`, validates the library, and expects the case's code (`fails: true`) or no
problem at all (`fails: false`).
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from engine.loading import load_library

HERE = Path(__file__).resolve().parent
FIXTURE_LIBRARY = HERE.parent / "fixtures" / "library"


@dataclass(frozen=True)
class Case:
    code: str
    name: str
    fails: bool
    edit: dict[str, list[list[str]]]
    add: dict[str, str]
    rehash: bool


def _cases() -> list[Case]:
    cases = []
    for path in sorted((HERE / "cases").glob("*.yaml")):
        for raw in YAML(typ="safe").load(path.read_text(encoding="utf-8")):
            cases.append(
                Case(
                    code=path.stem,
                    name=raw["name"],
                    fails=raw["fails"],
                    edit=raw.get("edit", {}),
                    add=raw.get("add", {}),
                    rehash=raw.get("rehash", True),
                )
            )
    return cases


def _rehash(library: Path) -> None:
    """Pin the release to the files as edited, so a case sees only the problem it is about."""
    release = library / "releases" / "2026.1.yaml"
    text = release.read_text()
    document = YAML(typ="safe").load(text)
    entries = [("policies", document["policy"])] + [(s["id"], s) for s in document["standards"]]
    for folder, entry in entries:
        file = library / folder / f"{entry['version']}.yaml"
        if file.exists():
            text = text.replace(entry["sha256"], hashlib.sha256(file.read_bytes()).hexdigest())
    release.write_text(text)


CASES = _cases()


@pytest.mark.parametrize("case", CASES, ids=[f"{c.code}:{c.name}" for c in CASES])
def test_check_case(case: Case, tmp_path: Path) -> None:
    library = tmp_path / "library"
    shutil.copytree(FIXTURE_LIBRARY, library)
    for relative, replacements in case.edit.items():
        target = library / relative
        text = target.read_text()
        for old, new in replacements:
            assert old in text, f"{old!r} not in {relative}"
            text = text.replace(old, new, 1)
        target.write_text(text)
    for relative, text in case.add.items():
        (library / relative).parent.mkdir(parents=True, exist_ok=True)
        (library / relative).write_text(text)
    if case.rehash:
        _rehash(library)
    _, report = load_library(library)
    codes = [p.code for p in report.problems]
    if case.fails:
        assert case.code in codes, report.to_text()
        located = [p for p in report.problems if p.code == case.code]
        assert all(p.location.line for p in located), report.to_text()
    else:
        assert report.valid, report.to_text()


def test_every_semantic_code_has_cases() -> None:
    semantic = {
        "duplicate-id",
        "requirement-id-mismatch",
        "context-widened",
        "version-mismatch",
        "id-mismatch",
        "hash-mismatch",
        "unknown-reference",
        "condition-field",
        "condition-value",
        "policy-rule",
        "version-bump",
        "requirement-id-reused",
    }
    covered = {c.code for c in CASES if c.fails}
    assert semantic <= covered, f"no failing case for {sorted(semantic - covered)}"
