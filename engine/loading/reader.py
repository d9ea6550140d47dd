"""Reading YAML (and JSON, a subset of it) safely into plain data, remembering where every
value stood.

Safe with any input: the size is checked before a byte is read, deep bracket nesting is
refused before the scanner sees it, and the event stream is read once (yaml_events), refusing
anchors, aliases, tags, excess depth and size, and reporting duplicate keys with both positions.
"""

from __future__ import annotations

import json
import re
import stat
from dataclasses import dataclass
from pathlib import Path as FilePath

from engine.loading.problems import Location, Problem
from engine.loading.source_map import DataPath, Position, SourceMap, format_path
from engine.loading.yaml_events import MAX_DEPTH, build, position_in, problem_at

MAX_BYTES = 2 * 1024 * 1024

__all__ = [
    "MAX_BYTES",
    "DataPath",
    "Position",
    "ReadResult",
    "SourceMap",
    "format_path",
    "read_bytes",
    "read_file",
    "read_text",
]


@dataclass
class ReadResult:
    data: object
    source: SourceMap
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems


def _refused(file: str, problem: Problem) -> ReadResult:
    return ReadResult(None, SourceMap(file), [problem])


def _decode(raw: bytes, file: str) -> tuple[str | None, Problem | None]:
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        message = f"byte 0x{raw[error.start]:02x} is not valid UTF-8"
        return None, Problem("invalid-utf8", message, Location(file, line, column))


_BRACKETS = re.compile(r"[\[\]{}]")


def _flow_depth_problem(text: str, file: str) -> Problem | None:
    """Refuse deep [ and { nesting before the YAML scanner sees it.

    The scanner keeps a possible simple key per open flow collection and re-checks all of them
    for every token, so ten thousand opening brackets cost seconds before the parser can count
    depth. Counting brackets (ignoring quotes: only ever an over-estimate for text holding
    dozens of unbalanced brackets, which no document needs) is linear and cheap.
    """
    depth = 0
    for match in _BRACKETS.finditer(text):
        depth = depth + 1 if match.group() in "[{" else max(depth - 1, 0)
        if depth > MAX_DEPTH:
            message = f"more than {MAX_DEPTH} levels of nesting"
            return problem_at("too-deep", message, file, position_in(text, match.start()))
    return None


def _is_empty(text: str) -> bool:
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


class _NotJsonConstant(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(f"{name} is not a JSON value: write a number, or null")
        self.name = name


def _no_constant(name: str) -> object:
    raise _NotJsonConstant(name)


def _constant_at(text: str, name: str) -> int | None:
    """Where NaN or Infinity stands as a value (not inside a string)."""
    found = re.search(rf'(?<!["\w-]){re.escape(name)}(?!["\w])', text)
    return None if found is None else found.start()


def _json_problem(text: str, file: str) -> Problem | None:
    """A file named .json must be JSON, not merely YAML: the YAML parser would accept a
    trailing comma or a comment that every other JSON reader refuses. (The YAML parser then
    reads it again, for the positions of the values.)"""
    try:
        json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        before = text[: error.pos].rstrip()
        closing = text[error.pos : error.pos + 1]
        trailing = before.endswith(",") and closing in ("]", "}")
        if trailing:
            message = f"a comma before {closing}: JSON allows no trailing comma"
            return problem_at("json-syntax", message, file, position_in(text, len(before) - 1))
        return problem_at("json-syntax", error.msg, file, (error.lineno, error.colno))
    except _NotJsonConstant as error:
        at = _constant_at(text, error.name)
        position = None if at is None else position_in(text, at)
        return problem_at("json-syntax", str(error), file, position)
    except (ValueError, RecursionError) as error:
        return problem_at("json-syntax", str(error), file)
    return None


def read_text(text: str, file: str) -> ReadResult:
    """Parse one YAML or JSON document held in memory (JSON when `file` ends in .json)."""
    if _is_empty(text):
        return _refused(file, Problem("empty-document", "the file holds no data", Location(file)))
    too_deep = _flow_depth_problem(text, file)
    if too_deep is not None:
        return _refused(file, too_deep)
    not_json = _json_problem(text, file) if file.lower().endswith(".json") else None
    if not_json is not None:
        return _refused(file, not_json)
    data, source, problems = build(text, file)
    return ReadResult(data, source, problems)


def _too_large(size: int, file: str) -> ReadResult:
    message = f"{size:,} bytes; the limit is {MAX_BYTES:,}"
    return _refused(file, Problem("file-too-large", message, Location(file)))


def read_bytes(raw: bytes, file: str) -> ReadResult:
    if len(raw) > MAX_BYTES:
        return _too_large(len(raw), file)
    text, problem = _decode(raw, file)
    if problem is not None or text is None:
        return ReadResult(None, SourceMap(file), [problem] if problem else [])
    return read_text(text, file)


def read_file(path: FilePath, display: str | None = None) -> ReadResult:
    """Read a file, checking its size (and that it is a regular file, not a pipe or a device
    that would never end) before reading a single byte of it."""
    name = display or str(path)
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            problem = Problem("file-unreadable", "not a regular file", Location(name))
            return _refused(name, problem)
        if status.st_size > MAX_BYTES:
            return _too_large(status.st_size, name)
        raw = path.read_bytes()
    except FileNotFoundError:
        return _refused(name, Problem("file-not-found", "no such file", Location(name)))
    except OSError as error:
        message = error.strerror or type(error).__name__
        return _refused(name, Problem("file-unreadable", message, Location(name)))
    return read_bytes(raw, name)
