"""The classroom tables in the operators' admin: listed and searchable, never changed there."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from attendance_app.api import classroom
from tests.attendance_app.classroom_helpers import T0, USAGE_KEY, classroom_activity, make_slot
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
MODELS = ["slot", "registration", "attendancestatus", "mark", "markaudit", "checkin"]


@pytest.fixture
def client(db):
    client = Client()
    client.force_login(UserFactory(username="operator", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def marked(course_staff, learner):
    classroom_activity(course_staff.id)
    slot = make_slot(course_staff.id, title="Lab session")
    classroom.register(learner.id, USAGE_KEY, slot.id, T0 - timedelta(days=1))
    classroom.set_mark(course_staff.id, USAGE_KEY, slot.id, learner.id, {"status": "late"}, T0)
    return slot


@pytest.mark.parametrize("model", MODELS)
def test_each_classroom_table_is_listed_and_read_only(client, marked, model):
    url = reverse(f"admin:attendance_app_{model}_changelist")

    response = client.get(url, {"q": "l"})

    assert response.status_code == 200
    assert client.get(reverse(f"admin:attendance_app_{model}_add")).status_code == 403


def test_the_check_in_secret_is_not_shown(client, marked):
    response = client.get(reverse("admin:attendance_app_slot_change", args=[marked.id]))

    assert response.status_code == 200
    assert marked.checkin_secret not in response.content.decode()
    assert "Lab session" in response.content.decode()
