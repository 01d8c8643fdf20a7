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
    """The database was busy with other writes for too long: nothing was saved, try again.

    SQLite's "database is locked" (the demo), or MySQL's deadlock or lock wait timeout once
    :func:`attendance_app.db_retry.retry_on_deadlock` has run out of attempts.
    """

    status_code = 503
    code = "busy"
    default_message = _("The server is busy with other requests; nothing was saved. Try again in a moment.")
    # Seconds a client waits before retrying (the Retry-After header).
    retry_after = 2


class DatabaseUnavailable(ServiceBusy):
    """The connection to the database was lost in the middle of a request; it was rolled back."""

    code = "database_unavailable"
    default_message = _("The database could not be reached; nothing was saved. Try again in a moment.")
    retry_after = 5


class QueueUnavailable(ServiceBusy):
    """The task queue (the Celery broker) did not take a task: the work was not started."""

    code = "queue_unavailable"
    default_message = _(
        "The report queue cannot be reached, so this report was not started. "
        "Try again later, or download it now."
    )
    retry_after = 30


# MySQL/MariaDB client and server errors of a connection that is gone: server has gone away, lost
# connection during a query, cannot connect (socket, TCP), connection killed, idle timeout.
_CONNECTION_LOST_CODES = frozenset({2002, 2003, 2006, 2013, 1927, 4031})


def busy_database(error: BaseException) -> ServiceBusy | None:
    """A 503 error for a database that is busy or gone, else None.

    A :class:`ServiceBusy` for SQLite's lock timeout and for MySQL's deadlock (1213) or lock wait
    timeout (1205); a :class:`DatabaseUnavailable` for a lost MySQL connection.
    """
    from django.db import InterfaceError, OperationalError

    from attendance_app.db_retry import RETRIED_CODES, mysql_error_code

    if isinstance(error, InterfaceError):  # a connection Django already knows is closed
        return DatabaseUnavailable()
    if not isinstance(error, OperationalError):
        return None
    code = mysql_error_code(error)
    if code in RETRIED_CODES or (code is None and "locked" in str(error)):
        return ServiceBusy()
    if code in _CONNECTION_LOST_CODES:
        return DatabaseUnavailable()
    return None
