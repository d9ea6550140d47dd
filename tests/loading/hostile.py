"""Hostile and broken inputs for the loader, each built fresh in a temporary folder.

Every case names the problem code a user must see and whether the message carries a line.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

FIXTURE_LIBRARY = Path(__file__).resolve().parent.parent / "fixtures" / "library"
STANDARD = FIXTURE_LIBRARY / "staff-supervision" / "1.0.0.yaml"


@dataclass(frozen=True)
class HostileInput:
    name: str
    code: str
    build: Callable[[Path], Path]
    located: bool = True  # the message names line and column


def _write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def _standard_with(folder: Path, old: str, new: str, name: str = "1.0.0.yaml") -> Path:
    text = STANDARD.read_text(encoding="utf-8")
    assert old in text, old
    return _write(folder / "staff-supervision", name, text.replace(old, new, 1))


def alias_bomb(folder: Path) -> Path:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return _write(folder, "bomb.yaml", "\n".join(lines) + "\n")


def deep_nesting(folder: Path) -> Path:
    return _write(folder, "deep.yaml", "a: " + "[" * 10_000 + "]" * 10_000 + "\n")


def huge_file(folder: Path) -> Path:
    path = folder / "huge.yaml"
    line = b"- this line repeats until the file is fifty mebibytes long\n"
    with path.open("wb") as out:
        out.write(b"items:\n")
        out.write(line * (50 * 1024 * 1024 // len(line) + 1))
    return path


def _replace_file(old: str, new: str) -> Callable[[Path], Path]:
    return lambda folder: _standard_with(folder, old, new)


def hash_mismatch(folder: Path) -> Path:
    library = folder / "library"
    shutil.copytree(FIXTURE_LIBRARY, library)
    standard = library / "staff-supervision" / "1.0.0.yaml"
    standard.write_text(standard.read_text().replace("at least monthly", "at least weekly"))
    standard.write_text(standard.read_text().replace("At least monthly", "At least weekly"))
    return library / "releases" / "2026.1.yaml"


def _json_standard(folder: Path, broken: Callable[[str], str]) -> Path:
    """The fixture standard as a JSON file, broken by `broken`."""
    from engine.loading.reader import read_file

    data = read_file(STANDARD).data
    text = json.dumps(data, indent=2, ensure_ascii=False)
    return _write(folder / "staff-supervision", "1.0.0.json", broken(text))


def _trailing_comma(text: str) -> str:
    return text.replace('"critical": true', '"critical": true,', 1)


CASES = (
    HostileInput("alias bomb", "yaml-alias", alias_bomb),
    HostileInput("10,000 levels of nesting", "too-deep", deep_nesting),
    HostileInput("50 MiB file", "file-too-large", huge_file, located=False),
    HostileInput(
        "invalid UTF-8",
        "invalid-utf8",
        lambda f: _write(f, "latin1.yaml", "kind: standard\ntitle: Qualität\n".encode("latin-1")),
    ),
    HostileInput(
        "empty file", "empty-document", lambda f: _write(f, "empty.yaml", ""), located=False
    ),
    HostileInput(
        "duplicate keys", "duplicate-key", _replace_file("code: SU\n", "code: SU\ncode: SV\n")
    ),
    HostileInput(
        "python object tag",
        "yaml-tag",
        lambda f: _write(f, "tag.yaml", "kind: !!python/object/apply:os.system ['echo owned']\n"),
    ),
    HostileInput(
        "tab indentation", "yaml-tab", _replace_file("  en: Staff supervision", "\ten: Staff")
    ),
    HostileInput(
        "trailing comma in JSON",
        "json-syntax",
        lambda f: _json_standard(f, _trailing_comma),
    ),
    HostileInput(
        "NaN in JSON",
        "json-syntax",
        lambda f: _json_standard(f, lambda t: t.replace('"critical": true', '"critical": NaN')),
    ),
    HostileInput("wrong type", "wrong-type", _replace_file("critical: true", 'critical: "yes"')),
    HostileInput(
        "unknown field", "unknown-field", _replace_file("critical: true", "critcal: true")
    ),
    HostileInput("missing required field", "missing-field", _replace_file("code: SU\n", "")),
    HostileInput(
        "duplicate requirement id", "duplicate-id", _replace_file("id: SU-02", "id: SU-01")
    ),
    HostileInput("release hash does not match", "hash-mismatch", hash_mismatch),
    HostileInput(
        "version contradicts file name",
        "version-mismatch",
        lambda f: _standard_with(f, "kind: standard", "kind: standard", name="1.0.1.yaml"),
    ),
)
