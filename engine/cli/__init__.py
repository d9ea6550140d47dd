"""`accredit`: the command line. Every job a person or a script may want to run.

Commands live one area per module in `engine.cli.commands`; each module exports `COMMANDS`,
a list of `Command`. They are discovered here and put in one table that rejects duplicates.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from engine import __version__
from engine.cli import commands as _commands_package
from engine.cli.registry import EXIT_BUG, EXIT_INVALID, EXIT_USAGE, Command, CommandTable


def command_table() -> CommandTable:
    table = CommandTable()
    for module_info in sorted(pkgutil.iter_modules(_commands_package.__path__)):
        module = importlib.import_module(f"{_commands_package.__name__}.{module_info.name}")
        for command in getattr(module, "COMMANDS", []):
            table.add(command)
    return table


def _subparsers_for(
    parser: argparse.ArgumentParser,
    cache: dict[tuple[str, ...], argparse._SubParsersAction],  # type: ignore[type-arg]
    prefix: tuple[str, ...],
) -> argparse._SubParsersAction:  # type: ignore[type-arg]
    if prefix not in cache:
        cache[prefix] = parser.add_subparsers(dest="_".join(("cmd", *prefix)), metavar="COMMAND")
        cache[prefix].required = True
    return cache[prefix]


def build_parser(table: CommandTable) -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="accredit",
        description="INDEX quality standards: validate, score, certify and report.",
    )
    root.add_argument("--version", action="version", version=f"accredit {__version__}")
    parsers: dict[tuple[str, ...], argparse.ArgumentParser] = {(): root}
    subs: dict[tuple[str, ...], argparse._SubParsersAction] = {}  # type: ignore[type-arg]
    for command in table:
        for depth in range(1, len(command.words) + 1):
            words = command.words[:depth]
            if words in parsers:
                continue
            parent = parsers[words[:-1]]
            action = _subparsers_for(parent, subs, words[:-1])
            leaf = depth == len(command.words)
            parsers[words] = action.add_parser(
                words[-1], help=command.help if leaf else f"{words[-1]} commands"
            )
        leaf_parser = parsers[command.words]
        command.configure(leaf_parser)
        leaf_parser.set_defaults(_command=command)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns (and, as a script, exits with) the exit code."""
    try:
        table = command_table()
        args = build_parser(table).parse_args(argv)
        command: Command = args._command
        return command.run(args)
    except SystemExit as stop:  # argparse: --help (0) and usage errors (2)
        return stop.code if isinstance(stop.code, int) else EXIT_USAGE
    except BrokenPipeError:  # output piped into a reader that stopped early, e.g. `| head`
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as error:  # a file or folder that cannot be read or written
        where = f": {error.filename}" if getattr(error, "filename", None) else ""
        print(f"accredit: {error.strerror or error}{where}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        print("accredit: interrupted", file=sys.stderr)
        return 130
    except Exception as bug:
        print(
            f"accredit: internal error ({type(bug).__name__}: {bug}). "
            "This is a bug in accredit, not in your input; please report it.",
            file=sys.stderr,
        )
        return EXIT_BUG


def run() -> None:
    sys.exit(main())
