"""The public verify page (code form, states, JSON, PDF check) and the course team's certificates page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from attendance_app import api
from attendance_app.api.certificate_verification import PUBLIC_FIELDS
from attendance_app.models import Certificate
from tests.attendance_app.certificate_helpers import T0, certificate_code, recorded_claim
from tests.attendance_app.classroom_helpers import coach
from tests.attendance_app.rest_api.utils import CSRF_SECRET, client_for, user_for
from tests.factories import COURSE_KEY

pytestmark = pytest.mark.django_db

LATER = T0 + timedelta(days=7)
VERIFY = "/attendance/verify/"
PAGE = f"/attendance/courses/{COURSE_KEY}/certificates/"


@pytest.fixture
def claim(learner, course_staff, org_admin):
    return recorded_claim(learner, course_staff, org_admin, names=("Zoe", "Lukas"))


@pytest.fixture
def code(learner, claim):
    return certificate_code(learner, claim)


def upload(client: Client, content: bytes, content_type: str = "application/pdf", name: str = "c.pdf"):
    return client.post(
        VERIFY,
        {"pdf": SimpleUploadedFile(name, content, content_type=content_type)},
        HTTP_X_CSRFTOKEN=CSRF_SECRET,
    )


# The verify page ----------------------------------------------------------------------------------


def test_the_page_has_a_code_form_and_a_pdf_form(db):
    response = Client().get(VERIFY)

    content = response.content.decode()
    assert response.status_code == 200
    assert 'name="code"' in content
    assert 'type="file"' in content
    assert "csrfmiddlewaretoken" in content


def test_a_typed_code_goes_to_its_page(code):
    response = Client().get(VERIFY, {"code": f"  {code} "})

    assert (response.status_code, response["Location"]) == (302, f"{VERIFY}{code}/")


@pytest.mark.parametrize("raw", ["", "abc", "x" * 65, "<b>not-a-code</b>", "ab cd ef gh ij kl"])
def test_a_malformed_typed_code_is_a_clear_400(db, raw):
    response = Client().get(VERIFY, {"code": raw})

    content = response.content.decode()
    assert response.status_code == 400
    assert "Enter the verification code" in content or "12 to 32 characters" in content
    assert "<b>not-a-code" not in content


def test_an_unknown_code_says_so(db):
    response = Client().get(f"{VERIFY}{'A' * 16}/")

    assert response.status_code == 404
    assert "No certificate has the verification code “AAAAAAAAAAAAAAAA”" in response.content.decode()


def test_each_state_reads_on_the_page(course_staff, code):
    assert "This certificate is valid." in Client().get(f"{VERIFY}{code}/").content.decode()

    new_code = api.reissue_certificate(course_staff.id, code, {"learner_name": "Zoe Lukas-Smith"}, T0)["code"]
    old_page = Client().get(f"{VERIFY}{code}/").content.decode()
    assert f'reissued as <a href="{VERIFY}{new_code}/">{new_code}</a>' in old_page
    new_page = Client().get(f"{VERIFY}{new_code}/").content.decode()
    assert "Zoe Lukas-Smith" in new_page
    assert f'href="{VERIFY}{code}/"' in new_page

    api.revoke_certificate(course_staff.id, new_code, {"reason": "Private reason"}, LATER)
    revoked_page = Client().get(f"{VERIFY}{new_code}/").content.decode()
    assert "This certificate was revoked on 2026-12-01 (UTC) and is no longer valid." in revoked_page
    assert "Private reason" not in revoked_page


def test_the_json_form_is_the_same_answer_and_public(learner, course_staff, code):
    api.revoke_certificate(course_staff.id, code, {"reason": "Private reason"}, LATER)

    by_suffix = Client().get(f"{VERIFY}{code}.json")
    by_accept = Client().get(f"{VERIFY}{code}/", HTTP_ACCEPT="application/json")

    assert by_suffix.status_code == by_accept.status_code == 200
    assert by_suffix.json() == by_accept.json()
    body = by_suffix.json()
    assert set(body) == set(PUBLIC_FIELDS)
    assert (body["status"], body["valid"], body["revoked_on"], body["learner_name"]) == (
        "revoked",
        False,
        "2026-12-01",
        "Zoe Lukas",
    )
    assert "Private reason" not in by_suffix.content.decode()
    assert learner.email not in by_suffix.content.decode()
    assert "learner" not in body.values()
    assert by_suffix["Cache-Control"] == "public, max-age=60"


def test_the_json_form_of_an_unknown_code_is_a_404_with_a_message(db):
    response = Client().get(f"{VERIFY}{'A' * 16}.json")

    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


def test_the_json_answer_costs_a_fixed_number_of_queries(course_staff, code, django_assert_num_queries):
    api.reissue_certificate(course_staff.id, code, {"learner_name": "Zoe L"}, T0)

    with django_assert_num_queries(3):  # the certificate with its links, the learner, the course
        assert Client().get(f"{VERIFY}{code}.json").status_code == 200


# The PDF check ------------------------------------------------------------------------------------


def test_a_downloaded_pdf_checks_as_genuine(learner, code):
    pdf = client_for(learner).get(f"/attendance/certificates/{code}/").content

    response = upload(client_for(None), pdf)

    content = response.content.decode()
    assert response.status_code == 200
    assert f"This PDF is a genuine certificate: verification code {code}." in content
    assert "This certificate is valid." in content


def test_a_tampered_pdf_is_not_genuine(learner, code):
    pdf = client_for(learner).get(f"/attendance/certificates/{code}/").content
    tampered = pdf.replace(b"/Producer", b"/Producex", 1)
    assert tampered != pdf

    response = upload(client_for(None), tampered)

    assert response.status_code == 200
    assert "This PDF is not genuine" in response.content.decode()


def test_a_genuine_pdf_of_a_reissued_certificate_says_so(learner, course_staff, code):
    pdf = client_for(learner).get(f"/attendance/certificates/{code}/").content
    new_code = api.reissue_certificate(course_staff.id, code, {"learner_name": "Zoe L"}, T0)["code"]

    content = upload(client_for(None), pdf).content.decode()

    assert f"verification code {code}." in content
    assert f'reissued as <a href="{VERIFY}{new_code}/">' in content


@pytest.mark.parametrize(
    ("content", "content_type", "status", "message"),
    [
        (b"%PDF-1.4 not ours", "text/plain", 400, "Upload a PDF file."),
        (b"GIF89a pretending", "application/pdf", 400, "Upload a PDF file."),
        (b"%PDF-" + b"0" * (5 * 1024 * 1024), "application/pdf", 413, "at most 5 MB"),
    ],
)
def test_an_upload_that_is_not_a_small_pdf_is_refused(db, content, content_type, status, message):
    response = upload(client_for(None), content, content_type)

    assert response.status_code == status
    assert message in response.content.decode()


def test_an_upload_without_a_file_is_refused(db):
    response = client_for(None).post(VERIFY, {}, HTTP_X_CSRFTOKEN=CSRF_SECRET)

    assert response.status_code == 400
    assert "Choose the certificate&#x27;s PDF file." in response.content.decode()


def test_the_pdf_check_needs_the_csrf_token(learner, code):
    pdf = client_for(learner).get(f"/attendance/certificates/{code}/").content
    client = Client(enforce_csrf_checks=True)

    response = client.post(VERIFY, {"pdf": SimpleUploadedFile("c.pdf", pdf, content_type="application/pdf")})

    assert response.status_code == 403


# The course team's page ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [("learner", 403), ("coach", 403), ("outsider", 403), ("course_staff", 200), ("global_staff", 200)],
)
def test_the_certificates_page_is_for_the_course_team(request, role, status, code):
    user = coach() if role == "coach" else user_for(request, role)

    response = client_for(user).get(PAGE)

    assert response.status_code == status
    if status == 200:
        content = response.content.decode()
        assert code in content
        assert "Zoe Lukas (learner)" in content
        assert "Revoke the certificate" in content
        assert "Reissue with this name" in content


def test_anonymous_is_sent_to_log_in(code):
    response = Client().get(PAGE)

    assert response.status_code == 302
    assert "login" in response["Location"]


def post(client: Client, code: str, action: str, **data: str):
    return client.post(f"{PAGE}{code}/{action}/", data, HTTP_X_CSRFTOKEN=CSRF_SECRET)


def test_staff_revoke_from_the_page(course_staff, code):
    client = client_for(course_staff)

    response = post(client, code, "revoke", reason="Attended for a colleague")

    assert (response.status_code, response["Location"]) == (302, PAGE)
    page = client.get(PAGE).content.decode()
    assert f"Certificate {code} was revoked." in page
    assert "Revoked on 2026-" in page
    assert "Attended for a colleague" in page
    assert Certificate.objects.get(code=code).revoked_at is not None


def test_staff_reissue_from_the_page(course_staff, code):
    client = client_for(course_staff)

    response = post(client, code, "reissue", learner_name="Zoë Lukas")

    new = Certificate.objects.get(learner_name="Zoë Lukas")
    assert response.status_code == 302
    page = client.get(PAGE).content.decode()
    assert f"Certificate {code} was reissued as {new.code}." in page
    assert f"Reissued as {new.code}" in page


def test_a_refused_change_shows_the_page_with_the_error(course_staff, code):
    client = client_for(course_staff)

    response = post(client, code, "revoke", reason="")

    assert response.status_code == 400
    assert "Say why the certificate is revoked." in response.content.decode()
    post(client, code, "revoke", reason="First")
    again = post(client, code, "reissue", learner_name="Zoe")
    assert again.status_code == 409
    assert "a revoked certificate is not reissued" in again.content.decode()


def test_a_learner_cannot_post_a_change(learner, code):
    response = post(client_for(learner), code, "revoke", reason="Mine")

    assert response.status_code == 403
    assert Certificate.objects.get(code=code).revoked_at is None


def test_a_change_needs_the_csrf_token(course_staff, code):
    client = Client(enforce_csrf_checks=True)
    client.force_login(course_staff)

    assert client.post(f"{PAGE}{code}/revoke/", {"reason": "r"}).status_code == 403
    assert Certificate.objects.get(code=code).revoked_at is None


def test_an_unknown_action_is_not_found(course_staff, code):
    assert post(client_for(course_staff), code, "delete").status_code == 404
