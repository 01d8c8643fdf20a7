"""What every report is: a kind, a title, its columns, the filters it takes and who may read it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from django.db.models import QuerySet
from opaque_keys.edx.keys import CourseKey

from attendance_app.reports.filters import ReportFilters, parse_filters
from attendance_app.reports.scope import Audience, LearnerScope

#: Rows fetched per round trip when a report iterates a table (flat memory, few queries).
CHUNK_SIZE = 500
UTC_MINUTE = "%m/%d/%Y %H:%M"  # seed 001: MM/DD/YYYY HH:MM
ISO_MINUTE = "%Y-%m-%d %H:%M"


@dataclass(frozen=True)
class ReportRequest:
    """One run of a report: the course, the reader's scope and the validated filters."""

    course_key: CourseKey
    scope: LearnerScope
    filters: ReportFilters
    now: datetime


def person(first_name: str, last_name: str, username: str) -> str:
    """A learner's name as reports show it: "First Last", or the username without one."""
    return f"{first_name} {last_name}".strip() or username


def when(moment: datetime | None, pattern: str = ISO_MINUTE) -> str:
    """A UTC instant as text ("" for none); the database keeps UTC, reports say so in their docs."""
    return moment.strftime(pattern) if moment else ""


def within_scope(
    queryset: QuerySet[Any], request: ReportRequest, user_field: str = "user_id"
) -> QuerySet[Any]:
    """``queryset`` narrowed to the reader's learners and to the ``user`` filter."""
    if request.scope.learner_ids is not None:
        queryset = queryset.filter(**{f"{user_field}__in": sorted(request.scope.learner_ids)})
    if request.filters.user_id is not None:
        queryset = queryset.filter(**{user_field: request.filters.user_id})
    return queryset


class Report:
    """Base class: subclasses set the class attributes and write :meth:`rows`."""

    kind: ClassVar[str]
    title: ClassVar[Any]  # a lazy translated string
    audience: ClassVar[str] = Audience.COACHES
    filter_names: ClassVar[tuple[str, ...]] = ()
    bounded_range: ClassVar[bool] = False

    @classmethod
    def parse(cls, raw: Mapping[str, str], course_key: CourseKey, now: datetime) -> ReportFilters:
        """The filters of a request (raises ``InvalidInput``)."""
        return parse_filters(raw, cls.filter_names, course_key, now.date(), bounded_range=cls.bounded_range)

    def columns(self, filters: ReportFilters) -> Sequence[str]:
        raise NotImplementedError

    def rows(self, request: ReportRequest) -> Iterator[Sequence[Any]]:
        raise NotImplementedError

    def table(self, request: ReportRequest) -> tuple[Sequence[str], Iterator[Sequence[Any]]]:
        """The file's header and rows; reports whose columns depend on the data override it."""
        return self.columns(request.filters), self.rows(request)
