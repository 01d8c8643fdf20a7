"""Events in: the real openedx-events signals and data classes fill the mirror tables.

Each test sends the signal as edx-platform does (``send_event`` with the event's time), so the
receivers get the real payload and metadata. Events replayed or arriving out of order never undo a
newer change.
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import transaction
from django.test import TestCase
from django.utils.module_loading import import_string
from openedx_events.content_authoring.data import XBlockData
from openedx_events.content_authoring.signals import XBLOCK_DELETED, XBLOCK_PUBLISHED
from openedx_events.learning.data import (
    CertificateData,
    CohortData,
    CourseAccessRoleData,
    CourseData,
    CourseEnrollmentData,
    CoursePassingStatusData,
    PersistentCourseGradeData,
    UserData,
    UserPersonalData,
)
from openedx_events.learning.signals import (
    CERTIFICATE_CHANGED,
    CERTIFICATE_CREATED,
    CERTIFICATE_REVOKED,
    COHORT_MEMBERSHIP_CHANGED,
    COURSE_ACCESS_ROLE_ADDED,
    COURSE_ACCESS_ROLE_REMOVED,
    COURSE_ENROLLMENT_CHANGED,
    COURSE_ENROLLMENT_CREATED,
    COURSE_PASSING_STATUS_UPDATED,
    COURSE_UNENROLLMENT_COMPLETED,
    PERSISTENT_GRADE_SUMMARY_CHANGED,
)

from attendance_app import receivers
from attendance_app.apps import OPENEDX_EVENT_RECEIVERS, AttendanceAppConfig, dispatch_uid
from attendance_app.models import (
    CertificateMirror,
    CohortMembershipMirror,
    CourseAccessRoleMirror,
    EnrollmentMirror,
    GradeSummaryMirror,
    PublishedBlockMirror,
)
from tests.factories import COURSE_KEY, UserFactory

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
COURSE = CourseData(course_key=COURSE_KEY, display_name="CE 101")


def later(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


@pytest.fixture
def person(db):
    return UserFactory(username="mirrored")


def user_data(user) -> UserData:
    return UserData(
        id=user.id,
        is_active=True,
        pii=UserPersonalData(username=user.username, email=user.email, name=user.get_full_name()),
    )


def send(signal, time: datetime, **data) -> None:
    """Send as edx-platform does, in its transaction, which then commits (the mirrors are written
    on commit). A receiver's exception fails the test (send_robust would hide it)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        responses = signal.send_event(time=time, **data)
    for _receiver, response in responses:
        if isinstance(response, Exception):
            raise response


def enrollment(user, mode="verified", is_active=True) -> CourseEnrollmentData:
    return CourseEnrollmentData(
        user=user_data(user), course=COURSE, mode=mode, is_active=is_active, creation_date=T0
    )


# Wiring ------------------------------------------------------------------------------------------


def test_every_receiver_is_in_the_plugin_signals_config_with_its_dispatch_uid():
    config = AttendanceAppConfig.plugin_app["signals_config"]
    for project in ("lms.djangoapp", "cms.djangoapp"):
        receivers = config[project]["receivers"]
        assert config[project]["relative_path"] == "receivers"
        assert [(r["signal_path"], r["receiver_func_name"]) for r in receivers] == list(
            OPENEDX_EVENT_RECEIVERS
        )
        assert len({r["dispatch_uid"] for r in receivers}) == len(receivers)


def test_edx_django_utils_connects_the_same_receivers_once(monkeypatch):
    """What edx-platform runs at start-up (connect_plugin_receivers, through our entry point) adds
    no second connection to the ones the app's ready() made."""
    from edx_django_utils.plugins import plugin_signals, registry

    # Our plugin only: beside edx-platform's libraries other plugins' receivers need the platform.
    every_plugin = registry.get_plugin_app_configs
    monkeypatch.setattr(
        registry,
        "get_plugin_app_configs",
        lambda project: [config for config in every_plugin(project) if config.name == "attendance_app"],
    )

    before = {path: len(import_string(path).receivers) for path, _name in OPENEDX_EVENT_RECEIVERS}
    uid = dispatch_uid(*OPENEDX_EVENT_RECEIVERS[0])
    assert COURSE_ENROLLMENT_CREATED.disconnect(dispatch_uid=uid)
    try:
        plugin_signals.connect_plugin_receivers("lms.djangoapp")  # connects it again, and only it
    finally:
        receivers.connect_receivers()

    assert {path: len(import_string(path).receivers) for path in before} == before
    assert all(count >= 1 for count in before.values())


# Enrollment ----------------------------------------------------------------------------------------


def test_enrollment_created_changed_and_unenrolled(person):
    send(COURSE_ENROLLMENT_CREATED, T0, enrollment=enrollment(person, "audit"))
    send(COURSE_ENROLLMENT_CHANGED, later(1), enrollment=enrollment(person, "verified"))

    row = EnrollmentMirror.objects.get()
    assert (row.user_id, row.course_key, row.mode, row.is_active, row.changed_at) == (
        person.id,
        COURSE_KEY,
        "verified",
        True,
        later(1),
    )

    # The platform's unenrollment payload may still say active; the mirror does not.
    send(COURSE_UNENROLLMENT_COMPLETED, later(2), enrollment=enrollment(person, "verified", is_active=True))
    assert EnrollmentMirror.objects.get().is_active is False


def test_a_late_event_never_undoes_a_newer_one_and_a_replay_changes_nothing(person):
    send(COURSE_UNENROLLMENT_COMPLETED, later(5), enrollment=enrollment(person))
    send(COURSE_ENROLLMENT_CREATED, T0, enrollment=enrollment(person, "audit"))  # arrives late
    send(COURSE_UNENROLLMENT_COMPLETED, later(5), enrollment=enrollment(person))  # replayed

    row = EnrollmentMirror.objects.get()
    assert (row.is_active, row.changed_at) == (False, later(5))
    assert EnrollmentMirror.objects.count() == 1


def test_a_rolled_back_platform_change_mirrors_nothing(person):
    with TestCase.captureOnCommitCallbacks(execute=True), pytest.raises(RuntimeError):
        rolled_back_enrollment(person)

    assert not EnrollmentMirror.objects.exists()


def rolled_back_enrollment(person) -> None:
    with transaction.atomic():
        COURSE_ENROLLMENT_CREATED.send_event(time=T0, enrollment=enrollment(person))
        raise RuntimeError("the platform's enrollment failed")


# Cohorts, grades, certificates ------------------------------------------------------------------------


def test_cohort_membership_moves_and_keeps_the_newest(person):
    for minutes, name in [(0, "Blue"), (2, "Green"), (1, "Red")]:
        send(
            COHORT_MEMBERSHIP_CHANGED,
            later(minutes),
            cohort=CohortData(user=user_data(person), course=COURSE, name=name),
        )

    assert CohortMembershipMirror.objects.get().cohort_name == "Green"


def grade(person, percent, passed_at) -> PersistentCourseGradeData:
    return PersistentCourseGradeData(
        user_id=person.id,
        course=COURSE,
        course_edited_timestamp=T0,
        course_version="v1",
        grading_policy_hash="hash",
        percent_grade=percent,
        letter_grade="Pass" if passed_at else "",
        passed_timestamp=passed_at,
    )


def passing(person, is_passing) -> CoursePassingStatusData:
    return CoursePassingStatusData(is_passing=is_passing, course=COURSE, user=user_data(person))


def test_grade_summary_and_passing_status_each_keep_their_newest(person):
    send(PERSISTENT_GRADE_SUMMARY_CHANGED, later(1), grade=grade(person, 0.82, later(1)))
    send(COURSE_PASSING_STATUS_UPDATED, later(3), course_passing_status=passing(person, False))
    send(PERSISTENT_GRADE_SUMMARY_CHANGED, later(2), grade=grade(person, 0.91, later(2)))

    row = GradeSummaryMirror.objects.get()
    # The newer grade summary wins the percent; the newer passing status wins "passed".
    assert (row.percent, row.letter_grade, row.passed) == (0.91, "Pass", False)
    assert (row.grade_changed_at, row.passed_changed_at) == (later(2), later(3))

    send(PERSISTENT_GRADE_SUMMARY_CHANGED, T0, grade=grade(person, 0.10, None))  # late
    assert GradeSummaryMirror.objects.get().percent == 0.91


def certificate(person, status, previous="") -> CertificateData:
    return CertificateData(
        user=user_data(person),
        course=COURSE,
        mode="verified",
        grade="0.9",
        download_url="",
        name=person.get_full_name(),
        current_status=status,
        previous_status=previous,
    )


def test_certificates_created_changed_revoked(person):
    send(CERTIFICATE_CREATED, T0, certificate=certificate(person, "downloadable"))
    send(CERTIFICATE_CHANGED, later(1), certificate=certificate(person, "downloadable", "generating"))
    send(CERTIFICATE_REVOKED, later(2), certificate=certificate(person, "notpassing", "downloadable"))
    send(CERTIFICATE_CHANGED, later(1), certificate=certificate(person, "downloadable"))  # late

    row = CertificateMirror.objects.get()
    assert (row.mode, row.status, row.revoked, row.changed_at) == ("verified", "notpassing", True, later(2))


# Roles -------------------------------------------------------------------------------------------------


def role(person, name, course_key=COURSE_KEY, org="DemoX") -> CourseAccessRoleData:
    return CourseAccessRoleData(user=user_data(person), org_key=org, course_key=course_key, role=name)


def test_roles_added_and_removed_in_any_order(person):
    send(COURSE_ACCESS_ROLE_ADDED, T0, course_access_role_data=role(person, "staff"))
    send(COURSE_ACCESS_ROLE_ADDED, T0, course_access_role_data=role(person, "instructor"))
    send(COURSE_ACCESS_ROLE_REMOVED, later(2), course_access_role_data=role(person, "staff"))
    send(COURSE_ACCESS_ROLE_ADDED, later(1), course_access_role_data=role(person, "staff"))  # late
    send(COURSE_ACCESS_ROLE_ADDED, T0, course_access_role_data=role(person, "instructor", course_key=None))

    active = CourseAccessRoleMirror.objects.filter(active=True)
    assert sorted((row.role, str(row.course_key or "")) for row in active) == [
        ("instructor", ""),
        ("instructor", str(COURSE_KEY)),
    ]
    assert CourseAccessRoleMirror.objects.get(role="staff").active is False


# Studio ------------------------------------------------------------------------------------------------


def test_published_attendance_blocks_are_mirrored_and_deletions_marked():
    attendance = COURSE_KEY.make_usage_key("attendance", "live")
    problem = COURSE_KEY.make_usage_key("problem", "quiz")
    send(XBLOCK_PUBLISHED, T0, xblock_info=XBlockData(usage_key=attendance, block_type="attendance"))
    send(XBLOCK_PUBLISHED, T0, xblock_info=XBlockData(usage_key=problem, block_type="problem"))

    row = PublishedBlockMirror.objects.get()
    assert (row.usage_key, row.course_key, row.deleted) == (attendance, COURSE_KEY, False)

    send(XBLOCK_DELETED, later(1), xblock_info=XBlockData(usage_key=attendance, block_type="attendance"))
    send(XBLOCK_PUBLISHED, T0, xblock_info=XBlockData(usage_key=attendance, block_type="attendance"))  # late
    assert PublishedBlockMirror.objects.get().deleted is True


# Concurrency (MariaDB, real threads) ------------------------------------------------------------------


@pytest.mark.mysql
@pytest.mark.django_db(transaction=True)
def test_concurrent_events_make_one_row_and_the_newest_wins_on_mariadb(person, caplog):
    """Eight workers deliver enrollment events at once (the first insert races): one row, the newest."""
    barrier = threading.Barrier(8)
    errors: list[BaseException] = []

    def deliver(minutes: int) -> None:
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            send(COURSE_ENROLLMENT_CHANGED, later(minutes), enrollment=enrollment(person, f"mode-{minutes}"))
        except BaseException as error:  # reported by the assertion below
            errors.append(error)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=deliver, args=(minutes,)) for minutes in (3, 7, 1, 5, 0, 6, 2, 4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR] == []
    row = EnrollmentMirror.objects.get()
    assert (row.mode, row.changed_at) == ("mode-7", later(7))
