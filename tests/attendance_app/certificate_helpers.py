"""A learner's claim on a recorded activity of DemoX, the certificate tests' common starting point."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from attendance_app import api
from attendance_app.models import Activity, Claim
from tests.factories import COURSE_KEY

T0 = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
USAGE_KEY = COURSE_KEY.make_usage_key("attendance", "replay")


def recorded_claim(
    learner,
    course_staff,
    org_admin,
    *,
    display_name: str = "Replay",
    names: tuple[str, str] | None = None,
    course_switch: bool = False,
) -> Claim:
    """A claim of 1.2 CPE on the recorded activity "Replay", made at ``T0``.

    ``names`` sets the learner's first and last names first (they are printed on the certificate);
    ``course_switch`` turns the course's credit switch on.
    """
    if names is not None:
        learner.first_name, learner.last_name = names
        learner.save()
    api.configure_activity(
        course_staff.id,
        USAGE_KEY,
        {"display_name": display_name, "mode": "recorded", "live_start": "2026-01-01T00:00Z"},
    )
    cpe = api.create_unit(org_admin.id, {"org": "DemoX", "template": "cpe"})
    api.add_rule(course_staff.id, USAGE_KEY, {"unit_id": cpe.id})
    if course_switch:
        api.set_course_switch(course_staff.id, COURSE_KEY, True)
    return Claim.objects.create(
        user=learner,
        activity=Activity.objects.get(usage_key=USAGE_KEY),
        unit=cpe,
        units=Decimal("1.2"),
        claimed_at=T0,
        updated_at=T0,
    )


def certificate_code(learner, claim: Claim) -> str:
    """The code of the claim's certificate, issued at ``T0``."""
    return api.certificate_for(learner.id, claim.id, T0)["code"]
