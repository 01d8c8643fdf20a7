"""Who may read a report of a course run, and which learners it shows (DESIGN section 10).

Course staff, course instructors, org admins and global staff see every learner of the course; a
coach sees only the learners of the cohorts assigned to them (:class:`CoachAssignment`), and only
for the reports open to coaches; an instructor of classroom slots (with no course role and no
cohort to coach) sees only the learners registered for their slots, and only in the reports open
to them (:attr:`Audience.CLASSROOM`); learners and everyone else see none of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from opaque_keys.edx.keys import CourseKey

from attendance_app.exceptions import NotAuthorized
from attendance_app.models import CoachAssignment
from attendance_app.permissions import can_author_course
from attendance_app.platform import get_backend
from attendance_app.reports.classroom_figures import slot_learner_ids, taught_slot_ids


class Audience:
    """Who a report is for."""

    MANAGERS = "managers"  # the course team (staff, instructors), org admins, global staff
    COACHES = "coaches"  # the managers, and coaches for their own cohorts
    CLASSROOM = "classroom"  # the coaches, and slot instructors for their own slots' learners


@dataclass(frozen=True)
class LearnerScope:
    """The learners a report shows: everyone (``learner_ids`` None) or a set of user ids."""

    learner_ids: frozenset[int] | None
    cohort_ids: frozenset[int]  # the groups the reader may filter on
    slot_ids: frozenset[int] | None = None  # the classroom slots shown (None: all of them)

    def allows(self, user_id: int) -> bool:
        return self.learner_ids is None or user_id in self.learner_ids


def operator_scope(course_key: CourseKey, group: int | None) -> LearnerScope:
    """Every learner (or cohort ``group``'s): for operators, who run reports from the command line."""
    backend = get_backend()
    cohort_ids = frozenset(cohort.cohort_id for cohort in backend.cohorts(course_key))
    members = None if group is None else frozenset(backend.cohort_member_ids(course_key, group))
    return LearnerScope(members, cohort_ids)


def learner_scope(
    user_id: int | None, course_key: CourseKey, audience: str, group: int | None
) -> LearnerScope:
    """The learners ``user_id`` may see in a report for ``audience``, narrowed to cohort ``group``.

    Raises:
        NotAuthorized: the user has no role that opens this report in this course, or does not
            coach ``group``.
    """
    if user_id is None:
        raise NotAuthorized(_("Sign in to read reports."))
    backend = get_backend()
    if can_author_course(user_id, course_key):
        cohort_ids = frozenset(cohort.cohort_id for cohort in backend.cohorts(course_key))
        learners = None
    else:
        coached = set(
            CoachAssignment.objects.filter(user_id=user_id, course_key=course_key).values_list(
                "cohort_id", flat=True
            )
        )
        if not coached or audience not in (Audience.COACHES, Audience.CLASSROOM):
            return _slot_instructor_scope(user_id, course_key, audience, group)
        cohort_ids = frozenset(coached)
        learners = frozenset(
            member
            for cohort_id in sorted(coached)
            for member in backend.cohort_member_ids(course_key, cohort_id)
        )
    if group is None:
        return LearnerScope(learners, cohort_ids)
    if group not in cohort_ids:
        raise NotAuthorized(_("You do not coach this group."))
    members = frozenset(backend.cohort_member_ids(course_key, group))
    return LearnerScope(members if learners is None else members & learners, cohort_ids)


def _slot_instructor_scope(
    user_id: int, course_key: CourseKey, audience: str, group: int | None
) -> LearnerScope:
    """The learners registered for (or marked in) the slots the user teaches, for classroom reports.

    Raises:
        NotAuthorized: the report is not open to slot instructors, the user teaches no slot of the
            course, or names a group (a slot instructor coaches none).
    """
    slot_ids = taught_slot_ids(user_id, course_key) if audience == Audience.CLASSROOM else frozenset()
    if not slot_ids:
        raise NotAuthorized(_("You do not have permission to read this report in this course."))
    if group is not None:
        raise NotAuthorized(_("You do not coach this group."))
    return LearnerScope(slot_learner_ids(slot_ids), frozenset(), slot_ids)
