"""Where every value of a document stood: 1-based line and column by data path."""

from __future__ import annotations

from dataclasses import dataclass, field

from engine.loading.problems import Location

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
