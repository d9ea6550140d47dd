"""The committed JSON Schemas are what the models generate, are valid 2020-12 schemas, and
agree with the models on a shared corpus of valid and invalid documents."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from engine.loading import read_file
from engine.loading.documents import validate_document
from engine.models.schemas import DRAFT, json_schemas, render
from engine.service.documents import export_schemas

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "schemas"
FIXTURES = ROOT / "tests" / "fixtures" / "library"
GENERATED = json_schemas()


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_committed_schema_is_what_the_models_generate(name: str) -> None:
    committed = SCHEMAS / name
    assert committed.exists(), f"{name} missing: run `accredit schema export schemas`"
    assert committed.read_text(encoding="utf-8") == render(GENERATED[name]), (
        f"schemas/{name} is stale: run `accredit schema export schemas` and commit it"
    )


def test_no_stale_schema_files_are_committed() -> None:
    assert {p.name for p in SCHEMAS.glob("*.json")} == set(GENERATED)


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_schema_is_valid_2020_12_with_id(name: str) -> None:
    schema = GENERATED[name]
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == DRAFT
    assert schema["$id"].startswith("urn:accredit:schema:")


def test_export_writes_every_schema(tmp_path: Path) -> None:
    written = export_schemas(tmp_path / "out")
    assert sorted(p.name for p in written) == sorted(GENERATED)
    first = written[0]
    assert json.loads(first.read_text()) == GENERATED[first.name]


def _validator(kind: str) -> Draft202012Validator:
    registry: Registry[Any] = Registry().with_resources(
        (s["$id"], DRAFT202012.create_resource(s)) for s in GENERATED.values()
    )
    return Draft202012Validator(
        GENERATED[f"{kind}.schema.json"],
        registry=registry,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


CORPUS_VALID = sorted(FIXTURES.rglob("*.yaml"))


@pytest.mark.parametrize("path", CORPUS_VALID, ids=lambda p: p.parent.name + "/" + p.name)
def test_valid_documents_pass_both_validators(path: Path) -> None:
    read = read_file(path)
    assert read.ok
    model, problems = validate_document(read.data, read.source)
    assert model is not None and not problems
    errors = list(_validator(read.data["kind"]).iter_errors(read.data))  # type: ignore[index]
    assert errors == []


MUTATIONS = {
    "unknown field": ("critical: true", "critcal: true"),
    "wrong type": ("critical: true", 'critical: "yes"'),
    "bad requirement id": ("id: SU-01", "id: SU-1"),
    "missing code": ("code: SU\n", ""),
    "bad scope": ("scope: universal\n    critical", "scope: everywhere\n    critical"),
    "unquoted version": ('version: "1.0.0"', "version: 1.0"),
}


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_invalid_documents_fail_both_validators(mutation: str, tmp_path: Path) -> None:
    old, new = MUTATIONS[mutation]
    text = (FIXTURES / "staff-supervision" / "1.0.0.yaml").read_text()
    assert old in text
    path = tmp_path / "doc.yaml"
    path.write_text(text.replace(old, new, 1))
    read = read_file(path)
    model, problems = validate_document(read.data, read.source)
    assert model is None and problems
    assert list(_validator("standard").iter_errors(read.data))
