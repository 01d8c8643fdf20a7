"""The per-learner export of the program statistics (seed 003, "Download the detailed statistics").

As a report of kind ``program-statistics`` it downloads "Now", by email, through the REST API and
with the ``attendance_report`` command. Its columns depend on the data: the custom fields, the
groups the reader coaches (all for the course team), the blocks up to the furthest learner and
the classroom slots the reader sees (DESIGN section 10, ADR 0018).

Who reads it (:attr:`Audience.CLASSROOM`): the course team sees every learner; a coach the
learners of their cohorts and only those group columns; an instructor of classroom slots the
learners registered for their slots, only their slots' columns and no group column.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.utils.translation import gettext_lazy as _

from attendance_app import conf
from attendance_app.platform import get_backend
from attendance_app.reports import program_statistics as ps
from attendance_app.reports.base import CHUNK_SIZE, Report, ReportRequest
from attendance_app.reports.classroom_figures import slot_instructor_ids, slot_marks
from attendance_app.reports.filters import ReportFilters
from attendance_app.reports.scope import Audience

LEADING_HEADERS = ("Last name", "First name", "Email")
MIDDLE_HEADERS = (
    "Additional information",
    "Managers",
    "Deleted user",
    "Session",
    "Session ID",
    "Author",
    "Program template",
    "Program template ID",
    "Instructors",
    "Registered user",
    "Score",
    "Progress",
    "Start",
    "End",
    "Verified program",
    "Total time spent",
    "Expected duration",
    "Tags",
    "Additional program information",
    "Additional session information",
)
CLASSROOM_HEADERS = (
    "Classroom Block Title",
    "Classroom Slot Title",
    "Classroom Slot Attendance",
    "Classroom Slot Duration",
    "Classroom Slot Start Date",
    "Classroom Slot End Date",
)


def instructor_emails(course_key: Any) -> str:
    """The course's instructors and its slots' instructors, by email (three queries)."""
    from attendance_app.api.mirrors import course_team_roles

    ids = {uid for uid, roles in course_team_roles(course_key).items() if "instructor" in roles}
    ids |= slot_instructor_ids(course_key)
    return ", ".join(sorted(user.email for user in get_backend().get_users(sorted(ids)).values()))


def export_rows(stats: ps.ProgramStatistics) -> tuple[list[str], Iterator[list[str]]]:
    """The seed 003 export: its headers in order and one row per learner (unenrolled ones included).

    The learners' marks in the slots are read per chunk of learners, so memory stays flat.
    """
    backend = get_backend()
    custom = conf.report_custom_fields()
    user_ids = [learner.user_id for learner in stats.learners]
    profiles = backend.profile_fields(user_ids, custom) if custom else {}
    instructors = instructor_emails(stats.scope.course_key)
    # "The number of blocks corresponds to the completion rate of the learner that is furthest along."
    shown_blocks = 0
    for index, block in enumerate(stats.blocks, start=1):
        if any(block.usage_key in learner.block_scores for learner in stats.learners):
            shown_blocks = index
    blocks = stats.blocks[:shown_blocks]
    slots = stats.classroom.slots
    headers = [*LEADING_HEADERS, *custom, *MIDDLE_HEADERS, *stats.groups]
    for number in range(1, len(blocks) + 1):
        headers += [f"Block title {number}", f"Block score {number}", f"Block time {number}"]
    for number in range(1, len(slots) + 1):
        headers += [f"{name} {number}" for name in CLASSROOM_HEADERS]
    key = stats.scope.course_key
    template_id = f"{key.org}+{key.course}"
    slot_ids = [slot.slot_id for slot in slots]

    def row(learner: ps.Learner, marks: dict[tuple[int, int], str]) -> list[str]:
        fields = profiles.get(learner.user_id, {})
        cells = [learner.last_name, learner.first_name, learner.email, *(fields.get(n, "") for n in custom)]
        cells += ["", "", "", stats.course_name, str(key), "", stats.course_name, template_id, instructors]
        cells += [
            "x" if learner.enrolled else "",
            "" if learner.score is None else f"{learner.score:g}",
            f"{learner.progress:.0f}",
            ps.date(learner.started_at),
            ps.date(learner.last_activity),
            "x" if learner.completed and learner.passed else "",
            ps.duration(learner.time_us) if learner.time_us else "",
            "",
            "",
            "",
            "",
        ]
        cells += ["x" if learner.group == name else "" for name in stats.groups]
        for block in blocks:
            score = learner.block_scores.get(block.usage_key)
            cells += [block.title, "" if score is None else f"{score:g}", ""]
        for slot in slots:
            cells += [
                slot.block_title,
                slot.title,
                marks.get((learner.user_id, slot.slot_id), ""),
                f"{slot.duration_hours.normalize():f}",
                ps.date(slot.start),
                ps.date(slot.end),
            ]
        return cells

    def rows() -> Iterator[list[str]]:
        for first in range(0, len(stats.learners), CHUNK_SIZE):
            chunk = stats.learners[first : first + CHUNK_SIZE]
            marks = slot_marks(slot_ids, [learner.user_id for learner in chunk]) if slot_ids else {}
            for learner in chunk:
                yield row(learner, marks)

    return headers, rows()


def statistics_of(request: ReportRequest) -> ps.Scope:
    """The statistics' scope for the report's reader: their learners, group columns and slots."""
    scope = request.scope
    if scope.learner_ids is None:
        return ps.Scope(request.course_key, None, None, scope.slot_ids)
    names: set[str] = set()
    if scope.cohort_ids:  # a slot instructor coaches none: no group column, no query
        cohorts = get_backend().cohorts(request.course_key)
        names = {cohort.name for cohort in cohorts if cohort.cohort_id in scope.cohort_ids}
    return ps.Scope(request.course_key, frozenset(names), scope.learner_ids, scope.slot_ids)


class ProgramStatisticsReport(Report):
    kind = "program-statistics"
    title = _("Program session statistics")
    audience = Audience.CLASSROOM
    filter_names = ("group",)

    def columns(self, filters: ReportFilters) -> Sequence[str]:
        """The columns every file has; :meth:`table` adds the groups, blocks and slots."""
        return (*LEADING_HEADERS, *MIDDLE_HEADERS)

    def rows(self, request: ReportRequest) -> Iterator[Sequence[Any]]:
        return self.table(request)[1]

    def table(self, request: ReportRequest) -> tuple[Sequence[str], Iterator[Sequence[Any]]]:
        return export_rows(ps.compute(statistics_of(request)))
