"""The reasons people give (for a decision that departs from the engine, a rating adjusted,
changes requested, a certificate's status, a conflict of interest) and the names they type
(of a person, of an organisation): kept in the record and the audit log, so they must say
something and stay readable."""

from __future__ import annotations

import unicodedata

from engine.service.errors import InvalidInput

MAX_REASON = 4000
"""Characters: a few paragraphs; a pasted document belongs in the evidence instead."""


def check_reason(reason: str | None, missing: str, location: str = "reason") -> str:
    """`reason` if it says something and is not too long; else InvalidInput (`missing` says
    what to give when it is empty)."""
    text = (reason or "").strip()
    if not text:
        raise InvalidInput(missing, location)
    if len(text) > MAX_REASON:
        raise InvalidInput(
            f"keep it under {MAX_REASON} characters (it has {len(text)}); attach longer "
            "material as evidence",
            location,
        )
    refuse_control_characters(text, location)
    return reason or ""


LINE_BREAKS = frozenset("\n\r\t")
DIRECTION_OVERRIDES = frozenset("\u202d\u202e")
"""Left-to-right and right-to-left override: they make text read otherwise than it is stored
("fdp.exe" shown as "exe.pdf"); the marks and isolates that mixed Arabic or Hebrew and Latin
text needs are kept."""


def refuse_control_characters(
    text: str, location: str, allowed: frozenset[str] = LINE_BREAKS
) -> None:
    """InvalidInput for a control character (a NUL, an escape...) other than the `allowed`
    ones, or a direction override: invisible on screen, it would make the record say more (or
    other) than anyone can read."""
    found = next(
        (
            c
            for c in text
            if (unicodedata.category(c) == "Cc" and c not in allowed) or c in DIRECTION_OVERRIDES
        ),
        None,
    )
    if found is not None:
        raise InvalidInput(
            f"remove the control character U+{ord(found):04X}: type or paste plain text",
            location,
        )


MAX_NAME = 200
"""Characters of a display name or an organisation's name."""


def check_name(name: str, what: str, location: str = "name", longest: int = MAX_NAME) -> None:
    """InvalidInput unless `name` has 1 to `longest` characters (`what`: whose name)."""
    if not name.strip() or len(name) > longest:
        raise InvalidInput(f"{what} has 1 to {longest} characters", location)
    refuse_control_characters(name, location, allowed=frozenset())


def check_optional_reason(reason: str | None, location: str) -> None:
    """A reason that may be left out is still not too long."""
    if reason is not None and reason.strip():
        check_reason(reason, "", location)
