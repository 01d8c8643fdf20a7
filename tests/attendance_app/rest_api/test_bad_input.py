"""Hand-made hostile input: each was a 500 and is now a translated 4xx that changes nothing.

Deeply nested JSON (every JSON endpoint: REST, XBlock handlers, the signed callback), a Content-Length
that is not a number, Unicode digits that pass ``str.isdigit`` ("²", "٣"), and ids past 64 bits.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.utils import translation

from attendance_app import api, clock
from attendance_app.api import json_input
from attendance_app.api.json_input import InvalidJSON
from attendance_app.models import Attendance, CallbackReceipt, Claim, PromptEvidence, TimingAccommodation
from tests.attendance_app.rest_api.utils import API, CSRF_SECRET, assert_error, call, client_for, snapshot
from tests.attendance_xblock.utils import call_handler, make_block
from tests.factories import COURSE_KEY

pytestmark = pytest.mark.django_db

USAGE_KEY = COURSE_KEY.make_usage_key("attendance", "webinar")
DEEP = "[" * 30_000 + "]" * 30_000
TOO_BIG_ID = 2**64
UNICODE_DIGITS = ["²", "٣", "12³", "１"]  # each passes str.isdigit()


def everything() -> dict[str, Any]:
    """Every row a refused request could have touched."""
    rows = snapshot()
    for model in (Attendance, PromptEvidence, Claim, TimingAccommodation, CallbackReceipt):
        rows[model.__name__] = [str(row) for row in model.objects.order_by("pk").values()]
    return rows


@pytest.fixture
def setup(org_admin, course_staff, learner):
    unit = api.create_unit(org_admin.id, {"org": "DemoX", "template": "cpe"})
    board = api.create_unit(
        org_admin.id,
        {
            "org": "DemoX",
            "managed_by": "external",
            "acronym": "BRD",
            "name": "Board",
            "external_url": "https://board.example.com/claim?p={{personID}}",
        },
    )
    api.configure_activity(
        course_staff.id,
        USAGE_KEY,
        {"display_name": "Webinar", "mode": "recorded", "live_start": "2026-01-01T00:00Z"},
    )
    rule = api.add_rule(course_staff.id, USAGE_KEY, {"unit_id": unit.id})
    api.add_rule(course_staff.id, USAGE_KEY, {"unit_id": board.id})
    api.set_course_switch(course_staff.id, COURSE_KEY, True)
    token = api.start_presence(learner.id, USAGE_KEY, clock.now())["token"]
    return {"unit": unit, "board": board, "rule": rule, "token": token}


def send(client: Client, method: str, url: str, raw: str, **extra: Any) -> Any:
    """``raw`` as a JSON body with the CSRF header, and any WSGI ``extra`` such as CONTENT_LENGTH."""
    return getattr(client, method)(
        url, data=raw, content_type="application/json", HTTP_X_CSRFTOKEN=CSRF_SECRET, **extra
    )


def signed(unit: Any, body: bytes, *, stamp: str | None = None) -> Any:
    stamp = stamp if stamp is not None else str(int(time.time()))
    digest = hmac.new(unit.callback_secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    return Client(enforce_csrf_checks=True).post(
        f"{API}/external/units/{unit.id}/callback/",
        data=body,
        content_type="application/json",
        HTTP_X_ATTENDANCE_TIMESTAMP=stamp,
        HTTP_X_ATTENDANCE_SIGNATURE=f"sha256={digest}",
        HTTP_IDEMPOTENCY_KEY="key-1",
    )


# Nesting -----------------------------------------------------------------------------------------

WRITES = [
    ("org_admin", "post", "units/"),
    ("org_admin", "patch", "units/{unit}/"),
    ("course_staff", "put", f"activities/{USAGE_KEY}/"),
    ("course_staff", "post", f"activities/{USAGE_KEY}/rules/"),
    ("global_staff", "put", "switches/site/"),
    ("learner", "post", "presence/beat/"),
    ("learner", "post", "presence/answer/"),
    ("learner", "post", "presence/accommodation/"),
]


@pytest.mark.parametrize(("role", "method", "path"), WRITES)
def test_deeply_nested_json_is_a_400_on_every_rest_endpoint(request, setup, role, method, path):
    client = client_for(request.getfixturevalue(role))
    before = everything()

    response = call(client, method, f"{API}/{path.format(unit=setup['unit'].id)}", raw=DEEP)

    body = assert_error(response, 400)
    assert body["error"] == "parse_error"
    assert "32 levels" in body["message"]
    assert everything() == before


def test_the_nesting_message_is_in_the_request_language(org_admin, setup):
    response = send(client_for(org_admin), "post", f"{API}/units/", DEEP, HTTP_ACCEPT_LANGUAGE="fr")

    with translation.override("fr"), pytest.raises(InvalidJSON) as refused:
        json_input.loads(DEEP)
    assert response.status_code == 400
    assert response.json()["message"] == refused.value.message


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json(org_admin, course_staff, setup, constant):
    raw = f'{{"org": "DemoX", "template": "cpe", "minimum_credit": {constant}}}'
    before = everything()

    rest = send(client_for(org_admin), "post", f"{API}/units/", raw)
    block = call_handler(make_block("course_staff"), "save_settings", None, raw=raw.encode())

    assert assert_error(rest, 400)["error"] == "parse_error"
    assert block.status_code == 400
    assert everything() == before


def test_nesting_inside_strings_is_not_counted(org_admin, setup):
    name = "[" * 100 + "{" * 100 + '\\"[['
    response = call(client_for(org_admin), "patch", f"{API}/units/{setup['unit'].id}/", {"name": name[:100]})

    assert response.status_code == 200, response.content


def test_deeply_nested_json_is_a_400_in_the_xblock_handlers(course_staff, setup):
    block = make_block("course_staff")
    before = everything()

    for handler in ("save_settings", "add_rule", "remove_rule", "set_course_switch"):
        response = call_handler(block, handler, None, raw=DEEP.encode())
        assert response.status_code == 400, handler
        assert "32 levels" in json.loads(response.body)["message"]
    assert everything() == before


def test_a_deeply_nested_signed_callback_is_a_400(setup):
    before = everything()

    response = signed(setup["board"], ("[" * 8000 + "]" * 8000).encode())

    assert "32 levels" in assert_error(response, 400)["message"]
    assert everything() == before


# Content-Length ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "path"),
    [("learner", "presence/beat/"), ("org_admin", "units/"), ("learner", "presence/answer/")],
)
def test_a_content_length_that_is_not_a_number_is_a_400(request, setup, role, path):
    client = client_for(request.getfixturevalue(role))
    before = everything()

    body = json.dumps({"token": setup["token"]})
    response = send(client, "post", f"{API}/{path}", body, CONTENT_LENGTH="ten")

    assert "Content-Length" in assert_error(response, 400)["message"]
    assert everything() == before


def test_the_callback_refuses_a_content_length_that_is_not_a_number(setup):
    body = json.dumps({"action": "revoke"}).encode()
    response = Client().post(
        f"{API}/external/units/{setup['board'].id}/callback/",
        data=body,
        content_type="application/json",
        CONTENT_LENGTH="²",
    )

    assert "Content-Length" in assert_error(response, 400)["message"]


# Unicode digits ----------------------------------------------------------------------------------


def test_unicode_digit_errors_are_translated(org_admin, setup):
    response = send(
        client_for(org_admin),
        "post",
        f"{API}/units/",
        json.dumps({"org": "DemoX", "template": "cpe", "minutes": "²"}),
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert assert_error(response, 400, "minutes")["field_errors"]["minutes"] == [
        "Saisissez un nombre entier."
    ]


@pytest.mark.parametrize("digits", UNICODE_DIGITS)
def test_unicode_digits_are_no_unit_id(course_staff, setup, digits):
    api.remove_rule(course_staff.id, USAGE_KEY, setup["rule"].id)
    before = everything()

    response = call(
        client_for(course_staff), "post", f"{API}/activities/{USAGE_KEY}/rules/", {"unit_id": digits}
    )

    assert_error(response, 400, "unit_id")
    assert everything() == before


@pytest.mark.parametrize("field", ["hours", "minutes", "minimum_frequency", "popup_seconds"])
@pytest.mark.parametrize("digits", UNICODE_DIGITS)
def test_unicode_digits_are_no_whole_number(org_admin, setup, field, digits):
    before = everything()

    response = call(
        client_for(org_admin), "post", f"{API}/units/", {"org": "DemoX", "template": "cpe", field: digits}
    )

    assert assert_error(response, 400, field)["field_errors"][field] == ["Enter a whole number."]
    assert everything() == before


@pytest.mark.parametrize("digits", [*UNICODE_DIGITS, str(TOO_BIG_ID), "0"])
def test_the_evidence_filter_takes_ascii_user_ids_only(course_staff, setup, digits):
    response = call(
        client_for(course_staff), "get", f"{API}/activities/{USAGE_KEY}/evidence/", {"user_id": digits}
    )

    assert "user_id" in assert_error(response, 400)["message"]


@pytest.mark.parametrize("name", ["page", "page_size"])
@pytest.mark.parametrize("digits", [*UNICODE_DIGITS, "9" * 5000])
def test_page_numbers_take_ascii_digits_only(global_staff, setup, name, digits):
    response = call(client_for(global_staff), "get", f"{API}/units/", {name: digits})

    assert_error(response, 400, name)


def test_a_callback_timestamp_in_unicode_digits_is_a_401(setup):
    body = json.dumps({"action": "revoke", "person_id": 1, "activity_id": str(USAGE_KEY)}).encode()
    before = everything()

    response = signed(setup["board"], body, stamp="¹⁷⁰⁰⁰⁰⁰⁰⁰⁰")

    assert assert_error(response, 401)["error"] == "bad_signature"
    assert everything() == before


# Ids past 64 bits --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "method", "path"),
    [
        ("org_admin", "get", "units/{id}/"),
        ("org_admin", "patch", "units/{id}/"),
        ("org_admin", "delete", "units/{id}/"),
        ("org_admin", "post", "units/{id}/archive/"),
        ("course_staff", "patch", f"activities/{USAGE_KEY}/rules/{{id}}/"),
        ("course_staff", "put", f"activities/{USAGE_KEY}/learners/{{id}}/accommodation/"),
        ("learner", "get", f"activities/{USAGE_KEY}/external-url/{{id}}/"),
        ("learner", "post", "claims/{id}/certificate/"),
        ("learner", "post", "external/units/{id}/callback/"),
    ],
)
def test_ids_past_64_bits_in_paths_are_a_json_404(request, setup, role, method, path):
    before = everything()

    response = call(
        client_for(request.getfixturevalue(role)), method, f"{API}/{path.format(id=TOO_BIG_ID)}", {}
    )

    assert_error(response, 404)
    assert everything() == before


def test_unknown_api_addresses_are_a_json_404(learner):
    assert_error(call(client_for(learner), "get", f"{API}/nothing/here/"), 404)


def test_ids_past_64_bits_in_bodies_are_a_400(course_staff, setup):
    api.remove_rule(course_staff.id, USAGE_KEY, setup["rule"].id)
    before = everything()

    response = call(
        client_for(course_staff), "post", f"{API}/activities/{USAGE_KEY}/rules/", {"unit_id": TOO_BIG_ID}
    )

    assert_error(response, 400, "unit_id")
    assert everything() == before


def test_a_signed_callback_for_a_person_id_past_64_bits_is_a_400(setup):
    body = json.dumps({"action": "revoke", "person_id": TOO_BIG_ID, "activity_id": str(USAGE_KEY)}).encode()
    before = everything()

    assert_error(signed(setup["board"], body), 400, "person_id")
    assert everything() == before


def test_the_editor_refuses_a_rule_id_past_64_bits(course_staff, setup):
    block = make_block("course_staff")
    saved = call_handler(block, "save_settings", {"display_name": "Editor", "mode": "classroom"})
    assert saved.status_code == 200, saved.body
    before = everything()

    response = call_handler(block, "remove_rule", {"rule_id": TOO_BIG_ID})

    assert response.status_code == 404
    assert json.loads(response.body)["message"] == "This activity has no such rule."
    assert everything() == before


@pytest.mark.parametrize("claim_id", [str(TOO_BIG_ID), "²", "١"])
def test_my_credits_refuses_a_claim_id_that_is_no_id(learner, setup, claim_id):
    client = client_for(learner)
    before = everything()

    response = client.post(
        "/attendance/my-credits/certificate/", {"claim_id": claim_id}, HTTP_X_CSRFTOKEN=CSRF_SECRET
    )

    assert response.status_code == 302
    assert [str(message) for message in get_messages(response.wsgi_request)] in (
        ["Choose a claim."],
        ["No such claim."],
    )
    assert everything() == before


def test_the_units_page_of_an_id_past_64_bits_is_a_404(org_admin):
    assert client_for(org_admin).get(f"/attendance/units/{TOO_BIG_ID}/").status_code == 404
