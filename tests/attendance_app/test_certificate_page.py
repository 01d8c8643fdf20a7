"""The certificate page itself: landscape, every field, fonts for any name, the QR code (issue #18.4)."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import segno
from pypdf import PdfReader

from attendance_app import api
from attendance_app.api import sponsors
from attendance_app.certificates.fonts import FONT_DIR, printable
from attendance_app.certificates.pdf import (
    QR_PIXELS_PER_MODULE,
    CertificateContent,
    UnitLine,
    write_certificate,
)
from attendance_app.checks import check_settings
from attendance_app.models import Activity, Claim
from tests.attendance_app.sponsor_helpers import image_bytes
from tests.factories import COURSE_KEY

T0 = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
USAGE_KEY = COURSE_KEY.make_usage_key("attendance", "webinar")
NAMES = "Zoë Østergård Łukasz Ωμέγα Жанна"
URL = "https://lms.example.com/attendance/verify/CODE123/"


def content(**changes) -> CertificateContent:
    values = {
        "learner_name": NAMES,
        "course_name": "Continuing Education 101",
        "activity_name": "Ethics webinar",
        "date": "2026-11-24",
        "delivery_method": "Group Internet Based",
        "sponsor_name": "DemoX Institute",
        "sponsor_id": "NASBA 112233",
        "contact": "cpe@demox.test",
        "code": "CODE123",
        "verify_url": URL,
        "units": [
            UnitLine("Accounting", "1.2 CPE", "Continuing Professional Education"),
            UnitLine("Ethics", "0.1 CEU", "Continuing Education Units"),
        ],
        "statements": ["CPE credits have been granted based on a 50-minute hour."],
        "sponsor_address": "1 Site Road, Springfield",
        "responsible_name": "Ada Lovelace",
        "responsible_title": "Director of Education",
        "signature_image": image_bytes("PNG"),
        "logo_image": image_bytes("JPEG"),
    }
    return CertificateContent(**{**values, **changes})


def page_of(pdf: bytes):
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    return reader.pages[0]


def text_of(pdf: bytes) -> str:
    return " ".join(page_of(pdf).extract_text().split())


def qr_image(pdf: bytes):
    """The one square image on the page (the signature and logo are wide)."""
    squares = [found.image for found in page_of(pdf).images if found.image.width == found.image.height]
    assert len(squares) == 1
    return squares[0].convert("L")


def modules_of(image) -> list[list[bool]]:
    """Read the QR code back, module by module (dark = True), from the centre of each module."""
    step = QR_PIXELS_PER_MODULE
    centres = range(step // 2, image.width, step)
    return [[image.getpixel((x, y)) < 128 for x in centres] for y in centres]


def expected_modules(url: str) -> list[list[bool]]:
    return [[bool(module) for module in row] for row in segno.make(url, error="m").matrix]


# The page ------------------------------------------------------------------------------------------


def test_the_page_is_landscape_letter_by_default():
    box = page_of(write_certificate(content())).mediabox

    assert (round(float(box.width)), round(float(box.height))) == (792, 612)


def test_a4_prints_landscape_a4(settings):
    settings.ATTENDANCE_CERTIFICATE_PAGE_SIZE = "a4"

    box = page_of(write_certificate(content())).mediabox

    assert (round(float(box.width)), round(float(box.height))) == (842, 595)


def test_every_field_prints():
    text = text_of(write_certificate(content()))

    for expected in (
        "Certificate of Completion",
        f"This certifies that {NAMES}",
        "has successfully completed Ethics webinar",
        "in the course Continuing Education 101",
        "Date of completion (UTC) 2026-11-24",
        "Delivery method Group Internet Based",
        "Credits earned 1.2 CPE Continuing Professional Education Field of study: Accounting",
        "0.1 CEU Continuing Education Units Field of study: Ethics",
        "CPE credits have been granted based on a 50-minute hour.",
        "Ada Lovelace Director of Education",
        "Sponsor: DemoX Institute",
        "Address: 1 Site Road, Springfield",
        "Contact: cpe@demox.test",
        "Sponsor ID: NASBA 112233",
        "Verification code: CODE123",
        f"Verify this certificate at {URL}",
    ):
        assert expected in text


def test_accented_greek_and_cyrillic_names_print_with_the_shipped_font():
    pdf = write_certificate(content())
    fonts = page_of(pdf)["/Resources"]["/Font"]
    embedded = {str(font.get_object()["/BaseFont"]).split("+")[-1] for font in fonts.values()}

    assert printable(NAMES) == NAMES  # every letter has a glyph: none replaced
    assert NAMES in text_of(pdf)
    assert {"DejaVuSans", "DejaVuSans-Bold"} <= embedded
    assert {path.name for path in FONT_DIR.iterdir()} >= {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "LICENSE"}


def test_letters_the_font_lacks_print_as_question_marks_not_boxes():
    # CJK ideographs are not in DejaVu Sans (ADR 0029 names the limit).
    text = text_of(write_certificate(content(learner_name="Li 李明")))

    assert "This certifies that Li ?? has" in text
    assert "李" not in text


def test_a_very_long_name_still_fits_one_page():
    pdf = write_certificate(content(learner_name="Maximiliana " * 20, activity_name="Ethics " * 60))

    assert "Verification code: CODE123" in text_of(pdf)


def test_the_same_content_gives_the_same_bytes():
    assert write_certificate(content()) == write_certificate(content())


# The QR code ---------------------------------------------------------------------------------------


def test_the_qr_code_reads_back_as_the_absolute_verify_url():
    modules = modules_of(qr_image(write_certificate(content())))

    assert modules == expected_modules(URL)
    assert modules != expected_modules(URL.replace("CODE123", "CODE124"))


def test_a_relative_verify_path_prints_without_a_qr_code():
    pdf = write_certificate(content(verify_url="/attendance/verify/CODE123/"))

    assert len(page_of(pdf).images) == 2  # the signature and the logo
    assert "Verify this certificate at /attendance/verify/CODE123/" in text_of(pdf)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "base"),
    [
        ({"LMS_ROOT_URL": "https://lms.example.com"}, "https://lms.example.com"),
        (
            {
                "LMS_ROOT_URL": "https://lms.example.com",
                "ATTENDANCE_VERIFY_BASE_URL": "https://cpe.example.org/",
            },
            "https://cpe.example.org",
        ),
    ],
)
def test_an_issued_certificate_points_at_the_absolute_verify_url(
    settings, learner, course_staff, org_admin, overrides, base
):
    for name, value in overrides.items():
        setattr(settings, name, value)
    sponsors.save_sponsor(org_admin.id, sponsors.Scope(org="DemoX"), {"name": "DemoX Institute"})
    unit = api.create_unit(org_admin.id, {"org": "DemoX", "template": "cpe"})
    api.configure_activity(
        course_staff.id,
        USAGE_KEY,
        {
            "display_name": "Ethics webinar",
            "mode": "live",
            "live_start": (T0 - timedelta(hours=2)).isoformat(),
            "live_end": (T0 - timedelta(hours=1)).isoformat(),
        },
    )
    claim = Claim.objects.create(
        user=learner,
        activity=Activity.objects.get(usage_key=USAGE_KEY),
        unit=unit,
        units=Decimal("1.2"),
        claimed_at=T0,
        updated_at=T0,
    )
    code = api.certificate_for(learner.id, claim.id, T0)["code"]

    pdf = api.render_certificate_pdf(learner.id, code, T0)

    url = f"{base}/attendance/verify/{code}/"
    assert f"Verify this certificate at {url}" in text_of(pdf)
    assert modules_of(qr_image(pdf)) == expected_modules(url)
    assert api.render_certificate_pdf(learner.id, code, T0) == pdf  # the fingerprint still matches


# Settings ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["lms.example.com", "ftp://lms.example.com", "https://", "https://lms.example.com/?a=1", 7]
)
def test_the_verify_base_url_must_be_http_or_https(settings, value):
    settings.ATTENDANCE_VERIFY_BASE_URL = value

    assert {message.id for message in check_settings()} == {"attendance.E060"}


@pytest.mark.parametrize("value", ["https://lms.example.com", "http://127.0.0.1:8000/", None])
def test_an_http_verify_base_url_or_none_passes(settings, value):
    settings.ATTENDANCE_VERIFY_BASE_URL = value

    assert check_settings() == []


@pytest.mark.parametrize("value", ["legal", "", None, 4])
def test_the_page_size_is_letter_or_a4(settings, value):
    settings.ATTENDANCE_CERTIFICATE_PAGE_SIZE = value

    assert {message.id for message in check_settings()} == {"attendance.E061"}
