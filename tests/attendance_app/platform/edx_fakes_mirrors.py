"""Fakes of the edx-platform modules the openedx backend reads for the mirrors backfill.

Like :mod:`tests.attendance_app.platform.edx_fakes` (which installs these too), each fake mirrors the
upstream names it replaces and cites the upstream file. The model fakes are not Django models: their
``objects`` is a :class:`RowManager` over in-memory rows that answers exactly the queryset calls the
backend makes (``filter`` with field, ``__`` related-field and ``__iexact`` lookups or ``Q`` objects,
``order_by``, ``values_list``, ``iterator``). Row fields carry the upstream model field names.
"""

from __future__ import annotations

import contextlib
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from django.db.models import Q
from opaque_keys.edx.django.models import CourseKeyField
from opaque_keys.edx.keys import CourseKey


def _stored(value: Any) -> Any:
    """A key field's value as the database gives it back: the ``Empty`` course key ('') reads as None."""
    return None if value is CourseKeyField.Empty else value


def _value(row: Any, path: str) -> Any:
    for name in path.split("__"):
        row = getattr(row, name)
    return row


def _matches(row: Any, lookup: str, wanted: Any) -> bool:
    path, _, kind = lookup.rpartition("__") if lookup.endswith("__iexact") else (lookup, "", "exact")
    actual, wanted = _stored(_value(row, path)), _stored(wanted)
    if kind == "iexact":
        return str(actual).casefold() == str(wanted).casefold()
    return bool(actual == wanted)


def _satisfies(row: Any, condition: Q) -> bool:
    results = (
        _satisfies(row, child) if isinstance(child, Q) else _matches(row, *cast(tuple[str, Any], child))
        for child in condition.children
    )
    result = any(results) if condition.connector == Q.OR else all(results)
    return result != condition.negated


class RowManager:
    """The slice of Django's Manager/QuerySet API the openedx backend uses, over in-memory rows."""

    def __init__(self, rows: Callable[[], list[Any]]) -> None:
        self._rows = rows

    def _all(self) -> list[Any]:
        return list(self._rows())

    def filter(self, *conditions: Q, **lookups: Any) -> RowManager:
        condition = Q(*conditions, **lookups)
        kept = [row for row in self._all() if _satisfies(row, condition)]
        return RowManager(lambda: kept)

    def order_by(self, *fields: str) -> RowManager:
        ordered = sorted(self._all(), key=lambda row: tuple(_value(row, name) for name in fields))
        return RowManager(lambda: ordered)

    def values_list(self, *fields: str, flat: bool = False) -> RowManager:
        if flat:
            (only,) = fields
            values = [_stored(_value(row, only)) for row in self._all()]
        else:
            values = [tuple(_stored(_value(row, name)) for name in fields) for row in self._all()]
        return RowManager(lambda: values)

    def iterator(self) -> Iterator[Any]:
        return iter(self._all())

    def __iter__(self) -> Iterator[Any]:
        return iter(self._all())


@dataclass(frozen=True)
class FakeAccessRole:
    """common/djangoapps/student/roles.py: AuthzCompatCourseAccessRole (org, course_id, role); also the
    row of common/djangoapps/student/models/student.py: CourseAccessRole."""

    user_id: int
    org: str
    course_id: CourseKey | None
    role: str
    id: int = field(default=0, compare=False)


@dataclass
class FakeEnrollment:
    """common/djangoapps/student/models/course_enrollment.py: CourseEnrollment (course FK, so course_id)."""

    id: int
    user_id: int
    course_id: CourseKey
    mode: str
    is_active: bool


@dataclass
class FakeCohortMembership:
    """openedx/core/djangoapps/course_groups/models.py: CohortMembership (course_user_group, course_id)."""

    id: int
    user_id: int
    course_id: CourseKey
    course_user_group: Any  # a CourseUserGroup: .name, .course_id


@dataclass
class FakeCourseGrade:
    """lms/djangoapps/grades/models.py: PersistentCourseGrade (percent_grade is 0.0-1.0)."""

    id: int
    user_id: int
    course_id: CourseKey
    percent_grade: float
    letter_grade: str
    passed_timestamp: datetime | None


@dataclass
class FakeCertificate:
    """lms/djangoapps/certificates/models.py: GeneratedCertificate (user, course_id, mode, status)."""

    id: int
    user_id: int
    course_id: CourseKey
    mode: str
    status: str


@dataclass
class FakeStoreBlock:
    """A modulestore item: its location and whether its published version exists."""

    location: Any  # a BlockUsageLocator (UsageKey has no for_branch)
    published: bool = True


@dataclass
class MirrorRows:
    """The platform tables the mirrors backfill reads (enrollments and roles live in FakePlatform)."""

    cohort_memberships: list[FakeCohortMembership] = field(default_factory=list)
    course_grades: list[FakeCourseGrade] = field(default_factory=list)
    certificates: list[FakeCertificate] = field(default_factory=list)
    blocks: list[FakeStoreBlock] = field(default_factory=list)


def _module(name: str, doc: str, **attrs: Any) -> types.ModuleType:
    module = types.ModuleType(name, doc)
    module.__dict__.update(attrs)
    return module


def course_access_role(platform: Any) -> type:
    class CourseAccessRole:
        """common/djangoapps/student/models/student.py: CourseAccessRole (org, course_id, role; no course:
        an organization-wide role). Upstream's NoneToEmptyManager stores a missing course as ''."""

        objects = RowManager(lambda: platform.access_roles)

    return CourseAccessRole


def cohort_membership(platform: Any) -> type:
    class CohortMembership:
        """openedx/core/djangoapps/course_groups/models.py: CohortMembership."""

        objects = RowManager(lambda: platform.mirror.cohort_memberships)

    return CohortMembership


class ModuleStoreEnum:
    """xmodule/modulestore/__init__.py: ModuleStoreEnum.Branch and BranchName (split's branch names)."""

    class Branch:
        draft_preferred = "draft-preferred"
        published_only = "published-only"

    class BranchName:
        draft = "draft-branch"
        published = "published-branch"


class FakeModuleStore:
    """xmodule/modulestore/mixed.py: MixedModuleStore.branch_setting and get_items.

    Without a branch setting it prefers drafts, as in Studio. Items of split courses come back with
    branch-qualified locations (``...+branch@published-branch+type@...``), as upstream.
    """

    def __init__(self, rows: MirrorRows) -> None:
        self.rows = rows
        self.branch = ModuleStoreEnum.Branch.draft_preferred

    @contextlib.contextmanager
    def branch_setting(self, branch_setting: str, course_id: CourseKey | None = None) -> Iterator[None]:
        previous, self.branch = self.branch, branch_setting
        try:
            yield
        finally:
            self.branch = previous

    def get_items(self, course_key: CourseKey, **kwargs: Any) -> list[Any]:
        category = (kwargs.get("qualifiers") or {}).get("category")
        published_only = self.branch == ModuleStoreEnum.Branch.published_only
        branch = ModuleStoreEnum.BranchName.published if published_only else ModuleStoreEnum.BranchName.draft
        return [
            types.SimpleNamespace(
                location=block.location.for_branch(branch), category=block.location.block_type
            )
            for block in self.rows.blocks
            if block.location.course_key == course_key
            and (category is None or block.location.block_type == category)
            and (block.published or not published_only)
        ]


def _course_context_from_course_id(course_id: CourseKey | None) -> dict[str, str]:
    """common/djangoapps/track/contexts.py: context_dict_for_learning_context without 'context_id'."""
    context = {"course_id": "", "org_id": "", "enterprise_uuid": ""}
    if course_id is not None:
        context["course_id"] = str(course_id) if course_id.is_course else ""
        context["org_id"] = getattr(course_id, "org", "")
    return context


def modules(platform: Any, **grades_models: Any) -> list[types.ModuleType]:
    """The fake modules of the mirrors backfill, answering from ``platform`` (an edx_fakes.FakePlatform).

    ``grades_models`` are more classes of ``lms.djangoapps.grades.models`` (one module holds them all).
    """
    rows: MirrorRows = platform.mirror
    store = FakeModuleStore(rows)

    class CourseOverview:
        """openedx/core/djangoapps/content/course_overviews/models.py: CourseOverview.get_all_course_keys."""

        @classmethod
        def get_all_course_keys(cls) -> list[CourseKey]:
            return list(platform.overviews)

    class PersistentCourseGrade:
        """lms/djangoapps/grades/models.py: PersistentCourseGrade."""

        objects = RowManager(lambda: rows.course_grades)

    class GeneratedCertificate:
        """lms/djangoapps/certificates/models.py: GeneratedCertificate (``objects``: every status)."""

        objects = RowManager(lambda: rows.certificates)

    return [
        _module(
            "openedx.core.djangoapps.content.course_overviews.models",
            "Fake of openedx/core/djangoapps/content/course_overviews/models.py.",
            CourseOverview=CourseOverview,
        ),
        _module(
            "lms.djangoapps.grades.models",
            "Fake of lms/djangoapps/grades/models.py.",
            PersistentCourseGrade=PersistentCourseGrade,
            **grades_models,
        ),
        _module(
            "lms.djangoapps.certificates.models",
            "Fake of lms/djangoapps/certificates/models.py.",
            GeneratedCertificate=GeneratedCertificate,
        ),
        _module(
            "xmodule.modulestore",
            "Fake of xmodule/modulestore/__init__.py (a package: it holds ``django``).",
            ModuleStoreEnum=ModuleStoreEnum,
            __path__=[],
            _attendance_fake=True,
        ),
        _module(
            "xmodule.modulestore.django",
            "Fake of xmodule/modulestore/django.py: modulestore().",
            modulestore=lambda: store,
        ),
        _module(
            "common.djangoapps.track.contexts",
            "Fake of common/djangoapps/track/contexts.py.",
            course_context_from_course_id=_course_context_from_course_id,
        ),
    ]
