"""Shared report writers: CSV (UTF-8 with a BOM, for Excel) and XLSX (openpyxl's write-only mode).

Both take the header and an iterator of rows and yield the file in chunks, so a report of any size
streams with flat memory: the CSV writer holds one row at a time; openpyxl's write-only workbook
spools rows to a temporary file and the finished file is read back in chunks.

Cells are neutralised against spreadsheet formula injection (OWASP "CSV injection"): a text cell
starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is prefixed with an apostrophe.
Numbers are left alone (a negative number is data, not a formula), and so is a lone ``-``, the
reports' "none" (seed 003), which no spreadsheet reads as a formula.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
CHUNK_BYTES = 64 * 1024
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMATS = tuple(CONTENT_TYPES)


def neutralise(value: Any) -> Any:
    """The cell as written: ``None`` as empty, text that a spreadsheet would run as a formula quoted."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and value != "-":
        return "'" + value
    return value


def _cells(row: Sequence[Any]) -> list[Any]:
    return [neutralise(value) for value in row]


class _Line:
    """A file-like sink holding what ``csv.writer`` wrote last."""

    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> None:
        self.text += text


def csv_chunks(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    """The CSV file as UTF-8 byte chunks, starting with the byte order mark Excel needs."""
    line = _Line()
    writer = csv.writer(line)
    writer.writerow(_cells(header))
    buffer = [BOM + line.text]
    size = len(buffer[0])
    for row in rows:
        line.text = ""
        writer.writerow(_cells(row))
        buffer.append(line.text)
        size += len(line.text)
        if size >= CHUNK_BYTES:
            yield "".join(buffer).encode("utf-8")
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer).encode("utf-8")


def _xlsx_cells(row: Sequence[Any]) -> list[Any]:
    """Cells without the control characters XML (and so openpyxl) refuses, then neutralised (in that
    order: "\\x07=1+1" must not become a formula)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return _cells([ILLEGAL_CHARACTERS_RE.sub("", cell) if isinstance(cell, str) else cell for cell in row])


def xlsx_chunks(
    header: Sequence[str], rows: Iterable[Sequence[Any]], title: str = "Report"
) -> Iterator[bytes]:
    """The XLSX file as byte chunks, written by openpyxl's write-only (constant-memory) workbook."""
    from openpyxl import Workbook  # imported on use: the LMS loads this app at start-up

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(title))
    sheet.append(_xlsx_cells(header))
    for row in rows:
        sheet.append(_xlsx_cells(row))
    with tempfile.TemporaryFile() as spool:
        workbook.save(spool)
        spool.seek(0)
        while chunk := spool.read(CHUNK_BYTES):
            yield chunk


def _sheet_title(title: str) -> str:
    """A valid worksheet name: at most 31 characters, none of ``[]:*?/\\``."""
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in title).strip()
    return (cleaned or "Report")[:31]


def file_chunks(
    file_format: str, header: Sequence[str], rows: Iterable[Sequence[Any]], title: str = "Report"
) -> Iterator[bytes]:
    """The report file in ``file_format`` ("csv" or "xlsx") as byte chunks."""
    if file_format == "xlsx":
        return xlsx_chunks(header, rows, title)
    return csv_chunks(header, rows)


def write_file(
    target: io.BufferedIOBase | Any, file_format: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """Write the whole file to a binary file object (management command, stored reports)."""
    for chunk in file_chunks(file_format, header, rows):
        target.write(chunk)
