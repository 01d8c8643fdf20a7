"""Hostile text in every author-editable and learner-supplied field stays text (issue #20, point 5).

The permission matrix's world is filled with payloads (markup that closes elements and adds event
handlers, a ``</script>``, template syntax, ``javascript:`` URLs, spreadsheet formulas and the
prefixes a spreadsheet runs, tab/CR prefixes, a right-to-left override): activity names, unit
name/acronym/field of study, slot title/location/URL, status labels, the sponsor's texts, a report
preset's name, a requirement's acronym, the learner's and the instructor's names, a cohort's name and
a mark's remark. Then every page of the app (the URL resolver walked as the matrix does) is read as
global staff, as the slot's instructor and as the learner: no element or attribute comes from a
payload, JSON inside pages has no raw ``<``; every CSV/XLSX report reads back with the formula
cells neutralised; the certificate PDF is a valid PDF with the payload as text. 10 000-character
strings in the same fields render without a server error.
"""

from __future__ import annotations

import csv
import io
import zipfile
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from attendance_app.models import (
    Activity,
    AttendanceStatus,
    CreditRequirement,
    CreditUnit,
    Mark,
    ReportPreset,
    Slot,
    SponsorSettings,
)
from attendance_app.platform.standalone.models import Cohort
from attendance_app.reports import KINDS
from attendance_app.reports.writers import FORMULA_STARTS
from tests.attendance_app.permission_matrix_world import T0, build_world, operations, url_of
from tests.attendance_xblock.test_script_injection import Page

pytestmark = pytest.mark.django_db

MARK = "alert(1337)"
MARKUP = f'"><img src=x onerror={MARK}></script><script>{MARK}</script>{{{{7*7}}}}'
#: The prefixes a spreadsheet reads as a formula (and the RTL override that hides what follows).
PREFIXES = ["=cmd|' /C calc'!A0", "+", "-", "@", "\t", "\r", "\u202e", ""]
JAVASCRIPT_URL = f"javascript:{MARK}//https://example.com/"
PAGES = [operation for operation in operations() if operation.kind == "page" and operation.method == "get"]
READERS = ("global_staff", "slot_instructor", "learner")
LONG = "y" * 10_000
#: The report kinds that print the world's texts (slots, names, acronyms).
CARRY_PAYLOADS = {"all-sessions", "program-statistics", "credit-deficiency"}


def payloads() -> Any:
    """Each field its own payload: every prefix in turn before the markup."""
    position = 0
    while True:
        yield PREFIXES[position % len(PREFIXES)] + MARKUP
        position += 1


def put(instance: Any, text: Any, *names: str) -> None:
    """Set each field from ``text``, cut to the column's length (MariaDB refuses longer; the
    application's own inputs refuse it first), and save."""
    for name in names:
        limit = instance._meta.get_field(name).max_length
        setattr(instance, name, next(text)[:limit] if limit else next(text))
    instance.save()


def fill(world: dict[str, Any], text: Any, url: str) -> None:
    """Every author-editable and learner-supplied text of the world from ``text`` (an iterator)."""
    people = world["people"]
    for activity in Activity.objects.all():
        put(activity, text, "display_name", "external_id")
    for unit in CreditUnit.objects.all():
        put(unit, text, "name", "acronym", "field_of_study")
    for slot in Slot.objects.all():
        slot.online_url = url
        put(slot, text, "title", "location")
    for status in AttendanceStatus.objects.all():
        put(status, text, "label")
    fields = ("name", "address", "contact", "responsible_name", "responsible_title")
    put(SponsorSettings(), text, *fields)
    for model, names in ((ReportPreset, ("name",)), (CreditRequirement, ("acronym",)), (Cohort, ("name",))):
        for row in model.objects.all():
            put(row, text, *names)
    for user in get_user_model().objects.filter(
        id__in=[people[r] for r in ("learner", "slot_instructor", "coach")]
    ):
        put(user, text, "first_name", "last_name")
    slot = Slot.objects.get()
    slot.registrations.create(user_id=people["learner"], status="registered", created=T0)
    mark = Mark(
        slot=slot,
        user_id=people["learner"],
        status=AttendanceStatus.objects.filter(course_key=slot.activity.course_key).first()
        or AttendanceStatus.objects.first(),
        marked_by_id=people["slot_instructor"],
        marked_at=T0,
    )
    put(mark, text, "remark")


@pytest.fixture
def world() -> dict[str, Any]:
    built = build_world()
    # The course's default statuses exist once somebody reads them.
    client = reader(built, "global_staff")
    client.get(f"/api/attendance/v1/activities/{built['arguments']['usage_key']}/statuses/")
    return built


def reader(world: dict[str, Any], role: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(id=world["people"][role]))
    return client


def assert_html_is_text_only(html: str, where: str) -> None:
    page = Page(html)
    for tag, attrs in page.tags:
        assert not (tag == "img" and attrs.get("src") == "x"), where
        for name, value in attrs.items():
            assert name != "onerror", where
            assert not (name.startswith("on") and MARK in (value or "")), where
            if name in ("href", "src", "action", "formaction"):
                assert not (value or "").strip().lower().startswith("javascript:"), (where, name, value)
    for _attrs, body in page.scripts:
        assert body.strip() != MARK, where  # no <script> of a payload's
        assert "</script" not in body.lower(), where  # JSON in pages escapes "<"
        assert "<img" not in body.lower(), where


def assert_cells_neutralised(cells: list[Any], where: str) -> None:
    seen = 0
    for cell in cells:
        if isinstance(cell, str) and MARK in cell:
            seen += 1
            assert not cell.startswith(FORMULA_STARTS), (where, cell[:40])
    assert seen, f"{where}: no payload reached the file"


def csv_cells(content: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for cell in row]


def xlsx_cells(content: bytes) -> list[Any]:
    workbook = load_workbook(io.BytesIO(content))
    cells = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                cells.append(cell.value)
    return cells


def body_of(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("role", READERS)
def test_every_page_shows_the_payloads_as_text(world, role):
    fill(world, payloads(), JAVASCRIPT_URL)
    client = reader(world, role)
    shown = 0
    for operation in PAGES:
        response = client.get(url_of(operation, world["arguments"]))
        where = f"{operation.name} as {role}: {response.status_code}"
        assert response.status_code < 500, where
        content_type = response.get("Content-Type", "")
        if response.status_code != 200 or not content_type.startswith("text/html"):
            continue
        html = body_of(response).decode()
        assert_html_is_text_only(html, where)
        shown += MARK in html
    assert shown >= {"global_staff": 10, "slot_instructor": 2, "learner": 2}[role]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("kind", KINDS)
def test_every_report_neutralises_formulas(world, kind, file_format):
    fill(world, payloads(), JAVASCRIPT_URL)
    course_key = world["arguments"]["course_key"]

    response = reader(world, "global_staff").get(
        f"/attendance/courses/{course_key}/reports/{kind}.{file_format}"
    )

    assert response.status_code == 200, body_of(response)[:300]
    content = body_of(response)
    cells = csv_cells(content) if file_format == "csv" else xlsx_cells(content)
    if kind in CARRY_PAYLOADS:
        assert_cells_neutralised(cells, f"{kind}.{file_format}")
        quoted = [cell for cell in cells if isinstance(cell, str) and cell.startswith("'") and MARK in cell]
        assert quoted or kind == "program-statistics"  # its one text cell is the RTL-prefixed one
    for cell in cells:  # the other kinds list presence events, which the world has none of
        if isinstance(cell, str) and MARK in cell:
            assert not cell.startswith(FORMULA_STARTS), (kind, cell[:40])


def test_the_audit_pack_neutralises_formulas(world):
    fill(world, payloads(), JAVASCRIPT_URL)
    course_key = world["arguments"]["course_key"]

    response = reader(world, "global_staff").get(f"/attendance/courses/{course_key}/audit-pack.zip")

    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(body_of(response))) as pack:
        names = [name for name in pack.namelist() if name.endswith(".csv")]
        assert names
        for name in names:
            for cell in csv_cells(pack.read(name)):
                if MARK in cell:
                    assert not cell.startswith(FORMULA_STARTS), (name, cell[:40])


def test_the_certificate_pdf_prints_the_payloads_as_text(world):
    fill(world, payloads(), JAVASCRIPT_URL)
    code = world["arguments"]["code"]

    response = reader(world, "learner").get(f"/attendance/certificates/{code}/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader_ = PdfReader(io.BytesIO(body_of(response)))
    text = "".join("".join(page.extract_text() for page in reader_.pages).split())
    assert text.count(MARK) >= 3  # the learner, the activity and the unit, as typed
    assert "<imgsrc=xonerror=" in text


def test_long_strings_in_every_field_render_without_a_server_error(world):
    fill(world, iter(lambda: LONG, None), "https://example.com/" + "z" * 1_900)
    for role in READERS:
        client = reader(world, role)
        for operation in PAGES:
            response = client.get(url_of(operation, world["arguments"]))
            assert response.status_code < 500, f"{operation.name} as {role}"
