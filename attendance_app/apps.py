"""Django app configuration and Open edX plugin registration."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from edx_django_utils.plugins.constants import PluginSettings, PluginSignals, PluginURLs

# The project and settings type names edx-platform uses for plugin apps
# (openedx.core.djangoapps.plugins.constants); spelled here so that importing
# this module never needs edx-platform.
LMS = "lms.djangoapp"
CMS = "cms.djangoapp"
COMMON = "common"
PRODUCTION = "production"

_LEARNING = "openedx_events.learning.signals."
_AUTHORING = "openedx_events.content_authoring.signals."
#: (signal path, receiver function name) of every openedx-events receiver.
OPENEDX_EVENT_RECEIVERS: tuple[tuple[str, str], ...] = (
    (_LEARNING + "COURSE_ENROLLMENT_CREATED", "mirror_enrollment"),
    (_LEARNING + "COURSE_ENROLLMENT_CHANGED", "mirror_enrollment"),
    (_LEARNING + "COURSE_UNENROLLMENT_COMPLETED", "mirror_unenrollment"),
    (_LEARNING + "COHORT_MEMBERSHIP_CHANGED", "mirror_cohort_membership"),
    (_LEARNING + "PERSISTENT_GRADE_SUMMARY_CHANGED", "mirror_grade_summary"),
    (_LEARNING + "COURSE_PASSING_STATUS_UPDATED", "mirror_passing_status"),
    (_LEARNING + "CERTIFICATE_CREATED", "mirror_certificate"),
    (_LEARNING + "CERTIFICATE_CHANGED", "mirror_certificate"),
    (_LEARNING + "CERTIFICATE_REVOKED", "mirror_certificate_revoked"),
    (_LEARNING + "COURSE_ACCESS_ROLE_ADDED", "mirror_role_added"),
    (_LEARNING + "COURSE_ACCESS_ROLE_REMOVED", "mirror_role_removed"),
    (_AUTHORING + "XBLOCK_PUBLISHED", "mirror_published_block"),
    (_AUTHORING + "XBLOCK_DELETED", "archive_deleted_activity"),
)


def dispatch_uid(signal_path: str, function_name: str) -> str:
    """The dispatch uid of a receiver, the same wherever it is connected (so it is connected once)."""
    return f"attendance_app.{function_name}.{signal_path.rsplit('.', 1)[-1]}"


def _receiver_config(signal_path: str, function_name: str) -> dict[str, str]:
    return {
        PluginSignals.RECEIVER_FUNC_NAME: function_name,
        PluginSignals.SIGNAL_PATH: signal_path,
        PluginSignals.DISPATCH_UID: dispatch_uid(signal_path, function_name),
    }


_URLS = {PluginURLs.NAMESPACE: "attendance_app", PluginURLs.REGEX: r"^", PluginURLs.RELATIVE_PATH: "urls"}
_SETTINGS = {
    COMMON: {PluginSettings.RELATIVE_PATH: "settings.common"},
    PRODUCTION: {PluginSettings.RELATIVE_PATH: "settings.production"},
}
_SIGNALS = {
    PluginSignals.RELATIVE_PATH: "receivers",
    PluginSignals.RECEIVERS: [_receiver_config(*receiver) for receiver in OPENEDX_EVENT_RECEIVERS],
}


class AttendanceAppConfig(AppConfig):
    """Attendance & Credits app, installed in the LMS and in Studio."""

    name = "attendance_app"
    label = "attendance_app"
    verbose_name = _("Attendance & Credits")
    default_auto_field = "django.db.models.BigAutoField"

    plugin_app = {
        PluginURLs.CONFIG: {LMS: dict(_URLS), CMS: dict(_URLS)},
        PluginSettings.CONFIG: {LMS: dict(_SETTINGS), CMS: dict(_SETTINGS)},
        PluginSignals.CONFIG: {LMS: dict(_SIGNALS), CMS: dict(_SIGNALS)},
    }

    def ready(self) -> None:
        # Registers the system checks; connects the openedx-events receivers (edx-platform connects
        # the same ones from the plugin config: same dispatch uids, so once) and, where edx-platform
        # is installed, the retirement receivers.
        from attendance_app import checks, receivers  # noqa: F401
        from attendance_app.xapi.registration import register_transformers

        receivers.connect_receivers()
        receivers.connect_retirement_receivers()
        # xAPI statements of our tracking events, for Aspects, when event-routing-backends is installed.
        register_transformers()
