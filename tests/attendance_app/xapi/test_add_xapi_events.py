"""add_xapi_events: our event names reach event-routing-backends' allowed list in every shape it takes."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from attendance_app.settings.common import plugin_settings
from attendance_app.settings.xapi import WHITELIST_PROCESSOR, add_xapi_events
from attendance_app.xapi.constants import XAPI_EVENT_NAMES
from tests.attendance_app.fake_derived import FakeDerived as Derived


def _never_evaluated(settings):
    raise AssertionError("a derived setting was evaluated before edx-platform derives settings")


def test_names_are_the_seventeen_attendance_events():
    assert len(XAPI_EVENT_NAMES) == 17
    assert len(set(XAPI_EVENT_NAMES)) == 17
    assert all(name.startswith("attendance.") for name in XAPI_EVENT_NAMES)


def test_the_names_are_the_events_the_app_emits():
    # attendance_app.tracking (docs/events.md) arrives with the events-out part of issue 15.
    tracking = pytest.importorskip("attendance_app.tracking")
    assert set(XAPI_EVENT_NAMES) == set(tracking.ALL_EVENTS)


def test_a_missing_list_is_created():
    settings = SimpleNamespace()
    add_xapi_events(settings)
    assert list(XAPI_EVENT_NAMES) == settings.EVENT_TRACKING_BACKENDS_ALLOWED_XAPI_EVENTS


def test_an_existing_list_is_extended_in_place_without_duplicates():
    allowed = ["edx.course.enrollment.activated", "attendance.visit.ended"]
    settings = SimpleNamespace(EVENT_TRACKING_BACKENDS_ALLOWED_XAPI_EVENTS=allowed)
    add_xapi_events(settings)
    add_xapi_events(settings)
    assert settings.EVENT_TRACKING_BACKENDS_ALLOWED_XAPI_EVENTS is allowed
    assert allowed[0] == "edx.course.enrollment.activated"
    assert sorted(allowed[1:]) == sorted(XAPI_EVENT_NAMES)


def test_a_tuple_becomes_a_list_with_the_operators_names_first():
    settings = SimpleNamespace(EVENT_TRACKING_BACKENDS_ALLOWED_XAPI_EVENTS=("edx.course.grade.now_passed",))
    add_xapi_events(settings)
    assert [
        "edx.course.grade.now_passed",
        *XAPI_EVENT_NAMES,
    ] == settings.EVENT_TRACKING_BACKENDS_ALLOWED_XAPI_EVENTS


def test_a_derived_value_stays_derived_and_is_not_evaluated(derived_module):
    settings = SimpleNamespace(EVENT_TRACKING_BACKENDS_ALLOWED_XAPI_EVENTS=Derived(_never_evaluated))
    add_xapi_events(settings)
    assert isinstance(settings.EVENT_TRACKING_BACKENDS_ALLOWED_XAPI_EVENTS, Derived)


def test_a_derived_value_derives_to_the_old_value_plus_ours(derived_module):
    settings = SimpleNamespace(
        EVENT_TRACKING_BACKENDS_ALLOWED_XAPI_EVENTS=Derived(lambda s: [f"{s.PREFIX}.one"]), PREFIX="edx"
    )
    add_xapi_events(settings)
    derived = settings.EVENT_TRACKING_BACKENDS_ALLOWED_XAPI_EVENTS
    assert derived.calculate_value(settings) == ["edx.one", *XAPI_EVENT_NAMES]


def test_a_plain_callable_is_wrapped_without_being_called():
    settings = SimpleNamespace(EVENT_TRACKING_BACKENDS_ALLOWED_XAPI_EVENTS=_never_evaluated)
    add_xapi_events(settings)
    wrapped = settings.EVENT_TRACKING_BACKENDS_ALLOWED_XAPI_EVENTS
    settings.EVENT_TRACKING_BACKENDS_ALLOWED_XAPI_EVENTS = None
    with pytest.raises(AssertionError, match="evaluated"):
        wrapped(settings)


def test_whitelists_already_copied_into_the_transformer_backend_get_our_names():
    outer = {"edx.course.enrollment.activated"}
    inner = ["edx.course.enrollment.activated"]
    bus_logs = {"edx.course.enrollment.activated"}
    settings = SimpleNamespace(
        EVENT_TRACKING_BACKENDS_ALLOWED_XAPI_EVENTS=["edx.course.enrollment.activated"],
        EVENT_BUS_TRACKING_LOGS=bus_logs,
        EVENT_TRACKING_BACKENDS={
            "event_transformer": {
                "OPTIONS": {
                    "processors": [{"ENGINE": WHITELIST_PROCESSOR, "OPTIONS": {"whitelist": outer}}],
                    "backends": {
                        "xapi": {
                            "OPTIONS": {
                                "processors": [
                                    {"ENGINE": WHITELIST_PROCESSOR, "OPTIONS": {"whitelist": inner}},
                                    {"ENGINE": "some.other.Processor", "OPTIONS": {}},
                                ]
                            }
                        }
                    },
                }
            }
        },
    )
    add_xapi_events(settings)
    assert set(XAPI_EVENT_NAMES) <= outer
    assert inner == ["edx.course.enrollment.activated", *XAPI_EVENT_NAMES]
    assert set(XAPI_EVENT_NAMES) <= bus_logs
    other = settings.EVENT_TRACKING_BACKENDS["event_transformer"]["OPTIONS"]["backends"]["xapi"]["OPTIONS"]
    assert other["processors"][1]["OPTIONS"] == {}


def test_other_tracking_backends_are_left_alone():
    backends = {"tracking_logs": {"ENGINE": "track.backends.logger.LoggerBackend", "OPTIONS": {}}}
    settings = SimpleNamespace(EVENT_TRACKING_BACKENDS=backends)
    add_xapi_events(settings)
    assert backends == {"tracking_logs": {"ENGINE": "track.backends.logger.LoggerBackend", "OPTIONS": {}}}


def test_plugin_settings_allow_our_xapi_events():
    settings = SimpleNamespace(LOCALE_PATHS=[], EVENT_TRACKING_BACKENDS_ALLOWED_XAPI_EVENTS=["edx.x"])
    plugin_settings(settings)
    assert ["edx.x", *XAPI_EVENT_NAMES] == settings.EVENT_TRACKING_BACKENDS_ALLOWED_XAPI_EVENTS
