"""Shared report writers: CSV (UTF-8 with a BOM, for Excel) and XLSX (openpyxl's write-only mode).

Both take the header and an iterator of rows and yield the file in chunks, so a report of any size
streams with flat memory: the CSV writer holds one row at a time; openpyxl's write-only workbook
spools rows to a temporary file and the finished file is read back in chunks.

Cells are neutralised against spreadsheet formula injection (OWASP "CSV injection"): a text cell
starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is prefixed with an apostrophe.
Numbers are left alone (a negative number is data, not a formula), and so is a lone ``-``, the
reports' "none" (seed 003), which no spreadsheet reads as a formula. A report that writes many rows
neutralises the few cells that can hold user text itself and yields :class:`NeutralisedRow`, which
the CSV writer passes as it is (ADR 0030); neutralising twice gives the same cell, so XLSX, whose
control characters are stripped first, neutralises every row again.
"""

from __future__ import annotations

import csv
import io
import itertools
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
CHUNK_BYTES = 64 * 1024
#: Rows ``csv.writer`` writes per call: its C loop pulls them from the report's iterator.
ROWS_PER_WRITE = 256
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


def neutralise_text(text: str) -> str:
    """:func:`neutralise` for a cell known to be text (reports call it per cell of user text)."""
    return "'" + text if text.startswith(FORMULA_STARTS) and text != "-" else text


class NeutralisedRow(tuple[Any, ...]):
    """A row whose cells are as the file holds them: user text neutralised, no ``None``.

    The CSV writer writes it without looking at each cell again.
    """

    __slots__ = ()


def _cells(row: Sequence[Any]) -> Sequence[Any]:
    if type(row) is NeutralisedRow:
        return row
    return [neutralise(value) for value in row]


class _Sink:
    """A file-like sink collecting what ``csv.writer`` writes (one string per row)."""

    def __init__(self, parts: list[str]) -> None:
        self.write = parts.append


def csv_chunks(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    """The CSV file as UTF-8 byte chunks, starting with the byte order mark Excel needs."""
    parts: list[str] = [BOM]
    writer = csv.writer(_Sink(parts))
    writer.writerow(_cells(header))
    cells = map(_cells, rows)
    pending: list[str] = []
    size = 0
    while True:
        writer.writerows(itertools.islice(cells, ROWS_PER_WRITE))
        if not parts:
            break
        text = "".join(parts)
        parts.clear()
        pending.append(text)
        size += len(text)
        if size >= CHUNK_BYTES:
            yield "".join(pending).encode("utf-8")
            pending, size = [], 0
    if pending:
        yield "".join(pending).encode("utf-8")


def _xlsx_cells(row: Sequence[Any]) -> list[Any]:
    """Cells without the control characters XML (and so openpyxl) refuses, then neutralised (in that
    order: "\\x07=1+1" must not become a formula)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return [
        neutralise(ILLEGAL_CHARACTERS_RE.sub("", cell) if isinstance(cell, str) else cell) for cell in row
    ]


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
