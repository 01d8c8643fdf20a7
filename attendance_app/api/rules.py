"""Activity rules: which units an activity awards, behind which quiz and Min Grade (seed 000)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import CourseKey, UsageKey

from attendance_app import permissions
from attendance_app.api.presence_config import forget_presence_config
from attendance_app.api.units import format_duration
from attendance_app.api.validation import FieldErrors, decimal_number, parse_id
from attendance_app.api.view_reads import current_activity, gradable_items, sorted_rules
from attendance_app.exceptions import Conflict, InvalidInput, NotAuthorized, NotFound
from attendance_app.models import Activity, ActivityUnitRule, CreditUnit
from attendance_app.platform import get_backend
from attendance_app.platform.base import GradableItem


@dataclass(frozen=True)
class RuleView:
    """One rule as authors and learners see it."""

    id: int
    unit_id: int
    acronym: str
    unit_name: str
    managed_by: str
    duration: str
    quiz_usage_key: str | None
    quiz_name: str | None
    min_grade: Decimal | None
    unit_archived: bool

    def as_json(self) -> dict[str, Any]:
        return {
            **self.__dict__,
            "min_grade": str(self.min_grade) if self.min_grade is not None else None,
        }


def _activity(usage_key: UsageKey) -> Activity:
    activity = Activity.objects.filter(usage_key=usage_key, archived_at__isnull=True).first()
    if activity is None:
        raise NotFound(_("Save the activity's settings before adding credit units."))
    return activity


def _require_author(actor_id: int | None, course_key: CourseKey) -> None:
    if not permissions.can_author_course(actor_id, course_key):
        raise NotAuthorized(_("Only the course team can change the credit units of this activity."))


def quiz_choices(actor_id: int | None, course_key: CourseKey) -> list[GradableItem]:
    """The graded subsections and problems an author can gate a rule with."""
    _require_author(actor_id, course_key)
    return get_backend().gradable_items(course_key)


def _views(rules: list[ActivityUnitRule], course_key: CourseKey) -> list[RuleView]:
    # The course's gradable items walk the course in the LMS: only when a rule names a quiz.
    quiz_names = (
        {str(item.usage_key): item.display_name for item in gradable_items(course_key)}
        if any(rule.quiz_usage_key for rule in rules)
        else {}
    )
    return [
        RuleView(
            id=rule.id,
            unit_id=rule.unit_id,
            acronym=rule.unit.acronym,
            unit_name=rule.unit.name,
            managed_by=rule.unit.managed_by,
            duration=format_duration(rule.unit.hours, rule.unit.minutes)
            if rule.unit.managed_by == "internal"
            else "",
            quiz_usage_key=str(rule.quiz_usage_key) if rule.quiz_usage_key else None,
            quiz_name=quiz_names.get(str(rule.quiz_usage_key)) if rule.quiz_usage_key else None,
            min_grade=rule.min_grade,
            unit_archived=rule.unit.archived_at is not None,
        )
        for rule in rules
    ]


def list_rules(actor_id: int | None, usage_key: UsageKey) -> list[RuleView]:
    """The rules of an activity, for its course team and its enrolled learners.

    Raises:
        NotFound: no such activity, or the actor may not see it.
    """
    if not permissions.can_view_course_activity(actor_id, usage_key.course_key):
        raise NotFound(_("No attendance activity at this address."))
    activity = current_activity(usage_key)  # shared with the rest of the learner's view (ADR 0027)
    if activity is None:
        raise NotFound(_("Save the activity's settings before adding credit units."))
    return _views(sorted_rules(activity), usage_key.course_key)


def _quiz_and_grade(data: dict[str, Any], course_key: CourseKey) -> tuple[UsageKey | None, Decimal | None]:
    errors = FieldErrors()
    raw_quiz = data.get("quiz_usage_key") or None
    quiz: UsageKey | None = None
    if raw_quiz is not None:
        try:
            quiz = UsageKey.from_string(str(raw_quiz))
        except InvalidKeyError:
            errors.add("quiz_usage_key", _("“{value}” is not a valid usage key.").format(value=raw_quiz))
        else:
            if quiz.course_key != course_key:
                errors.add("quiz_usage_key", _("The quiz must be part of this course."))
            elif str(quiz) not in {str(item.usage_key) for item in get_backend().gradable_items(course_key)}:
                errors.add("quiz_usage_key", _("Choose a graded subsection or problem of this course."))
    min_grade: Decimal | None = None
    if data.get("min_grade") not in (None, ""):
        min_grade = decimal_number(data, "min_grade", errors, minimum=Decimal("0"), maximum=Decimal("100"))
        if raw_quiz is None:
            errors.add("min_grade", _("Choose a quiz for the minimum grade to apply to."))
    elif raw_quiz is not None:
        errors.add("min_grade", _("Enter the minimum grade, from 0 to 100."))
    errors.raise_if_any()
    return quiz, min_grade


def add_rule(actor_id: int | None, usage_key: UsageKey, data: dict[str, Any]) -> RuleView:
    """Make the activity award a unit, optionally only to learners with ``min_grade`` on a quiz.

    Raises:
        NotAuthorized: not on the course team.
        NotFound: the activity's settings were never saved.
        InvalidInput: the unit, quiz or grade is wrong.
        Conflict: the activity already awards the unit.
    """
    _require_author(actor_id, usage_key.course_key)
    activity = _activity(usage_key)
    unit_id = parse_id(data.get("unit_id"))
    unit = CreditUnit.objects.filter(id=unit_id, active=True).first() if unit_id is not None else None
    course_key = usage_key.course_key
    if unit is None or unit.org not in ("", course_key.org):
        raise InvalidInput(
            _("Some values are not valid; nothing was saved."),
            field_errors={"unit_id": [_("Choose a credit unit of this course's catalogue.")]},
        )
    quiz, min_grade = _quiz_and_grade(data, course_key)
    if ActivityUnitRule.objects.filter(activity=activity, unit=unit).exists():
        raise Conflict(_("This activity already awards {acronym}.").format(acronym=unit.acronym))
    try:
        with transaction.atomic():
            rule = ActivityUnitRule.objects.create(
                activity=activity, unit=unit, quiz_usage_key=quiz or "", min_grade=min_grade
            )
    except IntegrityError as error:
        raise Conflict(_("This activity already awards {acronym}.").format(acronym=unit.acronym)) from error
    forget_presence_config([activity.id])
    return _views([rule], course_key)[0]


def update_rule(actor_id: int | None, usage_key: UsageKey, rule_id: int, data: dict[str, Any]) -> RuleView:
    """Change a rule's quiz and Min Grade (the unit stays; remove and add to change it)."""
    _require_author(actor_id, usage_key.course_key)
    activity = _activity(usage_key)
    rule = ActivityUnitRule.objects.select_related("unit").filter(activity=activity, id=rule_id).first()
    if rule is None:
        raise NotFound(_("This activity has no such rule."))
    quiz, min_grade = _quiz_and_grade(data, usage_key.course_key)
    rule.quiz_usage_key = quiz or ""
    rule.min_grade = min_grade
    rule.save(update_fields=["quiz_usage_key", "min_grade"])
    forget_presence_config([activity.id])
    return _views([rule], usage_key.course_key)[0]


def remove_rule(actor_id: int | None, usage_key: UsageKey, rule_id: int) -> None:
    """Stop the activity from awarding a unit (the red trash can in seed 000)."""
    _require_author(actor_id, usage_key.course_key)
    activity = _activity(usage_key)
    deleted, _details = ActivityUnitRule.objects.filter(activity=activity, id=rule_id).delete()
    forget_presence_config([activity.id])
    if not deleted:
        raise NotFound(_("This activity has no such rule."))
