"""The scores-per-standard chart: bars computed once, drawn as inline SVG or into a PDF."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from engine.reports.i18n import label, percent
from engine.scoring.result import AssessmentResult

BAR_COLOURS: tuple[tuple[float, str], ...] = (
    (0.75, "#2e7d32"),
    (0.5, "#f9a825"),
    (0.0, "#c62828"),
)
"""(lowest score, colour): the first row whose threshold the score reaches gives the colour."""


@dataclass(frozen=True)
class Bar:
    code: str
    title: str
    score: float | None
    caption: str

    @property
    def colour(self) -> str:
        value = self.score or 0.0
        return next(colour for lowest, colour in BAR_COLOURS if value >= lowest)


def bars(result: AssessmentResult, language: str) -> list[Bar]:
    """One bar per applicable standard, in the release's order."""
    return [
        Bar(s.code, s.title.get(language), s.score, percent(s.score, language))
        for s in result.standards
        if s.applicable
    ]


def rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


_ROW = 26
_LABEL_WIDTH = 60
_BAR_WIDTH = 400


def svg_chart(result: AssessmentResult, language: str) -> str:
    """A horizontal bar chart, self-contained SVG with a title for screen readers."""
    shown = bars(result, language)
    height = _ROW * max(len(shown), 1) + 10
    width = _LABEL_WIDTH + _BAR_WIDTH + 80
    title = escape(label("scores_per_standard", language))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" aria-labelledby="chart-title">',
        f'<title id="chart-title">{title}</title>',
    ]
    for index, bar in enumerate(shown):
        y = 5 + index * _ROW
        length = round((bar.score or 0.0) * _BAR_WIDTH, 1)
        parts.append(
            f"<g><title>{escape(bar.title)}: {escape(bar.caption)}</title>"
            f'<text x="0" y="{y + 16}" font-size="13">{escape(bar.code)}</text>'
            f'<rect x="{_LABEL_WIDTH}" y="{y + 3}" width="{_BAR_WIDTH}" height="16" '
            f'fill="#eeeeee"/>'
            f'<rect x="{_LABEL_WIDTH}" y="{y + 3}" width="{length}" height="16" '
            f'fill="{bar.colour}"/>'
            f'<text x="{_LABEL_WIDTH + _BAR_WIDTH + 6}" y="{y + 16}" font-size="12">'
            f"{escape(bar.caption)}</text></g>"
        )
    parts.append("</svg>")
    return "".join(parts)
