"""The interface every platform backend implements: the one seam to edx-platform.

Nothing outside ``attendance_app.platform`` imports edx-platform. The rest of the app asks the
backend returned by :func:`attendance_app.platform.get_backend`, so the same code runs in the
LMS and Studio (``openedx`` backend) and in the demo and tests (``standalone`` backend).
"""

from __future__ import annotations

import abc
import enum
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from opaque_keys.edx.keys import CourseKey, UsageKey


class CourseRole(enum.StrEnum):
    """Course-level roles the app distinguishes (edx-platform's CourseAccessRole names)."""

    STAFF = "staff"
    INSTRUCTOR = "instructor"


@dataclass(frozen=True)
class UserInfo:
    user_id: int
    username: str
    email: str
    first_name: str
    last_name: str

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.username


@dataclass(frozen=True)
class CourseInfo:
    course_key: CourseKey
    display_name: str
    start: datetime | None
    end: datetime | None


@dataclass(frozen=True)
class CohortInfo:
    cohort_id: int
    name: str


@dataclass(frozen=True)
class GradableItem:
    """A graded subsection or problem a quiz rule can point at."""

    usage_key: UsageKey
    display_name: str
    kind: str  # "subsection" or "problem"


@dataclass(frozen=True)
class EnrollmentRecord:
    user_id: int
    course_key: CourseKey
    mode: str
    is_active: bool


@dataclass(frozen=True)
class CohortMembershipRecord:
    user_id: int
    course_key: CourseKey
    cohort_name: str


@dataclass(frozen=True)
class GradeSummaryRecord:
    user_id: int
    course_key: CourseKey
    percent: float | None  # 0.0-1.0
    letter_grade: str
    passed: bool


@dataclass(frozen=True)
class CertificateRecord:
    user_id: int
    course_key: CourseKey
    mode: str
    status: str


@dataclass(frozen=True)
class AccessRoleRecord:
    user_id: int
    org: str
    course_key: CourseKey | None  # None: an organization-wide role
    role: str


@dataclass(frozen=True)
class PublishedBlockRecord:
    usage_key: UsageKey
    block_type: str


class PlatformBackend(abc.ABC):
    """What the app needs from the platform it runs in. Implementations must not cache per request."""

    # Identity -----------------------------------------------------------------------------------

    @abc.abstractmethod
    def user_id_for_block(self, block: Any) -> int | None:
        """The platform user id of the person the block is rendered for, or None if anonymous."""

    @abc.abstractmethod
    def usage_key_for_block(self, block: Any) -> UsageKey:
        """The usage key identifying this block placement."""

    def user_time_zone(self, user_id: int) -> str | None:
        """The IANA time zone the user chose in their account, or None (pages then use the browser's)."""
        return None

    def user_language(self, user_id: int) -> str | None:
        """The language code the user chose in their account (``fr``, ``es-419``), or None.

        Emails sent outside a request (a Celery task, a waiting-list promotion caused by someone
        else) are written in it; without one, in the site's ``LANGUAGE_CODE``.
        """
        return None

    # Links --------------------------------------------------------------------------------------

    def home_url(self) -> str:
        """Where the app's pages lead back to: the LMS learner dashboard (from Studio too)."""
        from django.conf import settings

        return f"{getattr(settings, 'LMS_ROOT_URL', '')}/dashboard"

    def courseware_url(self, usage_key: UsageKey) -> str:
        """The URL that opens the unit holding ``usage_key`` (the LMS ``jump_to`` route)."""
        return f"/courses/{usage_key.course_key}/jump_to/{usage_key}"

    def get_users(self, user_ids: Iterable[int]) -> dict[int, UserInfo]:
        """Profiles of the given users, keyed by id; unknown ids are left out.

        Both the LMS and the standalone backend keep people in Django's user table.
        """
        from django.contrib.auth import get_user_model

        users = get_user_model().objects.filter(id__in=list(user_ids))
        return {
            user.id: UserInfo(user.id, user.username, user.email, user.first_name, user.last_name)
            for user in users
        }

    @abc.abstractmethod
    def sso_identity(self, user_id: int) -> tuple[str, str]:
        """The user's single sign-on uid and provider (tenant) id, or ``("", "")`` without SSO.

        External credit units pass them to the external page as ``{{ssoUserId}}`` and
        ``{{ssoTenantId}}``; a user with several SSO accounts gets the first one linked.
        """

    # Courses and enrollment ---------------------------------------------------------------------

    @abc.abstractmethod
    def get_course(self, course_key: CourseKey) -> CourseInfo | None:
        """The course run, or None if it does not exist."""

    @abc.abstractmethod
    def is_enrolled(self, user_id: int, course_key: CourseKey) -> bool:
        """Whether the user has an active enrollment in the course run."""

    @abc.abstractmethod
    def enrolled_user_ids(self, course_key: CourseKey) -> list[int]:
        """Ids of the actively enrolled users of the course run."""

    @abc.abstractmethod
    def enrolled_course_keys(self, user_id: int) -> list[CourseKey]:
        """The course runs the user has an active enrollment in."""

    # Roles --------------------------------------------------------------------------------------

    @abc.abstractmethod
    def is_global_staff(self, user_id: int) -> bool:
        """Whether the user is platform-wide staff."""

    @abc.abstractmethod
    def is_org_admin(self, user_id: int, org: str) -> bool:
        """Whether the user administers the organization ``org``."""

    @abc.abstractmethod
    def orgs_administered(self, user_id: int) -> list[str]:
        """Short names of the organizations the user administers, sorted."""

    @abc.abstractmethod
    def has_course_role(self, user_id: int, course_key: CourseKey, roles: Sequence[CourseRole]) -> bool:
        """Whether the user holds one of ``roles`` in the course run (org-wide roles count)."""

    # Cohorts ------------------------------------------------------------------------------------

    @abc.abstractmethod
    def cohorts(self, course_key: CourseKey) -> list[CohortInfo]:
        """The cohorts (groups) of the course run."""

    @abc.abstractmethod
    def cohort_member_ids(self, course_key: CourseKey, cohort_id: int) -> list[int]:
        """Ids of the users in a cohort of the course run."""

    # Grades and completion ----------------------------------------------------------------------

    @abc.abstractmethod
    def gradable_items(self, course_key: CourseKey) -> list[GradableItem]:
        """Graded subsections and problems of the course run, in course order."""

    @abc.abstractmethod
    def grade_percent(self, user_id: int, usage_key: UsageKey) -> float | None:
        """The user's grade on a gradable item, 0-100, or None when not attempted."""

    def grade_percents(self, user_id: int, usage_keys: Iterable[UsageKey]) -> dict[UsageKey, float | None]:
        """:meth:`grade_percent` of several items, keyed by usage key; backends may do it in one query."""
        return {usage_key: self.grade_percent(user_id, usage_key) for usage_key in usage_keys}

    def grade_table(
        self, course_key: CourseKey, usage_keys: Sequence[UsageKey], user_ids: Sequence[int]
    ) -> dict[tuple[int, UsageKey], float]:
        """Every attempted grade (0-100) of the users on the items, keyed by (user id, usage key).

        Reports call this once per course run; backends should answer in one query. This default
        asks :meth:`grade_percents` once per user.
        """
        table: dict[tuple[int, UsageKey], float] = {}
        for user_id in user_ids:
            for usage_key, percent in self.grade_percents(user_id, usage_keys).items():
                if percent is not None:
                    table[(user_id, usage_key)] = percent
        return table

    def profile_fields(self, user_ids: Sequence[int], names: Sequence[str]) -> dict[int, dict[str, str]]:
        """The named custom profile fields of the users, by user id (no profiles: empty)."""
        return {}

    @abc.abstractmethod
    def set_completion(self, user_id: int, usage_key: UsageKey, completion: float) -> None:
        """Record block completion (0.0-1.0) for the user."""

    # Requests -----------------------------------------------------------------------------------

    def client_ip(self, request: Any) -> str | None:
        """The IP address of the HTTP client of ``request`` (behind proxies, as the platform sees it)."""
        return request.META.get("REMOTE_ADDR") or None

    # Reports -------------------------------------------------------------------------------------

    def store_course_report(self, course_key: CourseKey, filename: str, content: Any) -> bool:
        """Also keep a finished report where the platform lists a course's reports; whether it did.

        ``content`` is a binary file object at its start. Without such a place (the demo): False.
        """
        return False

    # Tracking -----------------------------------------------------------------------------------

    @abc.abstractmethod
    def emit_event(self, name: str, data: dict[str, Any], user_id: int | None = None) -> None:
        """Store or send a tracking event when eventtracking is not there (see attendance_app.tracking)."""

    def tracking_context(self, course_id: str) -> dict[str, str]:
        """The course context tracking events of ``course_id`` are emitted in."""
        from attendance_app.tracking import course_context

        return course_context(course_id)

    # Mirror backfill (read once per course, never per learner) ---------------------------------

    @abc.abstractmethod
    def mirrored_course_keys(self) -> list[CourseKey]:
        """Every course run, in key order: what ``backfill_attendance_mirrors`` walks without --course."""

    @abc.abstractmethod
    def enrollment_records(self, course_key: CourseKey) -> Iterator[EnrollmentRecord]:
        """Every enrollment of the course run, active or not."""

    @abc.abstractmethod
    def cohort_membership_records(self, course_key: CourseKey) -> Iterator[CohortMembershipRecord]:
        """Every learner's cohort in the course run."""

    @abc.abstractmethod
    def grade_summary_records(self, course_key: CourseKey) -> Iterator[GradeSummaryRecord]:
        """The persistent course grades of the course run."""

    @abc.abstractmethod
    def certificate_records(self, course_key: CourseKey) -> Iterator[CertificateRecord]:
        """The platform's course certificates of the course run (not ours)."""

    @abc.abstractmethod
    def access_role_records(self, course_key: CourseKey) -> Iterator[AccessRoleRecord]:
        """The course roles of the course run and the organization roles of its organization."""

    @abc.abstractmethod
    def published_block_records(
        self, course_key: CourseKey, block_type: str
    ) -> Iterator[PublishedBlockRecord]:
        """The published blocks of ``block_type`` in the course run."""
