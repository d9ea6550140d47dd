"""Which font writes each character of a PDF document.

DejaVu Sans, the documents' font, writes Latin, Greek, Cyrillic, Arabic, Hebrew, Georgian,
Armenian and Lao. INDEX's members write their names, reasons and actions in many more
scripts, so each script that DejaVu lacks has a fallback font here, shipped in
engine/reports/fonts (nothing is fetched at run time): Droid Sans Fallback for Chinese,
Japanese and Korean (Apache licence), a Noto Sans font for each script of South and South-East
Asia and for Ethiopic (SIL Open Font Licence); see the LICENSE files there.

Loading a font takes time (Droid Sans Fallback, 3.4 MB, about 0.6 s), so a document loads a
fallback font only when its text first needs it (`pdf_base.Document`), and a document in Latin
letters loads none. Which font has a character is read from the fonts' own character maps,
once per process.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTFont

FONT_DIR = Path(__file__).parent / "fonts"
MAIN_FONT_FILE = "DejaVuSans.ttf"


@dataclass(frozen=True, order=True)
class FallbackFont:
    """A font for the characters that DejaVu Sans lacks."""

    family: str
    file_name: str
    scripts: str
    """What it is for, in words (documentation and tests)."""


FALLBACK_FONTS: tuple[FallbackFont, ...] = (
    FallbackFont("fallback-cjk", "DroidSansFallback.ttf", "Chinese, Japanese, Korean"),
    FallbackFont("fallback-devanagari", "NotoSansDevanagari-Regular.ttf", "Hindi, Marathi, Nepali"),
    FallbackFont("fallback-bengali", "NotoSansBengali-Regular.ttf", "Bengali, Assamese"),
    FallbackFont("fallback-gurmukhi", "NotoSansGurmukhi-Regular.ttf", "Punjabi"),
    FallbackFont("fallback-gujarati", "NotoSansGujarati-Regular.ttf", "Gujarati"),
    FallbackFont("fallback-tamil", "NotoSansTamil-Regular.ttf", "Tamil"),
    FallbackFont("fallback-telugu", "NotoSansTelugu-Regular.ttf", "Telugu"),
    FallbackFont("fallback-kannada", "NotoSansKannada-Regular.ttf", "Kannada"),
    FallbackFont("fallback-malayalam", "NotoSansMalayalam-Regular.ttf", "Malayalam"),
    FallbackFont("fallback-sinhala", "NotoSansSinhala-Regular.ttf", "Sinhala"),
    FallbackFont("fallback-thai", "NotoSansThai-Regular.ttf", "Thai"),
    FallbackFont("fallback-khmer", "NotoSansKhmer-Regular.ttf", "Khmer"),
    FallbackFont("fallback-myanmar", "NotoSansMyanmar-Regular.ttf", "Burmese"),
    FallbackFont("fallback-ethiopic", "NotoSansEthiopic-Regular.ttf", "Amharic, Tigrinya"),
)
"""In the order they are tried: the first that has a character writes it."""

RIGHT_TO_LEFT = frozenset({"R", "AL"})
"""Unicode bidirectional classes of letters written right to left (Hebrew, Arabic)."""


@functools.cache
def characters_of(file_name: str) -> frozenset[int]:
    """The code points that a shipped font has a glyph for."""
    font = TTFont(FONT_DIR / file_name, lazy=True)
    try:
        return frozenset(font.getBestCmap())
    finally:
        font.close()


def fallback_for(character: str) -> FallbackFont | None:
    """The fallback font that writes `character`; None when DejaVu Sans has it or no shipped
    font does (the PDF library then reports it as missing)."""
    code = ord(character)
    if code in characters_of(MAIN_FONT_FILE):
        return None
    return next((f for f in FALLBACK_FONTS if code in characters_of(f.file_name)), None)


def needs_shaping(character: str) -> bool:
    """Whether text with `character` must be shaped: written right to left, or in a script
    whose letters join, stack or reorder (every script of the fallback fonts but CJK)."""
    if unicodedata.bidirectional(character) in RIGHT_TO_LEFT:
        return True
    font = fallback_for(character)
    return font is not None and font is not FALLBACK_FONTS[0]
