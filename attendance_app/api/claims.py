"""Claims of credit, the quiz gate and the learner's My credits page (DESIGN section 7, seed 000).

The only module that writes claims. A claim snapshots, per unit, the units computed from the
learner's confirmed seconds, those seconds, the hits and the date; claiming again later raises the
snapshot and never lowers it. The Claim credits button shows while a live activity is live, and
for a recorded one from its start on. A rule's quiz blocks its unit until the learner's grade on it
reaches the rule's Min Grade.

This slice claims internal units only: external units are claimed on the external page. Classroom
activities are claimed like the others: their ledger is the learners' marks (section 8,
``attendance_app.api.classroom.credit``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import formats
from django.utils.translation import gettext as _
from opaque_keys.edx.keys import CourseKey, UsageKey

from attendance_app import conf, permissions, tracking
from attendance_app.api.activity_log import courseware_path, log_activity
from attendance_app.api.revocation import revoked_message
from attendance_app.api.rules_snapshot import rules_snapshot
from attendance_app.api.switches import is_enabled
from attendance_app.api.view_reads import (
    attendance_row,
    current_activity,
    enrolled_course_keys,
    gradable_items,
    rules_prefetch,
    sorted_rules,
)
from attendance_app.credit.units import INCREMENTS, computed_units_us, format_hms
from attendance_app.exceptions import Conflict, FeatureDisabled, InvalidInput, NotAuthorized, NotFound
from attendance_app.models import (
    Activity,
    ActivityMode,
    ActivityUnitRule,
    Attendance,
    Claim,
    ClaimSource,
    CreditUnit,
    LogAction,
    LogCategory,
    ManagedBy,
)
from attendance_app.platform import get_backend

_ZERO = Decimal("0")


# Numbers as people read them -------------------------------------------------------------------


def _places(value: Decimal, *, significant: bool = True) -> int:
    """Decimal places of ``value``: only significant ones (1.20 has 1), or as written (1.20 has 2)."""
    exponent = (value.normalize() if significant else value).as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _step(unit: CreditUnit) -> Decimal:
    return INCREMENTS.get(unit.increment, Decimal("0.01"))


def _plain(value: Decimal, places: int) -> str:
    """``value`` with ``places`` decimals, for JSON ("1.2", "0.0", "3")."""
    return f"{value:.{places}f}"


def _units_text(value: Decimal, unit: CreditUnit) -> str:
    """Units with the unit's increment's decimals (more if a claim has them), for JSON."""
    return _plain(value, max(_places(_step(unit)), _places(value)))


def _human(value: Decimal, places: int) -> str:
    """A number in the reader's language (a decimal comma in French)."""
    return formats.number_format(value, decimal_pos=places)


def _percent(value: Decimal | float) -> str:
    number = Decimal(str(round(float(value), 2)))
    return _human(number, _places(number))


# What one learner's claim in a course depends on -------------------------------------------------


@dataclass(frozen=True)
class _Gate:
    """Course-level facts, gathered once per course, and the learner's quiz grades."""

    enabled: bool
    enrolled: bool
    quiz_names: dict[str, str]
    grades: dict[str, float | None]


def _quiz_keys(rules: list[ActivityUnitRule]) -> list[UsageKey]:
    return [rule.quiz_usage_key for rule in rules if rule.quiz_usage_key]


def _quiz_names(course_key: CourseKey, rules: list[ActivityUnitRule]) -> dict[str, str]:
    if not _quiz_keys(rules):
        return {}
    return {str(item.usage_key): item.display_name for item in gradable_items(course_key)}


def _grades(user_id: int, quiz_keys: list[UsageKey]) -> dict[str, float | None]:
    if not quiz_keys:
        return {}
    grades = get_backend().grade_percents(user_id, quiz_keys)
    return {str(key): grade for key, grade in grades.items()}


def _internal_rules(activity: Activity) -> list[ActivityUnitRule]:
    """The rules this slice claims (internal units), in the order authors added them."""
    return [rule for rule in sorted_rules(activity) if rule.unit.managed_by == ManagedBy.INTERNAL]


def _rules_prefetch() -> Prefetch:
    return rules_prefetch()


def _attach_units(claims: dict[int, Claim], rules: list[ActivityUnitRule]) -> dict[int, Claim]:
    """Give claims their units without joining (a join under FOR UPDATE would lock the unit rows)."""
    units = {rule.unit_id: rule.unit for rule in rules}
    missing = [unit_id for unit_id in claims if unit_id not in units]
    if missing:
        units.update(CreditUnit.objects.in_bulk(missing))
    for unit_id, claim in claims.items():
        claim.unit = units[unit_id]
    return claims


# Reasons -----------------------------------------------------------------------------------------


def _window_reason(activity: Activity, now: datetime) -> str | None:
    """Why the Claim credits button is hidden now, by the activity's mode and times (seed 000)."""
    if activity.mode == ActivityMode.CLASSROOM:
        return None  # open: only marks credit time (attendance_app.api.classroom.credit)
    start, end = activity.live_start, activity.live_end
    if activity.mode == ActivityMode.LIVE:
        if start is None or end is None:
            return _("This live session has no schedule yet.")
        if now < start:
            return _("Claims open when the live session starts.")
        # A short grace after the end lets the learner answer the last prompt and claim (ADR 0008).
        if now >= end + timedelta(seconds=conf.live_claim_grace_seconds()):
            return _("Claims closed when the live session ended.")
        return None
    if start is not None and now < start:
        return _("Claims open when the recorded session becomes available.")
    return None


def _activity_reason(activity: Activity, gate: _Gate, now: datetime) -> str | None:
    """A reason that holds for every unit of the activity, or None."""
    if not gate.enabled:
        return str(FeatureDisabled.default_message)
    if not gate.enrolled:
        return _("Only learners enrolled in this course can claim credits.")
    if activity.archived_at is not None:
        return _("This activity was removed from the course.")
    return _window_reason(activity, now)


def _quiz(rule: ActivityUnitRule | None, gate: _Gate) -> dict[str, Any] | None:
    if rule is None or not rule.quiz_usage_key:
        return None
    key = str(rule.quiz_usage_key)
    min_grade = rule.min_grade if rule.min_grade is not None else _ZERO
    grade = gate.grades.get(key)
    return {
        "usage_key": key,
        "name": gate.quiz_names.get(key) or _("the quiz"),
        "min_grade": str(min_grade),
        "grade": grade,
        "passed": grade is not None and Decimal(str(grade)) >= min_grade,
    }


def _unit_reason(
    unit: CreditUnit,
    rule: ActivityUnitRule | None,
    earned: Decimal,
    claimed: Decimal | None,
    quiz: dict[str, Any] | None,
) -> str | None:
    if rule is None:
        return _("This activity no longer awards {acronym}.").format(acronym=unit.acronym)
    if unit.managed_by != ManagedBy.INTERNAL:
        return _("{acronym} is awarded by an external system.").format(acronym=unit.acronym)
    step = _step(unit)
    if earned <= 0:
        needed = max(unit.minimum_credit, step)
        places = max(_places(step), _places(needed))
        return _("Attend longer: {earned} of {needed} {acronym} so far.").format(
            earned=_human(earned, places), needed=_human(needed, places), acronym=unit.acronym
        )
    if claimed is not None and earned <= claimed:
        return _("Already claimed: {units} {acronym}.").format(
            units=_human(claimed, max(_places(step), _places(claimed))), acronym=unit.acronym
        )
    if quiz is not None and not quiz["passed"]:
        if quiz["grade"] is None:
            # xgettext:no-python-format
            return _("Score at least {min_grade} % on “{quiz}” first (not attempted yet).").format(
                min_grade=_percent(Decimal(quiz["min_grade"])), quiz=quiz["name"]
            )
        return _("Score at least {min_grade} % on “{quiz}” first (your grade: {grade} %).").format(
            min_grade=_percent(Decimal(quiz["min_grade"])), quiz=quiz["name"], grade=_percent(quiz["grade"])
        )
    return None


# Status --------------------------------------------------------------------------------------


@dataclass
class _UnitState:
    unit: CreditUnit
    rule: ActivityUnitRule | None
    earned: Decimal
    claim: Claim | None
    quiz: dict[str, Any] | None
    reason: str | None

    @property
    def live_claim(self) -> Claim | None:
        """The claim unless it was revoked (a revoked claim counts for nothing; ADR 0010)."""
        return self.claim if self.claim is not None and self.claim.revoked_at is None else None

    def as_json(self) -> dict[str, Any]:
        live, revoked_at = self.live_claim, self.claim.revoked_at if self.claim else None
        return {
            "unit_id": self.unit.id,
            "acronym": self.unit.acronym,
            "name": self.unit.name,
            "earned": _units_text(self.earned, self.unit),
            "claimed": _units_text(live.units, self.unit) if live else None,
            "claimed_at": live.updated_at.isoformat() if live else None,
            "revoked_at": revoked_at.isoformat() if revoked_at else None,
            "claimable": self.reason is None,
            "reason": self.reason,
            "quiz": self.quiz,
        }


def _unit_states(
    activity: Activity,
    rules: list[ActivityUnitRule],
    attendance: Attendance | None,
    claims: dict[int, Claim],
    gate: _Gate,
    now: datetime,
) -> tuple[str | None, list[_UnitState]]:
    """Every unit the activity awards or the learner claimed there, with why it is not claimable."""
    confirmed_us = attendance.confirmed_us if attendance else 0
    activity_reason = _activity_reason(activity, gate, now)
    by_unit = {rule.unit_id: rule for rule in rules}
    units = [rule.unit for rule in rules] + sorted(
        (claim.unit for unit_id, claim in claims.items() if unit_id not in by_unit),
        key=lambda unit: (unit.acronym, unit.id),
    )
    states = []
    for unit in units:
        rule = by_unit.get(unit.id)
        claim = claims.get(unit.id)
        awarding = rule is not None and unit.managed_by == ManagedBy.INTERNAL and unit.duration_seconds > 0
        earned = (
            computed_units_us(
                confirmed_us, unit.duration_seconds, unit.increment, unit.rounding, unit.minimum_credit
            )
            if awarding
            else 0 * _step(unit)
        )
        quiz = _quiz(rule, gate)
        revoked = revoked_message(claim) if claim is not None and claim.revoked_at is not None else None
        reason = (
            revoked
            or activity_reason
            or _unit_reason(unit, rule, earned, claim.units if claim else None, quiz)
        )
        states.append(_UnitState(unit, rule, earned, claim, quiz, reason))
    return activity_reason, states


def _status(
    activity: Activity,
    rules: list[ActivityUnitRule],
    attendance: Attendance | None,
    claims: dict[int, Claim],
    gate: _Gate,
    now: datetime,
) -> dict[str, Any]:
    activity_reason, states = _unit_states(activity, rules, attendance, claims, gate, now)
    claimable = any(state.reason is None for state in states)
    reason = activity_reason
    if reason is None and not claimable:
        reason = (
            " ".join(str(state.reason) for state in states)
            if states
            else _("This activity awards no credit units.")
        )
    confirmed = attendance.confirmed_seconds if attendance else 0.0
    return {
        "usage_key": str(activity.usage_key),
        "course_key": str(activity.course_key),
        "activity_name": activity.display_name,
        "mode": activity.mode,
        "courseware_path": courseware_path(activity),
        "show_button": activity_reason is None,
        "opens_at": activity.live_start.isoformat() if activity.live_start else None,
        "closes_at": (activity.live_end + timedelta(seconds=conf.live_claim_grace_seconds())).isoformat()
        if activity.live_end and activity.mode == ActivityMode.LIVE
        else None,
        "claimable": claimable,
        "reason": None if claimable else reason,
        "confirmed_seconds": round(confirmed, 3),
        "time": format_hms(confirmed),
        "hits": attendance.hits if attendance else 0,
        "units": [state.as_json() for state in states],
    }


def _activity(usage_key: UsageKey) -> Activity:
    activity = (
        Activity.objects.filter(usage_key=usage_key, archived_at__isnull=True)
        .prefetch_related(_rules_prefetch())
        .first()
    )
    if activity is None:
        raise NotFound(_("No attendance activity at this address."))
    return activity


def _course_key(activity: Activity) -> CourseKey:
    course_key = activity.course_key
    assert course_key is not None  # the column is NOT NULL
    return course_key


def _gate(user_id: int, activity: Activity, rules: list[ActivityUnitRule]) -> _Gate:
    """The learner's access and the course's facts.

    Raises:
        NotFound: the learner may not see the activity (the same answer as a missing one).
    """
    course_key = _course_key(activity)
    enrolled = permissions.is_enrolled(user_id, course_key)
    if not enrolled and not permissions.can_author_course(user_id, course_key):
        raise NotFound(_("No attendance activity at this address."))
    return _Gate(
        enabled=is_enabled(course_key),
        enrolled=enrolled,
        quiz_names=_quiz_names(course_key, rules),
        grades=_grades(user_id, _quiz_keys(rules)),
    )


def claim_status(user_id: int | None, usage_key: UsageKey, now: datetime) -> dict[str, Any]:
    """The learner's credit in an activity: per unit, units earned now and claimed, and why not claimable.

    ``show_button`` says whether the Claim credits button shows now: a live activity while it is live,
    a recorded one from its start on.

    Raises:
        NotAuthorized: anonymous. NotFound: no such activity, or the user may not see it.
    """
    if user_id is None:
        raise NotAuthorized()
    activity = current_activity(usage_key)  # shared with the rest of the learner's view (ADR 0027)
    if activity is None:
        raise NotFound(_("No attendance activity at this address."))
    rules = _internal_rules(activity)
    gate = _gate(user_id, activity, rules)
    attendance = attendance_row(user_id, activity.id)
    claims = _attach_units(
        {claim.unit_id: claim for claim in Claim.objects.filter(user_id=user_id, activity=activity)}, rules
    )
    return _status(activity, rules, attendance, claims, gate, now)


# Claiming ----------------------------------------------------------------------------------------


def _claim_unit(
    user_id: int,
    activity: Activity,
    state: _UnitState,
    attendance: Attendance,
    now: datetime,
) -> tuple[Claim, Decimal | None, bool]:
    """Create or raise the learner's claim of one unit.

    Returns the claim, the units it had before (None for a new claim) and whether this call
    changed it (not when a concurrent claim already had as much).
    """
    claim = state.claim
    if claim is None:
        try:
            with transaction.atomic():  # a savepoint: a concurrent first claim may win the insert
                claim = Claim.objects.create(
                    user_id=user_id,
                    activity=activity,
                    unit=state.unit,
                    units=state.earned,
                    confirmed_seconds=attendance.confirmed_seconds,
                    hits=attendance.hits,
                    source=ClaimSource.ATTENDANCE,
                    claimed_at=now,
                    updated_at=now,
                    rules_snapshot=rules_snapshot(activity, state.unit, state.rule, now),
                )
        except IntegrityError:
            claim = Claim.objects.select_for_update().get(user_id=user_id, activity=activity, unit=state.unit)
            claim.unit = state.unit
        else:
            return claim, None, True
    previous = claim.units
    if state.earned <= previous:
        return claim, previous, False
    claim.units = state.earned
    claim.confirmed_seconds = max(claim.confirmed_seconds, attendance.confirmed_seconds)
    claim.hits = max(claim.hits, attendance.hits)
    claim.updated_at = max(claim.updated_at, now)
    claim.rules_snapshot = rules_snapshot(activity, state.unit, state.rule, now)
    claim.save(update_fields=["units", "confirmed_seconds", "hits", "updated_at", "rules_snapshot"])
    return claim, previous, True


def _log_claim(user_id: int, activity: Activity, state: _UnitState, now: datetime) -> None:
    label = f"{_units_text(state.earned, state.unit)} {state.unit.acronym}"
    log_activity(
        user_id,
        _course_key(activity),
        LogCategory.CE,
        LogAction.CE_EARNED,
        label,
        now,
        activity=activity,
        once_key=f"ce-earned:{user_id}:{activity.id}:{state.unit.id}",
    )
    log_activity(
        user_id, _course_key(activity), LogCategory.CE, LogAction.CE_CLAIMED, label, now, activity=activity
    )


def claim_credits(user_id: int | None, usage_key: UsageKey, now: datetime) -> dict[str, Any]:
    """Claim every claimable unit of the activity at once; returns the new status.

    The status gains ``claimed_now``: the units this call claimed or raised. Claiming what is already
    claimed changes nothing and succeeds; a claim never lowers what was claimed; two claims at the
    same moment make one row per unit.

    Raises:
        NotAuthorized: anonymous, or on the course team without being enrolled (they see, not claim).
        NotFound: no such (or an archived) activity, or the user may not see it (not enrolled).
        FeatureDisabled: attendance tracking is off for the course.
        Conflict: the Claim credits button is not showing now (before or after the session).
        InvalidInput: nothing to claim yet (the message says why:
            not enough time attended, the quiz's Min Grade not reached...).
    """
    if user_id is None:
        raise NotAuthorized()
    activity = _activity(usage_key)
    rules = _internal_rules(activity)
    gate = _gate(user_id, activity, rules)
    if not gate.enabled:
        raise FeatureDisabled()
    if not gate.enrolled:
        raise NotAuthorized(_("Only learners enrolled in this course can claim credits."))
    closed = _window_reason(activity, now)
    if closed:
        raise Conflict(closed)
    claimed_now: list[tuple[_UnitState, Decimal | None]] = []
    with transaction.atomic():
        # Locking the learner's attendance row serializes their claims (and their beats) in this activity.
        attendance = Attendance.objects.select_for_update().filter(user_id=user_id, activity=activity).first()
        locked = Claim.objects.select_for_update().filter(user_id=user_id, activity=activity)
        claims = _attach_units({claim.unit_id: claim for claim in locked}, rules)
        _reason, states = _unit_states(activity, rules, attendance, claims, gate, now)
        claimable = [state for state in states if state.reason is None]
        if attendance is not None:
            for state in claimable:
                claim, previous, raised = _claim_unit(user_id, activity, state, attendance, now)
                state.claim = claims[state.unit.id] = claim
                if raised:
                    claimed_now.append((state, previous))
                    _log_claim(user_id, activity, state, now)
    if not claimable and not claims:
        reasons = [str(state.reason) for state in states]
        raise InvalidInput(
            _("Nothing to claim yet. {reasons}").format(
                reasons=" ".join(reasons) or _("This activity awards no credit units.")
            ),
            field_errors={"units": reasons} if reasons else None,
        )
    for state, previous in claimed_now:
        earned = {
            "activity_id": str(activity.usage_key),
            "user_id": user_id,
            "unit_acronym": state.unit.acronym,
            "units": _units_text(state.earned, state.unit),
        }
        seconds = round(attendance.confirmed_seconds, 3) if attendance else 0.0
        tracking.emit(
            tracking.EVENT_UNITS_EARNED, {**earned, "seconds": seconds}, course_id=_course_key(activity)
        )
        tracking.emit(
            tracking.EVENT_CREDITS_CLAIMED,
            {
                **earned,
                "claim_id": state.claim.id if state.claim else None,
                "unit_id": state.unit.id,
                "previous_units": _units_text(previous, state.unit) if previous is not None else None,
                "hits": attendance.hits if attendance else 0,
                "source": str(ClaimSource.ATTENDANCE),
            },
            course_id=_course_key(activity),
        )
    status = _status(activity, rules, attendance, claims, gate, now)
    status["claimed_now"] = [
        {"acronym": state.unit.acronym, "units": _units_text(state.earned, state.unit)}
        for state, _previous in claimed_now
    ]
    return status


# My credits -------------------------------------------------------------------------------------


def _add(totals: dict[str, dict[str, Any]], acronym: str, earned: Decimal, claimed: Decimal | None) -> None:
    total = totals.setdefault(acronym, {"earned": _ZERO, "claimed": _ZERO, "places": 0})
    total["earned"] += earned
    total["claimed"] += claimed or _ZERO
    total["places"] = max(
        total["places"], _places(earned, significant=False), _places(claimed or _ZERO, significant=False)
    )


def _totals_json(totals: dict[str, dict[str, Any]]) -> list[dict[str, str]]:
    return [
        {
            "acronym": acronym,
            "earned": _plain(total["earned"], total["places"]),
            "claimed": _plain(total["claimed"], total["places"]),
        }
        for acronym, total in sorted(totals.items())
    ]


def credit_totals(courses: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Units earned and claimed per acronym across the courses of :func:`my_credits`."""
    totals: dict[str, dict[str, Any]] = {}
    for course in courses:
        for total in course["totals"]:
            _add(totals, total["acronym"], Decimal(total["earned"]), Decimal(total["claimed"]))
    return _totals_json(totals)


def my_credits(user_id: int | None, now: datetime) -> list[dict[str, Any]]:
    """The learner's credit across courses, for the My credits page.

    Every activity with credit units where the learner attended or claimed, grouped by course
    (courses they are enrolled in, and any course where they claimed credit): per activity its
    :func:`claim_status`, and per course the units earned and claimed per acronym. Costs a fixed
    number of queries per course, whatever the number of activities.

    Raises:
        NotAuthorized: anonymous.
    """
    if user_id is None:
        raise NotAuthorized()
    backend = get_backend()
    enrolled = {str(course_key) for course_key in enrolled_course_keys(user_id)}
    attendances = {
        attendance.activity_id: attendance
        for attendance in Attendance.objects.filter(user_id=user_id).only(
            "activity_id", "confirmed_us", "hits"
        )
    }
    claims: dict[int, dict[int, Claim]] = defaultdict(dict)
    for claim in Claim.objects.filter(user_id=user_id).select_related("unit"):
        claims[claim.activity_id][claim.unit_id] = claim
    activities = [
        activity
        for activity in Activity.objects.filter(id__in=set(attendances) | set(claims)).prefetch_related(
            _rules_prefetch()
        )
        if str(activity.course_key) in enrolled or activity.id in claims
    ]
    by_course: dict[str, list[tuple[Activity, list[ActivityUnitRule]]]] = defaultdict(list)
    for activity in activities:
        rules = _internal_rules(activity)
        if rules or claims.get(activity.id):
            by_course[str(activity.course_key)].append((activity, rules))
    grades = _grades(
        user_id, [key for entries in by_course.values() for _a, rules in entries for key in _quiz_keys(rules)]
    )
    courses = []
    for course_id, entries in by_course.items():
        course_key = CourseKey.from_string(course_id)
        gate = _Gate(
            enabled=is_enabled(course_key),
            enrolled=course_id in enrolled,
            quiz_names=_quiz_names(course_key, [rule for _a, rules in entries for rule in rules]),
            grades=grades,
        )
        course = backend.get_course(course_key)
        totals: dict[str, dict[str, Any]] = {}
        statuses = []
        for activity, rules in sorted(
            entries, key=lambda entry: (entry[0].live_start or now, entry[0].display_name, entry[0].id)
        ):
            status = _status(activity, rules, attendances.get(activity.id), claims[activity.id], gate, now)
            status["archived"] = activity.archived_at is not None
            for unit in status["units"]:
                _add(
                    totals,
                    unit["acronym"],
                    Decimal(unit["earned"]),
                    Decimal(unit["claimed"]) if unit["claimed"] is not None else None,
                )
            statuses.append(status)
        courses.append(
            {
                "course_key": course_id,
                "course_name": course.display_name if course else course_id,
                "enrolled": gate.enrolled,
                "activities": statuses,
                "totals": _totals_json(totals),
            }
        )
    return sorted(courses, key=lambda course: (course["course_name"].lower(), course["course_key"]))
