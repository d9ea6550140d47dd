"""The README stays honest: its command table is the CLI's command table, every example command
line in it parses, and its two set-up commands are the scripts CI runs."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from engine.cli import build_parser, command_table

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
TABLE_ROW = re.compile(r"^\| `accredit ([a-z -]+)` \| (.+) \|$", re.MULTILINE)
SH_BLOCK = re.compile(r"```sh\n(.*?)```", re.DOTALL)


def example_lines() -> list[str]:
    lines = []
    for block in SH_BLOCK.findall(README):
        for line in block.splitlines():
            command = line.split("  #", 1)[0].strip()
            if command.startswith("accredit "):
                lines.append(command)
    return lines


def test_the_command_table_lists_every_command_and_no_other() -> None:
    documented = {words for words, _ in TABLE_ROW.findall(README)}
    registered = {" ".join(command.words) for command in command_table()}
    assert documented == registered, (
        f"missing from README: {sorted(registered - documented)}; "
        f"not a command: {sorted(documented - registered)}"
    )


def test_each_row_says_what_the_command_help_says() -> None:
    helps = {" ".join(command.words): command.help for command in command_table()}
    for words, text in TABLE_ROW.findall(README):
        assert text.startswith(helps[words]), f"accredit {words}: README {text!r}"


@pytest.mark.parametrize("line", example_lines())
def test_every_example_command_line_parses(line: str) -> None:
    parser = build_parser(command_table())
    args = parser.parse_args(shlex.split(line)[1:])
    assert args._command is not None


def test_there_are_examples_to_check() -> None:
    assert len(example_lines()) >= 8


def test_the_two_setup_commands_exist_and_ci_runs_the_test_command() -> None:
    setup = re.search(r"## Set-up: the two commands\n.*?```sh\n(.*?)```", README, re.DOTALL)
    assert setup is not None
    commands = [line.split("#", 1)[0].strip() for line in setup.group(1).splitlines()]
    assert commands == ["scripts/demo", "scripts/check"]
    for script in commands:
        assert (ROOT / script).stat().st_mode & 0o111, f"{script} is not executable"
    assert "scripts/check" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_verification_example_gives_a_code_not_a_certificate_number() -> None:
    (line,) = [line for line in example_lines() if line.startswith("accredit verify-certificate")]
    given = shlex.split(line)[2]
    assert not re.fullmatch(r"INDEX-\d{4}-\d+", given), "that is a certificate number"
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", given)


def test_the_public_address_setting_is_documented() -> None:
    from engine.service.reports import PUBLIC_URL_ENV

    assert f"`{PUBLIC_URL_ENV}`" in README
