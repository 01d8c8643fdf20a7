"""Emails of the classroom, sent through Django's mail API from translated templates.

They are sent outside the recipient's request (a Celery task, another learner's unregistration),
so each is written in the language and shows times in the time zone of the recipient's account
(the platform seam's ``user_language`` and ``user_time_zone``), else the site's ``LANGUAGE_CODE``
and UTC.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation

from attendance_app.api.classroom import access
from attendance_app.models import Slot
from attendance_app.platform import get_backend

log = logging.getLogger(__name__)


def send_promotion_email(slot: Slot, user_id: int) -> bool:
    """Tell a learner taken off the waiting list that they have a seat; False without an address."""
    info = get_backend().get_users([user_id]).get(user_id)
    if info is None or not info.email:
        return False
    course = get_backend().get_course(access.course_of(slot.activity))
    context = {
        "slot": slot,
        "name": info.full_name,
        "course": course.display_name if course else str(access.course_of(slot.activity)),
    }
    with in_locale_of(user_id) as zone_name:
        context["zone"] = zone_name
        subject = render_to_string("attendance_app/classroom/email/promoted_subject.txt", context)
        body = render_to_string("attendance_app/classroom/email/promoted_body.txt", context)
    return deliver(" ".join(subject.split()), body, [info.email])


@contextmanager
def in_locale_of(user_id: int) -> Iterator[str]:
    """Render in the user's language and time zone; yields the zone's name (``Europe/Paris``, ``UTC``)."""
    backend = get_backend()
    zone = _zone(backend.user_time_zone(user_id))
    with translation.override(_language(backend.user_language(user_id))), timezone.override(zone):
        yield str(zone)


def _language(code: str | None) -> str:
    """The site's variant of ``code`` (``fr-ca`` without its own translation is ``fr``), else the default."""
    if code:
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            pass
    return str(settings.LANGUAGE_CODE)


def _zone(name: str | None) -> tzinfo:
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            log.info("Unknown time zone %r in a user's account; emails show UTC", name)
    return UTC


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
