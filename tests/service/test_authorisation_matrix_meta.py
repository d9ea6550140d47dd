"""No service function slips past the authorisation matrix: every public function of every
engine.service module whose first parameter is the principal is an operation of one of the
matrix tables, or exempt for a reason written down here."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from types import ModuleType

import engine.service
from tests.service import (
    test_authorisation_matrix,
    test_authorisation_matrix_records,
    test_authorisation_matrix_views,
)

TABLES: tuple[ModuleType, ...] = (
    test_authorisation_matrix,
    test_authorisation_matrix_records,
    test_authorisation_matrix_views,
)

EXEMPT: dict[str, str] = {
    "access.allowed": "the access check itself: answers yes or no, reads and writes nothing",
    "access.require": "the access check itself: every operation in the matrix goes through it",
    "signing.issuing_key": (
        "called by reports.certificate_code and certificate_document (in the matrix) after "
        "their access check; the principal only names whom the key's making is audited under"
    ),
    "impact.summarise": (
        "formats impacts already computed by what_if (in the matrix); it reads no record and "
        "takes the principal only to decide how much detail to show"
    ),
}


def _service_modules() -> list[ModuleType]:
    return [
        importlib.import_module(f"{engine.service.__name__}.{info.name}")
        for info in pkgutil.iter_modules(engine.service.__path__)
    ]


def _takes_principal_first(function: object) -> bool:
    parameters = list(inspect.signature(function).parameters)  # type: ignore[arg-type]
    return bool(parameters) and parameters[0] == "principal"


def service_functions() -> set[str]:
    """module.function for every public function, defined in its module, principal first."""
    return {
        f"{module.__name__.rsplit('.', 1)[-1]}.{name}"
        for module in _service_modules()
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if not name.startswith("_")
        and function.__module__ == module.__name__
        and _takes_principal_first(function)
    }


def covered() -> set[str]:
    """The operations of every table; `users.get_user(self)` covers users.get_user."""
    return {name.split("(")[0] for table in TABLES for name in table.OPS}


def test_every_service_function_is_in_the_matrix() -> None:
    missing = service_functions() - covered() - set(EXEMPT)
    assert not missing, f"add these to an OPS table of the authorisation matrix: {missing}"


def test_the_matrix_names_only_service_functions() -> None:
    """A renamed or removed function must leave the tables too (and the exemptions)."""
    known = service_functions()
    assert covered() <= known
    assert set(EXEMPT) <= known
    assert not covered() & set(EXEMPT)


def test_discovery_finds_functions_of_every_kind() -> None:
    """The discovery itself: it sees plain functions, keyword-only ones and exemptions."""
    found = service_functions()
    assert {"access.require", "evidence.add_file", "views_queue.review_queue"} <= found
    assert "users.authenticate" not in found  # takes no principal
