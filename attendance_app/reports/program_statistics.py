"""Program session statistics of a course run (seed 003): the figures, the groups, the learners, the blocks.

A course run is the "program session"; its graded subsections, in course order, are its "blocks";
its cohorts are the "groups". Everything is read in a constant number of queries whatever the
number of learners: the mirror tables (one query each), the platform's gradable items and one
grade table, one aggregate of the time ledger, one read of the users.

A coach sees only the learners of the cohorts assigned to them, and only those group columns
(DESIGN section 10); :func:`statistics_scope` decides that once per request.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import models
from django.db.models import Max, Min, OuterRef, Subquery, Sum
from django.utils.translation import gettext as _
from opaque_keys.edx.keys import CourseKey, UsageKey

from attendance_app import clock, permissions
from attendance_app.exceptions import NotAuthorized
from attendance_app.models import Attendance, Certificate, CoachAssignment
from attendance_app.models.mirrors import (
    CertificateMirror,
    CohortMembershipMirror,
    EnrollmentMirror,
    GradeSummaryMirror,
)
from attendance_app.platform import get_backend
from attendance_app.reports.classroom_figures import ClassroomFigures, classroom_figures

#: Score bands of the distribution of levels: 0-20 %, 20-40 %, ... 80-100 %.
LEVEL_BANDS = ((0, 20), (20, 40), (40, 60), (60, 80), (80, 100))
DATE_FORMAT = "%Y/%m/%d %H:%M"
#: The platform's certificate statuses that count as delivered.
DELIVERED_STATUSES = frozenset({"downloadable"})


@dataclass(frozen=True)
class Scope:
    """Whose statistics the actor sees: the whole course (``groups`` None) or the named cohorts.

    ``learner_ids``, when set, names the learners instead of the cohorts (the reports' scope: a
    coach's members, a cohort filter, a slot instructor's registrants); ``groups`` then only
    names the group columns shown. ``slot_ids``, when set, keeps only those classroom slots.
    """

    course_key: CourseKey
    groups: frozenset[str] | None
    learner_ids: frozenset[int] | None = None
    slot_ids: frozenset[int] | None = None


@dataclass
class Block:
    usage_key: UsageKey
    title: str
    scores: list[float] = field(default_factory=list)

    @property
    def average(self) -> float | None:
        return round(statistics.fmean(self.scores), 1) if self.scores else None


@dataclass
class Learner:
    user_id: int
    first_name: str
    last_name: str
    email: str
    group: str
    enrolled: bool
    score: float | None  # 0-100, the course grade
    passed: bool
    block_scores: dict[UsageKey, float]
    progress: float  # 0-100, share of the blocks attempted
    time_us: int
    started_at: datetime | None
    last_activity: datetime | None

    @property
    def started(self) -> bool:
        return self.time_us > 0 or bool(self.block_scores) or self.score is not None

    @property
    def completed(self) -> bool:
        return self.progress >= 100

    @property
    def time_spent(self) -> str:
        return duration(self.time_us) if self.time_us else "-"


def statistics_scope(actor_id: int | None, course_key: CourseKey) -> Scope:
    """The course for its team, the assigned cohorts for a coach.

    Raises:
        NotAuthorized: a learner, an outsider or anonymous.
    """
    if actor_id is None:
        raise NotAuthorized(_("Only the course team and the course's coaches can see these statistics."))
    if permissions.can_author_course(actor_id, course_key):
        return Scope(course_key, None)
    cohort_ids = set(
        CoachAssignment.objects.filter(user_id=actor_id, course_key=course_key).values_list(
            "cohort_id", flat=True
        )
    )
    if not cohort_ids:
        raise NotAuthorized(_("Only the course team and the course's coaches can see these statistics."))
    names = {c.name for c in get_backend().cohorts(course_key) if c.cohort_id in cohort_ids}
    return Scope(course_key, frozenset(names))


@dataclass
class ProgramStatistics:
    scope: Scope
    course_name: str
    blocks: list[Block]
    learners: list[Learner]
    groups: list[str]
    classroom: ClassroomFigures
    certificates: int
    ended: bool = False

    @property
    def shows_results(self) -> bool:
        """Seed 003: results by group and individual results once someone started or the session is over."""
        return self.ended or bool(self.attendees)

    # General -------------------------------------------------------------------------------------

    @property
    def registrations(self) -> int:
        """Seed 003: the slots' registrants where the course has slots, else the enrolled learners."""
        if self.classroom.registrations is not None:
            return self.classroom.registrations
        return sum(1 for learner in self.learners if learner.enrolled)

    @property
    def attendees(self) -> list[Learner]:
        return [learner for learner in self.learners if learner.started]

    @property
    def completed(self) -> int:
        return sum(1 for learner in self.learners if learner.completed)

    @property
    def progress(self) -> float | None:
        return _mean([learner.progress for learner in self.attendees])

    @property
    def median_time_us(self) -> int | None:
        times = [learner.time_us for learner in self.learners if learner.completed]
        return int(statistics.median(times)) if times else None

    @property
    def average_score(self) -> float | None:
        return _mean([a.score for a in self.attendees if a.score is not None])

    def levels(self) -> list[tuple[str, int]]:
        """Users per 20 % score band; 100 % falls in the last band."""
        counts = [0] * len(LEVEL_BANDS)
        for learner in self.attendees:
            if learner.score is not None:
                counts[min(int(learner.score // 20), len(LEVEL_BANDS) - 1)] += 1
        return [(f"{low}-{high} %", count) for (low, high), count in zip(LEVEL_BANDS, counts, strict=True)]

    def general(self) -> list[tuple[str, str]]:
        return [
            (_("Registrations"), str(self.registrations)),
            (_("Open registrations"), str(self.classroom.open_registrations)),
            (_("Waiting list"), str(self.classroom.waiting_list)),
            (_("Attendees"), str(len(self.attendees))),
            (_("Progress by course"), percent(self.progress)),
            (_("Completed"), str(self.completed)),
            (_("Median time"), duration(self.median_time_us)),
            (_("Average score"), percent(self.average_score)),
            (_("Certificates"), str(self.certificates)),
        ]

    # Results by group ----------------------------------------------------------------------------

    def results_by_group(self) -> list[dict[str, Any]]:
        rows = []
        for name in self.groups:
            members = [learner for learner in self.learners if learner.group == name and learner.enrolled]
            started = [learner for learner in members if learner.started]
            rate = round(100 * len(started) / len(members), 1) if members else None
            rows.append(
                {
                    "group": name,
                    "users": len(members),
                    "attendance": percent(rate),
                    "attendance_rate": rate,
                    "progress": percent(_mean([learner.progress for learner in started])),
                    "score": percent(_mean([s.score for s in started if s.score is not None])),
                    "level": 1,  # cohorts are flat: every group sits right under the course
                }
            )
        return rows

    def learner(self, user_id: int) -> Learner | None:
        return next((learner for learner in self.learners if learner.user_id == user_id), None)

    def block(self, usage_key: str) -> Block | None:
        return next((block for block in self.blocks if str(block.usage_key) == usage_key), None)


def _mean(values: list[float]) -> float | None:
    return statistics.fmean(values) if values else None


def percent(value: float | None) -> str:
    """``-`` when there is none (seed 003, Average score)."""
    return "-" if value is None else f"{value:.0f} %"


def duration(value_us: int | None) -> str:
    if value_us is None:
        return "-"
    seconds = value_us // 1_000_000
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def date(value: datetime | None) -> str:
    return value.strftime(DATE_FORMAT) if value else ""


def compute(scope: Scope) -> ProgramStatistics:
    """Every figure of the course run's statistics as the scope allows, in a constant number of queries."""
    course_key = scope.course_key
    backend = get_backend()
    # One query: every learner ever enrolled, with their cohort and course grade from the mirrors.
    mirrored = EnrollmentMirror.objects.filter(course_key=course_key).annotate(
        cohort=_mirrored(CohortMembershipMirror, course_key, "cohort_name"),
        grade=_mirrored(GradeSummaryMirror, course_key, "percent"),
        passing=_mirrored(GradeSummaryMirror, course_key, "passed"),
    )
    if scope.learner_ids is not None:
        mirrored = mirrored.filter(user_id__in=sorted(scope.learner_ids))
        groups = sorted(scope.groups or ())
    elif scope.groups is not None:
        mirrored = mirrored.filter(cohort__in=scope.groups)
        groups = sorted(scope.groups)
    else:
        groups = sorted({c.name for c in backend.cohorts(course_key)})
    enrolled = {
        user_id: (is_active, cohort or "", grade, bool(passing))
        for user_id, is_active, cohort, grade, passing in mirrored.values_list(
            "user_id", "is_active", "cohort", "grade", "passing"
        )
    }
    user_ids = sorted(enrolled)
    times: dict[int, dict[str, Any]] = {
        row["user_id"]: dict(row)
        for row in Attendance.objects.filter(activity__course_key=course_key, user_id__in=user_ids)
        .values("user_id")
        .annotate(time_us=Sum("credited_us"), first=Min("first_join_at"), last=Max("last_beat_at"))
    }
    items = [item for item in backend.gradable_items(course_key) if item.kind == "subsection"]
    blocks = [Block(item.usage_key, item.display_name) for item in items]
    table = backend.grade_table(course_key, [b.usage_key for b in blocks], user_ids) if blocks else {}
    users = backend.get_users(user_ids)
    learners = []
    for user_id in user_ids:
        user = users.get(user_id)
        is_active, cohort, pct, passed = enrolled[user_id]
        scores = {
            b.usage_key: table[(user_id, b.usage_key)] for b in blocks if (user_id, b.usage_key) in table
        }
        for block in blocks:
            if block.usage_key in scores:
                block.scores.append(scores[block.usage_key])
        time = times.get(user_id, {})
        learners.append(
            Learner(
                user_id=user_id,
                first_name=user.first_name if user else "",
                last_name=user.last_name if user else "",
                email=user.email if user else "",
                group=cohort,
                enrolled=is_active,
                score=None if pct is None else round(100 * pct, 1),
                passed=passed,
                block_scores=scores,
                progress=100 * len(scores) / len(blocks) if blocks else 0.0,
                time_us=int(time.get("time_us") or 0),
                started_at=time.get("first"),
                last_activity=time.get("last"),
            )
        )
    learners.sort(
        key=lambda learner: (learner.last_name.lower(), learner.first_name.lower(), learner.user_id)
    )
    # Learners holding a delivered certificate: the platform's or ours (one query).
    delivered = (
        CertificateMirror.objects.filter(
            course_key=course_key, user_id__in=user_ids, status__in=DELIVERED_STATUSES, revoked=False
        )
        .values_list("user_id")
        .union(
            Certificate.objects.filter(
                claim__activity__course_key=course_key, claim__user_id__in=user_ids, revoked_at__isnull=True
            ).values_list("claim__user_id")
        )
        .count()
    )
    course = backend.get_course(course_key)
    return ProgramStatistics(
        scope=scope,
        course_name=course.display_name if course else str(course_key),
        blocks=blocks,
        learners=learners,
        groups=groups,
        classroom=classroom_figures(course_key, user_ids, scope.slot_ids),
        certificates=delivered,
        ended=bool(course and course.end and course.end <= clock.now()),
    )


def _mirrored(model: type[models.Model], course_key: CourseKey, column: str) -> Subquery:
    """The learner's ``column`` in a per-learner mirror of the course run, as a subquery."""
    rows = model._default_manager.filter(user_id=OuterRef("user_id"), course_key=course_key)
    return Subquery(rows.values(column)[:1])
