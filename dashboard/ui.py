"""Small helpers shared by the pages: multilingual text, errors as messages, number formats."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from dashboard.session import language
from engine.models.common import LocalizedText
from engine.service.errors import ServiceError, StorageError

T = TypeVar("T")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
STATE_WORDS: dict[str, str] = {
    "draft": "Draft",
    "submitted": "Submitted",
    "in_review": "In review",
    "changes_requested": "Changes requested",
    "decided": "Decided",
}
OUTCOME_WORDS: dict[str, str] = {
    "accredited": "Accredited",
    "conditionally_accredited": "Accredited with conditions",
    "not_accredited": "Not accredited",
}
WITHHELD = "withheld: fewer than 5 organisations, or it would give such a group away"
WITHHELD_LEGEND = "withheld (small group)"
"""The board's word for a suppressed group: a group of 5 or more is withheld too when the
groups withheld beside it would otherwise add up to fewer than 5 (engine.storage.board_queries),
and a quarter when it differs from a shown one by 1-4 organisations (engine.service.board_time)."""


def tr(text: LocalizedText | None) -> str:
    """The text in the language the person chose (English when it has none), cleaned of
    control characters."""
    if text is None:
        return ""
    return _CONTROL.sub("", text.get(language()))


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f} %"


def state_word(state: str) -> str:
    return STATE_WORDS.get(state, state.replace("_", " "))


def wrapping_metric(place: DeltaGenerator, label: str, value: str) -> None:
    """A metric whose value may be a long phrase (an outcome): it wraps where st.metric would
    cut it off."""
    place.caption(label)
    place.markdown(f"### {value}")


def outcome_word(outcome: str | None) -> str:
    return OUTCOME_WORDS.get(outcome or "", (outcome or "–").replace("_", " "))


def problem_text(error: ServiceError | StorageError) -> str:
    return f"{error.message} ({error.code})"


def attempt(action: Callable[[], T]) -> tuple[T | None, ServiceError | StorageError | None]:
    """Run one service call; a refusal or bad input comes back as data, never a traceback."""
    try:
        return action(), None
    except (ServiceError, StorageError) as error:
        return None, error


def show_error(error: ServiceError | StorageError) -> None:
    st.error(problem_text(error), icon=":material/error:")


class FieldMessages:
    """Places beside form fields where a message about that field appears after a submit."""

    def __init__(self) -> None:
        self._slots: dict[str, st.delta_generator.DeltaGenerator] = {}

    def slot(self, field: str) -> None:
        """Reserve the place for `field`'s message just below the widget drawn last."""
        self._slots[field] = st.empty()

    def show(self, messages: dict[str, str]) -> None:
        """Show each message beside its field (or at the top of the page without a field)."""
        for field, message in messages.items():
            target = self._slots.get(field)
            if target is not None:
                target.error(message, icon=":material/error:")
            else:
                st.error(message, icon=":material/error:")
