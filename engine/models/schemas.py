"""JSON Schemas (draft 2020-12) generated from the models: what editors and validators read."""

from __future__ import annotations

import json
from typing import Any

from pydantic import TypeAdapter

from engine.models import DOCUMENT_MODELS
from engine.models.conditions import Condition

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def schema_id(name: str) -> str:
    return f"urn:accredit:schema:{name}:v1"


def _with_header(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"$schema": DRAFT, "$id": schema_id(name), **schema}


def json_schemas() -> dict[str, dict[str, Any]]:
    """File name -> schema, for every document kind and for the condition language."""
    schemas = {
        f"{kind}.schema.json": _with_header(kind, model.model_json_schema())
        for kind, model in DOCUMENT_MODELS.items()
    }
    condition = TypeAdapter(Condition).json_schema()
    schemas["condition.schema.json"] = _with_header("condition", condition)
    return schemas


def render(schema: dict[str, Any]) -> str:
    """The exact text committed under schemas/: stable key order, two-space indent."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
