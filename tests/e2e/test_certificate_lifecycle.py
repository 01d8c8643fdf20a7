"""Issue #18.5 end to end: staff reissue and revoke a certificate; the public verify page says so.

learner02 gets a claim and its certificate in the demo database (claiming itself is test_claims.py's
story). The course staff reissues it with a corrected name from the course's certificates page,
then revokes the new one; a visitor types each code into the verify page and reads the state.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import ARTIFACTS, demo_manage, sign_in

pytestmark = pytest.mark.browser

COURSE = "course-v1:DemoX+CE101+2026"
ISSUE_A_CERTIFICATE = """
from decimal import Decimal
from django.contrib.auth import get_user_model
from attendance_app import api, clock
from attendance_app.models import Activity, Claim, CreditUnit
learner = get_user_model().objects.get(username="learner02")
activity = Activity.objects.get(display_name="Practice session (recorded)")
unit = CreditUnit.objects.get(acronym="PRAC", active=True)
now = clock.now()
claim, _ = Claim.objects.get_or_create(
    user=learner, activity=activity, unit=unit,
    defaults={"units": Decimal("1"), "claimed_at": now, "updated_at": now},
)
print(api.certificate_for(learner.id, claim.id, now)["code"])
"""


def _issue_certificate() -> str:
    done = demo_manage("shell", "-c", ISSUE_A_CERTIFICATE)
    return done.stdout.strip().splitlines()[-1]


def test_staff_reissue_then_revoke_and_the_verify_page_says_so(demo_server, page):
    from playwright.sync_api import expect

    code = _issue_certificate()
    sign_in(page, demo_server, "staff")
    page.goto(f"{demo_server}/attendance/courses/{COURSE}/certificates/")
    row = page.locator(f"#certificate-{code}")
    expect(row).to_contain_text("Bruno Silva (learner02)")
    expect(row).to_contain_text("Valid")

    row.get_by_text("Reissue…").click()
    row.get_by_label("Learner's name as it should be printed").fill("Bruno Silva Santos")
    row.get_by_role("button", name="Reissue with this name").click()
    message = page.locator(".attendance-messages")
    expect(message).to_contain_text(f"Certificate {code} was reissued as ")
    new_code = message.inner_text().strip().rsplit(" ", 1)[-1].rstrip(".")
    expect(page.locator(f"#certificate-{code}")).to_contain_text(f"Reissued as {new_code}")

    new_row = page.locator(f"#certificate-{new_code}")
    new_row.get_by_text("Revoke…").click()
    new_row.get_by_label("Reason (kept for the course team)").fill("Attended for a colleague")
    new_row.get_by_role("button", name="Revoke the certificate").click()
    expect(page.locator(".attendance-messages")).to_contain_text(f"Certificate {new_code} was revoked.")
    expect(page.locator(f"#certificate-{new_code}")).to_contain_text("Attended for a colleague")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "certificates-course-page.png"), full_page=True)

    # A visitor (signed out) types the old code: reissued as the new one, which reads revoked.
    page.context.clear_cookies()
    page.goto(f"{demo_server}/attendance/verify/")
    page.get_by_role("textbox", name="Verification code").fill(code)
    page.get_by_role("button", name="Verify", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text(f"This certificate was reissued as {new_code}")
    page.get_by_role("link", name=new_code).click()
    expect(page.get_by_role("alert")).to_contain_text("This certificate was revoked on ")
    expect(page.locator("dl.attendance-certificate")).to_contain_text("Bruno Silva Santos")
    expect(page.locator("main")).not_to_contain_text("Attended for a colleague")
    page.screenshot(path=str(ARTIFACTS / "certificates-verify-revoked.png"), full_page=True)

    page.get_by_role("textbox", name="Verification code").fill("not a code!")
    page.get_by_role("button", name="Verify", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("A verification code has 12 to 32 characters")
