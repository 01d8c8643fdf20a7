"""Seed the demo course: people in every role, cohorts, grades, units, seven activities and history.

Idempotent: running it again brings the demo back to the same state.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any
from xml.etree import ElementTree

from django.contrib.auth import get_user_model
from django.db import transaction
from opaque_keys.edx.django.models import CourseKeyField
from opaque_keys.edx.keys import CourseKey

from attendance_app import api, clock
from attendance_app.api import cycles
from attendance_app.api.backfill import backfill_course
from attendance_app.models import Activity, CoachAssignment, CreditRequirement, CreditUnit
from attendance_app.platform.standalone import models as platform
from attendance_app.platform.standalone.backend import usage_key_for_id
from attendance_xblock.block import AttendanceXBlock
from demo.history import seed_history
from demo.people import ADMIN, COACH, DEMO_PASSWORD, INSTRUCTOR, LEARNERS, STAFF
from demo.scenarios import attendance_scenarios
from demo.seed_classroom import seed_classroom
from demo.seed_sponsor import seed_sponsor

COURSE_KEY = CourseKey.from_string("course-v1:DemoX+CE101+2026")
ORG = "DemoX"


def _person(username: str, first_name: str, last_name: str, **extra: Any) -> Any:
    user, _ = get_user_model().objects.update_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "email": f"{username}@example.com",
            **extra,
        },
    )
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


def _units(admin: Any) -> dict[str, CreditUnit]:
    """The org's catalogue, created the way an org admin would (templates, then an external unit)."""
    specs: list[dict[str, Any]] = [
        {"template": "cpe", "field_of_study": "Accounting"},
        {"template": "ceu"},
        {
            "managed_by": "external",
            "acronym": "ETHX",
            "name": "Ethics credit (external board)",
            "external_url": "https://credits.example.com/claim?activity={{activityID}}&person={{personID}}"
            "&event={{eventID}}&sso={{ssoUserId}}&ext={{activityExtId}}",
        },
        {  # a one-minute unit, so the browser test of claims earns it quickly
            "acronym": "PRAC",
            "name": "Practice credit",
            "hours": 0,
            "minutes": 1,
            "increment": "whole",
            "minimum_credit": "1",
            "rounding": "down",
            "minimum_frequency": "automatic",
        },
    ]
    units = {}
    for spec in specs:
        acronym = spec.get("acronym") or api.UNIT_TEMPLATES[spec["template"]]["acronym"]
        existing = CreditUnit.objects.filter(org=ORG, acronym=acronym, active=True).first()
        unit = (
            api.update_unit(admin.id, existing.id, spec)
            if existing
            else api.create_unit(admin.id, {"org": ORG, **spec})
        )
        units[unit.acronym] = unit
    return units


def _requirement(admin: Any) -> None:
    """40 CPE per calendar year in DemoX: My credits shows learners their progress toward it."""
    wanted = {"acronym": "CPE", "required_credits": "40", "period_kind": "calendar_year"}
    existing = CreditRequirement.objects.filter(org=ORG, acronym="CPE").first()
    if existing:
        cycles.update_requirement(admin.id, existing.id, wanted)
    else:
        cycles.create_requirement(admin.id, {"org": ORG, **wanted})


def _attendance_blocks() -> list[tuple[Any, dict[str, str]]]:
    """Each Attendance block of the workbench scenarios, with its XML attributes (pages may hold two)."""
    blocks: list[tuple[Any, dict[str, str]]] = []
    for _scenario_id, scenario in sorted(attendance_scenarios().items()):
        root = ElementTree.fromstring(scenario.xml)  # noqa: S314 - our own scenario XML
        if root.tag == "attendance":
            blocks.append((scenario.usage_id, root.attrib))
            continue
        # The workbench numbers usages "{scenario slug}.{block type}.d{n}.u0" (its ScenarioIdManager).
        slug = str(scenario.usage_id).split(".")[0]
        for number, element in enumerate(root.iter("attendance")):
            blocks.append((f"{slug}.attendance.d{number}.u0", element.attrib))
    return blocks


def _activities(staff: Any, units: dict[str, CreditUnit], quiz_key: Any) -> list[Activity]:
    """Publish each workbench Attendance scenario as Studio would: its XML settings become an Activity."""
    rules_by_mode = {
        "live": [("CPE", quiz_key, Decimal("70"))],
        "recorded": [("CEU", None, None), ("CPE", None, None)],
    }
    rules_by_name = {
        "Practice session (recorded)": [("PRAC", quiz_key, Decimal("70"))],
        # The 80-second recording earns the one-minute PRAC: the demo's recorded session can really
        # earn its credit (CEU and CPE show how much longer a real session needs).
        "Revenue recognition (recorded)": [("PRAC", None, None), ("CEU", None, None), ("CPE", None, None)],
    }
    activities = []
    for usage_id, fields in _attendance_blocks():
        usage_key = usage_key_for_id(usage_id, "attendance")
        settings = {name: fields[name] for name in AttendanceXBlock.editable_fields if name in fields}
        api.configure_activity(staff.id, usage_key, settings)
        activity = Activity.objects.get(usage_key=usage_key)
        awarded = set(activity.unit_rules.values_list("unit_id", flat=True))
        rules = rules_by_name.get(settings.get("display_name", "")) or rules_by_mode.get(
            settings["mode"], [("CPE", None, None)]
        )
        for acronym, quiz, min_grade in rules:
            if units[acronym].id not in awarded:
                rule = {
                    "unit_id": units[acronym].id,
                    "quiz_usage_key": str(quiz) if quiz else None,
                    "min_grade": min_grade,
                }
                api.add_rule(staff.id, usage_key, rule)
        activities.append(activity)
    return activities


@transaction.atomic
def seed() -> dict[str, int]:
    """Create or refresh every demo row; returns counts for the command's summary."""
    now = clock.now()
    platform.Course.objects.update_or_create(
        course_key=COURSE_KEY,
        defaults={"display_name": "Continuing Education 101", "start": now - timedelta(days=60), "end": None},
    )
    admin = _person(*ADMIN, is_staff=True, is_superuser=True)
    staff = _person(*STAFF)
    instructor = _person(*INSTRUCTOR)
    coach = _person(*COACH)
    platform.AccessRole.objects.get_or_create(
        user=admin, org=ORG, course_key=CourseKeyField.Empty, role="org_admin"
    )
    platform.AccessRole.objects.get_or_create(user=staff, org=ORG, course_key=COURSE_KEY, role="staff")
    platform.AccessRole.objects.get_or_create(
        user=instructor, org=ORG, course_key=COURSE_KEY, role="instructor"
    )

    learners = [_person(*person) for person in LEARNERS]
    for index, learner in enumerate(learners):
        enrollment, _ = platform.Enrollment.objects.get_or_create(user=learner, course_key=COURSE_KEY)
        platform.Enrollment.objects.filter(id=enrollment.id).update(
            created=now - timedelta(days=45 - index * 2), is_active=index != 19
        )

    morning, _ = platform.Cohort.objects.get_or_create(course_key=COURSE_KEY, name="Morning group")
    evening, _ = platform.Cohort.objects.get_or_create(course_key=COURSE_KEY, name="Evening group")
    morning.members.set(learners[:10])
    evening.members.set(learners[10:])
    CoachAssignment.objects.get_or_create(user=coach, course_key=COURSE_KEY, cohort_id=morning.id)

    quiz, _ = platform.GradableItem.objects.update_or_create(
        usage_key=COURSE_KEY.make_usage_key("problem", "module1_quiz"),
        defaults={
            "course_key": COURSE_KEY,
            "display_name": "Module 1 quiz",
            "kind": "problem",
            "position": 1,
        },
    )
    final, _ = platform.GradableItem.objects.update_or_create(
        usage_key=COURSE_KEY.make_usage_key("sequential", "final_assessment"),
        defaults={
            "course_key": COURSE_KEY,
            "display_name": "Final assessment",
            "kind": "subsection",
            "position": 2,
        },
    )
    for index, learner in enumerate(learners[:12]):
        platform.Grade.objects.update_or_create(
            user=learner, usage_key=quiz.usage_key, defaults={"percent": 55 + (index * 37) % 45}
        )
        if index < 6:
            platform.Grade.objects.update_or_create(
                user=learner, usage_key=final.usage_key, defaults={"percent": 60 + index * 6}
            )

    api.set_course_switch(staff.id, COURSE_KEY, True)
    seed_sponsor(admin)
    units = _units(admin)
    _requirement(admin)
    activities = _activities(staff, units, quiz.usage_key)
    for learner in learners[:5]:
        platform.Completion.objects.update_or_create(
            user=learner, usage_key=activities[0].usage_key, defaults={"completion": 1.0}
        )
    past = next(activity for activity in activities if activity.display_name.startswith("Tax update"))
    assert past.live_start is not None
    seed_history(learners, usage_key_for_id(past.usage_key, "attendance"), past.live_start)
    workshop = next(activity for activity in activities if activity.mode == "classroom")
    slots = seed_classroom(workshop, staff, instructor, learners, now)
    # The demo platform sends no enrollment, cohort, grade or role events: fill the mirrors the
    # dashboards and reports read as an operator does after installing (backfill_attendance_mirrors).
    backfill_course(COURSE_KEY)
    return {"learners": len(learners), "units": len(units), "activities": len(activities), "slots": slots}
