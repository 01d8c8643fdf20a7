"""REST ``sponsors/``: who reads and changes which scope's sponsor settings, and bad input (issue #18)."""

from __future__ import annotations

import base64

import pytest

from attendance_app.models import SponsorSettings
from tests.attendance_app.rest_api.utils import API, assert_error, call, client_for, others, refused, user_for
from tests.attendance_app.sponsor_helpers import image_bytes
from tests.factories import COURSE_KEY

pytestmark = pytest.mark.django_db

SITE = f"{API}/sponsors/site/"
DEMOX = f"{API}/sponsors/orgs/DemoX/"
COURSE = f"{API}/sponsors/courses/{COURSE_KEY}/"
EDITORS = {
    SITE: ["global_staff"],
    DEMOX: ["org_admin", "global_staff"],
    COURSE: ["course_staff", "instructor", "org_admin", "global_staff"],
}
CASES = [
    (url, role, role in allowed) for url, allowed in EDITORS.items() for role in [*allowed, *others(*allowed)]
]


@pytest.mark.parametrize(("url", "role", "allowed"), CASES)
def test_each_role_reads_and_changes_only_the_scopes_it_edits(request, url, role, allowed):
    client = client_for(user_for(request, role))

    read = call(client, "get", url)
    written = call(client, "put", url, {"name": "Acme CPE"})

    if allowed:
        assert (read.status_code, written.status_code) == (200, 200)
        assert written.json()["name"] == "Acme CPE"
    else:
        assert (read.status_code, written.status_code) == (refused(role),) * 2
        assert not SponsorSettings.objects.exists()


def test_put_saves_every_field_and_get_returns_it(org_admin):
    png = base64.b64encode(image_bytes("PNG")).decode()
    body = {
        "name": "DemoX Institute",
        "address": "1 Main Street",
        "contact": "cpe@demox.test",
        "sponsor_id": "GEN-7",
        "provider_ids": {"nasba": "112233"},
        "responsible_name": "Ada Lovelace",
        "responsible_title": "Director",
        "signature_image": png,
        "logo_image": None,
    }

    assert call(client_for(org_admin), "put", DEMOX, body).status_code == 200
    answer = call(client_for(org_admin), "get", DEMOX).json()

    assert answer == {**body, "provider_ids": {"nasba": "112233", "iacet": "", "ama": "", "shrm": ""}}


def test_bad_values_are_a_400_naming_each_field_and_nothing_is_saved(org_admin):
    response = call(
        client_for(org_admin),
        "put",
        DEMOX,
        {
            "name": "x" * 256,
            "signature_image": base64.b64encode(b"<svg onload=alert(1)>").decode(),
            "provider_ids": {"acme": "1"},
        },
    )

    assert_error(response, 400, "name", "signature_image", "provider_ids")
    assert not SponsorSettings.objects.exists()


@pytest.mark.parametrize("raw", ["[1]", "not json", '"text"'])
def test_a_body_that_is_not_an_object_is_a_400(org_admin, raw):
    assert_error(call(client_for(org_admin), "put", DEMOX, raw=raw), 400)


def test_a_bad_organization_or_course_key_is_a_400(global_staff):
    assert_error(call(client_for(global_staff), "get", f"{API}/sponsors/orgs/Demo%20X/"), 400, "org")
    assert_error(call(client_for(global_staff), "get", f"{API}/sponsors/courses/nonsense/"), 400)


def test_the_list_shows_the_scopes_the_caller_edits(request, org_admin, global_staff, learner):
    assert [scope["org"] for scope in call(client_for(org_admin), "get", f"{API}/sponsors/").json()] == [
        "DemoX"
    ]
    assert [scope["org"] for scope in call(client_for(global_staff), "get", f"{API}/sponsors/").json()] == [
        ""
    ]
    assert call(client_for(learner), "get", f"{API}/sponsors/").status_code == 403
    assert call(client_for(user_for(request, "course_staff")), "get", f"{API}/sponsors/").status_code == 403


def test_the_schema_documents_the_sponsor_endpoints(global_staff):
    paths = client_for(global_staff).get(f"{API}/schema/?format=json").json()["paths"]

    assert {"/api/attendance/v1/sponsors/site/", "/api/attendance/v1/sponsors/orgs/{org}/"} <= set(paths)
    properties = paths["/api/attendance/v1/sponsors/site/"]["put"]["requestBody"]["content"][
        "application/json"
    ]
    assert properties
