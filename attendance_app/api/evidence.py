"""Per-learner presence evidence of an activity, for its course team (prompts, visits, totals)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from opaque_keys.edx.keys import UsageKey

from attendance_app import permissions
from attendance_app.credit.units import format_hms
from attendance_app.exceptions import NotAuthorized, NotFound
from attendance_app.models import Activity, Attendance, PromptEvidence, Segment


def _iso(moment: Any) -> str | None:
    return moment.isoformat() if moment else None


def activity_evidence(
    actor_id: int | None, usage_key: UsageKey, user_id: int | None = None
) -> list[dict[str, Any]]:
    """Every learner's (or one learner's) visits, prompts and totals, in a constant number of queries.

    Raises:
        NotAuthorized: not on the course team. NotFound: no such activity.
    """
    if not permissions.can_author_course(actor_id, usage_key.course_key):
        raise NotAuthorized(_("Only the course team can see attendance evidence."))
    activity = Activity.objects.filter(usage_key=usage_key).first()
    if activity is None:
        raise NotFound(_("No attendance activity at this address."))
    attendances = (
        Attendance.objects.filter(activity=activity)
        .select_related("user")
        .prefetch_related(
            Prefetch("segments", queryset=Segment.objects.order_by("started_at")),
            Prefetch("prompts", queryset=PromptEvidence.objects.order_by("shown_at")),
        )
        .order_by("user__username")
    )
    if user_id is not None:
        attendances = attendances.filter(user_id=user_id)
    return [_learner(attendance) for attendance in attendances]


def _learner(attendance: Attendance) -> dict[str, Any]:
    closed = [
        {"started_at": _iso(segment.started_at), "ended_at": _iso(segment.ended_at)}
        for segment in attendance.segments.all()
    ]
    current = {"started_at": _iso(attendance.segment_started_at), "ended_at": _iso(attendance.last_beat_at)}
    return {
        "user_id": attendance.user_id,
        "username": attendance.user.username,
        "name": attendance.user.get_full_name() or attendance.user.username,
        "first_join": _iso(attendance.first_join_at),
        "last_leave": _iso(attendance.last_beat_at),
        "total_time": format_hms(attendance.credited_seconds),
        "confirmed_time": format_hms(attendance.confirmed_seconds),
        "credited_seconds": round(attendance.credited_seconds, 3),
        "confirmed_seconds": round(attendance.confirmed_seconds, 3),
        "flagged_seconds": round(attendance.flagged_seconds, 3),
        "hits": attendance.hits,
        "misses": attendance.misses,
        "rejoins": attendance.rejoins,
        "video_seconds": round(attendance.video_seconds, 3),
        "viewed_to_end": attendance.viewed_to_end,
        "segments": [*closed, current],
        "prompts": [
            {
                "shown_at": _iso(prompt.shown_at),
                "deadline": _iso(prompt.deadline),
                "outcome": prompt.outcome,
                "answered_at": _iso(prompt.answered_at),
                "latency_ms": prompt.latency_ms,
                "discarded_seconds": round(prompt.discarded_seconds, 3),
                "flagged_seconds": round(prompt.flagged_seconds, 3),
            }
            for prompt in attendance.prompts.all()
        ],
    }
