"""One way to set up platform state for each backend, so that one contract suite runs on both.

``StandaloneWorld`` writes the standalone tables; ``OpenEdxWorld`` fills the fake edx-platform
modules of :mod:`tests.attendance_app.platform.edx_fakes`. A test says *what* exists (an enrollment,
a role, a graded subsection) and asks the backend; it never looks at how the world stored it.
"""

from __future__ import annotations

import types
from datetime import UTC, datetime
from typing import Any

from opaque_keys.edx.django.models import CourseKeyField
from opaque_keys.edx.keys import CourseKey, UsageKey
from xblock.fields import ScopeIds
from xblock.reference.user_service import XBlockUser

from attendance_app.models import Activity
from attendance_app.platform.base import PlatformBackend
from attendance_app.platform.openedx import OpenEdxBackend
from attendance_app.platform.standalone import models
from attendance_app.platform.standalone.backend import StandaloneBackend
from tests.attendance_app.platform import edx_fakes
from tests.attendance_app.platform import edx_fakes_mirrors as mirrors

ATTEMPTED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class _UserService:
    def __init__(self, user: XBlockUser) -> None:
        self.user = user

    def get_current_user(self) -> XBlockUser:
        return self.user


def rendered_block(user: Any, usage_key: UsageKey) -> Any:
    """A block as the runtime hands it over: scope ids and the XBlock "user" service (xblock.reference)."""
    if user is None:
        opt_attrs: dict[str, Any] = {"edx-platform.is_authenticated": False}
    else:
        opt_attrs = {
            "edx-platform.user_id": user.id,
            "edx-platform.username": user.username,
            "edx-platform.is_authenticated": True,
        }
    xblock_user = XBlockUser(is_current_user=True)
    xblock_user.opt_attrs = opt_attrs
    service = _UserService(xblock_user)
    block = types.SimpleNamespace(scope_ids=ScopeIds(None, usage_key.block_type, None, usage_key))
    block.runtime = types.SimpleNamespace(service=lambda _block, name: service if name == "user" else None)
    return block


class Outline:
    """Keys of a course outline built by a world: graded subsections and their problems."""

    def __init__(self) -> None:
        self.subsections: list[UsageKey] = []
        self.problems: dict[UsageKey, list[UsageKey]] = {}

    def subsection_of(self, problem: UsageKey) -> UsageKey:
        return next(sub for sub, problems in self.problems.items() if problem in problems)


class StandaloneWorld:
    name = "standalone"
    #: What of the platform's data this world keeps: the standalone tables have no enrollment modes,
    #: persistent course grades or platform certificates, so its backend reports none of them.
    keeps: frozenset[str] = frozenset()

    def __init__(self) -> None:
        self.backend: PlatformBackend = StandaloneBackend()
        self.outline = Outline()
        self._scores: dict[tuple[int, UsageKey], tuple[float, float]] = {}

    def course(self, key: CourseKey, name: str, start: datetime | None, end: datetime | None) -> None:
        models.Course.objects.create(course_key=key, display_name=name, start=start, end=end)

    def enroll(self, user: Any, key: CourseKey, active: bool = True, mode: str = "audit") -> None:
        models.Enrollment.objects.create(user=user, course_key=key, is_active=active)

    def course_grade(self, user: Any, key: CourseKey, percent: float, letter: str, passed: bool) -> None:
        """Nothing to store: the standalone platform keeps no course grades."""

    def certificate(self, user: Any, key: CourseKey, mode: str, status: str) -> None:
        """Nothing to store: the standalone platform issues no course certificates of its own."""

    def published_block(self, key: CourseKey, block_type: str, block_id: str) -> UsageKey:
        """The standalone platform's published blocks are the app's configured activities."""
        usage_key = key.make_usage_key(block_type, block_id)
        Activity.objects.create(usage_key=usage_key, course_key=key, display_name=block_id)
        return usage_key

    def course_role(self, user: Any, key: CourseKey, role: str) -> None:
        models.AccessRole.objects.create(user=user, course_key=key, org=key.org, role=role)

    def org_role(self, user: Any, org: str, role: str) -> None:
        models.AccessRole.objects.create(user=user, course_key=CourseKeyField.Empty, org=org, role=role)

    def org_admin(self, user: Any, org: str) -> None:
        models.AccessRole.objects.create(
            user=user, course_key=CourseKeyField.Empty, org=org, role="org_admin"
        )

    def cohort(self, key: CourseKey, name: str, members: list[Any]) -> int:
        cohort = models.Cohort.objects.create(course_key=key, name=name)
        cohort.members.add(*members)
        return cohort.id

    def graded_subsection(
        self, key: CourseKey, name: str, problems: list[str], graded: bool = True
    ) -> UsageKey:
        subsection = key.make_usage_key("sequential", name.replace(" ", "_"))
        problem_keys = [key.make_usage_key("problem", problem.replace(" ", "_")) for problem in problems]
        if graded:  # the standalone table lists only what a quiz rule may point at
            position = models.GradableItem.objects.count()
            models.GradableItem.objects.create(
                course_key=key, usage_key=subsection, display_name=name, kind="subsection", position=position
            )
            for offset, (problem, problem_key) in enumerate(zip(problems, problem_keys, strict=True), 1):
                models.GradableItem.objects.create(
                    course_key=key,
                    usage_key=problem_key,
                    display_name=problem,
                    kind="problem",
                    position=position + offset,
                )
        self.outline.subsections.append(subsection)
        self.outline.problems[subsection] = problem_keys
        return subsection

    def score(self, user: Any, problem: UsageKey, earned: float, possible: float) -> None:
        """A problem score; the subsection's grade is its problems' total, as the LMS computes it."""
        models.Grade.objects.update_or_create(
            user=user, usage_key=problem, defaults={"percent": round(100 * earned / possible, 2)}
        )
        self._scores[(user.id, problem)] = (earned, possible)
        subsection = self.outline.subsection_of(problem)
        mine = [
            self._scores[(user.id, key)]
            for key in self.outline.problems[subsection]
            if (user.id, key) in self._scores
        ]
        models.Grade.objects.update_or_create(
            user=user,
            usage_key=subsection,
            defaults={"percent": round(100 * sum(e for e, _ in mine) / sum(p for _, p in mine), 2)},
        )

    def sso(self, user: Any, provider: str, uid: str) -> None:
        models.SocialIdentity.objects.create(user=user, provider=provider, uid=uid)

    def preference(self, user: Any, key: str, value: str) -> None:
        models.UserPreference.objects.create(user=user, key=key, value=value)

    def completion(self, user: Any, usage_key: UsageKey) -> float | None:
        return (
            models.Completion.objects.filter(user=user, usage_key=usage_key)
            .values_list("completion", flat=True)
            .first()
        )

    def events(self) -> list[tuple[str, dict[str, Any]]]:
        return [(event.name, event.data) for event in models.TrackedEvent.objects.order_by("id")]


class OpenEdxWorld:
    name = "openedx"
    keeps: frozenset[str] = frozenset({"enrollment modes", "course grades", "certificates"})

    def __init__(self, monkeypatch: Any) -> None:
        self.platform = edx_fakes.FakePlatform()
        edx_fakes.install(monkeypatch, self.platform)
        self.backend: PlatformBackend = OpenEdxBackend()
        self.outline = Outline()
        self._next_id = 100

    def course(self, key: CourseKey, name: str, start: datetime | None, end: datetime | None) -> None:
        self.platform.overviews[key] = types.SimpleNamespace(id=key, display_name=name, start=start, end=end)

    def _new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def enroll(self, user: Any, key: CourseKey, active: bool = True, mode: str = "audit") -> None:
        self.platform.enrollments.append(mirrors.FakeEnrollment(self._new_id(), user.id, key, mode, active))

    def course_grade(self, user: Any, key: CourseKey, percent: float, letter: str, passed: bool) -> None:
        passed_at = ATTEMPTED if passed else None
        row = mirrors.FakeCourseGrade(self._new_id(), user.id, key, percent, letter, passed_at)
        self.platform.mirror.course_grades.append(row)

    def certificate(self, user: Any, key: CourseKey, mode: str, status: str) -> None:
        row = mirrors.FakeCertificate(self._new_id(), user.id, key, mode, status)
        self.platform.mirror.certificates.append(row)

    def published_block(
        self, key: CourseKey, block_type: str, block_id: str, published: bool = True
    ) -> UsageKey:
        usage_key = key.make_usage_key(block_type, block_id)
        self.platform.mirror.blocks.append(mirrors.FakeStoreBlock(usage_key, published))
        return usage_key

    def course_role(self, user: Any, key: CourseKey, role: str) -> None:
        self.platform.access_roles.append(mirrors.FakeAccessRole(user.id, key.org, key, role, self._new_id()))

    def org_role(self, user: Any, org: str, role: str) -> None:
        self.platform.access_roles.append(mirrors.FakeAccessRole(user.id, org, None, role, self._new_id()))

    def org_admin(self, user: Any, org: str) -> None:
        # An org-wide instructor (legacy CourseAccessRole with no course) administers the org.
        self.org_role(user, org, "instructor")

    def cohort(self, key: CourseKey, name: str, members: list[Any]) -> int:
        """A CourseUserGroup and, as upstream's CohortMembership.assign does, a membership per member."""
        users = types.SimpleNamespace(all=lambda: list(members))
        group = types.SimpleNamespace(id=self._new_id(), name=name, course_id=key, users=users)
        self.platform.cohorts.append(group)
        for member in members:
            membership = mirrors.FakeCohortMembership(self._new_id(), member.id, key, group)
            self.platform.mirror.cohort_memberships.append(membership)
        return group.id

    def graded_subsection(
        self, key: CourseKey, name: str, problems: list[str], graded: bool = True
    ) -> UsageKey:
        structure = self.platform.structure(key)
        chapter = key.make_usage_key("chapter", "week")
        if chapter not in structure:
            structure.add(structure.root_block_usage_key, edx_fakes.FakeBlock(chapter, "Week"))
        subsection = key.make_usage_key("sequential", name.replace(" ", "_"))
        structure.add(chapter, edx_fakes.FakeBlock(subsection, name, graded=graded))
        unit = structure.add(
            subsection,
            edx_fakes.FakeBlock(key.make_usage_key("vertical", f"{subsection.block_id}_u"), "Unit"),
        )
        problem_keys = []
        for problem in problems:
            problem_key = key.make_usage_key("problem", problem.replace(" ", "_"))
            structure.add(unit.location, edx_fakes.FakeBlock(problem_key, problem, has_score=True))
            problem_keys.append(problem_key)
        self.outline.subsections.append(subsection)
        self.outline.problems[subsection] = problem_keys
        return subsection

    def score(self, user: Any, problem: UsageKey, earned: float, possible: float) -> None:
        self.platform.scores[(user.id, problem)] = edx_fakes.FakeScore(earned, possible, ATTEMPTED)
        subsection = self.outline.subsection_of(problem)
        mine = [
            self.platform.scores[(user.id, key)]
            for key in self.outline.problems[subsection]
            if (user.id, key) in self.platform.scores
        ]
        self.platform.subsection_grades[(user.id, subsection)] = edx_fakes.FakeScore(
            sum(score.earned for score in mine), sum(score.possible for score in mine), ATTEMPTED
        )

    def sso(self, user: Any, provider: str, uid: str) -> None:
        self.platform.social_accounts.append(
            types.SimpleNamespace(id=self._new_id(), user_id=user.id, provider=provider, uid=uid)
        )

    def preference(self, user: Any, key: str, value: str) -> None:
        self.platform.preferences[(user.id, key)] = value

    def completion(self, user: Any, usage_key: UsageKey) -> float | None:
        return self.platform.completions.get((user.id, usage_key))

    def events(self) -> list[tuple[str, dict[str, Any]]]:
        return [(event["name"], event["data"]) for event in self.platform.events]
