"""An error line quotes what it is about, cut short: never a whole file echoed back."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.cli import main


@pytest.mark.parametrize("text", ["word " * 400_000, "kind: " + "k" * 100_000])
def test_a_long_value_is_quoted_in_at_most_200_characters(
    tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    plain = tmp_path / "plain.yaml"
    plain.write_text(text, encoding="utf-8")
    assert main(["validate", str(plain)]) == 1
    said = capsys.readouterr()
    lines = [line for line in (said.out + said.err).splitlines() if "plain.yaml" in line]
    assert lines and all(len(line) < 500 for line in lines)
    assert any("…" in line for line in lines)
