"""Reading YAML (and JSON) safely into plain data, remembering where every value stood.

Safe with any input: the size is checked before reading, the event stream is pre-scanned
(anchors, aliases, tags, depth and node count refused or capped) before any node is built,
duplicate keys are reported with both positions, and every value keeps its 1-based line and
column so that later errors can point at it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path as FilePath

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    NodeEvent,
)
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from engine.loading.problems import Location, Problem

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 250_000

DataPath = tuple[str | int, ...]
Position = tuple[int, int]


def format_path(path: DataPath) -> str:
    """`("requirements", 2, "id")` -> `$.requirements[2].id`."""
    text = "$"
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


@dataclass
class SourceMap:
    """1-based positions of every value and every mapping key of a document."""

    file: str
    values: dict[DataPath, Position] = field(default_factory=dict)
    keys: dict[DataPath, Position] = field(default_factory=dict)

    def locate(self, path: DataPath, *, at_key: bool = False) -> Location:
        """The position of `path`, or of its nearest ancestor that has one."""
        table = self.keys if at_key and path in self.keys else self.values
        probe = path
        while probe not in table and probe:
            probe = probe[:-1]
            table = self.values
        line, column = table.get(probe, (None, None))
        return Location(self.file, line, column, format_path(path))


@dataclass
class ReadResult:
    data: object
    source: SourceMap
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems


def _mark_position(mark: object) -> Position:
    return (getattr(mark, "line", 0) + 1, getattr(mark, "column", 0) + 1)


def _problem(code: str, message: str, file: str, pos: Position | None = None) -> Problem:
    line, column = pos if pos else (None, None)
    return Problem(code, message, Location(file, line, column))


def _position_in(text: str, offset: int) -> Position:
    before = text[:offset]
    return (before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1)


def _syntax_problem(error: YAMLError, file: str, text: str) -> Problem:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    pos = _mark_position(mark) if mark is not None else None
    offset = getattr(error, "position", None)  # ReaderError: a character YAML does not allow
    if pos is None and isinstance(offset, int):
        pos = _position_in(text, offset)
    if isinstance(error, MarkedYAMLError):
        text = " ".join(str(t) for t in (error.context, error.problem) if t)
    else:
        text = str(error).splitlines()[0] if str(error) else type(error).__name__
    code = "yaml-tab" if "'\\t'" in text or "\t" in text else "yaml-syntax"
    return _problem(code, text or "cannot parse YAML", file, pos)


@dataclass
class _ScanState:
    depth: int = 0
    documents: int = 0


def _event_problem(event: object, state: _ScanState) -> tuple[str, str] | None:
    """The refusal (code, message) that one parser event calls for, if any."""
    if isinstance(event, DocumentStartEvent):
        state.documents += 1
        if state.documents > 1:
            return "multiple-documents", "a second document starts here"
    if isinstance(event, AliasEvent):
        return "yaml-alias", f"alias *{event.anchor} refused"
    if isinstance(event, NodeEvent) and event.anchor is not None:
        return "yaml-alias", f"anchor &{event.anchor} refused"
    tag = getattr(event, "tag", None)
    if tag is not None:
        return "yaml-tag", f"tag {str(tag).replace('tag:yaml.org,2002:', '!!')} refused"
    if isinstance(event, CollectionStartEvent):
        state.depth += 1
        if state.depth > MAX_DEPTH:
            return "too-deep", f"more than {MAX_DEPTH} levels of nesting"
    elif isinstance(event, CollectionEndEvent):
        state.depth -= 1
    return None


def _prescan(yaml: YAML, text: str, file: str) -> list[Problem]:
    """Walk the event stream once, refusing what no standards document needs."""
    state = _ScanState()
    for count, event in enumerate(yaml.parse(text), start=1):
        refusal = _event_problem(event, state)
        if refusal is None and count > MAX_NODES:
            refusal = "too-many-nodes", f"more than {MAX_NODES} values"
        if refusal is not None:
            return [_problem(*refusal, file, _mark_position(event.start_mark))]
    return []


_SCALARS: dict[str, Callable[[str], object]] = {
    "tag:yaml.org,2002:null": lambda v: None,
    "tag:yaml.org,2002:bool": lambda v: v.lower() == "true",
    "tag:yaml.org,2002:str": str,
    "tag:yaml.org,2002:timestamp": str,
}


def _number(tag: str, value: str) -> int | float:
    text = value.replace("_", "")
    if tag.endswith(":int"):
        return int(text, 0) if text[:2].lower() in ("0x", "0o", "0b") else int(text)
    special = {".inf": math.inf, "+.inf": math.inf, "-.inf": -math.inf, ".nan": math.nan}
    return special.get(text.lower()) or float(text)


class _Builder:
    """Turns a composed node tree into plain dicts, lists and scalars, with a SourceMap."""

    def __init__(self, file: str) -> None:
        self.source = SourceMap(file)
        self.problems: list[Problem] = []

    def build(self, node: Node, path: DataPath) -> object:
        self.source.values[path] = _mark_position(node.start_mark)
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        if isinstance(node, SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        tag = str(node.tag)
        if tag.endswith((":int", ":float")):
            return _number(tag, node.value)
        return _SCALARS.get(tag, str)(node.value)

    def _mapping(self, node: MappingNode, path: DataPath) -> dict[str, object]:
        result: dict[str, object] = {}
        for key_node, value_node in node.value:
            key_pos = _mark_position(key_node.start_mark)
            if not isinstance(key_node, ScalarNode) or str(key_node.tag).endswith(":null"):
                self.problems.append(
                    _problem(
                        "non-string-key", "a key must be plain text", self.source.file, key_pos
                    )
                )
                continue
            key = str(key_node.value)
            if key in result:
                first = self.source.keys[(*path, key)]
                message = f'key "{key}" already defined at line {first[0]}'
                where = Location(self.source.file, *key_pos, format_path((*path, key)))
                self.problems.append(Problem("duplicate-key", message, where))
                continue
            self.source.keys[(*path, key)] = key_pos
            result[key] = self.build(value_node, (*path, key))
        return result


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
            return _problem("too-deep", message, file, _position_in(text, match.start()))
    return None


def read_text(text: str, file: str) -> ReadResult:
    """Parse one YAML or JSON document held in memory."""
    empty = ReadResult(None, SourceMap(file), [])
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        empty.problems.append(Problem("empty-document", "the file holds no data", Location(file)))
        return empty
    too_deep = _flow_depth_problem(text, file)
    if too_deep is not None:
        return ReadResult(None, SourceMap(file), [too_deep])
    yaml = YAML(typ="rt", pure=True)
    try:
        problems = _prescan(yaml, text, file)
        if problems:
            return ReadResult(None, SourceMap(file), problems)
        node = yaml.compose(text)
    except YAMLError as error:
        return ReadResult(None, SourceMap(file), [_syntax_problem(error, file, text)])
    except RecursionError:
        return ReadResult(None, SourceMap(file), [_problem("too-deep", "nesting too deep", file)])
    builder = _Builder(file)
    data = builder.build(node, ())
    return ReadResult(data, builder.source, builder.problems)


def read_bytes(raw: bytes, file: str) -> ReadResult:
    if len(raw) > MAX_BYTES:
        message = f"{len(raw):,} bytes; the limit is {MAX_BYTES:,}"
        return ReadResult(
            None, SourceMap(file), [Problem("file-too-large", message, Location(file))]
        )
    text, problem = _decode(raw, file)
    if problem is not None or text is None:
        return ReadResult(None, SourceMap(file), [problem] if problem else [])
    return read_text(text, file)


def read_file(path: FilePath, display: str | None = None) -> ReadResult:
    """Read a file, checking its size before reading a single byte of it."""
    name = display or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            message = f"{size:,} bytes; the limit is {MAX_BYTES:,}"
            return ReadResult(
                None, SourceMap(name), [Problem("file-too-large", message, Location(name))]
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        return ReadResult(
            None, SourceMap(name), [Problem("file-not-found", "no such file", Location(name))]
        )
    except (IsADirectoryError, PermissionError, OSError) as error:
        message = error.strerror or type(error).__name__
        return ReadResult(
            None, SourceMap(name), [Problem("file-unreadable", message, Location(name))]
        )
    return read_bytes(raw, name)
