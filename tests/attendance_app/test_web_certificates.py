"""Certificate pages: download, the My credits button, and the public verify page."""

from __future__ import annotations

import pytest
from django.test import Client

from attendance_app import api
from attendance_app.models import ActivityLogEntry, Certificate
from tests.attendance_app.certificate_helpers import T0, certificate_code, recorded_claim
from tests.factories import COURSE_KEY

pytestmark = pytest.mark.django_db

ISSUE = "/attendance/my-credits/certificate/"
MY_CREDITS = "/attendance/my-credits/"


@pytest.fixture
def claim(learner, course_staff, org_admin):
    return recorded_claim(
        learner,
        course_staff,
        org_admin,
        display_name="Replay <b>1</b>",
        names=("<i>Ada</i>", "Lovelace"),
        course_switch=True,
    )


@pytest.fixture
def code(learner, claim):
    return certificate_code(learner, claim)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_my_credits_offers_a_download_button_that_issues_and_redirects_to_the_pdf(learner, claim):
    client = signed_in(learner)

    assert "Download certificate" in client.get(MY_CREDITS).content.decode()
    response = client.post(ISSUE, {"claim_id": claim.id})

    code = Certificate.objects.get(claim=claim).code
    assert response.status_code == 302
    assert response["Location"] == f"/attendance/certificates/{code}/"
    pdf = client.get(response["Location"])
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("attachment;")
    assert ActivityLogEntry.objects.filter(action="Certificate downloaded", user=learner).count() == 1


def test_my_credits_says_the_manager_downloads_in_a_managers_only_course(learner, course_staff, claim):
    api.set_certificate_settings(course_staff.id, COURSE_KEY, {"visibility": "managers"})

    content = signed_in(learner).get(MY_CREDITS).content.decode()

    assert "Download certificate" not in content
    assert "Completed — your manager downloads the certificate." in content


def test_the_issue_button_needs_csrf(learner, claim):
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)

    assert client.post(ISSUE, {"claim_id": claim.id}).status_code == 403
    assert not Certificate.objects.exists()


def test_issuing_someone_elses_claim_comes_back_with_an_error(other_learner, claim):
    response = signed_in(other_learner).post(ISSUE, {"claim_id": claim.id}, follow=True)

    assert "No such claim." in response.content.decode()
    assert not Certificate.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [("learner", 200), ("other_learner", 404), ("course_staff", 200), ("outsider", 404)],
)
def test_download_per_role(request, role, status, code):
    response = signed_in(request.getfixturevalue(role)).get(f"/attendance/certificates/{code}/")

    assert response.status_code == status


def test_anonymous_visitors_are_sent_to_sign_in_to_download(code):
    response = Client().get(f"/attendance/certificates/{code}/")

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_learner_of_a_managers_only_course_is_told_why(learner, course_staff, code):
    api.set_certificate_settings(course_staff.id, COURSE_KEY, {"visibility": "managers"})

    response = signed_in(learner).get(f"/attendance/certificates/{code}/")

    assert response.status_code == 403
    assert "Your manager downloads the certificate." in response.content.decode()


def test_the_public_verify_page_shows_validity_and_the_escaped_name_only(learner, code):
    response = Client().get(f"/attendance/verify/{code}/")

    content = response.content.decode()
    assert response.status_code == 200
    assert "This certificate is valid." in content
    assert "&lt;i&gt;Ada&lt;/i&gt; Lovelace" in content
    assert "<i>Ada</i>" not in content
    assert "Replay &lt;b&gt;1&lt;/b&gt;" in content
    assert learner.email not in content
    assert learner.username not in content


def test_the_verify_page_says_a_revoked_certificate_is_not_valid(code):
    Certificate.objects.filter(code=code).update(revoked_at=T0)

    response = Client().get(f"/attendance/verify/{code}/")

    assert response.status_code == 200
    assert "revoked" in response.content.decode()


def test_an_unknown_code_is_a_clear_404(db):
    response = Client().get("/attendance/verify/%3Cscript%3E/")

    content = response.content.decode()
    assert response.status_code == 404
    assert "No certificate has the verification code" in content
    assert "<script>" not in content
