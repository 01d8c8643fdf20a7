"""The shared CSV and XLSX writers."""

from __future__ import annotations

import io
import tracemalloc

import pytest
from openpyxl import load_workbook

from attendance_app.reports.writers import csv_chunks, neutralise, xlsx_chunks
from tests.attendance_app.reports.helpers import read_csv


@pytest.mark.parametrize("text", ["=1+2", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_formula_starts_are_neutralised(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["Alice", "", 3, -2, 1.5, "-"])
def test_other_cells_are_kept(value):
    assert neutralise(value) == value


def test_none_is_an_empty_cell():
    assert neutralise(None) == ""


def test_csv_has_a_bom_quotes_and_neutralised_cells():
    data = b"".join(csv_chunks(["ID", "Name"], [[1, "=HYPERLINK(1)"], [2, 'Zoë, "the" one']]))
    assert read_csv(data) == [["ID", "Name"], ["1", "'=HYPERLINK(1)"], ["2", 'Zoë, "the" one']]


def test_xlsx_opens_with_the_header_and_neutralised_cells():
    data = b"".join(xlsx_chunks(["ID", "Name"], [[1, "-1+1"], [2, "Zoë"]], title="Attendance: report"))
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    assert workbook.sheetnames == ["Attendance  report"]
    assert list(workbook.active.iter_rows(values_only=True)) == [("ID", "Name"), (1, "'-1+1"), (2, "Zoë")]


def test_csv_memory_stays_flat_for_many_rows():
    def rows(count):
        return ([index, f"learner {index}", "x" * 50] for index in range(count))

    def peak(count):
        tracemalloc.start()
        for _chunk in csv_chunks(["a", "b", "c"], rows(count)):
            pass
        peak_bytes = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return peak_bytes

    assert peak(200_000) < 2 * peak(20_000) + 200_000


def test_xlsx_drops_control_characters_xml_cannot_hold():
    data = b"".join(xlsx_chunks(["Label"], [["bell\x07 and\x1b escape"], ["\x07=1+1"]]))
    rows = list(load_workbook(io.BytesIO(data), read_only=True).active.iter_rows(values_only=True))
    assert rows == [("Label",), ("bell and escape",), ("'=1+1",)]
