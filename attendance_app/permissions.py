"""Who may do what, asked of the platform backend. REST permissions and handlers use these."""

from __future__ import annotations

from opaque_keys.edx.keys import CourseKey

from attendance_app.platform import get_backend
from attendance_app.platform.base import CourseRole
from attendance_app.render_memo import remembered

AUTHOR_ROLES = (CourseRole.STAFF, CourseRole.INSTRUCTOR)


def can_author_course(user_id: int | None, course_key: CourseKey) -> bool:
    """Course staff, course instructors, org admins of the course's org and global staff."""
    if user_id is None:
        return False
    backend = get_backend()
    return remembered(
        ("author", user_id, str(course_key)),
        lambda: (
            backend.is_global_staff(user_id)
            or backend.has_course_role(user_id, course_key, AUTHOR_ROLES)
            or backend.is_org_admin(user_id, str(course_key.org))
        ),
    )


def is_enrolled(user_id: int, course_key: CourseKey) -> bool:
    """Whether the user is actively enrolled in the course run (read once per rendering, ADR 0027)."""
    return remembered(
        ("enrolled", user_id, str(course_key)), lambda: get_backend().is_enrolled(user_id, course_key)
    )


def can_view_course_activity(user_id: int | None, course_key: CourseKey) -> bool:
    """Enrolled learners and everyone who may author the course."""
    if user_id is None:
        return False
    return is_enrolled(user_id, course_key) or can_author_course(user_id, course_key)


def is_global_staff(user_id: int | None) -> bool:
    return user_id is not None and get_backend().is_global_staff(user_id)


def can_manage_catalogue(user_id: int | None, org: str) -> bool:
    """Global staff manage every catalogue; an org admin manages their organization's (not the site's)."""
    if user_id is None:
        return False
    backend = get_backend()
    return backend.is_global_staff(user_id) or bool(org and backend.is_org_admin(user_id, org))


def managed_catalogues(user_id: int | None) -> list[str]:
    """The catalogues (org short names; "" for the site) the user manages; global staff: the site only.

    Global staff manage every organization too; pages let them type any organization.
    """
    if user_id is None:
        return []
    backend = get_backend()
    orgs = backend.orgs_administered(user_id)
    return ["", *orgs] if backend.is_global_staff(user_id) else orgs
