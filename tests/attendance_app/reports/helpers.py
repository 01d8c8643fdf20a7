"""Run a report and read its file back as rows."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from attendance_app.reports import prepare_report
from tests.attendance_app.reports.fixtures import NOW
from tests.factories import COURSE_KEY


def report_bytes(kind, reader, file_format="csv", now=NOW, **filters) -> bytes:
    prepared = prepare_report(kind, file_format, COURSE_KEY, reader.id, filters, now)
    return b"".join(prepared.chunks)


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def csv_rows(kind, reader, **filters) -> list[list[str]]:
    return read_csv(report_bytes(kind, reader, **filters))


def read_xlsx(data: bytes) -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    return [["" if cell is None else cell for cell in row] for row in sheet.iter_rows(values_only=True)]
