"""Emails of the classroom, sent through Django's mail API from translated templates."""

from __future__ import annotations

import logging
import smtplib
from datetime import UTC

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation

from attendance_app.api.classroom import access
from attendance_app.models import Slot
from attendance_app.platform import get_backend

log = logging.getLogger(__name__)


def send_promotion_email(slot: Slot, user_id: int) -> bool:
    """Tell a learner taken off the waiting list that they have a seat; False without an address.

    Times are shown in UTC: the platform does not tell the app the learner's time zone here.
    """
    info = get_backend().get_users([user_id]).get(user_id)
    if info is None or not info.email:
        return False
    course = get_backend().get_course(access.course_of(slot.activity))
    context = {
        "slot": slot,
        "name": info.full_name,
        "course": course.display_name if course else str(access.course_of(slot.activity)),
    }
    with translation.override(settings.LANGUAGE_CODE), timezone.override(UTC):
        subject = render_to_string("attendance_app/classroom/email/promoted_subject.txt", context)
        body = render_to_string("attendance_app/classroom/email/promoted_body.txt", context)
    return deliver(" ".join(subject.split()), body, [info.email])


def deliver(subject: str, body: str, recipients: list[str]) -> bool:
    """Send an email; a mail server that is down is logged, never an error for the learner's request."""
    try:
        send_mail(subject, body, None, recipients)
    except (OSError, smtplib.SMTPException):
        log.warning(
            "Could not send the classroom email %r to %d recipients", subject, len(recipients), exc_info=True
        )
        return False
    return True
