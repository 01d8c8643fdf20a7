"""Domain exceptions.

Every exception carries a user-facing, translated message and the HTTP status an edge
(REST view, XBlock handler) answers with. Edges map them in one place:
``attendance_app.rest_api.v1.exception_handler`` for REST and ``AttendanceXBlock`` for handlers.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _


class AttendanceError(Exception):
    """Base class of every error the app raises on purpose."""

    status_code = 400
    code = "attendance_error"
    default_message = _("The request could not be completed.")

    def __init__(self, message: Any = None, *, field_errors: dict[str, list[str]] | None = None) -> None:
        self.message = str(message if message is not None else self.default_message)
        self.field_errors = {
            name: [str(error) for error in errors] for name, errors in (field_errors or {}).items()
        }
        super().__init__(self.message)

    def as_dict(self) -> dict[str, Any]:
        """The JSON body an edge sends for this error."""
        body: dict[str, Any] = {"error": self.code, "message": self.message}
        if self.field_errors:
            body["field_errors"] = self.field_errors
        return body


class InvalidInput(AttendanceError):
    """The input is malformed or out of range; nothing was changed."""

    code = "invalid_input"
    default_message = _("Some values are not valid.")


class NotAuthorized(AttendanceError):
    """The user may not do this."""

    status_code = 403
    code = "not_authorized"
    default_message = _("You do not have permission to do this.")


class NotFound(AttendanceError):
    """The object does not exist, or the user may not know that it does."""

    status_code = 404
    code = "not_found"
    default_message = _("Not found.")


class Conflict(AttendanceError):
    """The request conflicts with the current state (for example a duplicate)."""

    status_code = 409
    code = "conflict"
    default_message = _("This conflicts with existing data.")


class FeatureDisabled(AttendanceError):
    """Attendance tracking is switched off where this was asked."""

    status_code = 403
    code = "feature_disabled"
    default_message = _("Attendance tracking is not enabled for this course.")


class PayloadTooLarge(AttendanceError):
    """The request body is larger than the endpoint accepts; it was not read."""

    status_code = 413
    code = "payload_too_large"
    default_message = _("The request is too large.")


class BadSignature(AttendanceError):
    """A server-to-server call is not signed with the current secret, or not recently."""

    status_code = 401
    code = "bad_signature"
    default_message = _("The callback signature is missing or wrong.")


class ServiceBusy(AttendanceError):
    """The database was busy with another write for too long (SQLite's "database is locked")."""

    status_code = 503
    code = "busy"
    default_message = _("The server is busy with other requests; nothing was saved. Try again in a moment.")
    # Seconds a client waits before retrying (the Retry-After header).
    retry_after = 2


def busy_database(error: BaseException) -> ServiceBusy | None:
    """A :class:`ServiceBusy` when ``error`` is SQLite's lock timeout, else None.

    Only SQLite (the demo) locks the whole database; MySQL's lock waits are its own errors.
    """
    from django.db import OperationalError

    if isinstance(error, OperationalError) and "locked" in str(error):
        return ServiceBusy()
    return None
