"""Attendance tracking (seed 000): each learner's hits, time and computed units per session.

*Grouped by session* and *Ungrouped* have a row per learner and session (ordered by session, or by
date); *Grouped by user* a row per learner with the sums over the sessions. Computed units are
worked out as the learner's page does (``computed_units_us`` on the confirmed microseconds) for
every internal unit the session awards, and listed per unit acronym ("1.5 CEU; 2 CPE").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from attendance_app.credit.units import computed_units_us, format_hms
from attendance_app.models import ActivityUnitRule, Attendance, CreditUnit, ManagedBy
from attendance_app.reports.base import CHUNK_SIZE, Report, ReportRequest, person, when, within_scope
from attendance_app.reports.filters import ReportFilters

SESSION_COLUMNS = ("ID", "Person", "Activity", "Hits", "Time", "Computed units", "Date")
USER_COLUMNS = ("ID", "Person", "Hits", "Time", "Computed units")
FIELDS = (
    "user_id",
    "user__username",
    "user__first_name",
    "user__last_name",
    "activity_id",
    "activity__display_name",
    "hits",
    "confirmed_us",
    "first_join_at",
)


def awarded_units(request: ReportRequest) -> dict[int, list[CreditUnit]]:
    """The internal units each activity of the course awards (one query)."""
    rules = ActivityUnitRule.objects.filter(
        activity__course_key=request.course_key, unit__managed_by=ManagedBy.INTERNAL
    ).select_related("unit")
    units: dict[int, list[CreditUnit]] = defaultdict(list)
    for rule in rules.order_by("unit__acronym", "unit_id"):
        if rule.unit.duration_seconds > 0:
            units[rule.activity_id].append(rule.unit)
    return units


def units_earned(confirmed_us: int, units: list[CreditUnit]) -> dict[str, Decimal]:
    return {
        unit.acronym: computed_units_us(
            confirmed_us, unit.duration_seconds, unit.increment, unit.rounding, unit.minimum_credit
        )
        for unit in units
    }


def format_units(earned: dict[str, Decimal]) -> str:
    return "; ".join(f"{amount} {acronym}" for acronym, amount in sorted(earned.items()))


class AttendanceTrackingReport(Report):
    kind = "attendance-tracking"
    title = _("Attendance tracking")
    filter_names = ("grouping", "activity", "user", "group", "start", "end")

    def columns(self, filters: ReportFilters) -> Sequence[str]:
        return USER_COLUMNS if filters.grouping == "user" else SESSION_COLUMNS

    def _attendances(self, request: ReportRequest) -> Any:
        filters = request.filters
        queryset = within_scope(Attendance.objects.filter(activity__course_key=request.course_key), request)
        if filters.activity:
            queryset = queryset.filter(activity__usage_key=filters.activity)
        if filters.start_at:
            queryset = queryset.filter(first_join_at__gte=filters.start_at)
        if filters.end_before:
            queryset = queryset.filter(first_join_at__lt=filters.end_before)
        return queryset

    def rows(self, request: ReportRequest) -> Iterator[Sequence[Any]]:
        units = awarded_units(request)
        grouping = request.filters.grouping
        queryset = self._attendances(request)
        if grouping == "user":
            ordered = queryset.order_by("user__last_name", "user__first_name", "user_id", "activity_id")
            yield from self._per_user(ordered.values_list(*FIELDS).iterator(chunk_size=CHUNK_SIZE), units)
            return
        order = (
            ("activity__display_name", "activity_id", "user__last_name", "user__first_name", "user_id")
            if grouping == "session"
            else ("first_join_at", "id")
        )
        for row in queryset.order_by(*order).values_list(*FIELDS).iterator(chunk_size=CHUNK_SIZE):
            user_id, username, first, last, activity_id, activity_name, hits, confirmed_us, joined = row
            yield (
                user_id,
                person(first, last, username),
                activity_name,
                hits,
                format_hms(confirmed_us // 1_000_000),
                format_units(units_earned(confirmed_us, units.get(activity_id, []))),
                when(joined),
            )

    @staticmethod
    def _per_user(
        rows: Iterator[tuple[Any, ...]], units: dict[int, list[CreditUnit]]
    ) -> Iterator[Sequence[Any]]:
        """Sum consecutive rows of one learner (the rows come ordered by learner)."""
        current: list[Any] | None = None
        earned: dict[str, Decimal] = {}
        for user_id, username, first, last, activity_id, _name, hits, confirmed_us, _joined in rows:
            if current is None or current[0] != user_id:
                if current is not None:
                    yield (
                        *current[:2],
                        current[2],
                        format_hms(current[3] // 1_000_000),
                        format_units(earned),
                    )
                current, earned = [user_id, person(first, last, username), 0, 0], {}
            current[2] += hits
            current[3] += confirmed_us
            for acronym, amount in units_earned(confirmed_us, units.get(activity_id, [])).items():
                earned[acronym] = earned.get(acronym, Decimal(0)) + amount
        if current is not None:
            yield (*current[:2], current[2], format_hms(current[3] // 1_000_000), format_units(earned))
