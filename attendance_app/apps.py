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

_URLS = {PluginURLs.NAMESPACE: "attendance_app", PluginURLs.REGEX: r"^", PluginURLs.RELATIVE_PATH: "urls"}
_SETTINGS = {
    COMMON: {PluginSettings.RELATIVE_PATH: "settings.common"},
    PRODUCTION: {PluginSettings.RELATIVE_PATH: "settings.production"},
}
_SIGNALS = {PluginSignals.RELATIVE_PATH: "receivers", PluginSignals.RECEIVERS: []}


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
        # Registers the system checks and the openedx-events receivers.
        from attendance_app import checks, receivers  # noqa: F401
        from attendance_app.xapi.registration import register_transformers

        # xAPI statements of our tracking events, for Aspects, when event-routing-backends is installed.
        register_transformers()
