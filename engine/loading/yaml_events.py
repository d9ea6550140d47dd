"""One pass over the YAML event stream: refusals, positions and plain data at once.

No node tree is composed and no object is constructed from a tag: each parser event is
checked (anchors, aliases, tags, depth, count) and turned straight into plain dicts, lists and
scalars, with the 1-based position of every value and key.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
)
from ruamel.yaml.nodes import ScalarNode

from engine.loading.problems import Location, Problem
from engine.loading.source_map import DataPath, Position, SourceMap, format_path

MAX_DEPTH = 64
MAX_NODES = 250_000


def mark_position(mark: object) -> Position:
    return (getattr(mark, "line", 0) + 1, getattr(mark, "column", 0) + 1)


def position_in(text: str, offset: int) -> Position:
    before = text[:offset]
    return (before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1)


def problem_at(code: str, message: str, file: str, pos: Position | None = None) -> Problem:
    line, column = pos if pos else (None, None)
    return Problem(code, message, Location(file, line, column))


def syntax_problem(error: YAMLError, file: str, text: str) -> Problem:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    pos = mark_position(mark) if mark is not None else None
    offset = getattr(error, "position", None)  # ReaderError: a character YAML does not allow
    if pos is None and isinstance(offset, int):
        pos = position_in(text, offset)
    if isinstance(error, MarkedYAMLError):
        text = " ".join(str(t) for t in (error.context, error.problem) if t)
    else:
        text = str(error).splitlines()[0] if str(error) else type(error).__name__
    code = "yaml-tab" if "'\\t'" in text or "\t" in text else "yaml-syntax"
    return problem_at(code, text or "cannot parse YAML", file, pos)


def refusal(event: object, depth: int, documents: int) -> tuple[str, str] | None:
    """What no standards document needs: a second document, anchors, aliases, tags, depth."""
    if isinstance(event, DocumentStartEvent) and documents > 1:
        return "multiple-documents", "a second document starts here"
    if isinstance(event, AliasEvent):
        return "yaml-alias", f"alias *{event.anchor} refused"
    if isinstance(event, NodeEvent) and event.anchor is not None:
        return "yaml-alias", f"anchor &{event.anchor} refused"
    tag = getattr(event, "tag", None)
    if tag is not None:
        return "yaml-tag", f"tag {str(tag).replace('tag:yaml.org,2002:', '!!')} refused"
    if depth > MAX_DEPTH:
        return "too-deep", f"more than {MAX_DEPTH} levels of nesting"
    return None


MAX_DIGITS = 100
"""An integer written with more characters stays text: no figure of the format needs more, and
Python refuses to convert over 4,300 digits."""


def _number(tag: str, value: str) -> int | float | str:
    text = value.replace("_", "")
    if tag.endswith(":int"):
        if len(text) > MAX_DIGITS:
            return value
        return int(text, 0) if text[:2].lower() in ("0x", "0o", "0b") else int(text)
    special = {".inf": math.inf, "+.inf": math.inf, "-.inf": -math.inf, ".nan": math.nan}
    return special.get(text.lower()) or float(text)


_SCALARS: dict[str, Callable[[str], object]] = {
    "tag:yaml.org,2002:null": lambda v: None,
    "tag:yaml.org,2002:bool": lambda v: v.lower() == "true",
    "tag:yaml.org,2002:int": lambda v: _number(":int", v),
    "tag:yaml.org,2002:float": lambda v: _number(":float", v),
}


@dataclass
class _Frame:
    """An open mapping or sequence, and for a mapping the key waiting for its value."""

    path: DataPath
    value: dict[str, object] | list[object]
    key: str | None = None
    skip_value: bool = False  # a duplicate key: its value is read but not kept


@dataclass
class _Builder:
    file: str
    resolve: Callable[[str, tuple[bool, bool]], str]
    source: SourceMap = field(init=False)
    problems: list[Problem] = field(default_factory=list)
    stack: list[_Frame] = field(default_factory=list)
    result: object = None

    def __post_init__(self) -> None:
        self.source = SourceMap(self.file)

    def _place(self, event: NodeEvent) -> tuple[DataPath, bool] | None:
        """The path of a new value; None when it is a mapping key (handled here)."""
        if not self.stack:
            return (), True
        frame = self.stack[-1]
        if isinstance(frame.value, list):
            return (*frame.path, len(frame.value)), True
        if frame.key is None:
            self._key(frame, event)
            return None
        return (*frame.path, frame.key), not frame.skip_value

    def _key(self, frame: _Frame, event: NodeEvent) -> None:
        pos = mark_position(event.start_mark)
        if not isinstance(event, ScalarEvent):
            raise _Stop(problem_at("non-string-key", "a key must be plain text", self.file, pos))
        key = event.value
        assert isinstance(frame.value, dict)
        frame.key, frame.skip_value = key, key in frame.value
        if frame.skip_value:
            first = self.source.keys[(*frame.path, key)]
            message = f'key "{key}" already defined at line {first[0]}'
            where = Location(self.file, *pos, format_path((*frame.path, key)))
            self.problems.append(Problem("duplicate-key", message, where))
        else:
            self.source.keys[(*frame.path, key)] = pos

    def _attach(self, value: object) -> None:
        if not self.stack:
            self.result = value
            return
        frame = self.stack[-1]
        if isinstance(frame.value, list):
            frame.value.append(value)
        else:
            if not frame.skip_value and frame.key is not None:
                frame.value[frame.key] = value
            frame.key, frame.skip_value = None, False

    def feed(self, event: object) -> None:
        if isinstance(event, CollectionEndEvent):
            self._attach(self.stack.pop().value)
        elif isinstance(event, (ScalarEvent, CollectionStartEvent)):
            placed = self._place(event)
            if placed is None:
                return
            path, keep = placed
            if keep:
                self.source.values[path] = mark_position(event.start_mark)
            if isinstance(event, ScalarEvent):
                tag = self.resolve(event.value, event.implicit)
                self._attach(_SCALARS.get(tag, str)(event.value))
            else:
                container: dict[str, object] | list[object] = (
                    {} if isinstance(event, MappingStartEvent) else []
                )
                self.stack.append(_Frame(path, container))


class _Stop(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def build(text: str, file: str) -> tuple[object, SourceMap, list[Problem]]:
    """Parse one document into plain data with its source map; refusals stop at once."""
    yaml = YAML(typ="safe", pure=True)
    resolver = yaml.resolver

    def resolve(value: str, implicit: tuple[bool, bool]) -> str:
        return str(resolver.resolve(ScalarNode, value, implicit))

    builder = _Builder(file, resolve)
    try:
        _run(yaml.parse(text), builder, file)
    except _Stop as stop:
        return None, SourceMap(file), [stop.problem]
    except YAMLError as error:
        return None, SourceMap(file), [syntax_problem(error, file, text)]
    except RecursionError:
        return None, SourceMap(file), [problem_at("too-deep", "nesting too deep", file)]
    return builder.result, builder.source, builder.problems


def _run(events: Iterable[object], builder: _Builder, file: str) -> None:
    depth = documents = 0
    for count, event in enumerate(events, start=1):
        if isinstance(event, DocumentStartEvent):
            documents += 1
        elif isinstance(event, CollectionStartEvent):
            depth += 1
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
        refused = refusal(event, depth, documents)
        if refused is None and count > MAX_NODES:
            refused = "too-many-nodes", f"more than {MAX_NODES} values"
        if refused is not None:
            raise _Stop(
                problem_at(*refused, file, mark_position(getattr(event, "start_mark", None)))
            )
        builder.feed(event)
