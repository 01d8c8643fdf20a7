"""Who may do what with an activity's slots, and finding the activity and slot a request names."""

from __future__ import annotations

from typing import cast

from django.utils.translation import gettext as _
from opaque_keys.edx.keys import CourseKey, UsageKey

from attendance_app import permissions
from attendance_app.exceptions import NotAuthorized, NotFound
from attendance_app.models import Activity, CoachAssignment, Slot
from attendance_app.platform import get_backend
from attendance_app.render_memo import remembered

# Ids past a signed 32-bit integer exist nowhere; databases refuse to compare them (SQLite overflows).
MAX_ID = 2**31 - 1


def is_id(value: object) -> bool:
    """Whether ``value`` is a whole number that can be a row id."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID


def course_of(activity: Activity) -> CourseKey:
    """The activity's course run (the column is never empty)."""
    return cast(CourseKey, activity.course_key)


def activity_for(usage_key: UsageKey) -> Activity:
    """The live activity of ``usage_key``.

    Raises:
        NotFound: no activity was saved for the block, or it was archived.
    """
    activity = remembered(
        ("classroom-activity", str(usage_key)),
        lambda: Activity.objects.filter(usage_key=usage_key, archived_at__isnull=True).first(),
    )
    if activity is None:
        raise NotFound(_("Save the activity's settings before adding slots."))
    return activity


def slot_for(activity: Activity, slot_id: int, *, lock: bool = False) -> Slot:
    """The slot ``slot_id`` of ``activity``, locked for update with ``lock``.

    Raises:
        NotFound: the activity has no such slot.
    """
    slots = Slot.objects.filter(activity=activity, id=slot_id)
    slot = (slots.select_for_update() if lock else slots).first() if is_id(slot_id) else None
    if slot is None:
        raise NotFound(_("This slot does not exist."))
    return slot


def can_manage(actor_id: int | None, activity: Activity) -> bool:
    """Authors of the course (course staff and instructors, org admins, global staff) manage slots."""
    return permissions.can_author_course(actor_id, course_of(activity))


def require_manager(actor_id: int | None, activity: Activity) -> None:
    if not can_manage(actor_id, activity):
        raise NotAuthorized(_("Only the course team can manage the slots of this activity."))


def coaches_learner(actor_id: int | None, activity: Activity, user_id: int) -> bool:
    """Whether the user coaches a cohort of the activity's course that ``user_id`` is in."""
    if actor_id is None:
        return False
    course_key = course_of(activity)
    cohort_ids = CoachAssignment.objects.filter(user_id=actor_id, course_key=course_key).values_list(
        "cohort_id", flat=True
    )
    backend = get_backend()
    return any(user_id in backend.cohort_member_ids(course_key, cohort_id) for cohort_id in cohort_ids)


def is_slot_instructor(actor_id: int | None, slot: Slot) -> bool:
    if actor_id is None:
        return False
    # Slot lists prefetch the instructors: no query per slot then.
    if "instructors" in getattr(slot, "_prefetched_objects_cache", {}):
        return any(user.id == actor_id for user in slot.instructors.all())
    return slot.instructors.filter(id=actor_id).exists()


def teaches_in(actor_id: int | None, activity: Activity) -> bool:
    """Whether the user is an instructor of any slot of the activity."""
    return actor_id is not None and Slot.objects.filter(activity=activity, instructors__id=actor_id).exists()


def require_viewer(actor_id: int | None, activity: Activity) -> None:
    """Enrolled learners, the course team and the activity's slot instructors see its slots."""
    if not (
        permissions.can_view_course_activity(actor_id, course_of(activity)) or teaches_in(actor_id, activity)
    ):
        raise NotAuthorized(_("Enroll in the course to see its classroom slots."))


def require_marker(actor_id: int | None, slot: Slot) -> None:
    """The slot's instructors and the course team mark its learners."""
    if not (is_slot_instructor(actor_id, slot) or can_manage(actor_id, slot.activity)):
        raise NotAuthorized(_("Only this slot's instructors and the course team can mark attendance."))


def may_join(user_id: int, slot: Slot) -> bool:
    """Whether a learner may register for (or walk into) the slot: enrolled, in its cohort if it has one."""
    backend = get_backend()
    if not backend.is_enrolled(user_id, course_of(slot.activity)):
        return False
    if slot.cohort_id is None:
        return True
    return user_id in backend.cohort_member_ids(course_of(slot.activity), slot.cohort_id)
