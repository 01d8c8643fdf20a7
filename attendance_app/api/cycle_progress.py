"""Progress toward the credit requirements (ADR 0023): what learners claimed in the current period.

Earned credit is the sum of the learner's claims that are not revoked, of units carrying the
requirement's acronym, in activities of the requirement's organization's courses, first claimed
within the period (UTC days, both ends included). One aggregate query per requirement, whatever
the number of learners.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Sum
from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import CourseKey

from attendance_app.api.view_reads import enrolled_course_keys
from attendance_app.credit.cycles import Period, current_period, missing, percent_done
from attendance_app.exceptions import NotAuthorized
from attendance_app.models import Claim, CreditRequirement

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Progress:
    """One learner's standing against one requirement in its current period."""

    requirement: CreditRequirement
    period: Period
    earned: Decimal

    @property
    def missing(self) -> Decimal:
        return missing(self.requirement.required_credits, self.earned)

    @property
    def percent(self) -> int:
        return percent_done(self.requirement.required_credits, self.earned)


def in_force(
    requirements: Iterable[CreditRequirement], today: datetime
) -> list[tuple[CreditRequirement, Period]]:
    """The requirements with a current period on ``today`` (not those whose start is still ahead)."""
    current = []
    for requirement in requirements:
        period = current_period(
            requirement.period_kind,
            requirement.window_months,
            requirement.start,
            today.astimezone(UTC).date(),
        )
        if period is not None:
            current.append((requirement, period))
    return current


def _org_of(course_id: str) -> str:
    try:
        return str(CourseKey.from_string(course_id).org).lower()
    except InvalidKeyError:
        return ""


def earned_credits(
    user_ids: Iterable[int] | None, requirement: CreditRequirement, period: Period
) -> dict[int, Decimal]:
    """User id → credits earned toward ``requirement`` in ``period`` (users without any are absent).

    ``user_ids`` None: every learner. One query.
    """
    claims = Claim.objects.filter(
        revoked_at__isnull=True,
        unit__acronym=requirement.acronym,
        claimed_at__gte=datetime.combine(period.first, time.min, tzinfo=UTC),
        claimed_at__lt=datetime.combine(period.last + timedelta(days=1), time.min, tzinfo=UTC),
    )
    if user_ids is not None:
        claims = claims.filter(user_id__in=sorted(set(user_ids)))
    totals: dict[int, Decimal] = defaultdict(Decimal)
    org = requirement.org.lower()
    per_course = claims.values_list("user_id", "activity__course_key").annotate(total=Sum("units")).order_by()
    for user_id, course_id, total in per_course:
        if _org_of(str(course_id)) == org:
            totals[user_id] += Decimal(str(total))
    # SQLite sums decimals as floats: back to the claims' two places.
    return {user_id: Decimal(total).quantize(CENT) for user_id, total in totals.items()}


def my_progress(user_id: int | None, now: datetime) -> list[Progress]:
    """The learner's progress toward every requirement in force of the organizations of their
    courses (enrolled, or where they claimed credit), by organization and acronym.

    Raises:
        NotAuthorized: anonymous.
    """
    if user_id is None:
        raise NotAuthorized()
    course_ids = {str(key) for key in enrolled_course_keys(user_id)}
    course_ids |= {
        str(key)
        for key in Claim.objects.filter(user_id=user_id).values_list("activity__course_key", flat=True)
    }
    orgs = {_org_of(course_id) for course_id in course_ids} - {""}
    if not orgs:
        return []
    requirements = [
        requirement
        for requirement in CreditRequirement.objects.order_by("org", "acronym", "id")
        if requirement.org.lower() in orgs
    ]
    return [
        Progress(
            requirement, period, earned_credits([user_id], requirement, period).get(user_id, Decimal("0.00"))
        )
        for requirement, period in in_force(requirements, now)
    ]
