"""The instructions printed on the first sheet of the offline workbook."""

from __future__ import annotations

INSTRUCTIONS: tuple[str, ...] = (
    "How to fill in this self-assessment offline",
    "",
    "1. There is one sheet per standard that applies to your organisation, named by its code.",
    "   Each row is one requirement. Only the yellow columns are yours to fill in.",
    "2. Rating: choose a level from the drop-down list (the number is what counts).",
    "3. Not applicable: choose 'yes' only where the requirement truly does not apply to your",
    "   work, and give the reason in the next column. Leave the rating empty then.",
    "4. Comment: anything the reviewer should know. Evidence files are added in Accredit.",
    "5. Do not rename, add or delete sheets, rows or columns, and do not change the",
    "   requirement ids: the workbook is matched to your self-assessment by them.",
    "6. Import it with `accredit import FILE` or on the dashboard. Every problem is reported",
    "   by sheet and cell, and nothing is imported until the whole workbook is correct.",
    "",
    "Rating levels:",
)
