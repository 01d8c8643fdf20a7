"""The public Python surface of the app.

The XBlock, the REST views, Celery tasks, management commands and reports call these
functions and nothing else of the app. Each documents the exceptions it raises
(subclasses of :class:`attendance_app.exceptions.AttendanceError`).

The learner's and the marker's hot writes (beat, answer, claim) are run again here when MySQL
chose them as a deadlock victim (:func:`attendance_app.db_retry.retry_on_deadlock`, ADR 0028).
"""

from attendance_app.api import claims as _claims
from attendance_app.api import presence as _presence
from attendance_app.api.activities import (
    ActivitySettings,
    archive_activity,
    configure_activity,
    get_activity_settings,
    parse_course_key,
    parse_usage_key,
)
from attendance_app.api.activity_log import courseware_path, log_activity
from attendance_app.api.certificate_lifecycle import (
    course_certificates,
    reissue_certificate,
    revoke_certificate,
)
from attendance_app.api.certificate_verification import check_pdf, parse_code, public_answer, verify
from attendance_app.api.certificates import (
    certificate_for,
    claimed_certificates,
    get_certificate_settings,
    render_certificate_pdf,
    set_certificate_settings,
)
from attendance_app.api.claims import claim_status, credit_totals, my_credits
from attendance_app.api.classroom.automark import automark_closed_slots
from attendance_app.api.classroom.low_attendance import send_low_attendance_warnings
from attendance_app.api.evidence import activity_evidence
from attendance_app.api.external import external_claim_url, receive_callback
from attendance_app.api.presence import (
    get_accommodation,
    read_token,
    set_accommodation,
    set_own_accommodation,
    start_presence,
)
from attendance_app.api.revocation import revoke_claim
from attendance_app.api.rules import RuleView, add_rule, list_rules, quiz_choices, remove_rule, update_rule
from attendance_app.api.switches import (
    SwitchState,
    course_switch_state,
    is_enabled,
    org_switch,
    set_course_switch,
    set_org_switch,
    set_site_switch,
    site_switch,
    switch_state,
)
from attendance_app.api.units import (
    PLACEHOLDERS,
    UNIT_TEMPLATES,
    archive_unit,
    create_unit,
    delete_unit,
    format_duration,
    get_unit,
    list_units,
    parse_org,
    rotate_secret,
    update_unit,
    validate_unit_fields,
)
from attendance_app.db_retry import retry_on_deadlock

record_beat = retry_on_deadlock(_presence.record_beat)
record_signed_beat = retry_on_deadlock(_presence.record_signed_beat)
answer_prompt = retry_on_deadlock(_presence.answer_prompt)
claim_credits = retry_on_deadlock(_claims.claim_credits)

__all__ = [
    "PLACEHOLDERS",
    "UNIT_TEMPLATES",
    "ActivitySettings",
    "RuleView",
    "SwitchState",
    "activity_evidence",
    "add_rule",
    "answer_prompt",
    "archive_activity",
    "archive_unit",
    "automark_closed_slots",
    "certificate_for",
    "check_pdf",
    "claim_credits",
    "claim_status",
    "claimed_certificates",
    "configure_activity",
    "course_certificates",
    "course_switch_state",
    "courseware_path",
    "create_unit",
    "credit_totals",
    "delete_unit",
    "external_claim_url",
    "format_duration",
    "get_accommodation",
    "get_activity_settings",
    "get_certificate_settings",
    "get_unit",
    "is_enabled",
    "list_rules",
    "list_units",
    "log_activity",
    "my_credits",
    "org_switch",
    "parse_code",
    "parse_course_key",
    "parse_org",
    "parse_usage_key",
    "public_answer",
    "quiz_choices",
    "read_token",
    "receive_callback",
    "record_beat",
    "record_signed_beat",
    "reissue_certificate",
    "remove_rule",
    "render_certificate_pdf",
    "revoke_certificate",
    "revoke_claim",
    "rotate_secret",
    "send_low_attendance_warnings",
    "set_accommodation",
    "set_certificate_settings",
    "set_course_switch",
    "set_org_switch",
    "set_own_accommodation",
    "set_site_switch",
    "site_switch",
    "start_presence",
    "switch_state",
    "update_rule",
    "update_unit",
    "validate_unit_fields",
    "verify",
]
