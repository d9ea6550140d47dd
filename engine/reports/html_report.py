"""The assessment report as one self-contained, printable HTML page.

Inline CSS and an inline SVG chart; no script, no external asset, so it opens offline and
prints the same everywhere. Every text from data is escaped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from engine.reports import sections
from engine.reports.chart import svg_chart
from engine.reports.data import ReportData
from engine.reports.i18n import label

_CSS = """
body { font-family: "DejaVu Sans", Arial, sans-serif; color: #1a1a1a; margin: 2em auto;
       max-width: 52em; line-height: 1.4; }
h1 { font-size: 1.6em; border-bottom: 3px solid #1f4e79; padding-bottom: .2em; }
h2 { font-size: 1.2em; color: #1f4e79; margin-top: 1.6em; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #c8c8c8; padding: .3em .5em; text-align: left; vertical-align: top; }
th { background: #eef3f8; }
dl.facts { display: grid; grid-template-columns: max-content auto; gap: .2em 1em; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
pre.reasons { white-space: pre-wrap; background: #f6f6f6; padding: .6em; font-size: .9em; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; }
               tr, figure { break-inside: avoid; } }
"""


def _facts(facts: Iterable[sections.Fact]) -> str:
    items = "".join(f"<dt>{escape(f.name)}</dt><dd>{escape(f.value)}</dd>" for f in facts)
    return f'<dl class="facts">{items}</dl>'


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _findings(data: ReportData, language: str) -> str:
    rows = sections.finding_rows(data, language)
    if not rows:
        return f"<p>{escape(label('no_findings', language))}</p>"
    headers = [label("severity", language), "Code", label("where", language), ""]
    return _table(headers, rows)


def _decision(data: ReportData, language: str) -> str:
    reasons = "\n".join(sections.reason_lines(data, language))
    actions = sections.action_lines(data, language)
    parts = [
        _facts(sections.decision_facts(data, language)),
        f"<h3>{escape(label('reasons', language))}</h3>",
        f'<pre class="reasons">{escape(reasons)}</pre>',
        f"<h3>{escape(label('rationale', language))}</h3>",
        f"<p>{escape(sections.rationale_text(data, language))}</p>",
    ]
    if actions:
        items = "".join(f"<li>{escape(a)}</li>" for a in actions)
        heading = escape(sections.actions_heading(data, language))
        parts.append(f"<h3>{heading}</h3><ul>{items}</ul>")
    return "".join(parts)


def render_html(data: ReportData, language: str) -> str:
    """The report in `language` (en, de or fr; others fall back to English)."""
    title = f"{label('report_title', language)}: {data.org_name}"
    standards_headers = [
        "",
        label("standard", language),
        label("score", language),
        label("progress", language),
    ]
    body = [
        f"<h1>{escape(title)}</h1>",
        _facts(sections.header_facts(data, language)),
        f"<h2>{escape(label('scores_per_standard', language))}</h2>",
        f"<figure>{svg_chart(data.result, language)}</figure>",
        _table(standards_headers, sections.standard_rows(data, language)),
        f"<h2>{escape(label('findings', language))}</h2>",
        _findings(data, language),
        f"<h2>{escape(label('decision', language))}</h2>",
        _decision(data, language),
    ]
    lang = language if language in ("en", "de", "fr") else "en"
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_CSS}</style></head>"
        f"<body>{''.join(body)}</body></html>\n"
    )
