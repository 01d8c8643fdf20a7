"""Credit requirements (issue #18 item 8): validation, who manages them, and learners' progress."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from attendance_app.api import cycles
from attendance_app.api.cycle_progress import my_progress
from attendance_app.exceptions import Conflict, InvalidInput, NotAuthorized, NotFound
from attendance_app.models import CreditRequirement, CreditUnit
from tests.attendance_app.cycles_helpers import (
    COURSE_KEY,
    NOW,
    OTHER_COURSE_KEY,
    SECOND_DEMOX_COURSE,
    activity_in,
    claim,
    cpe_unit,
)

pytestmark = pytest.mark.django_db
YEARLY = {"org": "DemoX", "acronym": "CPE", "required_credits": "40"}


@pytest.fixture
def cpe(db):
    return cpe_unit()


def field_errors(data, actor):
    with pytest.raises(InvalidInput) as raised:
        cycles.create_requirement(actor.id, data)
    assert not CreditRequirement.objects.exists()
    return raised.value.field_errors


def test_an_org_admin_requires_credits_per_calendar_year(cpe, org_admin):
    requirement = cycles.create_requirement(org_admin.id, YEARLY)
    assert (requirement.org, requirement.acronym, requirement.required_credits) == (
        "DemoX",
        "CPE",
        Decimal(40),
    )
    assert requirement.period_kind == "calendar_year"
    assert requirement.window_months is None


def test_a_rolling_window_needs_its_months(cpe, org_admin):
    requirement = cycles.create_requirement(
        org_admin.id,
        {**YEARLY, "period_kind": "rolling_months", "window_months": "36", "start": "2024-07-01"},
    )
    assert (requirement.window_months, requirement.start) == (36, date(2024, 7, 1))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"required_credits": "-1"}, "required_credits"),
        ({"required_credits": "0"}, "required_credits"),
        ({"required_credits": "1.234"}, "required_credits"),
        ({"required_credits": True}, "required_credits"),
        ({"acronym": "NOPE"}, "acronym"),
        ({"acronym": ""}, "acronym"),
        ({"period_kind": "decade"}, "period_kind"),
        ({"period_kind": "rolling_months"}, "window_months"),
        ({"period_kind": "rolling_months", "window_months": 0}, "window_months"),
        ({"period_kind": "rolling_months", "window_months": 61}, "window_months"),
        ({"period_kind": "rolling_months", "window_months": "²"}, "window_months"),
        ({"window_months": 12}, "window_months"),
        ({"start": "2026-02-30"}, "start"),
        ({"start": 20260101}, "start"),
    ],
)
def test_bad_fields_are_named_and_nothing_is_saved(cpe, org_admin, changes, field):
    assert set(field_errors({**YEARLY, **changes}, org_admin)) == {field}


def test_an_acronym_of_another_organization_is_unknown_a_site_one_is_known(org_admin):
    cpe_unit(org="OtherX")
    assert set(field_errors(YEARLY, org_admin)) == {"acronym"}
    cpe_unit(org="")
    assert cycles.create_requirement(org_admin.id, YEARLY).acronym == "CPE"


def test_an_archived_unit_s_acronym_is_unknown(cpe, org_admin):
    cpe.archived_at = NOW
    cpe.save()
    assert set(field_errors(YEARLY, org_admin)) == {"acronym"}


def test_one_requirement_per_org_and_acronym(cpe, org_admin):
    cycles.create_requirement(org_admin.id, YEARLY)
    with pytest.raises(Conflict):
        cycles.create_requirement(org_admin.id, {**YEARLY, "required_credits": "10"})
    assert CreditRequirement.objects.get().required_credits == 40


@pytest.mark.parametrize("role", ["learner", "course_staff", "instructor", "outsider"])
def test_only_org_admins_and_global_staff_manage_requirements(cpe, request, role):
    user = request.getfixturevalue(role)
    with pytest.raises(NotAuthorized):
        cycles.create_requirement(user.id, YEARLY)
    with pytest.raises(NotAuthorized):
        cycles.list_requirements(user.id)
    with pytest.raises(NotAuthorized):
        cycles.create_requirement(None, YEARLY)


def test_an_org_admin_manages_their_organization_only(cpe, org_admin, global_staff):
    cpe_unit(org="OtherX")
    other = cycles.create_requirement(global_staff.id, {**YEARLY, "org": "OtherX"})
    with pytest.raises(NotAuthorized):
        cycles.create_requirement(org_admin.id, {**YEARLY, "org": "OtherX"})
    with pytest.raises(NotFound):
        cycles.get_requirement(org_admin.id, other.id)
    with pytest.raises(NotFound):
        cycles.delete_requirement(org_admin.id, other.id)
    own = cycles.create_requirement(org_admin.id, YEARLY)
    assert list(cycles.list_requirements(org_admin.id)) == [own]
    assert list(cycles.list_requirements(global_staff.id)) == [own, other]


def test_an_update_keeps_the_other_fields_and_never_moves_organizations(cpe, org_admin):
    requirement = cycles.create_requirement(
        org_admin.id, {**YEARLY, "period_kind": "rolling_months", "window_months": 24}
    )
    changed = cycles.update_requirement(org_admin.id, requirement.id, {"required_credits": "60"})
    assert (changed.required_credits, changed.window_months) == (Decimal(60), 24)
    back = cycles.update_requirement(org_admin.id, requirement.id, {"period_kind": "calendar_year"})
    assert (back.period_kind, back.window_months) == ("calendar_year", None)
    with pytest.raises(InvalidInput):
        cycles.update_requirement(org_admin.id, requirement.id, {"org": "OtherX"})
    with pytest.raises(InvalidInput):
        cycles.update_requirement(org_admin.id, requirement.id, {"required_credits": "-5"})
    assert CreditRequirement.objects.get().required_credits == 60


def test_progress_counts_claims_of_the_org_s_courses_in_the_period_only(cpe, org_admin, learner):
    cycles.create_requirement(org_admin.id, YEARLY)
    other_org_unit = cpe_unit(org="OtherX")
    here, there, elsewhere = (
        activity_in(COURSE_KEY),
        activity_in(SECOND_DEMOX_COURSE),
        activity_in(OTHER_COURSE_KEY),
    )
    claim(learner, here, cpe, "3", datetime(2026, 1, 1, 0, 0, tzinfo=UTC))
    claim(learner, there, cpe, "2.5", datetime(2026, 3, 19, tzinfo=UTC))
    claim(learner, elsewhere, other_org_unit, "7", datetime(2026, 2, 1, tzinfo=UTC))  # another org
    claim(learner, activity_in(COURSE_KEY, "last-year"), cpe, "9", datetime(2025, 12, 31, 23, 59, tzinfo=UTC))
    claim(
        learner,
        activity_in(COURSE_KEY, "revoked"),
        cpe,
        "4",
        datetime(2026, 2, 1, tzinfo=UTC),
        revoked_at=NOW,
    )
    [progress] = my_progress(learner.id, NOW)
    assert progress.earned == Decimal("5.5")
    assert progress.missing == Decimal("34.5")
    assert progress.percent == 13
    assert (progress.period.first, progress.period.last) == (date(2026, 1, 1), date(2026, 12, 31))


def test_progress_lists_requirements_of_the_learner_s_organizations_in_force(cpe, global_staff, learner):
    cycles.create_requirement(global_staff.id, YEARLY)
    cpe_unit(org="OtherX")
    cycles.create_requirement(global_staff.id, {**YEARLY, "org": "OtherX"})
    cpe_unit(org="")
    ceu = {"org": "DemoX", "acronym": "CEU", "required_credits": "2", "start": "2026-06-01"}
    CreditUnit.objects.create(org="DemoX", acronym="CEU", name="CEU", hours=10)
    cycles.create_requirement(global_staff.id, ceu)  # not in force yet
    assert [(p.requirement.org, p.requirement.acronym) for p in my_progress(learner.id, NOW)] == [
        ("DemoX", "CPE")
    ]
    with pytest.raises(NotAuthorized):
        my_progress(None, NOW)


def test_progress_costs_a_query_per_requirement(cpe, org_admin, learner, django_assert_num_queries):
    cycles.create_requirement(org_admin.id, YEARLY)
    for index in range(3):
        claim(learner, activity_in(COURSE_KEY, f"a{index}"), cpe, "1", datetime(2026, 2, 1, tzinfo=UTC))
    with django_assert_num_queries(4):  # enrollments, the learner's claimed courses, requirements, sums
        [progress] = my_progress(learner.id, NOW)
    assert progress.earned == 3
