"""The Open edX backend: the only module that imports edx-platform, always lazily.

Imports happen inside methods so that this module can be imported (and the app started) in a
process without edx-platform; the methods are called only inside the LMS or Studio.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from opaque_keys.edx.keys import CourseKey, UsageKey

from attendance_app.platform.base import (
    AccessRoleRecord,
    CertificateRecord,
    CohortInfo,
    CohortMembershipRecord,
    CourseInfo,
    CourseRole,
    EnrollmentRecord,
    GradableItem,
    GradeSummaryRecord,
    PlatformBackend,
    PublishedBlockRecord,
)


def _user(user_id: int) -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(id=user_id).first()


class OpenEdxBackend(PlatformBackend):
    """Reads users, courses, roles, cohorts and grades from edx-platform."""

    def user_id_for_block(self, block: Any) -> int | None:
        user = block.runtime.service(block, "user").get_current_user()
        user_id = user.opt_attrs.get("edx-platform.user_id")
        if user.opt_attrs.get("edx-platform.is_authenticated") is False:
            return None
        return int(user_id) if user_id is not None else None

    def usage_key_for_block(self, block: Any) -> UsageKey:
        return block.scope_ids.usage_id

    def sso_identity(self, user_id: int) -> tuple[str, str]:
        from social_django.models import UserSocialAuth

        identity = (
            UserSocialAuth.objects.filter(user_id=user_id)
            .order_by("id")
            .values_list("uid", "provider")
            .first()
        )
        return (str(identity[0]), str(identity[1])) if identity else ("", "")

    def get_course(self, course_key: CourseKey) -> CourseInfo | None:
        from openedx.core.djangoapps.content.course_overviews.models import CourseOverview

        overview = CourseOverview.objects.filter(id=course_key).first()
        if overview is None:
            return None
        return CourseInfo(overview.id, overview.display_name, overview.start, overview.end)

    def is_enrolled(self, user_id: int, course_key: CourseKey) -> bool:
        from common.djangoapps.student.models import CourseEnrollment

        return CourseEnrollment.objects.filter(user_id=user_id, course_id=course_key, is_active=True).exists()

    def enrolled_user_ids(self, course_key: CourseKey) -> list[int]:
        from common.djangoapps.student.models import CourseEnrollment

        return list(
            CourseEnrollment.objects.filter(course_id=course_key, is_active=True).values_list(
                "user_id", flat=True
            )
        )

    def enrolled_course_keys(self, user_id: int) -> list[CourseKey]:
        from common.djangoapps.student.models import CourseEnrollment

        enrollments = CourseEnrollment.objects.filter(user_id=user_id, is_active=True)
        return list(enrollments.order_by("course_id").values_list("course_id", flat=True))

    def is_global_staff(self, user_id: int) -> bool:
        from common.djangoapps.student.roles import GlobalStaff

        user = _user(user_id)
        return user is not None and GlobalStaff().has_user(user)

    def is_org_admin(self, user_id: int, org: str) -> bool:
        from common.djangoapps.student.roles import OrgInstructorRole

        user = _user(user_id)
        return user is not None and OrgInstructorRole(org).has_user(user)

    def orgs_administered(self, user_id: int) -> list[str]:
        from common.djangoapps.student.models import CourseAccessRole
        from opaque_keys.edx.django.models import CourseKeyField

        roles = CourseAccessRole.objects.filter(
            user_id=user_id, role="instructor", course_id=CourseKeyField.Empty
        )
        return sorted(set(roles.values_list("org", flat=True)))

    def has_course_role(self, user_id: int, course_key: CourseKey, roles: Sequence[CourseRole]) -> bool:
        from common.djangoapps.student import roles as platform_roles

        user = _user(user_id)
        if user is None:
            return False
        role_classes = {
            CourseRole.STAFF: (platform_roles.CourseStaffRole, platform_roles.OrgStaffRole),
            CourseRole.INSTRUCTOR: (platform_roles.CourseInstructorRole, platform_roles.OrgInstructorRole),
        }
        for role in roles:
            course_role, org_role = role_classes[role]
            if course_role(course_key).has_user(user) or org_role(course_key.org).has_user(user):
                return True
        return False

    def cohorts(self, course_key: CourseKey) -> list[CohortInfo]:
        from openedx.core.djangoapps.course_groups.models import CourseUserGroup

        groups = CourseUserGroup.objects.filter(course_id=course_key, group_type=CourseUserGroup.COHORT)
        return [CohortInfo(group.id, group.name) for group in groups.order_by("name")]

    def cohort_member_ids(self, course_key: CourseKey, cohort_id: int) -> list[int]:
        from openedx.core.djangoapps.course_groups.models import CourseUserGroup

        group = CourseUserGroup.objects.filter(course_id=course_key, id=cohort_id).first()
        return list(group.users.values_list("id", flat=True)) if group else []

    def gradable_items(self, course_key: CourseKey) -> list[GradableItem]:
        raise NotImplementedError(
            "Graded items come from the course structure in the Open edX backend issue."
        )

    def grade_percent(self, user_id: int, usage_key: UsageKey) -> float | None:
        raise NotImplementedError("Grades come from the persistent grades in the Open edX backend issue.")

    def set_completion(self, user_id: int, usage_key: UsageKey, completion: float) -> None:
        from completion.models import BlockCompletion
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.get(id=user_id)
        BlockCompletion.objects.submit_completion(user=user, block_key=usage_key, completion=completion)

    def emit_event(self, name: str, data: dict[str, Any], user_id: int | None = None) -> None:
        from eventtracking import tracker

        tracker.emit(name, data)

    # Events, mirrors and retirement (helper "events") -------------------------------------------

    def tracking_context(self, course_id: str) -> dict[str, str]:
        """The LMS's own course context (common/djangoapps/track/contexts.py), ours if it is absent."""
        try:
            from common.djangoapps.track.contexts import course_context_from_course_id
        except ImportError:
            return super().tracking_context(course_id)
        return dict(course_context_from_course_id(CourseKey.from_string(course_id)))

    def mirrored_course_keys(self) -> list[CourseKey]:
        from openedx.core.djangoapps.content.course_overviews.models import CourseOverview

        return list(CourseOverview.objects.order_by("id").values_list("id", flat=True))

    def enrollment_records(self, course_key: CourseKey) -> Iterator[EnrollmentRecord]:
        from common.djangoapps.student.models import CourseEnrollment

        rows = CourseEnrollment.objects.filter(course_id=course_key).order_by("id")
        for user_id, mode, is_active in rows.values_list("user_id", "mode", "is_active").iterator():
            yield EnrollmentRecord(user_id, course_key, mode, is_active)

    def cohort_membership_records(self, course_key: CourseKey) -> Iterator[CohortMembershipRecord]:
        from openedx.core.djangoapps.course_groups.models import CohortMembership

        rows = CohortMembership.objects.filter(course_id=course_key).order_by("id")
        for user_id, name in rows.values_list("user_id", "course_user_group__name").iterator():
            yield CohortMembershipRecord(user_id, course_key, name)

    def grade_summary_records(self, course_key: CourseKey) -> Iterator[GradeSummaryRecord]:
        from lms.djangoapps.grades.models import PersistentCourseGrade

        rows = PersistentCourseGrade.objects.filter(course_id=course_key).order_by("id")
        fields = ("user_id", "percent_grade", "letter_grade", "passed_timestamp")
        for user_id, percent, letter, passed_at in rows.values_list(*fields).iterator():
            yield GradeSummaryRecord(user_id, course_key, percent, letter or "", passed_at is not None)

    def certificate_records(self, course_key: CourseKey) -> Iterator[CertificateRecord]:
        from lms.djangoapps.certificates.models import GeneratedCertificate

        rows = GeneratedCertificate.objects.filter(course_id=course_key).order_by("id")
        for user_id, mode, status in rows.values_list("user_id", "mode", "status").iterator():
            yield CertificateRecord(user_id, course_key, mode, status)

    def access_role_records(self, course_key: CourseKey) -> Iterator[AccessRoleRecord]:
        from common.djangoapps.student.models import CourseAccessRole
        from django.db.models import Q
        from opaque_keys.edx.django.models import CourseKeyField

        in_course = Q(course_id=course_key)
        org_wide = Q(org__iexact=course_key.org, course_id=CourseKeyField.Empty)
        rows = CourseAccessRole.objects.filter(in_course | org_wide).order_by("id")
        for user_id, org, role_course, role in rows.values_list(
            "user_id", "org", "course_id", "role"
        ).iterator():
            yield AccessRoleRecord(user_id, org, role_course or None, role)

    def published_block_records(
        self, course_key: CourseKey, block_type: str
    ) -> Iterator[PublishedBlockRecord]:
        from xmodule.modulestore import ModuleStoreEnum
        from xmodule.modulestore.django import modulestore

        store = modulestore()
        with store.branch_setting(ModuleStoreEnum.Branch.published_only, course_key):
            blocks = store.get_items(course_key, qualifiers={"category": block_type})
        for block in blocks:
            yield PublishedBlockRecord(block.location.for_branch(None), block_type)
