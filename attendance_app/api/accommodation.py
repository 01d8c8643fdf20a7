"""Longer response times for presence prompts (WCAG 2.2.1 Timing Adjustable, DESIGN section 6).

The learner sets their own, without asking anyone; the course team may set it for their learners.
"""

from __future__ import annotations

import math
from typing import Any

from django.utils.translation import gettext as _

from attendance_app import permissions
from attendance_app.api.presence_tokens import issue_token, read_token
from attendance_app.credit.prompts import MAX_EXTENSION_FACTOR
from attendance_app.exceptions import InvalidInput, NotAuthorized
from attendance_app.models import TimingAccommodation


def _factor(raw: object) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
        raise InvalidInput(
            _("Some values are not valid; nothing was saved."),
            field_errors={"extension_factor": [_("Enter a number from 1 to 10.")]},
        )
    if not 1 <= raw <= MAX_EXTENSION_FACTOR:
        raise InvalidInput(
            _("Some values are not valid; nothing was saved."),
            field_errors={"extension_factor": [_("Enter a number from 1 to 10.")]},
        )
    return round(float(raw), 2)


def set_own_accommodation(user_id: int | None, factor: object, token: object = None) -> dict[str, Any]:
    """A learner gives themselves more time to answer prompts (WCAG 2.2.1, no one to ask).

    With the page's ``token``, the reply carries a new token so the page's next prompts use it at once.

    Raises:
        NotAuthorized: anonymous, or a token that is not the learner's. InvalidInput: not 1 to 10.
    """
    if user_id is None:
        raise NotAuthorized()
    claims = read_token(token, user_id) if token is not None else None
    value = set_accommodation(user_id, user_id, factor)
    reply: dict[str, Any] = {"extension_factor": value}
    if claims is not None:
        reply["token"] = issue_token(
            user_id, claims.activity_id, value, issued_at=claims.issued_at, course_key=claims.course_key
        )
    return reply


def get_accommodation(user_id: int | None) -> float:
    """The learner's prompt-time multiplier (1 when none was set)."""
    if user_id is None:
        raise NotAuthorized()
    value = (
        TimingAccommodation.objects.filter(user_id=user_id).values_list("extension_factor", flat=True).first()
    )
    return float(value or 1)


def set_accommodation(actor_id: int | None, user_id: int, factor: object, course_key: Any = None) -> float:
    """Give a learner more time to answer prompts: themselves, or the course team for its learners.

    Raises:
        NotAuthorized: someone else's, without being on the team of a course they take.
        InvalidInput: not a number from 1 to 10.
    """
    if actor_id is None:
        raise NotAuthorized()
    if actor_id != user_id and not (
        course_key is not None
        and permissions.can_author_course(actor_id, course_key)
        and permissions.can_view_course_activity(user_id, course_key)
    ):
        raise NotAuthorized(_("Only the learner or their course team can change this."))
    value = _factor(factor)
    TimingAccommodation.objects.update_or_create(
        user_id=user_id, defaults={"extension_factor": value, "set_by_id": actor_id}
    )
    return value
