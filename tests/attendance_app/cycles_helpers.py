"""Rows the credit cycle tests share: a CPE unit of DemoX, activities in two orgs, and claims."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from opaque_keys.edx.keys import CourseKey

from attendance_app.models import Activity, Claim, CreditUnit
from tests.factories import COURSE_KEY, OTHER_COURSE_KEY

NOW = datetime(2026, 3, 20, 12, tzinfo=UTC)
SECOND_DEMOX_COURSE = CourseKey.from_string("course-v1:DemoX+CE202+2026")


def cpe_unit(org: str = "DemoX") -> CreditUnit:
    return CreditUnit.objects.create(
        org=org, acronym="CPE", name="Continuing Professional Education", minutes=50
    )


def activity_in(course_key: CourseKey, name: str = "webinar") -> Activity:
    return Activity.objects.create(
        usage_key=course_key.make_usage_key("attendance", name), course_key=course_key, display_name=name
    )


def claim(user, activity: Activity, unit: CreditUnit, units: str, at: datetime, **fields) -> Claim:
    return Claim.objects.create(
        user=user, activity=activity, unit=unit, units=Decimal(units), claimed_at=at, updated_at=at, **fields
    )


__all__ = ["COURSE_KEY", "NOW", "OTHER_COURSE_KEY", "SECOND_DEMOX_COURSE", "activity_in", "claim", "cpe_unit"]
