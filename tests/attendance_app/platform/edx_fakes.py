"""Small stand-ins for the edx-platform modules the openedx backend imports, and nothing else.

Each fake module mirrors the signature of the upstream function or class it replaces (the upstream
path is in its docstring) and answers from one in-memory :class:`FakePlatform`. They are inserted in
``sys.modules`` only, at the import boundary of ``attendance_app.platform.openedx``; the backend's
own code and the database (Django's users) stay real. eventtracking is on PyPI, so the real
library runs with an in-memory backend instead of a fake.
"""

from __future__ import annotations

import sys
import types
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pytest
from eventtracking import tracker
from opaque_keys.edx.keys import CourseKey, UsageKey

from tests.attendance_app.platform import edx_fakes_mirrors as mirrors


@dataclass
class FakeBlock:
    """A block of a collected block structure: the fields the grades code reads."""

    location: UsageKey
    display_name: str
    graded: bool = False
    has_score: bool = False
    children: list[UsageKey] = field(default_factory=list)


class FakeBlockStructure:
    """openedx/core/djangoapps/content/block_structure/block_structure.py: BlockStructureBlockData."""

    def __init__(self, root: UsageKey) -> None:
        self.root_block_usage_key = root
        self.blocks: dict[UsageKey, FakeBlock] = {root: FakeBlock(root, "course")}

    def __getitem__(self, usage_key: UsageKey) -> FakeBlock:
        return self.blocks[usage_key]

    def __contains__(self, usage_key: object) -> bool:
        return usage_key in self.blocks

    def add(self, parent: UsageKey, block: FakeBlock) -> FakeBlock:
        self.blocks[block.location] = block
        self.blocks[parent].children.append(block.location)
        return block

    def get_children(self, usage_key: UsageKey) -> list[UsageKey]:
        return list(self.blocks[usage_key].children)

    def post_order_traversal(self, filter_func: Any = None, start_node: Any = None) -> list[UsageKey]:
        def visit(key: UsageKey) -> list[UsageKey]:
            below = [found for child in self.blocks[key].children for found in visit(child)]
            return [*below, key] if filter_func is None or filter_func(key) else below

        return visit(start_node or self.root_block_usage_key)


@dataclass(frozen=True)
class FakeScore:
    """lms/djangoapps/grades/scores.py: ProblemScore / AggregatedScore (earned, possible, first_attempted)."""

    earned: float
    possible: float
    first_attempted: datetime | None


@dataclass
class FakePlatform:
    """The state the fake modules answer from."""

    overviews: dict[CourseKey, Any] = field(default_factory=dict)
    enrollments: list[mirrors.FakeEnrollment] = field(default_factory=list)
    access_roles: list[Any] = field(default_factory=list)
    authz_assignments: dict[str, list[Any]] = field(default_factory=dict)
    cohorts: list[Any] = field(default_factory=list)
    structures: dict[CourseKey, FakeBlockStructure] = field(default_factory=dict)
    scores: dict[tuple[int, UsageKey], FakeScore] = field(default_factory=dict)
    completions: dict[tuple[int, UsageKey], float] = field(default_factory=dict)
    # (user id, subsection key): (earned_graded, possible_graded), as the persistent grades keep them
    subsection_grades: dict[tuple[int, UsageKey], FakeScore] = field(default_factory=dict)
    social_accounts: list[Any] = field(default_factory=list)
    # (user id, preference key): value, as user_api's UserPreference rows keep them
    preferences: dict[tuple[int, str], str] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)
    mirror: mirrors.MirrorRows = field(default_factory=mirrors.MirrorRows)

    def structure(self, course_key: CourseKey) -> FakeBlockStructure:
        if course_key not in self.structures:
            self.structures[course_key] = FakeBlockStructure(course_key.make_usage_key("course", "course"))
        return self.structures[course_key]


def _module(name: str, doc: str, **attrs: Any) -> types.ModuleType:
    module = types.ModuleType(name, doc)
    module.__dict__.update(attrs)
    return module


def _course_overviews_api(platform: FakePlatform) -> types.ModuleType:
    def get_course_overview_or_none(course_id: CourseKey) -> Any:
        return platform.overviews.get(course_id)

    return _module(
        "openedx.core.djangoapps.content.course_overviews.api",
        "Fake of openedx/core/djangoapps/content/course_overviews/api.py.",
        get_course_overview_or_none=get_course_overview_or_none,
    )


def _student_models(platform: FakePlatform) -> types.ModuleType:
    from django.contrib.auth import get_user_model

    class CourseEnrollmentManager(mirrors.RowManager):
        """common/djangoapps/student/models/course_enrollment.py: CourseEnrollmentManager."""

        def users_enrolled_in(self, course_id: CourseKey, include_inactive: bool = False) -> Any:
            rows = self.filter(course_id=course_id, **({} if include_inactive else {"is_active": True}))
            return get_user_model().objects.filter(id__in=list(rows.values_list("user_id", flat=True)))

    class CourseEnrollment:
        """common/djangoapps/student/models/course_enrollment.py: CourseEnrollment."""

        objects = CourseEnrollmentManager(lambda: platform.enrollments)

        def __init__(self, user: Any, course_id: CourseKey) -> None:
            self.user, self.course_id, self.is_active = user, course_id, True

        @classmethod
        def is_enrolled(cls, user: Any, course_key: CourseKey) -> bool:
            return bool(list(cls.objects.filter(user_id=user.id, course_id=course_key, is_active=True)))

        @classmethod
        def enrollments_for_user(cls, user: Any) -> list[CourseEnrollment]:
            rows = cls.objects.filter(user_id=user.id, is_active=True)
            return [cls(user, key) for key in rows.values_list("course_id", flat=True)]

    return _module(
        "common.djangoapps.student.models",
        "Fake of common/djangoapps/student/models/ (course_enrollment.py and student.py, re-exported).",
        CourseEnrollment=CourseEnrollment,
        CourseAccessRole=mirrors.course_access_role(platform),
    )


def _student_roles(platform: FakePlatform) -> types.ModuleType:
    class GlobalStaff:
        def has_user(self, user: Any) -> bool:
            return bool(user and user.is_staff)

    class RoleBase:
        """``has_user`` as upstream's RoleCache.has_role: same role, course (None: org-wide) and org."""

        def __init__(self, role_name: str, org: str = "", course_key: CourseKey | None = None) -> None:
            self.org, self.course_key, self._role_name = org, course_key, role_name

        def has_user(self, user: Any, check_user_activation: bool = True) -> bool:
            if check_user_activation and not (user.is_authenticated and user.is_active):
                return False
            return any(
                role.user_id == user.id
                and role.role == self._role_name
                and role.course_id == self.course_key
                and role.org == self.org
                for role in platform.access_roles
            )

    class CourseStaffRole(RoleBase):
        def __init__(self, course_key: CourseKey) -> None:
            super().__init__("staff", course_key.org, course_key)

    class CourseInstructorRole(RoleBase):
        def __init__(self, course_key: CourseKey) -> None:
            super().__init__("instructor", course_key.org, course_key)

    class OrgStaffRole(RoleBase):
        def __init__(self, org: str) -> None:
            super().__init__("staff", org)

    class OrgInstructorRole(RoleBase):
        def __init__(self, org: str) -> None:
            super().__init__("instructor", org)

    class UserBasedRole:
        def __init__(self, user: Any, role: str) -> None:
            self.user, self.role = user, role

        def courses_with_role(self) -> set[mirrors.FakeAccessRole]:
            return {r for r in platform.access_roles if r.user_id == self.user.id and r.role == self.role}

    return _module(
        "common.djangoapps.student.roles",
        "Fake of common/djangoapps/student/roles.py (legacy CourseAccessRole and openedx-authz merged).",
        GlobalStaff=GlobalStaff,
        CourseStaffRole=CourseStaffRole,
        CourseInstructorRole=CourseInstructorRole,
        OrgStaffRole=OrgStaffRole,
        OrgInstructorRole=OrgInstructorRole,
        UserBasedRole=UserBasedRole,
    )


def _authz_users(platform: FakePlatform) -> types.ModuleType:
    def get_user_role_assignments(user_external_key: str) -> list[Any]:
        return list(platform.authz_assignments.get(user_external_key, []))

    return _module(
        "openedx_authz.api.users",
        "Fake of openedx-authz openedx_authz/api/users.py: get_user_role_assignments.",
        get_user_role_assignments=get_user_role_assignments,
    )


def authz_org_assignment(org: str, role: str) -> Any:
    """openedx_authz/api/data.py: RoleAssignmentData over an OrgCourseOverviewGlobData scope."""
    scope = types.SimpleNamespace(IS_ORG_GLOB=True, org=org, external_key=f"course-v1:{org}+*")
    return types.SimpleNamespace(roles=[types.SimpleNamespace(external_key=role)], scope=scope)


class _DoesNotExist(Exception):
    pass


def _course_groups(platform: FakePlatform) -> tuple[types.ModuleType, types.ModuleType]:
    class CourseUserGroup:
        """openedx/core/djangoapps/course_groups/models.py: CourseUserGroup."""

        COHORT = "cohort"
        DoesNotExist = _DoesNotExist

    def get_course_cohorts(course: Any = None, course_id: Any = None, assignment_type: Any = None) -> list:
        key = course_id or course.location.course_key
        return [group for group in platform.cohorts if group.course_id == key]

    def get_cohort_by_id(course_key: CourseKey, cohort_id: int) -> Any:
        for group in platform.cohorts:
            if group.course_id == course_key and group.id == cohort_id:
                return group
        raise CourseUserGroup.DoesNotExist

    cohorts = _module(
        "openedx.core.djangoapps.course_groups.cohorts",
        "Fake of openedx/core/djangoapps/course_groups/cohorts.py.",
        get_course_cohorts=get_course_cohorts,
        get_cohort_by_id=get_cohort_by_id,
    )
    models = _module(
        "openedx.core.djangoapps.course_groups.models",
        "Fake of openedx/core/djangoapps/course_groups/models.py.",
        CourseUserGroup=CourseUserGroup,
        CohortMembership=mirrors.cohort_membership(platform),
    )
    return cohorts, models


def _grades(platform: FakePlatform) -> tuple[types.ModuleType, types.ModuleType, types.ModuleType]:
    def graded_subsections_for_course_id(course_id: CourseKey) -> Any:
        structure = platform.structure(course_id)
        for chapter in structure.get_children(structure.root_block_usage_key):
            for key in structure.get_children(chapter):
                if structure[key].graded:
                    yield structure[key]

    class CourseGrade:
        """lms/djangoapps/grades/course_grade.py: problem_scores and subsection_grade()."""

        def __init__(self, user: Any, course_key: CourseKey) -> None:
            self.structure = platform.structure(course_key)
            self.problem_scores = {
                key: score
                for (user_id, key), score in platform.scores.items()
                if user_id == user.id and key.course_key == course_key
            }

        def subsection_grade(self, subsection_key: UsageKey) -> Any:
            block = self.structure[subsection_key]  # KeyError outside the structure, as upstream
            problems = [
                key
                for key in self.structure.post_order_traversal(start_node=block.location)
                if self.structure[key].has_score
            ]
            scores = [self.problem_scores[key] for key in problems if key in self.problem_scores]
            attempts = [score.first_attempted for score in scores if score.first_attempted]
            total = FakeScore(
                sum(score.earned for score in scores),
                sum(score.possible for score in scores),
                min(attempts) if attempts else None,
            )
            return types.SimpleNamespace(location=subsection_key, graded_total=total)

    class CourseGradeFactory:
        """lms/djangoapps/grades/course_grade_factory.py: CourseGradeFactory.read."""

        def read(
            self,
            user: Any,
            course: Any = None,
            collected_block_structure: Any = None,
            course_structure: Any = None,
            course_key: CourseKey | None = None,
            create_if_needed: bool = True,
        ) -> CourseGrade:
            return CourseGrade(user, course_key or course.id)

    api = _module(
        "lms.djangoapps.grades.api",
        "Fake of lms/djangoapps/grades/api.py: graded_subsections_for_course_id, CourseGradeFactory.",
        graded_subsections_for_course_id=graded_subsections_for_course_id,
        CourseGradeFactory=CourseGradeFactory,
    )
    scores = _module(
        "lms.djangoapps.grades.scores",
        "Fake of lms/djangoapps/grades/scores.py: possibly_scored.",
        possibly_scored=lambda usage_key: usage_key.block_type in {"sequential", "vertical", "problem"},
    )
    block_structure = _module(
        "openedx.core.djangoapps.content.block_structure.api",
        "Fake of openedx/core/djangoapps/content/block_structure/api.py: get_course_in_cache.",
        get_course_in_cache=platform.structure,
    )
    return api, scores, block_structure


def _completion_models(platform: FakePlatform) -> types.ModuleType:
    class BlockCompletionManager:
        """openedx/completion completion/models.py: BlockCompletionManager.submit_completion."""

        def submit_completion(self, user: Any, block_key: UsageKey, completion: float) -> tuple[Any, bool]:
            created = (user.id, block_key) not in platform.completions
            platform.completions[(user.id, block_key)] = completion
            return types.SimpleNamespace(completion=completion), created

    class BlockCompletion:
        objects = BlockCompletionManager()

    return _module(
        "completion.models",
        "Fake of openedx/completion completion/models.py.",
        BlockCompletion=BlockCompletion,
    )


def _social_models(platform: FakePlatform) -> types.ModuleType:
    class UserSocialAuth:
        """social-app-django social_django/storage.py: UserSocialAuth.get_social_auth_for_user."""

        @classmethod
        def get_social_auth_for_user(cls, user: Any, provider: Any = None, id: Any = None) -> list:
            return [account for account in platform.social_accounts if account.user_id == user.id]

    return _module("social_django.models", "Fake of social_django/models.py.", UserSocialAuth=UserSocialAuth)


def _preferences(platform: FakePlatform) -> tuple[types.ModuleType, types.ModuleType]:
    def get_user_preference(requesting_user: Any, preference_key: str, username: Any = None) -> str | None:
        """openedx/core/djangoapps/user_api/preferences/api.py: get_user_preference (None when unset)."""
        assert username is None or username == requesting_user.username, "only one's own preferences"
        return platform.preferences.get((requesting_user.id, preference_key))

    api = _module(
        "openedx.core.djangoapps.user_api.preferences.api",
        "Fake of openedx/core/djangoapps/user_api/preferences/api.py.",
        get_user_preference=get_user_preference,
    )
    lang_pref = _module(
        "openedx.core.djangoapps.lang_pref",
        "Fake of openedx/core/djangoapps/lang_pref/__init__.py.",
        LANGUAGE_KEY="pref-lang",
    )
    return api, lang_pref


def _util_ip() -> types.ModuleType:
    def get_client_ip(request: Any) -> str:
        """openedx/core/djangoapps/util/ip.py: get_client_ip, without CLIENT_IP_HEADERS or proxies."""
        meta = dict(request.META)
        return meta.get("ORIGINAL_REMOTE_ADDR") or meta["REMOTE_ADDR"]

    return _module(
        "openedx.core.djangoapps.util.ip",
        "Fake of openedx/core/djangoapps/util/ip.py.",
        get_client_ip=get_client_ip,
    )


def _persistent_subsection_grade(platform: FakePlatform) -> type:
    class _Rows:
        def __init__(self, rows: list[dict[str, Any]]) -> None:
            self.rows = rows

        def values_list(self, *names: str) -> list[tuple[Any, ...]]:
            return [tuple(row[name] for name in names) for row in self.rows]

    class _Manager:
        def filter(self, course_id: CourseKey, user_id__in: list[int]) -> _Rows:
            return _Rows(
                [
                    {
                        "user_id": user_id,
                        "usage_key": usage_key,
                        "earned_graded": score.earned,
                        "possible_graded": score.possible,
                        "first_attempted": score.first_attempted,
                    }
                    for (user_id, usage_key), score in platform.subsection_grades.items()
                    if usage_key.course_key == course_id and user_id in set(user_id__in)
                ]
            )

    class PersistentSubsectionGrade:
        """lms/djangoapps/grades/models.py: user_id, course_id, usage_key, earned/possible_graded."""

        objects = _Manager()

    return PersistentSubsectionGrade


class _MemoryBackend:
    def __init__(self, events: list[dict[str, Any]]) -> None:
        self.events = events

    def send(self, event: dict[str, Any]) -> None:
        self.events.append(event)


def install(monkeypatch: pytest.MonkeyPatch, platform: FakePlatform) -> None:
    """Put the fakes in ``sys.modules`` (with parent packages) for the duration of one test."""
    cohorts, groups_models = _course_groups(platform)
    grades_api, grades_scores, block_structure = _grades(platform)
    modules = [
        _course_overviews_api(platform),
        _student_models(platform),
        _student_roles(platform),
        _authz_users(platform),
        cohorts,
        groups_models,
        grades_api,
        grades_scores,
        block_structure,
        _completion_models(platform),
        _social_models(platform),
        *_preferences(platform),
        *mirrors.modules(platform, PersistentSubsectionGrade=_persistent_subsection_grade(platform)),
        _util_ip(),
    ]
    for module in modules:
        parts = module.__name__.split(".")
        for depth in range(1, len(parts)):
            package = ".".join(parts[:depth])
            if package not in sys.modules or not getattr(sys.modules[package], "_attendance_fake", False):
                fake_package = _module(package, "A fake package holding fake edx-platform modules.")
                fake_package._attendance_fake = True  # type: ignore[attr-defined]
                fake_package.__path__ = []  # type: ignore[attr-defined]
                monkeypatch.setitem(sys.modules, package, fake_package)
        monkeypatch.setitem(sys.modules, module.__name__, module)
        for depth in range(1, len(parts)):
            parent = sys.modules[".".join(parts[:depth])]
            monkeypatch.setattr(
                parent, parts[depth], sys.modules[".".join(parts[: depth + 1])], raising=False
            )
    monkeypatch.setitem(
        tracker.TRACKERS,
        tracker.DEFAULT_TRACKER_NAME,
        tracker.Tracker({"memory": _MemoryBackend(platform.events)}),
    )
