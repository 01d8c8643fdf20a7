"""Retirement (right to be forgotten) and the personal-data export of one learner.

On retirement edx-platform renames the user (``retired_user_…``), replaces the email and blanks the
name; our tables never copy those. What is personal beyond the user id is deleted or unlinked
here; credits, their evidence and certificates are kept, linked only to the retired id, because the
sponsor must keep them (NASBA: five years). docs/retirement.md lists every table and field.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils.translation import gettext as _

from attendance_app import permissions
from attendance_app.exceptions import NotAuthorized, NotFound
from attendance_app.models import (
    ActivityLogEntry,
    Attendance,
    CallbackReceipt,
    Certificate,
    CertificateMirror,
    CheckIn,
    Claim,
    CoachAssignment,
    CohortMembershipMirror,
    CourseAccessRoleMirror,
    EnrollmentMirror,
    FeatureSwitch,
    GradeSummaryMirror,
    LowAttendanceWarning,
    Mark,
    MarkAudit,
    Registration,
    ReportFile,
    ReportPreset,
    Slot,
    SponsorSettings,
    TimingAccommodation,
)

#: Tables whose rows of the retiring user are deleted (their ``user`` field names the user).
DELETED: tuple[type[models.Model], ...] = (
    TimingAccommodation,
    CoachAssignment,
    ReportFile,
    ReportPreset,
    EnrollmentMirror,
    CohortMembershipMirror,
    GradeSummaryMirror,
    CertificateMirror,
    CourseAccessRoleMirror,
    LowAttendanceWarning,
)

#: (table, field) pairs where the retiring user is an actor on someone else's row: set to NULL.
UNLINKED: tuple[tuple[type[models.Model], str], ...] = (
    (TimingAccommodation, "set_by"),
    (FeatureSwitch, "changed_by"),
    (Mark, "marked_by"),
    (MarkAudit, "actor"),
    (SponsorSettings, "modified_by"),
)

#: (table, many-to-many field) pairs the retiring user is taken out of (a slot's instructors).
REMOVED_FROM: tuple[tuple[type[models.Model], str], ...] = ((Slot, "instructors"),)

#: (table, field, blank value) of the retiring user's own rows: free text and addresses about them.
BLANKED: tuple[tuple[type[models.Model], str, Any], ...] = (
    (CheckIn, "ip_address", None),
    (Mark, "remark", ""),
    (MarkAudit, "before_remark", ""),
    (MarkAudit, "after_remark", ""),
)

#: (table, lookup of the user, field, blank value): personal fields of rows that reach the user
#: through another table (a reissued certificate's corrected name, through its claim).
BLANKED_THROUGH: tuple[tuple[type[models.Model], str, str, Any], ...] = (
    (Certificate, "claim__user_id", "learner_name", ""),
)

#: Tables kept for the sponsor, linked to the retired user id only (no name, email or username).
KEPT: tuple[tuple[type[models.Model], str], ...] = (
    (Attendance, "user"),  # and its Segment and PromptEvidence rows
    (Claim, "user"),  # and its Certificate
    (ActivityLogEntry, "user"),
    (Registration, "user"),  # the record of what they signed up for
    (Mark, "user"),  # the instructor's attendance mark, which classroom credit rests on
    (MarkAudit, "user"),  # append-only: every change of a mark
    (CheckIn, "user"),
)


def retire_user(user_id: int) -> dict[str, int]:
    """Remove the user's personal data from our tables; returns the rows changed per table.

    Idempotent: edx-platform sends two retirement signals and may retry a failed retirement.
    """
    changed: dict[str, int] = {}
    with transaction.atomic():
        for model in DELETED:
            deleted, _per_model = model._default_manager.filter(user_id=user_id).delete()
            changed[model._meta.label] = deleted
        for model, field in UNLINKED:
            count = model._default_manager.filter(**{f"{field}_id": user_id}).update(**{field: None})
            changed[f"{model._meta.label}.{field}"] = count
        for model, field in REMOVED_FROM:
            through = getattr(model, field).through
            deleted, _per_model = through._default_manager.filter(user_id=user_id).delete()
            changed[f"{model._meta.label}.{field}"] = deleted
        for model, field, blank in BLANKED:
            rows = model._default_manager.filter(user_id=user_id).exclude(**{field: blank})
            changed[f"{model._meta.label}.{field}"] = rows.update(**{field: blank})
        for model, lookup, field, blank in BLANKED_THROUGH:
            rows = model._default_manager.filter(**{lookup: user_id}).exclude(**{field: blank})
            changed[f"{model._meta.label}.{field}"] = rows.update(**{field: blank})
        references = _forget_references(user_id)
        changed["attendance_app.CallbackReceipt.reference"] = len(references)
        changed["attendance_app.ActivityLogEntry.label"] = forget_labelled_references(user_id, references)
    return changed


def _forget_references(user_id: int) -> list[tuple[int, str]]:
    """Blank the free-text ``reference`` an external system sent in callbacks about the user.

    Returns the (receipt id, reference) pairs blanked.
    """
    receipts = CallbackReceipt.objects.filter(result__person_id=user_id).order_by("id")
    blanked = []
    for receipt in receipts:
        reference = receipt.result.get("reference") if isinstance(receipt.result, dict) else None
        if reference:
            receipt.result = {**receipt.result, "reference": ""}
            receipt.save(update_fields=["result"])
            blanked.append((receipt.id, str(reference)))
    return blanked


def forget_labelled_references(user_id: int, references: list[tuple[int, str]]) -> int:
    """Drop the `` (reference)`` external callbacks appended to the learner's log labels."""
    suffixes = {f" ({reference})" for _receipt, reference in references}
    count = 0
    for entry in ActivityLogEntry.objects.filter(user_id=user_id, label__endswith=")"):
        suffix = next((suffix for suffix in suffixes if entry.label.endswith(suffix)), None)
        if suffix:
            entry.label = entry.label[: -len(suffix)]
            entry.save(update_fields=["label"])
            count += 1
    return count


# Export -------------------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)  # course and usage keys


def _rows(queryset: Iterable[Any], fields: Iterable[str]) -> list[dict[str, Any]]:
    names = list(fields)
    return [{name: _plain(getattr(row, name)) for name in names} for row in queryset]


def user_id_for_username(username: str) -> int:
    """The id of the user called ``username``. Raises NotFound."""
    user_id = get_user_model().objects.filter(username=username).values_list("id", flat=True).first()
    if user_id is None:
        raise NotFound(_("No user has this username."))
    return int(user_id)


def export_personal_data(actor_id: int | None, username: str) -> dict[str, Any]:
    """:func:`personal_data` of the user ``username``, for global staff only.

    Raises:
        NotAuthorized: the actor is not global staff. NotFound: no such user.
    """
    if not permissions.is_global_staff(actor_id):
        raise NotAuthorized(_("Only global staff may export a learner's personal data."))
    return {"username": username, **personal_data(user_id_for_username(username))}


def personal_data(user_id: int) -> dict[str, Any]:
    """Everything our tables hold about one learner, as JSON-ready data (the staff export)."""
    attendances = (
        Attendance.objects.filter(user_id=user_id)
        .select_related("activity")
        .prefetch_related("segments", "prompts")
        .order_by("id")
    )
    claims = Claim.objects.filter(user_id=user_id).select_related("activity", "unit").order_by("id")
    return {
        "user_id": user_id,
        "attendance": [
            {
                "activity_id": str(attendance.activity.usage_key),
                **_rows(
                    [attendance],
                    (
                        "first_join_at",
                        "last_beat_at",
                        "rejoins",
                        "credited_seconds",
                        "confirmed_seconds",
                        "pending_seconds",
                        "flagged_seconds",
                        "hits",
                        "misses",
                        "video_ranges",
                        "video_seconds",
                        "viewed_to_end",
                    ),
                )[0],
                "visits": _rows(attendance.segments.order_by("started_at"), ("started_at", "ended_at")),
                "prompts": _rows(
                    attendance.prompts.order_by("shown_at"),
                    ("shown_at", "deadline", "outcome", "answered_at", "latency_ms", "discarded_seconds"),
                ),
            }
            for attendance in attendances
        ],
        "claims": [
            {
                "claim_id": claim.id,
                "activity_id": str(claim.activity.usage_key),
                "unit_acronym": claim.unit.acronym,
                **_rows(
                    [claim], ("units", "confirmed_seconds", "hits", "source", "claimed_at", "updated_at")
                )[0],
                "certificate": _certificate(claim),
            }
            for claim in claims
        ],
        "activity_log": _rows(
            ActivityLogEntry.objects.filter(user_id=user_id).order_by("created_at", "id"),
            ("course_key", "category", "action", "label", "created_at", "content_id", "content_name"),
        ),
        "timing_accommodation": _rows(
            TimingAccommodation.objects.filter(user_id=user_id), ("extension_factor", "modified")
        ),
        "classroom": {
            "registrations": _rows(
                Registration.objects.filter(user_id=user_id).order_by("created", "id"),
                ("slot_id", "status", "created", "promoted_at"),
            ),
            "marks": _rows(
                Mark.objects.filter(user_id=user_id).select_related("status").order_by("marked_at", "id"),
                ("slot_id", "status", "remark", "marked_at", "source", "walk_in"),
            ),
            "check_ins": _rows(
                CheckIn.objects.filter(user_id=user_id).order_by("at", "id"),
                ("slot_id", "ip_address", "at", "outcome"),
            ),
        },
        "coach_assignments": _rows(
            CoachAssignment.objects.filter(user_id=user_id), ("course_key", "cohort_id", "created")
        ),
        "external_callbacks": _rows(
            CallbackReceipt.objects.filter(result__person_id=user_id).order_by("received_at"),
            ("received_at", "status", "result"),
        ),
        "platform_mirrors": {
            "enrollments": _rows(
                EnrollmentMirror.objects.filter(user_id=user_id),
                ("course_key", "mode", "is_active", "changed_at"),
            ),
            "cohorts": _rows(
                CohortMembershipMirror.objects.filter(user_id=user_id),
                ("course_key", "cohort_name", "changed_at"),
            ),
            "grades": _rows(
                GradeSummaryMirror.objects.filter(user_id=user_id),
                ("course_key", "percent", "letter_grade", "passed", "grade_changed_at", "passed_changed_at"),
            ),
            "certificates": _rows(
                CertificateMirror.objects.filter(user_id=user_id),
                ("course_key", "mode", "status", "revoked", "changed_at"),
            ),
            "roles": _rows(
                CourseAccessRoleMirror.objects.filter(user_id=user_id),
                ("org", "course_key", "role", "active", "changed_at"),
            ),
        },
    }


def _certificate(claim: Claim) -> dict[str, Any] | None:
    """The claim's current certificate, with the codes of those it replaced (reissues), oldest first."""
    certificates = list(claim.certificates.order_by("reissue_number"))
    if not certificates:
        return None
    current = _rows(certificates[-1:], ("code", "issued_at", "revoked_at", "learner_name"))[0]
    return {**current, "replaced": [certificate.code for certificate in certificates[:-1]]}
