"""Retention: evidence past ``ATTENDANCE_RETENTION_DAYS`` is anonymised (issue #18 item 7, ADR 0023).

The rules are retirement's (:mod:`attendance_app.api.retirement`), applied by the age of each row
instead of to one learner: a row past retention loses what retirement takes from a retired
learner's rows (derived files and warnings deleted, actors unlinked, free text and addresses
blanked, external references forgotten). Claims, certificates, attendance time, visits and
prompt outcomes are kept: the credit record outlives the retention period. Tables that hold a
current state rather than a record of something that happened (a standing accommodation, a
coach's assignment, a saved preset, the platform mirrors) do not expire; retirement clears them.

Nothing younger than the limit is touched. Work goes in chunks of ids (flat memory, one short
transaction each) and is idempotent: a second run finds nothing left to do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import models, transaction

from attendance_app import conf
from attendance_app.api import retirement
from attendance_app.models import (
    CallbackReceipt,
    CertificateMirror,
    CheckIn,
    CoachAssignment,
    CohortMembershipMirror,
    CourseAccessRoleMirror,
    EnrollmentMirror,
    FeatureSwitch,
    GradeSummaryMirror,
    LowAttendanceWarning,
    Mark,
    MarkAudit,
    ReportFile,
    ReportPreset,
    SponsorSettings,
    TimingAccommodation,
)

CHUNK_SIZE = 500

#: The date that ages each row of a table retirement changes: past retention when older than the limit.
AGED_BY: dict[type[models.Model], str] = {
    ReportFile: "requested_at",
    LowAttendanceWarning: "sent_at",
    FeatureSwitch: "modified",
    Mark: "marked_at",
    MarkAudit: "at",
    CheckIn: "at",
    CallbackReceipt: "received_at",
}

#: Tables retirement changes that hold a current state, not a record: they never expire.
NOT_EXPIRING: dict[type[models.Model], str] = {
    TimingAccommodation: "the learner's standing accommodation",
    CoachAssignment: "a coach's current cohorts",
    ReportPreset: "a reader's saved choices",
    EnrollmentMirror: "the platform's current enrollments",
    CohortMembershipMirror: "the platform's current cohorts",
    GradeSummaryMirror: "the platform's current grades",
    CertificateMirror: "the platform's current certificates",
    CourseAccessRoleMirror: "the platform's current roles",
    SponsorSettings: "the sponsor's current settings",
}


@dataclass(frozen=True)
class Step:
    """One rule applied to rows past retention: its name, the rows left to change and how."""

    name: str
    pending: Callable[[datetime], models.QuerySet[Any]]
    apply: Callable[[models.QuerySet[Any]], int]


def cutoff(now: datetime) -> datetime:
    """The instant before which rows are past retention."""
    return now - timedelta(days=conf.retention_days())


def _older(model: type[models.Model], limit: datetime) -> models.QuerySet[Any]:
    return model._default_manager.filter(**{f"{AGED_BY[model]}__lt": limit})


def _delete(rows: models.QuerySet[Any]) -> int:
    file_fields = [field.name for field in rows.model._meta.fields if isinstance(field, models.FileField)]
    for row in rows if file_fields else ():
        for name in file_fields:
            stored = getattr(row, name)
            if stored:
                stored.delete(save=False)
    deleted, _per_model = rows.delete()
    return deleted


def _deleting(model: type[models.Model]) -> Step:
    def pending(limit: datetime) -> models.QuerySet[Any]:
        return _older(model, limit)

    return Step(model._meta.label, pending, _delete)


def _setting(model: type[models.Model], field: str, blank: Any) -> Step:
    """Set ``field`` to ``blank`` (None: unlink an actor) on the rows past retention that differ."""

    def pending(limit: datetime) -> models.QuerySet[Any]:
        rows = _older(model, limit)
        return rows.filter(**{f"{field}__isnull": False}) if blank is None else rows.exclude(**{field: blank})

    def apply(rows: models.QuerySet[Any]) -> int:
        return rows.update(**{field: blank})

    return Step(f"{model._meta.label}.{field}", pending, apply)


def _steps() -> Iterator[Step]:
    for model in retirement.DELETED:
        if model in AGED_BY:
            yield _deleting(model)
    for model, field in retirement.UNLINKED:
        if model in AGED_BY:
            yield _setting(model, field, None)
    for model, field, blank in retirement.BLANKED:
        if model in AGED_BY:
            yield _setting(model, field, blank)


def _ids(rows: models.QuerySet[Any], after: int) -> list[int]:
    return list(rows.filter(pk__gt=after).order_by("pk").values_list("pk", flat=True)[:CHUNK_SIZE])


def _referenced(limit: datetime) -> Iterator[list[CallbackReceipt]]:
    """Chunks of callback receipts past retention whose result still names an external reference."""
    after = 0
    while True:
        chunk = list(_older(CallbackReceipt, limit).filter(pk__gt=after).order_by("pk")[:CHUNK_SIZE])
        if not chunk:
            return
        after = chunk[-1].pk
        kept = [
            receipt
            for receipt in chunk
            if isinstance(receipt.result, dict) and receipt.result.get("reference")
        ]
        if kept:
            yield kept


def past_retention(now: datetime) -> dict[str, int]:
    """What ``apply_retention`` would change, by table (and field): rows counted, nothing written."""
    limit = cutoff(now)
    counts = {step.name: step.pending(limit).count() for step in _steps()}
    counts["attendance_app.CallbackReceipt.reference"] = sum(len(chunk) for chunk in _referenced(limit))
    return counts


def apply_retention(now: datetime) -> dict[str, int]:
    """Anonymise every row past retention; returns the rows changed by table (and field)."""
    limit = cutoff(now)
    changed: dict[str, int] = {}
    for step in _steps():
        rows = step.pending(limit)
        count, after = 0, 0
        while ids := _ids(rows, after):
            with transaction.atomic():
                count += step.apply(rows.model._default_manager.filter(pk__in=ids))
            after = ids[-1]
        changed[step.name] = count
    changed["attendance_app.CallbackReceipt.reference"] = 0
    changed["attendance_app.ActivityLogEntry.label"] = 0
    for chunk in _referenced(limit):
        with transaction.atomic():
            for receipt in chunk:
                reference = str(receipt.result["reference"])
                receipt.result = {**receipt.result, "reference": ""}
                receipt.save(update_fields=["result"])
                person = receipt.result.get("person_id")
                if isinstance(person, int):
                    changed["attendance_app.ActivityLogEntry.label"] += retirement.forget_labelled_references(
                        person, [(receipt.pk, reference)]
                    )
        changed["attendance_app.CallbackReceipt.reference"] += len(chunk)
    return changed
