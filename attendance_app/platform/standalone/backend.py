"""The standalone PlatformBackend, reading the plain tables in ``models``."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils.text import slugify
from opaque_keys import InvalidKeyError
from opaque_keys.edx.django.models import CourseKeyField
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
from attendance_app.platform.standalone import models

DEFAULT_COURSE_KEY = "course-v1:DemoX+CE101+2026"
_UNSAFE_BLOCK_ID_CHARS = re.compile(r"[^\w-]")


def standalone_course_key() -> CourseKey:
    """The course run blocks without a real usage key (xblock-sdk workbench) belong to."""
    return CourseKey.from_string(getattr(settings, "ATTENDANCE_STANDALONE_COURSE_KEY", DEFAULT_COURSE_KEY))


def usage_key_for_id(usage_id: Any, block_type: str) -> UsageKey:
    """A real usage key for a block id; workbench ids ("slug.type.d0.u0") land in the standalone course."""
    if isinstance(usage_id, UsageKey):
        return usage_id
    try:
        return UsageKey.from_string(str(usage_id))
    except InvalidKeyError:
        block_id = _UNSAFE_BLOCK_ID_CHARS.sub("_", str(usage_id))
        return standalone_course_key().make_usage_key(block_type, block_id)


def _workbench_scenario_id(usage_key: UsageKey) -> str | None:
    """The id of the workbench scenario whose blocks' ids start with the key's scenario slug.

    The workbench names usages ``<scenario slug>.<block type>.d<n>.u<m>``; ``usage_key_for_id`` turned
    the dots into underscores.
    """
    match = re.fullmatch(rf"(?P<slug>.+)_{re.escape(usage_key.block_type)}_d\d+_u\d+", usage_key.block_id)
    if match is None:
        return None
    # The block's own scenarios, numbered as the workbench numbers a class's scenarios
    # (``add_class_scenarios``: "attendance.<index>"), without loading every installed XBlock.
    from attendance_xblock.block import AttendanceXBlock

    for index, (description, _xml) in enumerate(AttendanceXBlock.workbench_scenarios()):
        if slugify(description) == match["slug"]:
            return f"attendance.{index}"
    return None


#: The passing course grade of the demo (edx-platform's default grade cutoff, ``{"Pass": 0.5}``).
DEMO_PASSING_GRADE = 0.5


class StandaloneBackend(PlatformBackend):
    """The platform as plain Django models: used by the demo and the test suite."""

    def user_id_for_block(self, block: Any) -> int | None:
        user = block.runtime.service(block, "user").get_current_user()
        # The xblock-sdk workbench names its learner in the URL (?student=<username>).
        username = user.opt_attrs.get("xblock-workbench.user_id") or user.opt_attrs.get(
            "edx-platform.username"
        )
        if not username:
            return None
        return get_user_model().objects.filter(username=username).values_list("id", flat=True).first()

    def usage_key_for_block(self, block: Any) -> UsageKey:
        return usage_key_for_id(block.scope_ids.usage_id, block.scope_ids.block_type)

    def home_url(self) -> str:
        return "/"

    def courseware_url(self, usage_key: UsageKey) -> str:
        """The workbench scenario that holds the block (the demo), else the LMS path."""
        scenario_id = _workbench_scenario_id(usage_key)
        if scenario_id is None:
            return super().courseware_url(usage_key)
        try:
            return reverse("workbench_show_scenario", args=[scenario_id])
        except NoReverseMatch:
            return super().courseware_url(usage_key)

    def user_time_zone(self, user_id: int) -> str | None:
        return self._preference(user_id, models.UserPreference.TIME_ZONE_KEY)

    def user_language(self, user_id: int) -> str | None:
        return self._preference(user_id, models.UserPreference.LANGUAGE_KEY)

    def _preference(self, user_id: int, key: str) -> str | None:
        rows = models.UserPreference.objects.filter(user_id=user_id, key=key)
        return rows.values_list("value", flat=True).first() or None

    def sso_identity(self, user_id: int) -> tuple[str, str]:
        identity = (
            models.SocialIdentity.objects.filter(user_id=user_id)
            .order_by("id")
            .values_list("uid", "provider")
            .first()
        )
        return (identity[0], identity[1]) if identity else ("", "")

    def get_course(self, course_key: CourseKey) -> CourseInfo | None:
        course = models.Course.objects.filter(course_key=course_key).first()
        if course is None:
            return None
        return CourseInfo(course_key, course.display_name, course.start, course.end)

    def is_enrolled(self, user_id: int, course_key: CourseKey) -> bool:
        return models.Enrollment.objects.filter(
            user_id=user_id, course_key=course_key, is_active=True
        ).exists()

    def enrolled_user_ids(self, course_key: CourseKey) -> list[int]:
        enrollments = models.Enrollment.objects.filter(course_key=course_key, is_active=True)
        return list(enrollments.order_by("user_id").values_list("user_id", flat=True))

    def enrolled_course_keys(self, user_id: int) -> list[CourseKey]:
        enrollments = models.Enrollment.objects.filter(user_id=user_id, is_active=True)
        course_keys = enrollments.order_by("course_key").values_list("course_key", flat=True)
        return [course_key for course_key in course_keys if course_key is not None]

    def is_global_staff(self, user_id: int) -> bool:
        return get_user_model().objects.filter(id=user_id, is_staff=True, is_active=True).exists()

    def is_org_admin(self, user_id: int, org: str) -> bool:
        return models.AccessRole.objects.filter(user_id=user_id, org__iexact=org, role="org_admin").exists()

    def orgs_administered(self, user_id: int) -> list[str]:
        roles = models.AccessRole.objects.filter(user_id=user_id, role="org_admin")
        return sorted(set(roles.values_list("org", flat=True)))

    def has_course_role(self, user_id: int, course_key: CourseKey, roles: Sequence[CourseRole]) -> bool:
        in_course = Q(course_key=course_key)
        org_wide = Q(org__iexact=course_key.org, course_key=CourseKeyField.Empty)
        return models.AccessRole.objects.filter(
            in_course | org_wide, user_id=user_id, role__in=[str(role) for role in roles]
        ).exists()

    def cohorts(self, course_key: CourseKey) -> list[CohortInfo]:
        cohorts = models.Cohort.objects.filter(course_key=course_key).order_by("name")
        return [CohortInfo(cohort.id, cohort.name) for cohort in cohorts]

    def cohort_member_ids(self, course_key: CourseKey, cohort_id: int) -> list[int]:
        members = get_user_model().objects.filter(
            standalone_cohorts__id=cohort_id, standalone_cohorts__course_key=course_key
        )
        return list(members.order_by("id").values_list("id", flat=True))

    def gradable_items(self, course_key: CourseKey) -> list[GradableItem]:
        items = models.GradableItem.objects.filter(course_key=course_key)
        return [
            GradableItem(item.usage_key, item.display_name, item.kind) for item in items if item.usage_key
        ]

    def grade_percent(self, user_id: int, usage_key: UsageKey) -> float | None:
        return (
            models.Grade.objects.filter(user_id=user_id, usage_key=usage_key)
            .values_list("percent", flat=True)
            .first()
        )

    def grade_percents(self, user_id: int, usage_keys: Iterable[UsageKey]) -> dict[UsageKey, float | None]:
        wanted = list(usage_keys)
        grades = dict(
            models.Grade.objects.filter(user_id=user_id, usage_key__in=wanted).values_list(
                "usage_key", "percent"
            )
        )
        return {usage_key: grades.get(usage_key) for usage_key in wanted}

    def grade_table(
        self, course_key: CourseKey, usage_keys: Sequence[UsageKey], user_ids: Sequence[int]
    ) -> dict[tuple[int, UsageKey], float]:
        rows = models.Grade.objects.filter(usage_key__in=list(usage_keys), user_id__in=list(user_ids))
        return {
            (user_id, usage_key): percent
            for user_id, usage_key, percent in rows.values_list("user_id", "usage_key", "percent")
            if usage_key is not None
        }

    def set_completion(self, user_id: int, usage_key: UsageKey, completion: float) -> None:
        models.Completion.objects.update_or_create(
            user_id=user_id, usage_key=usage_key, defaults={"completion": completion}
        )

    def emit_event(self, name: str, data: dict[str, Any], user_id: int | None = None) -> None:
        models.TrackedEvent.objects.create(name=name, data=data, user_id=user_id)

    # Mirror backfill: the standalone platform has no enrollment modes, course grades or platform
    # certificates; its published blocks are the configured activities.

    def mirrored_course_keys(self) -> list[CourseKey]:
        course_keys = models.Course.objects.order_by("course_key").values_list("course_key", flat=True)
        return [course_key for course_key in course_keys if course_key is not None]

    def enrollment_records(self, course_key: CourseKey) -> Iterator[EnrollmentRecord]:
        rows = models.Enrollment.objects.filter(course_key=course_key).order_by("id")
        for user_id, is_active in rows.values_list("user_id", "is_active").iterator():
            yield EnrollmentRecord(user_id, course_key, "", is_active)

    def cohort_membership_records(self, course_key: CourseKey) -> Iterator[CohortMembershipRecord]:
        members = models.Cohort.members.through.objects.filter(cohort__course_key=course_key).order_by("id")
        for user_id, name in members.values_list("user_id", "cohort__name").iterator():
            yield CohortMembershipRecord(user_id, course_key, name)

    def grade_summary_records(self, course_key: CourseKey) -> Iterator[GradeSummaryRecord]:
        """The demo's course grade: the mean of the graded subsections (an ungraded one counts 0),
        passed from 50 %, edx-platform's default cutoff. The LMS reads its persistent course grades."""
        subsections = list(
            models.GradableItem.objects.filter(course_key=course_key, kind="subsection").values_list(
                "usage_key", flat=True
            )
        )
        if not subsections:
            return
        totals: dict[int, float] = {}
        for user_id, percent in (
            models.Grade.objects.filter(usage_key__in=subsections)
            .order_by("user_id")
            .values_list("user_id", "percent")
        ):
            totals[user_id] = totals.get(user_id, 0.0) + percent
        for user_id, total in totals.items():
            grade = round(total / (100 * len(subsections)), 4)
            passed = grade >= DEMO_PASSING_GRADE
            yield GradeSummaryRecord(user_id, course_key, grade, "Pass" if passed else "", passed)

    def certificate_records(self, course_key: CourseKey) -> Iterator[CertificateRecord]:
        yield from ()

    def access_role_records(self, course_key: CourseKey) -> Iterator[AccessRoleRecord]:
        in_course = Q(course_key=course_key)
        org_wide = Q(org__iexact=course_key.org, course_key=CourseKeyField.Empty)
        rows = models.AccessRole.objects.filter(in_course | org_wide).order_by("id")
        for user_id, org, role_course, role in rows.values_list(
            "user_id", "org", "course_key", "role"
        ).iterator():
            yield AccessRoleRecord(user_id, org, role_course or None, role)

    def published_block_records(
        self, course_key: CourseKey, block_type: str
    ) -> Iterator[PublishedBlockRecord]:
        from attendance_app.models import Activity

        activities = Activity.objects.filter(course_key=course_key, archived_at__isnull=True).order_by("id")
        for usage_key in activities.values_list("usage_key", flat=True).iterator():
            if usage_key is not None and usage_key.block_type == block_type:
                yield PublishedBlockRecord(usage_key, block_type)
