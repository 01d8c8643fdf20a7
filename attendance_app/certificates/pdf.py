"""The certificate PDF: one landscape page (US Letter or A4) written with reportlab (ADR 0029).

From the top: the sponsor's logo, the title, the participant's name, the program and its course, a row
of facts (completion date, delivery method, credits per field of study), the accrediting bodies'
statements, and along the bottom the signature above the responsible person's name and title, the
sponsor's name, address, contact and ids, and the verification code with a QR code of the absolute
verify URL, which is printed too. Fonts: :mod:`attendance_app.certificates.fonts`.

Deterministic (ADR 0022): reportlab's invariant mode and a QR image that depends only on the URL, so
one content always gives the same bytes. Every label is translated with the active language.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import segno
from django.utils.translation import gettext as _
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.pagesizes import A4, LETTER, landscape
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from attendance_app import conf
from attendance_app.certificates.fonts import BOLD_FONT, FONT, covered_code_points, printable

NAVY = HexColor("#1f3a5f")
GOLD = HexColor("#b08d57")
GREY = HexColor("#5a5a5a")
INK = HexColor("#1a1a1a")
PAGE_SIZES = {"letter": landscape(LETTER), "a4": landscape(A4)}
MARGIN = 62.0  # from the page's edge to the text; the frame sits inside it
QR_SIZE = 76.0
QR_PIXELS_PER_MODULE = 8
BOTTOM_ROW_TOP = 190.0  # the signature, sponsor and verification row (the QR code's top) stays below


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
    verify_url: str  # absolute (https://lms.example.com/attendance/verify/CODE/) when a base URL is set
    units: list[UnitLine] = field(default_factory=list)
    statements: list[str] = field(default_factory=list)
    sponsor_address: str = ""
    responsible_name: str = ""
    responsible_title: str = ""
    signature_image: bytes = b""  # PNG or JPEG, checked when saved
    logo_image: bytes = b""


def qr_png(url: str) -> bytes:
    """The QR code of ``url`` as a PNG without quiet zone (the page around it is white)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=QR_PIXELS_PER_MODULE, border=0)
    return buffer.getvalue()


def _grouped(units: list[UnitLine]) -> list[tuple[str, list[UnitLine]]]:
    groups: dict[str, list[UnitLine]] = {}
    for line in units:
        groups.setdefault(line.field_of_study, []).append(line)
    return sorted(groups.items())


class _Sheet:
    """Centred, wrapped text on the page; ``y`` is the baseline of the last line drawn."""

    def __init__(self, pdf: canvas.Canvas, width: float, height: float) -> None:
        covered_code_points()  # registers the fonts
        self.pdf = pdf
        self.width = width
        self.height = height

    def text(
        self,
        text: str,
        x: float,
        y: float,
        *,
        size: float,
        bold: bool = False,
        color: Color = INK,
        width: float = 0,
        lines: int = 2,
        align: str = "center",
    ) -> float:
        """Draw ``text`` from baseline ``y`` down, wrapped to ``width``; returns the last baseline."""
        font = BOLD_FONT if bold else FONT
        parts = simpleSplit(printable(text), font, size, width or self.width)[:lines] or [""]
        self.pdf.setFillColor(color)
        self.pdf.setFont(font, size)
        for index, part in enumerate(parts):
            baseline = y - index * size * 1.3
            if align == "center":
                self.pdf.drawCentredString(x, baseline, part)
            elif align == "right":
                self.pdf.drawRightString(x, baseline, part)
            else:
                self.pdf.drawString(x, baseline, part)
        return y - (len(parts) - 1) * size * 1.3

    def fitted(self, text: str, y: float, *, size: float, smallest: float, color: Color) -> float:
        """One bold centred line, its size reduced (down to ``smallest``) until it fits the page."""
        usable = self.width - 2 * MARGIN - 40
        shown = printable(text)
        while size > smallest and stringWidth(shown, BOLD_FONT, size) > usable:
            size -= 1
        return self.text(shown, self.width / 2, y, size=size, bold=True, color=color, width=usable)

    def frame(self) -> None:
        pdf = self.pdf
        pdf.setStrokeColor(NAVY)
        pdf.setLineWidth(3)
        pdf.rect(22, 22, self.width - 44, self.height - 44)
        pdf.setStrokeColor(GOLD)
        pdf.setLineWidth(0.8)
        pdf.rect(30, 30, self.width - 60, self.height - 60)

    def rule(self, y: float, half_width: float, x: float | None = None) -> None:
        centre = self.width / 2 if x is None else x
        self.pdf.setStrokeColor(GOLD)
        self.pdf.setLineWidth(0.8)
        self.pdf.line(centre - half_width, y, centre + half_width, y)


def _draw(pdf: canvas.Canvas, data: bytes, x: float, y: float, width: float, height: float) -> bool:
    """Draw an image centred in the box (proportions kept); an unreadable one is left out, not an error."""
    try:
        pdf.drawImage(
            ImageReader(io.BytesIO(data)),
            x,
            y,
            width,
            height,
            preserveAspectRatio=True,
            anchor="c",
            mask="auto",
        )
    except (OSError, ValueError):
        return False
    return True


def _heading(sheet: _Sheet, content: CertificateContent, top: float) -> float:
    """Logo, title, participant, program and course; returns the baseline of the course line."""
    centre = sheet.width / 2
    y = top
    if content.logo_image and _draw(sheet.pdf, content.logo_image, centre - 80, y - 48, 160, 48):
        y -= 54
    y = sheet.text(_("Certificate of Completion"), centre, y - 32, size=30, bold=True, color=NAVY)
    y = sheet.text(_("This certifies that"), centre, y - 28, size=12, color=GREY)
    y = sheet.fitted(content.learner_name, y - 36, size=28, smallest=16, color=INK)
    sheet.rule(y - 12, 200)
    y = sheet.text(_("has successfully completed"), centre, y - 30, size=12, color=GREY)
    y = sheet.text(content.activity_name, centre, y - 24, size=17, bold=True, color=NAVY, width=560)
    return sheet.text(
        _("in the course {course}").format(course=content.course_name),
        centre,
        y - 19,
        size=12,
        color=INK,
        width=560,
    )


def _facts(sheet: _Sheet, content: CertificateContent, top: float) -> float:
    """Date, delivery method and credits in three columns; returns the lowest baseline."""
    column = (sheet.width - 2 * MARGIN) / 3
    centres = [MARGIN + column * (index + 0.5) for index in range(3)]
    lowest = top
    for centre, label, value in (
        (centres[0], _("Date of completion (UTC)"), content.date),
        (centres[1], _("Delivery method"), content.delivery_method),
    ):
        sheet.text(label, centre, top, size=8.5, color=GREY, width=column - 12)
        lowest = min(lowest, sheet.text(value, centre, top - 15, size=11.5, bold=True, width=column - 12))
    y = sheet.text(_("Credits earned"), centres[2], top, size=8.5, color=GREY, width=column - 12)
    for field_of_study, lines in _grouped(content.units)[:3]:
        for unit in lines[:3]:
            y = sheet.text(unit.units, centres[2], y - 15, size=11.5, bold=True, width=column - 12, lines=1)
            y = sheet.text(unit.name, centres[2], y - 10, size=7.5, color=GREY, width=column - 12, lines=1)
        y = sheet.text(
            _("Field of study: {field}").format(field=field_of_study or _("General")),
            centres[2],
            y - 11,
            size=8.5,
            width=column - 12,
        )
    return min(lowest, y)


def _statements(sheet: _Sheet, statements: list[str], top: float) -> float:
    """The bodies' statements, centred; returns the baseline below the last one."""
    y = top
    for statement in statements[:3]:
        y = sheet.text(statement, sheet.width / 2, y, size=8, color=GREY, width=sheet.width - 2 * MARGIN - 80)
        y -= 11
    return y


def _body(sheet: _Sheet, content: CertificateContent, spare: float = 0) -> float:
    """Everything above the signature row, ``spare`` points shared out between its parts.

    Returns the lowest baseline; the first call (on a scratch canvas) measures the spare room.
    """
    course_line = _heading(sheet, content, sheet.height - 44 - spare * 0.2)
    facts_end = _facts(sheet, content, course_line - 34 - spare * 0.45)
    return _statements(sheet, content.statements, facts_end - 24 - spare * 0.35)


def _signature(sheet: _Sheet, content: CertificateContent) -> None:
    centre = MARGIN + 100
    if content.signature_image:
        _draw(sheet.pdf, content.signature_image, centre - 85, 104, 170, 44)
    sheet.rule(100, 95, centre)
    y = sheet.text(content.responsible_name, centre, 86, size=10.5, bold=True, width=200, lines=1)
    sheet.text(content.responsible_title, centre, y - 12, size=9, color=GREY, width=200)


def _sponsor(sheet: _Sheet, content: CertificateContent) -> None:
    centre, width = sheet.width / 2, 262.0
    y = 150.0
    if content.sponsor_name:
        y = sheet.text(_("Sponsor: {name}").format(name=content.sponsor_name), centre, y, size=10, bold=True)
        y -= 13
    for label, value in (
        (_("Address"), content.sponsor_address),
        (_("Contact"), content.contact),
        (_("Sponsor ID"), content.sponsor_id),
    ):
        if value:
            y = sheet.text(f"{label}: {value}", centre, y, size=8.5, color=INK, width=width) - 12


def _verification(sheet: _Sheet, content: CertificateContent) -> str:
    """The QR code (absolute URLs only), the code and the URL; returns the QR's payload or ""."""
    centre = sheet.width - MARGIN - 100
    payload = content.verify_url if content.verify_url.startswith(("http://", "https://")) else ""
    if payload:
        _draw(sheet.pdf, qr_png(payload), centre - QR_SIZE / 2, 104, QR_SIZE, QR_SIZE)
    sheet.text(
        _("Verification code: {code}").format(code=content.code), centre, 90, size=9, bold=True, width=220
    )
    sheet.text(_("Verify this certificate at"), centre, 78, size=7.5, color=GREY, width=220)
    sheet.text(content.verify_url, centre, 68, size=7.5, color=NAVY, width=220)
    return payload


def write_certificate(content: CertificateContent) -> bytes:
    """The certificate as PDF bytes."""
    buffer = io.BytesIO()
    size = PAGE_SIZES.get(conf.certificate_page_size(), PAGE_SIZES["letter"])
    # invariant: no creation date or random document id, so one content always gives the same bytes
    # (their SHA-256 is what an uploaded PDF is checked against).
    pdf = canvas.Canvas(buffer, pagesize=size, pageCompression=1, invariant=1)
    pdf.setTitle(printable(_("Certificate of Completion")))
    pdf.setAuthor(printable(content.sponsor_name))
    sheet = _Sheet(pdf, *size)
    sheet.frame()
    lowest = _body(_Sheet(canvas.Canvas(io.BytesIO(), pagesize=size, invariant=1), *size), content)
    _body(sheet, content, spare=min(max(lowest - BOTTOM_ROW_TOP, 0), 100))
    _signature(sheet, content)
    _sponsor(sheet, content)
    _verification(sheet, content)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
