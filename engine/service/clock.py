"""The service's clock: UTC now, or a fixed time for demo data and tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime

_FIXED: ContextVar[datetime | None] = ContextVar("accredit_fixed_time", default=None)


def now() -> datetime:
    """Naive UTC (as stored in DuckDB TIMESTAMP columns)."""
    fixed = _FIXED.get()
    return fixed if fixed is not None else datetime.now(UTC).replace(tzinfo=None)


def today() -> date:
    return now().date()


@contextmanager
def frozen_at(moment: datetime) -> Iterator[None]:
    token = _FIXED.set(moment)
    try:
        yield
    finally:
        _FIXED.reset(token)
