"""The table of CLI commands. Each command is one small module; the table rejects duplicates."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_BUG = 3


@dataclass(frozen=True)
class Command:
    """A CLI command: its words (e.g. ("db", "init")), help, argument set-up and runner.

    `run` returns the process exit code: 0 ok, 1 invalid input, 2 usage error.
    """

    words: tuple[str, ...]
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


class DuplicateCommandError(ValueError):
    pass


class CommandTable:
    def __init__(self) -> None:
        self._commands: dict[tuple[str, ...], Command] = {}

    def add(self, command: Command) -> None:
        if command.words in self._commands:
            raise DuplicateCommandError(f"command {' '.join(command.words)!r} registered twice")
        self._commands[command.words] = command

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(sorted(self._commands.values(), key=lambda c: c.words))

    def __len__(self) -> int:
        return len(self._commands)
