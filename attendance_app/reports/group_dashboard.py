"""The group dashboard (DESIGN section 9, item 5): every course run a coach or team member follows.

A course run is a program session. For each one the user may see (:func:`statistics_scope`), the
learners are those the user sees there: a coach's cohorts, or the whole course for its team.
Queries grow with the number of course runs (one statistics read each), never with the learners.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Q
from django.utils.translation import gettext as _
from opaque_keys.edx.django.models import CourseKeyField
from opaque_keys.edx.keys import CourseKey

from attendance_app import clock, permissions
from attendance_app.exceptions import NotAuthorized
from attendance_app.models import CoachAssignment
from attendance_app.models.mirrors import CourseAccessRoleMirror, EnrollmentMirror
from attendance_app.platform import get_backend
from attendance_app.platform.base import CourseInfo
from attendance_app.reports import program_statistics as ps
from attendance_app.reports.classroom_figures import classroom_course_keys

MONTHS = 12
TEAM_ROLES = ("staff", "instructor")


def followed_course_keys(user_id: int | None) -> list[CourseKey]:
    """The course runs the user coaches or is on the team of (global staff: every mirrored run)."""
    if user_id is None:
        return []
    keys = set(CoachAssignment.objects.filter(user_id=user_id).values_list("course_key", flat=True))
    if permissions.is_global_staff(user_id):
        keys |= set(EnrollmentMirror.objects.values_list("course_key", flat=True).distinct())
    else:
        roles = CourseAccessRoleMirror.objects.filter(user_id=user_id, active=True)
        keys |= set(
            roles.filter(role__in=TEAM_ROLES)
            .exclude(course_key=CourseKeyField.Empty)
            .values_list("course_key", flat=True)
        )
        orgs = list(roles.filter(course_key=CourseKeyField.Empty).values_list("org", flat=True))
        orgs += get_backend().orgs_administered(user_id)
        if orgs:
            in_orgs = Q()
            for org in orgs:
                in_orgs |= Q(course_key__startswith=f"course-v1:{org}+")
            keys |= set(
                EnrollmentMirror.objects.filter(in_orgs).values_list("course_key", flat=True).distinct()
            )
    return sorted((key for key in keys if key), key=str)


@dataclass
class Session:
    course_key: CourseKey
    name: str
    start: datetime | None
    end: datetime | None
    learners: int
    attendance: int
    completed: int
    passed: int
    progress: float | None
    score: float | None
    blended: bool

    def ongoing(self, first: date, last: date) -> bool:
        """Whether the run was in progress at some point between the two days (inclusive)."""
        return (self.start is None or self.start.date() <= last) and (
            self.end is None or self.end.date() >= first
        )


def _months(today: date) -> list[tuple[date, date]]:
    """The last twelve months, oldest first, as (first day, last day)."""
    months = []
    year, month = today.year, today.month
    for _index in range(MONTHS):
        first = date(year, month, 1)
        following = date(year + (month == 12), month % 12 + 1, 1)
        months.append((first, date.fromordinal(following.toordinal() - 1)))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months[::-1]


def group_dashboard(user_id: int | None) -> dict:
    """The sessions the user follows, their charts' data and the table.

    Raises:
        NotAuthorized: the user coaches no cohort and is on no course team.
    """
    sessions = []
    keys = followed_course_keys(user_id)
    blended = classroom_course_keys(keys)
    backend = get_backend()
    for key in keys:
        try:
            scope = ps.statistics_scope(user_id, key)
        except NotAuthorized:
            continue
        stats = ps.compute(scope)
        course: CourseInfo | None = backend.get_course(key)
        enrolled = [learner for learner in stats.learners if learner.enrolled]
        started = [learner for learner in enrolled if learner.started]
        scores = [learner.score for learner in started if learner.score is not None]
        sessions.append(
            Session(
                course_key=key,
                name=stats.course_name,
                start=course.start if course else None,
                end=course.end if course else None,
                learners=len(enrolled),
                attendance=len(started),
                completed=sum(1 for learner in enrolled if learner.completed),
                passed=sum(1 for learner in enrolled if learner.completed and learner.passed),
                progress=ps._mean([learner.progress for learner in started]),
                score=ps._mean(scores),
                blended=key in blended,
            )
        )
    if not sessions:
        raise NotAuthorized(_("The group dashboard is for coaches and course teams."))
    months = _months(clock.now().date())
    recent = [s for s in sessions if s.ongoing(months[0][0], months[-1][1])]
    learners = sum(s.learners for s in recent)

    def rate(count: int) -> float | None:
        return round(100 * count / learners, 1) if learners else None

    return {
        "sessions": sessions,
        "charts": [
            {
                "id": "ongoing",
                "title": _("Ongoing sessions per month"),
                "label": _("Sessions"),
                "rows": [
                    (first.strftime("%Y-%m"), sum(s.ongoing(first, last) for s in sessions))
                    for first, last in months
                ],
            },
            {
                "id": "blended",
                "title": _("Blended learning"),
                "label": _("Sessions"),
                "rows": [
                    (_("100 % online"), sum(not s.blended for s in sessions)),
                    (_("With classroom"), sum(s.blended for s in sessions)),
                ],
            },
            {
                "id": "rates",
                "title": _("Rates over the last 12 months"),
                "label": _("Percentage of learners"),
                "rows": [
                    (_("Attendance rate"), rate(sum(s.attendance for s in recent))),
                    (_("Completion rate"), rate(sum(s.completed for s in recent))),
                    (_("Success rate"), rate(sum(s.passed for s in recent))),
                ],
            },
        ],
    }
