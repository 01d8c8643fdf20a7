"""attendance_app.api activity settings: validation, permissions, archiving."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from attendance_app import api
from attendance_app.exceptions import InvalidInput, NotAuthorized, NotFound
from attendance_app.models import Activity
from tests.factories import COURSE_KEY, OTHER_COURSE_KEY

USAGE_KEY = COURSE_KEY.make_usage_key("attendance", "webinar")
pytestmark = pytest.mark.django_db

LIVE = {
    "display_name": "Ethics webinar",
    "mode": "live",
    "live_start": "2026-05-01T14:00:00Z",
    "live_end": "2026-05-01T16:00:00Z",
}


def test_course_staff_configures_a_live_activity(course_staff):
    saved = api.configure_activity(course_staff.id, USAGE_KEY, LIVE)

    activity = Activity.objects.get(usage_key=USAGE_KEY)
    assert activity.course_key == COURSE_KEY
    assert activity.live_start == datetime(2026, 5, 1, 14, tzinfo=UTC)
    assert activity.missed_prompt_policy == "strict"
    assert saved.display_name == "Ethics webinar"


def test_classroom_activity_needs_no_window_and_drops_an_end(instructor):
    api.configure_activity(
        instructor.id,
        USAGE_KEY,
        {"display_name": "Workshop", "mode": "classroom", "live_end": "2026-05-01T16:00Z"},
    )

    assert Activity.objects.get(usage_key=USAGE_KEY).live_end is None


def test_saving_again_updates_the_same_row(course_staff):
    api.configure_activity(course_staff.id, USAGE_KEY, LIVE)
    api.configure_activity(
        course_staff.id, USAGE_KEY, {**LIVE, "display_name": "Renamed", "mode": "recorded"}
    )

    assert Activity.objects.count() == 1
    assert Activity.objects.get().display_name == "Renamed"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"display_name": "  "}, "display_name"),
        ({"display_name": "x" * 256}, "display_name"),
        ({"mode": "webinar"}, "mode"),
        ({"mode": ["live"]}, "mode"),
        ({"live_start": None}, "live_start"),
        ({"live_start": "tomorrow"}, "live_start"),
        ({"live_start": "2026-05-01T14:00:00"}, "live_start"),
        ({"live_end": "2026-05-01T13:00:00Z"}, "live_end"),
        ({"live_end": "2026-13-45T10:00:00Z"}, "live_end"),
        ({"missed_prompt_policy": "forgiving"}, "missed_prompt_policy"),
        ({"external_id": "e" * 256}, "external_id"),
    ],
)
def test_bad_settings_are_refused_field_by_field_and_nothing_is_stored(course_staff, change, field):
    with pytest.raises(InvalidInput) as raised:
        api.configure_activity(course_staff.id, USAGE_KEY, {**LIVE, **change})

    assert field in raised.value.field_errors
    assert raised.value.status_code == 400
    assert not Activity.objects.exists()


def test_recorded_activity_needs_a_start(course_staff):
    with pytest.raises(InvalidInput) as raised:
        api.configure_activity(course_staff.id, USAGE_KEY, {"display_name": "Replay", "mode": "recorded"})

    assert raised.value.field_errors == {
        "live_start": ["A recorded session needs the time it becomes available."]
    }


@pytest.mark.parametrize("who", ["learner", "outsider", "anonymous"])
def test_only_the_course_team_configures(request, who):
    user_id = None if who == "anonymous" else request.getfixturevalue(who).id

    with pytest.raises(NotAuthorized):
        api.configure_activity(user_id, USAGE_KEY, LIVE)
    assert not Activity.objects.exists()


def test_staff_of_another_course_cannot_configure(db):
    from tests.factories import AccessRoleFactory

    other_staff = AccessRoleFactory(course_key=OTHER_COURSE_KEY, role="staff").user

    with pytest.raises(NotAuthorized):
        api.configure_activity(other_staff.id, USAGE_KEY, LIVE)


@pytest.mark.parametrize("who", ["org_admin", "global_staff", "instructor"])
def test_org_admins_global_staff_and_instructors_configure(request, who):
    api.configure_activity(request.getfixturevalue(who).id, USAGE_KEY, LIVE)

    assert Activity.objects.filter(usage_key=USAGE_KEY).exists()


def test_enrolled_learner_reads_settings_outsider_gets_not_found(course_staff, learner, outsider):
    api.configure_activity(course_staff.id, USAGE_KEY, LIVE)

    assert api.get_activity_settings(learner.id, USAGE_KEY).mode == "live"
    with pytest.raises(NotFound):
        api.get_activity_settings(outsider.id, USAGE_KEY)


def test_archiving_hides_the_activity_and_keeps_the_row(course_staff):
    api.configure_activity(course_staff.id, USAGE_KEY, LIVE)

    assert api.archive_activity(USAGE_KEY, datetime(2026, 6, 1, tzinfo=UTC)) is True
    assert Activity.objects.get().archived_at == datetime(2026, 6, 1, tzinfo=UTC)
    with pytest.raises(NotFound):
        api.get_activity_settings(course_staff.id, USAGE_KEY)
    assert api.archive_activity(USAGE_KEY, datetime(2026, 6, 2, tzinfo=UTC)) is False


@pytest.mark.parametrize("raw", ["", "not-a-key", "course-v1:DemoX+CE101+2026", "block-v1:bad"])
def test_malformed_usage_keys_are_refused(raw):
    with pytest.raises(InvalidInput, match="not a valid usage key"):
        api.parse_usage_key(raw)
