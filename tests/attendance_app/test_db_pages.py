"""Keyset pages (ADR 0030): the queryset's rows in order, each once, one query per page."""

from __future__ import annotations

import math
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from attendance_app.db_pages import keyset_pages, keyset_rows
from attendance_app.models import Activity, Attendance
from tests.attendance_app.reports.fixtures import T0
from tests.factories import COURSE_KEY, UserFactory
from tests.services import require_mysql_run

KEY = ("first_join_at", "id")
FIELDS = ("user__username", "first_join_at", "hits")


@pytest.fixture
def activities(db):
    return [
        Activity.objects.create(
            usage_key=COURSE_KEY.make_usage_key("attendance", name), course_key=COURSE_KEY, display_name=name
        )
        for name in ("a", "b")
    ]


def ledger(activity: Activity, count: int, distinct_joins: int = 3) -> list[Attendance]:
    """``count`` rows of ``activity`` whose first joins take only ``distinct_joins`` values (ties)."""
    rows = []
    for number in range(count):
        joined = T0 + timedelta(minutes=(number * 7) % distinct_joins)
        rows.append(
            Attendance.objects.create(
                user=UserFactory(),
                activity=activity,
                first_join_at=joined,
                last_beat_at=joined,
                segment_started_at=joined,
                hits=number,
            )
        )
    return rows


def one_query(queryset):
    return list(queryset.order_by(*KEY).values_list(*FIELDS, "id"))


@pytest.mark.parametrize("page_size", [1, 2, 3, 4, 10, 11, 100])
def test_the_rows_come_in_order_each_once_across_pages_with_ties(activities, page_size):
    ledger(activities[0], 10)
    queryset = Attendance.objects.all()

    assert list(keyset_rows(queryset, FIELDS, KEY, page_size)) == one_query(queryset)


def test_each_page_but_the_last_is_full(activities):
    ledger(activities[0], 10)

    sizes = [len(page) for page in keyset_pages(Attendance.objects.all(), FIELDS, KEY, 4)]

    assert sizes == [4, 4, 2]


@pytest.mark.parametrize(("rows", "page_size"), [(0, 5), (1, 5), (5, 5), (6, 5), (10, 5), (11, 5), (7, 1)])
def test_a_table_costs_one_query_per_page_and_one_for_none(
    activities, rows, page_size, django_assert_num_queries
):
    ledger(activities[0], rows)

    with django_assert_num_queries(max(1, math.ceil(rows / page_size))):
        read = list(keyset_rows(Attendance.objects.all(), FIELDS, KEY, page_size))

    assert len(read) == rows


def test_an_empty_queryset_yields_no_page(activities):
    assert list(keyset_pages(Attendance.objects.all(), FIELDS, KEY)) == []


def test_exactly_one_page_is_one_page(activities):
    ledger(activities[0], 5)

    pages = list(keyset_pages(Attendance.objects.all(), FIELDS, KEY, 5))

    assert [len(page) for page in pages] == [5]


def test_the_querysets_filters_hold_on_every_page(activities):
    ledger(activities[0], 6)
    ledger(activities[1], 6)
    queryset = Attendance.objects.filter(activity=activities[1], hits__gte=1)

    read = list(keyset_rows(queryset, FIELDS, KEY, 2))

    assert read == one_query(queryset)
    assert len(read) == 5


def test_key_columns_missing_from_the_fields_come_after_them(activities):
    made = ledger(activities[0], 3)

    read = list(keyset_rows(Attendance.objects.all(), ("hits",), KEY, 2))

    ordered = sorted(made, key=lambda row: (row.first_join_at, row.id))
    assert read == [(row.hits, row.first_join_at, row.id) for row in ordered]


def test_a_descending_key_reads_backwards(activities):
    ledger(activities[0], 9)
    queryset = Attendance.objects.all()
    key = ("-first_join_at", "-id")

    read = list(keyset_rows(queryset, FIELDS, key, 2))

    assert read == list(queryset.order_by(*key).values_list(*FIELDS, "id"))


def test_the_pages_see_the_callers_transaction(activities):
    with transaction.atomic():
        ledger(activities[0], 3)
        assert len(list(keyset_rows(Attendance.objects.all(), FIELDS, KEY, 2))) == 3


def test_a_null_in_a_key_column_is_refused(activities):
    Activity.objects.update(live_start=None)

    with pytest.raises(ValueError, match="NULL"):
        list(keyset_rows(Activity.objects.all(), ("id",), ("live_start", "id"), 1))


@pytest.mark.parametrize("key", [(), ("id",)])
def test_a_bad_key_or_page_size_is_refused(activities, key):
    with pytest.raises(ValueError, match="key and a page size"):
        list(keyset_rows(Attendance.objects.all(), FIELDS, key, 0 if key else 5))


def test_mariadb_seeks_on_the_ledger_index_without_sorting(activities):
    require_mysql_run()
    ledger(activities[0], 40, distinct_joins=40)
    ledger(activities[1], 40, distinct_joins=40)
    with CaptureQueriesContext(connection) as pages:
        list(keyset_rows(Attendance.objects.filter(activity=activities[0]), FIELDS, KEY, 10))
    later_page = pages.captured_queries[-1]["sql"]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {later_page}")
        columns = [column[0] for column in cursor.description]
        plan = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    ledger_step = next(step for step in plan if step["table"] == Attendance._meta.db_table)
    assert ledger_step["key"] == "attendance_activity_joined", plan
    assert "filesort" not in (ledger_step["Extra"] or ""), plan
