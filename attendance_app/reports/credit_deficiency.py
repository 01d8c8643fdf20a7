"""Credit deficiency report (issue #18 item 8): learners below their organization's requirements.

A row per learner of the course run (a coach: of their cohorts) and requirement in force of the
course's organization that they have not met, with how much is missing in the current period.
Earned credit counts claims in every course of the organization (ADR 0023). Learners who met a
requirement have no row for it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from attendance_app.api.cycle_progress import earned_credits, in_force
from attendance_app.credit.cycles import missing
from attendance_app.models import CreditRequirement
from attendance_app.platform import get_backend
from attendance_app.reports.base import CHUNK_SIZE, Report, ReportRequest
from attendance_app.reports.filters import ReportFilters

COLUMNS = (
    "user ID",
    "First",
    "Last",
    "Email",
    "Acronym",
    "Required",
    "Earned",
    "Missing",
    "Period start",
    "Period end",
)


class CreditDeficiencyReport(Report):
    kind = "credit-deficiency"
    title = _("Credit deficiency report")
    filter_names = ("user", "group")

    def columns(self, filters: ReportFilters) -> Sequence[str]:
        return COLUMNS

    def _learner_ids(self, request: ReportRequest) -> list[int]:
        if request.scope.learner_ids is not None:
            learners = set(request.scope.learner_ids)
        else:
            learners = set(get_backend().enrolled_user_ids(request.course_key))
        if request.filters.user_id is not None:
            learners &= {request.filters.user_id}
        return sorted(learners)

    def rows(self, request: ReportRequest) -> Iterator[Sequence[Any]]:
        learner_ids = self._learner_ids(request)
        org = str(request.course_key.org)
        requirements = in_force(
            CreditRequirement.objects.filter(org__iexact=org).order_by("acronym", "id"), request.now
        )
        if not learner_ids or not requirements:
            return
        # Everyone's sums when the reader sees the whole course: no list of ids in the query.
        everyone = request.scope.learner_ids is None and request.filters.user_id is None
        earned = [
            (requirement, period, earned_credits(None if everyone else learner_ids, requirement, period))
            for requirement, period in requirements
        ]
        users = (
            get_user_model()
            .objects.filter(id__in=learner_ids)
            .order_by("id")
            .values_list("id", "first_name", "last_name", "email")
        )
        for user_id, first, last, email in users.iterator(chunk_size=CHUNK_SIZE):
            for requirement, period, totals in earned:
                amount = totals.get(user_id, Decimal("0.00"))
                short = missing(requirement.required_credits, amount)
                if short > 0:
                    yield (
                        user_id,
                        first,
                        last,
                        email,
                        requirement.acronym,
                        requirement.required_credits,
                        amount,
                        short,
                        period.first.isoformat(),
                        period.last.isoformat(),
                    )
