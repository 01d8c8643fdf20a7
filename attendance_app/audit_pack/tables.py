"""The pack's CSV files: one header and one row iterator per table, read in chunks.

Each table costs a fixed number of queries whatever the number of learners (``values_list`` with
the joins it needs, iterated with ``iterator(chunk_size=…)``), so a pack of any size reads with
flat memory. Instants are UTC, ISO 8601 with milliseconds; durations are ``HH:MM:SS`` of whole
seconds, with the exact seconds beside them where credit depends on them.

With a date range, each table keeps what happened in it: attendances and visits that overlap it,
prompts shown in it, claims whose life (first claim to last raise) overlaps it, certificates
issued in it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db.models import QuerySet

from attendance_app.audit_pack.scope import PackScope
from attendance_app.credit.units import format_hms
from attendance_app.models import (
    ActivityUnitRule,
    Attendance,
    Certificate,
    Claim,
    CreditUnit,
    ManagedBy,
    PromptEvidence,
    Segment,
)
from attendance_app.models.presence import MICROSECONDS
from attendance_app.reports.attendance_tracking import format_units, units_earned
from attendance_app.reports.base import CHUNK_SIZE, person

Row = Sequence[Any]


def instant(moment: datetime | None) -> str:
    """A UTC instant as ISO 8601 with milliseconds ("" for none)."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds") if moment else ""


def seconds_text(microseconds: int) -> str:
    """Exact seconds of a microsecond count, without float rounding: 3000.000000."""
    whole, rest = divmod(int(microseconds), MICROSECONDS)
    return f"{whole}.{rest:06d}"


def in_scope(queryset: QuerySet[Any], scope: PackScope, prefix: str = "") -> QuerySet[Any]:
    """``queryset`` narrowed to the scope's activity or course (``prefix`` leads to the activity)."""
    if scope.activity is not None:
        return queryset.filter(**{f"{prefix}activity_id": scope.activity.id})
    return queryset.filter(**{f"{prefix}activity__course_key": scope.course_key})


def overlapping(queryset: QuerySet[Any], scope: PackScope, begins: str, ends: str) -> QuerySet[Any]:
    """Rows whose span ``begins`` to ``ends`` meets the scope's date range (an instant: one field twice)."""
    if scope.start_at is not None:
        queryset = queryset.filter(**{f"{ends}__gte": scope.start_at})
    if scope.end_before is not None:
        queryset = queryset.filter(**{f"{begins}__lt": scope.end_before})
    return queryset


def awarded_units(scope: PackScope) -> dict[int, list[CreditUnit]]:
    """The internal units each activity of the scope awards today (one query)."""
    rules = in_scope(ActivityUnitRule.objects.filter(unit__managed_by=ManagedBy.INTERNAL), scope)
    units: dict[int, list[CreditUnit]] = {}
    for rule in rules.select_related("unit").order_by("unit__acronym", "unit_id"):
        if rule.unit.duration_seconds > 0:
            units.setdefault(rule.activity_id, []).append(rule.unit)
    return units


ROSTER_COLUMNS = (
    "User ID",
    "Username",
    "Person",
    "Email",
    "Activity",
    "Activity name",
    "First join (UTC)",
    "Last leave (UTC)",
    "Time",
    "Confirmed time",
    "Confirmed seconds",
    "Flagged seconds",
    "Hits",
    "Misses",
    "Rejoins",
    "Viewed to end",
    "Computed units",
)


def roster_rows(scope: PackScope) -> Iterator[Row]:
    """One row per learner and activity: time, prompts and the units computed from it (two queries)."""
    units = awarded_units(scope)
    queryset = overlapping(in_scope(Attendance.objects.all(), scope), scope, "first_join_at", "last_beat_at")
    fields = (
        "user_id",
        "user__username",
        "user__first_name",
        "user__last_name",
        "user__email",
        "activity_id",
        "activity__usage_key",
        "activity__display_name",
        "first_join_at",
        "last_beat_at",
        "credited_us",
        "confirmed_us",
        "flagged_us",
        "hits",
        "misses",
        "rejoins",
        "viewed_to_end",
    )
    ordered = queryset.order_by("activity__display_name", "activity_id", "user__username", "user_id")
    for row in ordered.values_list(*fields).iterator(chunk_size=CHUNK_SIZE):
        (user_id, username, first, last, email, activity_id, usage_key, activity_name, joined, left) = row[
            :10
        ]
        credited_us, confirmed_us, flagged_us, hits, misses, rejoins, viewed_to_end = row[10:]
        yield (
            user_id,
            username,
            person(first, last, username),
            email,
            str(usage_key),
            activity_name,
            instant(joined),
            instant(left),
            format_hms(credited_us // MICROSECONDS),
            format_hms(confirmed_us // MICROSECONDS),
            seconds_text(confirmed_us),
            seconds_text(flagged_us),
            hits,
            misses,
            rejoins,
            "yes" if viewed_to_end else "no",
            format_units(units_earned(confirmed_us, units.get(activity_id, []))),
        )


PROMPT_COLUMNS = (
    "Prompt ID",
    "User ID",
    "Username",
    "Activity",
    "Kind",
    "Shown at (UTC)",
    "Deadline (UTC)",
    "Answered",
    "Answered at (UTC)",
    "Latency (ms)",
    "Outcome",
    "Discarded seconds",
    "Flagged seconds",
)


def prompt_rows(scope: PackScope) -> Iterator[Row]:
    """Every prompt shown, answered or not (one query). A prompt still ``shown`` had no answer yet."""
    queryset = overlapping(
        in_scope(PromptEvidence.objects.all(), scope, "attendance__"), scope, "shown_at", "shown_at"
    )
    fields = (
        "id",
        "attendance__user_id",
        "attendance__user__username",
        "attendance__activity__usage_key",
        "kind",
        "shown_at",
        "deadline",
        "outcome",
        "answered_at",
        "latency_ms",
        "discarded_us",
        "flagged_us",
    )
    ordered = queryset.order_by("attendance__activity_id", "attendance__user_id", "shown_at", "id")
    for row in ordered.values_list(*fields).iterator(chunk_size=CHUNK_SIZE):
        prompt_id, user_id, username, usage_key, kind, shown_at, deadline, outcome = row[:8]
        answered_at, latency_ms, discarded_us, flagged_us = row[8:]
        yield (
            prompt_id,
            user_id,
            username,
            str(usage_key),
            kind or "unrecorded",
            instant(shown_at),
            instant(deadline),
            "yes" if answered_at else "no",
            instant(answered_at),
            latency_ms,
            outcome,
            seconds_text(discarded_us),
            seconds_text(flagged_us),
        )


VISIT_COLUMNS = (
    "User ID",
    "Username",
    "Activity",
    "Visit",
    "Started at (UTC)",
    "Ended at (UTC)",
    "Duration",
)


def _visit(user_id: int, username: str, usage_key: Any, kind: str, started: datetime, ended: datetime) -> Row:
    seconds = int((ended - started).total_seconds())
    return (user_id, username, str(usage_key), kind, instant(started), instant(ended), format_hms(seconds))


def visit_rows(scope: PackScope) -> Iterator[Row]:
    """Every closed visit, then each learner's last one (up to their last heartbeat): two queries."""
    closed = overlapping(
        in_scope(Segment.objects.all(), scope, "attendance__"), scope, "started_at", "ended_at"
    )
    fields = ("attendance__user_id", "attendance__user__username", "attendance__activity__usage_key")
    ordered = closed.order_by("attendance__activity_id", "attendance__user_id", "started_at", "id")
    for user_id, username, usage_key, started, ended in ordered.values_list(
        *fields, "started_at", "ended_at"
    ).iterator(chunk_size=CHUNK_SIZE):
        yield _visit(user_id, username, usage_key, "closed", started, ended)
    last = overlapping(in_scope(Attendance.objects.all(), scope), scope, "segment_started_at", "last_beat_at")
    for user_id, username, usage_key, started, ended in (
        last.order_by("activity_id", "user_id")
        .values_list("user_id", "user__username", "activity__usage_key", "segment_started_at", "last_beat_at")
        .iterator(chunk_size=CHUNK_SIZE)
    ):
        yield _visit(user_id, username, usage_key, "last", started, ended)


CLAIM_COLUMNS = (
    "Claim ID",
    "User ID",
    "Username",
    "Person",
    "Activity",
    "Unit",
    "Units",
    "Confirmed seconds",
    "Hits",
    "Source",
    "Claimed at (UTC)",
    "Last raised at (UTC)",
    "Revoked at (UTC)",
    "Revoke reason",
    "Rules",
)


def claims_in_scope(scope: PackScope) -> QuerySet[Claim]:
    return overlapping(in_scope(Claim.objects.all(), scope), scope, "claimed_at", "updated_at")


def claim_rows(scope: PackScope) -> Iterator[Row]:
    """Every claim, revoked ones too, and whether ``rules.json`` holds its rules of claim time (one query)."""
    fields = (
        "id",
        "user_id",
        "user__username",
        "user__first_name",
        "user__last_name",
        "activity__usage_key",
        "unit__acronym",
        "units",
        "confirmed_seconds",
        "hits",
        "source",
        "claimed_at",
        "updated_at",
        "revoked_at",
        "revoke_reason",
        "rules_snapshot__version",
    )
    ordered = claims_in_scope(scope).order_by("activity_id", "user_id", "unit__acronym", "id")
    for row in ordered.values_list(*fields).iterator(chunk_size=CHUNK_SIZE):
        claim_id, user_id, username, first, last, usage_key, acronym, units, seconds, hits = row[:10]
        source, claimed_at, updated_at, revoked_at, revoke_reason, snapshot_version = row[10:]
        yield (
            claim_id,
            user_id,
            username,
            person(first, last, username),
            str(usage_key),
            acronym,
            str(units),
            f"{seconds:.3f}",
            hits,
            source,
            instant(claimed_at),
            instant(updated_at),
            instant(revoked_at),
            revoke_reason,
            "claim time" if snapshot_version is not None else "current",
        )


CERTIFICATE_COLUMNS = (
    "Verification code",
    "Claim ID",
    "User ID",
    "Username",
    "Activity",
    "Unit",
    "Units",
    "Issued at (UTC)",
    "Revoked at (UTC)",
    "Revoke reason",
)


def certificate_rows(scope: PackScope) -> Iterator[Row]:
    """Every certificate issued, revoked ones too (one query)."""
    certificates = in_scope(Certificate.objects.all(), scope, "claim__")
    queryset = overlapping(certificates, scope, "issued_at", "issued_at")
    fields = (
        "code",
        "claim_id",
        "claim__user_id",
        "claim__user__username",
        "claim__activity__usage_key",
        "claim__unit__acronym",
        "claim__units",
        "issued_at",
        "revoked_at",
        "revoke_reason",
    )
    ordered = queryset.order_by("claim__activity_id", "claim__user_id", "issued_at", "id")
    for row in ordered.values_list(*fields).iterator(chunk_size=CHUNK_SIZE):
        code, claim_id, user_id, username, usage_key, acronym, units, issued, revoked, reason = row
        yield (
            code,
            claim_id,
            user_id,
            username,
            str(usage_key),
            acronym,
            str(units),
            instant(issued),
            instant(revoked),
            reason,
        )


@dataclass(frozen=True)
class Table:
    """A CSV file of the pack: its name, what it holds (for the manifest), header and rows."""

    filename: str
    description: str
    columns: Sequence[str]
    rows: Callable[[PackScope], Iterator[Row]]


TABLES = (
    Table(
        "roster.csv",
        "Each learner's time, prompts and computed units per activity.",
        ROSTER_COLUMNS,
        roster_rows,
    ),
    Table(
        "prompts.csv",
        "Every presence prompt shown, with its answer or the lack of one.",
        PROMPT_COLUMNS,
        prompt_rows,
    ),
    Table("visits.csv", "Every visit: closed ones, then each learner's last.", VISIT_COLUMNS, visit_rows),
    Table("claims.csv", "Every claim of credit, revoked ones included.", CLAIM_COLUMNS, claim_rows),
    Table(
        "certificates.csv",
        "Every certificate issued, revoked ones included.",
        CERTIFICATE_COLUMNS,
        certificate_rows,
    ),
)
