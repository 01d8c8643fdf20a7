"""The Open edX backend: the only module that imports edx-platform, always lazily.

Imports happen inside methods so that this module can be imported (and the app started) in a
process without edx-platform; the methods are called only inside the LMS or Studio. Every call goes
through an edx-platform Python API (ADR 0013 names the upstream file of each), never a raw query on
its tables, so that the shared contract suite can stand in small fakes at exactly these imports.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
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

# openedx-authz: the role that administers every course of an organization (legacy "instructor").
AUTHZ_ORG_ADMIN_ROLE = "course_admin"
LEGACY_INSTRUCTOR_ROLE = "instructor"


def _user(user_id: int) -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(id=user_id).first()


def _percent(earned: float | None, possible: float | None, first_attempted: Any) -> float | None:
    """0-100 from a score; None when never attempted or nothing to earn."""
    if first_attempted is None or earned is None or not possible:
        return None
    return round(100.0 * float(earned) / float(possible), 2)


def _display_name(block: Any) -> str:
    return str(getattr(block, "display_name", None) or block.location.block_id)


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

    def user_time_zone(self, user_id: int) -> str | None:
        # The account setting lms/djangoapps/courseware/context_processor.py reads too.
        from openedx.core.djangoapps.user_api.preferences.api import get_user_preference

        user = _user(user_id)
        return (get_user_preference(user, "time_zone") or None) if user is not None else None

    def user_language(self, user_id: int) -> str | None:
        # The account's language, the preference LANGUAGE_KEY ("pref-lang") names.
        from openedx.core.djangoapps.lang_pref import LANGUAGE_KEY
        from openedx.core.djangoapps.user_api.preferences.api import get_user_preference

        user = _user(user_id)
        return (get_user_preference(user, LANGUAGE_KEY) or None) if user is not None else None

    def sso_identity(self, user_id: int) -> tuple[str, str]:
        from social_django.models import UserSocialAuth

        user = _user(user_id)
        if user is None:
            return ("", "")
        accounts = sorted(UserSocialAuth.get_social_auth_for_user(user), key=lambda account: account.id)
        return (str(accounts[0].uid), str(accounts[0].provider)) if accounts else ("", "")

    # Courses and enrollment ---------------------------------------------------------------------

    def get_course(self, course_key: CourseKey) -> CourseInfo | None:
        from openedx.core.djangoapps.content.course_overviews.api import get_course_overview_or_none

        overview = get_course_overview_or_none(course_key)
        if overview is None:
            return None
        return CourseInfo(overview.id, overview.display_name, overview.start, overview.end)

    def is_enrolled(self, user_id: int, course_key: CourseKey) -> bool:
        from common.djangoapps.student.models import CourseEnrollment

        user = _user(user_id)
        return user is not None and bool(CourseEnrollment.is_enrolled(user, course_key))

    def enrolled_user_ids(self, course_key: CourseKey) -> list[int]:
        from common.djangoapps.student.models import CourseEnrollment

        return sorted(CourseEnrollment.objects.users_enrolled_in(course_key).values_list("id", flat=True))

    def enrolled_course_keys(self, user_id: int) -> list[CourseKey]:
        from common.djangoapps.student.models import CourseEnrollment

        user = _user(user_id)
        if user is None:
            return []
        keys = {enrollment.course_id for enrollment in CourseEnrollment.enrollments_for_user(user)}
        return sorted(keys, key=str)

    # Roles --------------------------------------------------------------------------------------

    def is_global_staff(self, user_id: int) -> bool:
        from common.djangoapps.student.roles import GlobalStaff

        user = _user(user_id)
        return user is not None and user.is_active and GlobalStaff().has_user(user)

    def is_org_admin(self, user_id: int, org: str) -> bool:
        return org.lower() in {administered.lower() for administered in self.orgs_administered(user_id)}

    def orgs_administered(self, user_id: int) -> list[str]:
        """Organizations where the user is an org-wide instructor, legacy role or openedx-authz glob.

        ``UserBasedRole.courses_with_role`` merges the legacy CourseAccessRole rows with the
        openedx-authz course assignments; an org-wide role is one without a course. openedx-authz
        grants an organization through a ``course-v1:ORG+*`` glob scope, read from its users API.
        """
        from common.djangoapps.student.roles import UserBasedRole

        user = _user(user_id)
        if user is None or not user.is_active:
            return []
        orgs = {
            assignment.org
            for assignment in UserBasedRole(user, LEGACY_INSTRUCTOR_ROLE).courses_with_role()
            if not assignment.course_id and assignment.org
        }
        orgs.update(_authz_admin_orgs(user.username))
        return sorted(orgs)

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

    # Cohorts ------------------------------------------------------------------------------------

    def cohorts(self, course_key: CourseKey) -> list[CohortInfo]:
        from openedx.core.djangoapps.course_groups.cohorts import get_course_cohorts

        groups = get_course_cohorts(course_id=course_key)
        return sorted((CohortInfo(group.id, group.name) for group in groups), key=lambda info: info.name)

    def cohort_member_ids(self, course_key: CourseKey, cohort_id: int) -> list[int]:
        from openedx.core.djangoapps.course_groups.cohorts import get_cohort_by_id
        from openedx.core.djangoapps.course_groups.models import CourseUserGroup

        try:
            group = get_cohort_by_id(course_key, cohort_id)
        except CourseUserGroup.DoesNotExist:
            return []
        return sorted(user.id for user in group.users.all())

    # Grades and completion ----------------------------------------------------------------------

    def gradable_items(self, course_key: CourseKey) -> list[GradableItem]:
        """Each graded subsection in course order, followed by the scored problems inside it."""
        from lms.djangoapps.grades.api import graded_subsections_for_course_id
        from lms.djangoapps.grades.scores import possibly_scored
        from openedx.core.djangoapps.content.block_structure.api import get_course_in_cache

        structure = get_course_in_cache(course_key)
        items: list[GradableItem] = []
        for subsection in graded_subsections_for_course_id(course_key):
            items.append(GradableItem(subsection.location, _display_name(subsection), "subsection"))
            for key in structure.post_order_traversal(
                filter_func=possibly_scored, start_node=subsection.location
            ):
                block = structure[key]
                if getattr(block, "has_score", False) and key != subsection.location:
                    items.append(GradableItem(key, _display_name(block), "problem"))
        return items

    def grade_percent(self, user_id: int, usage_key: UsageKey) -> float | None:
        return self.grade_percents(user_id, [usage_key])[usage_key]

    def grade_percents(self, user_id: int, usage_keys: Iterable[UsageKey]) -> dict[UsageKey, float | None]:
        """One course grade read per course run; a problem's score or a subsection's graded total."""
        from lms.djangoapps.grades.api import CourseGradeFactory

        wanted = list(usage_keys)
        result: dict[UsageKey, float | None] = dict.fromkeys(wanted)
        user = _user(user_id)
        if user is None:
            return result
        by_course: dict[CourseKey, list[UsageKey]] = {}
        for usage_key in wanted:
            by_course.setdefault(usage_key.course_key, []).append(usage_key)
        for course_key, keys in by_course.items():
            course_grade = CourseGradeFactory().read(user, course_key=course_key)
            if course_grade is None:
                continue
            for usage_key in keys:
                result[usage_key] = _item_percent(course_grade, usage_key)
        return result

    def grade_table(
        self, course_key: CourseKey, usage_keys: Sequence[UsageKey], user_ids: Sequence[int]
    ) -> dict[tuple[int, UsageKey], float]:
        """Subsection grades in one query of the persistent subsection grades (graded points)."""
        from lms.djangoapps.grades.models import PersistentSubsectionGrade

        wanted = set(usage_keys)
        rows = PersistentSubsectionGrade.objects.filter(course_id=course_key, user_id__in=list(user_ids))
        table: dict[tuple[int, UsageKey], float] = {}
        for user_id, usage_key, earned, possible, first_attempted in rows.values_list(
            "user_id", "usage_key", "earned_graded", "possible_graded", "first_attempted"
        ):
            key = usage_key.map_into_course(course_key) if usage_key is not None else None
            percent = _percent(earned, possible, first_attempted)
            if key in wanted and percent is not None:
                table[(user_id, key)] = percent
        return table

    def profile_fields(self, user_ids: Sequence[int], names: Sequence[str]) -> dict[int, dict[str, str]]:
        """The registration extra fields edx-platform keeps in ``UserProfile.meta`` (a JSON object)."""
        import json

        from common.djangoapps.student.models import UserProfile

        fields: dict[int, dict[str, str]] = {}
        for user_id, meta in UserProfile.objects.filter(user_id__in=list(user_ids)).values_list(
            "user_id", "meta"
        ):
            try:
                values = json.loads(meta or "{}")
            except ValueError:
                values = {}
            if isinstance(values, dict):
                fields[user_id] = {name: str(values.get(name, "")) for name in names}
        return fields

    def set_completion(self, user_id: int, usage_key: UsageKey, completion: float) -> None:
        from completion.models import BlockCompletion

        user = _user(user_id)
        if user is not None:
            BlockCompletion.objects.submit_completion(user=user, block_key=usage_key, completion=completion)

    def client_ip(self, request: Any) -> str | None:
        # CLIENT_IP_HEADERS first, then a conservative walk of X-Forwarded-For (ORIGINAL_REMOTE_ADDR).
        from openedx.core.djangoapps.util.ip import get_client_ip

        return get_client_ip(request) or None

    def store_course_report(self, course_key: CourseKey, filename: str, content: Any) -> bool:
        """The instructor dashboard's report store (``GRADES_DOWNLOAD``), which lists the file for the
        course team (lms/djangoapps/instructor_task/models.py, ``ReportStore.store``; ADR 0017)."""
        from lms.djangoapps.instructor_task.models import ReportStore

        ReportStore.from_config(config_name="GRADES_DOWNLOAD").store(course_key, filename, content)
        return True

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
        """``CourseOverview.get_all_course_keys`` (course_overviews/models.py), unordered upstream."""
        from openedx.core.djangoapps.content.course_overviews.models import CourseOverview

        return sorted(CourseOverview.get_all_course_keys(), key=str)

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


def course_tab_base() -> type:
    """edx-platform's ``xmodule.tabs.CourseTab``, the base of our course tab (``course_tab.py``)."""
    from xmodule.tabs import CourseTab

    return CourseTab


def _item_percent(course_grade: Any, usage_key: UsageKey) -> float | None:
    score = course_grade.problem_scores.get(usage_key)
    if score is not None:
        return _percent(score.earned, score.possible, score.first_attempted)
    try:
        subsection_grade = course_grade.subsection_grade(usage_key)
    except KeyError:  # not in the course structure (deleted or never graded)
        return None
    total = subsection_grade.graded_total
    return _percent(total.earned, total.possible, total.first_attempted)


def _authz_admin_orgs(username: str) -> set[str]:
    """Organizations granted to the user as ``course_admin`` over an org glob (``course-v1:ORG+*``)."""
    try:
        from openedx_authz.api import users as authz_users
    except ImportError:  # an edx-platform release without openedx-authz
        return set()
    orgs = set()
    for assignment in authz_users.get_user_role_assignments(user_external_key=username):
        scope = assignment.scope
        if not getattr(scope, "IS_ORG_GLOB", False) or not getattr(scope, "org", ""):
            continue
        if any(role.external_key == AUTHZ_ORG_ADMIN_ROLE for role in assignment.roles):
            orgs.add(str(scope.org))
    return orgs
