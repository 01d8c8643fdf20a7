"""The demo serves no repository file, and its identity comes from the signed-in session only."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest
import workbench.urls
from django.test import Client
from django.urls import clear_url_caches

import demo.urls
from demo.settings import MIDDLEWARE as DEMO_MIDDLEWARE
from tests.attendance_xblock.utils import make_block
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REPOSITORY = Path(__file__).resolve().parents[2]
LIVE = (
    '<attendance display_name="Ethics" mode="live" live_start="2026-12-01T14:00:00Z" '
    'live_end="2026-12-01T16:00:00Z"/>'
)


@pytest.fixture
def demo_site(settings, monkeypatch):
    """The demo's URLconf and middleware, imported with DEBUG on as ``make demo`` runs them."""
    monkeypatch.chdir(REPOSITORY)  # the workbench's media route served the working directory
    settings.DEBUG = True
    settings.MIDDLEWARE = DEMO_MIDDLEWARE
    importlib.reload(workbench.urls)
    importlib.reload(demo.urls)
    settings.ROOT_URLCONF = "demo.urls"
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(workbench.urls)
    clear_url_caches()


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "path",
    [
        "/var/demo.sqlite3",
        "/demo/settings.py",
        "/.venv/pyvenv.cfg",
        "/.venv/lib/python3.12/site-packages/django/__init__.py",
        "/setup.py",
        "/README.md",
        "/attendance_app/settings/test.py",
    ],
)
def test_repository_files_are_not_served(demo_site, path):
    assert Client().get(path).status_code == 404


def test_the_demo_still_serves_its_pages_and_the_blocks_static_assets(demo_site):
    assert Client().get("/workbench/").status_code == 200
    assert Client().get("/scenario/attendance.0/").status_code == 200
    assert Client().get("/resource/attendance/static/attendance/js/student.js").status_code in (200, 404)


def test_resetting_all_state_and_the_user_list_are_for_staff(demo_site, learner):
    anonymous, signed = Client(), signed_in(learner)
    staff = signed_in(UserFactory(username="operator", is_staff=True))

    assert anonymous.post("/reset_state").status_code == 403
    assert signed.post("/reset_state").status_code == 403
    assert anonymous.get("/userlist/").status_code == 403
    assert staff.get("/reset_state").status_code == 405
    assert staff.get("/userlist/").status_code == 200


# Identity --------------------------------------------------------------------------------------


def handler_url(block, handler: str, student: str | None) -> str:
    query = f"?student={student}" if student is not None else ""
    return f"/handler/{block.scope_ids.usage_id}/{handler}/{query}"


def post_json(client: Client, url: str, body: dict) -> dict:
    response = client.post(url, data=json.dumps(body), content_type="application/json")
    return {"status": response.status_code, **response.json()}


def test_a_handler_call_naming_another_student_acts_as_the_signed_in_learner(
    demo_site, learner, course_staff
):
    block = make_block(None, LIVE)

    # A learner who names the course staff in the URL is still the learner: the editor is refused.
    as_learner = post_json(signed_in(learner), handler_url(block, "load_editor", course_staff.username), {})
    # The course staff who names a learner is still the course staff.
    as_staff = post_json(signed_in(course_staff), handler_url(block, "load_editor", learner.username), {})

    assert as_learner["status"] == 403
    assert as_staff["status"] == 200


def test_an_anonymous_handler_call_naming_a_student_acts_as_nobody(demo_site, course_staff):
    block = make_block(None, LIVE)

    for student in (course_staff.username, None):
        assert post_json(Client(), handler_url(block, "load_editor", student), {})["status"] == 403


def test_an_anonymous_page_naming_a_learner_does_not_act_as_them(demo_site, learner):
    response = Client().get(f"/scenario/attendance.0/?student={learner.username}")

    page = response.content.decode()
    assert response.status_code == 200
    assert "studentId = '';" in page
    assert f"studentId = '{learner.username}'" not in page


def test_a_signed_in_page_naming_another_learner_is_redirected_to_their_own(
    demo_site, learner, other_learner
):
    response = signed_in(learner).get(f"/scenario/attendance.0/?student={other_learner.username}")

    assert response.status_code == 302
    assert response["Location"] == f"/scenario/attendance.0/?student={learner.username}"
