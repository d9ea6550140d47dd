"""Questions the CLI asks a person at the terminal."""

from __future__ import annotations

import getpass
import warnings

from engine.service.errors import InvalidInput


def ask_password(prompt: str, from_env: str | None) -> str:
    """The password from the environment variable, else typed; none typed (end of input) is
    bad input, not a crash."""
    if from_env:
        return from_env
    try:
        with warnings.catch_warnings():  # no terminal: Python warns with its own source line
            warnings.simplefilter("ignore", getpass.GetPassWarning)
            return getpass.getpass(prompt)
    except EOFError:
        raise InvalidInput("no password given: type one, or set it in the environment") from None
