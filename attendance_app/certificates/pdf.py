"""The certificate PDF, one Letter page written with reportlab.

Fonts: reportlab's standard Helvetica only encodes Windows-1252, so names such as "Đặng" or "Łukasz"
would print as black boxes. We register a TrueType font instead: DejaVu Sans when the system has it
(wide coverage: Latin, Greek, Cyrillic, ...), otherwise Bitstream Vera, which ships inside reportlab
itself. Characters the chosen font has no glyph for are replaced by "?" rather than printed as boxes,
so the page is always readable; the verify code and path are ASCII and always print exactly.

Every label is translated with the active language (the request's).
"""

from __future__ import annotations

import io
import os
import unicodedata
from dataclasses import dataclass, field
from functools import cache

import reportlab
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT = "AttendanceSans"
BOLD_FONT = "AttendanceSans-Bold"
_REPORTLAB_FONTS = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
_FONT_CANDIDATES = (
    (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ),
    (os.path.join(_REPORTLAB_FONTS, "Vera.ttf"), os.path.join(_REPORTLAB_FONTS, "VeraBd.ttf")),
)
MAX_FIELD_CHARS = 300  # longer values are cut so that the certificate stays one page


@dataclass(frozen=True)
class UnitLine:
    field_of_study: str
    units: str  # "1.2 CPE"
    name: str


@dataclass(frozen=True)
class CertificateContent:
    """Everything the page prints; the accrediting bodies' statements come translated already."""

    learner_name: str
    course_name: str
    activity_name: str
    date: str  # YYYY-MM-DD, UTC
    delivery_method: str
    sponsor_name: str
    sponsor_id: str  # "NASBA 112233" or the general sponsor id
    contact: str
    code: str
    verify_path: str
    units: list[UnitLine] = field(default_factory=list)
    statements: list[str] = field(default_factory=list)
    sponsor_address: str = ""
    responsible_name: str = ""
    responsible_title: str = ""
    signature_image: bytes = b""  # PNG or JPEG, checked when saved
    logo_image: bytes = b""


@cache
def _fonts() -> tuple[str, str, frozenset[int]]:
    """Register the certificate's fonts once; returns their names and the code points they cover."""
    for regular, bold in _FONT_CANDIDATES:
        if os.path.exists(regular) and os.path.exists(bold):
            regular_font = TTFont(FONT, regular)
            pdfmetrics.registerFont(regular_font)
            pdfmetrics.registerFont(TTFont(BOLD_FONT, bold))
            return FONT, BOLD_FONT, frozenset(regular_font.face.charToGlyph)
    return "Helvetica", "Helvetica-Bold", frozenset(range(32, 127))


def printable(text: str) -> str:
    """``text`` with characters the font cannot draw replaced by "?" (and control characters dropped)."""
    covered = _fonts()[2]
    text = " ".join(text.split())[:MAX_FIELD_CHARS]
    visible = (char for char in text if not unicodedata.category(char).startswith("C"))
    return "".join(char if ord(char) in covered else "?" for char in visible)


def _grouped(units: list[UnitLine]) -> list[tuple[str, list[UnitLine]]]:
    groups: dict[str, list[UnitLine]] = {}
    for line in units:
        groups.setdefault(line.field_of_study, []).append(line)
    return sorted(groups.items())


class _Page:
    """A cursor down the page that wraps long lines."""

    def __init__(self, pdf: canvas.Canvas, width: float, top: float) -> None:
        self.pdf = pdf
        self.width = width
        self.left = 25 * mm
        self.y = top
        self.regular, self.bold, _covered = _fonts()

    def line(self, text: str, *, size: float = 11, bold: bool = False, center: bool = False) -> None:
        font = self.bold if bold else self.regular
        usable = self.width - 2 * self.left
        for part in simpleSplit(printable(text), font, size, usable)[:3] or [""]:
            # Move down by this line's own height first, so a large line never reaches into the one above.
            self.y -= size
            self.pdf.setFont(font, size)
            if center:
                self.pdf.drawCentredString(self.width / 2, self.y, part)
            else:
                self.pdf.drawString(self.left, self.y, part)
            self.y -= size * 0.45

    def labelled(self, label: str, value: str) -> None:
        if value:
            self.line(f"{label}: {value}")

    def gap(self, points: float = 8) -> None:
        self.y -= points

    def image(self, data: bytes, *, height: float) -> None:
        """An image (the signature) on the left, at most ``height`` high and half the text width wide."""
        self.y -= height
        _draw(self.pdf, data, self.left, self.y, (self.width - 2 * self.left) / 2, height)
        self.y -= 4


def _draw(pdf: canvas.Canvas, data: bytes, x: float, y: float, width: float, height: float) -> None:
    """Draw an image inside the box (its proportions kept); an unreadable one is left out, not an error."""
    try:
        pdf.drawImage(
            ImageReader(io.BytesIO(data)),
            x,
            y,
            width,
            height,
            preserveAspectRatio=True,
            anchor="sw",
            mask="auto",
        )
    except (OSError, ValueError):
        return


def write_certificate(content: CertificateContent) -> bytes:
    """The certificate as PDF bytes."""
    buffer = io.BytesIO()
    width, height = LETTER
    # invariant: no creation date or random document id, so one content always gives the same bytes
    # (their SHA-256 is what an uploaded PDF is checked against).
    pdf = canvas.Canvas(buffer, pagesize=LETTER, pageCompression=1, invariant=1)
    pdf.setTitle(printable(_("Certificate of completion")))
    pdf.setAuthor(printable(content.sponsor_name))
    page = _Page(pdf, width, height - 35 * mm)
    if content.logo_image:
        _draw(pdf, content.logo_image, 25 * mm, height - 30 * mm, 40 * mm, 18 * mm)
    page.line(_("Certificate of completion"), size=24, bold=True, center=True)
    page.gap(12)
    page.line(_("This certifies that"), center=True)
    page.line(content.learner_name, size=20, bold=True, center=True)
    page.line(_("completed"), center=True)
    page.line(content.activity_name, size=14, bold=True, center=True)
    page.line(_("in the course {course}").format(course=content.course_name), center=True)
    page.gap(14)
    page.line(_("Credits earned"), size=13, bold=True)
    for field_of_study, lines in _grouped(content.units):
        page.line(_("Field of study: {field}").format(field=field_of_study or _("General")), bold=True)
        for unit in lines:
            page.line(f"{unit.units} ({unit.name})")
    for statement in content.statements:
        page.line(statement, size=9)
    page.gap(10)
    page.labelled(_("Date (UTC)"), content.date)
    page.labelled(_("Delivery method"), content.delivery_method)
    page.labelled(_("Sponsor"), content.sponsor_name)
    page.labelled(_("Address"), content.sponsor_address)
    page.labelled(_("Contact"), content.contact)
    page.labelled(_("Sponsor ID"), content.sponsor_id)
    page.gap(8)
    if content.signature_image:
        page.image(content.signature_image, height=14 * mm)
    page.labelled(_("Signed by"), content.responsible_name)
    page.labelled(_("Title"), content.responsible_title)
    page.gap(14)
    page.line(_("Verification code: {code}").format(code=content.code), bold=True)
    page.line(_("Verify this certificate at {path}").format(path=content.verify_path), size=9)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
