"""The certificate's fonts: DejaVu Sans, shipped inside the package (ADR 0029).

reportlab's standard Helvetica only encodes Windows-1252, so names such as "Đặng", "Łukasz", "Ωμέγα"
or "Жанна" would print as black boxes. DejaVu Sans (regular and bold, in ``fonts/`` beside this module
with their licence) covers Latin with its accents, Greek, Cyrillic, Armenian, Georgian, Hebrew and
Arabic letters; the wheel carries the files, so no system font path is needed. Characters the font has
no glyph for (CJK ideographs, emoji) are replaced by "?" rather than printed as boxes, so the page is
always readable; the verify code and URL are ASCII and always print exactly.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT = "AttendanceSans"
BOLD_FONT = "AttendanceSans-Bold"
FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR_FILE = FONT_DIR / "DejaVuSans.ttf"
BOLD_FILE = FONT_DIR / "DejaVuSans-Bold.ttf"
MAX_FIELD_CHARS = 300  # longer values are cut so that the certificate stays one page


@cache
def covered_code_points() -> frozenset[int]:
    """Register the two fonts once; the code points the regular one has a glyph for."""
    regular = TTFont(FONT, str(REGULAR_FILE))
    pdfmetrics.registerFont(regular)
    pdfmetrics.registerFont(TTFont(BOLD_FONT, str(BOLD_FILE)))
    return frozenset(regular.face.charToGlyph)


def printable(text: str) -> str:
    """``text`` on one line, with characters the font cannot draw replaced by "?" (controls dropped)."""
    covered = covered_code_points()
    text = " ".join(text.split())[:MAX_FIELD_CHARS]
    visible = (char for char in text if not unicodedata.category(char).startswith("C"))
    return "".join(char if ord(char) in covered else "?" for char in visible)
