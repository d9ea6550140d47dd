"""From plain data to a validated document model, with every schema error located."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from functools import cache

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from engine.loading.problems import Location, Problem
from engine.loading.reader import DataPath, SourceMap, format_path
from engine.models import DOCUMENT_MODELS, StrictModel
from engine.wording import quoted

_DISCRIMINATORS = ("op", "type")
_TYPE_NAMES = {str: "text", int: "a whole number", float: "a number", bool: "true or false"}


def _describe(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (null)"
    return f"{_TYPE_NAMES.get(type(value), type(value).__name__)} ({quoted(value)})"


def data_path(data: object, loc: Iterable[int | str]) -> DataPath:
    """Pydantic's error location as a path in the data: union tags and key markers dropped."""
    path: list[str | int] = []
    node = data
    for part in loc:
        is_tag = (
            any(node.get(d) == part for d in _DISCRIMINATORS) if isinstance(node, dict) else False
        )
        if isinstance(node, dict) and part not in node and (is_tag or part == "[key]"):
            continue
        path.append(part)
        node = (
            node.get(part)
            if isinstance(node, dict)
            else (
                node[part]
                if isinstance(node, list) and isinstance(part, int) and part < len(node)
                else None
            )
        )
    return tuple(path)


@cache
def _objects_fields() -> tuple[frozenset[str], ...]:
    """The field names of every kind of object in every document (one set per object)."""
    found: list[frozenset[str]] = []
    for model in DOCUMENT_MODELS.values():
        schema = model.model_json_schema()
        for definition in [schema, *schema.get("$defs", {}).values()]:
            if definition.get("properties"):
                found.append(frozenset(definition["properties"]))
    return tuple(found)


@cache
def _known_field_names() -> frozenset[str]:
    return frozenset().union(*_objects_fields())


def _fields_beside(siblings: set[str]) -> frozenset[str]:
    """The fields of the kinds of object that have every one of `siblings` (the other keys of
    the object holding the unknown one): what may be meant there, not anywhere."""
    fitting = [fields for fields in _objects_fields() if siblings <= fields]
    return frozenset().union(*fitting) if fitting else _known_field_names()


def _value_at(data: object, path: DataPath) -> object:
    node = data
    for part in path:
        if isinstance(node, dict) and isinstance(part, str):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            return None
    return node


def _problem_for(error: ErrorDetails, data: object, source: SourceMap) -> Problem:
    path = data_path(data, error["loc"])
    kind = error["type"]
    name = str(path[-1]) if path else "document"
    if kind == "missing":
        location = source.locate(path[:-1])
        location = Location(location.file, location.line, location.column, format_path(path))
        return Problem("missing-field", f'required field "{name}" is missing', location)
    if kind == "extra_forbidden":
        known = _known_field_names()
        holder = _value_at(data, path[:-1])
        siblings = {str(k) for k in holder if k != name} if isinstance(holder, dict) else set()
        candidates = sorted(_fields_beside(siblings) - {name})
        close = difflib.get_close_matches(name, candidates, n=1)
        suggestion = f'did you mean "{close[0]}"?' if close else "remove it or fix its spelling"
        if name in known:  # spelt right, in the wrong kind of document
            suggestion = "it belongs to another kind of document: check `kind`, or remove it"
        where = source.locate(path, at_key=True)
        return Problem("unknown-field", f'unknown field "{name}"', where, hint=suggestion)
    location = source.locate(path)
    value = _value_at(data, path)
    if kind.endswith("_type") or kind in ("model_attributes_type", "dict_type", "list_type"):
        message = f"{error['msg'].replace('Input should be', 'expected')}, got {_describe(value)}"
        hint: str | None = None
        if isinstance(value, (int, float)) and "string" in error["msg"]:
            hint = 'quote the value, e.g. "1.10", so that it stays text'
        return Problem("wrong-type", message, location, hint=hint)
    message = error["msg"].removeprefix("Value error, ")
    return Problem("invalid-value", message, location)


def validate_model(
    model: type[StrictModel], data: object, source: SourceMap
) -> tuple[StrictModel | None, list[Problem]]:
    """Validate data against one model; every error located at its line and column."""
    try:
        return model.model_validate(data, strict=True), []
    except ValidationError as error:
        problems = [_problem_for(e, data, source) for e in error.errors(include_url=False)]
        return None, _dedupe(problems)


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen: set[tuple[str, str | None]] = set()
    unique = []
    for problem in problems:
        key = (problem.code, problem.location.field)
        if key not in seen:
            seen.add(key)
            unique.append(problem)
    return unique


def model_for(
    data: object, source: SourceMap, expected_kind: str | None = None
) -> tuple[type[StrictModel] | None, list[Problem]]:
    """Which model a document asks for, by its `kind`."""
    if not isinstance(data, dict):
        where = source.locate(())
        return None, [Problem("wrong-type", f"expected a mapping, got {_describe(data)}", where)]
    kind = data.get("kind")
    kinds = ", ".join(sorted(DOCUMENT_MODELS))
    if kind is None:
        location = Location(source.file, 1, 1, "$.kind")
        hint = f"add `kind:` with one of: {kinds}"
        return None, [
            Problem("missing-field", 'required field "kind" is missing', location, hint=hint)
        ]
    if kind not in DOCUMENT_MODELS or (expected_kind and kind != expected_kind):
        wanted = expected_kind or kinds
        wanted = f"a {wanted}" if expected_kind else f"one of: {wanted}"
        message = f"kind {quoted(kind)} is not {wanted}"
        return None, [Problem("unknown-kind", message, source.locate(("kind",)))]
    return DOCUMENT_MODELS[kind], []


def validate_document(
    data: object, source: SourceMap, expected_kind: str | None = None
) -> tuple[BaseModel | None, list[Problem]]:
    model, problems = model_for(data, source, expected_kind)
    if model is None:
        return None, problems
    return validate_model(model, data, source)
